from django.contrib import admin

from liuyang.admin import PolicyAdminMixin

from .models import TaskRun


@admin.register(TaskRun)
class TaskRunAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Background runs and their failures, for the office."""

    list_display = ["name", "started_at", "finished_at", "status", "attempt"]
    list_filter = ["status", "name"]
    readonly_fields = ["name", "started_at", "finished_at", "status", "summary", "error", "attempt"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
