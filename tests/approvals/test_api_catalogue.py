"""The catalogue (stages, items, materials: "only a secondary material may come later" is a
400, not a 500), the working-day calculator and overrides, and the dishonesty list, through
the API.
"""

import pytest
from django.urls import reverse

from approvals.choices import IntakeOutcome, MaterialKind
from approvals.models import ApprovalItem, DishonestApplicant, ItemMaterial

from .test_api import client_for, deficient_body, ok, rows, submit

pytestmark = pytest.mark.django_db


# -- the catalogue ------------------------------------------------------------------------------


def test_items_list_their_materials_and_filter_by_stage(scene):
    office = client_for(scene.office)
    listed = rows(ok(office.get(reverse("api:approval-item-list"), {"stage": scene.stage.pk})))
    assert [item["id"] for item in listed] == [scene.item_a.pk, scene.item_b.pk]
    materials = {m["id"]: m for m in listed[0]["materials"]}
    assert set(materials) == {scene.main_a.pk, scene.later_a.pk}
    assert materials[scene.later_a.pk]["may_supply_later"] is True
    assert materials[scene.main_a.pk]["kind_display"] == "主要材料"
    assert "colour" in ok(office.get(reverse("api:approval-item-list"), {"colour": 1}), 400)


def test_only_a_secondary_material_may_come_later_a_400_not_a_500(scene):
    office = client_for(scene.office)
    url = reverse("api:item-material-list")
    data = {
        "item": scene.item_a.pk,
        "name": "项目选址图",
        "kind": MaterialKind.MAIN,
        "may_supply_later": True,
    }
    errors = ok(office.post(url, data, format="json"), 400)
    assert errors["may_supply_later"] == ["只有次要材料可以容缺后补。"]
    detail = reverse("api:item-material-detail", args=[scene.later_a.pk])
    errors = ok(office.patch(detail, {"kind": MaterialKind.MAIN}, format="json"), 400)
    assert "may_supply_later" in errors
    scene.later_a.refresh_from_db()
    assert scene.later_a.kind == MaterialKind.SECONDARY
    assert ItemMaterial.objects.filter(item=scene.item_a).count() == 2
    # and the allowed change goes through
    fine = ok(office.patch(detail, {"kind": MaterialKind.MAIN, "may_supply_later": False}, format="json"))
    assert fine["kind"] == MaterialKind.MAIN


def test_a_material_cannot_move_to_another_item(scene):
    detail = reverse("api:item-material-detail", args=[scene.main_a.pk])
    errors = ok(client_for(scene.office).patch(detail, {"item": scene.item_b.pk}, format="json"), 400)
    assert "item" in errors


def test_an_item_or_material_still_in_use_cannot_be_deleted(scene):
    scene.submit()
    office = client_for(scene.office)
    assert office.delete(reverse("api:approval-item-detail", args=[scene.item_a.pk])).status_code == 409
    assert office.delete(reverse("api:item-material-detail", args=[scene.main_a.pk])).status_code == 409
    assert ApprovalItem.objects.filter(pk=scene.item_a.pk).exists()


def test_an_item_is_created_with_a_department_and_its_limits(scene):
    data = {
        "stage": scene.stage.pk,
        "code": "LY-T-NEW-01",
        "name": "雷电防护装置设计审核",
        "department": scene.dept_b.pk,
        "statutory_limit": 10,
        "promised_limit": 5,
    }
    item = ok(client_for(scene.office).post(reverse("api:approval-item-list"), data, format="json"), 201)
    assert item["materials"] == [] and item["department_name"] == scene.dept_b.name
    errors = ok(client_for(scene.office).post(reverse("api:approval-item-list"), data, format="json"), 400)
    assert errors["code"] == ["事项编码已存在。"]


# -- the working-day calendar ----------------------------------------------------------------------


def test_the_calculator_adds_and_counts_working_days(scene):
    client = client_for(scene.staff_a)
    url = reverse("api:workday-list")
    # Friday 13 Feb 2026; Saturday 14 Feb is a make-up working day; 15–23 Feb the Spring Festival
    assert ok(client.get(url, {"start": "2026-02-13", "days": 2}))["date"] == "2026-02-24"
    assert ok(client.get(url, {"start": "2026-03-02", "days": 5}))["date"] == "2026-03-09"
    assert ok(client.get(url, {"start": "2026-02-12", "end": "2026-03-02"}))["days"] == 8


def test_the_calculator_lists_a_years_exceptions(scene):
    client = client_for(scene.staff_a)
    answer = ok(client.get(reverse("api:workday-list"), {"year": 2026}))
    assert answer["known"] is True
    days = {row["date"]: row for row in answer["exceptions"]}
    assert days["2026-10-01"] == {
        "date": "2026-10-01",
        "is_working_day": False,
        "name": "国庆节",
        "source": "statutory",
    }
    assert days["2026-02-14"]["is_working_day"] is True and days["2026-02-14"]["name"] == "调休上班"
    assert "2026-03-02" not in days  # a plain Monday


def test_an_office_override_changes_the_calculator_at_once(scene):
    office = client_for(scene.office)
    data = {"date": "2031-01-31", "is_working_day": False, "name": "春节", "note": "国办发明电〔2030〕"}
    ok(office.post(reverse("api:workday-override-list"), data, format="json"), 201)
    assert ok(office.post(reverse("api:workday-override-list"), data, format="json"), 400)["date"]
    url = reverse("api:workday-list")
    assert ok(office.get(url, {"start": "2031-01-30", "days": 1}))["date"] == "2031-02-03"
    answer = ok(office.get(url, {"year": 2031}))
    assert answer["known"] is True
    assert {"date": "2031-01-31", "is_working_day": False, "name": "春节", "source": "override"} in answer[
        "exceptions"
    ]
    listed = rows(ok(office.get(reverse("api:workday-override-list"), {"year": 2031})))
    assert [row["date"] for row in listed] == ["2031-01-31"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "2026-02-30", "days": 1}, "start"),
        ({"start": "2026-02-01", "days": -1}, "days"),
        ({"start": "2026-02-01"}, "non_field_errors"),
        ({"start": "2026-02-01", "days": 1, "end": "2026-03-01"}, "non_field_errors"),
        ({"start": "2026-03-01", "end": "2026-02-01"}, "end"),
        ({"year": 2026, "colour": "red"}, "colour"),
    ],
    ids=[
        "bad-date",
        "negative-days",
        "half-a-question",
        "two-questions",
        "end-before-start",
        "unknown-param",
    ],
)
def test_the_calculator_refuses_bad_questions(scene, params, field):
    errors = ok(client_for(scene.staff_a).get(reverse("api:workday-list"), params), 400)
    assert field in errors, errors


def test_the_dishonesty_list_bars_deficiency_acceptance_through_the_api(scene):
    office = client_for(scene.office)
    data = {"name": scene.project.owner_enterprise, "reason": "拖欠农民工工资", "listed_on": "2025-01-01"}
    listed = ok(office.post(reverse("api:dishonest-applicant-list"), data, format="json"), 201)
    assert listed["is_listed"] is True
    case = ok(submit(client_for(scene.commissioner), deficient_body(scene)), 201)
    assert case["intake_outcome"] == IntakeOutcome.NOT_ACCEPTED
    assert "失信" in case["refusal_reason"]
    assert DishonestApplicant.objects.count() == 1
