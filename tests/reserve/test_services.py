"""The reserve pool's rules (``reserve.services``), each test named for the rule it guards.

Pages, API, Excel import and the demo loader all call these services, so a rule
guarded here holds for every one of them.
"""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from projects.choices import ProjectStage
from projects.models import Project
from reserve import services
from reserve.choices import Decision, EntryStatus, MoveKind, PlanCategory, PlanSource, RoundStatus, Tier
from reserve.models import (
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
from tests.action_matrix import TablesSnapshot
from tests.factories import IndustryFactory, ProjectFactory, ReserveEntryFactory, TownFactory, UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

REASON = "符合湖南“三高四新”战略，用地与规划条件基本落实"
OPENED_ON = datetime.date(2026, 4, 10)
#: every table a pool action may touch (their history tables are watched too)
POOL_TABLES = [
    ReserveEntry,
    ReserveMove,
    Project,
    AnnualPlan,
    AnnualPlanItem,
    EvaluationRound,
    EvaluationRound.evaluators.through,
    RoundCriterion,
    RoundItem,
    Score,
]


# -- helpers --------------------------------------------------------------------------


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


@pytest.fixture
def leader():
    return UserFactory(roles=[Role.CITY_LEADER])


def enter(project, actor, tier=Tier.NEAR, reason=REASON, **details):
    return services.enter_pool(
        project=project,
        tier=tier,
        responsible_unit=project.responsible_unit,
        responsible_person="周建华",
        reason=reason,
        actor=actor,
        **details,
    )


def planning_project(**fields):
    return ProjectFactory(stage=ProjectStage.PLANNING, **fields)


@pytest.fixture
def entry(office):
    return enter(planning_project(), office)


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def moves_of(entry):
    return list(ReserveMove.objects.filter(entry=entry).order_by("pk"))


def open_round(entries, evaluators, actor, name="2026 年二季度评估", plan_year=2026):
    return services.open_round(
        name=name,
        plan_year=plan_year,
        entries=entries,
        evaluators=evaluators,
        actor=actor,
        opened_on=OPENED_ON,
    )


def scores(evaluation_round, *values):
    """``{RoundCriterion id: value}`` in the round's criterion order; one value for all if one is given."""
    criteria = list(evaluation_round.criteria.all())
    if len(values) == 1:
        values = values * len(criteria)
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


def item_of(evaluation_round, entry):
    return RoundItem.objects.get(evaluation_round=evaluation_round, entry=entry)


def errors_of(excinfo):
    return excinfo.value.message_dict


# -- entering the pool (入库) ----------------------------------------------------------


def test_entering_the_pool_moves_a_planning_project_to_reserve_and_records_the_move(office):
    project = planning_project()
    entry = enter(
        project,
        office,
        tier=Tier.MID,
        entered_on=datetime.date(2026, 2, 3),
        time_nodes="2026年12月完成可研批复",
        expected_goals="达产后年产值10亿元",
    )
    entry = fresh(entry)
    assert (entry.project, entry.tier, entry.status) == (project, Tier.MID, EntryStatus.IN_POOL)
    assert entry.responsible_unit == project.responsible_unit and entry.responsible_person == "周建华"
    assert entry.entered_on == datetime.date(2026, 2, 3)
    assert (entry.time_nodes, entry.expected_goals) == ("2026年12月完成可研批复", "达产后年产值10亿元")
    assert fresh(project).stage == ProjectStage.RESERVE
    [move] = moves_of(entry)
    assert (move.kind, move.from_tier, move.to_tier) == (MoveKind.ENTER, "", Tier.MID)
    assert (move.reason, move.actor, move.evaluation_round) == (REASON, office, None)
    record = entry.history.get()
    assert (record.history_type, record.history_change_reason) == ("+", REASON)
    assert fresh(project).history.latest().history_change_reason == REASON


def test_the_entry_date_is_today_unless_given(office):
    assert enter(planning_project(), office).entered_on == timezone.localdate()


def test_entering_keeps_a_project_already_past_reserve_at_its_stage(office):
    project = ProjectFactory(stage=ProjectStage.PREPARATION)
    enter(project, office)
    assert fresh(project).stage == ProjectStage.PREPARATION
    assert project.history.count() == 1


@pytest.mark.parametrize("status", [EntryStatus.IN_POOL, EntryStatus.PLANNED])
def test_a_project_in_the_pool_cannot_enter_it_again(office, status):
    entry = ReserveEntryFactory(status=status)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        enter(entry.project, office, tier=Tier.LONG)
    assert "该项目已在储备库中" in errors_of(excinfo)["project"][0]
    before.assert_unchanged()


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_entering_the_pool_needs_a_reason(office, reason):
    project = planning_project()
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        enter(project, office, reason=reason)
    assert errors_of(excinfo) == {"reason": ["请填写理由。"]}
    before.assert_unchanged()


def test_a_removed_entry_re_enters_with_a_restore_move_and_keeps_its_record(office, entry):
    services.remove(entry, reason="实施条件不成熟", actor=office)
    restored = enter(fresh(entry.project), office, tier=Tier.LONG, reason="条件成熟，重新入库")
    assert restored.pk == entry.pk
    restored = fresh(restored)
    assert (restored.status, restored.tier) == (EntryStatus.IN_POOL, Tier.LONG)
    assert [m.kind for m in moves_of(entry)] == [MoveKind.ENTER, MoveKind.REMOVE, MoveKind.RESTORE]
    restore = moves_of(entry)[-1]
    assert (restore.from_tier, restore.to_tier, restore.reason) == (
        Tier.NEAR,
        Tier.LONG,
        "条件成熟，重新入库",
    )
    assert fresh(entry.project).stage == ProjectStage.RESERVE
    assert ReserveEntry.objects.filter(project=entry.project).count() == 1


def test_re_entering_reads_the_projects_stage_afresh(office, entry):
    project = entry.project  # loaded before the removal: still says 储备
    services.remove(entry, reason="实施条件不成熟", actor=office)
    enter(project, office, tier=Tier.LONG, reason="条件成熟，重新入库")
    assert fresh(project).stage == ProjectStage.RESERVE


# -- changing tier (调整层级) ------------------------------------------------------------


def test_changing_tier_records_the_move_from_and_to(office, entry):
    services.change_tier(entry, Tier.LONG, reason="用地指标待落实，调整为远期", actor=office)
    assert fresh(entry).tier == Tier.LONG
    move = moves_of(entry)[-1]
    assert (move.kind, move.from_tier, move.to_tier) == (MoveKind.CHANGE_TIER, Tier.NEAR, Tier.LONG)
    assert (move.reason, move.actor) == ("用地指标待落实，调整为远期", office)
    assert fresh(entry).history.latest().history_change_reason == "用地指标待落实，调整为远期"


def test_changing_to_the_same_tier_is_refused(office, entry):
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        services.change_tier(entry, Tier.NEAR, reason=REASON, actor=office)
    assert errors_of(excinfo) == {"new_tier": ["新层级与当前层级相同。"]}
    before.assert_unchanged()


def test_changing_tier_needs_a_reason(office, entry):
    with pytest.raises(ValidationError) as excinfo:
        services.change_tier(entry, Tier.MID, reason=" ", actor=office)
    assert "reason" in errors_of(excinfo)
    assert fresh(entry).tier == Tier.NEAR


@pytest.mark.parametrize("status", [EntryStatus.PLANNED, EntryStatus.REMOVED])
def test_only_an_entry_in_the_pool_changes_tier(office, status):
    entry = ReserveEntryFactory(status=status)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError, match="不能执行此操作"):
        services.change_tier(entry, Tier.MID, reason=REASON, actor=office)
    before.assert_unchanged()


def test_a_stale_entry_object_cannot_change_tier_after_removal(office, entry):
    services.remove(fresh(entry), reason="不符合产业政策", actor=office)
    with pytest.raises(ValidationError, match="已出库"):
        services.change_tier(entry, Tier.MID, reason=REASON, actor=office)  # entry still says 在库


# -- removal (调整出库) -----------------------------------------------------------------


def test_removal_keeps_the_record_shows_it_removed_and_records_the_move(office, entry):
    services.remove(entry, reason="市场前景不明，调整出库", actor=office)
    entry = fresh(entry)
    assert (entry.status, entry.tier) == (EntryStatus.REMOVED, Tier.NEAR)
    assert fresh(entry.project).stage == ProjectStage.REMOVED
    move = moves_of(entry)[-1]
    assert (move.kind, move.from_tier, move.reason) == (MoveKind.REMOVE, Tier.NEAR, "市场前景不明，调整出库")
    assert entry.history.latest().history_change_reason == "市场前景不明，调整出库"
    assert fresh(entry.project).history.latest().history_change_reason == "市场前景不明，调整出库"


def test_removal_needs_a_reason_and_an_entry_in_the_pool(office, entry):
    with pytest.raises(ValidationError) as excinfo:
        services.remove(entry, reason="", actor=office)
    assert "reason" in errors_of(excinfo)
    services.remove(entry, reason="调整出库", actor=office)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError, match="已出库"):
        services.remove(entry, reason="再次出库", actor=office)
    before.assert_unchanged()


# -- an entry's plain details -----------------------------------------------------------


def test_updating_an_entrys_details_records_the_reason_and_makes_no_move(office, entry):
    services.update_entry(
        entry, actor=office, reason="责任人调整", responsible_person="李明", time_nodes="2027年3月开工"
    )
    entry = fresh(entry)
    assert (entry.responsible_person, entry.time_nodes) == ("李明", "2027年3月开工")
    assert entry.history.latest().history_change_reason == "责任人调整"
    assert [m.kind for m in moves_of(entry)] == [MoveKind.ENTER]


def test_an_update_that_changes_nothing_writes_nothing(office, entry):
    before = TablesSnapshot(POOL_TABLES)
    services.update_entry(entry, actor=office, reason="核对", responsible_person=entry.responsible_person)
    before.assert_unchanged()


def test_updating_details_needs_a_reason(office, entry):
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        services.update_entry(entry, actor=office, reason="", responsible_person="李明")
    assert "reason" in errors_of(excinfo)
    before.assert_unchanged()


@pytest.mark.parametrize(
    "field, value",
    [
        ("tier", Tier.LONG),
        ("status", EntryStatus.REMOVED),
        ("entered_on", datetime.date(2020, 1, 1)),
        ("last_evaluated_on", datetime.date(2026, 1, 1)),
    ],
)
def test_tier_status_and_dates_of_record_change_only_through_moves(office, entry, field, value):
    newcomer = planning_project()
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(TypeError, match=field):
        services.update_entry(entry, actor=office, reason=REASON, **{field: value})
    if field in ("status", "last_evaluated_on"):  # tier and date of entry are given when entering
        with pytest.raises(TypeError, match=field):
            enter(newcomer, office, **{field: value})
    before.assert_unchanged()


# -- the annual plan (年度实施计划) -----------------------------------------------------


def add(project, actor, year=2026, category=PlanCategory.NEW_START, planned=Decimal("8000"), **kwargs):
    return services.add_to_plan(
        project=project,
        year=year,
        category=category,
        planned_investment=planned,
        reason=kwargs.pop("reason", "市重点办直接纳入"),
        actor=actor,
        **kwargs,
    )


def test_adding_to_the_plan_creates_the_years_plan_and_an_item_with_its_source(office):
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    item = add(project, office, year=2027, category=PlanCategory.CONTINUING, target_milestones="主体封顶")
    plan = AnnualPlan.objects.get(year=2027)
    item = fresh(item)
    assert item.plan == plan
    assert (item.category, item.planned_investment, item.target_milestones) == (
        PlanCategory.CONTINUING,
        Decimal("8000"),
        "主体封顶",
    )
    assert (item.source, item.evaluation_round, item.reason, item.added_by) == (
        PlanSource.DIRECT,
        None,
        "市重点办直接纳入",
        office,
    )
    assert item.history.get().history_change_reason == "市重点办直接纳入"
    add(ProjectFactory(stage=ProjectStage.CONSTRUCTION), office, year=2027)
    assert AnnualPlan.objects.filter(year=2027).count() == 1


def test_adding_an_entry_in_the_pool_marks_it_planned_with_a_to_plan_move(office, entry):
    add(entry.project, office)
    assert fresh(entry).status == EntryStatus.PLANNED
    move = moves_of(entry)[-1]
    assert (move.kind, move.from_tier, move.reason, move.evaluation_round) == (
        MoveKind.TO_PLAN,
        Tier.NEAR,
        "市重点办直接纳入",
        None,
    )


def test_adding_to_this_years_plan_sets_the_projects_annual_plan_investment(office):
    this_year = timezone.localdate().year
    project = ProjectFactory(annual_plan_investment=Decimal("12000"))
    add(project, office, year=this_year, planned=Decimal("9000"))
    assert fresh(project).annual_plan_investment == Decimal("9000")
    other = ProjectFactory(annual_plan_investment=Decimal("12000"))
    add(other, office, year=this_year + 1, planned=Decimal("9000"))
    assert fresh(other).annual_plan_investment == Decimal("12000")


def test_a_project_is_in_a_years_plan_only_once(office):
    project = ProjectFactory()
    add(project, office)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        add(project, office, category=PlanCategory.CONTINUING)
    assert "已在 2026 年度计划中" in errors_of(excinfo)["project"][0]
    before.assert_unchanged()
    add(project, office, year=2027, category=PlanCategory.CONTINUING)  # another year is another plan


def test_planned_investment_above_the_total_investment_is_refused(office, entry):
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        add(entry.project, office, planned=entry.project.total_investment + 1)
    assert "不能超过总投资" in errors_of(excinfo)["planned_investment"][0]
    before.assert_unchanged()


def test_adding_to_the_plan_needs_a_reason(office):
    project = ProjectFactory()
    with pytest.raises(ValidationError) as excinfo:
        add(project, office, reason="")
    assert "reason" in errors_of(excinfo)
    assert not AnnualPlanItem.objects.exists()


@pytest.mark.parametrize(
    "stage, after",
    [
        (ProjectStage.RESERVE, ProjectStage.PREPARATION),
        (ProjectStage.PLANNING, ProjectStage.PREPARATION),
        (ProjectStage.PREPARATION, ProjectStage.PREPARATION),
        (ProjectStage.CONSTRUCTION, ProjectStage.CONSTRUCTION),
    ],
)
def test_a_project_entering_the_plan_moves_on_to_preparation(office, stage, after):
    project = ProjectFactory(stage=stage)
    add(project, office)
    assert fresh(project).stage == after


def test_a_stale_project_object_never_overwrites_another_edit(office):
    this_year = timezone.localdate().year
    project = ProjectFactory(stage=ProjectStage.RESERVE)  # the caller's copy
    other = fresh(project)
    other.name = "他人刚修改的名称"
    other.save()
    add(project, office, year=this_year, planned=Decimal("9000"))
    stored = fresh(project)
    assert stored.name == "他人刚修改的名称"
    assert (stored.stage, stored.annual_plan_investment) == (ProjectStage.PREPARATION, Decimal("9000"))
    assert (project.stage, project.annual_plan_investment) == (ProjectStage.PREPARATION, Decimal("9000"))


def test_plan_totals_by_category_type_industry_and_town(office):
    park, town = IndustryFactory(name="数字经济"), TownFactory(name="集里街道")
    add(ProjectFactory(industry=park, town=town), office, planned=Decimal("1000"))
    add(ProjectFactory(industry=park, town=town), office, planned=Decimal("2000"))
    add(ProjectFactory(), office, category=PlanCategory.CONTINUING, planned=Decimal("500"))
    totals = services.plan_totals(AnnualPlan.objects.get(year=2026))
    assert totals["category"] == [
        (PlanCategory.CONTINUING, 1, Decimal("500")),
        (PlanCategory.NEW_START, 2, Decimal("3000")),
    ]
    assert ("数字经济", 2, Decimal("3000")) in totals["industry"]
    assert ("集里街道", 2, Decimal("3000")) in totals["town"]
    assert totals["project_type"] == [("industrial", 3, Decimal("3500"))]


# -- opening a round (项目评估) ---------------------------------------------------------


@pytest.fixture
def pool(office):
    """Three entries in the pool, near / mid / long."""
    return [enter(planning_project(), office, tier=tier) for tier in (Tier.NEAR, Tier.MID, Tier.LONG)]


def test_opening_a_round_snapshots_the_active_criteria(office, leader, pool):
    EvaluationCriterion.objects.create(name="停用指标", weight=Decimal("10"), is_active=False)
    evaluation_round = open_round(pool, [office, leader], office)
    active = EvaluationCriterion.objects.filter(is_active=True)
    assert active.count() >= 4
    assert [(c.criterion_id, c.name, c.weight, c.max_score) for c in evaluation_round.criteria.all()] == [
        (c.pk, c.name, c.weight, c.max_score) for c in active
    ]
    assert sum(c.weight for c in evaluation_round.criteria.all()) == 100
    assert {i.entry for i in evaluation_round.items.all()} == set(pool)
    assert set(evaluation_round.evaluators.all()) == {office, leader}
    assert (evaluation_round.status, evaluation_round.opened_on, evaluation_round.plan_year) == (
        RoundStatus.SCORING,
        OPENED_ON,
        2026,
    )
    assert not any(i.decision for i in evaluation_round.items.all())


def test_a_later_weight_change_does_not_alter_an_open_round(office, pool):
    evaluation_round = open_round(pool, [office], office)
    before = list(evaluation_round.criteria.values_list("name", "weight", "max_score"))
    first = EvaluationCriterion.objects.filter(is_active=True).first()
    first.weight, first.max_score, first.name = Decimal("40"), 10, "市场前景（新）"
    first.save()
    assert list(evaluation_round.criteria.values_list("name", "weight", "max_score")) == before
    services.record_scores(item_of(evaluation_round, pool[0]), office, scores(evaluation_round, 80))
    assert services.round_results(evaluation_round)[0]["total"] == Decimal("80.00")


def test_weights_not_summing_to_100_are_refused(office, pool):
    criterion = EvaluationCriterion.objects.filter(is_active=True).first()
    criterion.weight += 5
    criterion.save()
    with pytest.raises(ValidationError, match="应为 100%"):
        open_round(pool, [office], office)
    assert not EvaluationRound.objects.exists()


@pytest.mark.parametrize("status", [EntryStatus.PLANNED, EntryStatus.REMOVED])
def test_entries_outside_the_pool_cannot_be_evaluated(office, pool, status):
    outside = ReserveEntryFactory(status=status)
    with pytest.raises(ValidationError) as excinfo:
        open_round([*pool, outside], [office], office)
    message = errors_of(excinfo)["entries"][0]
    assert str(outside.project) in message
    assert not any(str(e.project) in message for e in pool)
    assert not EvaluationRound.objects.exists()


def test_a_round_needs_entries_and_evaluators(office, pool):
    with pytest.raises(ValidationError) as excinfo:
        open_round(pool, [], office)
    assert "evaluators" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        open_round([], [office], office)
    assert "entries" in errors_of(excinfo)
    assert not EvaluationRound.objects.exists()


# -- scoring (评分) ---------------------------------------------------------------------


@pytest.fixture
def scoring(office, leader, pool):
    """An open round on the pool, scored by the office and a leader."""
    return open_round(pool, [office, leader], office)


def test_a_named_evaluator_scores_every_criterion(leader, scoring, pool):
    item = item_of(scoring, pool[0])
    values = scores(scoring, 80, 70, 90, 60, 75)
    services.record_scores(item, leader, values, comments={next(iter(values)): "市场空间大"})
    saved = {s.criterion_id: s for s in Score.objects.filter(item=item, evaluator=leader)}
    assert {pk: s.value for pk, s in saved.items()} == {pk: Decimal(v) for pk, v in values.items()}
    assert saved[next(iter(values))].comment == "市场空间大"


@pytest.mark.parametrize("role", [Role.KEY_OFFICE, Role.CITY_LEADER, Role.TASK_FORCE_STAFF])
def test_only_the_rounds_named_evaluators_score(scoring, pool, role):
    outsider = UserFactory(roles=[role])
    with pytest.raises(PermissionDenied):
        services.record_scores(item_of(scoring, pool[0]), outsider, scores(scoring, 80))
    assert not Score.objects.exists()


def test_an_inactive_evaluator_cannot_score(leader, scoring, pool):
    leader.is_active = False
    leader.save()
    with pytest.raises(PermissionDenied):
        services.record_scores(item_of(scoring, pool[0]), leader, scores(scoring, 80))


@pytest.mark.parametrize("value", [-1, "-0.01", 100.01, 101])
def test_a_score_lies_between_0_and_the_criterions_maximum(leader, scoring, pool, value):
    item = item_of(scoring, pool[0])
    values = scores(scoring, 80)
    bad = list(values)[2]
    values[bad] = value
    with pytest.raises(ValidationError) as excinfo:
        services.record_scores(item, leader, values)
    name = RoundCriterion.objects.get(pk=bad).name
    assert errors_of(excinfo) == {f"criterion_{bad}": [f"“{name}”的得分应在 0 到 100 之间。"]}
    assert not Score.objects.exists(), "the valid scores of a refused form are not saved either"


def test_the_maximum_is_the_criterions_own(leader, office, pool):
    criterion = EvaluationCriterion.objects.filter(is_active=True).last()
    criterion.max_score = 10
    criterion.save()
    evaluation_round = open_round(pool, [leader], office)
    last = evaluation_round.criteria.last()
    with pytest.raises(ValidationError) as excinfo:
        services.record_scores(item_of(evaluation_round, pool[0]), leader, {last.pk: 11})
    assert "0 到 10 之间" in errors_of(excinfo)[f"criterion_{last.pk}"][0]
    services.record_scores(item_of(evaluation_round, pool[0]), leader, {last.pk: 10})


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "",
        "八十",
        "1,5",
        "Infinity",
        "NaN",
        "sNaN",
    ],
)
def test_a_score_that_is_not_a_number_is_refused_with_a_message_keyed_by_criterion(
    leader, scoring, pool, raw
):
    values = scores(scoring, 80)
    bad = list(values)[0]
    values[bad] = raw
    with pytest.raises(ValidationError) as excinfo:
        services.record_scores(item_of(scoring, pool[0]), leader, values)
    name = RoundCriterion.objects.get(pk=bad).name
    assert errors_of(excinfo) == {f"criterion_{bad}": [f"“{name}”的得分必须是数字。"]}
    assert not Score.objects.exists()


def test_a_criterion_of_another_round_is_refused(leader, office, scoring, pool):
    other = open_round(pool[:1], [leader], office, name="另一轮次")
    foreign = other.criteria.first()
    with pytest.raises(ValidationError) as excinfo:
        services.record_scores(item_of(scoring, pool[0]), leader, {foreign.pk: 80})
    assert errors_of(excinfo) == {f"criterion_{foreign.pk}": ["未知的评估指标。"]}


def test_a_criterion_key_that_is_not_a_number_is_refused_as_unknown(leader, scoring, pool):
    with pytest.raises(ValidationError) as excinfo:
        services.record_scores(item_of(scoring, pool[0]), leader, {"abc": 80})
    assert errors_of(excinfo) == {"criterion_abc": ["未知的评估指标。"]}


def test_scoring_again_updates_the_evaluators_scores(leader, scoring, pool):
    item = item_of(scoring, pool[0])
    services.record_scores(item, leader, scores(scoring, 80))
    values = scores(scoring, 65)
    first = next(iter(values))
    services.record_scores(item, leader, values, comments={first: "实施条件仍需落实"})
    assert Score.objects.filter(item=item, evaluator=leader).count() == len(values)
    assert set(Score.objects.filter(item=item).values_list("value", flat=True)) == {Decimal("65")}
    assert Score.objects.get(item=item, criterion_id=first).comment == "实施条件仍需落实"


def test_comments_keyed_like_the_values_are_kept(leader, scoring, pool):
    item = item_of(scoring, pool[0])
    values = {str(pk): value for pk, value in scores(scoring, 80).items()}
    first = next(iter(values))
    services.record_scores(item, leader, values, comments={first: "市场空间大"})
    assert Score.objects.get(item=item, criterion_id=int(first)).comment == "市场空间大"


def test_a_stale_round_object_cannot_score_after_the_round_is_applied(office, leader, scoring, pool):
    stale_item = item_of(scoring, pool[0])
    assert stale_item.evaluation_round.is_open  # cached on the item: still "评分中"
    for entry in pool:
        services.decide(item_of(scoring, entry), decision=Decision.KEEP, reason="保留", actor=office)
    services.apply_round(EvaluationRound.objects.get(pk=scoring.pk), actor=office)
    assert stale_item.evaluation_round.is_open
    with pytest.raises(PermissionDenied):
        services.record_scores(stale_item, leader, scores(scoring, 80))
    assert not Score.objects.exists()


# -- results (加权得分与排名) -----------------------------------------------------------


def test_the_weighted_total_is_the_sum_of_weight_times_average_over_maximum(office, leader, pool):
    criterion = EvaluationCriterion.objects.filter(is_active=True).last()
    criterion.max_score = 10
    criterion.save()
    evaluation_round = open_round(pool, [office, leader], office)
    weights = [c.weight for c in evaluation_round.criteria.all()]
    maxima = [c.max_score for c in evaluation_round.criteria.all()]
    office_scores, leader_scores = [80, 70, 90, 60, 8], [90, 80, 70, 80, 6]
    item = item_of(evaluation_round, pool[0])
    services.record_scores(item, office, scores(evaluation_round, *office_scores))
    services.record_scores(item, leader, scores(evaluation_round, *leader_scores))

    averages = [Decimal(a + b) / 2 for a, b in zip(office_scores, leader_scores, strict=True)]
    expected = sum(w * a / m for w, a, m in zip(weights, averages, maxima, strict=True))
    row = services.round_results(evaluation_round)[0]
    assert row["item"] == item
    assert row["averages"] == averages
    assert row["total"] == expected.quantize(Decimal("0.01"))
    assert weights == [25, 25, 15, 20, 15] and row["total"] == Decimal("76.50")  # the seeded criteria
    assert (row["rank"], row["evaluators"], row["complete"]) == (1, 2, True)


def test_ranks_are_shared_on_ties_and_unscored_items_come_last(office, leader):
    entries = [enter(planning_project(), office) for _ in range(5)]
    evaluation_round = open_round(entries, [office, leader], office)
    first, tied, third, unscored, partial = (item_of(evaluation_round, e) for e in entries)
    services.record_scores(first, office, scores(evaluation_round, 80))
    services.record_scores(tied, office, scores(evaluation_round, 70))
    services.record_scores(tied, leader, scores(evaluation_round, 90))
    services.record_scores(third, leader, scores(evaluation_round, 60))
    criteria = list(evaluation_round.criteria.all())
    services.record_scores(partial, office, {criteria[0].pk: 100, criteria[1].pk: 100})

    results = services.round_results(evaluation_round)
    assert [r["item"] for r in results] == [first, tied, third, unscored, partial]
    assert [r["rank"] for r in results] == [1, 1, 3, None, None]
    assert [r["total"] for r in results] == [Decimal("80.00"), Decimal("80.00"), Decimal("60.00"), None, None]
    assert [r["complete"] for r in results] == [True, True, True, False, False]
    assert results[1]["evaluators"] == 2 and results[3]["evaluators"] == 0


ROUND_RESULTS_QUERIES = (
    3  # the round's criteria, its items (with project, industry, town, unit), the averages
)


def test_round_results_take_the_same_queries_whatever_the_number_of_items_and_scores(office, leader):
    evaluation_round = open_round([enter(planning_project(), office)], [office, leader], office)

    def grow(n):
        while evaluation_round.items.count() < n:
            # A round's scope is fixed when it opens; adding rows directly only grows the data.
            RoundItem.objects.create(
                evaluation_round=evaluation_round, entry=enter(planning_project(), office)
            )
        for item in evaluation_round.items.all():
            for evaluator in (office, leader):
                services.record_scores(item, evaluator, scores(evaluation_round, 60 + item.pk % 30))

    def fetch():
        rows = services.round_results(evaluation_round)
        for row in rows:
            entry = row["item"].entry
            (
                str(entry.project),
                entry.project.industry.name,
                entry.project.town.name,
                str(entry.responsible_unit),
            )
        return rows

    assert_num_queries_stable(fetch, grow, sizes=(2, 12), expected=ROUND_RESULTS_QUERIES)


# -- decisions (决策) -------------------------------------------------------------------


def test_a_decision_to_enter_the_plan_needs_a_category_and_an_investment(office, scoring, pool):
    item = item_of(scoring, pool[0])
    with pytest.raises(ValidationError) as excinfo:
        services.decide(item, decision=Decision.TO_PLAN, reason=REASON, actor=office)
    assert set(errors_of(excinfo)) == {"plan_category", "planned_investment"}
    with pytest.raises(ValidationError) as excinfo:
        services.decide(
            item,
            decision=Decision.TO_PLAN,
            reason=REASON,
            actor=office,
            plan_category=PlanCategory.NEW_START,
            planned_investment=Decimal("-1"),
        )
    assert errors_of(excinfo) == {"planned_investment": ["年度计划投资不能为负数。"]}
    assert fresh(item).decision == ""


def test_a_decision_to_change_tier_needs_another_tier(office, scoring, pool):
    item = item_of(scoring, pool[0])  # a near-term entry
    with pytest.raises(ValidationError) as excinfo:
        services.decide(item, decision=Decision.CHANGE_TIER, reason=REASON, actor=office)
    assert errors_of(excinfo) == {"new_tier": ["调整层级时请选择新层级。"]}
    with pytest.raises(ValidationError) as excinfo:
        services.decide(item, decision=Decision.CHANGE_TIER, new_tier=Tier.NEAR, reason=REASON, actor=office)
    assert errors_of(excinfo) == {"new_tier": ["新层级与当前层级相同。"]}
    assert fresh(item).decision == ""


@pytest.mark.parametrize(
    "decision, reason, field",
    [("promote", REASON, "decision"), ("", REASON, "decision"), (Decision.KEEP, "", "reason")],
)
def test_a_decision_needs_a_known_kind_and_a_reason(office, scoring, pool, decision, reason, field):
    item = item_of(scoring, pool[0])
    with pytest.raises(ValidationError) as excinfo:
        services.decide(item, decision=decision, reason=reason, actor=office)
    assert field in errors_of(excinfo)
    assert fresh(item).decision == ""


def test_a_decision_keeps_only_its_own_fields_and_is_not_applied_yet(office, scoring, pool):
    item = item_of(scoring, pool[0])
    services.decide(
        item,
        decision=Decision.TO_PLAN,
        reason="市场前景好",
        actor=office,
        plan_category=PlanCategory.NEW_START,
        planned_investment=Decimal("5000"),
        new_tier=Tier.MID,
    )
    item = fresh(item)
    assert (item.decision, item.plan_category, item.planned_investment, item.new_tier) == (
        Decision.TO_PLAN,
        PlanCategory.NEW_START,
        Decimal("5000"),
        "",
    )
    assert (item.decision_reason, item.decided_by) == ("市场前景好", office) and item.decided_at
    services.decide(item, decision=Decision.KEEP, reason="继续储备", actor=office)
    item = fresh(item)
    assert (item.decision, item.plan_category, item.planned_investment) == (Decision.KEEP, "", None)
    assert fresh(pool[0]).status == EntryStatus.IN_POOL
    assert [m.kind for m in moves_of(pool[0])] == [MoveKind.ENTER]
    assert not AnnualPlanItem.objects.exists()


def test_decisions_cannot_change_once_the_round_is_applied(office, scoring, pool):
    for entry in pool:
        services.decide(item_of(scoring, entry), decision=Decision.KEEP, reason="保留", actor=office)
    services.apply_round(scoring, actor=office)
    item = item_of(scoring, pool[0])
    with pytest.raises(ValidationError, match="已生效"):
        services.decide(item, decision=Decision.REMOVE, reason="出库", actor=office)
    assert fresh(item).decision == Decision.KEEP


# -- applying a round (优胜劣汰) --------------------------------------------------------


@pytest.fixture
def decided(office, scoring, pool):
    """The round with one decision of each kind except remove, which goes to a fourth entry."""
    fourth = enter(planning_project(), office, tier=Tier.MID)
    RoundItem.objects.create(evaluation_round=scoring, entry=fourth)
    near, mid, long = pool
    services.decide(
        item_of(scoring, near),
        decision=Decision.TO_PLAN,
        reason="市场前景好、带动能力强",
        actor=office,
        plan_category=PlanCategory.NEW_START,
        planned_investment=Decimal("6000"),
    )
    services.decide(item_of(scoring, mid), decision=Decision.KEEP, reason="继续储备", actor=office)
    services.decide(
        item_of(scoring, long),
        decision=Decision.CHANGE_TIER,
        new_tier=Tier.MID,
        reason="前期条件趋于成熟",
        actor=office,
    )
    services.decide(item_of(scoring, fourth), decision=Decision.REMOVE, reason="不符合政策导向", actor=office)
    return scoring, {"to_plan": near, "keep": mid, "change_tier": long, "remove": fourth}


def test_applying_a_round_carries_out_each_decision_and_records_its_move(office, decided):
    evaluation_round, entries = decided
    services.apply_round(evaluation_round, actor=office)
    name = evaluation_round.name

    planned = fresh(entries["to_plan"])
    assert planned.status == EntryStatus.PLANNED
    plan_item = AnnualPlanItem.objects.get(project=planned.project)
    assert (plan_item.plan.year, plan_item.category, plan_item.planned_investment) == (
        2026,
        PlanCategory.NEW_START,
        Decimal("6000"),
    )
    assert (plan_item.source, plan_item.evaluation_round) == (PlanSource.EVALUATION, evaluation_round)
    assert fresh(planned.project).stage == ProjectStage.PREPARATION

    kept = fresh(entries["keep"])
    assert (kept.status, kept.tier) == (EntryStatus.IN_POOL, Tier.MID)
    moved = fresh(entries["change_tier"])
    assert (moved.status, moved.tier) == (EntryStatus.IN_POOL, Tier.MID)
    removed = fresh(entries["remove"])
    assert removed.status == EntryStatus.REMOVED
    assert fresh(removed.project).stage == ProjectStage.REMOVED

    expected = {
        "to_plan": (MoveKind.TO_PLAN, Tier.NEAR, "", "市场前景好、带动能力强"),
        "keep": (MoveKind.KEEP, Tier.MID, Tier.MID, "继续储备"),
        "change_tier": (MoveKind.CHANGE_TIER, Tier.LONG, Tier.MID, "前期条件趋于成熟"),
        "remove": (MoveKind.REMOVE, Tier.MID, "", "不符合政策导向"),
    }
    for key, (kind, from_tier, to_tier, reason) in expected.items():
        move = moves_of(entries[key])[-1]
        assert (move.kind, move.from_tier, move.to_tier) == (kind, from_tier, to_tier), key
        assert (move.evaluation_round, move.actor, move.reason) == (
            evaluation_round,
            office,
            f"{name}：{reason}",
        )
        assert fresh(entries[key]).last_evaluated_on == OPENED_ON, key

    evaluation_round = fresh(evaluation_round)
    assert (evaluation_round.status, evaluation_round.applied_by) == (RoundStatus.APPLIED, office)
    assert evaluation_round.applied_on is not None
    assert ReserveMove.objects.filter(evaluation_round=evaluation_round).count() == 4


def test_one_failing_decision_applies_nothing_and_records_nothing(office, decided):
    evaluation_round, entries = decided
    # A decision accepted when made, that fails when carried out: the project's total
    # investment was cut below the planned amount in between.
    failing = enter(planning_project(total_investment=Decimal("6000")), office)
    RoundItem.objects.create(evaluation_round=evaluation_round, entry=failing)
    services.decide(
        item_of(evaluation_round, failing),
        decision=Decision.TO_PLAN,
        reason="纳入计划",
        actor=office,
        plan_category=PlanCategory.NEW_START,
        planned_investment=Decimal("5000"),
    )
    Project.objects.filter(pk=failing.project_id).update(total_investment=Decimal("3000"))
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError, match="不能超过总投资"):
        services.apply_round(evaluation_round, actor=office)
    before.assert_unchanged()
    assert fresh(evaluation_round).status == RoundStatus.SCORING


def test_an_entry_that_left_the_pool_since_the_decision_stops_the_whole_round(office, decided):
    evaluation_round, entries = decided
    services.remove(fresh(entries["keep"]), reason="企业撤资", actor=office)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError, match="已出库"):
        services.apply_round(evaluation_round, actor=office)
    before.assert_unchanged()


def test_a_decision_to_plan_for_an_entry_that_left_the_pool_is_refused(office, decided):
    evaluation_round, entries = decided
    services.remove(fresh(entries["to_plan"]), reason="企业撤资", actor=office)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError, match="已出库"):
        services.apply_round(evaluation_round, actor=office)
    before.assert_unchanged()
    assert not AnnualPlanItem.objects.exists()


def test_undecided_items_are_refused_by_name(office, scoring, pool):
    services.decide(item_of(scoring, pool[0]), decision=Decision.KEEP, reason="保留", actor=office)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError) as excinfo:
        services.apply_round(scoring, actor=office)
    [message] = excinfo.value.messages
    assert str(pool[1].project) in message and str(pool[2].project) in message
    assert str(pool[0].project) not in message
    before.assert_unchanged()


def test_a_round_is_applied_only_once(office, decided):
    evaluation_round, _entries = decided
    stale = EvaluationRound.objects.get(pk=evaluation_round.pk)
    services.apply_round(evaluation_round, actor=office)
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(ValidationError, match="已经生效过"):
        services.apply_round(stale, actor=office)  # a copy that still says 评分中
    before.assert_unchanged()


# -- evaluation due (待评估) ------------------------------------------------------------

ON = datetime.date(2026, 11, 27)


def due_entries(on=ON):
    return set(ReserveEntry.objects.filter(services.due_q(on)))


def months_ago(months, days=0):
    return ON - relativedelta(months=months) - datetime.timedelta(days=days)


def test_an_entry_never_evaluated_and_entered_longer_ago_than_the_setting_is_due(settings):
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    old = ReserveEntryFactory(entered_on=months_ago(6, days=1))
    boundary = ReserveEntryFactory(entered_on=months_ago(6))
    recent = ReserveEntryFactory(entered_on=months_ago(2))
    assert [services.is_due(e, on=ON) for e in (old, boundary, recent)] == [True, False, False]
    assert due_entries() == {old}


def test_the_months_come_from_the_setting(settings):
    entry = ReserveEntryFactory(entered_on=months_ago(4))
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    assert not services.is_due(entry, on=ON) and due_entries() == set()
    settings.RESERVE_EVALUATION_DUE_MONTHS = 3
    assert services.is_due(entry, on=ON) and due_entries() == {entry}


def test_an_entry_evaluated_recently_is_not_due(settings):
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    recent = ReserveEntryFactory(entered_on=months_ago(30), last_evaluated_on=months_ago(1))
    stale = ReserveEntryFactory(entered_on=months_ago(30), last_evaluated_on=months_ago(7))
    assert not services.is_due(recent, on=ON) and services.is_due(stale, on=ON)
    assert due_entries() == {stale}


@pytest.mark.parametrize("status", [EntryStatus.REMOVED, EntryStatus.PLANNED])
def test_an_entry_out_of_the_pool_is_never_due(settings, status):
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    entry = ReserveEntryFactory(status=status, entered_on=months_ago(40))
    assert not services.is_due(entry, on=ON)
    assert due_entries() == set()


def test_due_is_reckoned_from_today_by_default(settings):
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    today = timezone.localdate()
    entry = ReserveEntryFactory(entered_on=today - relativedelta(months=7))
    assert services.is_due(entry)
    assert set(ReserveEntry.objects.filter(services.due_q())) == {entry}


def test_applying_a_round_takes_its_entries_off_the_due_list(settings, office):
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    entry = enter(planning_project(), office, entered_on=datetime.date(2025, 1, 1))
    assert services.is_due(entry, on=datetime.date(2026, 5, 1))
    evaluation_round = open_round([entry], [office], office)
    services.decide(item_of(evaluation_round, entry), decision=Decision.KEEP, reason="保留", actor=office)
    services.apply_round(evaluation_round, actor=office)
    assert not services.is_due(fresh(entry), on=datetime.date(2026, 5, 1))  # evaluated on 2026-04-10


# -- permissions: only the office manages the pool -----------------------------------


class World:
    """One of everything an action needs, made by the office."""

    def __init__(self):
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.planning = planning_project()
        self.entry = enter(planning_project(), self.office)
        self.kept = enter(planning_project(), self.office, tier=Tier.MID)
        self.round = open_round([self.kept], [self.office], self.office)
        self.item = item_of(self.round, self.kept)
        services.decide(self.item, decision=Decision.KEEP, reason="保留", actor=self.office)


ACTIONS = {
    "enter_pool": lambda w, user: services.enter_pool(
        project=w.planning,
        tier=Tier.MID,
        responsible_unit=w.planning.responsible_unit,
        responsible_person="李四",
        reason=REASON,
        actor=user,
    ),
    "change_tier": lambda w, user: services.change_tier(w.entry, Tier.LONG, reason=REASON, actor=user),
    "remove": lambda w, user: services.remove(w.entry, reason=REASON, actor=user),
    "update_entry": lambda w, user: services.update_entry(
        w.entry, actor=user, reason=REASON, responsible_person="李四"
    ),
    "add_to_plan": lambda w, user: services.add_to_plan(
        project=w.entry.project,
        year=2026,
        category=PlanCategory.NEW_START,
        planned_investment=Decimal("1000"),
        reason=REASON,
        actor=user,
    ),
    "open_round": lambda w, user: services.open_round(
        name="2026 年三季度评估", plan_year=2027, entries=[w.entry], evaluators=[w.office], actor=user
    ),
    "decide": lambda w, user: services.decide(w.item, decision=Decision.REMOVE, reason=REASON, actor=user),
    "apply_round": lambda w, user: services.apply_round(w.round, actor=user),
    "record_scores": lambda w, user: services.record_scores(w.item, user, scores(w.round, 80)),
}

OUTSIDERS = {
    "city_leader": lambda: UserFactory(roles=[Role.CITY_LEADER]),
    "task_force_staff": lambda: UserFactory(roles=[Role.TASK_FORCE_STAFF]),
    "department_staff": lambda: UserFactory(roles=[Role.DEPARTMENT_STAFF]),
    "investment_team": lambda: UserFactory(roles=[Role.INVESTMENT_TEAM]),
    "service_commissioner": lambda: UserFactory(roles=[Role.SERVICE_COMMISSIONER]),
    "no_role": lambda: UserFactory(),
    "inactive_office": lambda: UserFactory(roles=[Role.KEY_OFFICE], is_active=False),
}


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_refuses_anyone_but_the_office_and_changes_nothing(action, who):
    world = World()
    user = OUTSIDERS[who]()
    before = TablesSnapshot(POOL_TABLES)
    with pytest.raises(PermissionDenied):
        ACTIONS[action](world, user)
    before.assert_unchanged()


@pytest.mark.parametrize("action", ACTIONS)
def test_the_office_may_perform_every_action(action):
    """The other half of the matrix: the refusals above are about the user, not the data."""
    world = World()
    ACTIONS[action](world, world.office)


def test_target_milestones_decided_in_a_round_reach_the_plan_item(office, decided):
    evaluation_round, entries = decided
    item = item_of(evaluation_round, entries["to_plan"])
    services.decide(
        item,
        decision=Decision.TO_PLAN,
        reason="评分第一",
        actor=office,
        plan_category=PlanCategory.NEW_START,
        planned_investment=item.entry.project.total_investment / 10,
        target_milestones="6 月开工；12 月主体封顶",
    )
    services.apply_round(evaluation_round, actor=office)
    plan_item = AnnualPlanItem.objects.get(project=item.entry.project)
    assert plan_item.target_milestones == "6 月开工；12 月主体封顶"
