"""The project list as a workbook: exactly the rows and columns of /projects/ for the same filters."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, register
from exports.xlsx import DATE, MONEY, Column

from .choices import Light

LIGHT_FILL = {"green": "green", "yellow": "yellow", "red": "red"}


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
            Column(
                _("亮灯"),
                8,
                lambda p: Light(p.light).label if p.light else "",
                fill=lambda p: LIGHT_FILL.get(p.light),
            ),
            Column(_("类型"), 10, lambda p: p.get_project_type_display()),
            Column(_("产业"), 12, lambda p: p.industry.name),
            Column(_("阶段"), 10, lambda p: p.get_stage_display()),
            Column(_("总投资（万元）"), 14, lambda p: p.total_investment, MONEY),
            Column(_("年度计划（万元）"), 14, lambda p: p.annual_plan_investment, MONEY),
            Column(_("责任单位"), 24, lambda p: p.responsible_unit.name),
            Column(_("乡镇/街道"), 12, lambda p: p.town.name if p.town_id else ""),
            Column(_("计划开工"), 12, lambda p: p.planned_start, DATE),
        ]
