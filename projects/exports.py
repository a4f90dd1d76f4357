"""The projects app's lists as workbooks: exactly the rows and columns of each list for the same filters.

重点项目 (/projects/), 我的项目, a project's progress reports, and the office's 填报督办 list.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, decorated, pop_object, register
from exports.xlsx import DATE, INTEGER, MONEY, PERCENT, Column, badge

from .choices import Light, ReportStatus

LIGHT_FILL = {"green": "green", "yellow": "yellow", "red": "red"}


def light_column():
    return Column(
        _("亮灯"),
        8,
        lambda p: Light(p.light).label if p.light else "",
        fill=lambda p: LIGHT_FILL.get(p.light),
    )


def percent(value):
    """A percent figure shown as ``45%`` → the fraction 0.45 (formatted as a percent in the cell)."""
    return None if value is None else Decimal(value) / 100


@register
class ProjectListExport(ListExport):
    key = "projects"
    label = gettext_lazy("重点项目列表")
    note = gettext_lazy("金额单位：万元")

    def queryset(self, user, params):
        from .views import ProjectListView

        return ProjectListView.export_queryset(user, params)

    def columns(self):
        return [
            Column(_("项目编号"), 14, lambda p: p.code),
            Column(_("项目名称"), 32, lambda p: p.name),
            light_column(),
            Column(_("类型"), 10, lambda p: p.get_project_type_display()),
            Column(_("产业"), 12, lambda p: p.industry.name),
            Column(_("阶段"), 10, lambda p: p.get_stage_display()),
            Column(_("总投资（万元）"), 14, lambda p: p.total_investment, MONEY),
            Column(_("年度计划（万元）"), 14, lambda p: p.annual_plan_investment, MONEY),
            Column(_("责任单位"), 24, lambda p: p.responsible_unit.name),
            Column(_("乡镇/街道"), 12, lambda p: p.town.name if p.town_id else ""),
            Column(_("计划开工"), 12, lambda p: p.planned_start, DATE),
        ]


def period_columns(name, get):
    """A reporting period as the cards and the attention list show it: label, state (coloured), due date."""
    return [
        Column(name, 14, lambda p: get(p).label),
        Column(
            _("%(period)s情况") % {"period": name},
            16,
            lambda p: get(p).state_label,
            fill=lambda p: badge(get(p).state_colour),
        ),
        Column(_("%(period)s截止") % {"period": name}, 12, lambda p: get(p).due, DATE),
    ]


@register
class MyProjectsExport(ListExport):
    key = "my_projects"
    label = gettext_lazy("我的项目")
    note = gettext_lazy("金额单位：万元")

    def queryset(self, user, params):
        from .views import MyProjectsView

        return MyProjectsView.export_queryset(user, params)

    def rows(self, user, params):
        from . import selectors
        from .views.base import today

        now = today()
        return decorated(
            self.queryset(user, params), lambda chunk: selectors.decorate_my_projects(chunk, now)
        )

    def columns(self):
        return [
            Column(_("项目编号"), 14, lambda p: p.code),
            Column(_("项目名称"), 32, lambda p: p.name),
            light_column(),
            Column(_("亮灯原因"), 30, lambda p: "；".join(str(r) for r in p.light_reasons)),
            Column(_("阶段"), 10, lambda p: p.get_stage_display()),
            Column(_("责任单位"), 24, lambda p: p.responsible_unit.name),
            Column(_("本年完成投资（万元）"), 14, lambda p: p.completed_ytd, MONEY),
            Column(_("年度计划（万元）"), 14, lambda p: p.annual_plan_investment, MONEY),
            Column(_("本年完成比例"), 10, lambda p: percent(p.ytd_percent), PERCENT),
            Column(_("开工以来累计完成（万元）"), 16, lambda p: p.completed_total, MONEY),
            Column(
                _("近期节点"),
                36,
                lambda p: "；".join(
                    f"{m.name}（{m.planned_date or '—'}，{m.status_display}）" for m in p.next_milestones
                ),
            ),
            *period_columns(_("上期"), lambda p: p.previous_period),
            *period_columns(_("本期"), lambda p: p.current_period),
        ]


@register
class ProjectReportsExport(ListExport):
    """A project's report list: ``project`` names the project (the page's URL)."""

    key = "project_reports"
    label = gettext_lazy("进度填报记录")
    note = gettext_lazy("金额单位：万元；累计只计已提交和已采纳的报表")

    def project_and_params(self, params):
        from .models import Project

        return pop_object(params, "project", Project.objects.all())

    def queryset(self, user, params):
        from .views.reports import report_list_queryset

        project, params = self.project_and_params(params)
        return report_list_queryset(user, project, params)

    def title(self, user, params):
        project, _rest = self.project_and_params(params)
        return f"{project.code} {project.name} · {self.label}"

    def columns(self):
        return [
            Column(_("期间"), 18, lambda r: r.period_label),
            Column(
                _("状态"),
                10,
                lambda r: r.get_status_display(),
                fill=lambda r: badge(ReportStatus.colour(r.status)),
            ),
            Column(_("本期完成（万元）"), 14, lambda r: r.period_total, MONEY),
            Column(_("本年累计（万元）"), 14, lambda r: r.cumulative_ytd, MONEY),
            Column(_("开工累计（万元）"), 14, lambda r: r.cumulative_total, MONEY),
            Column(_("完成比例"), 10, lambda r: percent(r.percent_complete), PERCENT),
            Column(_("照片"), 8, lambda r: r.photo_count, INTEGER),
        ]


@register
class ReportAttentionExport(ListExport):
    key = "reports_attention"
    label = gettext_lazy("填报督办")

    def queryset(self, user, params):
        from .views import ReportAttentionView

        return ReportAttentionView.export_queryset(user, params)

    def rows(self, user, params):
        from . import selectors
        from .views.base import today

        now = today()
        return decorated(self.queryset(user, params), lambda chunk: selectors.decorate_attention(chunk, now))

    def columns(self):
        return [
            Column(_("项目编号"), 14, lambda p: p.code),
            Column(_("项目名称"), 32, lambda p: p.name),
            Column(_("责任单位"), 24, lambda p: p.responsible_unit.name),
            Column(_("责任人"), 12, lambda p: p.responsible_person),
            *period_columns(_("上期"), lambda p: p.previous_period),
            *period_columns(_("本期"), lambda p: p.current_period),
        ]
