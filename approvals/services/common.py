"""Helpers every approvals service shares."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import TaskMove


def require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))


def now_and_today(at=None):
    """The moment of an action and its local date (Asia/Shanghai)."""
    at = at or timezone.now()
    return at, timezone.localdate(at)


def record_move(task, kind, from_status, actor, at, note=""):
    return TaskMove.objects.create(
        task=task, kind=kind, from_status=from_status, to_status=task.status, actor=actor, at=at, note=note
    )
