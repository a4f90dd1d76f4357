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


class AdminRole(models.TextChoices):
    """三员分立: the three administrator roles (groups created by migration 0004).

    They are kept apart from the business roles above: none of them reads or
    changes business data, and no one of them can both act and erase the trace.
    """

    SYSTEM = "system_admin", _("系统管理员")
    SECURITY = "security_admin", _("安全管理员")
    AUDIT = "audit_admin", _("审计管理员")


ALL_ADMIN_ROLES = frozenset(AdminRole.values)


def admin_roles(user):
    """The set of administrator roles (``AdminRole``) a user holds, cached like ``user_roles``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_admin_role_cache", None)
    if cached is None:
        cached = frozenset(
            name for name in user.groups.values_list("name", flat=True) if name in ALL_ADMIN_ROLES
        )
        user._admin_role_cache = cached
    return cached


def has_admin_role(user, *roles):
    return bool(admin_roles(user) & set(roles))
