"""The reserve pool's rules: every move of a project is checked here, saved atomically and recorded.

Pages, API, imports and the demo loader all call these functions; none of them
edits a ReserveEntry's status or tier directly. Each function takes the acting
user, checks their right through the model's policy, and raises Django's
PermissionDenied (→ 403) or ValidationError (→ 400, with Chinese messages keyed
by field where there is one).
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for
from liuyang.policies import require as _require
from projects.choices import ProjectStage
from projects.models import Project

from .choices import Decision, EntryStatus, MoveKind, PlanSource, RoundStatus
from .models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationCriterion,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundCriterion,
    RoundItem,
    Score,
)

TWO_PLACES = Decimal("0.01")
#: stages a project leaves when it enters the pool
PRE_POOL_STAGES = {ProjectStage.PLANNING, ProjectStage.REMOVED}


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    return reason


def _record(entry, kind, reason, actor, *, from_tier="", to_tier="", evaluation_round=None):
    return ReserveMove.objects.create(
        entry=entry,
        kind=kind,
        from_tier=from_tier,
        to_tier=to_tier,
        reason=reason,
        actor=actor,
        evaluation_round=evaluation_round,
    )


def _update_project(project, reason, **fields):
    """Change some fields of a project, saving a fresh locked copy so a stale instance never
    overwrites someone else's edit; the caller's instance is brought up to date."""
    fresh = Project.objects.select_for_update().get(pk=project.pk)
    changed = {name: value for name, value in fields.items() if getattr(fresh, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(fresh, name, value)
        fresh._change_reason = reason
        fresh.save()
    for name in (*fields, "version"):
        setattr(project, name, getattr(fresh, name))
    return fresh


def _fresh_stage(project):
    """The stage as stored now (the caller's copy may be older)."""
    return Project.objects.select_for_update().values_list("stage", flat=True).get(pk=project.pk)


def _set_stage(project, stage, reason):
    return _update_project(project, reason, stage=stage)


def today():
    return timezone.localdate()


# -- the pool -------------------------------------------------------------------------


#: an entry's plain details, which are not pool state (tier and status change only by moves)
ENTRY_DETAILS = frozenset({"prep_deadline", "target_start", "time_nodes", "expected_goals"})


def _check_details(details, allowed=ENTRY_DETAILS):
    unknown = set(details) - allowed
    if unknown:
        raise TypeError(f"not an entry detail: {', '.join(sorted(unknown))}")


@transaction.atomic
def enter_pool(*, project, tier, responsible_unit, responsible_person, reason, actor, **details):
    """Put a project into the pool (入库), or back into it after removal (重新入库)."""
    _require(policy_for(ReserveEntry).can_add(actor))
    return enter_pool_for(
        project,
        tier=tier,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        reason=reason,
        actor=actor,
        **details,
    )


@transaction.atomic
def enter_pool_for(project, *, tier, responsible_unit, responsible_person, reason, actor, **details):
    """``enter_pool`` for a service that has checked its own right: a signed investment lead
    enters the pool through the investment team's signing (investment.services.leads.sign)."""
    _check_details(details, ENTRY_DETAILS | {"entered_on"})
    reason = _require_reason(reason)
    entry = ReserveEntry.objects.select_for_update().filter(project=project).first()
    if entry is not None and entry.status != EntryStatus.REMOVED:
        raise ValidationError(
            {"project": _("该项目已在储备库中（%(status)s）。") % {"status": entry.get_status_display()}}
        )
    kind = MoveKind.ENTER if entry is None else MoveKind.RESTORE
    from_tier = "" if entry is None else entry.tier
    if entry is None:
        entry = ReserveEntry(project=project, entered_on=details.pop("entered_on", None) or today())
    else:
        details.pop("entered_on", None)
    entry.tier = tier
    entry.status = EntryStatus.IN_POOL
    entry.responsible_unit = responsible_unit
    entry.responsible_person = responsible_person
    for name, value in details.items():
        setattr(entry, name, value)
    entry.full_clean(exclude=["project"] if entry.pk else None)
    entry._change_reason = reason
    entry.save()
    _record(entry, kind, reason, actor, from_tier=from_tier, to_tier=tier)
    if _fresh_stage(project) in PRE_POOL_STAGES:
        _set_stage(project, ProjectStage.RESERVE, reason)
    return entry


@transaction.atomic
def update_entry(entry, *, actor, reason, expected_version=None, **details):
    """Change an entry's plain details (responsible unit/person, time nodes, goals); recorded in its history."""
    _check_details(details, ENTRY_DETAILS | {"responsible_unit", "responsible_person"})
    _require(policy_for(ReserveEntry).can_change(actor, entry))
    reason = _require_reason(reason)
    entry = ReserveEntry.objects.select_for_update().get(pk=entry.pk)
    if expected_version is not None and int(expected_version) != entry.version:
        raise ConflictError()
    changed = {name: value for name, value in details.items() if getattr(entry, name) != value}
    if not changed:
        return entry
    for name, value in changed.items():
        setattr(entry, name, value)
    entry.full_clean(exclude=["project"])
    entry._change_reason = reason
    entry.save()
    return entry


def _lock_in_pool(entry):
    entry = ReserveEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.IN_POOL:
        raise ValidationError(
            _("“%(project)s”当前状态为“%(status)s”，不能执行此操作。")
            % {"project": entry.project, "status": entry.get_status_display()}
        )
    return entry


@transaction.atomic
def change_tier(entry, new_tier, *, reason, actor, evaluation_round=None):
    """Move an entry to another tier (调整层级)."""
    _require(policy_for(ReserveEntry).can_change(actor, entry))
    reason = _require_reason(reason)
    entry = _lock_in_pool(entry)
    if new_tier == entry.tier:
        raise ValidationError({"new_tier": _("新层级与当前层级相同。")})
    old = entry.tier
    entry.tier = new_tier
    entry.full_clean(exclude=["project"])
    entry._change_reason = reason
    entry.save()
    _record(
        entry,
        MoveKind.CHANGE_TIER,
        reason,
        actor,
        from_tier=old,
        to_tier=new_tier,
        evaluation_round=evaluation_round,
    )
    return entry


@transaction.atomic
def remove(entry, *, reason, actor, evaluation_round=None):
    """Take an entry out of the pool (调整出库). The entry and project stay on record as 出库."""
    _require(policy_for(ReserveEntry).can_change(actor, entry))
    reason = _require_reason(reason)
    entry = _lock_in_pool(entry)
    entry.status = EntryStatus.REMOVED
    entry._change_reason = reason
    entry.save()
    _record(entry, MoveKind.REMOVE, reason, actor, from_tier=entry.tier, evaluation_round=evaluation_round)
    _set_stage(entry.project, ProjectStage.REMOVED, reason)
    return entry


# -- the annual plan ------------------------------------------------------------------


@transaction.atomic
def add_to_plan(
    *,
    project,
    year,
    category,
    planned_investment,
    reason,
    actor,
    target_milestones="",
    evaluation_round=None,
):
    """Put a project into a year's implementation plan (纳入年度实施计划).

    Through an evaluation decision (``evaluation_round`` given) or directly by
    the office. A pool entry, if the project has one in the pool, moves to 已纳入.
    """
    _require(policy_for(AnnualPlanItem).can_add(actor))
    reason = _require_reason(reason)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度应在 2000 到 2100 之间。")})
    removed_entry = ReserveEntry.objects.filter(project=project, status=EntryStatus.REMOVED).exists()
    if removed_entry or _fresh_stage(project) == ProjectStage.REMOVED:
        raise ValidationError(
            {"project": _("“%(project)s”已出库，请先重新入库再纳入年度计划。") % {"project": project}}
        )
    plan, _created = AnnualPlan.objects.get_or_create(year=year)
    if AnnualPlanItem.objects.filter(plan=plan, project=project).exists():
        raise ValidationError(
            {"project": _("“%(project)s”已在 %(year)s 年度计划中。") % {"project": project, "year": year}}
        )
    if planned_investment is not None and planned_investment > project.total_investment:
        raise ValidationError(
            {
                "planned_investment": _("年度计划投资（%(annual)s 万元）不能超过总投资（%(total)s 万元）。")
                % {"annual": planned_investment, "total": project.total_investment}
            }
        )
    item = AnnualPlanItem(
        plan=plan,
        project=project,
        category=category,
        planned_investment=planned_investment,
        target_milestones=target_milestones,
        source=PlanSource.EVALUATION if evaluation_round else PlanSource.DIRECT,
        evaluation_round=evaluation_round,
        reason=reason,
        added_by=actor,
    )
    item.full_clean()
    item._change_reason = reason
    item.save()

    entry = ReserveEntry.objects.select_for_update().filter(project=project).first()
    if entry is not None and entry.status == EntryStatus.IN_POOL:
        entry.status = EntryStatus.PLANNED
        entry._change_reason = reason
        entry.save()
        _record(
            entry, MoveKind.TO_PLAN, reason, actor, from_tier=entry.tier, evaluation_round=evaluation_round
        )
    if year == today().year:
        _update_project(project, reason, annual_plan_investment=planned_investment)
    if _fresh_stage(project) in {ProjectStage.PLANNING, ProjectStage.RESERVE}:
        _set_stage(project, ProjectStage.PREPARATION, reason)
    return item


def plan_totals(plan):
    """Count and planned investment of a plan by category, type, industry and town (4 queries)."""
    from django.db.models import Sum

    items = AnnualPlanItem.objects.filter(plan=plan)
    groups = {
        "category": ("category", None),
        "project_type": ("project__project_type", None),
        "industry": ("project__industry__name", None),
        "town": ("project__town__name", None),
    }
    totals = {}
    for key, (field, _unused) in groups.items():
        rows = (
            items.values(field)
            .annotate(count=Count("pk"), investment=Sum("planned_investment"))
            .order_by(field)
        )
        totals[key] = [(row[field], row["count"], row["investment"] or Decimal("0")) for row in rows]
    return totals


# -- evaluation rounds ---------------------------------------------------------------


@transaction.atomic
def open_round(*, name, plan_year, entries, evaluators, actor, opened_on=None, notes=""):
    """Open an evaluation round on pool entries, with a snapshot of the active criteria."""
    _require(policy_for(EvaluationRound).can_add(actor))
    criteria = list(EvaluationCriterion.objects.filter(is_active=True))
    if not criteria:
        raise ValidationError(_("没有启用的评估指标，请先在后台维护评估指标。"))
    total_weight = sum(c.weight for c in criteria)
    if total_weight != 100:
        raise ValidationError(
            _("启用的评估指标权重合计为 %(total)s%%，应为 100%%。") % {"total": total_weight.normalize()}
        )
    entries = list({entry.pk: entry for entry in entries}.values())
    if not entries:
        raise ValidationError({"entries": _("请至少选择一个储备项目。")})
    outside = [str(e.project) for e in entries if e.status != EntryStatus.IN_POOL]
    if outside:
        raise ValidationError(
            {"entries": _("以下项目不在库中，不能参加评估：%(names)s") % {"names": "、".join(outside)}}
        )
    evaluators = list({user.pk: user for user in evaluators}.values())
    if not evaluators:
        raise ValidationError({"evaluators": _("请至少指定一名评估人。")})
    evaluation_round = EvaluationRound(
        name=name, plan_year=plan_year, opened_on=opened_on or today(), notes=notes
    )
    evaluation_round.full_clean()
    evaluation_round.save()
    evaluation_round.evaluators.set(evaluators)
    RoundCriterion.objects.bulk_create(
        RoundCriterion(
            evaluation_round=evaluation_round,
            criterion=c,
            name=c.name,
            weight=c.weight,
            max_score=c.max_score,
            sort_order=c.sort_order,
        )
        for c in criteria
    )
    for entry in entries:
        RoundItem.objects.create(evaluation_round=evaluation_round, entry=entry)
    return evaluation_round


def can_score(user, evaluation_round):
    return (
        user.is_active
        and evaluation_round.is_open
        and evaluation_round.evaluators.filter(pk=user.pk).exists()
    )


@transaction.atomic
def record_scores(item, evaluator, values, comments=None):
    """Save one evaluator's scores of one project: ``values`` maps RoundCriterion id → score."""
    # Read the round afresh (and lock it): a stale copy could still say "open".
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=item.evaluation_round_id)
    _require(can_score(evaluator, evaluation_round), _("您不是该轮次的评估人，或该轮次已结束评分。"))
    criteria = {str(c.pk): c for c in evaluation_round.criteria.all()}
    errors = {}
    cleaned = {}
    for criterion_id, raw in values.items():
        criterion = criteria.get(str(criterion_id).strip())
        if criterion is None:
            errors[f"criterion_{criterion_id}"] = _("未知的评估指标。")
            continue
        try:
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise ValueError(raw)
            value = value.quantize(TWO_PLACES)
        except (ArithmeticError, ValueError):
            errors[f"criterion_{criterion_id}"] = _("“%(name)s”的得分必须是数字。") % {"name": criterion.name}
            continue
        if not 0 <= value <= criterion.max_score:
            errors[f"criterion_{criterion_id}"] = _("“%(name)s”的得分应在 0 到 %(max)s 之间。") % {
                "name": criterion.name,
                "max": criterion.max_score,
            }
            continue
        cleaned[criterion] = value
    if errors:
        raise ValidationError(errors)
    # Comments are kept as they are unless the caller sends one for that criterion.
    comments = {str(key).strip(): text for key, text in (comments or {}).items()}
    for criterion, value in cleaned.items():
        comment = comments.get(str(criterion.pk))
        score = Score.objects.filter(item=item, criterion=criterion, evaluator=evaluator).first()
        if score is None:
            Score.objects.create(
                item=item, criterion=criterion, evaluator=evaluator, value=value, comment=comment or ""
            )
        elif score.value != value or (comment is not None and score.comment != comment):
            score.value = value
            if comment is not None:
                score.comment = comment
            score.save()
    return item


def round_results(evaluation_round):
    """Each item's average score per criterion, weighted total (0–100) and rank.

    Returns a list of dicts sorted by rank; items nobody scored yet come last
    with total ``None``. Three queries whatever the number of items and scores.
    """
    criteria = list(evaluation_round.criteria.all())
    items = list(
        evaluation_round.items.select_related(
            "entry__project__industry", "entry__project__town", "entry__responsible_unit"
        ).order_by("pk")
    )
    averages = defaultdict(dict)
    evaluators = defaultdict(set)
    rows = (
        Score.objects.filter(item__evaluation_round=evaluation_round)
        .values("item_id", "criterion_id")
        .annotate(avg=Avg("value"), n=Count("evaluator", distinct=True))
    )
    for row in rows:
        averages[row["item_id"]][row["criterion_id"]] = Decimal(row["avg"]).quantize(
            TWO_PLACES, ROUND_HALF_UP
        )
        evaluators[row["item_id"]].add(row["n"])
    results = []
    for item in items:
        per_criterion = averages.get(item.pk, {})
        complete = bool(per_criterion) and all(c.pk in per_criterion for c in criteria)
        total = None
        if complete:
            total = sum(
                (c.weight * per_criterion[c.pk] / c.max_score for c in criteria), Decimal("0")
            ).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        results.append(
            {
                "item": item,
                "averages": [per_criterion.get(c.pk) for c in criteria],
                "total": total,
                "evaluators": max(evaluators.get(item.pk, {0})),
                "complete": complete,
            }
        )
    scored = sorted((r for r in results if r["total"] is not None), key=lambda r: -r["total"])
    rank, previous = 0, None
    for position, row in enumerate(scored, start=1):
        if row["total"] != previous:
            rank, previous = position, row["total"]
        row["rank"] = rank
    unscored = [dict(r, rank=None) for r in results if r["total"] is None]
    return scored + unscored


@transaction.atomic
def decide(
    item,
    *,
    decision,
    reason,
    actor,
    new_tier="",
    plan_category="",
    planned_investment=None,
    target_milestones="",
):
    """Record the office's decision on one item (not yet applied)."""
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=item.evaluation_round_id)
    _require(policy_for(EvaluationRound).can_change(actor, evaluation_round))
    if not evaluation_round.is_open:
        raise ValidationError(_("该轮次的决策已生效，不能再修改。"))
    reason = _require_reason(reason)
    entry = ReserveEntry.objects.get(pk=item.entry_id)
    if entry.status != EntryStatus.IN_POOL:
        raise ValidationError(
            _("“%(project)s”当前状态为“%(status)s”，不能再作评估决策。")
            % {"project": entry.project, "status": entry.get_status_display()}
        )
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = _("请选择决策。")
    if decision == Decision.CHANGE_TIER:
        if not new_tier:
            errors["new_tier"] = _("调整层级时请选择新层级。")
        elif new_tier == item.entry.tier:
            errors["new_tier"] = _("新层级与当前层级相同。")
    if decision == Decision.TO_PLAN:
        if not plan_category:
            errors["plan_category"] = _("纳入年度计划时请选择计划类别。")
        if planned_investment is None:
            errors["planned_investment"] = _("纳入年度计划时请填写年度计划投资。")
        elif planned_investment < 0:
            errors["planned_investment"] = _("年度计划投资不能为负数。")
        elif planned_investment > item.entry.project.total_investment:
            errors["planned_investment"] = _(
                "年度计划投资（%(annual)s 万元）不能超过总投资（%(total)s 万元）。"
            ) % {
                "annual": planned_investment,
                "total": item.entry.project.total_investment,
            }
    if errors:
        raise ValidationError(errors)
    item.decision = decision
    item.new_tier = new_tier if decision == Decision.CHANGE_TIER else ""
    item.plan_category = plan_category if decision == Decision.TO_PLAN else ""
    item.planned_investment = planned_investment if decision == Decision.TO_PLAN else None
    item.target_milestones = (target_milestones or "").strip() if decision == Decision.TO_PLAN else ""
    item.decision_reason = reason
    item.decided_by = actor
    item.decided_at = timezone.now()
    item._change_reason = reason
    item.save()
    return item


@transaction.atomic
def apply_round(evaluation_round, *, actor):
    """Carry out every decision of a round in one step (优胜劣汰), recording each move.

    Either all decisions take effect or none does: any failure rolls back the lot.
    """
    _require(policy_for(EvaluationRound).can_change(actor, evaluation_round))
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if not evaluation_round.is_open:
        raise ValidationError(_("该轮次的决策已经生效过。"))
    items = list(evaluation_round.items.select_related("entry__project").order_by("pk"))
    undecided = [str(i.entry.project) for i in items if not i.decision]
    if undecided:
        raise ValidationError(_("以下项目尚未决策，不能生效：%(names)s") % {"names": "、".join(undecided)})
    label = evaluation_round.name
    for item in items:
        entry, reason = (
            item.entry,
            _("%(round)s：%(reason)s") % {"round": label, "reason": item.decision_reason},
        )
        try:
            _apply_decision(item, entry, reason, actor, evaluation_round)
        except ValidationError as exc:
            raise ValidationError(
                _("“%(project)s”的决策无法生效：%(errors)s")
                % {"project": entry.project, "errors": "；".join(exc.messages)}
            ) from exc
    for entry in ReserveEntry.objects.select_for_update().filter(pk__in=[i.entry_id for i in items]):
        entry.last_evaluated_on = evaluation_round.opened_on
        entry._change_reason = label
        entry.save()
    evaluation_round.status = RoundStatus.APPLIED
    evaluation_round.applied_on = timezone.now()
    evaluation_round.applied_by = actor
    evaluation_round.save()
    return evaluation_round


def _apply_decision(item, entry, reason, actor, evaluation_round):
    """Carry out one item's decision (part of apply_round's transaction)."""
    if item.decision == Decision.TO_PLAN:
        _lock_in_pool(entry)
        add_to_plan(
            project=entry.project,
            year=evaluation_round.plan_year,
            category=item.plan_category,
            planned_investment=item.planned_investment,
            target_milestones=item.target_milestones,
            reason=reason,
            actor=actor,
            evaluation_round=evaluation_round,
        )
    elif item.decision == Decision.CHANGE_TIER:
        change_tier(entry, item.new_tier, reason=reason, actor=actor, evaluation_round=evaluation_round)
    elif item.decision == Decision.REMOVE:
        remove(entry, reason=reason, actor=actor, evaluation_round=evaluation_round)
    else:
        _lock_in_pool(entry)
        _record(
            entry,
            MoveKind.KEEP,
            reason,
            actor,
            from_tier=entry.tier,
            to_tier=entry.tier,
            evaluation_round=evaluation_round,
        )


# -- evaluation due ------------------------------------------------------------------


def evaluation_due_cutoff(on=None):
    """Entries last evaluated (or entered, if never evaluated) before this date are due."""
    months = getattr(settings, "RESERVE_EVALUATION_DUE_MONTHS", 6)
    return (on or today()) - relativedelta(months=months)


def due_q(on=None):
    cutoff = evaluation_due_cutoff(on)
    return Q(status=EntryStatus.IN_POOL) & (
        Q(last_evaluated_on__lt=cutoff) | Q(last_evaluated_on__isnull=True, entered_on__lt=cutoff)
    )


def is_due(entry, on=None):
    if entry.status != EntryStatus.IN_POOL:
        return False
    cutoff = evaluation_due_cutoff(on)
    last = entry.last_evaluated_on or entry.entered_on
    return last < cutoff
