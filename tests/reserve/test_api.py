"""The reserve API does what each endpoint says, and a bad request saves nothing.

Entries move only through actions with a reason (each leaving a ReserveMove and a
history record); plain fields may be edited; every bad body is a 400 whose
messages are Chinese and keyed by the field; unknown filter parameters are
refused; the schema documents every endpoint.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from projects.choices import ProjectStage
from reserve import services
from reserve.choices import EntryStatus, MoveKind, PlanCategory, PlanSource, Tier
from reserve.models import AnnualPlan, AnnualPlanItem, ReserveEntry
from tests.action_matrix import TablesSnapshot
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    ProjectFactory,
    ReserveEntryFactory,
    TownFactory,
    UserFactory,
)
from tests.reserve.test_api_permissions import WATCH

pytestmark = pytest.mark.django_db

REASON = "符合湖南“三高四新”战略，用地与规划条件基本落实"
CJK = re.compile(r"[\u4e00-\u9fff]")
ENTRIES = reverse("api:reserve-entry-list")


def entry_url(entry, action=None):
    name = "api:reserve-entry-detail" if action is None else f"api:reserve-entry-{action}"
    return reverse(name, args=[entry.pk])


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


@pytest.fixture
def client(api_client, office):
    """The API client, signed in as the office."""
    api_client.force_login(office)
    return api_client


def post(client, url, body=None):
    return client.post(url, body or {}, format="json")


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:800]
    return response.json()


def assert_refused(response, *fields):
    """A 400 whose messages are keyed by ``fields`` and are all Chinese."""
    assert response.status_code == 400, response.content.decode()[:800]
    errors = response.json()
    assert set(fields) <= set(errors), errors
    for field in fields:
        assert all(CJK.search(str(message)) for message in flatten(errors[field])), errors
    return errors


def flatten(messages):
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in flatten(value)]
    if isinstance(messages, list):
        return [m for value in messages for m in flatten(value)]
    return [messages]


# -- the pool: each action moves the entry and records the move ---------------------------


def test_entering_a_project_puts_it_in_the_pool_with_a_move_and_a_history_record(client, office):
    project = ProjectFactory(stage=ProjectStage.PLANNING)
    unit = DepartmentFactory()
    body = {
        "project": project.pk,
        "tier": Tier.MID,
        "responsible_unit": unit.pk,
        "responsible_person": "王建国",
        "prep_deadline": "2026-09-30",
        "expected_goals": "年产值 5 亿元",
        "reason": REASON,
    }
    data = ok(post(client, ENTRIES, body), 201)
    entry = ReserveEntry.objects.get(project=project)
    assert (data["id"], data["tier"], data["status"]) == (entry.pk, Tier.MID, EntryStatus.IN_POOL)
    assert data["project"]["code"] == project.code
    assert data["responsible_unit_name"] == unit.name
    assert [m["kind"] for m in data["moves"]] == [MoveKind.ENTER]
    move = entry.moves.get()
    assert (move.reason, move.actor, move.to_tier) == (REASON, office, Tier.MID)
    record = entry.history.latest()
    assert (record.history_change_reason, record.history_user) == (REASON, office)
    project.refresh_from_db()
    assert project.stage == ProjectStage.RESERVE


def test_entering_a_removed_project_again_restores_its_entry(client, office):
    entry = ReserveEntryFactory(tier=Tier.NEAR)
    services.remove(entry, reason="暂缓", actor=office)
    body = {
        "project": entry.project_id,
        "tier": Tier.LONG,
        "responsible_unit": entry.responsible_unit_id,
        "responsible_person": "周建华",
        "reason": "重新谋划",
    }
    data = ok(post(client, ENTRIES, body), 201)
    assert (data["id"], data["status"], data["tier"]) == (entry.pk, EntryStatus.IN_POOL, Tier.LONG)
    assert data["moves"][0]["kind"] == MoveKind.RESTORE


def test_changing_the_tier_records_from_and_to(client, office):
    entry = ReserveEntryFactory(tier=Tier.NEAR)
    data = ok(post(client, entry_url(entry, "change-tier"), {"new_tier": Tier.LONG, "reason": REASON}))
    assert data["tier"] == Tier.LONG
    move = entry.moves.get()
    assert (move.kind, move.from_tier, move.to_tier, move.reason) == (
        MoveKind.CHANGE_TIER,
        Tier.NEAR,
        Tier.LONG,
        REASON,
    )
    assert data["moves"][0]["id"] == move.pk
    assert entry.history.latest().history_change_reason == REASON


def test_removal_keeps_the_entry_and_shows_it_as_removed(client):
    entry = ReserveEntryFactory()
    data = ok(post(client, entry_url(entry, "remove"), {"reason": "不具备实施条件"}))
    assert data["status"] == EntryStatus.REMOVED
    assert data["status_display"] == "已出库"
    assert entry.moves.get().kind == MoveKind.REMOVE
    entry.project.refresh_from_db()
    assert entry.project.stage == ProjectStage.REMOVED
    assert ok(client.get(entry_url(entry)))["status"] == EntryStatus.REMOVED


def test_a_removed_entry_is_restored_with_its_own_details_unless_given(client, office):
    entry = ReserveEntryFactory(tier=Tier.NEAR, responsible_person="周建华")
    services.remove(entry, reason="暂缓", actor=office)
    data = ok(post(client, entry_url(entry, "restore"), {"tier": Tier.MID, "reason": "条件已具备"}))
    assert (data["status"], data["tier"], data["responsible_person"]) == (
        EntryStatus.IN_POOL,
        Tier.MID,
        "周建华",
    )
    restore = entry.moves.first()
    assert (restore.kind, restore.from_tier, restore.to_tier) == (MoveKind.RESTORE, Tier.NEAR, Tier.MID)
    assert [m["kind"] for m in data["moves"]] == [MoveKind.RESTORE, MoveKind.REMOVE]
    assert data["project"]["stage"] == ProjectStage.RESERVE


def test_adding_an_entry_to_the_plan_creates_the_plan_item_and_marks_the_entry(client, office):
    entry = ReserveEntryFactory()
    body = {
        "year": 2026,
        "category": PlanCategory.NEW_START,
        "planned_investment": "8000.00",
        "target_milestones": "6 月底前开工",
        "reason": REASON,
    }
    data = ok(post(client, entry_url(entry, "add-to-plan"), body), 201)
    item = AnnualPlanItem.objects.get(project=entry.project)
    assert (data["id"], data["year"], data["category"]) == (item.pk, 2026, PlanCategory.NEW_START)
    assert (item.source, item.planned_investment, item.added_by) == (
        PlanSource.DIRECT,
        Decimal("8000"),
        office,
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PLANNED
    assert entry.moves.get().kind == MoveKind.TO_PLAN


def test_a_direct_plan_item_needs_no_pool_entry(client):
    project = ProjectFactory(stage=ProjectStage.RESERVE)
    body = {
        "project": project.pk,
        "year": 2026,
        "category": PlanCategory.CONTINUING,
        "planned_investment": "3000",
        "reason": "续建项目",
    }
    data = ok(post(client, reverse("api:reserve-plan-item-list"), body), 201)
    assert data["project"]["id"] == project.pk
    assert data["source"] == PlanSource.DIRECT
    assert AnnualPlan.objects.get(year=2026).items.get().project == project


def test_plain_fields_are_edited_with_history_but_no_move(client, office):
    entry = ReserveEntryFactory()
    body = {"responsible_person": "赵敏", "time_nodes": "2026 年底完成可研", "reason": "责任人调整"}
    data = ok(client.patch(entry_url(entry), body, format="json"))
    assert (data["responsible_person"], data["time_nodes"]) == ("赵敏", "2026 年底完成可研")
    record = entry.history.latest()
    assert (record.history_type, record.history_change_reason, record.history_user) == (
        "~",
        "责任人调整",
        office,
    )
    assert not entry.moves.exists()


@pytest.mark.parametrize(
    "field, value", [("tier", Tier.LONG), ("status", EntryStatus.REMOVED), ("project", 1)]
)
def test_state_fields_cannot_be_edited_only_moved_by_an_action(client, field, value):
    entry = ReserveEntryFactory()
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(client.patch(entry_url(entry), {field: value, "responsible_person": "x"}), field)
    snapshot.assert_unchanged()
    assert errors.keys() == {field}


def test_a_plain_edit_needs_a_reason(client):
    entry = ReserveEntryFactory()
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(
        client.patch(entry_url(entry), {"responsible_person": "赵敏"}, format="json"), "reason"
    )
    assert errors["reason"] == ["请填写理由。"]
    snapshot.assert_unchanged()


def test_an_edit_that_changes_nothing_records_nothing(client):
    entry = ReserveEntryFactory(responsible_person="周建华")
    before = entry.history.count()
    ok(client.patch(entry_url(entry), {"responsible_person": "周建华", "reason": "核对"}, format="json"))
    assert entry.history.count() == before


def test_a_stale_edit_is_a_conflict(client, office):
    entry = ReserveEntryFactory()
    services.change_tier(entry, Tier.MID, reason=REASON, actor=office)  # version 1 → 2
    snapshot = TablesSnapshot(WATCH)
    body = {"responsible_person": "x", "version": 1, "reason": "改责任人"}
    assert client.patch(entry_url(entry), body, format="json").status_code == 409
    snapshot.assert_unchanged()
    body["version"] = 2
    assert ok(client.patch(entry_url(entry), body, format="json"))["version"] == 3


def test_entries_are_never_deleted(client):
    entry = ReserveEntryFactory()
    assert client.delete(entry_url(entry)).status_code == 405
    assert ReserveEntry.objects.filter(pk=entry.pk).exists()


def test_entry_detail_shows_the_project_summary_due_flag_and_moves(client, office):
    entry = ReserveEntryFactory(entered_on=datetime.date.today() - datetime.timedelta(days=400))
    services.change_tier(entry, Tier.MID, reason=REASON, actor=office)
    data = ok(client.get(entry_url(entry)))
    assert data["is_due"] is True
    assert data["project"]["industry_name"] == entry.project.industry.name
    assert data["project"]["total_investment"] == "50000.00"
    assert data["moves"][0]["actor_name"] == str(office)
    assert data["moves"][0]["from_tier_display"] == "近期（1年）"


# -- bad bodies: 400, Chinese messages keyed by field, nothing saved ----------------------


def _enter(**changes):
    def build():
        body = {
            "project": ProjectFactory(stage=ProjectStage.PLANNING).pk,
            "tier": Tier.NEAR,
            "responsible_unit": DepartmentFactory().pk,
            "responsible_person": "周建华",
            "reason": REASON,
        }
        body.update(changes)
        return ENTRIES, {k: v for k, v in body.items() if v is not None}

    return build


def _entry(action, body, **entry_fields):
    def build():
        return entry_url(ReserveEntryFactory(**entry_fields), action), body

    return build


def _already_in_pool():
    return _enter(project=ReserveEntryFactory().project_id)()


def _duplicate_plan_item():
    project = ProjectFactory()
    plan, _ = AnnualPlan.objects.get_or_create(year=2026)
    AnnualPlanItem.objects.create(
        plan=plan,
        project=project,
        category=PlanCategory.NEW_START,
        planned_investment=1,
        source=PlanSource.DIRECT,
        reason=REASON,
        added_by=UserFactory(),
    )
    body = {
        "project": project.pk,
        "year": 2026,
        "category": "continuing",
        "planned_investment": "1",
        "reason": "x",
    }
    return reverse("api:reserve-plan-item-list"), body


PLAN = {"year": 2026, "category": PlanCategory.NEW_START, "planned_investment": "8000", "reason": REASON}
BAD_BODIES = {
    "enter without a reason": (_enter(reason=None), ["reason"]),
    "enter with a blank reason": (_enter(reason="   "), ["reason"]),
    "enter with an unknown tier": (_enter(tier="soon"), ["tier"]),
    "enter an unknown project": (_enter(project=999999), ["project"]),
    "enter a project already in the pool": (_already_in_pool, ["project"]),
    "enter with a too long person": (_enter(responsible_person="长" * 51), ["responsible_person"]),
    "change tier without a reason": (_entry("change-tier", {"new_tier": Tier.MID}), ["reason"]),
    "change to an unknown tier": (_entry("change-tier", {"new_tier": "x", "reason": REASON}), ["new_tier"]),
    "change to the same tier": (
        _entry("change-tier", {"new_tier": Tier.NEAR, "reason": REASON}),
        ["new_tier"],
    ),
    "change tier of a removed entry": (
        _entry("change-tier", {"new_tier": Tier.MID, "reason": REASON}, status=EntryStatus.REMOVED),
        ["non_field_errors"],
    ),
    "remove without a reason": (_entry("remove", {}), ["reason"]),
    "remove a removed entry": (
        _entry("remove", {"reason": REASON}, status=EntryStatus.REMOVED),
        ["non_field_errors"],
    ),
    "restore an entry in the pool": (_entry("restore", {"reason": REASON}), ["project"]),
    "restore without a reason": (_entry("restore", {}, status=EntryStatus.REMOVED), ["reason"]),
    "add to plan without a reason": (_entry("add-to-plan", {**PLAN, "reason": ""}), ["reason"]),
    "add to plan above the total investment": (
        _entry("add-to-plan", {**PLAN, "planned_investment": "60000"}),
        ["planned_investment"],
    ),
    "add to plan with a negative investment": (
        _entry("add-to-plan", {**PLAN, "planned_investment": "-1"}),
        ["planned_investment"],
    ),
    "add to plan in an impossible year": (_entry("add-to-plan", {**PLAN, "year": 1999}), ["year"]),
    "add to plan with an unknown category": (_entry("add-to-plan", {**PLAN, "category": "x"}), ["category"]),
    "a project twice in a year's plan": (_duplicate_plan_item, ["project"]),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_a_bad_body_is_refused_field_by_field_and_saves_nothing(client, case):
    build, fields = BAD_BODIES[case]
    url, body = build()
    snapshot = TablesSnapshot(WATCH)
    assert_refused(post(client, url, body), *fields)
    snapshot.assert_unchanged()


# -- the annual plan ----------------------------------------------------------------------


def test_a_plan_shows_its_totals_by_category_type_industry_and_town(client, office):
    industry, town = IndustryFactory(name="花炮"), TownFactory(name="大瑶镇")
    for category, investment in [(PlanCategory.NEW_START, "1000"), (PlanCategory.COMPLETION, "500")]:
        services.add_to_plan(
            project=ProjectFactory(industry=industry, town=town),
            year=2026,
            category=category,
            planned_investment=Decimal(investment),
            reason=REASON,
            actor=office,
        )
    listed = ok(client.get(reverse("api:reserve-plan-list")))["results"]
    assert [(p["year"], p["item_count"], p["planned_investment_total"]) for p in listed] == [
        (2026, 2, "1500.00")
    ]
    data = ok(client.get(reverse("api:reserve-plan-detail", args=[2026])))
    totals = data["totals"]
    assert {(r["label"], r["count"], r["investment"]) for r in totals["category"]} == {
        ("新开工", 1, "1000.00"),
        ("竣工", 1, "500.00"),
    }
    assert [(r["key"], r["label"], r["count"]) for r in totals["project_type"]] == [
        ("industrial", "产业项目", 2)
    ]
    assert [(r["label"], r["investment"]) for r in totals["industry"]] == [("花炮", "1500.00")]
    assert [r["label"] for r in totals["town"]] == ["大瑶镇"]


def test_a_plan_year_cannot_change_after_creation(client):
    AnnualPlan.objects.create(year=2031)
    data = ok(client.patch(reverse("api:reserve-plan-detail", args=[2031]), {"year": 2032, "title": "新"}))
    assert (data["year"], data["title"]) == (2031, "新")


# -- filters ------------------------------------------------------------------------------

LISTS = [
    "api:reserve-entry-list",
    "api:reserve-move-list",
    "api:reserve-criterion-list",
    "api:reserve-round-list",
    "api:reserve-score-list",
    "api:reserve-plan-list",
    "api:reserve-plan-item-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_filter_parameter_is_refused(client, name):
    errors = assert_refused(client.get(reverse(name), {"teir": "near"}), "teir")
    assert errors["teir"] == ["未知的筛选参数“teir”。"]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_paginated(client, name):
    data = ok(client.get(reverse(name), {"page_size": 1}))
    assert {"count", "next", "previous", "results"} <= set(data)


def ids(response):
    return {row["id"] for row in ok(response)["results"]}


def test_entry_filters(client, office):
    near = ReserveEntryFactory(tier=Tier.NEAR, project__name="浏阳花炮智造产业园")
    mid = ReserveEntryFactory(tier=Tier.MID, entered_on=datetime.date.today() - datetime.timedelta(days=400))
    removed = ReserveEntryFactory(status=EntryStatus.REMOVED)
    assert ids(client.get(ENTRIES, {"tier": Tier.NEAR})) == {near.pk, removed.pk}
    assert ids(client.get(ENTRIES, {"status": EntryStatus.REMOVED})) == {removed.pk}
    assert ids(client.get(ENTRIES, {"due": "true"})) == {mid.pk}
    assert ids(client.get(ENTRIES, {"q": "花炮智造"})) == {near.pk}
    assert ids(client.get(ENTRIES, {"town": near.project.town_id})) == {near.pk}
    rows = ok(client.get(ENTRIES, {"sort": "-tier"}))["results"]
    assert [r["tier"] for r in rows] == sorted((r["tier"] for r in rows), reverse=True)
    assert_refused(client.get(ENTRIES, {"tier": "soon"}), "tier")


def test_move_and_plan_item_filters(client, office):
    a, b = ReserveEntryFactory(), ReserveEntryFactory()
    services.change_tier(a, Tier.MID, reason=REASON, actor=office)
    services.remove(b, reason=REASON, actor=office)
    moves = reverse("api:reserve-move-list")
    assert ids(client.get(moves, {"entry": a.pk})) == set(a.moves.values_list("pk", flat=True))
    assert ids(client.get(moves, {"kind": MoveKind.REMOVE})) == set(b.moves.values_list("pk", flat=True))
    for year in (2026, 2027):
        services.add_to_plan(
            project=ProjectFactory(),
            year=year,
            category=PlanCategory.NEW_START,
            planned_investment=Decimal("1"),
            reason=REASON,
            actor=office,
        )
    items = reverse("api:reserve-plan-item-list")
    assert ids(client.get(items, {"year": 2027})) == set(
        AnnualPlanItem.objects.filter(plan__year=2027).values_list("pk", flat=True)
    )


def test_criteria_filter_and_weights_as_decimals(client):
    data = ok(client.get(reverse("api:reserve-criterion-list"), {"is_active": "true"}))
    weights = [Decimal(row["weight"]) for row in data["results"]]
    assert sum(weights) == 100
    assert all(isinstance(row["weight"], str) for row in data["results"])


# -- the schema ---------------------------------------------------------------------------

RESERVE_PATHS = {
    "/api/reserve/entries/",
    "/api/reserve/entries/{id}/",
    "/api/reserve/entries/{id}/change-tier/",
    "/api/reserve/entries/{id}/remove/",
    "/api/reserve/entries/{id}/restore/",
    "/api/reserve/entries/{id}/add-to-plan/",
    "/api/reserve/moves/",
    "/api/reserve/criteria/",
    "/api/reserve/rounds/",
    "/api/reserve/rounds/{id}/",
    "/api/reserve/rounds/{id}/apply/",
    "/api/reserve/rounds/{id}/items/{item_id}/decide/",
    "/api/reserve/scores/",
    "/api/reserve/plans/",
    "/api/reserve/plans/{year}/",
    "/api/reserve/plan-items/",
}


def test_the_schema_documents_every_reserve_endpoint(client):
    schema = ok(client.get(reverse("schema"), {"format": "json"}))
    assert set(schema["paths"]) >= RESERVE_PATHS
    entries = schema["paths"]["/api/reserve/entries/"]
    assert entries["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/EnterPoolRequest"
    )
    assert "delete" not in schema["paths"]["/api/reserve/entries/{id}/"]
    filters = {p["name"] for p in entries["get"]["parameters"]}
    assert {
        "tier",
        "status",
        "project_type",
        "industry",
        "town",
        "responsible_unit",
        "policy_tag",
        "due",
        "q",
    } <= filters
    enums = {name for name in schema["components"]["schemas"] if name.endswith("Enum")}
    assert {
        "ReserveTierEnum",
        "ReserveEntryStatusEnum",
        "EvaluationRoundStatusEnum",
        "PlanCategoryEnum",
    } <= enums


def test_the_api_root_lists_the_reserve_endpoints_to_signed_in_users(client):
    root = ok(client.get(reverse("api:api-root")))
    assert {"reserve/entries", "reserve/rounds", "reserve/scores", "reserve/plan-items"} <= set(root)
    client.logout()
    assert client.get(reverse("api:api-root")).status_code == 401


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "schema.yml"))
