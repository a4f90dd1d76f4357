"""Read-side queries of the reserve pool for pages: each answers in a fixed number of queries.

State changes live in ``reserve.services``; nothing here writes.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, Sum

from projects.choices import PolicyTag, ProjectType

from . import services
from .choices import Decision, EntryStatus, Tier
from .models import AnnualPlan, ReserveEntry, ReserveMove, RoundCriterion, Score

ZERO = Decimal("0")
TWO_PLACES = Decimal("0.01")


def policy_tag_q(tag, prefix="project__"):
    """Rows whose project carries ``tag`` (the same test the entry filter ``policy_tag`` applies)."""
    return Q(**{f"{prefix}policy_tags__icontains": f'"{tag}"'})


def _groups(queryset, field, labels=None):
    """``[{"value", "label", "count", "investment"}]`` of ``queryset`` grouped by ``field`` (1 query)."""
    rows = (
        queryset.values(field)
        .annotate(count=Count("pk"), investment=Sum("project__total_investment"))
        .order_by(field)
    )
    by_value = {row[field]: row for row in rows}
    if labels is None:
        return [
            {"value": v, "label": v, "count": r["count"], "investment": r["investment"] or ZERO}
            for v, r in by_value.items()
        ]
    # Every label in its declared order, zero where nothing is in it, so the table never changes shape.
    return [
        {
            "value": value,
            "label": label,
            "count": by_value.get(value, {}).get("count", 0),
            "investment": by_value.get(value, {}).get("investment") or ZERO,
        }
        for value, label in labels
    ]


def pool_overview(recent=20, due_shown=10):
    """Everything the pool overview shows, in a fixed number of queries whatever the pool's size."""
    entries = ReserveEntry.objects.all()
    in_pool = entries.filter(status=EntryStatus.IN_POOL)

    totals = in_pool.aggregate(count=Count("pk"), investment=Sum("project__total_investment"))
    tag_aggregates = {}
    for tag in PolicyTag.values:
        tag_aggregates[f"n_{tag}"] = Count("pk", filter=policy_tag_q(tag))
        tag_aggregates[f"s_{tag}"] = Sum("project__total_investment", filter=policy_tag_q(tag))
    tag_row = in_pool.aggregate(**tag_aggregates)
    by_tag = [
        {
            "value": tag,
            "label": label,
            "count": tag_row[f"n_{tag}"] or 0,
            "investment": tag_row[f"s_{tag}"] or ZERO,
        }
        for tag, label in PolicyTag.choices
    ]
    industries = (
        in_pool.values("project__industry", "project__industry__name")
        .annotate(count=Count("pk"), investment=Sum("project__total_investment"))
        .order_by("-investment", "project__industry__name")
    )
    due = services.due_q()
    due_entries = list(
        entries.filter(due)
        .select_related("project", "responsible_unit")
        .order_by("last_evaluated_on", "entered_on", "project__code")[:due_shown]
    )
    moves = list(
        ReserveMove.objects.select_related("entry__project", "actor", "evaluation_round").order_by(
            "-created_at", "-pk"
        )[:recent]
    )
    return {
        "in_pool": {"count": totals["count"], "investment": totals["investment"] or ZERO},
        "by_tier": _groups(in_pool, "tier", Tier.choices),
        "by_status": _groups(entries, "status", EntryStatus.choices),
        "by_type": _groups(in_pool, "project__project_type", ProjectType.choices),
        "by_industry": [
            {
                "value": row["project__industry"],
                "label": row["project__industry__name"],
                "count": row["count"],
                "investment": row["investment"] or ZERO,
            }
            for row in industries
        ],
        "by_tag": by_tag,
        "due_count": entries.filter(due).count(),
        "due_entries": due_entries,
        "moves": moves,
    }


def entry_round_scores(entry):
    """The rounds an entry was in, each with its weighted total (0–100) and decision (3 queries).

    The total is computed the way ``services.round_results`` does: per criterion,
    the evaluators' average over its maximum, weighted; only when every
    criterion of the round has a score.
    """
    items = list(
        entry.round_items.select_related("evaluation_round", "decided_by").order_by(
            "-evaluation_round__opened_on", "-pk"
        )
    )
    if not items:
        return []
    round_ids = {item.evaluation_round_id for item in items}
    criteria_per_round = dict(
        RoundCriterion.objects.filter(evaluation_round__in=round_ids)
        .values("evaluation_round")
        .annotate(n=Count("pk"))
        .values_list("evaluation_round", "n")
    )
    weighted = defaultdict(list)
    evaluators = defaultdict(int)
    rows = (
        Score.objects.filter(item__in=items)
        .values("item_id", "criterion_id", "criterion__weight", "criterion__max_score")
        .annotate(avg=Avg("value"), n=Count("evaluator", distinct=True))
    )
    for row in rows:
        weighted[row["item_id"]].append(
            row["criterion__weight"] * Decimal(row["avg"]) / row["criterion__max_score"]
        )
        evaluators[row["item_id"]] = max(evaluators[row["item_id"]], row["n"])
    for item in items:
        parts = weighted.get(item.pk, [])
        complete = bool(parts) and len(parts) == criteria_per_round.get(item.evaluation_round_id, 0)
        item.total = sum(parts, ZERO).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if complete else None
        item.evaluator_count = evaluators.get(item.pk, 0)
    return items


def evaluator_progress(evaluation_round, criteria):
    """Per evaluator: how many items they scored on all ``criteria`` (the round's count; 1 query)."""
    rows = (
        Score.objects.filter(item__evaluation_round=evaluation_round)
        .values("evaluator", "item")
        .annotate(n=Count("pk"))
    )
    done = defaultdict(int)
    for row in rows:
        if row["n"] >= criteria:
            done[row["evaluator"]] += 1
    return done


def decision_counts(evaluation_round):
    """Items of a round by decision, undecided included (1 query)."""
    rows = dict(
        evaluation_round.items.values("decision").annotate(n=Count("pk")).values_list("decision", "n")
    )
    counts = [
        {"value": value, "label": label, "count": rows.get(value, 0)} for value, label in Decision.choices
    ]
    return counts, rows.get("", 0)


def plan_years():
    """Each annual plan with its item count and planned investment (1 query)."""
    return AnnualPlan.objects.annotate(
        item_count=Count("items"), investment=Sum("items__planned_investment")
    ).order_by("-year")


def round_items_for_scoring(evaluation_round):
    return evaluation_round.items.select_related("entry__project__industry").order_by("entry__project__code")


def own_scores(evaluation_round, evaluator):
    """``{(item_id, criterion_id): value}`` of one evaluator in a round (1 query)."""
    return {
        (item_id, criterion_id): value
        for item_id, criterion_id, value in Score.objects.filter(
            item__evaluation_round=evaluation_round, evaluator=evaluator
        ).values_list("item_id", "criterion_id", "value")
    }
