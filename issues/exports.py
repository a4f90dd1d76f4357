"""The issue ledger (问题清单, /issues/ledger/) as a workbook: exactly its rows and columns for the same
filters, in each user's own scope. Overdue rows are red and rows due soon yellow, as on the page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, decorated, register
from exports.xlsx import DATE, Column, badge

from .choices import LEVEL_COLOURS, IssueStatus


def deadline_fill(issue):
    if issue.overdue:
        return "red"
    return "yellow" if issue.due_soon else None


def deadline_note(issue):
    if issue.overdue:
        return _("已逾期")
    return _("即将到期") if issue.due_soon else ""


@register
class IssueListExport(ListExport):
    key = "issues"
    label = gettext_lazy("问题清单")

    def queryset(self, user, params):
        from .views import IssueListView

        return IssueListView.export_queryset(user, params)

    def rows(self, user, params):
        from .views.base import decorate_issue, soon_limit, today

        now = today()
        limit = soon_limit(now)
        return decorated(
            self.queryset(user, params), lambda chunk: [decorate_issue(i, now, limit) for i in chunk]
        )

    def columns(self):
        return [
            Column(_("问题"), 36, lambda i: i.title),
            Column(_("项目编号"), 14, lambda i: i.project.code),
            Column(_("项目名称"), 28, lambda i: i.project.name),
            Column(_("问题类别"), 12, lambda i: i.category.name),
            Column(
                _("状态"),
                10,
                lambda i: i.get_status_display(),
                fill=lambda i: badge(IssueStatus.colour(i.status)),
            ),
            Column(_("时限提示"), 10, deadline_note, fill=deadline_fill),
            Column(
                _("挂牌督办"),
                10,
                lambda i: _("挂牌督办") if i.listed else "",
                fill=lambda i: "red" if i.listed else None,
            ),
            Column(_("责任单位"), 22, lambda i: i.responsible_unit.name),
            Column(
                _("责任人"),
                12,
                lambda i: i.responsible_person.display_name if i.responsible_person_id else "",
            ),
            Column(
                _("办理层级"),
                12,
                lambda i: i.get_level_display(),
                fill=lambda i: badge(LEVEL_COLOURS.get(i.level, "secondary")),
            ),
            Column(_("包联领导"), 12, lambda i: i.leader.display_name if i.leader_id else ""),
            Column(_("提出日期"), 12, lambda i: i.raised_on, DATE),
            Column(_("办结时限"), 12, lambda i: i.deadline, DATE),
        ]
