from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin, ReadOnlyAdmin

from .models import EscalationStep, IssueCategory, LedgerIssue, OverdueFlag, WeeklyDigest


@admin.register(IssueCategory)
class IssueCategoryAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """The office extends the list of issue categories here."""

    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(LedgerIssue)
class LedgerIssueAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "responsible_unit", "level", "status", "deadline", "listed"]
    list_filter = ["status", "level", "listed", "category"]
    list_select_related = ["project", "responsible_unit"]
    search_fields = ["title", "project__name"]


@admin.register(EscalationStep)
class EscalationStepAdmin(ReadOnlyAdmin):
    list_display = ["issue", "from_level", "to_level", "old_deadline", "new_deadline", "at"]
    list_select_related = ["issue"]


@admin.register(OverdueFlag)
class OverdueFlagAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "unit", "due_date", "flagged_on"]
    list_filter = ["kind"]
    list_select_related = ["unit"]


@admin.register(WeeklyDigest)
class WeeklyDigestAdmin(ReadOnlyAdmin):
    list_display = ["task_force", "iso_year", "iso_week", "week_start", "created_at"]
    list_filter = ["iso_year", "iso_week"]
    list_select_related = ["task_force__project"]
