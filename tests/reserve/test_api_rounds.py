"""Evaluation rounds through the API: open, score, rank, decide, apply.

A round is run end to end by the office and two evaluators; the ranking is the
weighted average of the evaluators' scores; the decisions take effect together
and each leaves a move that names the round. Bad bodies are 400s keyed by field
(Chinese messages) and save nothing.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from reserve import services
from reserve.choices import Decision, EntryStatus, PlanSource, RoundStatus, Tier
from reserve.models import AnnualPlanItem, EvaluationCriterion, EvaluationRound, ReserveMove, Score
from tests.action_matrix import TablesSnapshot
from tests.factories import ReserveEntryFactory, UserFactory
from tests.reserve.test_api import assert_refused, ok, post
from tests.reserve.test_api_permissions import WATCH, open_round

pytestmark = pytest.mark.django_db

ROUNDS = reverse("api:reserve-round-list")
SCORES = reverse("api:reserve-score-list")


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


@pytest.fixture
def evaluators():
    return [UserFactory(roles=[Role.CITY_LEADER]), UserFactory(roles=[Role.INVESTMENT_TEAM])]


def signed_in(client, user):
    client.force_login(user)
    return client


def round_url(evaluation_round, action=None):
    name = "api:reserve-round-detail" if action is None else f"api:reserve-round-{action}"
    return reverse(name, args=[evaluation_round.pk])


def decide_url(evaluation_round, item):
    return reverse("api:reserve-round-decide", kwargs={"pk": evaluation_round.pk, "item_id": item.pk})


def sheet(item, value, criteria=None, **extra):
    criteria = criteria if criteria is not None else item.evaluation_round.criteria.all()
    return {"item": item.pk, "scores": [{"criterion": c.pk, "value": str(value), **extra} for c in criteria]}


def test_a_round_runs_end_to_end_through_the_api(api_client, office, evaluators):
    a = ReserveEntryFactory(tier=Tier.NEAR)
    b = ReserveEntryFactory(tier=Tier.NEAR)
    c = ReserveEntryFactory(tier=Tier.MID)

    # the office opens the round
    body = {
        "name": "2026 年二季度评估",
        "plan_year": 2026,
        "opened_on": "2026-04-10",
        "entries": [a.pk, b.pk, c.pk],
        "evaluators": [u.pk for u in evaluators],
    }
    data = ok(post(signed_in(api_client, office), ROUNDS, body), 201)
    evaluation_round = EvaluationRound.objects.get(pk=data["id"])
    assert data["status"] == RoundStatus.SCORING
    assert [cr["name"] for cr in data["criteria"]] == list(
        EvaluationCriterion.objects.filter(is_active=True).values_list("name", flat=True)
    )
    assert {e["id"] for e in data["evaluators"]} == {u.pk for u in evaluators}
    assert (data["item_count"], data["decided_count"], data["is_evaluator"]) == (3, 0, False)
    assert [(i["total"], i["rank"]) for i in data["items"]] == [(None, None)] * 3
    items = {i.entry_id: i for i in evaluation_round.items.all()}

    # two evaluators score every project (the first changes one score afterwards)
    for evaluator, values in zip(evaluators, [{a: 90, b: 70, c: 80}, {a: 80, b: 70, c: 80}], strict=True):
        client = signed_in(api_client, evaluator)
        for entry, value in values.items():
            scores = ok(post(client, SCORES, sheet(items[entry.pk], value, comment="评语")))
            assert {s["value"] for s in scores} == {f"{value}.00"}
    ok(post(signed_in(api_client, evaluators[0]), SCORES, sheet(items[a.pk], 90)))
    assert Score.objects.count() == 2 * 3 * evaluation_round.criteria.count()

    # every role reads the ranking: weighted averages, rank
    reader = signed_in(api_client, UserFactory(roles=[Role.DEPARTMENT_STAFF]))
    data = ok(reader.get(round_url(evaluation_round)))
    ranking = [(i["entry"], i["total"], i["rank"], i["evaluators"], i["complete"]) for i in data["items"]]
    assert ranking == [
        (a.pk, "85.00", 1, 2, True),
        (c.pk, "80.00", 2, 2, True),
        (b.pk, "70.00", 3, 2, True),
    ]
    assert {avg["average"] for avg in data["items"][0]["averages"]} == {"85.00"}

    # the office decides, then applies
    client = signed_in(api_client, office)
    decisions = {
        a: {
            "decision": Decision.TO_PLAN,
            "plan_category": "new_start",
            "planned_investment": "20000",
            "reason": "排名第一",
        },
        b: {"decision": Decision.REMOVE, "reason": "排名靠后"},
        c: {"decision": Decision.CHANGE_TIER, "new_tier": Tier.LONG, "reason": "条件尚不成熟"},
    }
    for entry, decision in decisions.items():
        data = ok(post(client, decide_url(evaluation_round, items[entry.pk]), decision))
    assert data["decided_count"] == 3
    assert {i["entry"]: i["decision"] for i in data["items"]} == {
        e.pk: d["decision"] for e, d in decisions.items()
    }
    assert ReserveMove.objects.count() == 0, "decisions take effect only on apply"

    data = ok(post(client, round_url(evaluation_round, "apply")))
    assert data["status"] == RoundStatus.APPLIED
    for entry in (a, b, c):
        entry.refresh_from_db()
        assert entry.last_evaluated_on == datetime.date(2026, 4, 10)
        assert entry.moves.get().evaluation_round == evaluation_round
    assert (a.status, b.status, c.status, c.tier) == (
        EntryStatus.PLANNED,
        EntryStatus.REMOVED,
        EntryStatus.IN_POOL,
        Tier.LONG,
    )
    item = AnnualPlanItem.objects.get(project=a.project)
    assert (item.plan.year, item.source, item.evaluation_round, item.planned_investment) == (
        2026,
        PlanSource.EVALUATION,
        evaluation_round,
        Decimal("20000"),
    )
    assert "排名第一" in item.reason

    # applied once only; no more scores
    assert_refused(post(client, round_url(evaluation_round, "apply")), "non_field_errors")
    assert post(signed_in(api_client, evaluators[1]), SCORES, sheet(items[a.pk], 10)).status_code == 403


def test_an_evaluator_sees_which_rounds_are_theirs(api_client, evaluators):
    mine = open_round(evaluators=evaluators)
    other = open_round()
    client = signed_in(api_client, evaluators[0])
    listed = {r["id"]: r["is_evaluator"] for r in ok(client.get(ROUNDS))["results"]}
    assert listed == {mine.pk: True, other.pk: False}


def test_a_partly_scored_project_has_no_total_and_comes_last(api_client, evaluators):
    evaluation_round = open_round(
        entries=[ReserveEntryFactory(), ReserveEntryFactory()], evaluators=evaluators
    )
    first, second = evaluation_round.items.order_by("pk")
    criteria = list(evaluation_round.criteria.all())
    client = signed_in(api_client, evaluators[0])
    ok(post(client, SCORES, sheet(first, 60, criteria[:2])))
    ok(post(client, SCORES, sheet(second, 50)))
    items = ok(client.get(round_url(evaluation_round)))["items"]
    assert [(i["id"], i["total"], i["rank"], i["complete"]) for i in items] == [
        (second.pk, "50.00", 1, True),
        (first.pk, None, None, False),
    ]
    assert [a["average"] for a in items[1]["averages"]] == ["60.00", "60.00"] + [None] * (len(criteria) - 2)


def test_weights_make_the_total(api_client, evaluators):
    evaluation_round = open_round(evaluators=evaluators)
    item = evaluation_round.items.get()
    criteria = list(evaluation_round.criteria.all())
    # full marks on the first criterion only: the total is that criterion's weight
    body = {
        "item": item.pk,
        "scores": [{"criterion": c.pk, "value": "100" if c == criteria[0] else "0"} for c in criteria],
    }
    ok(post(signed_in(api_client, evaluators[0]), SCORES, body))
    (row,) = ok(api_client.get(round_url(evaluation_round)))["items"]
    assert Decimal(row["total"]) == criteria[0].weight


def test_an_evaluators_answer_is_their_own_scores_of_the_project(api_client, evaluators):
    evaluation_round = open_round(evaluators=evaluators)
    item = evaluation_round.items.get()
    services.record_scores(item, evaluators[1], {c.pk: 10 for c in evaluation_round.criteria.all()})
    scores = ok(post(signed_in(api_client, evaluators[0]), SCORES, sheet(item, 66, comment="市场广阔")))
    assert {(s["evaluator"], s["value"], s["comment"]) for s in scores} == {
        (evaluators[0].pk, "66.00", "市场广阔")
    }
    assert scores[0]["criterion_name"] == evaluation_round.criteria.first().name
    assert scores[0]["project"] == item.entry.project_id


# -- bad bodies -----------------------------------------------------------------------------


def _open(**changes):
    def build(office, evaluators):
        body = {
            "name": "2026 年三季度评估",
            "plan_year": 2026,
            "entries": [ReserveEntryFactory().pk],
            "evaluators": [evaluators[0].pk],
        }
        body.update(changes)
        return ROUNDS, body

    return build


def _open_with(entry_fields=None, evaluator_fields=None, twice=False):
    def build(office, evaluators):
        entry = ReserveEntryFactory(**(entry_fields or {}))
        evaluator = UserFactory(**evaluator_fields) if evaluator_fields is not None else evaluators[0]
        body = {
            "name": "2026 年三季度评估",
            "plan_year": 2026,
            "entries": [entry.pk, entry.pk] if twice else [entry.pk],
            "evaluators": [evaluator.pk],
        }
        return ROUNDS, body

    return build


def _weights_not_100(office, evaluators):
    EvaluationCriterion.objects.filter(
        pk=EvaluationCriterion.objects.filter(is_active=True).first().pk
    ).update(is_active=False)
    return _open()(office, evaluators)


def _name_taken(office, evaluators):
    taken = open_round(evaluators=evaluators)
    return _open(name=taken.name)(office, evaluators)


def _decide(**body):
    def build(office, evaluators):
        evaluation_round = open_round(evaluators=evaluators)
        return decide_url(evaluation_round, evaluation_round.items.get()), body

    return build


def _apply_undecided(office, evaluators):
    evaluation_round = open_round(
        entries=[ReserveEntryFactory(), ReserveEntryFactory()], evaluators=evaluators
    )
    first = evaluation_round.items.order_by("pk").first()
    services.decide(first, decision=Decision.KEEP, reason="保留", actor=office)
    return round_url(evaluation_round, "apply"), {}


def _apply_after_removal(office, evaluators):
    """A decision that can no longer be carried out: the whole apply is refused."""
    evaluation_round = open_round(
        entries=[ReserveEntryFactory(), ReserveEntryFactory()], evaluators=evaluators
    )
    first, second = evaluation_round.items.order_by("pk")
    services.decide(first, decision=Decision.KEEP, reason="保留", actor=office)
    services.decide(second, decision=Decision.KEEP, reason="保留", actor=office)
    services.remove(second.entry, reason="另行出库", actor=office)
    return round_url(evaluation_round, "apply"), {}


BAD_ROUND_BODIES = {
    "open without entries": (_open(entries=[]), ["entries"]),
    "open with an entry not in the pool": (
        _open_with(entry_fields={"status": EntryStatus.REMOVED}),
        ["entries"],
    ),
    "open with an entry twice": (_open_with(twice=True), ["entries"]),
    "open with an unknown entry": (_open(entries=[999999]), ["entries"]),
    "open without evaluators": (_open(evaluators=[]), ["evaluators"]),
    "open with an evaluator without a role": (_open_with(evaluator_fields={}), ["evaluators"]),
    "open with an inactive evaluator": (
        _open_with(evaluator_fields={"roles": [Role.CITY_LEADER], "is_active": False}),
        ["evaluators"],
    ),
    "open when the active weights do not total 100": (_weights_not_100, ["non_field_errors"]),
    "open with a name already used": (_name_taken, ["name"]),
    "open without a plan year": (_open(plan_year=None), ["plan_year"]),
    "decide without a reason": (_decide(decision=Decision.KEEP), ["reason"]),
    "decide an unknown decision": (_decide(decision="promote", reason="x"), ["decision"]),
    "change tier without the new tier": (_decide(decision=Decision.CHANGE_TIER, reason="x"), ["new_tier"]),
    "change tier to the same tier": (
        _decide(decision=Decision.CHANGE_TIER, new_tier=Tier.NEAR, reason="x"),
        ["new_tier"],
    ),
    "to plan without category and investment": (
        _decide(decision=Decision.TO_PLAN, reason="x"),
        ["plan_category", "planned_investment"],
    ),
    "apply with undecided items": (_apply_undecided, ["non_field_errors"]),
    "apply a decision that no longer holds": (_apply_after_removal, ["non_field_errors"]),
}


@pytest.mark.parametrize("case", list(BAD_ROUND_BODIES))
def test_a_bad_round_request_is_refused_field_by_field_and_saves_nothing(
    api_client, office, evaluators, case
):
    build, fields = BAD_ROUND_BODIES[case]
    url, body = build(office, evaluators)
    body = {k: v for k, v in body.items() if v is not None}
    snapshot = TablesSnapshot(WATCH)
    assert_refused(post(signed_in(api_client, office), url, body), *fields)
    snapshot.assert_unchanged()


def test_an_evaluator_without_a_role_is_named_in_the_message(api_client, office):
    outsider = UserFactory()
    body = {
        "name": "x",
        "plan_year": 2026,
        "entries": [ReserveEntryFactory().pk],
        "evaluators": [outsider.pk],
    }
    errors = assert_refused(post(signed_in(api_client, office), ROUNDS, body), "evaluators")
    assert errors["evaluators"] == [f"用户“{outsider.pk}”不存在、已停用或没有角色，不能担任评估人。"]


def test_a_decision_on_another_rounds_item_is_not_found(api_client, office):
    first, second = open_round(), open_round()
    url = decide_url(first, second.items.get())
    assert (
        post(signed_in(api_client, office), url, {"decision": Decision.KEEP, "reason": "x"}).status_code
        == 404
    )


def _lines(item, *values):
    criteria = list(item.evaluation_round.criteria.all())
    return [{"criterion": c.pk, "value": v} for c, v in zip(criteria, values, strict=False)]


BAD_SHEETS = {
    "a score over the maximum": (lambda item: _lines(item, "80", "100.01"), {1: "value"}),
    "a negative score": (lambda item: _lines(item, "-1"), {0: "value"}),
    "a score that is not a number": (lambda item: _lines(item, "很好"), {0: "value"}),
    "a score that is NaN": (lambda item: _lines(item, "50", "NaN"), {1: "value"}),
    "an infinite score": (lambda item: _lines(item, "Infinity"), {0: "value"}),
    "a criterion of another round": (lambda item: [{"criterion": 999999, "value": "50"}], {0: "criterion"}),
    "a criterion twice": (lambda item: _lines(item, "50") * 2, {1: "criterion"}),
    "no scores": (lambda item: [], None),
}


@pytest.mark.parametrize("case", list(BAD_SHEETS))
def test_a_bad_score_sheet_is_refused_line_by_line_and_saves_nothing(api_client, evaluators, case):
    evaluation_round = open_round(evaluators=evaluators)
    item = evaluation_round.items.get()
    lines, wrong = BAD_SHEETS[case]
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(
        post(signed_in(api_client, evaluators[0]), SCORES, {"item": item.pk, "scores": lines(item)}), "scores"
    )
    snapshot.assert_unchanged()
    if wrong is not None:
        for index, field in wrong.items():
            assert field in errors["scores"][str(index)], errors
        assert set(errors["scores"]) == {str(index) for index in wrong}, errors


def test_a_score_over_the_maximum_names_the_criterion(api_client, evaluators):
    evaluation_round = open_round(evaluators=evaluators)
    criterion = evaluation_round.criteria.first()
    body = {"item": evaluation_round.items.get().pk, "scores": [{"criterion": criterion.pk, "value": "101"}]}
    errors = assert_refused(post(signed_in(api_client, evaluators[0]), SCORES, body), "scores")
    assert errors["scores"]["0"]["value"] == [
        f"“{criterion.name}”的得分应在 0 到 {criterion.max_score} 之间。"
    ]


def test_a_criterion_a_round_used_cannot_be_deleted_only_deactivated(api_client, office):
    evaluation_round = open_round()
    criterion = evaluation_round.criteria.first().criterion
    client = signed_in(api_client, office)
    url = reverse("api:reserve-criterion-detail", args=[criterion.pk])
    response = client.delete(url)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("无法删除")
    assert EvaluationCriterion.objects.filter(pk=criterion.pk).exists()
    data = ok(client.patch(url, {"is_active": False, "reason": "不再使用"}, format="json"))
    assert data["is_active"] is False
    assert criterion.history.latest().history_change_reason == "不再使用"
