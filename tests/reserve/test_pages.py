"""The reserve pool's pages show what the pool holds: the overview's numbers (each a link to
the list behind it), the entry list's filters and due badges, an entry's moves, rounds and
plan items, a round's totals and ranks, a plan's categories and totals, and the pool section
of the project page.

The helpers here are shared by the other ``test_pages_*`` modules.
"""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from projects.choices import ProjectStage
from reserve import services
from reserve.choices import Decision, EntryStatus, PlanCategory, Tier
from reserve.models import AnnualPlanItem, EvaluationRound, ReserveEntry, ReserveMove
from tests.factories import (
    IndustryFactory,
    ProjectFactory,
    TownFactory,
    UserFactory,
    open_round_for,
)

pytestmark = pytest.mark.django_db

REASON = "前期条件基本落实，市场前景较好"
LIST = reverse("reserve:entry_list")


# -- shared helpers ----------------------------------------------------------------------


def make_office(**fields):
    return UserFactory(roles=[Role.KEY_OFFICE], **fields)


def enter(actor, tier=Tier.NEAR, reason=REASON, **project_fields):
    """A project entered into the pool through the service (so it has its 入库 move)."""
    project = ProjectFactory(stage=ProjectStage.PLANNING, **project_fields)
    return services.enter_pool(
        project=project,
        tier=tier,
        responsible_unit=project.responsible_unit,
        responsible_person="周建华",
        reason=reason,
        actor=actor,
    )


def criteria_of(evaluation_round):
    return list(evaluation_round.criteria.all())


def score_all(evaluation_round, evaluator, value_for):
    """Score every item on every criterion: ``value_for(item, criterion)``."""
    for item in evaluation_round.items.all():
        services.record_scores(
            item, evaluator, {c.pk: value_for(item, c) for c in criteria_of(evaluation_round)}
        )


def links(response, prefix):
    """Every href in the page that starts with ``prefix`` (HTML entities decoded)."""
    return [
        unescape(h) for h in re.findall(r'href="([^"]+)"', response.content.decode()) if h.startswith(prefix)
    ]


def text(response):
    return response.content.decode()


@pytest.fixture
def office(client):
    user = make_office(full_name="重点办周科长")
    client.force_login(user)
    return user


# -- the overview ------------------------------------------------------------------------


@pytest.fixture
def pool(db):
    """A small pool: three tiers, every status, two types, two industries, policy tags, one due."""
    actor = make_office()
    fireworks, digital = IndustryFactory(name="花炮"), IndustryFactory(name="数字经济")
    entries = {
        "near": enter(
            actor,
            Tier.NEAR,
            industry=fireworks,
            total_investment=Decimal("150000"),
            policy_tags=["hunan_sangao_sixin"],
        ),
        "mid": enter(
            actor,
            Tier.MID,
            industry=digital,
            total_investment=Decimal("1000000"),
            policy_tags=["national_pilot", "hunan_sangao_sixin"],
            project_type="infrastructure",
        ),
        "long": enter(actor, Tier.LONG, industry=digital, total_investment=Decimal("20000")),
        "planned": enter(actor, Tier.NEAR, industry=fireworks, total_investment=Decimal("50000")),
        "removed": enter(actor, Tier.MID, industry=fireworks, total_investment=Decimal("30000")),
    }
    services.add_to_plan(
        project=entries["planned"].project,
        year=timezone.localdate().year,
        category=PlanCategory.NEW_START,
        planned_investment=Decimal("10000"),
        reason="市重点办研究同意直接纳入",
        actor=actor,
    )
    services.remove(entries["removed"], reason="业主投资意向变化，不具备实施条件", actor=actor)
    # Entered long ago and never evaluated: due.
    ReserveEntry.objects.filter(pk=entries["long"].pk).update(entered_on=datetime.date(2020, 1, 1))
    return entries


def test_overview_counts_and_investment_by_tier_status_type_industry_and_tag(client, office, pool):
    response = client.get(reverse("reserve:overview"))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["in_pool"] == {"count": 3, "investment": Decimal("1170000")}
    assert [(r["value"], r["count"], r["investment"]) for r in ctx["by_tier"]] == [
        ("near", 1, Decimal("150000")),
        ("mid", 1, Decimal("1000000")),
        ("long", 1, Decimal("20000")),
    ]
    assert {r["value"]: r["count"] for r in ctx["by_status"]} == {"in_pool": 3, "planned": 1, "removed": 1}
    assert {r["value"]: r["count"] for r in ctx["by_type"]} == {
        "industrial": 2,
        "infrastructure": 1,
        "livelihood": 0,
    }
    assert {r["label"]: (r["count"], r["investment"]) for r in ctx["by_industry"]} == {
        "数字经济": (2, Decimal("1020000")),
        "花炮": (1, Decimal("150000")),
    }
    tags = {r["value"]: (r["count"], r["investment"]) for r in ctx["by_tag"]}
    assert tags["hunan_sangao_sixin"] == (2, Decimal("1150000"))
    assert tags["national_pilot"] == (1, Decimal("1000000"))
    assert tags["provincial_key"] == (0, Decimal("0"))
    # 亿元 on the page: 1,170,000 万元 = 117.00 亿元
    assert "117.00" in text(response)


def test_every_number_on_the_overview_links_to_the_list_behind_it(client, office, pool):
    response = client.get(reverse("reserve:overview"))
    ctx = response.context
    hrefs = links(response, LIST + "?")
    assert hrefs, "the overview links to the filtered list"
    for href in hrefs:
        listed = client.get(href)
        assert listed.status_code == 200, f"{href} answers {listed.status_code}"
    # each group's count is the length of the list it links to
    expected = {f"{LIST}?status=in_pool&tier={r['value']}": r["count"] for r in ctx["by_tier"]}
    expected |= {f"{LIST}?status={r['value']}": r["count"] for r in ctx["by_status"]}
    expected |= {f"{LIST}?status=in_pool&project_type={r['value']}": r["count"] for r in ctx["by_type"]}
    expected |= {f"{LIST}?status=in_pool&industry={r['value']}": r["count"] for r in ctx["by_industry"]}
    expected |= {f"{LIST}?status=in_pool&policy_tag={r['value']}": r["count"] for r in ctx["by_tag"]}
    expected[f"{LIST}?due=true"] = ctx["due_count"]
    for href, count in expected.items():
        assert href in hrefs, f"no link to {href}"
        assert client.get(href).context["paginator"].count == count, href


def test_overview_lists_the_projects_due_for_evaluation_and_the_recent_moves(client, office, pool):
    response = client.get(reverse("reserve:overview"))
    assert [e.pk for e in response.context["due_entries"]] == [pool["long"].pk]
    assert response.context["due_count"] == 1
    assert f'href="{LIST}?due=true"' in text(response)
    moves = response.context["moves"]
    assert moves[0].kind == "remove" and moves[0].entry == pool["removed"]
    assert "业主投资意向变化，不具备实施条件" in text(response)
    assert len(moves) == ReserveMove.objects.count() == 7


def test_due_follows_the_setting(client, office, pool, settings):
    ReserveEntry.objects.filter(pk=pool["near"].pk).update(
        entered_on=timezone.localdate() - datetime.timedelta(days=100)
    )
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    assert client.get(reverse("reserve:overview")).context["due_count"] == 1
    settings.RESERVE_EVALUATION_DUE_MONTHS = 3
    assert client.get(reverse("reserve:overview")).context["due_count"] == 2
    listed = client.get(LIST, {"due": "true"})
    assert {row.pk for row in listed.context["rows"]} == {pool["near"].pk, pool["long"].pk}


# -- the entry list ----------------------------------------------------------------------


def test_entry_list_filters_by_tier_status_tag_and_search(client, office, pool):
    def listed(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content[:400]
        return {row.pk for row in response.context["rows"]}

    assert listed(tier="mid") == {pool["mid"].pk, pool["removed"].pk}
    assert listed(tier="mid", status="in_pool") == {pool["mid"].pk}
    assert listed(status="removed") == {pool["removed"].pk}
    assert listed(policy_tag="national_pilot") == {pool["mid"].pk}
    assert listed(q=pool["near"].project.code) == {pool["near"].pk}
    assert listed(due="false", status="in_pool") == {pool["near"].pk, pool["mid"].pk}


def test_entry_list_shows_a_due_badge_on_due_rows_only(client, office, pool):
    response = client.get(LIST, {"sort": "code"})
    due = {row.pk: row.is_due for row in response.context["rows"]}
    assert due == {e.pk: e.pk == pool["long"].pk for e in pool.values()}
    assert text(response).count('badge text-bg-warning">待评估') == 1


def test_entry_list_answers_htmx_with_the_table_only_and_refuses_unknown_filters(client, office, pool):
    response = client.get(LIST, {"tier": "near"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert text(response).lstrip().startswith('<div id="entry-table"')
    assert "<html" not in text(response)
    bad = client.get(LIST, {"tierr": "near"})
    assert bad.status_code == 400
    assert "未知的筛选参数" in text(bad)


def test_entry_list_offers_excel_import_and_export_to_the_office_only(client, office, pool):
    page = text(client.get(LIST))
    for name in ("reserve:excel_import", "reserve:excel_export", "reserve:excel_template"):
        assert reverse(name) in page
    client.force_login(UserFactory(roles=[Role.CITY_LEADER]))
    page = text(client.get(LIST))
    assert reverse("reserve:excel_import") not in page
    assert reverse("reserve:entry_add") not in page


# -- the entry page ----------------------------------------------------------------------


def test_entry_page_shows_fields_moves_rounds_and_plan_items(client, office, pool):
    entry = pool["planned"]
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert entry.project.name in page and entry.project.get_absolute_url() in page
    assert "已纳入年度计划" in page
    assert [m.kind for m in response.context["moves"]] == ["to_plan", "enter"]
    assert "市重点办研究同意直接纳入" in page
    assert [i.plan.year for i in response.context["plan_items"]] == [timezone.localdate().year]


def test_entry_page_shows_each_round_with_its_weighted_total_and_decision(client, office, pool):
    entry = pool["near"]
    evaluators = [UserFactory(roles=[Role.CITY_LEADER]) for _ in range(2)]
    evaluation_round = open_round_for([entry, pool["mid"]], evaluators, office)
    score_all(evaluation_round, evaluators[0], lambda item, c: 80)
    score_all(evaluation_round, evaluators[1], lambda item, c: 90)
    item = evaluation_round.items.get(entry=entry)
    services.decide(item, decision=Decision.KEEP, reason="继续储备", actor=office)
    response = client.get(entry.get_absolute_url())
    (shown,) = response.context["round_items"]
    assert shown.total == Decimal("85.00")
    assert shown.evaluator_count == 2
    assert shown.decision == Decision.KEEP
    assert evaluation_round.name in text(response) and "85.00" in text(response)


def test_entry_page_offers_the_actions_that_fit_the_status_to_the_office_only(client, office, pool):
    def actions(entry):
        return list(client.get(entry.get_absolute_url()).context["actions"])

    assert actions(pool["near"]) == ["tier", "remove", "plan", "details"]
    assert actions(pool["planned"]) == ["plan", "details"]
    assert actions(pool["removed"]) == ["restore"]
    client.force_login(UserFactory(roles=[Role.CITY_LEADER]))
    response = client.get(pool["near"].get_absolute_url())
    assert response.context["actions"] == {}
    assert reverse("reserve:entry_remove", args=[pool["near"].pk]) not in text(response)


def test_enter_pool_page_offers_projects_outside_the_pool_or_removed(client, office, pool):
    outside = ProjectFactory(stage=ProjectStage.PLANNING)
    response = client.get(reverse("reserve:entry_add"), {"project": outside.pk})
    offered = set(response.context["form"].fields["project"].queryset)
    assert outside in offered and pool["removed"].project in offered
    assert pool["near"].project not in offered
    assert response.context["form"].initial["project"] == outside.pk


# -- the project page --------------------------------------------------------------------


def test_project_page_shows_its_pool_entry_moves_and_plan_items(client, office, pool):
    entry = pool["planned"]
    response = client.get(entry.project.get_absolute_url())
    page = text(response)
    assert response.context["reserve_entry"] == entry
    assert [m.kind for m in response.context["reserve_moves"]] == ["to_plan", "enter"]
    assert "周建华" in page and REASON in page and "市重点办研究同意直接纳入" in page
    assert entry.get_absolute_url() in page
    assert [i.category for i in response.context["plan_items"]] == [PlanCategory.NEW_START]


def test_project_page_marks_a_removed_project_and_offers_entry_for_a_new_one(client, office, pool):
    removed = client.get(pool["removed"].project.get_absolute_url())
    assert "已出库" in text(removed) and "业主投资意向变化，不具备实施条件" in text(removed)
    outside = ProjectFactory()
    page = text(client.get(outside.get_absolute_url()))
    assert f"{reverse('reserve:entry_add')}?project={outside.pk}" in page
    client.force_login(UserFactory(roles=[Role.DEPARTMENT_STAFF]))
    assert reverse("reserve:entry_add") not in text(client.get(outside.get_absolute_url()))


# -- rounds --------------------------------------------------------------------------------


def test_round_page_shows_weights_averages_totals_evaluators_and_ranks(client, office, pool):
    evaluators = [UserFactory(roles=[Role.CITY_LEADER]) for _ in range(2)]
    evaluation_round = open_round_for([pool["near"], pool["mid"], pool["long"]], evaluators, office)
    score_all(evaluation_round, evaluators[0], lambda item, c: 90 if item.entry == pool["mid"] else 70)
    score_all(evaluation_round, evaluators[1], lambda item, c: 80 if item.entry == pool["mid"] else 60)
    response = client.get(evaluation_round.get_absolute_url())
    results = response.context["results"]
    assert [(r["item"].entry_id, r["total"], r["rank"]) for r in results] == [
        (pool["mid"].pk, Decimal("85.00"), 1),
        (pool["near"].pk, Decimal("65.00"), 2),
        (pool["long"].pk, Decimal("65.00"), 2),
    ]
    assert all(r["evaluators"] == 2 for r in results)
    page = text(response)
    assert "85.00" in page and "市场前景" in page and "25%" in page
    assert [e.scored for e in response.context["evaluators"]] == [3, 3]


def test_round_open_page_checks_the_due_entries_by_default(client, office, pool):
    response = client.get(reverse("reserve:round_add"))
    assert response.status_code == 200
    assert response.context["chosen"] == {str(pool["long"].pk)}
    assert {row.pk for row in response.context["scope_rows"]} == {
        pool["near"].pk,
        pool["mid"].pk,
        pool["long"].pk,
    }
    narrowed = client.get(reverse("reserve:round_add"), {"tier": "mid"}, headers={"HX-Request": "true"})
    assert text(narrowed).lstrip().startswith('<div id="round-scope"')
    assert [row.pk for row in narrowed.context["scope_rows"]] == [pool["mid"].pk]
    # narrowing the list keeps what was picked
    kept = client.get(
        reverse("reserve:round_add"),
        {"tier": "mid", "picked": "1", "entries": [pool["near"].pk]},
        headers={"HX-Request": "true"},
    )
    assert kept.context["chosen_hidden"] == [str(pool["near"].pk)]
    assert f'<input type="hidden" name="entries" value="{pool["near"].pk}">' in text(kept)


def test_round_list_shows_counts_and_the_score_button_to_evaluators(client, office, pool):
    evaluator = UserFactory(roles=[Role.CITY_LEADER])
    evaluation_round = open_round_for([pool["near"], pool["mid"]], [evaluator], office)
    response = client.get(reverse("reserve:round_list"))
    (row,) = response.context["rows"]
    assert (row.item_count, row.decided_count, row.evaluator_count) == (2, 0, 1)
    assert reverse("reserve:round_score", args=[evaluation_round.pk]) not in text(response)
    client.force_login(evaluator)
    assert reverse("reserve:round_score", args=[evaluation_round.pk]) in text(
        client.get(reverse("reserve:round_list"))
    )


def test_score_page_prefills_the_evaluators_own_scores_only(client, office, pool):
    me, other = UserFactory(roles=[Role.CITY_LEADER]), UserFactory(roles=[Role.CITY_LEADER])
    evaluation_round = open_round_for([pool["near"]], [me, other], office)
    score_all(evaluation_round, me, lambda item, c: "77.5")
    score_all(evaluation_round, other, lambda item, c: 12)
    client.force_login(me)
    response = client.get(reverse("reserve:round_score", args=[evaluation_round.pk]))
    (row,) = response.context["rows"]
    assert [cell["value"] for cell in row["cells"]] == ["77.5"] * len(criteria_of(evaluation_round))
    assert 'value="12"' not in text(response)


# -- annual plans ----------------------------------------------------------------------------


def test_plan_page_lists_items_by_category_with_source_and_totals(client, office, pool):
    year = timezone.localdate().year
    evaluator = UserFactory(roles=[Role.CITY_LEADER])
    evaluation_round = open_round_for([pool["near"]], [evaluator], office, plan_year=year)
    item = evaluation_round.items.get()
    services.decide(
        item,
        decision=Decision.TO_PLAN,
        plan_category=PlanCategory.CONTINUING,
        planned_investment=Decimal("20000"),
        reason="评估排名靠前",
        actor=office,
    )
    services.apply_round(evaluation_round, actor=office)
    town = TownFactory(name="集里街道")
    direct = ProjectFactory(town=town, project_type="livelihood")
    services.add_to_plan(
        project=direct,
        year=year,
        category=PlanCategory.COMPLETION,
        planned_investment=Decimal("5000"),
        target_milestones="年底竣工验收",
        reason="民生实事项目",
        actor=office,
    )
    url = reverse("reserve:plan_detail", args=[year])
    response = client.get(url)
    assert response.status_code == 200
    assert [row.category for row in response.context["rows"]] == ["new_start", "continuing", "completion"]
    page = text(response)
    assert evaluation_round.get_absolute_url() in page and "民生实事项目" in page and "年底竣工验收" in page
    totals = {title: rows for title, rows, _icon in response.context["totals_sections"]}
    assert [(r["label"], r["count"], r["investment"]) for r in totals["按计划类别"]] == [
        ("新开工", 1, Decimal("10000")),
        ("续建", 1, Decimal("20000")),
        ("竣工", 1, Decimal("5000")),
    ]
    assert ("集里街道", 1, Decimal("5000")) in [
        (r["label"], r["count"], r["investment"]) for r in totals["按乡镇/街道"]
    ]
    assert ("民生项目", 1, Decimal("5000")) in [
        (r["label"], r["count"], r["investment"]) for r in totals["按项目类型"]
    ]
    only = client.get(url, {"category": "completion"})
    assert [row.project for row in only.context["rows"]] == [direct]
    plans = client.get(reverse("reserve:plan_list"))
    (plan,) = plans.context["plans"]
    assert (plan.item_count, plan.investment) == (3, Decimal("35000"))


def test_a_year_without_a_plan_is_not_found(client, office):
    assert client.get(reverse("reserve:plan_detail", args=[1999])).status_code == 404


def test_navigation_links_to_the_pool_pages(client, office):
    page = text(client.get(reverse("projects:project_list")))
    for name in ("overview", "entry_list", "round_list", "plan_list"):
        assert reverse(f"reserve:{name}") in page


def test_entries_are_listed_with_their_tier_and_status_labels(client, office, pool):
    page = text(client.get(LIST))
    for label in ("近期（1年）", "中期（3年）", "远期（5年）", "在库", "已出库", "已纳入年度计划"):
        assert label in page
    assert EntryStatus.REMOVED.label == "已出库"
    assert EvaluationRound.objects.count() == 0 and AnnualPlanItem.objects.count() == 1


def test_entry_page_shows_the_change_history_of_its_details(client, office, pool):
    entry = pool["near"]
    services.update_entry(entry, actor=office, reason="责任人工作调动", responsible_person="钟睿")
    response = client.get(entry.get_absolute_url())
    (latest, *_older) = response.context["history"]
    assert latest.reason == "责任人工作调动"
    assert [(c.label, c.old, c.new) for c in latest.changes] == [("谋划责任人", "周建华", "钟睿")]
    assert "责任人工作调动" in text(response)
