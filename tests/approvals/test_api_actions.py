"""The departments' actions through the API: start, approve (blocked until the promised
material arrives), reject, return for correction and the applicant's resubmission,
supply, stale versions (409, nothing changed), the timeline and the task filters.
"""

import pytest
from django.urls import reverse

from approvals.choices import CaseResult, CaseStatus, SupplementStatus, TaskStatus
from approvals.models import ApprovalTask, CaseMaterial, Supplement
from approvals.services import handling

from .factories import fake, pdf
from .test_api import body, client_for, counts, deficient_body, ok, rows, submit, task_url

pytestmark = pytest.mark.django_db


# -- the departments' actions ------------------------------------------------------------------


def test_approval_is_blocked_until_the_promised_material_is_supplied(scene):
    case = ok(submit(client_for(scene.commissioner), deficient_body(scene)), 201)
    task = ApprovalTask.objects.get(case_id=case["id"], item=scene.item_a)
    staff = client_for(scene.staff_a)

    errors = ok(staff.post(task_url(task, "approve"), {"document_number": "浏自然资预〔2026〕1号"}), 400)
    assert "尚未补齐" in errors["status"][0]
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING

    shown = ok(staff.get(task_url(task)))
    assert shown["outstanding_supplements"] == 1
    supplement = Supplement.objects.get(case_id=case["id"])
    url = reverse("api:approval-supplement-supply", args=[supplement.pk])
    supplied = ok(client_for(scene.commissioner).post(url, {"file": pdf("附件.pdf")}, format="multipart"))
    assert supplied["status"] == SupplementStatus.SUPPLIED
    assert supplied["upload"]["original_name"] == "附件.pdf"

    approved = ok(
        staff.post(
            task_url(task, "approve"),
            {"document_number": "浏自然资预〔2026〕1号", "note": "同意", "version": shown["version"]},
        )
    )
    assert approved["status"] == TaskStatus.APPROVED
    assert approved["document_number"] == "浏自然资预〔2026〕1号"
    assert approved["outstanding_supplements"] == 0
    kinds = [move["kind"] for move in ok(staff.get(task_url(task, "moves")))]
    assert kinds == ["assigned", "supplemented", "started", "approved"]


def test_supply_needs_a_real_file(scene):
    case = scene.submit_deficient()
    supplement = case.supplements.get()
    url = reverse("api:approval-supplement-supply", args=[supplement.pk])
    client = client_for(scene.commissioner)
    before = counts()
    assert "请选择要上传的文件" in ok(client.post(url, {}, format="multipart"), 400)["file"][0]
    assert "不是有效的" in ok(client.post(url, {"file": fake()}, format="multipart"), 400)["file"][0]
    assert counts() == before
    supplement.refresh_from_db()
    assert supplement.status == SupplementStatus.PENDING


def test_both_answers_give_the_case_its_one_result(scene):
    case = ok(submit(client_for(scene.commissioner), body(scene)), 201)
    task_a = ApprovalTask.objects.get(case_id=case["id"], item=scene.item_a)
    task_b = ApprovalTask.objects.get(case_id=case["id"], item=scene.item_b)
    ok(client_for(scene.staff_a).post(task_url(task_a, "start"), {}))
    ok(client_for(scene.staff_a).post(task_url(task_a, "approve"), {"document_number": "A-1"}))
    rejected = ok(
        client_for(scene.staff_b).post(task_url(task_b, "reject"), {"reason": "选址位于生态红线内"})
    )
    assert rejected["status"] == TaskStatus.REJECTED
    shown = ok(client_for(scene.office).get(reverse("api:approval-case-detail", args=[case["id"]])))
    assert shown["status"] == CaseStatus.CONCLUDED
    assert shown["result"] == CaseResult.PARTLY_REJECTED
    assert "生态红线" in shown["result_note"]
    assert shown["serial_days"] == 20
    assert shown["compression"] is not None


def test_a_reason_and_a_document_number_are_required(scene):
    task = scene.submit().tasks.get(item=scene.item_a)
    staff = client_for(scene.staff_a)
    assert "document_number" in ok(staff.post(task_url(task, "approve"), {"document_number": " "}), 400)
    assert "reason" in ok(staff.post(task_url(task, "reject"), {}), 400)
    assert "reason" in ok(staff.post(task_url(task, "return"), {"reason": ""}), 400)
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING and task.moves.count() == 1


def test_a_started_task_cannot_be_started_again(scene):
    task = scene.submit().tasks.get(item=scene.item_a)
    staff = client_for(scene.staff_a)
    ok(staff.post(task_url(task, "start"), {}))
    assert "status" in ok(staff.post(task_url(task, "start"), {}), 400)


@pytest.mark.parametrize("action", ["start", "approve", "reject", "return"])
def test_a_stale_version_is_a_409_and_changes_nothing(scene, action):
    task = scene.submit().tasks.get(item=scene.item_a)
    read = ok(client_for(scene.staff_a).get(task_url(task)))
    handling.start_review(scene.staff_a, task)  # someone moved it since
    task.refresh_from_db()
    before = (task.status, task.version, task.moves.count())
    data = {"version": read["version"], "document_number": "A-1", "reason": "理由"}
    response = client_for(scene.staff_a).post(task_url(task, action), data)
    assert response.status_code == 409, response.content
    task.refresh_from_db()
    assert (task.status, task.version, task.moves.count()) == before


def test_return_for_correction_and_resubmit(scene):
    task = scene.submit().tasks.get(item=scene.item_a)
    returned = ok(client_for(scene.staff_a).post(task_url(task, "return"), {"reason": "红线图比例尺不符"}))
    assert returned["status"] == TaskStatus.CORRECTING
    assert returned["decision_note"] == "红线图比例尺不符"

    commissioner = client_for(scene.commissioner)
    url = task_url(task, "resubmit")
    before = counts()
    errors = ok(commissioner.post(url, {f"material_{scene.main_a.pk}": fake()}, format="multipart"), 400)
    assert "不是有效的" in errors[f"material_{scene.main_a.pk}"][0]
    errors = ok(commissioner.post(url, {f"material_{scene.main_b.pk}": pdf()}, format="multipart"), 400)
    assert "不属于事项" in errors[f"material_{scene.main_b.pk}"][0]
    assert "note" in ok(commissioner.post(url, {}, format="multipart"), 400)
    stale = {"version": returned["version"] - 1, "note": "已改"}
    assert commissioner.post(url, stale, format="multipart").status_code == 409
    assert counts() == before

    data = {
        f"material_{scene.main_a.pk}": pdf("红线图.pdf"),
        "note": "已按要求修改",
        "version": returned["version"],
    }
    resubmitted = ok(commissioner.post(url, data, format="multipart"))
    assert resubmitted["status"] == TaskStatus.REVIEWING
    assert CaseMaterial.objects.filter(case=task.case, original_name="红线图.pdf").exists()
    moves = ok(commissioner.get(task_url(task, "moves")))
    assert [m["kind"] for m in moves][-1] == "corrected"
    assert moves[-1]["note"] == "已按要求修改"
    assert (
        moves[-1]["from_status"] == TaskStatus.CORRECTING and moves[-1]["to_status"] == TaskStatus.REVIEWING
    )
    assert moves[-1]["actor"] == scene.commissioner.pk


def test_task_filters_and_an_unknown_filter_is_a_400(scene):
    case = scene.submit()
    office = client_for(scene.office)
    url = reverse("api:approval-task-list")
    listed = rows(ok(office.get(url, {"department": scene.dept_b.pk, "status": "pending", "case": case.pk})))
    assert [task["item"] for task in listed] == [scene.item_b.pk]
    assert rows(ok(office.get(url, {"open": "false"}))) == []
    assert "colour" in ok(office.get(url, {"colour": "red"}), 400)
    assert "colour" in ok(office.get(reverse("api:approval-case-list"), {"colour": "red"}), 400)
    cases = rows(ok(office.get(reverse("api:approval-case-list"), {"department": scene.dept_a.pk})))
    assert [row["id"] for row in cases] == [case.pk]
    assert "stage" in ok(office.get(reverse("api:approval-case-list"), {"stage": 999999}), 400)
