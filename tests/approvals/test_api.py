"""The approvals API: intake through the single window, and the helpers the other API tests share.

Intake (multipart/form-data): accepted, accepted with deficiencies (with its notice),
not accepted (still 201, with what is missing); bad input (unknown item, item of another
stage, unknown project, bad file, bad date, unknown field, a deadline for a material that
cannot come later, no promise letter) a 400 with field-keyed Chinese messages and nothing
saved. Cases and tasks are never edited as records (405). The OpenAPI schema stays
warning-free. The actions are in test_api_actions, the catalogue and calendar in
test_api_catalogue, statistics in test_api_statistics, who may do what in
test_api_permissions, query counts in test_api_query_counts.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from approvals.choices import CaseStatus, IntakeOutcome, MaterialKind, SupplementStatus, TaskStatus
from approvals.models import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove
from approvals.workdays import WorkCalendar
from tests.factories import UserFactory

from .factories import StageFactory, fake, pdf, png

pytestmark = pytest.mark.django_db

#: every table intake and the actions write (their history tables are watched too)
WATCH = [ApprovalCase, ApprovalCase.items.through, ApprovalTask, TaskMove, Supplement, CaseMaterial]


# -- helpers the other API tests share ------------------------------------------------------


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def body(scene, uploads=None, items=None, **fields):
    """A multipart intake body for the scene's project: every material unless ``uploads`` says
    which (material → file)."""
    items = items if items is not None else [scene.item_a, scene.item_b]
    if uploads is None:
        uploads = {m: pdf() for item in items for m in item.materials.all()}
    data = {
        "project": scene.project.pk,
        "stage": scene.stage.pk,
        "items": [item.pk for item in items],
        "applicant_name": scene.project.owner_enterprise,
        "legal_representative": "王法人",
        "contact_phone": "0731-83000001",
    }
    data.update({f"material_{material.pk}": upload for material, upload in uploads.items()})
    data.update(fields)
    return data


def deficient_body(scene, **fields):
    """Main materials complete; item A's secondary one missing, on a signed promise."""
    uploads = {scene.main_a: pdf(), scene.main_b: pdf(), scene.later_b: pdf()}
    fields.setdefault("promise_signed_by", "王法人")
    fields.setdefault("promise_letter", pdf("承诺书.pdf"))
    return body(scene, uploads=uploads, **fields)


def submit(client, data):
    return client.post(reverse("api:approval-case-list"), data, format="multipart")


def task_url(task, action=None):
    if action is None:
        return reverse("api:approval-task-detail", args=[task.pk])
    return reverse(f"api:approval-task-{action}", args=[task.pk])


def ok(response, status=200):
    assert response.status_code == status, response.content[:800].decode("utf-8", "replace")
    return response.json()


def rows(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


def counts():
    return {model.__name__: model._default_manager.count() for model in WATCH[:1] + WATCH[2:]}


def jsonable(value):
    """``approval_statistics``' figures as the API writes them: decimals and dates as strings."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# -- intake ----------------------------------------------------------------------------------


def test_every_material_present_is_accepted_and_the_tasks_go_out_at_once(scene):
    case = ok(submit(client_for(scene.commissioner), body(scene)), 201)
    assert case["intake_outcome"] == IntakeOutcome.ACCEPTED
    assert case["status"] == CaseStatus.IN_PROGRESS
    assert case["intake_outcome_display"] == "受理"
    assert case["project"] == scene.project.pk
    assert {item["id"] for item in case["items"]} == {scene.item_a.pk, scene.item_b.pk}
    assert case["missing"] == [] and case["supplements"] == []
    assert len(case["materials"]) == 4
    assert case["tasks_total"] == 2 and case["tasks_open"] == 2 and case["tasks_overdue"] == 0
    tasks = {task["item"]: task for task in case["tasks"]}
    assert tasks[scene.item_a.pk]["department"] == scene.dept_a.pk
    assert {task["status"] for task in tasks.values()} == {TaskStatus.PENDING}
    calendar = WorkCalendar.load()
    accepted = datetime.date.fromisoformat(case["accepted_on"])
    assert tasks[scene.item_b.pk]["due_date"] == calendar.add(accepted, 15).isoformat()
    saved = ApprovalCase.objects.get(pk=case["id"])
    assert saved.submitted_by == scene.commissioner and saved.legal_representative == "王法人"
    assert saved.history.count() == 1


def test_missing_secondary_material_is_accepted_on_a_promise_with_a_notice(scene):
    client = client_for(scene.commissioner)
    calendar = WorkCalendar.load()
    earlier = calendar.add(calendar.next_working_day(timezone.localdate()), 2)
    data = deficient_body(scene, **{f"deadline_{scene.later_a.pk}": earlier.isoformat()})
    case = ok(submit(client, data), 201)
    assert case["intake_outcome"] == IntakeOutcome.DEFICIENT
    assert case["promise_signed_by"] == "王法人" and case["has_promise_letter"]
    assert case["notice_number"].startswith("浏容缺〔")
    (supplement,) = case["supplements"]
    assert supplement["material"] == scene.later_a.pk
    assert supplement["deadline"] == earlier.isoformat()
    assert supplement["status"] == SupplementStatus.PENDING
    assert [entry["material_id"] for entry in case["missing"]] == [scene.later_a.pk]

    notice = ok(client.get(reverse("api:approval-case-notice", args=[case["id"]])))
    assert notice["number"] == case["notice_number"]
    assert notice["case"]["code"] == case["code"]
    assert notice["supplements"] == [
        {
            "material": scene.later_a.name,
            "item": scene.item_a.name,
            "deadline": earlier.isoformat(),
            "status": "pending",
            "status_display": "待补齐",
        }
    ]
    assert "15 个工作日" in notice["consequence"]


def test_a_missing_main_material_is_not_accepted_but_still_201_with_the_list(scene):
    uploads = {scene.main_b: pdf(), scene.later_a: pdf()}
    case = ok(submit(client_for(scene.office), body(scene, uploads=uploads)), 201)
    assert case["intake_outcome"] == IntakeOutcome.NOT_ACCEPTED
    assert case["status"] == CaseStatus.NOT_ACCEPTED
    assert case["accepted_on"] is None
    assert "主要材料不齐全" in case["refusal_reason"]
    missing = {entry["material_id"]: entry for entry in case["missing"]}
    assert set(missing) == {scene.main_a.pk, scene.later_b.pk}
    assert missing[scene.main_a.pk]["kind"] == MaterialKind.MAIN
    assert case["tasks"] == [] and case["tasks_total"] == 0
    assert not ApprovalTask.objects.exists()
    response = client_for(scene.office).get(reverse("api:approval-case-notice", args=[case["id"]]))
    assert response.status_code == 404


def test_a_file_that_is_not_a_pdf_is_a_400_and_nothing_is_saved(scene):
    uploads = {scene.main_a: fake(), scene.main_b: pdf(), scene.later_a: pdf(), scene.later_b: pdf()}
    before = counts()
    response = submit(client_for(scene.commissioner), body(scene, uploads=uploads))
    errors = ok(response, 400)
    assert "不是有效的" in errors[f"material_{scene.main_a.pk}"][0]
    assert counts() == before


def test_a_png_scan_is_a_material_like_a_pdf(scene):
    uploads = {scene.main_a: png(), scene.main_b: pdf(), scene.later_a: pdf(), scene.later_b: pdf()}
    case = ok(submit(client_for(scene.commissioner), body(scene, uploads=uploads)), 201)
    assert case["intake_outcome"] == IntakeOutcome.ACCEPTED


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda scene, data: data.update(items=[999999]), "items", "无效"),
        (lambda scene, data: data.update(items=[scene.item_a.pk, scene.item_a.pk]), "items", "重复"),
        (lambda scene, data: data.update(stage=StageFactory().pk), "items", "不属于"),
        (lambda scene, data: data.update(project=999999), "project", "无效"),
        (lambda scene, data: data.update(applicant_name=""), "applicant_name", "申请人"),
        (lambda scene, data: data.update(material_999999=pdf()), "materials", "不属于所选事项"),
        (lambda scene, data: data.update(colour="red"), "colour", "未知的字段"),
        (lambda scene, data: data.update({f"material_{scene.main_a.pk}": "text"}), "material_", "文件形式"),
    ],
    ids=[
        "unknown-item",
        "same-item-twice",
        "item-of-another-stage",
        "unknown-project",
        "no-applicant",
        "material-of-no-chosen-item",
        "unknown-field",
        "material-not-a-file",
    ],
)
def test_bad_intake_is_a_400_keyed_by_field_and_saves_nothing(scene, change, field, words):
    data = body(scene)
    change(scene, data)
    before = counts()
    errors = ok(submit(client_for(scene.commissioner), data), 400)
    key = next((k for k in errors if k.startswith(field)), None)
    assert key is not None, errors
    assert words in "".join(errors[key]), errors
    assert counts() == before


@pytest.mark.parametrize(
    "deadline, words",
    [("2026-13-45", "日期格式"), ("2099-01-01", "不得晚于"), ("2000-01-01", "不得早于")],
    ids=["not-a-date", "after-promised-completion", "before-acceptance"],
)
def test_a_bad_supplement_deadline_is_a_400_and_saves_nothing(scene, deadline, words):
    data = deficient_body(scene, **{f"deadline_{scene.later_a.pk}": deadline})
    before = counts()
    errors = ok(submit(client_for(scene.commissioner), data), 400)
    assert words in "".join(errors[f"deadline_{scene.later_a.pk}"]), errors
    assert counts() == before


def test_a_deadline_for_a_material_that_cannot_come_later_is_a_400(scene):
    data = deficient_body(scene, **{f"deadline_{scene.main_a.pk}": "2026-12-01"})
    errors = ok(submit(client_for(scene.commissioner), data), 400)
    assert "不可容缺后补" in errors[f"deadline_{scene.main_a.pk}"][0]
    assert not ApprovalCase.objects.exists()


def test_a_deficient_case_without_the_promise_letter_is_a_400(scene):
    data = deficient_body(scene, promise_signed_by="")
    del data["promise_letter"]
    errors = ok(submit(client_for(scene.commissioner), data), 400)
    assert {"promise_signed_by", "promise_letter"} <= set(errors)
    assert not ApprovalCase.objects.exists()


def test_intake_takes_multipart_only(scene):
    client = client_for(scene.commissioner)
    response = client.post(
        reverse("api:approval-case-list"),
        {"project": scene.project.pk, "stage": scene.stage.pk, "items": [scene.item_a.pk]},
        format="json",
    )
    assert response.status_code == 415
    assert not ApprovalCase.objects.exists()


def test_cases_and_tasks_cannot_be_edited_or_deleted_as_records(scene):
    case = scene.submit()
    task = case.tasks.first()
    client = client_for(UserFactory(is_superuser=True))
    case_url = reverse("api:approval-case-detail", args=[case.pk])
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(case_url, {}, format="json").status_code == 405
        assert getattr(client, method)(task_url(task), {}, format="json").status_code == 405
    assert client.post(reverse("api:approval-task-list"), {}, format="json").status_code == 405
    assert client.post(reverse("api:approval-supplement-list"), {}, format="json").status_code == 405


# -- the schema -------------------------------------------------------------------------------------


def test_the_schema_documents_the_approvals_api_without_warnings(tmp_path, scene):
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "schema.yml"))
    client = client_for(scene.office)
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert {
        "/api/approval-cases/",
        "/api/approval-cases/{id}/notice/",
        "/api/approval-tasks/{id}/approve/",
        "/api/approval-tasks/{id}/return/",
        "/api/approval-tasks/{id}/moves/",
        "/api/approval-supplements/{id}/supply/",
        "/api/approval-statistics/",
        "/api/workdays/",
        "/api/item-materials/",
    } <= set(paths)
    assert set(paths["/api/approval-cases/"]["post"]["requestBody"]["content"]) == {"multipart/form-data"}
    assert not {"put", "patch", "delete"} & set(paths["/api/approval-cases/{id}/"])
    assert not {"put", "patch", "delete", "post"} & set(paths["/api/approval-tasks/{id}/"])
