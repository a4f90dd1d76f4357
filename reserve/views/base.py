"""What the reserve pages share: the office's right to act, and calling a service from a form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from liuyang.forms import add_service_errors
from liuyang.policies import policy_for


def require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))


def can_manage(user, model):
    """Whether the user may act on the pool, rounds or plan (the office; checked again by the service)."""
    return policy_for(model).can_add(user)


def run_service(form, call):
    """Call a service; a ValidationError goes onto the form (returns None), PermissionDenied propagates."""
    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def done(request, message, url):
    messages.success(request, message)
    return HttpResponseRedirect(url)
