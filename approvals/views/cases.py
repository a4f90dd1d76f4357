"""Cases (申报件): the list, the case page with its tasks and working-day chart, the notice of
acceptance with deficiencies (容缺受理通知书), and the material files behind the read check."""

import mimetypes

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from liuyang.filtersets import filtered
from liuyang.history import history_for
from liuyang.policies import policy_for
from liuyang.views import ExportRequest

from ..choices import (
    DECIDED_TASK_STATUSES,
    OPEN_TASK_STATUSES,
    OUTSTANDING_SUPPLEMENT_STATUSES,
    CaseStatus,
    IntakeOutcome,
    MaterialKind,
    TaskMoveKind,
    TaskStatus,
)
from ..filtersets import ApprovalCaseFilterSet
from ..forms import ApproveForm, RejectForm, ResubmitForm, ReturnForm, StartForm, SupplyForm
from ..models import ApprovalCase, ApprovalTask, CaseMaterial, TaskMove
from ..services.intake import notice
from ..services.statistics import overdue_task_q
from ..services.timeline import case_timeline
from ..workdays import WorkCalendar
from .base import (
    decorate_case,
    decorate_supplement,
    decorate_task,
    list_context,
    render_list,
    require,
    supervises,
    today,
)

CASE_PAGE = ApprovalCase.objects.select_related("project", "stage", "submitted_by")

ACTION_FORMS = {"start": StartForm, "approve": ApproveForm, "reject": RejectForm, "return": ReturnForm}
DECISION_MOVES = (TaskMoveKind.APPROVED, TaskMoveKind.REJECTED)
#: what a department may do to its task in each status
ACTIONS_BY_STATUS = {
    TaskStatus.PENDING: ("start", "approve", "reject", "return"),
    TaskStatus.REVIEWING: ("approve", "reject", "return"),
}


def viewable_cases(user, queryset=None):
    return policy_for(ApprovalCase).viewable(user, (queryset if queryset is not None else CASE_PAGE).all())


def require_view_cases(user):
    require(policy_for(ApprovalCase).can_view(user), _("您没有查看此内容的权限。"))


def action_forms(task, bound=None):
    """The department's action forms for ``task`` (name → form); ``bound`` replaces one."""
    forms = {
        name: ACTION_FORMS[name](initial={"version": task.version}, auto_id=f"id_t{task.pk}_{name}_%s")
        for name in ACTIONS_BY_STATUS.get(task.status, ())
    }
    if bound is not None:
        forms[bound["action"]] = bound["form"]
    return forms


def _bound_for(bound, kind, pk):
    return bound if bound and bound["kind"] == kind and bound["pk"] == pk else None


# -- the list -----------------------------------------------------------------------------------


def case_list_queryset(now):
    """Cases with their task counts (one aggregate per row, in the same query)."""
    return CASE_PAGE.annotate(
        task_total=Count("tasks"),
        task_done=Count("tasks", filter=Q(tasks__status__in=DECIDED_TASK_STATUSES)),
        task_overdue=Count("tasks", filter=overdue_task_q(now, "tasks__")),
    ).order_by("-submitted_at", "-pk")  # a GROUP BY query ignores Meta.ordering


class CaseListView(LoginRequiredMixin, View):
    """Every case the user may see: filters, sort, pages; htmx gets the table only."""

    @staticmethod
    def filterset(user, params, request=None):
        """The list's filters over the cases the user may see (the page and its export)."""
        require_view_cases(user)
        queryset = viewable_cases(user, case_list_queryset(today()))
        return ApprovalCaseFilterSet(
            params, queryset=queryset, request=request or ExportRequest(user, params)
        )

    @classmethod
    def export_queryset(cls, user, params):
        return filtered(cls.filterset(user, params))

    def get(self, request):
        filterset = self.filterset(request.user, request.GET, request)
        context, status = list_context(request, filterset)
        for case in context["rows"]:
            decorate_case(case)
        context["can_add"] = policy_for(ApprovalCase).can_add(request.user)
        return render_list(request, context, status, "approvals/case_list.html", "approvals/_case_table.html")


# -- the case page -------------------------------------------------------------------------------


def render_case(request, case, bound=None, status=200):
    """The case page. ``bound`` ({"kind": "task"|"supply"|"resubmit", "pk", "form", "action"})
    is a form sent back with errors: it is shown open, in place of the blank one."""
    user = request.user
    now = today()
    calendar = WorkCalendar.cached()
    decorate_case(case)
    tasks = list(
        policy_for(ApprovalTask)
        .viewable(user, case.tasks.select_related("item", "department").prefetch_related("item__materials"))
        .order_by("item__sort_order", "item__code", "pk")
    )
    writable = policy_for(ApprovalTask).writable_ids(user, [task.pk for task in tasks])
    applicant_side = policy_for(ApprovalCase).can_change(user, case)
    concluded = case.status in (CaseStatus.CONCLUDED, CaseStatus.RETURNED)
    supervisor = supervises(user)
    for task in tasks:
        decorate_task(task, calendar, now)
        task.user_can_act = task.pk in writable
        mine = _bound_for(bound, "task", task.pk)
        task.forms = action_forms(task, mine) if task.user_can_act else {}
        task.open_form = mine["action"] if mine else ""
        # 统一反馈: the applicant learns each result together, when the case concludes.
        task.show_number = concluded or supervisor or task.user_can_act
        task.resubmit_form = None
        mine = _bound_for(bound, "resubmit", task.pk)
        if mine:
            task.resubmit_form = mine["form"]
        elif applicant_side and task.status == TaskStatus.CORRECTING:
            task.resubmit_form = ResubmitForm(item=task.item, auto_id=f"id_c{task.pk}_%s")
    supplements = list(case.supplements.select_related("material__item", "task__item", "upload"))
    for supplement in supplements:
        decorate_supplement(supplement)
        supplement.form = None
        mine = _bound_for(bound, "supply", supplement.pk)
        if mine:
            supplement.form = mine["form"]
        elif applicant_side and case.is_open and supplement.status in OUTSTANDING_SUPPLEMENT_STATUSES:
            supplement.form = SupplyForm(auto_id=f"id_s{supplement.pk}_%s")
    waiting = {s.task_id for s in supplements if s.status in OUTSTANDING_SUPPLEMENT_STATUSES}
    for task in tasks:
        task.waiting_supplement = task.pk in waiting
    statuses = list(case.tasks.values_list("status", flat=True))
    moves = list(
        policy_for(TaskMove)
        .viewable(user, TaskMove.objects.filter(task__case=case))
        .select_related("task__item", "actor")
        .order_by("-at", "-pk")
    )
    numbers_shown = {task.pk for task in tasks if task.show_number}
    for move in moves:
        move.colour = TaskStatus.colour(move.to_status)
        # a decision's note is its document number or reason: told with the unified result
        move.show_note = move.kind not in DECISION_MOVES or move.task_id in numbers_shown
    timeline = case_timeline(case, tasks, calendar, now)
    if timeline is not None:
        ticks = timeline["ticks"]
        timeline["grid_pct"] = ticks[1]["pct"] if len(ticks) > 1 else 100
    context = {
        "case": case,
        "project": case.project,
        "items": list(case.items.select_related("department").order_by("sort_order", "code")),
        "tasks": tasks,
        "supplements": supplements,
        "materials": list(case.materials.select_related("material__item", "uploaded_by")),
        "missing": [
            {**entry, "kind_label": MaterialKind(entry["kind"]).label if entry.get("kind") else ""}
            for entry in case.missing
        ],
        "moves": moves,
        "timeline": timeline,
        "concluded": concluded,
        "result_lines": [line for line in case.result_note.splitlines() if line.strip()],
        "task_total": len(statuses),
        "task_open": sum(1 for s in statuses if s in OPEN_TASK_STATUSES),
        "applicant_side": applicant_side,
        "history": history_for(case, limit=30),
        "bound": bound,
        "today": now,
    }
    return render(request, "approvals/case_detail.html", context, status=status)


class CaseDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        require_view_cases(request.user)
        return render_case(request, get_object_or_404(viewable_cases(request.user), pk=pk))


class CaseNoticeView(LoginRequiredMixin, View):
    """The printable notice of acceptance with deficiencies (容缺受理通知书); 404 for other cases."""

    def get(self, request, pk):
        require_view_cases(request.user)
        queryset = viewable_cases(request.user).filter(intake_outcome=IntakeOutcome.DEFICIENT)
        case = get_object_or_404(queryset, pk=pk)
        context = {
            "notice": notice(case),
            "case": case,
            "items": list(case.items.select_related("department").order_by("sort_order", "code")),
        }
        return render(request, "approvals/case_notice.html", context)


# -- files: streamed only to those who may read the case --------------------------------------------


def file_response(field, filename):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件不存在。")) from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


class MaterialFileView(LoginRequiredMixin, View):
    def get(self, request, pk):
        queryset = policy_for(CaseMaterial).viewable(request.user, CaseMaterial.objects.all())
        upload = get_object_or_404(queryset, pk=pk)
        return file_response(upload.file, upload.original_name)


class PromiseLetterView(LoginRequiredMixin, View):
    def get(self, request, pk):
        case = get_object_or_404(viewable_cases(request.user), pk=pk)
        name = case.promise_letter.name.rsplit("/", 1)[-1] if case.promise_letter else ""
        return file_response(case.promise_letter, name)
