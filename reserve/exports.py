"""The reserve pool's lists as workbooks: exactly the rows and columns of each list for the same filters.

储备项目 (/reserve/entries/), 评估轮次 (/reserve/rounds/) and a year's plan (/reserve/plans/<year>/).
The pool's round-trip workbook in the import template's layout stays at reserve.excel (the office's
"导出当前筛选结果"); these are the lists as the pages show them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, pop_object, register
from exports.xlsx import DATE, INTEGER, MONEY, Column, badge
from projects.choices import ProjectType

from .choices import ENTRY_STATUS_COLOURS, TIER_COLOURS
from .templatetags.reserve_tags import CATEGORY_COLOURS


@register
class EntryListExport(ListExport):
    key = "reserve_entries"
    label = gettext_lazy("储备项目列表")
    note = gettext_lazy("金额单位：万元")

    def queryset(self, user, params):
        from .views import EntryListView

        return EntryListView.export_queryset(user, params)

    def columns(self):
        return [
            Column(_("项目编号"), 14, lambda e: e.project.code),
            Column(_("项目名称"), 32, lambda e: e.project.name),
            Column(
                _("待评估"),
                8,
                lambda e: _("待评估") if e.is_due else "",
                fill=lambda e: "yellow" if e.is_due else None,
            ),
            Column(
                _("储备层级"),
                10,
                lambda e: e.get_tier_display(),
                fill=lambda e: badge(TIER_COLOURS.get(e.tier)),
            ),
            Column(
                _("状态"),
                10,
                lambda e: e.get_status_display(),
                fill=lambda e: badge(ENTRY_STATUS_COLOURS.get(e.status)),
            ),
            Column(
                _("类型"),
                10,
                lambda e: e.project.get_project_type_display(),
                fill=lambda e: badge(ProjectType.colour(e.project.project_type)),
            ),
            Column(_("产业"), 12, lambda e: e.project.industry.name),
            Column(_("总投资（万元）"), 14, lambda e: e.project.total_investment, MONEY),
            Column(_("谋划责任单位"), 24, lambda e: e.responsible_unit.name),
            Column(_("谋划责任人"), 12, lambda e: e.responsible_person),
            Column(_("入库日期"), 12, lambda e: e.entered_on, DATE),
            Column(_("最近评估"), 12, lambda e: e.last_evaluated_on, DATE),
        ]


@register
class RoundListExport(ListExport):
    key = "reserve_rounds"
    label = gettext_lazy("评估轮次列表")

    def queryset(self, user, params):
        from .views import RoundListView

        return RoundListView.export_queryset(user, params)

    def columns(self):
        return [
            Column(_("轮次名称"), 30, lambda r: r.name),
            Column(_("开始日期"), 12, lambda r: r.opened_on, DATE),
            Column(_("纳入计划年度"), 12, lambda r: r.plan_year, INTEGER),
            Column(
                _("状态"),
                10,
                lambda r: r.get_status_display(),
                fill=lambda r: badge("primary" if r.is_open else "success"),
            ),
            Column(_("参评项目"), 10, lambda r: r.item_count, INTEGER),
            Column(_("已决策"), 10, lambda r: r.decided_count, INTEGER),
            Column(_("评估人"), 10, lambda r: r.evaluator_count, INTEGER),
        ]


@register
class PlanListExport(ListExport):
    """A year's plan: ``year`` names the plan (the page's URL)."""

    key = "reserve_plan"
    label = gettext_lazy("年度实施计划")
    note = gettext_lazy("金额单位：万元")

    def plan_and_params(self, params):
        from .models import AnnualPlan

        return pop_object(params, "year", AnnualPlan.objects.all(), lookup="year")

    def queryset(self, user, params):
        from .views import PlanDetailView

        plan, params = self.plan_and_params(params)
        return PlanDetailView.export_queryset(user, params, plan=plan)

    def title(self, user, params):
        return str(self.plan_and_params(params)[0])

    def columns(self):
        return [
            Column(_("项目编号"), 14, lambda i: i.project.code),
            Column(_("项目名称"), 32, lambda i: i.project.name),
            Column(
                _("计划类别"),
                10,
                lambda i: i.get_category_display(),
                fill=lambda i: badge(CATEGORY_COLOURS.get(i.category)),
            ),
            Column(_("年度计划投资（万元）"), 14, lambda i: i.planned_investment, MONEY),
            Column(_("年度目标节点"), 30, lambda i: i.target_milestones),
            Column(_("纳入方式"), 12, lambda i: i.get_source_display()),
            Column(
                _("评估轮次 / 理由"),
                24,
                lambda i: i.evaluation_round.name if i.evaluation_round_id else i.reason,
            ),
            Column(_("产业"), 12, lambda i: i.project.industry.name),
            Column(_("乡镇/街道"), 12, lambda i: i.project.town.name if i.project.town_id else ""),
        ]
