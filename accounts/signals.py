"""Security audit records for sign-in, sign-out, roles and passwords, and the retention guard.

Every historical record (django-simple-history) and every ``SecurityEvent`` is
kept at least ``AUDIT_RETENTION_DAYS``: deleting a younger one, by any path
that goes through the ORM (``clean_old_history``, a shell, a future purge),
raises ``PermissionDenied`` and the transaction is rolled back.
"""

import time
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, lockout
from .models import SecurityEvent, SecurityEventKind, User


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(User.USERNAME_FIELD) or credentials.get("username")
    if username:
        lockout.record_failure(username, request)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    lockout.reset(user.get_username())
    audit.record(SecurityEventKind.LOGIN, user.get_username(), request, actor=user.get_username())
    session = getattr(request, "session", None)
    if session is not None:
        # Signing in is activity: the idle clock starts now (and the first page need not write the session).
        from liuyang.security import LAST_ACTIVITY_KEY

        session[LAST_ACTIVITY_KEY] = time.time()


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    kind = (
        SecurityEventKind.IDLE_TIMEOUT
        if getattr(request, "_idle_timeout", False)
        else SecurityEventKind.LOGOUT
    )
    audit.record(kind, user.get_username(), request, actor=user.get_username())


def _current_request():
    """The request being served, if any (django-simple-history's middleware keeps it)."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


@receiver(post_save, sender=User)
def _password_changed(sender, instance, created, **kwargs):
    if getattr(instance, "_password", None) is not None and not created:
        # set_password() keeps the raw password in ``_password`` until the save.
        audit.record(SecurityEventKind.PASSWORD_CHANGED, instance.get_username(), _current_request())


@receiver(m2m_changed, sender=User.groups.through)
def _roles_changed(sender, instance, action, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(instance, User):
        return
    from django.contrib.auth.models import Group

    names = sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    verb = {"post_add": "+", "post_remove": "-", "post_clear": "-*"}[action]
    audit.record(
        SecurityEventKind.ROLES_CHANGED,
        instance.get_username(),
        request=_current_request(),
        detail=f"{verb} {', '.join(names)}",
    )


def _guard_retention(sender, instance, **kwargs):
    stamp = getattr(instance, "history_date", None) or getattr(instance, "created_at", None)
    if stamp is None:
        return
    if stamp > timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS):
        raise PermissionDenied(
            _("审计与变更记录须保存至少 %(days)d 天，不能删除。") % {"days": settings.AUDIT_RETENTION_DAYS}
        )


def connect_retention_guard():
    """Connect the guard to every historical model and to the security log (called from ready())."""
    from simple_history.models import HistoricalChanges

    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) or model is SecurityEvent:
            pre_delete.connect(_guard_retention, sender=model, dispatch_uid=f"retention-{model._meta.label}")
