from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin, register_history_admins

from . import lockout
from .forms import AdminLockoutAuthenticationForm
from .models import LoginLock, SecurityEvent, Unit, User
from .roles import ALL_ADMIN_ROLES, AdminRole, has_admin_role

#: What each administrator may edit on a person (三员分立). The business office keeps the profile.
SECURITY_ADMIN_FIELDS = frozenset({"groups", "is_staff", "is_active"})
ROLE_FIELDS = frozenset({"groups", "is_staff", "is_superuser", "user_permissions"})


def is_security_admin(user):
    return bool(user.is_active and user.is_staff and has_admin_role(user, AdminRole.SECURITY))


def is_audit_admin(user):
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or has_admin_role(user, AdminRole.AUDIT))
    )


@admin.register(Unit)
class UnitAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "code", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(PolicyAdminMixin, BaseUserAdmin, SimpleHistoryAdmin):
    """People. 三员分立: the system administrator (and the office) keeps accounts and profiles; only the
    security administrator assigns roles, admin access and passwords; the auditor has no access here."""

    list_display = ["username", "full_name", "unit", "title", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "unit__kind"]
    search_fields = ["username", "full_name", "phone"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("单位与职务"), {"fields": ("full_name", "unit", "title", "phone")}),
    )

    def _security(self, request):
        return is_security_admin(request.user)

    def has_module_permission(self, request):
        return self._security(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._security(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._security(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted, by the administrators (their records name them).
        if has_admin_role(request.user, *ALL_ADMIN_ROLES) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        if self._security(request):
            return admin.ModelAdmin.get_queryset(self, request)
        return super().get_queryset(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = set(super().get_readonly_fields(request, obj))
        user = request.user
        if user.is_superuser:
            return sorted(readonly)
        if obj is None:
            # Adding: username and password (the form's own fields) only; roles come after, from security.
            return sorted(readonly)
        security = self._security(request)
        editable_by_security = SECURITY_ADMIN_FIELDS if security else frozenset()
        if security and not super().has_change_permission(request, obj):
            # The security administrator: roles, admin access and activation; nothing of the profile.
            all_fields = {
                name for _title, spec in self.get_fieldsets(request, obj) for name in spec["fields"]
            }
            readonly |= all_fields - editable_by_security - {"password"}
        # Roles, admin access, superuser and raw permissions: the security administrator's alone.
        readonly |= ROLE_FIELDS - editable_by_security
        readonly.add("is_superuser")
        if obj.pk == user.pk:
            # No one hands themself roles or admin access (nor takes them from themself).
            readonly |= ROLE_FIELDS | {"is_active"}
        return sorted(readonly)

    def save_model(self, request, obj, form, change):
        if self._security(request) and change:
            # Roles and admin access are outside the business policies (get_readonly_fields limits the form).
            SimpleHistoryAdmin.save_model(self, request, obj, form, change)
            return
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or "groups" not in form.base_fields:
            return form

        class OneAdminRoleForm(form):
            def clean_groups(self):
                groups = self.cleaned_data.get("groups")
                names = {group.name for group in groups or ()}
                admin_names = names & ALL_ADMIN_ROLES
                if len(admin_names) > 1:
                    raise forms.ValidationError(
                        _g(
                            "三员分立：系统管理员、安全管理员、审计管理员只能由不同的人担任，一人只能有其中一个角色。"
                        )
                    )
                if admin_names and names - ALL_ADMIN_ROLES:
                    raise forms.ValidationError(_g("三员分立：管理员角色不能与业务角色由同一人兼任。"))
                return groups

        return OneAdminRoleForm

    def user_change_password(self, request, id, form_url=""):
        """Setting someone's password is the security administrator's job (and the superuser's)."""
        if not (request.user.is_superuser or self._security(request)):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log: the audit administrator reads it; no one adds, changes or deletes a record."""

    list_display = ["created_at", "kind", "username", "actor", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "actor", "ip_address"]
    date_hierarchy = "created_at"
    actions = None

    def has_module_permission(self, request):
        return is_audit_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_audit_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("解除所选账号的锁定"))
def unlock_accounts(modeladmin, request, queryset):
    if not (request.user.is_superuser or is_security_admin(request.user)):
        raise PermissionDenied
    names = list(queryset.values_list("username", flat=True))
    for username in names:
        lockout.unlock(username, request)
    modeladmin.message_user(request, _g("已解除 %(n)d 个账号的锁定。") % {"n": len(names)}, messages.SUCCESS)


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Locked sign-ins: the security administrator unlocks them (the unlock is recorded)."""

    list_display = ["username", "failures", "first_failure_at", "locked_until"]
    search_fields = ["username"]
    actions = [unlock_accounts]

    def _allowed(self, request):
        return bool(
            request.user.is_active
            and request.user.is_staff
            and (request.user.is_superuser or is_security_admin(request.user))
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # Django lists actions only for users with some change right; unlocking is its own right here.
        actions = super().get_actions(request)
        return actions if self._allowed(request) else {}


register_history_admins()
admin.site.login_form = AdminLockoutAuthenticationForm
