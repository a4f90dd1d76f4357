from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin, ReadOnlyAdmin

from .models import (
    ApprovalCase,
    ApprovalItem,
    ApprovalStage,
    ApprovalTask,
    DishonestApplicant,
    ItemMaterial,
    WorkdayOverride,
)


@admin.register(ApprovalStage)
class ApprovalStageAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "number", "time_limit", "lead_unit", "sort_order"]
    list_select_related = ["lead_unit"]
    autocomplete_fields = ["lead_unit"]


class ItemMaterialInline(PolicyAdminMixin, admin.TabularInline):
    model = ItemMaterial
    extra = 1
    fields = ["name", "kind", "may_supply_later", "is_official_document", "sort_order"]


@admin.register(ApprovalItem)
class ApprovalItemAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """The office keeps the catalogue: items, limits, and each item's materials."""

    list_display = [
        "name",
        "code",
        "stage",
        "department",
        "statutory_limit",
        "promised_limit",
        "promise_system",
        "is_milestone",
        "is_active",
    ]
    list_filter = ["stage", "promise_system", "is_milestone", "is_active"]
    list_select_related = ["stage", "department"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["department"]
    inlines = [ItemMaterialInline]


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """Holidays and make-up working days for years the chinese-calendar package does not know yet."""

    list_display = ["date", "is_working_day", "name", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name", "note"]


@admin.register(DishonestApplicant)
class DishonestApplicantAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "reason", "listed_on", "lifted_on"]
    search_fields = ["name", "credit_code"]


@admin.register(ApprovalCase)
class ApprovalCaseAdmin(ReadOnlyAdmin):
    list_display = ["code", "project", "stage", "intake_outcome", "status", "accepted_on", "concluded_on"]
    list_filter = ["status", "intake_outcome", "stage"]
    list_select_related = ["project", "stage"]
    search_fields = ["code", "project__name", "applicant_name"]


@admin.register(ApprovalTask)
class ApprovalTaskAdmin(ReadOnlyAdmin):
    list_display = ["case", "item", "department", "status", "due_date", "concluded_on"]
    list_filter = ["status", "department"]
    list_select_related = ["case__project", "item", "department"]
    search_fields = ["case__code", "item__name"]
