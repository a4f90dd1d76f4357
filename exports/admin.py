from django.contrib import admin

from liuyang.admin import ReadOnlyAdminMixin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "requested_by", "status", "rows_done", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "requested_by__username", "requested_by__full_name"]
