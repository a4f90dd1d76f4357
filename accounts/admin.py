from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin

from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "code", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(PolicyAdminMixin, BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "unit", "title", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "unit__kind"]
    search_fields = ["username", "full_name", "phone"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("单位与职务"), {"fields": ("full_name", "unit", "title", "phone")}),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # The office manages people and roles, but cannot hand out superuser
            # or raw Django permissions (which would bypass the policies).
            readonly += ["is_superuser", "user_permissions"]
        return readonly
