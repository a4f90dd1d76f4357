"""The ledger (问题清单), one issue's page, raising an issue, the office's edit, evidence files."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from approvals.views.cases import file_response
from liuyang.filtersets import filtered
from liuyang.history import history_for
from liuyang.policies import policy_for
from liuyang.views import ExportRequest, ObjectEditView

from ..choices import IssueLevel, IssueStatus, JournalKind
from ..filtersets import LedgerIssueFilterSet
from ..forms import IssueEditForm, ListedForm, RaiseForm, ReopenForm, ResolveForm, UpdateForm, VerifyForm
from ..models import EscalationStep, IssueEvidence, IssueJournal, LedgerIssue
from ..services.ledger import raisable_projects, raise_issue
from .base import (
    ISSUE_PAGE,
    decorate_issue,
    done,
    issue_policy,
    list_context,
    render_list,
    require,
    run_service,
    soon_limit,
    today,
    viewable_issues,
)

#: the action forms by name, and the statuses each is offered in
ACTION_FORMS = {
    "update": UpdateForm,
    "resolve": ResolveForm,
    "verify": VerifyForm,
    "reopen": ReopenForm,
    "listed": ListedForm,
}
HANDLER_STATUSES = (IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS)


class IssueListView(LoginRequiredMixin, View):
    """Every issue the user may read: filters, sort, pages, badges; htmx gets the table only."""

    @staticmethod
    def filterset(user, params, request=None):
        """The ledger's filters over the issues the user may read (the page and its export)."""
        return LedgerIssueFilterSet(
            params, queryset=viewable_issues(user), request=request or ExportRequest(user, params)
        )

    @classmethod
    def export_queryset(cls, user, params):
        return filtered(cls.filterset(user, params))

    def get(self, request):
        filterset = self.filterset(request.user, request.GET, request)
        context, status = list_context(request, filterset)
        now = today()
        limit = soon_limit(now)
        for issue in context["rows"]:
            decorate_issue(issue, now, limit)
        context["can_add"] = issue_policy().can_add(request.user)
        context["today"] = now
        return render_list(request, context, status, "issues/issue_list.html", "issues/_issue_table.html")


def available_actions(user, issue):
    """The actions the user may take on the issue now (the services check again)."""
    policy = issue_policy()
    office = policy.writes_all(user)
    actions = []
    if issue.status in HANDLER_STATUSES and policy.can_change(user, issue):
        actions += ["update", "resolve"]
    if office:
        if issue.status == IssueStatus.PENDING_CLOSURE:
            actions.append("verify")
        if issue.status in (IssueStatus.CLOSED, IssueStatus.PENDING_CLOSURE):
            actions.append("reopen")
        actions.append("listed")
    return actions


def render_issue(request, issue, bound=None, status=200):
    """The issue page; ``bound`` ({"action", "form"}) is an action form sent back with errors."""
    user = request.user
    now = today()
    decorate_issue(issue, now, soon_limit(now))
    actions = available_actions(user, issue)
    forms = {}
    for name in actions:
        initial = {"version": issue.version}
        if name == "listed":
            initial = {"listed": "0" if issue.listed else "1"}
        forms[name] = ACTION_FORMS[name](initial=initial, auto_id=f"id_{name}_%s")
    if bound is not None:
        forms[bound["action"]] = bound["form"]
    journal = list(
        policy_for(IssueJournal)
        .viewable(user, IssueJournal.objects.filter(issue=issue).select_related("actor"))
        .order_by("-at", "-pk")
    )
    for entry in journal:
        entry.colour = JournalKind.colour(entry.kind)
    context = {
        "issue": issue,
        "project": issue.project,
        "journal": journal,
        "evidence": list(issue.evidence.select_related("uploaded_by")),
        "escalations": list(EscalationStep.objects.filter(issue=issue).order_by("-at", "-pk")),
        "forms": forms,
        "open_form": bound["action"] if bound else "",
        "can_edit": issue_policy().writes_all(user),
        "history": history_for(issue, limit=30),
        "levels": IssueLevel.choices,
        "today": now,
    }
    return render(request, "issues/issue_detail.html", context, status=status)


class IssueDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_issue(request, get_object_or_404(viewable_issues(request.user), pk=pk))


class IssueAddView(LoginRequiredMixin, View):
    """Raise an issue (登记交办) on a project the user may raise issues on."""

    template_name = "issues/issue_add.html"

    def check(self, request):
        require(issue_policy().can_add(request.user), _("您没有登记问题的权限。"))
        return raisable_projects(request.user)

    def render_form(self, request, form, status=200):
        return render(request, self.template_name, {"form": form}, status=status)

    def get(self, request):
        projects = self.check(request)
        initial = {}
        project = request.GET.get("project")
        if project and project.isdigit():
            initial["project"] = int(project)
        return self.render_form(request, RaiseForm(initial=initial, projects=projects))

    def post(self, request):
        projects = self.check(request)
        if "refresh" in request.POST:
            # "刷新责任人": the form again with the chosen unit's people, nothing saved.
            return self.render_form(request, RaiseForm(initial=request.POST.dict(), projects=projects))
        form = RaiseForm(request.POST, projects=projects)
        status = 400
        if form.is_valid():
            issue, status = run_service(form, lambda: raise_issue(request.user, **form.service_kwargs()))
            if status == 200:
                message = _("已登记并交办问题“%(title)s”。") % {"title": issue.title}
                return done(request, message, issue.get_absolute_url())
        return self.render_form(request, form, status=status)


class IssueEditView(ObjectEditView):
    """The office's edit of the descriptive fields; handlers act through the actions."""

    model = LedgerIssue
    queryset = ISSUE_PAGE
    form_class = IssueEditForm
    template_name = "generic/object_edit.html"

    def get_object(self, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.policy.writes_all(self.request.user):
            raise PermissionDenied(_("只有市重点办可以修改问题信息；责任单位请通过办理进展和提请销号办理。"))
        return obj


class EvidenceFileView(LoginRequiredMixin, View):
    """An evidence file, streamed only to those who may read its issue."""

    def get(self, request, pk):
        queryset = policy_for(IssueEvidence).viewable(request.user, IssueEvidence.objects.all())
        evidence = get_object_or_404(queryset, pk=pk)
        return file_response(evidence.file, evidence.original_name)
