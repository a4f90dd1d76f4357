"""Evaluation rounds (项目评估): open, score, rank, decide, apply."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from liuyang.views import ObjectListView, PolicyViewMixin

from .. import selectors, services
from ..choices import Decision, EntryStatus, RoundStatus
from ..filtersets import EvaluationRoundFilterSet, ReserveEntryFilterSet
from ..forms import DecisionForm, OpenRoundForm
from ..models import EvaluationRound, ReserveEntry
from .base import can_manage, done, require, run_service
from .entries import with_due

#: the most pool entries the open-a-round page lists at once (filter to narrow it down)
SCOPE_LIMIT = 500


class RoundListView(ObjectListView):
    model = EvaluationRound
    filterset_class = EvaluationRoundFilterSet
    template_name = "reserve/round_list.html"
    table_template_name = "reserve/_round_table.html"

    def get_queryset(self):
        return EvaluationRound.objects.annotate(
            item_count=Count("items", distinct=True),
            decided_count=Count("items", filter=~Q(items__decision=""), distinct=True),
            evaluator_count=Count("evaluators", distinct=True),
        ).order_by("-opened_on", "-pk")

    def extra_context(self, request):
        scoring = request.user.evaluation_rounds.filter(status=RoundStatus.SCORING)
        return {"scoring_ids": set(scoring.values_list("pk", flat=True))}


def get_round(pk):
    return get_object_or_404(EvaluationRound.objects.select_related("applied_by"), pk=pk)


class RoundOpenView(PolicyViewMixin, View):
    """The office opens a round: name, plan year, evaluators, and the pool projects in scope."""

    model = EvaluationRound
    template_name = "reserve/round_open.html"
    scope_template_name = "reserve/_round_scope.html"

    def scope(self, request):
        """The in-pool entries listed for picking, narrowed by the scope filters (GET parameters).

        The scope filter also sends the projects already picked (``entries``, with
        ``picked``), so narrowing the list never drops a choice.
        """
        data = request.GET.copy()
        picked = data.pop("entries", []) if data.pop("picked", None) else None
        in_pool = with_due(ReserveEntry.objects.filter(status=EntryStatus.IN_POOL)).select_related(
            "project__industry", "responsible_unit"
        )
        filterset = ReserveEntryFilterSet(data, queryset=in_pool, request=request)
        queryset = filterset.qs if filterset.is_valid() else in_pool.none()
        rows = list(queryset.order_by("-is_due", "tier", "project__code")[: SCOPE_LIMIT + 1])
        return filterset, rows[:SCOPE_LIMIT], len(rows) > SCOPE_LIMIT, picked

    def render_page(self, request, form, status=200):
        filterset, rows, truncated, picked = self.scope(request)
        if form.is_bound:
            chosen = set(form.data.getlist("entries"))
        elif picked is not None:
            chosen = set(picked)
        else:
            chosen = {str(row.pk) for row in rows if row.is_due}
        shown = {str(row.pk) for row in rows}
        context = {
            "form": form,
            "filterset": filterset,
            "scope_rows": rows,
            "scope_truncated": truncated,
            "scope_limit": SCOPE_LIMIT,
            "chosen": chosen,
            "chosen_hidden": sorted(chosen - shown),
        }
        htmx = getattr(request, "htmx", False) and not request.htmx.boosted
        template = self.scope_template_name if htmx and request.method == "GET" else self.template_name
        return render(request, template, context, status=status)

    def get(self, request):
        require(can_manage(request.user, EvaluationRound))
        return self.render_page(request, OpenRoundForm())

    def post(self, request):
        require(can_manage(request.user, EvaluationRound))
        form = OpenRoundForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            evaluation_round = run_service(
                form,
                lambda: services.open_round(
                    name=data["name"],
                    plan_year=data["plan_year"],
                    entries=data["entries"].select_related("project"),
                    evaluators=data["evaluators"],
                    notes=data["notes"],
                    actor=request.user,
                ),
            )
            if evaluation_round is not None:
                return done(
                    request,
                    _("已开启评估轮次“%(name)s”，共 %(count)s 个项目。")
                    % {"name": evaluation_round, "count": len(data["entries"])},
                    evaluation_round.get_absolute_url(),
                )
        return self.render_page(request, form, status=400)


class RoundDetailView(PolicyViewMixin, View):
    """The round page: criteria and weights, each project's averages, weighted total, rank and decision."""

    model = EvaluationRound
    template_name = "reserve/round_detail.html"

    def get(self, request, pk):
        self.require_view()
        evaluation_round = get_round(pk)
        results = services.round_results(evaluation_round)
        criteria = list(evaluation_round.criteria.all())
        evaluators = list(evaluation_round.evaluators.select_related("unit").order_by("username"))
        progress = selectors.evaluator_progress(evaluation_round, len(criteria))
        for evaluator in evaluators:
            evaluator.scored = progress.get(evaluator.pk, 0)
        for row in results:
            row["scores"] = [
                {"criterion": c, "avg": avg} for c, avg in zip(criteria, row["averages"], strict=True)
            ]
        undecided = sum(1 for row in results if not row["item"].decision)
        manage = can_manage(request.user, EvaluationRound)
        context = {
            "object": evaluation_round,
            "results": results,
            "criteria": criteria,
            "evaluators": evaluators,
            "undecided": undecided,
            "decided_count": len(results) - undecided,
            "scored_count": sum(1 for row in results if row["total"] is not None),
            "has_plan": any(row["item"].decision == Decision.TO_PLAN for row in results),
            "can_score": services.can_score(request.user, evaluation_round),
            "can_manage": manage and evaluation_round.is_open,
        }
        return render(request, self.template_name, context)


def parse_score(raw):
    """A cell's number, or None when it is not a finite number."""
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


class RoundScoreView(PolicyViewMixin, View):
    """The signed-in evaluator's grid: one row per project, one input per criterion."""

    model = EvaluationRound
    template_name = "reserve/round_score.html"

    def setup_round(self, request, pk):
        evaluation_round = get_round(pk)
        require(
            services.can_score(request.user, evaluation_round),
            _("您不是该轮次的评估人，或该轮次已结束评分。"),
        )
        self.evaluation_round = evaluation_round
        self.criteria = list(evaluation_round.criteria.all())
        self.items = list(selectors.round_items_for_scoring(evaluation_round))

    def grid(self, values, errors):
        rows = []
        for item in self.items:
            cells = [
                {
                    "criterion": c,
                    "name": f"s-{item.pk}-{c.pk}",
                    "value": values.get((item.pk, c.pk), ""),
                    "error": errors.get((item.pk, c.pk), ""),
                }
                for c in self.criteria
            ]
            rows.append({"item": item, "cells": cells, "error": errors.get((item.pk, None), "")})
        return rows

    def render_grid(self, request, values, errors, status=200):
        context = {
            "object": self.evaluation_round,
            "criteria": self.criteria,
            "rows": self.grid(values, errors),
            "error_count": len(errors),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        self.setup_round(request, pk)
        own = selectors.own_scores(self.evaluation_round, request.user)
        values = {key: f"{value.normalize():f}" for key, value in own.items()}
        return self.render_grid(request, values, {})

    def post(self, request, pk):
        self.setup_round(request, pk)
        values, errors, saved = {}, {}, 0
        with transaction.atomic():
            for item in self.items:
                scores = {}
                for c in self.criteria:
                    raw = request.POST.get(f"s-{item.pk}-{c.pk}", "").strip()
                    values[(item.pk, c.pk)] = raw
                    if not raw:
                        continue  # not scored yet
                    if parse_score(raw) is None:
                        errors[(item.pk, c.pk)] = _("“%(name)s”的得分必须是数字。") % {"name": c.name}
                        continue
                    scores[c.pk] = raw
                if not scores:
                    continue
                try:
                    services.record_scores(item, request.user, scores)
                    saved += 1
                except ValidationError as error:
                    for key, messages in getattr(error, "message_dict", {None: error.messages}).items():
                        criterion_id = (
                            int(key.rsplit("_", 1)[1]) if key and key.startswith("criterion_") else None
                        )
                        errors[(item.pk, criterion_id)] = " ".join(messages)
            if errors:
                transaction.set_rollback(True)
        if errors:
            return self.render_grid(request, values, errors, status=400)
        return done(
            request,
            _("已保存您对 %(count)s 个项目的评分。") % {"count": saved},
            self.evaluation_round.get_absolute_url(),
        )


class RoundDecideView(PolicyViewMixin, View):
    """The office decides per project; one save for all rows, and a bad row saves nothing."""

    model = EvaluationRound
    template_name = "reserve/round_decide.html"

    def setup_round(self, request, pk):
        self.evaluation_round = get_round(pk)
        require(self.policy.can_change(request.user, self.evaluation_round))
        self.results = services.round_results(self.evaluation_round)

    def render_rows(self, request, forms, errors=(), status=200):
        rows = [dict(row, form=form) for row, form in zip(self.results, forms, strict=True)]
        context = {
            "object": self.evaluation_round,
            "rows": rows,
            "errors": list(errors),
            "error_rows": sum(1 for form in forms if form.errors),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        self.setup_round(request, pk)
        if not self.evaluation_round.is_open:
            return redirect(self.evaluation_round)
        forms = [DecisionForm(prefix=f"d{row['item'].pk}", item=row["item"]) for row in self.results]
        return self.render_rows(request, forms)

    def post(self, request, pk):
        self.setup_round(request, pk)
        forms = [
            DecisionForm(request.POST, prefix=f"d{row['item'].pk}", item=row["item"]) for row in self.results
        ]
        if not self.evaluation_round.is_open:
            return self.render_rows(request, forms, [_("该轮次的决策已生效，不能再修改。")], status=400)
        # Validate every row (not stopping at the first bad one) so each shows its errors.
        checked = [form.is_valid() for form in forms]
        valid = all(checked)
        saved = 0
        with transaction.atomic():
            for form in forms:
                if not valid or form.is_blank() or not changed(form):
                    continue
                if run_service(
                    form,
                    lambda form=form: services.decide(form.item, actor=request.user, **form.service_kwargs()),
                ):
                    saved += 1
            failed = any(form.errors for form in forms)
            if failed:
                transaction.set_rollback(True)
        if failed:
            return self.render_rows(request, forms, status=400)
        return done(
            request,
            _("已保存 %(count)s 个项目的决策。") % {"count": saved},
            self.evaluation_round.get_absolute_url(),
        )


def changed(form):
    """Whether a row differs from the decision already stored (so an untouched row writes nothing)."""
    item, data = form.item, form.cleaned_data
    return (
        data["decision"] != item.decision
        or data["new_tier"] != item.new_tier
        or data["plan_category"] != item.plan_category
        or data["planned_investment"] != item.planned_investment
        or data["target_milestones"].strip() != item.target_milestones
        or data["reason"].strip() != item.decision_reason
    )


class RoundApplyView(PolicyViewMixin, View):
    """Apply every decision of a round in one step (优胜劣汰); confirmation first."""

    model = EvaluationRound
    template_name = "reserve/round_apply.html"

    def render_page(self, request, evaluation_round, errors=(), status=200):
        counts, undecided = selectors.decision_counts(evaluation_round)
        items = evaluation_round.items.select_related("entry__project").order_by("entry__project__code")
        context = {
            "object": evaluation_round,
            "counts": counts,
            "undecided": undecided,
            "items": items,
            "errors": list(errors),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        evaluation_round = get_round(pk)
        require(self.policy.can_change(request.user, evaluation_round))
        if not evaluation_round.is_open:
            return redirect(evaluation_round)
        return self.render_page(request, evaluation_round)

    def post(self, request, pk):
        evaluation_round = get_round(pk)
        require(self.policy.can_change(request.user, evaluation_round))
        try:
            services.apply_round(evaluation_round, actor=request.user)
        except ValidationError as error:
            messages = [m for ms in getattr(error, "message_dict", {"": error.messages}).values() for m in ms]
            return self.render_page(request, evaluation_round, messages, status=400)
        evaluation_round.refresh_from_db()
        message = _("“%(name)s”的全部决策已生效。") % {"name": evaluation_round}
        return done(request, message, reverse("reserve:round_detail", args=[evaluation_round.pk]))
