"""Roles are Django groups with these exact names (created by migration 0002)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    KEY_OFFICE = "key_office", _("市重点办")
    CITY_LEADER = "city_leader", _("市级领导")
    TASK_FORCE_STAFF = "task_force_staff", _("专班成员")
    DEPARTMENT_STAFF = "department_staff", _("部门经办人")
    INVESTMENT_TEAM = "investment_team", _("招商小分队")
    SERVICE_COMMISSIONER = "service_commissioner", _("项目服务专员")


ALL_ROLES = frozenset(Role.values)


def user_roles(user):
    """The set of role names a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(name for name in user.groups.values_list("name", flat=True) if name in ALL_ROLES)
        user._role_cache = cached
    return cached


def has_role(user, *roles):
    return bool(user_roles(user) & set(roles))
