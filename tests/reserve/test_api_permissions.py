"""Who may do what through the reserve API (/api/reserve/…).

Only the office manages the pool, the criteria, the rounds and the plan;
evaluators the office names score; every role reads; a user without a role gets
403 and an anonymous caller 401. Plain reads and writes are covered by one
permission matrix per endpoint; the domain actions (POSTs that move entries,
open and apply rounds, score) by action matrices, where a refused request must
leave every pool table as it was.
"""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.choices import ProjectStage
from projects.models import Project
from reserve import services
from reserve.choices import Decision, EntryStatus, MoveKind, PlanCategory, PlanSource, Tier
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
from tests.action_matrix import EVERYONE, matrix, perform, user_for
from tests.factories import (
    DepartmentFactory,
    EvaluationCriterionFactory,
    ProjectFactory,
    ReserveEntryFactory,
    UserFactory,
    open_round_for,
)
from tests.matrix import (
    ANONYMOUS,
    ANONYMOUS_ACCESS,
    FULL,
    NO_ACCESS,
    NO_ROLE,
    READ_ONLY,
    SUPERUSER,
    PermissionMatrix,
    expect,
)

REASON = "符合湖南“三高四新”战略，用地与规划条件基本落实"
#: every table a pool action may touch (their history tables are watched too)
WATCH = [
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
    EvaluationCriterion,
]
OTHER_ROLES = [r for r in Role.values if r != Role.KEY_OFFICE]
_names = itertools.count(1)


def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def table(manager, read_only_for_others=READ_ONLY):
    """The expectation table: ``manager`` for the office and superusers, reads for the other roles."""
    return {
        Role.KEY_OFFICE: manager,
        SUPERUSER: manager,
        **dict.fromkeys(OTHER_ROLES, read_only_for_others),
        NO_ROLE: NO_ACCESS,
        ANONYMOUS: ANONYMOUS_ACCESS,
    }


def open_round(entries=None, evaluators=None, **kwargs):
    entries = entries if entries is not None else [ReserveEntryFactory()]
    evaluators = evaluators if evaluators is not None else [UserFactory(roles=[Role.INVESTMENT_TEAM])]
    return open_round_for(entries, evaluators, office(), name=f"测试评估轮次{next(_names)}", **kwargs)


def free_year():
    return next(y for y in itertools.count(2030) if not AnnualPlan.objects.filter(year=y).exists())


# -- plain reads and writes: one matrix per endpoint --------------------------------------


class ApiMatrix(PermissionMatrix):
    """The matrix for API endpoints only (the pages have their own tests). The pool has no row
    scopes: the office writes everything, the other roles nothing."""

    test_page = test_page_scope_escape = test_api_scope_escape = None

    def link_to_scope(self, obj, user, role):
        pass


class TestEntryApiMatrix(ApiMatrix):
    """Entries: the office enters projects (POST) and edits plain fields (PUT / PATCH); never DELETE."""

    model = ReserveEntry
    volatile_fields = frozenset({"version"})
    reason_field = "reason"
    api_list_url = staticmethod(lambda: reverse("api:reserve-entry-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:reserve-entry-detail", args=[obj.pk]))
    expected = table(expect(FULL, api_destroy=405))

    def make_object(self):
        return ReserveEntryFactory()

    def create_api_data(self, user):
        return {
            "project": ProjectFactory(stage=ProjectStage.PLANNING).pk,
            "tier": Tier.MID,
            "responsible_unit": DepartmentFactory().pk,
            "responsible_person": "王建国",
            "prep_deadline": "2026-09-30",
            "expected_goals": "年产值 5 亿元",
            "reason": REASON,
        }

    def update_api_data(self, user, entry):
        return {
            "responsible_unit": DepartmentFactory().pk,
            "responsible_person": "李晓明",
            "prep_deadline": "2026-10-31",
            "target_start": "2027-03-01",
            "time_nodes": "2026 年底完成可研",
            "expected_goals": "新增就业 300 人",
            "reason": "责任人调整",
        }

    def partial_api_data(self, user, entry):
        return {"responsible_person": "赵敏", "reason": "责任人调整"}


class TestMoveApiMatrix(ApiMatrix):
    """Moves: read-only for everyone; a superuser, who passes every policy, meets 405."""

    model = ReserveMove
    api_list_url = staticmethod(lambda: reverse("api:reserve-move-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:reserve-move-detail", args=[obj.pk]))
    expected = {
        **table(READ_ONLY),
        SUPERUSER: expect(READ_ONLY, api_create=405, api_update=405, api_partial_update=405, api_destroy=405),
    }

    def make_object(self):
        entry = ReserveEntryFactory()
        return ReserveMove.objects.create(
            entry=entry, kind=MoveKind.ENTER, to_tier=entry.tier, reason=REASON, actor=office()
        )

    def create_api_data(self, user):
        entry = ReserveEntryFactory()
        return {"entry": entry.pk, "kind": MoveKind.REMOVE, "reason": "伪造的变动"}

    def update_api_data(self, user, move):
        return {"entry": move.entry_id, "kind": MoveKind.REMOVE, "reason": "篡改理由"}

    def partial_api_data(self, user, move):
        return {"reason": "篡改理由"}


class TestCriterionApiMatrix(ApiMatrix):
    """Criteria and weights: the office keeps them (create, edit, delete an unused one)."""

    model = EvaluationCriterion
    reason_field = "reason"
    api_list_url = staticmethod(lambda: reverse("api:reserve-criterion-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:reserve-criterion-detail", args=[obj.pk]))
    expected = table(FULL)

    def make_object(self):
        return EvaluationCriterionFactory(name=f"测试指标{next(_names)}", is_active=False)

    def create_api_data(self, user):
        return {
            "name": f"新增指标{next(_names)}",
            "description": "亩均税收",
            "weight": "12.50",
            "max_score": 10,
            "sort_order": 60,
            "is_active": False,
            "reason": "新增评估维度",
        }

    def update_api_data(self, user, criterion):
        return {
            "name": f"改名指标{next(_names)}",
            "description": "改后的说明",
            "weight": "7.50",
            "max_score": 20,
            "sort_order": 70,
            "is_active": False,
            "reason": "调整权重",
        }

    def partial_api_data(self, user, criterion):
        return {"weight": "30.00", "reason": "调整权重"}


class TestRoundApiMatrix(ApiMatrix):
    """Rounds: the office opens them (POST); no PUT, PATCH or DELETE."""

    model = EvaluationRound
    volatile_fields = frozenset({"version"})
    api_list_url = staticmethod(lambda: reverse("api:reserve-round-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:reserve-round-detail", args=[obj.pk]))
    expected = table(expect(FULL, api_update=405, api_partial_update=405, api_destroy=405))

    def make_object(self):
        return open_round()

    def create_api_data(self, user):
        return {
            "name": f"接口开启的评估轮次{next(_names)}",
            "plan_year": 2026,
            "notes": "季度评估",
            "entries": [ReserveEntryFactory().pk, ReserveEntryFactory().pk],
            "evaluators": [UserFactory(roles=[Role.CITY_LEADER]).pk],
        }

    def update_api_data(self, user, evaluation_round):
        return {"name": "改名", "plan_year": 2027, "notes": ""}

    def partial_api_data(self, user, evaluation_round):
        return {"name": "改名"}


class TestPlanApiMatrix(ApiMatrix):
    """Annual plans (by year): the office adds a year ahead and edits title and notes; never DELETE."""

    model = AnnualPlan
    api_list_url = staticmethod(lambda: reverse("api:reserve-plan-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:reserve-plan-detail", args=[obj.year]))
    expected = table(expect(FULL, api_destroy=405))

    def make_object(self):
        return AnnualPlan.objects.create(year=free_year())

    def create_api_data(self, user):
        return {"year": free_year(), "title": "重点项目年度实施计划", "notes": "市政府常务会议审定"}

    def update_api_data(self, user, plan):
        return {"title": "调整后的年度计划", "notes": "年中调整"}

    def partial_api_data(self, user, plan):
        return {"notes": "年中调整"}


class TestPlanItemApiMatrix(ApiMatrix):
    """Plan items: the office puts a project in directly (POST, with a reason); no PUT, PATCH or DELETE."""

    model = AnnualPlanItem
    volatile_fields = frozenset({"version"})
    reason_field = "reason"
    api_list_url = staticmethod(lambda: reverse("api:reserve-plan-item-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:reserve-plan-item-detail", args=[obj.pk]))
    expected = table(expect(FULL, api_update=405, api_partial_update=405, api_destroy=405))

    def make_object(self):
        plan, _ = AnnualPlan.objects.get_or_create(year=2026)
        return AnnualPlanItem.objects.create(
            plan=plan,
            project=ProjectFactory(),
            category=PlanCategory.CONTINUING,
            planned_investment=Decimal("6000.00"),
            source=PlanSource.DIRECT,
            reason=REASON,
            added_by=office(),
        )

    def create_api_data(self, user):
        return {
            "project": ProjectFactory().pk,
            "year": 2027,
            "category": PlanCategory.NEW_START,
            "planned_investment": "8000.00",
            "target_milestones": "6 月底前开工",
            "reason": "市委常委会议定",
        }

    def update_api_data(self, user, item):
        return {"category": PlanCategory.COMPLETION, "planned_investment": "1.00", "reason": "篡改"}

    def partial_api_data(self, user, item):
        return {"planned_investment": "1.00"}


# -- domain actions: who may, and a refusal changes nothing -------------------------------


#: "done" stands for the action's own success status (201 or 200)
OFFICE_ONLY = matrix(default=403, **{Role.KEY_OFFICE: "done", SUPERUSER: "done", ANONYMOUS: 401})


def entry_action(name, body, **entry_fields):
    def build():
        entry = ReserveEntryFactory(**entry_fields)
        return reverse(f"api:reserve-entry-{name}", args=[entry.pk]), body

    return build


def enter_pool():
    body = {
        "project": ProjectFactory(stage=ProjectStage.PLANNING).pk,
        "tier": Tier.LONG,
        "responsible_unit": DepartmentFactory().pk,
        "responsible_person": "周建华",
        "reason": REASON,
    }
    return reverse("api:reserve-entry-list"), body


def open_round_action():
    body = {
        "name": "2026 年三季度评估",
        "plan_year": 2026,
        "entries": [ReserveEntryFactory().pk],
        "evaluators": [UserFactory(roles=[Role.INVESTMENT_TEAM]).pk],
    }
    return reverse("api:reserve-round-list"), body


def decide_action():
    evaluation_round = open_round()
    item = evaluation_round.items.get()
    url = reverse("api:reserve-round-decide", kwargs={"pk": evaluation_round.pk, "item_id": item.pk})
    return url, {"decision": Decision.KEEP, "reason": "继续储备"}


def apply_action():
    evaluation_round = open_round()
    services.decide(evaluation_round.items.get(), decision=Decision.KEEP, reason="继续储备", actor=office())
    return reverse("api:reserve-round-apply", args=[evaluation_round.pk]), {}


def add_plan_item():
    body = {
        "project": ProjectFactory().pk,
        "year": 2026,
        "category": PlanCategory.NEW_START,
        "planned_investment": "5000.00",
        "reason": "市委常委会议定",
    }
    return reverse("api:reserve-plan-item-list"), body


PLAN_BODY = {
    "year": 2026,
    "category": PlanCategory.NEW_START,
    "planned_investment": "5000.00",
    "reason": REASON,
}
ACTIONS = {
    "enter_pool": (enter_pool, 201),
    "change_tier": (entry_action("change-tier", {"new_tier": Tier.MID, "reason": REASON}), 200),
    "remove": (entry_action("remove", {"reason": "不具备实施条件"}), 200),
    "restore": (entry_action("restore", {"reason": "条件已具备"}, status=EntryStatus.REMOVED), 200),
    "add_to_plan": (entry_action("add-to-plan", PLAN_BODY), 201),
    "open_round": (open_round_action, 201),
    "decide": (decide_action, 200),
    "apply_round": (apply_action, 200),
    "add_plan_item": (add_plan_item, 201),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who, outcome", OFFICE_ONLY)
def test_only_the_office_performs_pool_actions(api_client, action, who, outcome):
    build, success = ACTIONS[action]
    url, body = build()
    expected = success if outcome == "done" else outcome
    response = perform(api_client, who, expected, lambda c: c.post(url, body, format="json"), watch=WATCH)
    if expected == success:
        assert response.json()["id"]


# -- scores: the evaluators the office named --------------------------------------------


def score_body(evaluation_round, value="80"):
    item = evaluation_round.items.get()
    return {
        "item": item.pk,
        "scores": [
            {"criterion": c.pk, "value": value, "comment": "较好"} for c in evaluation_round.criteria.all()
        ],
    }


NAMED = matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: 401})


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", NAMED)
def test_a_named_evaluator_of_any_role_scores(api_client, who, status):
    """Any role the office names may score; a user without a role cannot even read the round."""
    user = user_for(who)
    evaluation_round = open_round(evaluators=[user] if user else None)
    body = score_body(evaluation_round)
    response = perform(
        api_client,
        who,
        status,
        lambda c: c.post(reverse("api:reserve-score-list"), body, format="json"),
        watch=WATCH,
        user=user,
    )
    if status == 200:
        assert len(response.json()) == evaluation_round.criteria.count()
        assert Score.objects.filter(evaluator=user).count() == evaluation_round.criteria.count()


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", matrix(default=403, **{ANONYMOUS: 401}))
def test_nobody_else_scores_not_even_the_office(api_client, who, status):
    evaluation_round = open_round()
    body = score_body(evaluation_round)
    perform(
        api_client,
        who,
        status,
        lambda c: c.post(reverse("api:reserve-score-list"), body, format="json"),
        watch=WATCH,
    )


@pytest.mark.django_db
def test_an_evaluator_of_another_round_cannot_score_this_one(api_client):
    mine, theirs = open_round(), open_round()
    evaluator = mine.evaluators.get()
    body = score_body(theirs)
    perform(
        api_client,
        Role.INVESTMENT_TEAM,
        403,
        lambda c: c.post(reverse("api:reserve-score-list"), body, format="json"),
        watch=WATCH,
        user=evaluator,
    )


@pytest.mark.django_db
def test_scores_after_the_round_was_applied_are_refused(api_client):
    evaluator = UserFactory(roles=[Role.CITY_LEADER])
    evaluation_round = open_round(evaluators=[evaluator])
    services.decide(evaluation_round.items.get(), decision=Decision.KEEP, reason="继续储备", actor=office())
    services.apply_round(evaluation_round, actor=office())
    body = score_body(evaluation_round)
    perform(
        api_client,
        Role.CITY_LEADER,
        403,
        lambda c: c.post(reverse("api:reserve-score-list"), body, format="json"),
        watch=WATCH,
        user=evaluator,
    )


@pytest.fixture
def scored_rounds(db):
    """Two rounds, each scored by its own evaluator."""
    rounds = []
    for _ in range(2):
        evaluator = UserFactory(roles=[Role.DEPARTMENT_STAFF])
        evaluation_round = open_round(evaluators=[evaluator])
        item = evaluation_round.items.get()
        services.record_scores(item, evaluator, {c.pk: 75 for c in evaluation_round.criteria.all()})
        rounds.append(evaluation_round)
    return rounds


def listed_scores(api_client, user):
    api_client.force_login(user)
    response = api_client.get(reverse("api:reserve-score-list"))
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_office_sees_every_score(api_client, scored_rounds):
    assert listed_scores(api_client, office()) == set(Score.objects.values_list("pk", flat=True))


def test_an_evaluator_sees_every_score_of_their_rounds_only(api_client, scored_rounds):
    first = scored_rounds[0]
    colleague = first.evaluators.get()
    # a second evaluator of the first round sees the first evaluator's scores too
    second = UserFactory(roles=[Role.INVESTMENT_TEAM])
    first.evaluators.add(second)
    expected = set(Score.objects.filter(item__evaluation_round=first).values_list("pk", flat=True))
    assert listed_scores(api_client, colleague) == expected
    assert listed_scores(api_client, second) == expected
    other = Score.objects.filter(item__evaluation_round=scored_rounds[1]).first()
    assert api_client.get(reverse("api:reserve-score-detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_read_no_single_scores_but_every_round_result(api_client, scored_rounds, role):
    """Single scores stay with the office and the round's evaluators; the averages are for all."""
    user = UserFactory(roles=[role])
    assert listed_scores(api_client, user) == set()
    response = api_client.get(reverse("api:reserve-round-detail", args=[scored_rounds[0].pk]))
    assert response.status_code == 200
    assert response.json()["items"][0]["total"] == "75.00"


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_score_list_answers_every_role_and_refuses_the_rest(api_client, who):
    expected = {NO_ROLE: 403, ANONYMOUS: 401}.get(who, 200)
    perform(api_client, who, expected, lambda c: c.get(reverse("api:reserve-score-list")))
