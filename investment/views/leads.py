"""Investment leads (招商线索): the list, one lead's page with its journal and history, add and
edit, and the actions (contact, advance, drop, sign, land).

Not readable → 404 (another team's lead); readable but not the user's team → 403 and nothing
changes; bad input → the page again with the message at the form (400); a stale version → 409.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from approvals.views.base import done, require, run_service
from liuyang.history import history_for
from liuyang.policies import policy_for
from liuyang.views import ObjectListView

from ..choices import OPEN_STAGES, PIPELINE, JournalKind, LeadStage
from ..filtersets import LeadFilterSet
from ..forms import AdvanceForm, ContactForm, DropForm, LandForm, LeadForm, SignForm
from ..models import InvestmentLead, LeadJournal
from ..selectors import LEAD_CARD, decorate_lead
from ..services import leads

LEAD_PAGE = InvestmentLead.objects.select_related(
    "link__chain__industry", "team__leader", "owner", "created_by", "project"
)


def lead_policy():
    return policy_for(InvestmentLead)


def viewable_leads(user, queryset=LEAD_PAGE):
    policy = lead_policy()
    require(policy.can_view(user), _("只有市重点办、市级领导和招商小分队可以查看招商线索。"))
    return policy.viewable(user, queryset.all())


class LeadListView(ObjectListView):
    model = InvestmentLead
    queryset = LEAD_CARD
    filterset_class = LeadFilterSet
    template_name = "investment/lead_list.html"
    table_template_name = "investment/_lead_table.html"

    def extra_context(self, request):
        return {"today": timezone.localdate()}


#: action → (form, service, the stages it is offered in, its success message)
ACTIONS = {
    "contact": (
        ContactForm,
        leads.record_contact,
        OPEN_STAGES + (LeadStage.SIGNED,),
        gettext_lazy("已记录联系情况。"),
    ),
    "advance": (AdvanceForm, leads.advance, OPEN_STAGES[:-1], gettext_lazy("已推进到下一阶段。")),
    "sign": (SignForm, leads.sign, (LeadStage.NEGOTIATION,), gettext_lazy("已签约，项目已纳入储备库。")),
    "land": (LandForm, leads.land, (LeadStage.SIGNED,), gettext_lazy("已确认项目落地。")),
    "drop": (DropForm, leads.drop, OPEN_STAGES, gettext_lazy("已终止该线索。")),
}
ACTION_TITLES = {
    "contact": gettext_lazy("记录联系"),
    "advance": gettext_lazy("推进阶段"),
    "sign": gettext_lazy("签约转项目"),
    "land": gettext_lazy("确认落地"),
    "drop": gettext_lazy("终止线索"),
}


def action_forms(user, lead):
    """The action forms the user may use on the lead now (the services check again)."""
    if not lead_policy().can_change(user, lead):
        return {}
    forms = {}
    for name, (form_class, _service, stages, _message) in ACTIONS.items():
        if lead.stage not in stages:
            continue
        auto_id = f"id_{name}_%s"
        if name == "sign":
            forms[name] = SignForm.for_lead(lead, auto_id=auto_id)
        else:
            forms[name] = form_class(initial={"version": lead.version}, auto_id=auto_id)
    return forms


def render_lead(request, lead, bound=None, status=200):
    """The lead's page; ``bound`` ({"action", "form"}) is an action form sent back with errors."""
    today = timezone.localdate()
    decorate_lead(lead, today)
    forms = action_forms(request.user, lead)
    if bound is not None:
        forms[bound["action"]] = bound["form"]
    journal = list(LeadJournal.objects.filter(lead=lead).select_related("actor").order_by("-at", "-pk"))
    position = PIPELINE.index(lead.stage) if lead.stage in PIPELINE else -1
    steps = [
        {"label": LeadStage(stage).label, "done": index <= position, "current": index == position}
        for index, stage in enumerate(PIPELINE)
    ]
    context = {
        "lead": lead,
        "journal": journal,
        "journal_kinds": JournalKind,
        "steps": steps,
        "actions": [(name, ACTION_TITLES[name], form) for name, form in forms.items()],
        "open_form": bound["action"] if bound else "",
        "can_edit": lead_policy().can_change(request.user, lead),
        "history": history_for(lead, limit=30),
        "today": today,
    }
    return render(request, "investment/lead_detail.html", context, status=status)


class LeadDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_lead(request, get_object_or_404(viewable_leads(request.user), pk=pk))


class LeadActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        lead = get_object_or_404(viewable_leads(request.user), pk=pk)
        require(lead_policy().can_change(request.user, lead), _("只能推进本人所在招商小分队的线索。"))
        form_class, service, _stages, message = ACTIONS[action]
        form = form_class(request.POST, auto_id=f"id_{action}_%s")
        status = 400
        if form.is_valid():
            saved, status = run_service(form, lambda: service(request.user, lead, **form.service_kwargs()))
            if status == 200:
                if action == "sign":
                    project = saved.project
                    text = _("已签约，项目 %(code)s %(name)s 已纳入储备库。") % {
                        "code": project.code,
                        "name": project.name,
                    }
                    return done(request, text, project.get_absolute_url())
                return done(request, str(message), lead.get_absolute_url())
            if status == 409:
                form.data = form.data.copy()
                form.data["version"] = InvestmentLead.objects.values_list("version", flat=True).get(pk=pk)
        return render_lead(request, LEAD_PAGE.get(pk=pk), {"action": action, "form": form}, status)


class LeadAddView(LoginRequiredMixin, View):
    template_name = "investment/lead_form.html"

    def check(self, request):
        require(lead_policy().can_add(request.user), _("只有市重点办和招商小分队可以录入线索。"))

    def get(self, request):
        self.check(request)
        initial = {}
        if (link := request.GET.get("link", "")).isdigit():
            initial["link"] = int(link)
        form = LeadForm(user=request.user, initial=initial)
        return render(request, self.template_name, {"form": form, "lead": None})

    def post(self, request):
        self.check(request)
        form = LeadForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            lead, status = run_service(form, lambda: leads.create(request.user, **form.service_kwargs()))
            if status == 200:
                return done(request, _("已录入线索“%(lead)s”。") % {"lead": lead}, lead.get_absolute_url())
        return render(request, self.template_name, {"form": form, "lead": None}, status=status)


class LeadEditView(LoginRequiredMixin, View):
    template_name = "investment/lead_form.html"

    def get_lead(self, request, pk):
        lead = get_object_or_404(viewable_leads(request.user), pk=pk)
        require(lead_policy().can_change(request.user, lead), _("只能修改本人所在招商小分队的线索。"))
        return lead

    def get(self, request, pk):
        lead = self.get_lead(request, pk)
        form = LeadForm(user=request.user, lead=lead)
        return render(request, self.template_name, {"form": form, "lead": lead})

    def post(self, request, pk):
        lead = self.get_lead(request, pk)
        form = LeadForm(request.POST, user=request.user, lead=lead)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                name: value for name, value in form.service_kwargs().items() if getattr(lead, name) != value
            }
            _saved, status = run_service(
                form,
                lambda: leads.update(
                    request.user, lead, reason=data["reason"], expected_version=data["version"], **fields
                ),
            )
            if status == 200:
                return done(request, _("已保存线索。"), reverse("investment:lead_detail", args=[pk]))
            if status == 409:
                form.data = form.data.copy()
                form.data["version"] = InvestmentLead.objects.values_list("version", flat=True).get(pk=pk)
        return render(request, self.template_name, {"form": form, "lead": lead}, status=status)
