"""Notifications are private: each user sees their own. Task runs are for the office."""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import ObjectPolicy, register

from .models import Notification, NotificationPreference, TaskRun


@register
class NotificationPolicy(ObjectPolicy):
    model = Notification
    read_all_roles = frozenset()
    write_all_roles = frozenset()
    add_roles = frozenset()
    delete_roles = frozenset()

    def scope_q(self, user, roles):
        return Q(recipient_id=user.pk)

    def can_view(self, user):
        return bool(user.is_authenticated and user.is_active)


@register
class NotificationPreferencePolicy(NotificationPolicy):
    model = NotificationPreference

    def scope_q(self, user, roles):
        return Q(user_id=user.pk)


@register
class TaskRunPolicy(ObjectPolicy):
    model = TaskRun
    read_roles = frozenset({Role.KEY_OFFICE})
    write_all_roles = frozenset()
    add_roles = frozenset()
    delete_roles = frozenset()
