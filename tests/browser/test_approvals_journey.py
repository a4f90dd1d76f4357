"""At the single window, in real Chromium on a phone-sized screen, a service commissioner submits a
case with one secondary material missing; the page answers 容缺受理 and the notice names the
material, its deadline and the consequence of lateness. A department's clerk then opens the
inbox, finds the task among their department's and starts the review."""

import pytest
from django.utils import timezone

from approvals.choices import IntakeOutcome, TaskStatus
from approvals.models import ApprovalCase
from tests.approvals.factories import Scene
from tests.browser.helpers import pdf_file, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def scene(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Scene()


def test_commissioner_submits_with_a_gap_gets_the_notice_and_the_department_starts_review(
    live_server, chromium, browser_page, scene
):
    base, page = live_server.url, browser_page

    # The single window: project and stage, then the stage's items arrive (htmx).
    sign_in(page, base, scene.commissioner.username)
    page.goto(f"{base}/approvals/window/")
    page.select_option("#id_project", str(scene.project.pk))
    page.select_option("#id_stage", str(scene.stage.pk))
    form = page.locator("#window-form")
    form.wait_for()
    assert form.locator("input[name=applicant_name]").input_value() == scene.project.owner_enterprise
    later = form.locator(f"[data-material='{scene.later_a.pk}']")
    assert "次要材料" in later.inner_text() and "可容缺后补" in later.inner_text()

    # Both items; every material but item A's secondary one; the promise letter.
    form.locator(f"#id_items_{scene.item_a.pk}").check()
    form.locator(f"#id_items_{scene.item_b.pk}").check()
    for material in (scene.main_a, scene.main_b, scene.later_b):
        form.locator(f"input[name=material_{material.pk}]").set_input_files(pdf_file(f"{material.name}.pdf"))
    form.locator("input[name=promise_signed_by]").fill("王法人")
    form.locator("input[name=promise_letter]").set_input_files(pdf_file("承诺书.pdf"))
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/approvals/cases/*/")

    case = ApprovalCase.objects.get()
    assert case.intake_outcome == IntakeOutcome.DEFICIENT
    outcome = page.locator("[data-outcome=deficient]")
    assert "容缺受理" in outcome.inner_text()
    assert case.notice_number in outcome.inner_text()
    supplement = case.supplements.get()
    assert "待补齐" in page.locator(f"#supplement-{supplement.pk}").inner_text()

    # The notice: the material, its deadline, the consequence of lateness.
    page.locator("[data-notice-link]").click()
    page.wait_for_url("**/notice/")
    notice = page.locator("[data-notice]")
    assert "容缺受理通知书" in notice.inner_text()
    assert scene.later_a.name in page.locator("[data-notice-supplements]").inner_text()
    deadline = supplement.deadline
    assert (
        page.locator("[data-deadline]").inner_text() == f"{deadline.year}年{deadline.month}月{deadline.day}日"
    )
    assert "逾期未补齐的，相关事项中止办理" in page.locator("[data-consequence]").inner_text()

    # Department A's clerk: the inbox shows their task (not department B's); start the review.
    task_a = case.tasks.get(item=scene.item_a)
    task_b = case.tasks.get(item=scene.item_b)
    clerk_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = clerk_context.new_page()
    clerk.set_default_timeout(15_000)
    try:
        sign_in(clerk, base, scene.staff_a.username)
        clerk.goto(f"{base}/approvals/inbox/")
        assert scene.dept_a.name in clerk.locator("[data-inbox-department]").inner_text()
        row = clerk.locator(f"tr[data-task='{task_a.pk}']")
        assert "待审查" in row.locator("[data-task-status]").inner_text()
        assert "容缺材料待补" in row.inner_text()
        assert clerk.locator(f"tr[data-task='{task_b.pk}']").count() == 0
        row.locator("[data-action=start]").click()
        clerk.wait_for_url(f"{base}/approvals/inbox/")
        assert "已开始审查" in clerk.locator(".app-messages").inner_text()
        row = clerk.locator(f"tr[data-task='{task_a.pk}']")
        assert "审查中" in row.locator("[data-task-status]").inner_text()
    finally:
        clerk_context.close()
    task_a.refresh_from_db()
    assert task_a.status == TaskStatus.REVIEWING
    assert task_a.started_at is not None and timezone.localdate(task_a.started_at) == timezone.localdate()
