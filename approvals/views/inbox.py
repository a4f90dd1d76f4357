"""A department's inbox (部门收件箱): its tasks, open ones first by due date, with the actions inline.

Department staff see their own department's tasks (``user.unit``); the office
and city leaders see every department's, with a department filter, and act on
none (approval is the department's power).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import Role, user_roles
from liuyang.filtersets import filtered
from liuyang.policies import policy_for
from liuyang.views import ExportRequest

from ..choices import OUTSTANDING_SUPPLEMENT_STATUSES
from ..filtersets import ApprovalTaskFilterSet
from ..models import ApprovalTask, Supplement
from ..models.cases import OPEN_FIRST
from ..workdays import WorkCalendar
from .base import decorate_task, list_context, render_list, require, supervises, today
from .cases import action_forms

INBOX = ApprovalTask.objects.select_related("case__project", "case__stage", "item", "department")


def inbox_queryset(user):
    """The tasks of the inbox: all departments' for supervisors, else the user's department's."""
    waiting = Supplement.objects.filter(task=OuterRef("pk"), status__in=OUTSTANDING_SUPPLEMENT_STATUSES)
    queryset = INBOX.annotate(
        open_rank=OPEN_FIRST,
        waiting_supplement=Exists(waiting),
    )
    if not supervises(user):
        queryset = queryset.filter(department_id=user.unit_id)
    return policy_for(ApprovalTask).viewable(user, queryset).order_by("open_rank", "due_date", "pk")


class InboxView(LoginRequiredMixin, View):
    @staticmethod
    def filterset(user, params, request=None):
        """The inbox's filters over its tasks (the page and its export)."""
        if not supervises(user):
            require(
                Role.DEPARTMENT_STAFF in user_roles(user),
                _("部门收件箱供审批部门经办人、市重点办和市级领导使用。"),
            )
            require(user.unit_id, _("您的账号未设置所在部门，请联系市重点办。"))
        return ApprovalTaskFilterSet(
            params, queryset=inbox_queryset(user), request=request or ExportRequest(user, params)
        )

    @classmethod
    def export_queryset(cls, user, params):
        return filtered(cls.filterset(user, params))

    def get(self, request):
        user = request.user
        sees_all = supervises(user)
        filterset = self.filterset(user, request.GET, request)
        context, status = list_context(request, filterset)
        now = today()
        calendar = WorkCalendar.cached()
        rows = context["rows"]
        writable = policy_for(ApprovalTask).writable_ids(user, [task.pk for task in rows])
        for task in rows:
            decorate_task(task, calendar, now)
            task.user_can_act = task.pk in writable
            task.forms = action_forms(task) if task.user_can_act else {}
        context.update(
            {
                "sees_all": sees_all,
                "department": None if sees_all else user.unit,
                "today": now,
                "next": request.get_full_path(),
            }
        )
        return render_list(request, context, status, "approvals/inbox.html", "approvals/_inbox_table.html")
