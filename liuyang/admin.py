"""Admin integration of the policies: the admin asks the same rules as pages and API."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .policies import policy_for


class PolicyAdminMixin:
    def _policy(self):
        return policy_for(self.model)

    def has_module_permission(self, request):
        return self._policy().can_view(request.user) and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and self._policy().can_view(request.user)

    def has_add_permission(self, request, *args):
        return request.user.is_staff and self._policy().can_add(request.user)

    def has_change_permission(self, request, obj=None):
        if not request.user.is_staff:
            return False
        policy = self._policy()
        if obj is None:
            return policy.may_change_some(request.user)
        return policy.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_staff and self._policy().can_delete(request.user, obj)

    def get_queryset(self, request):
        return self._policy().viewable(request.user, super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not self._policy().can_change(request.user, obj):
                raise PermissionDenied(_("保存后的记录超出了您的权限范围，未做任何修改。"))


class ReadOnlyAdminMixin:
    """For records that change only through the platform's actions (reasons, moves, journals recorded)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    pass
