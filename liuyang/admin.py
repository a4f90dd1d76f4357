"""Admin integration of the policies: the admin asks the same rules as pages and API."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import AdminRole, has_admin_role

from .policies import policy_for

#: 三员分立: the accounts, settings and catalogues the system administrator (系统管理员) maintains
#: in the admin. Business data stays with the business roles; roles and audit with the other two.
SYSTEM_ADMIN_MODELS = frozenset(
    {"accounts.user", "accounts.unit", "projects.industry", "approvals.workdayoverride"}
)


def system_admin_manages(request, model):
    return bool(
        request.user.is_staff
        and model._meta.label_lower in SYSTEM_ADMIN_MODELS
        and has_admin_role(request.user, AdminRole.SYSTEM)
    )


class PolicyAdminMixin:
    def _policy(self):
        return policy_for(self.model)

    def _system_admin(self, request):
        return system_admin_manages(request, self.model)

    def has_module_permission(self, request):
        if self._system_admin(request):
            return True
        return self._policy().can_view(request.user) and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if self._system_admin(request):
            return True
        return request.user.is_staff and self._policy().can_view(request.user)

    def has_add_permission(self, request, *args):
        if self._system_admin(request):
            return True
        return request.user.is_staff and self._policy().can_add(request.user)

    def has_change_permission(self, request, obj=None):
        if not request.user.is_staff:
            return False
        if self._system_admin(request):
            return True
        policy = self._policy()
        if obj is None:
            return policy.may_change_some(request.user)
        return policy.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_staff and self._policy().can_delete(request.user, obj)

    def get_queryset(self, request):
        if self._system_admin(request):
            return super().get_queryset(request)
        return self._policy().viewable(request.user, super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not self._system_admin(request) and not self._policy().can_change(request.user, obj):
                raise PermissionDenied(_("保存后的记录超出了您的权限范围，未做任何修改。"))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version may be looked at, never saved back (history is read-only; no revert)."""
        if request.method == "POST":
            raise PermissionDenied(_("变更记录只读，不能恢复或修改。"))
        return super().history_form_view(request, object_id, version_id, extra_context)


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


class HistoricalRecordAdmin(admin.ModelAdmin):
    """A model's change history (django-simple-history), read-only, for the audit administrator only.

    No one adds, changes or deletes historical records through the platform —
    not even a superuser; they are kept at least ``AUDIT_RETENTION_DAYS``.
    """

    list_display = [
        "history_date",
        "history_type",
        "history_object_label",
        "history_user",
        "history_change_reason",
    ]
    list_filter = ["history_type"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]
    actions = None

    @admin.display(description=_l("记录"))
    def history_object_label(self, obj):
        try:
            return str(obj.instance)
        except Exception:  # a record whose related rows are gone still lists
            return f"#{obj.pk}"

    def _auditor(self, request):
        user = request.user
        return bool(
            user.is_active and user.is_staff and (user.is_superuser or has_admin_role(user, AdminRole.AUDIT))
        )

    def has_module_permission(self, request):
        return self._auditor(request)

    def has_view_permission(self, request, obj=None):
        return self._auditor(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_history_admins(site=None):
    """Register ``HistoricalRecordAdmin`` for every historical model (called once the apps are loaded)."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    site = site or admin.site
    for model in apps.get_models():
        is_record = issubclass(model, HistoricalChanges) and hasattr(model, "history_date")
        if is_record and not site.is_registered(model):
            site.register(model, HistoricalRecordAdmin)
