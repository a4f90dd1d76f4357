"""The POSTs that move a case: a department's action on its task, the applicant side's
corrections and promised materials. Each calls its service (services.handling).

Refused → 403 and nothing changes; bad input → the case page again with the
message at the form (400); a stale version → 409 with the version now stored;
done → back where the form was (``next``: the inbox or the case page).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from liuyang.policies import policy_for

from ..choices import CaseStatus
from ..forms import ResubmitForm, SupplyForm
from ..models import ApprovalCase, ApprovalTask, Supplement
from ..services import handling
from .base import done, require, run_service, safe_next
from .cases import ACTION_FORMS, CASE_PAGE, render_case

ACTION_SERVICES = {
    "start": handling.start_review,
    "approve": handling.approve,
    "reject": handling.reject,
    "return": handling.return_for_correction,
}
ACTION_MESSAGES = {
    "start": gettext_lazy("已开始审查“%(item)s”（%(code)s）。"),
    "approve": gettext_lazy("已对“%(item)s”（%(code)s）准予许可。"),
    "reject": gettext_lazy("已对“%(item)s”（%(code)s）作出不予许可决定。"),
    "return": gettext_lazy("已将“%(item)s”（%(code)s）退回申请人补正，补正期间不计时。"),
}


def case_page(case_id):
    return CASE_PAGE.get(pk=case_id)


def conclusion_note(case_id):
    """Added to the message when this action gave the case its unified result (统一反馈)."""
    status = ApprovalCase.objects.filter(pk=case_id).values_list("status", flat=True).first()
    return " " + _("全部事项已办结，已统一反馈办理结果。") if status == CaseStatus.CONCLUDED else ""


class TaskActionView(LoginRequiredMixin, View):
    """start / approve / reject / return: only the task's department (the service checks it too)."""

    def post(self, request, pk, action):
        if action not in ACTION_SERVICES:
            raise Http404
        task = get_object_or_404(ApprovalTask.objects.select_related("case", "item", "department"), pk=pk)
        require(
            policy_for(ApprovalTask).can_change(request.user, task),
            _("只有审批部门“%(dept)s”的经办人可以办理此事项。") % {"dept": task.department},
        )
        form = ACTION_FORMS[action](request.POST, auto_id=f"id_t{task.pk}_{action}_%s")
        status = 400
        if form.is_valid():
            service = ACTION_SERVICES[action]
            _saved, status = run_service(form, lambda: service(request.user, task, **form.service_kwargs()))
            if status == 200:
                message = ACTION_MESSAGES[action] % {"item": task.item.name, "code": task.case.code}
                fallback = task.get_absolute_url()
                return done(request, message + conclusion_note(task.case_id), safe_next(request, fallback))
            if status == 409:
                form.data = form.data.copy()
                form.data["version"] = ApprovalTask.objects.values_list("version", flat=True).get(pk=task.pk)
        bound = {"kind": "task", "pk": task.pk, "action": action, "form": form}
        return render_case(request, case_page(task.case_id), bound=bound, status=status)


class ResubmitView(LoginRequiredMixin, View):
    """The applicant side sends the corrected materials of a task returned for correction."""

    def post(self, request, pk):
        task = get_object_or_404(
            ApprovalTask.objects.select_related("case", "item").prefetch_related("item__materials"), pk=pk
        )
        require(
            policy_for(ApprovalCase).can_change(request.user, task.case),
            _("只有市重点办或该项目的服务专员可以提交材料。"),
        )
        form = ResubmitForm(request.POST, request.FILES, item=task.item, auto_id=f"id_c{task.pk}_%s")
        status = 400
        if form.is_valid():
            _saved, status = run_service(
                form,
                lambda: handling.resubmit_correction(
                    request.user, task, uploads=form.uploads(), note=form.cleaned_data["note"]
                ),
            )
            if status == 200:
                message = _("已提交“%(item)s”的补正材料，审批部门继续审查。") % {"item": task.item.name}
                return done(request, message, task.get_absolute_url())
        bound = {"kind": "resubmit", "pk": task.pk, "form": form}
        return render_case(request, case_page(task.case_id), bound=bound, status=status)


class SupplyView(LoginRequiredMixin, View):
    """The applicant side supplies a material accepted on promise (容缺后补)."""

    def post(self, request, pk):
        supplement = get_object_or_404(Supplement.objects.select_related("case", "material"), pk=pk)
        require(
            policy_for(ApprovalCase).can_change(request.user, supplement.case),
            _("只有市重点办或该项目的服务专员可以提交材料。"),
        )
        form = SupplyForm(request.POST, request.FILES, auto_id=f"id_s{supplement.pk}_%s")
        status = 400
        if form.is_valid():
            _saved, status = run_service(
                form, lambda: handling.supply(request.user, supplement, upload=form.cleaned_data["file"])
            )
            if status == 200:
                message = _("已补齐“%(material)s”。") % {"material": supplement.material.name}
                return done(request, message, supplement.get_absolute_url())
        bound = {"kind": "supply", "pk": supplement.pk, "form": form}
        return render_case(request, case_page(supplement.case_id), bound=bound, status=status)
