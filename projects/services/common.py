from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))
