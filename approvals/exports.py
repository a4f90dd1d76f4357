"""The approvals lists as workbooks: exactly the rows and columns of each list for the same filters.

申报件 (/approvals/cases/), the department inbox (/approvals/inbox/, each user's own scope) and the
approval catalogue (/approvals/catalogue/). Badges become coloured cells.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, decorated, register
from exports.xlsx import DATE, INTEGER, Column, badge

from .choices import CaseResult, CaseStatus, IntakeOutcome, TaskStatus


@register
class CaseListExport(ListExport):
    key = "approval_cases"
    label = gettext_lazy("申报件列表")
    note = gettext_lazy("用时单位：工作日")

    def queryset(self, user, params):
        from .views import CaseListView

        return CaseListView.export_queryset(user, params)

    def columns(self):
        return [
            Column(_("申报件编号"), 18, lambda c: c.code),
            Column(_("项目名称"), 30, lambda c: c.project.name),
            Column(_("项目编号"), 14, lambda c: c.project.code),
            Column(_("审批阶段"), 14, lambda c: c.stage.name),
            Column(_("申请人"), 24, lambda c: c.applicant_name),
            Column(
                _("受理"),
                10,
                lambda c: c.get_intake_outcome_display(),
                fill=lambda c: badge(IntakeOutcome.colour(c.intake_outcome)),
            ),
            Column(
                _("办理状态"),
                10,
                lambda c: c.get_status_display() if c.status != CaseStatus.NOT_ACCEPTED else "",
                fill=lambda c: (
                    badge(CaseStatus.colour(c.status)) if c.status != CaseStatus.NOT_ACCEPTED else None
                ),
            ),
            Column(
                _("办理结果"),
                10,
                lambda c: c.get_result_display() if c.result else "",
                fill=lambda c: badge(CaseResult.colour(c.result)) if c.result else None,
            ),
            Column(
                _("超期事项"),
                8,
                lambda c: c.task_overdue or None,
                INTEGER,
                fill=lambda c: "red" if c.task_overdue else None,
            ),
            Column(_("事项办结"), 10, lambda c: f"{c.task_done} / {c.task_total}" if c.task_total else ""),
            Column(_("提交时间"), 17, lambda c: c.submitted_at, "yyyy-mm-dd hh:mm"),
            Column(_("受理日期"), 12, lambda c: c.accepted_on, DATE),
            Column(_("办结日期"), 12, lambda c: c.concluded_on, DATE),
            Column(_("用时（工作日）"), 10, lambda c: c.elapsed_days, INTEGER),
            Column(_("串联合计（工作日）"), 10, lambda c: c.serial_days, INTEGER),
        ]


def task_notes(task):
    """The inbox's status badges beside the status, in words."""
    notes = []
    if task.overdue:
        notes.append(_("已超期") if task.is_open else _("超期办结"))
    elif task.due_soon:
        notes.append(
            _("剩 %(days)s 个工作日") % {"days": task.days_left} if task.days_left else _("今日到期")
        )
    if task.suspended:
        notes.append(_("容缺逾期中止"))
    if task.waiting_supplement:
        notes.append(_("容缺材料待补"))
    return "、".join(notes)


@register
class InboxExport(ListExport):
    """The department inbox: department staff export their own department's tasks only."""

    key = "approval_inbox"
    label = gettext_lazy("部门收件箱")

    def queryset(self, user, params):
        from .views import InboxView

        return InboxView.export_queryset(user, params)

    def rows(self, user, params):
        from .views.base import decorate_task, today
        from .workdays import WorkCalendar

        now, calendar = today(), WorkCalendar.cached()
        return decorated(
            self.queryset(user, params), lambda chunk: [decorate_task(t, calendar, now) for t in chunk]
        )

    def columns(self):
        return [
            Column(_("事项"), 28, lambda t: t.item.name),
            Column(_("申报件编号"), 18, lambda t: t.case.code),
            Column(_("项目"), 28, lambda t: t.case.project.name),
            Column(_("审批阶段"), 14, lambda t: t.case.stage.name),
            Column(_("审批部门"), 20, lambda t: t.department.name),
            Column(
                _("状态"),
                10,
                lambda t: t.get_status_display(),
                fill=lambda t: badge(TaskStatus.colour(t.status)),
            ),
            Column(
                _("提示"),
                16,
                task_notes,
                fill=lambda t: "red" if t.overdue else ("yellow" if t.due_soon else None),
            ),
            Column(_("办理期限"), 12, lambda t: t.due_date, DATE),
            Column(_("办结日期"), 12, lambda t: t.concluded_on, DATE),
            Column(_("批文/证照编号"), 20, lambda t: t.document_number),
        ]


def limit_text(days, note=""):
    if note:
        return note
    if days is None:
        return ""
    return _("%(days)s 个工作日") % {"days": days}


@register
class CatalogueExport(ListExport):
    key = "approval_catalogue"
    label = gettext_lazy("审批事项清单")
    note = gettext_lazy("时限均为工作日")

    def queryset(self, user, params):
        from .views import CatalogueView

        return CatalogueView.export_queryset(user, params)

    def columns(self):
        return [
            Column(_("事项编码"), 16, lambda i: i.code),
            Column(_("事项名称"), 30, lambda i: i.name),
            Column(_("审批阶段"), 16, lambda i: i.stage.name),
            Column(_("审批部门"), 20, lambda i: i.department.name),
            Column(_("法定时限"), 14, lambda i: limit_text(i.statutory_limit, i.statutory_note)),
            Column(
                _("承诺时限"), 12, lambda i: limit_text(i.promised_limit) if i.promised_limit else _("即办")
            ),
            Column(_("告知承诺制"), 10, lambda i: _("是") if i.promise_system else ""),
            Column(_("里程碑事项"), 10, lambda i: _("是") if i.is_milestone else ""),
            Column(
                _("启用"),
                8,
                lambda i: "" if i.is_active else _("已停用"),
                fill=lambda i: None if i.is_active else "grey",
            ),
            Column(
                _("申报材料"),
                50,
                lambda i: "；".join(f"{m.name}（{m.get_kind_display()}）" for m in i.materials.all()),
            ),
        ]
