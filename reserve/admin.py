from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin, ReadOnlyAdmin, ReadOnlyAdminMixin

from .models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationCriterion,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
)


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """Criteria and weights are data: the office maintains them here."""

    list_display = ["name", "weight", "max_score", "sort_order", "is_active"]
    list_editable = ["weight", "max_score", "sort_order", "is_active"]


@admin.register(ReserveEntry)
class ReserveEntryAdmin(ReadOnlyAdmin):
    list_display = ["project", "tier", "status", "responsible_unit", "entered_on", "last_evaluated_on"]
    list_filter = ["tier", "status"]
    search_fields = ["project__code", "project__name"]
    list_select_related = ["project", "responsible_unit"]


@admin.register(ReserveMove)
class ReserveMoveAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["entry", "kind", "from_tier", "to_tier", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["entry__project", "actor"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "plan_year", "opened_on", "status"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "title"]


@admin.register(AnnualPlanItem)
class AnnualPlanItemAdmin(ReadOnlyAdmin):
    list_display = ["plan", "project", "category", "planned_investment", "source"]
    list_filter = ["plan", "category", "source"]
    list_select_related = ["plan", "project"]
