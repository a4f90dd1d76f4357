"""The synthetic city's reserve pool (项目储备库): one entry per project, with its moves and history.

Benchmark data built with bulk_create, like ``bench.city``; the demo's pool goes
through ``reserve.services`` instead. Entry *i* draws from a random stream seeded
with its project's id, so the pool is the same on every run whatever the sizes.

Tier and status follow the project's stage: ideas (谋划) sit in the pool, mostly
far out; reserve projects spread over the three tiers; half the projects in
preparation and every started one went on into an annual plan (已纳入年度计划);
removed projects are 已出库. Every entry has its 入库 move; some changed tier,
the planned ones have their 纳入年度计划 move, the removed their 出库.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from projects.choices import ProjectStage
from projects.models import Project
from reserve.choices import EntryStatus, MoveKind, Tier
from reserve.models import ReserveEntry, ReserveMove

from .city import BATCH, TODAY, _at, keep_timestamps

NEAR, MID, LONG = Tier.NEAR, Tier.MID, Tier.LONG
TIER_WEIGHTS = {
    ProjectStage.PLANNING: {MID: 35, LONG: 65},
    ProjectStage.RESERVE: {NEAR: 25, MID: 50, LONG: 25},
    ProjectStage.PREPARATION: {NEAR: 80, MID: 20},
    ProjectStage.REMOVED: {NEAR: 15, MID: 45, LONG: 40},
}
STARTED_TIERS = {NEAR: 90, MID: 10}
#: share of the projects in preparation already in an annual plan
PREPARATION_PLANNED = 0.5
CHANGED_TIER = 0.2
#: the quarterly evaluation rounds an entry may have been through
ROUNDS = [date(2025, 3, 20), date(2025, 6, 20), date(2025, 9, 20), date(2025, 12, 20), date(2026, 3, 20)]
ENTER_REASONS = [
    "符合全市产业发展方向，纳入储备库",
    "对接湖南“三高四新”战略，纳入储备库",
    "补链强链项目，前期条件基本具备",
    "民生补短板项目，纳入储备库",
    "招商签约项目，纳入储备库",
]
TIER_REASONS = ["前期条件趋于成熟，调整层级", "用地指标待落实，调整层级", "资金来源未落实，调整层级"]
PLAN_REASONS = ["经评估纳入年度实施计划", "市重点办直接纳入年度实施计划"]
REMOVE_REASONS = ["市场前景不明，调整出库", "不符合产业政策，调整出库", "实施条件不成熟，调整出库"]
GOALS = ["达产后年产值与税收达到预期", "按期完工，质量合格，安全零事故", "群众满意度不低于90%"]


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _draw(project, offices):
    """An entry and its moves for ``project``; nothing saved yet."""
    rng = random.Random(f"liuyang-bench-entry-{project.pk}")
    stage = project.stage
    tier = _weighted(rng, TIER_WEIGHTS.get(stage, STARTED_TIERS))
    if stage == ProjectStage.REMOVED:
        status = EntryStatus.REMOVED
    elif stage in (ProjectStage.PLANNING, ProjectStage.RESERVE):
        status = EntryStatus.IN_POOL
    elif stage == ProjectStage.PREPARATION:
        status = EntryStatus.PLANNED if rng.random() < PREPARATION_PLANNED else EntryStatus.IN_POOL
    else:
        status = EntryStatus.PLANNED

    entered_on = min(project.created_at.date() + timedelta(days=rng.randint(0, 60)), TODAY)
    evaluated = [day for day in ROUNDS if day > entered_on]
    last_evaluated_on = None
    if evaluated and (status != EntryStatus.IN_POOL or rng.random() < 0.6):
        last_evaluated_on = rng.choice(evaluated)
    start = project.planned_start
    entry = ReserveEntry(
        project_id=project.pk,
        tier=tier,
        status=status,
        responsible_unit_id=project.responsible_unit_id,
        responsible_person=project.responsible_person,
        prep_deadline=start - timedelta(days=rng.randint(60, 240)) if start else None,
        target_start=start,
        time_nodes=f"{start.year}年{start.month}月开工" if start else "",
        expected_goals=rng.choice(GOALS),
        entered_on=entered_on,
        last_evaluated_on=last_evaluated_on,
    )
    entry.created_at = entry.updated_at = entered_at = _at(entered_on, rng)
    actor = rng.choice(offices)
    entry._history_date, entry._history_user, entry._change_reason = (
        entered_at,
        actor,
        rng.choice(ENTER_REASONS),
    )

    moves = []
    first_tier = tier
    if rng.random() < CHANGED_TIER:
        first_tier = rng.choice([t for t in Tier.values if t != tier])
    moves.append((MoveKind.ENTER, "", first_tier, entry._change_reason, entered_on))
    day = entered_on
    if first_tier != tier:
        day = min(day + timedelta(days=rng.randint(30, 200)), TODAY)
        moves.append((MoveKind.CHANGE_TIER, first_tier, tier, rng.choice(TIER_REASONS), day))
    if status != EntryStatus.IN_POOL:
        day = min(day + timedelta(days=rng.randint(20, 300)), TODAY)
        if status == EntryStatus.PLANNED:
            moves.append((MoveKind.TO_PLAN, tier, "", rng.choice(PLAN_REASONS), day))
        else:
            moves.append((MoveKind.REMOVE, tier, "", rng.choice(REMOVE_REASONS), day))
    built = []
    for kind, from_tier, to_tier, reason, on in moves:
        move = ReserveMove(kind=kind, from_tier=from_tier, to_tier=to_tier, reason=reason, actor=actor)
        move.created_at = _at(on, rng)
        built.append(move)
    return entry, built


@transaction.atomic
def grow_pool():
    """Give every project without an entry its entry, moves and creation record; return how many."""
    offices = list(User.objects.filter(groups__name=Role.KEY_OFFICE).order_by("pk"))
    missing = Project.objects.filter(reserve_entry__isnull=True).order_by("pk")
    fields = ["pk", "stage", "created_at", "planned_start", "responsible_unit_id", "responsible_person"]
    projects = list(missing.only(*fields))
    for first in range(0, len(projects), BATCH):
        drawn = [_draw(project, offices) for project in projects[first : first + BATCH]]
        with keep_timestamps(ReserveEntry), keep_timestamps(ReserveMove):
            ReserveEntry.objects.bulk_create([entry for entry, _moves in drawn])
            for entry, moves in drawn:
                for move in moves:
                    move.entry = entry
            ReserveMove.objects.bulk_create(
                [m for _entry, moves in drawn for m in moves], batch_size=BATCH * 3
            )
        ReserveEntry.history.bulk_history_create([entry for entry, _moves in drawn], batch_size=BATCH)
    return len(projects)


TABLES = [ReserveEntry, ReserveEntry.history.model, ReserveMove]
