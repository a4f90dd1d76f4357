"""The lead list (招商线索) as a workbook: exactly the rows and columns of the list for the same filters."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, register
from exports.xlsx import DATE, MONEY, Column, badge

from .choices import LeadStage
from .selectors import is_overdue


@register
class LeadListExport(ListExport):
    key = "leads"
    label = gettext_lazy("招商线索")
    note = gettext_lazy("金额单位：万元")

    def queryset(self, user, params):
        from .views import LeadListView

        return LeadListView.export_queryset(user, params)

    def columns(self):
        today = timezone.localdate()
        return [
            Column(_("目标企业"), 28, lambda lead: lead.company),
            Column(_("拟建项目"), 28, lambda lead: lead.project_name),
            Column(
                _("阶段"),
                8,
                lambda lead: lead.get_stage_display(),
                fill=lambda lead: badge(LeadStage.colour(lead.stage)),
            ),
            Column(_("产业链"), 12, lambda lead: lead.link.chain.name if lead.link_id else ""),
            Column(_("补链环节"), 16, lambda lead: lead.link.name if lead.link_id else ""),
            Column(_("所在区域"), 10, lambda lead: lead.get_region_display()),
            Column(_("招商方式"), 12, lambda lead: lead.get_mode_display()),
            Column(_("招商小分队"), 16, lambda lead: lead.team.name),
            Column(_("负责人"), 10, lambda lead: lead.owner.display_name),
            Column(_("意向投资（万元）"), 14, lambda lead: lead.intended_investment, MONEY),
            Column(_("下一步工作"), 24, lambda lead: lead.next_step),
            Column(_("下一步时限"), 12, lambda lead: lead.next_step_due, DATE),
            Column(_("逾期"), 6, lambda lead: _("是") if is_overdue(lead, today) else ""),
        ]
