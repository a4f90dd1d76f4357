from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin

from .models import Industry, Project, TaskForce, TaskForceMember


@admin.register(Industry)
class IndustryAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]


class TaskForceMemberInline(admin.TabularInline):
    model = TaskForceMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "project_type",
        "industry",
        "stage",
        "total_investment",
        "responsible_unit",
        "town",
    ]
    list_filter = ["project_type", "stage", "industry", "town"]
    search_fields = ["code", "name", "owner_enterprise", "responsible_person"]
    list_select_related = ["industry", "responsible_unit", "town"]
    autocomplete_fields = ["responsible_unit", "town", "service_commissioner"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_per_page = 50


@admin.register(TaskForce)
class TaskForceAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "project", "leader"]
    list_select_related = ["project", "leader"]
    search_fields = ["name", "project__name", "project__code"]
    autocomplete_fields = ["project", "leader"]
    inlines = [TaskForceMemberInline]
