"""The assessment pages: periods and their ranking, a project's score card, unit results,
the fault-tolerance register, and the ranking as an .xlsx. The services decide and check."""

from urllib.parse import quote

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.models import Unit
from accounts.roles import Role, user_roles
from approvals.views.base import done, list_context, render_list, require, run_service
from approvals.views.cases import file_response
from liuyang.filtersets import StrictFilterSet, check_params, filtered
from liuyang.forms import add_service_errors
from liuyang.history import history_for
from liuyang.policies import policy_for
from liuyang.views import ExportRequest
from projects.choices import ProjectType
from projects.models import Project

from . import forms
from .choices import Grade, OutcomeKind, PeriodStatus, ToleranceDecision, ToleranceStep
from .excel import ranking_workbook
from .models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    IndicatorResult,
    ProjectAssessment,
)
from .selectors import unit_results
from .services import periods, tolerance

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

RESULT_PAGE = ProjectAssessment.objects.select_related("project", "responsible_unit", "scheme", "period")


def is_office(user):
    return policy_for(AssessmentPeriod).writes_all(user)


def viewable_results(user, queryset=None):
    policy = policy_for(ProjectAssessment)
    require(policy.can_view(user))
    return policy.viewable(user, (queryset if queryset is not None else RESULT_PAGE).all())


def get_period(user, pk):
    require(policy_for(AssessmentPeriod).can_view(user))
    return get_object_or_404(AssessmentPeriod, pk=pk)


def decorate_result(result):
    result.grade_colour = Grade.colour(result.grade) if result.grade else "secondary"
    result.outcome_colour = OutcomeKind.colour(result.outcome)
    result.proposed_colour = OutcomeKind.colour(result.proposed_outcome)
    return result


def error_text(error):
    if hasattr(error, "error_dict"):
        return " ".join(message for messages_ in error.message_dict.values() for message in messages_)
    return " ".join(error.messages)


class ResultFilterSet(StrictFilterSet):
    search_fields = ("project__code", "project__name", "responsible_unit__name")

    grade = django_filters.MultipleChoiceFilter(label=gettext_lazy("等次"), choices=Grade.choices)
    outcome = django_filters.MultipleChoiceFilter(label=gettext_lazy("结果运用"), choices=OutcomeKind.choices)
    project_type = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("项目类型"), field_name="project__project_type", choices=ProjectType.choices
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("责任单位"), queryset=Unit.objects.all()
    )

    class Meta:
        model = ProjectAssessment
        fields = []


def result_filterset(user, period, params, request=None):
    """A period's ranking, filtered: what the ranking page lists (the page, its .xlsx and its export job)."""
    queryset = viewable_results(user).filter(period=period).order_by("rank", "project_id")
    return ResultFilterSet(params, queryset=queryset, request=request or ExportRequest(user, params))


def ranking_queryset(user, period, params):
    return filtered(result_filterset(user, period, params))


# -- periods ------------------------------------------------------------------------------------


class PeriodListView(LoginRequiredMixin, View):
    template_name = "assessment/period_list.html"

    def render_page(self, request, form=None, status=200):
        require(policy_for(AssessmentPeriod).can_view(request.user))
        office = is_office(request.user)
        rows = list(AssessmentPeriod.objects.all())
        for period in rows:
            period.status_colour = PeriodStatus.colour(period.status)
        context = {
            "periods": rows,
            "is_office": office,
            "form": form or (forms.OpenPeriodForm() if office else None),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request)

    def post(self, request):
        require(is_office(request.user), _("只有市重点办可以管理考核。"))
        form = forms.OpenPeriodForm(request.POST)
        status = 400
        if form.is_valid():
            period, status = run_service(form, lambda: periods.open_period(request.user, **form.cleaned_data))
            if status == 200:
                url = reverse("assessment:period_detail", args=[period.pk])
                return done(request, _("已开启“%(name)s”。") % {"name": period.name}, url)
        return self.render_page(request, form, status)


def render_period(request, period, error="", status=200):
    filterset = result_filterset(request.user, period, request.GET, request)
    context, list_status = list_context(request, filterset)
    for result in context["rows"]:
        decorate_result(result)
    period.status_colour = PeriodStatus.colour(period.status)
    context.update(
        {
            "period": period,
            "is_office": is_office(request.user),
            "action_error": error,
        }
    )
    return render_list(
        request,
        context,
        status if status != 200 else list_status,
        "assessment/period_detail.html",
        "assessment/_ranking_table.html",
    )


class PeriodDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_period(request, get_period(request.user, pk))


PERIOD_ACTIONS = {
    "compute": (periods.compute, gettext_lazy("已计算得分：%(count)s 个项目。")),
    "close": (periods.close_period, gettext_lazy("已关闭考核周期，数据已冻结。")),
    "publish": (periods.publish, gettext_lazy("已公布考核结果。")),
}


class PeriodActionView(LoginRequiredMixin, View):
    """计算 / 关闭 / 公布: office only (the service says so: 403); a refusal is shown (400)."""

    def post(self, request, pk, action):
        if action not in PERIOD_ACTIONS:
            raise Http404
        period = get_period(request.user, pk)
        call, message = PERIOD_ACTIONS[action]
        try:
            outcome = call(request.user, period)
        except ValidationError as error:
            return render_period(request, period, error_text(error), status=400)
        count = outcome if isinstance(outcome, int) else 0
        return done(request, str(message) % {"count": count}, reverse("assessment:period_detail", args=[pk]))


class PeriodXlsxView(LoginRequiredMixin, View):
    """The ranking as an .xlsx made in the request (kept for links already sent; the page's
    button starts an export job, ``assessment.exports.RankingExport``)."""

    def get(self, request, pk):
        period = get_period(request.user, pk)
        try:
            results = list(ranking_queryset(request.user, period, request.GET))
        except ValidationError as error:
            return HttpResponse(error_text(error), status=400, content_type="text/plain")
        body = ranking_workbook(period, results)
        response = HttpResponse(body, content_type=XLSX)
        filename = _("考核排名_%(name)s.xlsx") % {"name": period.name}
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


def unit_rows(user, period, params):
    """The unit results page's rows: one per responsible unit of the results the user may see."""
    check_params(params)
    return unit_results(period, viewable_results(user, ProjectAssessment.objects.filter(period=period)))


class UnitResultsView(LoginRequiredMixin, View):
    def get(self, request, pk):
        period = get_period(request.user, pk)
        status = 200
        try:
            rows = unit_rows(request.user, period, request.GET)
        except ValidationError:
            rows, status = [], 400
        return render(request, "assessment/units.html", {"period": period, "rows": rows}, status=status)


# -- a project's score card ----------------------------------------------------------------------


def render_result(request, result, bound=None, status=200):
    """The score card; ``bound`` is ("figure", line pk, form) or ("outcome", None, form) with errors."""
    office = is_office(request.user)
    decorate_result(result)
    lines = list(
        result.indicators.select_related("indicator", "entered_by").order_by("indicator__sort_order")
    )
    editable = office and result.period.status == PeriodStatus.OPEN
    for line in lines:
        line.form = None
        if editable:
            initial = {"figure": line.figure, "source_note": line.source_note}
            line.form = forms.FigureForm(initial=initial, auto_id=f"id_figure{line.pk}_%s")
            if bound and bound[0] == "figure" and bound[1] == line.pk:
                line.form = bound[2]
    outcome_form = None
    if office and result.period.status != PeriodStatus.PUBLISHED:
        outcome_form = forms.OutcomeForm(
            initial={"outcome": result.outcome, "reason": result.outcome_reason}, auto_id="id_outcome_%s"
        )
        if bound and bound[0] == "outcome":
            outcome_form = bound[2]
    applications = policy_for(FaultToleranceApplication).viewable(
        request.user, result.tolerance_applications.all()
    )
    context = {
        "result": result,
        "period": result.period,
        "lines": lines,
        "is_office": office,
        "outcome_form": outcome_form,
        "applications": list(applications),
        "can_apply": result.outcome == OutcomeKind.ACCOUNTABILITY
        and can_apply(request.user, result.responsible_unit_id),
        "history": history_for(result, limit=20),
    }
    return render(request, "assessment/result_detail.html", context, status=status)


class ResultDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_result(request, get_object_or_404(viewable_results(request.user), pk=pk))


class FigureView(LoginRequiredMixin, View):
    def post(self, request, pk, line):
        result = get_object_or_404(viewable_results(request.user), pk=pk)
        line_obj = get_object_or_404(IndicatorResult, pk=line, assessment=result)
        form = forms.FigureForm(request.POST, request.FILES, auto_id=f"id_figure{line}_%s")
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            _row, status = run_service(
                form,
                lambda: periods.enter_figure(
                    request.user,
                    line_obj,
                    figure=data["figure"],
                    source_note=data["source_note"],
                    reason=data["reason"],
                    evidence=data["evidence"],
                ),
            )
            if status == 200:
                message = _("已保存“%(name)s”的数据；重新计算后生效。") % {"name": line_obj.indicator.name}
                return done(request, message, reverse("assessment:result_detail", args=[pk]))
        else:
            require(is_office(request.user), _("只有市重点办可以管理考核。"))
        return render_result(request, result, ("figure", line_obj.pk, form), status)


class EvidenceView(LoginRequiredMixin, View):
    """A figure's evidence, streamed only to those who may read the result."""

    def get(self, request, pk, line):
        result = get_object_or_404(viewable_results(request.user), pk=pk)
        line_obj = get_object_or_404(
            IndicatorResult.objects.select_related("indicator"), pk=line, assessment=result
        )
        line_obj.assessment = result
        return file_response(line_obj.evidence, evidence_name(line_obj))


def evidence_name(line):
    """A download name that says what the file is: project code, indicator, original extension."""
    extension = line.evidence.name.rsplit(".", 1)[-1] if "." in line.evidence.name else "pdf"
    return f"{line.assessment.project.code}-{line.indicator.name}-佐证材料.{extension}"


class OutcomeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        result = get_object_or_404(viewable_results(request.user), pk=pk)
        form = forms.OutcomeForm(request.POST, auto_id="id_outcome_%s")
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            _row, status = run_service(
                form,
                lambda: periods.decide_outcome(
                    request.user, result, outcome=data["outcome"], reason=data["reason"]
                ),
            )
            if status == 200:
                return done(request, _("已确定结果运用。"), reverse("assessment:result_detail", args=[pk]))
        else:
            require(is_office(request.user), _("只有市重点办可以管理考核。"))
        return render_result(request, RESULT_PAGE.get(pk=pk), ("outcome", None, form), status)


# -- fault tolerance (容错纠错) ---------------------------------------------------------------------


def can_apply(user, unit_id):
    return is_office(user) or (Role.DEPARTMENT_STAFF in user_roles(user) and user.unit_id == unit_id)


def viewable_applications(user):
    policy = policy_for(FaultToleranceApplication)
    require(policy.can_view(user))
    return policy.viewable(
        user,
        FaultToleranceApplication.objects.select_related("project", "unit", "applicant", "result__period"),
    )


def decorate_application(application):
    application.step_colour = ToleranceStep.colour(application.step)
    application.decision_colour = (
        ToleranceDecision.colour(application.decision) if application.decision else ""
    )
    return application


def tolerance_queryset(user, params):
    """The register's rows: the applications the user may see (the page and its export)."""
    applications = viewable_applications(user)
    check_params(params)
    return applications


class ToleranceListView(LoginRequiredMixin, View):
    #: the page lists this many (its export has them all)
    page_limit = 500

    def get(self, request):
        status = 200
        try:
            queryset = tolerance_queryset(request.user, request.GET)
        except ValidationError:
            queryset, status = FaultToleranceApplication.objects.none(), 400
        rows = [decorate_application(a) for a in queryset[: self.page_limit]]
        may_apply = is_office(request.user) or (
            Role.DEPARTMENT_STAFF in user_roles(request.user) and request.user.unit_id
        )
        return render(
            request, "assessment/tolerance_list.html", {"rows": rows, "can_apply": may_apply}, status=status
        )


class ToleranceAddView(LoginRequiredMixin, View):
    template_name = "assessment/tolerance_add.html"

    def choices(self, request):
        user = request.user
        office = is_office(user)
        require(
            office or (Role.DEPARTMENT_STAFF in user_roles(user) and user.unit_id),
            _("只能以本单位名义申请容错。"),
        )
        results = RESULT_PAGE.filter(
            outcome=OutcomeKind.ACCOUNTABILITY, period__status=PeriodStatus.PUBLISHED
        )
        projects = Project.objects.order_by("code")
        if not office:
            results = results.filter(responsible_unit_id=user.unit_id)
            projects = tolerance.involved_projects(user.unit).order_by("code")
        return {"results": results, "projects": projects}

    def get(self, request):
        initial = {}
        if (result := request.GET.get("result", "")).isdigit():
            initial["result"] = int(result)
        form = forms.ApplicationForm(initial=initial, **self.choices(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = forms.ApplicationForm(request.POST, **self.choices(request))
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            result, project = data["result"], data["project"]
            if result is not None:
                unit = result.responsible_unit
            else:
                unit = request.user.unit if not is_office(request.user) else project.responsible_unit
            statements = {name: data[name] for name in tolerance.CONDITIONS}
            application, status = run_service(
                form,
                lambda: tolerance.apply(
                    request.user,
                    project=project,
                    unit=unit,
                    result=result,
                    first_trial=data["first_trial"],
                    **statements,
                ),
            )
            if status == 200:
                url = reverse("assessment:tolerance_detail", args=[application.pk])
                return done(request, _("已提交容错纠错申请。"), url)
        return render(request, self.template_name, {"form": form}, status=status)


#: step → (form, service call, the step it is offered at)
TOLERANCE_ACTIONS = {
    "accept": (forms.AcceptForm, ToleranceStep.APPLIED),
    "verify": (forms.VerifyForm, ToleranceStep.ACCEPTED),
    "determine": (forms.DetermineForm, ToleranceStep.VERIFIED),
    "file": (forms.FileForm, ToleranceStep.DETERMINED),
}


def _call(action, user, application, data):
    if action == "accept":
        return tolerance.accept(user, application, accept=data["accept"], reason=data["reason"])
    if action == "verify":
        return tolerance.verify(user, application, findings=data["findings"])
    if action == "determine":
        return tolerance.determine(user, application, decision=data["decision"], reason=data["reason"])
    return tolerance.file(user, application, filed_to=data["filed_to"])


def render_application(request, application, bound=None, status=200):
    decorate_application(application)
    office = is_office(request.user)
    action, form = None, None
    for name, (form_class, step) in TOLERANCE_ACTIONS.items():
        if office and application.step == step:
            action, form = name, form_class(auto_id=f"id_{name}_%s")
    if bound is not None:
        action, form = bound
    context = {
        "application": application,
        "action": action,
        "form": form,
        "history": history_for(application, limit=20),
    }
    return render(request, "assessment/tolerance_detail.html", context, status=status)


class ToleranceDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_application(request, get_object_or_404(viewable_applications(request.user), pk=pk))


class ToleranceActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in TOLERANCE_ACTIONS:
            raise Http404
        application = get_object_or_404(viewable_applications(request.user), pk=pk)
        require(is_office(request.user), _("只有市重点办可以办理容错纠错申请。"))
        form = TOLERANCE_ACTIONS[action][0](request.POST, auto_id=f"id_{action}_%s")
        status = 400
        if form.is_valid():
            try:
                _call(action, request.user, application, form.cleaned_data)
                status = 200
            except ValidationError as error:
                add_service_errors(form, error)
            if status == 200:
                messages.success(request, _("已办理。"))
                return HttpResponseRedirect(reverse("assessment:tolerance_detail", args=[pk]))
        application = viewable_applications(request.user).get(pk=pk)
        return render_application(request, application, (action, form), status)
