"""The sign-in form: says when an account is locked, and until when."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import lockout


def locked_message(until):
    return _("该账号因连续登录失败已被锁定，请于 %(time)s 后再试，或联系安全管理员解锁。") % {
        "time": timezone.localtime(until).strftime("%Y-%m-%d %H:%M")
    }


class LockoutAuthenticationForm(AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        until = lockout.locked_until(username) if username else None
        if until:
            raise ValidationError(locked_message(until), code="locked")
        try:
            return super().clean()
        except ValidationError:
            until = lockout.locked_until(username) if username else None
            if until:
                raise ValidationError(locked_message(until), code="locked") from None
            raise


class AdminLockoutAuthenticationForm(LockoutAuthenticationForm, AdminAuthenticationForm):
    """The admin's sign-in form, with the same lock message."""
