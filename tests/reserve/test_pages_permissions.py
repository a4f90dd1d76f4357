"""The permission matrix of every reserve page and action.

Every role reads the pool, rounds and plans; a user without a role gets 403;
anonymous users go to the login page. Only the office (and superusers) open the
action pages and perform the actions; everyone else gets 403 and nothing
changes. Only the evaluators a round names open its scoring page and save
scores there — not even the office otherwise.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from projects.choices import ProjectStage
from projects.models import Project
from reserve import services
from reserve.choices import Decision, EntryStatus, MoveKind, PlanCategory, RoundStatus, Tier
from reserve.models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundItem,
    Score,
)
from tests.action_matrix import ANONYMOUS, LOGIN, NO_ROLE, SUPERUSER, matrix, perform, user_for
from tests.factories import ProjectFactory, ReserveEntryFactory, UserFactory, open_round_for
from tests.reserve.test_pages import REASON, criteria_of, make_office

pytestmark = pytest.mark.django_db

WATCH = [
    ReserveEntry,
    ReserveMove,
    Project,
    AnnualPlan,
    AnnualPlanItem,
    RoundItem,
    Score,
    EvaluationRound,
    EvaluationRound.evaluators.through,
]

READ = matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: LOGIN})
OFFICE_ONLY_GET = matrix(default=403, **{Role.KEY_OFFICE: 200, SUPERUSER: 200, ANONYMOUS: LOGIN})
OFFICE_ONLY_POST = matrix(default=403, **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN})


@pytest.fixture
def world(db):
    """An in-pool, a removed entry, an open round with an evaluator, an applied round and a plan."""
    office = make_office()
    evaluator = UserFactory(roles=[Role.CITY_LEADER])
    entry = ReserveEntryFactory()
    removed = ReserveEntryFactory(status=EntryStatus.REMOVED, project__stage=ProjectStage.REMOVED)
    scoped = ReserveEntryFactory()
    open_round = open_round_for([scoped], [evaluator], office, name="开放中的评估")
    applied = open_round_for([ReserveEntryFactory()], [evaluator], office, name="已生效的评估")
    services.decide(applied.items.get(), decision=Decision.KEEP, reason="保留", actor=office)
    services.apply_round(applied, actor=office)
    services.add_to_plan(
        project=ProjectFactory(),
        year=2026,
        category=PlanCategory.NEW_START,
        planned_investment=Decimal("1000"),
        reason="直接纳入",
        actor=office,
    )
    return {
        "office": office,
        "evaluator": evaluator,
        "entry": entry,
        "removed": removed,
        "round": open_round,
        "applied": applied,
    }


# -- read pages ---------------------------------------------------------------------------

READ_PAGES = {
    "overview": lambda w: reverse("reserve:overview"),
    "entry_list": lambda w: reverse("reserve:entry_list"),
    "entry_detail": lambda w: reverse("reserve:entry_detail", args=[w["entry"].pk]),
    "removed_entry_detail": lambda w: reverse("reserve:entry_detail", args=[w["removed"].pk]),
    "round_list": lambda w: reverse("reserve:round_list"),
    "round_detail": lambda w: reverse("reserve:round_detail", args=[w["round"].pk]),
    "applied_round_detail": lambda w: reverse("reserve:round_detail", args=[w["applied"].pk]),
    "plan_list": lambda w: reverse("reserve:plan_list"),
    "plan_detail": lambda w: reverse("reserve:plan_detail", args=[2026]),
    "project_detail": lambda w: w["entry"].project.get_absolute_url(),
}


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize("who, status", READ)
def test_every_role_reads_the_pool_pages(client, world, page, who, status):
    perform(client, who, status, lambda c: c.get(READ_PAGES[page](world)), watch=WATCH)


# -- the office's pages --------------------------------------------------------------------

OFFICE_PAGES = {
    "entry_add": lambda w: reverse("reserve:entry_add"),
    "entry_change_tier": lambda w: reverse("reserve:entry_change_tier", args=[w["entry"].pk]),
    "entry_details": lambda w: reverse("reserve:entry_details", args=[w["entry"].pk]),
    "entry_remove": lambda w: reverse("reserve:entry_remove", args=[w["entry"].pk]),
    "entry_plan": lambda w: reverse("reserve:entry_plan", args=[w["entry"].pk]),
    "entry_restore": lambda w: reverse("reserve:entry_restore", args=[w["removed"].pk]),
    "round_add": lambda w: reverse("reserve:round_add"),
    "round_decide": lambda w: reverse("reserve:round_decide", args=[w["round"].pk]),
    "round_apply": lambda w: reverse("reserve:round_apply", args=[w["round"].pk]),
    "plan_add": lambda w: reverse("reserve:plan_add"),
}


@pytest.mark.parametrize("page", OFFICE_PAGES)
@pytest.mark.parametrize("who, status", OFFICE_ONLY_GET)
def test_only_the_office_opens_the_action_pages(client, world, page, who, status):
    perform(client, who, status, lambda c: c.get(OFFICE_PAGES[page](world)), watch=WATCH)


# -- the office's actions ------------------------------------------------------------------


def change_tier(w):
    entry = w["entry"]
    url = reverse("reserve:entry_change_tier", args=[entry.pk])
    body = {"tier-new_tier": Tier.MID, "tier-reason": "前期条件尚未成熟，调整为中期"}

    def check(response):
        entry.refresh_from_db()
        assert entry.tier == Tier.MID
        move = entry.moves.get(kind=MoveKind.CHANGE_TIER)
        assert (move.from_tier, move.to_tier, move.reason) == (Tier.NEAR, Tier.MID, body["tier-reason"])
        assert move.actor == response.user

    return url, body, check


def edit_details(w):
    entry = w["entry"]
    url = reverse("reserve:entry_details", args=[entry.pk])
    body = {
        "details-responsible_unit": entry.responsible_unit_id,
        "details-responsible_person": "赵六",
        "details-prep_deadline": "2027-06-30",
        "details-target_start": "",
        "details-time_nodes": "2027年6月完成可研批复",
        "details-expected_goals": "年产值20亿元",
        "details-reason": "责任人调整",
    }

    def check(response):
        entry.refresh_from_db()
        assert (entry.responsible_person, str(entry.prep_deadline), entry.expected_goals) == (
            "赵六",
            "2027-06-30",
            "年产值20亿元",
        )
        record = entry.history.first()
        assert (record.history_change_reason, record.history_user) == ("责任人调整", response.user)
        assert entry.tier == Tier.NEAR and not entry.moves.exists()

    return url, body, check


def remove(w):
    entry = w["entry"]
    url = reverse("reserve:entry_remove", args=[entry.pk])
    body = {"remove-reason": "业主放弃投资", "remove-confirm": "on"}

    def check(response):
        entry.refresh_from_db()
        assert entry.status == EntryStatus.REMOVED
        assert entry.project.stage == ProjectStage.REMOVED
        assert entry.moves.get(kind=MoveKind.REMOVE).reason == "业主放弃投资"

    return url, body, check


def restore(w):
    entry = w["removed"]
    url = reverse("reserve:entry_restore", args=[entry.pk])
    body = {
        "restore-tier": Tier.LONG,
        "restore-responsible_unit": entry.responsible_unit_id,
        "restore-responsible_person": "李四",
        "restore-reason": "业主重新确认投资意向",
    }

    def check(response):
        entry.refresh_from_db()
        assert (entry.status, entry.tier, entry.responsible_person) == (
            EntryStatus.IN_POOL,
            Tier.LONG,
            "李四",
        )
        assert entry.project.stage == ProjectStage.RESERVE
        assert entry.moves.get(kind=MoveKind.RESTORE).to_tier == Tier.LONG

    return url, body, check


def plan_entry(w):
    entry = w["entry"]
    url = reverse("reserve:entry_plan", args=[entry.pk])
    year = timezone.localdate().year
    body = {
        "plan-year": year,
        "plan-category": PlanCategory.NEW_START,
        "plan-planned_investment": "8000",
        "plan-target_milestones": "年内开工",
        "plan-reason": "签约落地，具备开工条件",
    }

    def check(response):
        entry.refresh_from_db()
        item = AnnualPlanItem.objects.get(project=entry.project, plan__year=year)
        assert (item.category, item.planned_investment, item.source) == (
            "new_start",
            Decimal("8000"),
            "direct",
        )
        assert entry.status == EntryStatus.PLANNED

    return url, body, check


def enter_pool(w):
    project = ProjectFactory(stage=ProjectStage.PLANNING)
    url = reverse("reserve:entry_add")
    body = {
        "project": project.pk,
        "tier": Tier.NEAR,
        "responsible_unit": project.responsible_unit_id,
        "responsible_person": "王五",
        "prep_deadline": "2026-12-31",
        "target_start": "2027-03-01",
        "time_nodes": "2026年底完成可研",
        "expected_goals": "年产值10亿元",
        "reason": REASON,
    }

    def check(response):
        entry = ReserveEntry.objects.get(project=project)
        assert response["Location"] == entry.get_absolute_url()
        assert (entry.tier, entry.responsible_person, str(entry.prep_deadline)) == (
            "near",
            "王五",
            "2026-12-31",
        )
        assert entry.moves.get().kind == MoveKind.ENTER
        project.refresh_from_db()
        assert project.stage == ProjectStage.RESERVE

    return url, body, check


def open_round(w):
    url = reverse("reserve:round_add")
    body = {
        "name": "2026 年四季度评估",
        "plan_year": 2027,
        "evaluators": [w["evaluator"].pk],
        "notes": "",
        "entries": [w["entry"].pk],
    }

    def check(response):
        created = EvaluationRound.objects.get(name="2026 年四季度评估")
        assert response["Location"] == created.get_absolute_url()
        assert [i.entry for i in created.items.all()] == [w["entry"]]
        assert list(created.evaluators.all()) == [w["evaluator"]]
        assert created.criteria.count() == 5

    return url, body, check


def decide(w):
    evaluation_round = w["round"]
    (item,) = evaluation_round.items.all()
    url = reverse("reserve:round_decide", args=[evaluation_round.pk])
    body = {f"d{item.pk}-decision": Decision.KEEP, f"d{item.pk}-reason": "继续储备"}

    def check(response):
        item.refresh_from_db()
        assert (item.decision, item.decision_reason, item.decided_by) == ("keep", "继续储备", response.user)

    return url, body, check


def apply(w):
    evaluation_round = w["round"]
    item = evaluation_round.items.get()
    services.decide(item, decision=Decision.KEEP, reason="继续储备", actor=w["office"])

    def check(response):
        evaluation_round.refresh_from_db()
        assert evaluation_round.status == RoundStatus.APPLIED
        assert item.entry.moves.get(kind=MoveKind.KEEP).evaluation_round == evaluation_round

    return reverse("reserve:round_apply", args=[evaluation_round.pk]), {}, check


def plan_add(w):
    project = ProjectFactory()
    body = {
        "project": project.pk,
        "year": 2026,
        "category": PlanCategory.CONTINUING,
        "planned_investment": "3000.50",
        "target_milestones": "",
        "reason": "续建项目",
    }

    def check(response):
        item = AnnualPlanItem.objects.get(project=project)
        assert (item.plan.year, item.planned_investment) == (2026, Decimal("3000.50"))
        assert response["Location"] == reverse("reserve:plan_detail", args=[2026])

    return reverse("reserve:plan_add"), body, check


ACTIONS = {
    "change_tier": change_tier,
    "edit_details": edit_details,
    "remove": remove,
    "restore": restore,
    "plan_entry": plan_entry,
    "enter_pool": enter_pool,
    "open_round": open_round,
    "decide": decide,
    "apply": apply,
    "plan_add": plan_add,
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who, status", OFFICE_ONLY_POST)
def test_only_the_office_performs_the_actions_and_a_refusal_changes_nothing(
    client, world, action, who, status
):
    url, body, check = ACTIONS[action](world)
    response = perform(client, who, status, lambda c: c.post(url, body), watch=WATCH)
    if status == 302:
        check(response)


# -- scoring: the named evaluators only ------------------------------------------------------


def score_body(evaluation_round, value="80"):
    return {
        f"s-{item.pk}-{c.pk}": value
        for item in evaluation_round.items.all()
        for c in criteria_of(evaluation_round)
    }


NAMED = matrix(default=200, **{ANONYMOUS: LOGIN})
UNNAMED = matrix(default=403, **{ANONYMOUS: LOGIN})


def named(who, evaluation_round):
    user = user_for(who)
    if user is not None:
        evaluation_round.evaluators.add(user)
    return user


@pytest.mark.parametrize("who, status", NAMED)
def test_a_named_evaluator_opens_the_scoring_page(client, world, who, status):
    evaluation_round = world["round"]
    url = reverse("reserve:round_score", args=[evaluation_round.pk])
    perform(client, who, status, lambda c: c.get(url), watch=WATCH, user=named(who, evaluation_round))


@pytest.mark.parametrize("who, status", [(w, 302 if s == 200 else s) for w, s in (p.values for p in NAMED)])
def test_a_named_evaluator_saves_scores(client, world, who, status):
    evaluation_round = world["round"]
    url = reverse("reserve:round_score", args=[evaluation_round.pk])
    user = named(who, evaluation_round)
    perform(client, who, status, lambda c: c.post(url, score_body(evaluation_round)), watch=WATCH, user=user)
    if status == 302:
        assert Score.objects.filter(evaluator=user).count() == len(criteria_of(evaluation_round))
        assert set(Score.objects.filter(evaluator=user).values_list("value", flat=True)) == {Decimal("80")}


@pytest.mark.parametrize("who, status", UNNAMED)
def test_nobody_else_opens_the_scoring_page_not_even_the_office(client, world, who, status):
    url = reverse("reserve:round_score", args=[world["round"].pk])
    perform(client, who, status, lambda c: c.get(url), watch=WATCH)


@pytest.mark.parametrize("who, status", UNNAMED)
def test_nobody_else_saves_scores(client, world, who, status):
    evaluation_round = world["round"]
    url = reverse("reserve:round_score", args=[evaluation_round.pk])
    perform(client, who, status, lambda c: c.post(url, score_body(evaluation_round)), watch=WATCH)


def test_an_evaluator_of_another_round_is_refused(client, world):
    other = open_round_for(
        [ReserveEntryFactory()], [UserFactory(roles=[Role.CITY_LEADER])], world["office"], "另一轮"
    )
    url = reverse("reserve:round_score", args=[other.pk])
    client.force_login(world["evaluator"])
    perform(
        client,
        "evaluator",
        403,
        lambda c: c.post(url, score_body(other)),
        watch=WATCH,
        user=world["evaluator"],
    )


def test_scoring_an_applied_round_is_refused(client, world):
    applied = world["applied"]
    url = reverse("reserve:round_score", args=[applied.pk])
    user = world["evaluator"]
    perform(client, "evaluator", 403, lambda c: c.get(url), watch=WATCH, user=user)
    perform(client, "evaluator", 403, lambda c: c.post(url, score_body(applied)), watch=WATCH, user=user)


def test_action_forms_are_not_shown_to_readers(client, world):
    client.force_login(UserFactory(roles=[Role.INVESTMENT_TEAM]))
    page = client.get(world["round"].get_absolute_url()).content.decode()
    for name in ("round_decide", "round_apply", "round_score"):
        assert reverse(f"reserve:{name}", args=[world["round"].pk]) not in page
    client.force_login(world["evaluator"])
    page = client.get(world["round"].get_absolute_url()).content.decode()
    assert reverse("reserve:round_score", args=[world["round"].pk]) in page
    assert reverse("reserve:round_decide", args=[world["round"].pk]) not in page
