"""Query-count baselines for the reserve API: the same count with few and many rows, equal to
the pinned number. If a deliberate change moves a baseline, update it here in the same
commit and say why.

Every API request costs three queries before the view's own: the session, the user and
the user's roles.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from reserve import services
from reserve.choices import Decision, PlanCategory, Tier
from reserve.models import AnnualPlanItem, ReserveEntry, ReserveMove, Score
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    ProjectFactory,
    ReserveEntryFactory,
    TownFactory,
    UserFactory,
    open_round_for,
)
from tests.queries import assert_num_queries_stable

# auth (3) + count + page
ENTRY_LIST = 5
MOVE_LIST = 5
PLAN_ITEM_LIST = 5
SCORE_LIST = 5
# auth (3) + count + page + evaluators + criteria
ROUND_LIST = 7
# auth (3) + entry + moves
ENTRY_DETAIL = 5
# auth (3) + round + evaluators + criteria + round_results (items, averages; criteria prefetched)
ROUND_DETAIL = 8
# auth (3) + plan + plan_totals (4)
PLAN_DETAIL = 8

REASON = "测试理由"

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


@pytest.fixture
def client(api_client, office):
    api_client.force_login(office)
    return api_client


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


def new_project(**fields):
    """A project with its own industry, unit and town, so a missing select_related shows."""
    return ProjectFactory(
        industry=IndustryFactory(), responsible_unit=DepartmentFactory(), town=TownFactory(), **fields
    )


def grow_entries(n):
    while ReserveEntry.objects.count() < n:
        project = new_project()
        ReserveEntryFactory(project=project, responsible_unit=DepartmentFactory())


def test_entry_list(client):
    url = reverse("api:reserve-entry-list")
    assert_num_queries_stable(
        lambda: ok(client.get(url, {"sort": "-total_investment", "due": "false"})),
        grow_entries,
        sizes=(3, 30),
        expected=ENTRY_LIST,
    )


def test_entry_detail_with_many_moves(client):
    entry = ReserveEntryFactory()
    url = reverse("api:reserve-entry-detail", args=[entry.pk])

    def grow(n):
        while entry.moves.count() < n:
            entry.refresh_from_db()
            tier = Tier.MID if entry.tier == Tier.NEAR else Tier.NEAR
            services.change_tier(entry, tier, reason=REASON, actor=UserFactory(roles=[Role.KEY_OFFICE]))

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 12), expected=ENTRY_DETAIL)


def test_move_list(client):
    url = reverse("api:reserve-move-list")

    def grow(n):
        while ReserveMove.objects.count() < n:
            entry = ReserveEntryFactory(project=new_project())
            services.remove(entry, reason=REASON, actor=UserFactory(roles=[Role.KEY_OFFICE]))

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(3, 30), expected=MOVE_LIST)


def grow_rounds(n):
    from reserve.models import EvaluationRound

    while EvaluationRound.objects.count() < n:
        index = EvaluationRound.objects.count()
        entries = [ReserveEntryFactory(project=new_project()) for _ in range(2)]
        evaluators = [UserFactory(roles=[Role.CITY_LEADER]) for _ in range(2)]
        open_round_for(entries, evaluators, UserFactory(roles=[Role.KEY_OFFICE]), name=f"第{index}轮评估")


def test_round_list(client):
    url = reverse("api:reserve-round-list")
    assert_num_queries_stable(lambda: ok(client.get(url)), grow_rounds, sizes=(2, 12), expected=ROUND_LIST)


def test_round_detail_with_many_items_scores_and_decisions(client, office):
    entries = [ReserveEntryFactory(project=new_project())]
    evaluators = [UserFactory(roles=[Role.CITY_LEADER])]
    evaluation_round = open_round_for(entries, evaluators, office)
    url = reverse("api:reserve-round-detail", args=[evaluation_round.pk])
    criteria = list(evaluation_round.criteria.all())

    def grow(n):
        from reserve.models import RoundItem

        while evaluation_round.items.count() < n:
            RoundItem.objects.create(
                evaluation_round=evaluation_round, entry=ReserveEntryFactory(project=new_project())
            )
        while len(evaluators) < n:
            user = UserFactory(roles=[Role.INVESTMENT_TEAM])
            evaluation_round.evaluators.add(user)
            evaluators.append(user)
        for item in evaluation_round.items.select_related("entry"):
            for evaluator in evaluators:
                if not Score.objects.filter(item=item, evaluator=evaluator).exists():
                    services.record_scores(item, evaluator, {c.pk: 70 + item.pk % 20 for c in criteria})
            if not item.decision:
                services.decide(
                    item, decision=Decision.KEEP, reason=REASON, actor=UserFactory(roles=[Role.KEY_OFFICE])
                )

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 10), expected=ROUND_DETAIL)


def test_score_list(client, office):
    evaluators = []
    rounds = []

    def grow(n):
        while Score.objects.count() < n:
            evaluator = UserFactory(roles=[Role.CITY_LEADER])
            evaluators.append(evaluator)
            evaluation_round = open_round_for(
                [ReserveEntryFactory(project=new_project())],
                [evaluator],
                office,
                name=f"评分轮次{len(rounds)}",
            )
            rounds.append(evaluation_round)
            item = evaluation_round.items.get()
            services.record_scores(item, evaluator, {c.pk: 80 for c in evaluation_round.criteria.all()})

    url = reverse("api:reserve-score-list")
    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(5, 40), expected=SCORE_LIST)


def test_plan_item_list(client, office):
    def grow(n):
        while AnnualPlanItem.objects.count() < n:
            services.add_to_plan(
                project=new_project(),
                year=2026 + AnnualPlanItem.objects.count() % 3,
                category=PlanCategory.NEW_START,
                planned_investment=Decimal("100"),
                reason=REASON,
                actor=office,
            )

    url = reverse("api:reserve-plan-item-list")
    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(3, 30), expected=PLAN_ITEM_LIST)


def test_plan_detail_with_totals(client, office):
    def grow(n):
        while AnnualPlanItem.objects.count() < n:
            services.add_to_plan(
                project=new_project(),
                year=2027,
                category=PlanCategory.CONTINUING,
                planned_investment=Decimal("100"),
                reason=REASON,
                actor=office,
            )

    url = reverse("api:reserve-plan-detail", args=[2027])
    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(3, 30), expected=PLAN_DETAIL)
