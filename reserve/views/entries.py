"""The pool's entries: list, detail with the office's actions, and entering the pool."""

from django.db.models import BooleanField, Case, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from liuyang.history import history_for
from liuyang.views import ObjectListView, PolicyViewMixin
from projects.models import Project

from .. import selectors, services
from ..choices import EntryStatus
from ..filtersets import ReserveEntryFilterSet
from ..forms import ChangeTierForm, EnterPoolForm, EntryDetailsForm, PlanItemForm, RemoveForm
from ..models import AnnualPlanItem, ReserveEntry
from .base import can_manage, done, require, run_service

ENTRY_QUERYSET = ReserveEntry.objects.select_related("project__industry", "project__town", "responsible_unit")


def with_due(queryset):
    """Annotate ``is_due`` (not evaluated for longer than the setting), computed today."""
    return queryset.annotate(
        is_due=Case(
            When(services.due_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


class EntryListView(ObjectListView):
    model = ReserveEntry
    filterset_class = ReserveEntryFilterSet
    template_name = "reserve/entry_list.html"
    table_template_name = "reserve/_entry_table.html"

    def get_queryset(self):
        return with_due(ENTRY_QUERYSET.all())


# -- the entry page and its actions -----------------------------------------------------


def entry_actions(entry, user):
    """The action forms the user may use on this entry, unbound (name → form)."""
    if not can_manage(user, ReserveEntry):
        return {}
    actions = {}
    if entry.status == EntryStatus.IN_POOL:
        actions["tier"] = ChangeTierForm(prefix="tier")
        actions["remove"] = RemoveForm(prefix="remove")
    if entry.status == EntryStatus.REMOVED:
        actions["restore"] = EnterPoolForm(
            prefix="restore",
            project=entry.project,
            initial={
                "tier": entry.tier,
                "responsible_unit": entry.responsible_unit_id,
                "responsible_person": entry.responsible_person,
                "prep_deadline": entry.prep_deadline,
                "target_start": entry.target_start,
                "time_nodes": entry.time_nodes,
                "expected_goals": entry.expected_goals,
            },
        )
    if entry.status != EntryStatus.REMOVED and can_manage(user, AnnualPlanItem):
        actions["plan"] = PlanItemForm(
            prefix="plan", project=entry.project, initial={"planned_investment": None}
        )
    if entry.status != EntryStatus.REMOVED:
        actions["details"] = EntryDetailsForm(prefix="details", entry=entry)
    return actions


class EntryDetailView(PolicyViewMixin, View):
    model = ReserveEntry
    template_name = "reserve/entry_detail.html"
    history_limit = 20

    def get_entry(self, pk):
        self.require_view()
        return get_object_or_404(with_due(ENTRY_QUERYSET.select_related("project__responsible_unit")), pk=pk)

    def render_page(self, request, entry, bound=None, status=200):
        actions = entry_actions(entry, request.user)
        if bound is not None:
            name, form = bound
            actions[name] = form
        context = {
            "object": entry,
            "project": entry.project,
            "moves": entry.moves.select_related("actor", "evaluation_round").order_by("-created_at", "-pk"),
            "round_items": selectors.entry_round_scores(entry),
            "plan_items": entry.project.plan_items.select_related("plan", "evaluation_round").order_by(
                "-plan__year"
            ),
            "history": history_for(entry, limit=self.history_limit),
            "actions": actions,
            "open_action": bound[0] if bound else "",
            "model_meta": ReserveEntry._meta,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(request, self.get_entry(pk))


class EntryActionView(EntryDetailView):
    """One office action on an entry: a POST that calls a service.

    Refused → 403 and nothing changes; bad input → the entry page again with
    the messages on the fields (400); done → back to the entry page.
    """

    action = None
    form_class = None
    #: the model whose policy says who may act
    acts_on = ReserveEntry

    def make_form(self, entry, data=None):
        return self.form_class(data, prefix=self.action)

    def perform(self, form, entry, user):
        raise NotImplementedError

    def success_message(self, entry):
        raise NotImplementedError

    def check(self, request, entry):
        require(can_manage(request.user, self.acts_on))

    def get(self, request, pk):
        entry = self.get_entry(pk)
        self.check(request, entry)
        return self.render_page(request, entry, bound=(self.action, self.make_form(entry)))

    def post(self, request, pk):
        entry = self.get_entry(pk)
        self.check(request, entry)
        form = self.make_form(entry, request.POST)
        if form.is_valid() and run_service(form, lambda: self.perform(form, entry, request.user)) is not None:
            entry.refresh_from_db()
            return done(request, self.success_message(entry), entry.get_absolute_url())
        return self.render_page(request, entry, bound=(self.action, form), status=400)


class EntryChangeTierView(EntryActionView):
    action = "tier"
    form_class = ChangeTierForm

    def perform(self, form, entry, user):
        data = form.cleaned_data
        return services.change_tier(entry, data["new_tier"], reason=data["reason"], actor=user)

    def success_message(self, entry):
        return _("已将“%(project)s”调整为%(tier)s。") % {
            "project": entry.project,
            "tier": entry.get_tier_display(),
        }


class EntryRemoveView(EntryActionView):
    action = "remove"
    form_class = RemoveForm

    def perform(self, form, entry, user):
        return services.remove(entry, reason=form.cleaned_data["reason"], actor=user)

    def success_message(self, entry):
        return _("已将“%(project)s”调整出库。") % {"project": entry.project}


class EntryRestoreView(EntryActionView):
    action = "restore"

    def make_form(self, entry, data=None):
        return EnterPoolForm(data, prefix=self.action, project=entry.project)

    def perform(self, form, entry, user):
        return services.enter_pool(actor=user, **form.service_kwargs())

    def success_message(self, entry):
        return _("“%(project)s”已重新入库（%(tier)s）。") % {
            "project": entry.project,
            "tier": entry.get_tier_display(),
        }


class EntryPlanView(EntryActionView):
    action = "plan"
    acts_on = AnnualPlanItem

    def make_form(self, entry, data=None):
        return PlanItemForm(data, prefix=self.action, project=entry.project)

    def perform(self, form, entry, user):
        return services.add_to_plan(actor=user, **form.service_kwargs())

    def success_message(self, entry):
        return _("已将“%(project)s”纳入年度实施计划。") % {"project": entry.project}


class EntryDetailsView(EntryActionView):
    action = "details"

    def make_form(self, entry, data=None):
        return EntryDetailsForm(data, prefix=self.action, entry=entry)

    def perform(self, form, entry, user):
        return services.update_entry(entry, actor=user, **form.service_kwargs())

    def success_message(self, entry):
        return _("已保存“%(project)s”的储备信息。") % {"project": entry.project}


class EntryAddView(PolicyViewMixin, View):
    """入库: put a project (new to the pool, or removed from it) into the pool."""

    model = ReserveEntry
    template_name = "reserve/entry_add.html"

    def render_form(self, request, form, status=200):
        return render(request, self.template_name, {"form": form}, status=status)

    def get(self, request):
        require(can_manage(request.user, ReserveEntry))
        initial = {}
        wanted = request.GET.get("project", "")
        project = Project.objects.filter(pk=wanted).first() if wanted.isdigit() else None
        if project is not None:
            initial = {
                "project": project.pk,
                "responsible_unit": project.responsible_unit_id,
                "responsible_person": project.responsible_person,
                "target_start": project.planned_start,
            }
        return self.render_form(request, EnterPoolForm(initial=initial))

    def post(self, request):
        require(can_manage(request.user, ReserveEntry))
        form = EnterPoolForm(request.POST)
        if form.is_valid():
            entry = run_service(
                form, lambda: services.enter_pool(actor=request.user, **form.service_kwargs())
            )
            if entry is not None:
                return done(
                    request,
                    _("“%(project)s”已入库（%(tier)s）。")
                    % {"project": entry.project, "tier": entry.get_tier_display()},
                    entry.get_absolute_url(),
                )
        return self.render_form(request, form, status=400)
