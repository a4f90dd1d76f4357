from django.contrib import admin

from liuyang.admin import PolicyAdminMixin, ReadOnlyAdminMixin

from .models import TaskRun


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, admin.ModelAdmin):
    """Background runs and their failures, for the office."""

    list_display = ["name", "started_at", "finished_at", "status", "attempt"]
    list_filter = ["status", "name"]
    readonly_fields = ["name", "started_at", "finished_at", "status", "summary", "error", "attempt"]
