from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin, ReadOnlyAdmin

from .models import AssessmentPeriod, Indicator, IndicatorScheme, ProjectAssessment, ProjectIncident


class IndicatorInline(PolicyAdminMixin, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["sort_order", "code", "name", "weight", "rule", "params", "source", "metric", "unit_label"]


@admin.register(IndicatorScheme)
class IndicatorSchemeAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """The office keeps the indicator schemes here: weights, rules and their parameters are data."""

    list_display = ["name", "project_type", "veto_score"]
    inlines = [IndicatorInline]


@admin.register(ProjectIncident)
class ProjectIncidentAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["project", "severity", "occurred_on", "recorded_by"]
    list_filter = ["severity"]
    list_select_related = ["project", "recorded_by"]
    autocomplete_fields = ["project"]


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "year", "status", "computed_at", "closed_at", "published_at"]


@admin.register(ProjectAssessment)
class ProjectAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["period", "rank", "project", "responsible_unit", "score", "grade", "outcome"]
    list_filter = ["period", "grade", "outcome"]
    list_select_related = ["period", "project", "responsible_unit"]
