"""Query-count baselines of the reserve pages: the same count with few and many rows (no query
per row), equal to the pinned number. If a deliberate change moves a baseline, update the
number here in the same commit and say why."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from reserve import services
from reserve.choices import Decision, MoveKind, PlanCategory, Tier
from reserve.models import ReserveEntry, ReserveMove
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
from tests.reserve.test_pages import make_office

pytestmark = pytest.mark.django_db

# session, user, the user's roles, then the page's own queries
ENTRY_LIST_PAGE = 9  # + filter choices (industries, towns, units), count, rows
ENTRY_LIST_HTMX = 5
OVERVIEW_PAGE = 14
ENTRY_PAGE = 14  # incl. the change history (records + names of the units and project in it) and the unit choices of the details form
ROUND_PAGE = 12
SCORE_PAGE = 10
DECIDE_PAGE = 8
PLAN_PAGE = 13
# no task force here; the entry is joined, moves and plan items one query each, the element
# guarantees (要素保障) one query
PROJECT_PAGE_IN_POOL = 11

TIERS = [Tier.NEAR, Tier.MID, Tier.LONG]


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


def grow_pool(n):
    """Bring the pool to ``n`` entries, each with its own project, industry, town and unit."""
    while ReserveEntry.objects.count() < n:
        unit = DepartmentFactory()
        ReserveEntryFactory(
            tier=TIERS[ReserveEntry.objects.count() % 3],
            project__industry=IndustryFactory(),
            project__town=TownFactory(),
            project__responsible_unit=unit,
            project__policy_tags=["national_pilot"],
        )


@pytest.fixture
def office(client):
    user = make_office()
    client.force_login(user)
    return user


def test_entry_list_page_query_count_does_not_grow_with_the_pool(client, office):
    url = reverse("reserve:entry_list")
    assert_num_queries_stable(
        lambda: ok(client.get(url, {"sort": "-total_investment", "status": "in_pool"})),
        grow_pool,
        sizes=(5, 40),
        expected=ENTRY_LIST_PAGE,
    )


def test_entry_list_htmx_table_query_count_does_not_grow(client, office):
    url = reverse("reserve:entry_list")
    assert_num_queries_stable(
        lambda: ok(client.get(url, {"due": "false"}, headers={"HX-Request": "true"})),
        grow_pool,
        sizes=(5, 40),
        expected=ENTRY_LIST_HTMX,
    )


def test_overview_query_count_does_not_grow_with_the_pool(client, office):
    def grow(n):
        grow_pool(n)
        # moves too: every entry changes tier once
        for entry in ReserveEntry.objects.filter(moves__isnull=True):
            services.change_tier(
                entry, Tier.LONG if entry.tier != Tier.LONG else Tier.MID, reason="调整", actor=office
            )

    assert_num_queries_stable(
        lambda: ok(client.get(reverse("reserve:overview"))), grow, sizes=(5, 40), expected=OVERVIEW_PAGE
    )


def scored_round(office, n, evaluators=2):
    """A round of ``n`` pool entries, each scored by every evaluator and decided."""
    leaders = [UserFactory(roles=[Role.CITY_LEADER], unit=DepartmentFactory()) for _ in range(evaluators)]
    grow_pool(n)
    evaluation_round = open_round_for(list(ReserveEntry.objects.all()[:n]), leaders, office, name=f"评估{n}")
    criteria = list(evaluation_round.criteria.all())
    for index, item in enumerate(evaluation_round.items.all()):
        for leader in leaders:
            services.record_scores(item, leader, {c.pk: 50 + index % 50 for c in criteria})
        services.decide(item, decision=Decision.KEEP, reason="保留", actor=office)
    return evaluation_round, leaders


def test_round_page_query_count_does_not_grow_with_projects_scores_or_evaluators(client, office):
    rounds = {}

    def grow(n):
        rounds["current"] = scored_round(office, n, evaluators=2 if n < 10 else 4)[0]

    assert_num_queries_stable(
        lambda: ok(client.get(rounds["current"].get_absolute_url())), grow, sizes=(3, 20), expected=ROUND_PAGE
    )


def test_score_page_query_count_does_not_grow_with_projects(client, office):
    state = {}

    def grow(n):
        evaluation_round, leaders = scored_round(office, n)
        state["url"] = reverse("reserve:round_score", args=[evaluation_round.pk])
        client.force_login(leaders[0])

    assert_num_queries_stable(lambda: ok(client.get(state["url"])), grow, sizes=(3, 20), expected=SCORE_PAGE)


def test_decide_page_query_count_does_not_grow_with_projects(client, office):
    state = {}

    def grow(n):
        state["url"] = reverse("reserve:round_decide", args=[scored_round(office, n)[0].pk])

    assert_num_queries_stable(lambda: ok(client.get(state["url"])), grow, sizes=(3, 20), expected=DECIDE_PAGE)


def test_entry_page_query_count_does_not_grow_with_moves_rounds_or_plan_items(client, office):
    entry = ReserveEntryFactory()
    url = entry.get_absolute_url()

    def grow(n):
        while entry.moves.count() < n:
            ReserveMove.objects.create(
                entry=entry,
                kind=MoveKind.CHANGE_TIER,
                from_tier="near",
                to_tier="mid",
                reason="调整",
                actor=office,
            )
        while entry.round_items.count() < n // 2:
            evaluation_round = open_round_for(
                [entry], [office], office, name=f"评估{entry.round_items.count()}"
            )
            item = evaluation_round.items.get()
            services.record_scores(item, office, {c.pk: 80 for c in evaluation_round.criteria.all()})
        while entry.project.plan_items.count() < n // 2:
            services.add_to_plan(
                project=entry.project,
                year=2000 + entry.project.plan_items.count(),
                category=PlanCategory.CONTINUING,
                planned_investment=Decimal("1"),
                reason="续建",
                actor=office,
            )

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 12), expected=ENTRY_PAGE)


def test_plan_page_query_count_does_not_grow_with_items(client, office):
    def grow(n):
        while ProjectFactory._meta.model.objects.filter(plan_items__plan__year=2026).count() < n:
            services.add_to_plan(
                project=ProjectFactory(industry=IndustryFactory(), town=TownFactory()),
                year=2026,
                category=PlanCategory.NEW_START,
                planned_investment=Decimal("100"),
                reason="直接纳入",
                actor=office,
            )

    url = reverse("reserve:plan_detail", args=[2026])
    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(3, 30), expected=PLAN_PAGE)


def test_project_page_query_count_does_not_grow_with_pool_moves_or_plan_items(client, office):
    """The project page's reserve section: its entry is joined; moves and plan items are one query each."""
    entry = ReserveEntryFactory()
    url = entry.project.get_absolute_url()

    def grow(n):
        while entry.moves.count() < n:
            ReserveMove.objects.create(
                entry=entry,
                kind=MoveKind.KEEP,
                from_tier="near",
                to_tier="near",
                reason="保留",
                actor=UserFactory(roles=[Role.KEY_OFFICE]),
                evaluation_round=open_round_for(
                    [entry], [office], office, name=f"第{n}-{entry.moves.count()}轮"
                ),
            )
        while entry.project.plan_items.count() < n:
            services.add_to_plan(
                project=entry.project,
                year=2000 + entry.project.plan_items.count(),
                category=PlanCategory.CONTINUING,
                planned_investment=Decimal("1"),
                reason="续建",
                actor=office,
            )

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 12), expected=PROJECT_PAGE_IN_POOL)
