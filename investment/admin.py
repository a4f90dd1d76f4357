from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liuyang.admin import PolicyAdminMixin, ReadOnlyAdmin

from .models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
)


class ChainLinkInline(PolicyAdminMixin, admin.TabularInline):
    model = ChainLink
    extra = 1
    fields = ["name", "position", "status", "local_enterprises", "sort_order"]


@admin.register(IndustryChain)
class IndustryChainAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """The office keeps the industry map: chains and their links, marked strength / weak / missing."""

    list_display = ["name", "industry", "sort_order"]
    list_select_related = ["industry"]
    search_fields = ["name"]
    inlines = [ChainLinkInline]


@admin.register(InvestmentTeam)
class InvestmentTeamAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "leader", "focus"]
    list_select_related = ["leader"]
    filter_horizontal = ["members"]
    search_fields = ["name"]


class FundInvestmentInline(PolicyAdminMixin, admin.TabularInline):
    model = FundInvestment
    extra = 1
    fields = ["company", "amount", "invested_on", "status", "board", "listed_on", "exited_on", "note"]


@admin.register(Fund)
class FundAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "size", "government_amount", "committed", "paid_in", "partner"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    filter_horizontal = ["focus_industries"]
    search_fields = ["name", "partner"]
    inlines = [FundInvestmentInline]


@admin.register(InvestmentLead)
class InvestmentLeadAdmin(ReadOnlyAdmin):
    """Leads move through investment.services.leads (journalled); the admin only shows them."""

    list_display = [
        "company",
        "project_name",
        "stage",
        "team",
        "owner",
        "intended_investment",
        "next_step_due",
    ]
    list_filter = ["stage", "mode", "region", "team"]
    list_select_related = ["team", "owner"]
    search_fields = ["company", "project_name"]


@admin.register(ElementRequest)
class ElementRequestAdmin(ReadOnlyAdmin):
    list_display = ["project", "kind", "title", "responsible_unit", "deadline", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["project", "responsible_unit"]
    search_fields = ["title", "project__name"]
