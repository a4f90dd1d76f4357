"""The POSTs that move an issue, and turning a meeting's action item into an issue.

Not readable → 404; readable but not the user's to handle (or not the office's
action) → 403 and nothing changes; bad input → the issue page again with the
message at the form (400); a stale version → 409; done → back to the issue.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from liuyang.policies import policy_for
from projects.models import ActionItem

from ..forms import FromActionItemForm
from ..models import LedgerIssue
from ..services import ledger
from .base import ISSUE_PAGE, done, issue_policy, require, run_service, viewable_issues
from .ledger import ACTION_FORMS, render_issue

ACTION_SERVICES = {
    "update": ledger.add_update,
    "resolve": ledger.resolve,
    "verify": ledger.verify,
    "reopen": ledger.reopen,
    "listed": ledger.set_listed,
}
OFFICE_ACTIONS = {
    "verify": gettext_lazy("只有市重点办可以核验销号。"),
    "reopen": gettext_lazy("只有市重点办可以重新打开问题。"),
    "listed": gettext_lazy("只有市重点办可以挂牌督办。"),
}


def action_message(action, issue, form):
    data = form.cleaned_data
    if action == "update":
        return _("已记录办理进展。")
    if action == "resolve":
        return _("已提请销号，等待市重点办核验。")
    if action == "verify":
        return _("已核验销号。") if data["accept"] else _("核验未通过，已退回责任单位继续办理。")
    if action == "reopen":
        return _("已重新打开问题，新的办结时限为 %(deadline)s。") % {"deadline": data["deadline"]}
    return _("已挂牌督办。") if data["listed"] else _("已取消挂牌督办。")


class IssueActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in ACTION_SERVICES:
            raise Http404
        issue = get_object_or_404(viewable_issues(request.user), pk=pk)
        if action in OFFICE_ACTIONS:
            require(issue_policy().writes_all(request.user), str(OFFICE_ACTIONS[action]))
        else:
            require(
                issue_policy().can_change(request.user, issue),
                _("只有责任单位“%(unit)s”的人员、责任人或市重点办可以办理此问题。")
                % {"unit": issue.responsible_unit},
            )
        form = ACTION_FORMS[action](request.POST, request.FILES, auto_id=f"id_{action}_%s")
        status = 400
        if form.is_valid():
            service = ACTION_SERVICES[action]
            _saved, status = run_service(form, lambda: service(request.user, issue, **form.service_kwargs()))
            if status == 200:
                return done(request, action_message(action, issue, form), issue.get_absolute_url())
            if status == 409:
                form.data = form.data.copy()
                form.data["version"] = LedgerIssue.objects.values_list("version", flat=True).get(pk=issue.pk)
        return render_issue(request, ISSUE_PAGE.get(pk=issue.pk), {"action": action, "form": form}, status)


def may_raise_on(user, project):
    """Whether the user may raise issues on the project (no query for the office)."""
    policy = issue_policy()
    if not policy.can_add(user):
        return False
    return policy.writes_all(user) or ledger.raisable_projects(user).filter(pk=project.pk).exists()


class FromActionItemView(LoginRequiredMixin, View):
    """转为问题: a dispatch meeting's action item becomes a ledger issue, linked both ways."""

    template_name = "issues/from_action_item.html"

    def get_item(self, request, pk):
        queryset = policy_for(ActionItem).viewable(
            request.user,
            ActionItem.objects.select_related(
                "meeting__task_force__project", "owner", "owner_unit", "ledger_issue"
            ),
        )
        item = get_object_or_404(queryset, pk=pk)
        project = item.meeting.task_force.project
        require(may_raise_on(request.user, project), _("您不能为该项目登记问题。"))
        return item

    def render_form(self, request, item, form, status=200):
        context = {"item": item, "meeting": item.meeting, "project": item.meeting.task_force.project}
        context["form"] = form
        context["existing"] = getattr(item, "ledger_issue", None)
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        item = self.get_item(request, pk)
        existing = getattr(item, "ledger_issue", None)
        if existing is not None:
            return HttpResponseRedirect(existing.get_absolute_url())
        form = FromActionItemForm(initial={"deadline": item.due_date})
        return self.render_form(request, item, form)

    def post(self, request, pk):
        item = self.get_item(request, pk)
        form = FromActionItemForm(request.POST)
        status = 400
        if form.is_valid():
            issue, status = run_service(
                form, lambda: ledger.issue_from_action_item(request.user, item, **form.service_kwargs())
            )
            if status == 200:
                message = _("已将交办事项“%(title)s”转为问题并交办。") % {"title": item.title}
                return done(request, message, issue.get_absolute_url())
        return self.render_form(request, item, form, status=status)
