"""Bad input on the reserve pages: 400, the message next to the field (or cell, or row) it is
about, and nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.models import Project
from reserve import services
from reserve.choices import Decision, EntryStatus, PlanCategory, Tier
from reserve.models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundItem,
    Score,
)
from tests.action_matrix import TablesSnapshot
from tests.factories import ProjectFactory, ReserveEntryFactory, UserFactory, open_round_for
from tests.reserve.test_pages import criteria_of, make_office

pytestmark = pytest.mark.django_db

WATCH = [ReserveEntry, ReserveMove, Project, AnnualPlan, AnnualPlanItem, RoundItem, Score, EvaluationRound]


@pytest.fixture
def office(client):
    user = make_office()
    client.force_login(user)
    return user


@pytest.fixture
def entry(db):
    return ReserveEntryFactory(tier=Tier.NEAR)


def refused(client, url, body, watch=WATCH):
    """POST ``body``; assert 400 and that no watched table changed; return the response."""
    snapshot = TablesSnapshot(watch)
    response = client.post(url, body)
    assert response.status_code == 400, response.content[:600]
    snapshot.assert_unchanged()
    return response


def field_errors(response, form_key="form"):
    form = response.context[form_key]
    return {name: list(messages) for name, messages in form.errors.items()}


def action_form(response, name):
    return response.context["actions"][name]


# -- entry actions -------------------------------------------------------------------------


def test_changing_tier_without_a_reason_is_refused(client, office, entry):
    url = reverse("reserve:entry_change_tier", args=[entry.pk])
    response = refused(client, url, {"tier-new_tier": Tier.MID, "tier-reason": "  "})
    assert action_form(response, "tier").errors["reason"] == ["请填写理由。"]
    assert response.context["open_action"] == "tier"
    assert "请填写理由。" in response.content.decode()


def test_changing_to_the_same_tier_is_refused_with_the_services_message(client, office, entry):
    url = reverse("reserve:entry_change_tier", args=[entry.pk])
    response = refused(client, url, {"tier-new_tier": Tier.NEAR, "tier-reason": "调整"})
    assert action_form(response, "tier").errors["new_tier"] == ["新层级与当前层级相同。"]


def test_removing_needs_a_reason_and_the_confirmation(client, office, entry):
    url = reverse("reserve:entry_remove", args=[entry.pk])
    response = refused(client, url, {"remove-reason": "不具备实施条件"})
    assert action_form(response, "remove").errors["confirm"] == ["请勾选确认后再调整出库。"]
    response = refused(client, url, {"remove-confirm": "on"})
    assert action_form(response, "remove").errors["reason"] == ["请填写理由。"]


def test_acting_on_a_removed_entry_is_refused_with_the_status_in_the_message(client, office):
    removed = ReserveEntryFactory(status=EntryStatus.REMOVED)
    url = reverse("reserve:entry_change_tier", args=[removed.pk])
    response = refused(client, url, {"tier-new_tier": Tier.MID, "tier-reason": "调整"})
    (message,) = action_form(response, "tier").non_field_errors()
    assert "已出库" in message and "不能执行此操作" in message


def test_editing_details_needs_a_reason_and_a_person(client, office, entry):
    url = reverse("reserve:entry_details", args=[entry.pk])
    body = {"details-responsible_unit": entry.responsible_unit_id, "details-responsible_person": ""}
    response = refused(client, url, body)
    errors = action_form(response, "details").errors
    assert errors["reason"] == ["请填写理由。"] and "responsible_person" in errors


def test_restoring_without_a_unit_is_refused(client, office):
    removed = ReserveEntryFactory(status=EntryStatus.REMOVED)
    url = reverse("reserve:entry_restore", args=[removed.pk])
    body = {"restore-tier": Tier.MID, "restore-responsible_person": "李四", "restore-reason": "重新入库"}
    response = refused(client, url, body)
    assert "responsible_unit" in action_form(response, "restore").errors


def test_planning_more_than_the_total_investment_is_refused_on_the_field(client, office, entry):
    url = reverse("reserve:entry_plan", args=[entry.pk])
    body = {
        "plan-year": 2026,
        "plan-category": PlanCategory.NEW_START,
        "plan-planned_investment": "999999",
        "plan-reason": "直接纳入",
    }
    response = refused(client, url, body)
    (message,) = action_form(response, "plan").errors["planned_investment"]
    assert "不能超过总投资" in message


def test_planning_a_project_twice_in_a_year_is_refused(client, office):
    project = ProjectFactory()
    services.add_to_plan(
        project=project,
        year=2026,
        category=PlanCategory.NEW_START,
        planned_investment=Decimal("100"),
        reason="第一次",
        actor=office,
    )
    body = {
        "project": project.pk,
        "year": 2026,
        "category": PlanCategory.CONTINUING,
        "planned_investment": "100",
        "reason": "第二次",
    }
    response = refused(client, reverse("reserve:plan_add"), body)
    (message,) = field_errors(response)["project"]
    assert "已在 2026 年度计划中" in message


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"planned_investment": "-1"}, "planned_investment"),
        ({"planned_investment": "很多"}, "planned_investment"),
        ({"year": "1999"}, "year"),
        ({"category": "someday"}, "category"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_plan_input_is_refused_on_its_field(client, office, changes, field):
    body = {
        "project": ProjectFactory().pk,
        "year": 2026,
        "category": PlanCategory.NEW_START,
        "planned_investment": "100",
        "reason": "直接纳入",
        **changes,
    }
    response = refused(client, reverse("reserve:plan_add"), body)
    assert field in field_errors(response)


def test_entering_a_project_already_in_the_pool_is_refused(client, office, entry):
    body = {
        "project": entry.project.pk,
        "tier": Tier.MID,
        "responsible_unit": entry.responsible_unit_id,
        "responsible_person": "王五",
        "reason": "入库",
    }
    response = refused(client, reverse("reserve:entry_add"), body)
    assert "project" in field_errors(response)


def test_entering_the_pool_without_a_reason_is_refused(client, office):
    project = ProjectFactory()
    body = {
        "project": project.pk,
        "tier": Tier.MID,
        "responsible_unit": project.responsible_unit_id,
        "responsible_person": "王五",
    }
    response = refused(client, reverse("reserve:entry_add"), body)
    assert field_errors(response)["reason"] == ["请填写理由。"]
    assert 'href="#id_reason"' in response.content.decode()


# -- rounds ----------------------------------------------------------------------------------


@pytest.fixture
def evaluation_round(office):
    evaluators = [UserFactory(roles=[Role.CITY_LEADER]) for _ in range(2)]
    return open_round_for([ReserveEntryFactory(tier=Tier.NEAR) for _ in range(2)], evaluators, office)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"entries": []}, "entries"),
        ({"evaluators": []}, "evaluators"),
        ({"name": ""}, "name"),
        ({"plan_year": "明年"}, "plan_year"),
    ],
)
def test_opening_a_round_with_missing_parts_is_refused(client, office, entry, changes, field):
    body = {
        "name": "2026 年四季度评估",
        "plan_year": 2027,
        "evaluators": [UserFactory(roles=[Role.CITY_LEADER]).pk],
        "entries": [entry.pk],
        **changes,
    }
    response = refused(client, reverse("reserve:round_add"), body)
    assert field in field_errors(response)


def test_opening_a_round_with_a_name_in_use_is_refused_by_the_service(
    client, office, entry, evaluation_round
):
    body = {
        "name": evaluation_round.name,
        "plan_year": 2027,
        "evaluators": [UserFactory(roles=[Role.CITY_LEADER]).pk],
        "entries": [entry.pk],
    }
    response = refused(client, reverse("reserve:round_add"), body)
    assert "name" in field_errors(response)


def scores(evaluation_round, value="80", **cells):
    body = {
        f"s-{item.pk}-{c.pk}": value
        for item in evaluation_round.items.all()
        for c in criteria_of(evaluation_round)
    }
    body.update(cells)
    return body


@pytest.mark.parametrize(
    "bad, message",
    [
        ("101", "的得分应在 0 到 100 之间。"),
        ("-1", "的得分应在 0 到 100 之间。"),
        ("abc", "的得分必须是数字。"),
        ("NaN", "的得分必须是数字。"),
    ],
)
def test_a_bad_score_is_shown_on_its_cell_and_no_score_is_saved(client, evaluation_round, bad, message):
    evaluator = evaluation_round.evaluators.first()
    client.force_login(evaluator)
    first, second = evaluation_round.items.order_by("entry__project__code")
    criterion = criteria_of(evaluation_round)[1]
    cell = f"s-{second.pk}-{criterion.pk}"
    url = reverse("reserve:round_score", args=[evaluation_round.pk])
    response = refused(client, url, scores(evaluation_round, **{cell: bad}))
    errors = {c["name"]: c["error"] for row in response.context["rows"] for c in row["cells"] if c["error"]}
    assert list(errors) == [cell]
    assert errors[cell] == f"“{criterion.name}”{message}"
    # the grid keeps what was typed
    values = {c["name"]: c["value"] for row in response.context["rows"] for c in row["cells"]}
    assert values[cell] == bad and values[f"s-{first.pk}-{criterion.pk}"] == "80"
    assert Score.objects.count() == 0


def test_blank_cells_are_left_unscored(client, evaluation_round):
    evaluator = evaluation_round.evaluators.first()
    client.force_login(evaluator)
    first, second = evaluation_round.items.order_by("entry__project__code")
    body = {f"s-{first.pk}-{c.pk}": "70" for c in criteria_of(evaluation_round)}
    response = client.post(reverse("reserve:round_score", args=[evaluation_round.pk]), body)
    assert response.status_code == 302
    assert set(Score.objects.values_list("item", flat=True)) == {first.pk}


def decide_body(evaluation_round, **rows):
    """``rows``: entry pk → dict of decision fields (without the prefix)."""
    body = {}
    for item in evaluation_round.items.all():
        for name, value in rows.get(item.pk, {}).items():
            body[f"d{item.pk}-{name}"] = value
    return body


@pytest.mark.parametrize(
    "row, field, message",
    [
        ({"decision": Decision.CHANGE_TIER, "reason": "调整"}, "new_tier", "调整层级时请选择新层级。"),
        (
            {"decision": Decision.CHANGE_TIER, "new_tier": Tier.NEAR, "reason": "调整"},
            "new_tier",
            "新层级与当前层级相同。",
        ),
        (
            {"decision": Decision.TO_PLAN, "planned_investment": "100", "reason": "纳入"},
            "plan_category",
            "纳入年度计划时请选择计划类别。",
        ),
        (
            {"decision": Decision.TO_PLAN, "plan_category": "new_start", "reason": "纳入"},
            "planned_investment",
            "纳入年度计划时请填写年度计划投资。",
        ),
        ({"decision": Decision.KEEP}, "reason", "请填写理由。"),
        (
            {"decision": Decision.KEEP, "reason": "保留", "planned_investment": "一百"},
            "planned_investment",
            None,
        ),
    ],
)
def test_one_bad_decision_row_saves_no_row(client, office, evaluation_round, row, field, message):
    good, bad = evaluation_round.items.order_by("pk")
    body = decide_body(evaluation_round, **{})
    body.update({f"d{good.pk}-decision": Decision.KEEP, f"d{good.pk}-reason": "继续储备"})
    body.update({f"d{bad.pk}-{name}": value for name, value in row.items()})
    response = refused(client, reverse("reserve:round_decide", args=[evaluation_round.pk]), body)
    forms = {r["item"].pk: r["form"] for r in response.context["rows"]}
    assert not forms[good.pk].errors
    assert field in forms[bad.pk].errors
    if message:
        assert forms[bad.pk].errors[field] == [message]
    assert response.context["error_rows"] == 1
    assert not RoundItem.objects.exclude(decision="").exists()


def test_applying_with_undecided_projects_is_refused_and_changes_nothing(client, office, evaluation_round):
    first = evaluation_round.items.order_by("pk").first()
    services.decide(first, decision=Decision.REMOVE, reason="出库", actor=office)
    response = refused(client, reverse("reserve:round_apply", args=[evaluation_round.pk]), {})
    (message,) = response.context["errors"]
    assert message.startswith("以下项目尚未决策，不能生效")
    evaluation_round.refresh_from_db()
    assert evaluation_round.is_open


def test_deciding_after_the_round_was_applied_is_refused(client, office, evaluation_round):
    for item in evaluation_round.items.all():
        services.decide(item, decision=Decision.KEEP, reason="保留", actor=office)
    services.apply_round(evaluation_round, actor=office)
    (item, _other) = evaluation_round.items.all()
    body = {f"d{item.pk}-decision": Decision.REMOVE, f"d{item.pk}-reason": "出库"}
    response = refused(client, reverse("reserve:round_decide", args=[evaluation_round.pk]), body)
    assert response.context["errors"] == ["该轮次的决策已生效，不能再修改。"]
    # the pages that change a round send an applied round back to its page
    assert client.get(reverse("reserve:round_decide", args=[evaluation_round.pk])).status_code == 302
    assert client.get(reverse("reserve:round_apply", args=[evaluation_round.pk])).status_code == 302
    again = refused(client, reverse("reserve:round_apply", args=[evaluation_round.pk]), {})
    assert again.context["errors"] == ["该轮次的决策已经生效过。"]


def test_an_unchanged_decision_row_writes_nothing(client, office, evaluation_round):
    first, second = evaluation_round.items.order_by("pk")
    services.decide(first, decision=Decision.KEEP, reason="保留", actor=office)
    history = first.history.count()
    body = {
        f"d{first.pk}-decision": Decision.KEEP,
        f"d{first.pk}-reason": "保留",
        f"d{second.pk}-decision": Decision.REMOVE,
        f"d{second.pk}-reason": "出库",
    }
    response = client.post(reverse("reserve:round_decide", args=[evaluation_round.pk]), body)
    assert response.status_code == 302
    assert first.history.count() == history
    second.refresh_from_db()
    assert second.decision == Decision.REMOVE
