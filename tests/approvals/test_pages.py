"""The approvals pages (精准服务: 容缺受理 + 并联审批) show what the services decided.

The single window takes a case through the page and shows the outcome:
accepted, accepted with deficiencies (with the notice: deadline and
consequence), or not accepted (with what is missing); a bad file answers 400
with the message at its field and saves nothing. A department acts on its task
from the case page or its inbox; approval waits for a promised material; the
unified result (统一反馈) appears once every task has concluded. The inbox,
statistics, catalogue and calendar show the right rows and figures.

The helpers here are shared by the other ``test_pages_*`` modules.
"""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals import workdays
from approvals.choices import CaseStatus, IntakeOutcome, SupplementStatus, TaskStatus
from approvals.models import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove, WorkdayOverride
from approvals.services import handling
from approvals.services.intake import deadline_field, material_field
from approvals.services.statistics import approval_statistics
from approvals.workdays import WorkCalendar
from tests.factories import UserFactory

from .factories import at, fake, pdf, png

pytestmark = pytest.mark.django_db

D = datetime.date

WINDOW = reverse("approvals:window")
CASES = reverse("approvals:case_list")
INBOX = reverse("approvals:inbox")
STATISTICS = reverse("approvals:statistics")
CATALOGUE = reverse("approvals:catalogue")
CALENDAR = reverse("approvals:calendar")


# -- shared helpers ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Pages read the calendar the process remembers; an override saved in a test that is then
    rolled back must not outlive it."""
    workdays.forget()
    yield
    workdays.forget()


def text(response):
    """The page's visible text, tags removed, whitespace collapsed (for assertions on wording)."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def intake_data(scene, uploads, items=None, **fields):
    """POST data of the single window: ``uploads`` maps material → file."""
    items = items if items is not None else [scene.item_a, scene.item_b]
    data = {
        "project": scene.project.pk,
        "stage": scene.stage.pk,
        "items": [item.pk for item in items],
        "applicant_name": scene.project.owner_enterprise,
        "legal_representative": "王法人",
        "contact_person": "李联系",
        "contact_phone": "13800000000",
    }
    data.update({material_field(material.pk): upload for material, upload in uploads.items()})
    data.update(fields)
    return data


def all_files(scene):
    return {m: pdf() for m in (scene.main_a, scene.later_a, scene.main_b, scene.later_b)}


def deficient_files(scene):
    """Item A's secondary material (may come later) missing."""
    return {scene.main_a: pdf(), scene.main_b: pdf(), scene.later_b: png()}


def submit_page(client, scene, uploads, **fields):
    return client.post(WINDOW, intake_data(scene, uploads, **fields))


def task_of(case, item):
    return ApprovalTask.objects.get(case=case, item=item)


def action_url(task, name):
    return reverse("approvals:task_action", args=[task.pk, name])


def today():
    return timezone.localdate()


# -- the single window ----------------------------------------------------------------------


def test_window_lists_the_chosen_stages_items_with_materials_and_prefills_the_applicant(client, scene):
    client.force_login(scene.commissioner)
    response = client.get(WINDOW, {"project": scene.project.pk, "stage": scene.stage.pk})
    assert response.status_code == 200
    page = text(response)
    assert "用地预审" in page and "环评审批" in page
    body = response.content.decode()
    for material in (scene.main_a, scene.later_a, scene.main_b, scene.later_b):
        assert f'name="{material_field(material.pk)}"' in body
    # a deadline only for the secondary materials that may come later
    assert f'name="{deadline_field(scene.later_a.pk)}"' in body
    assert f'name="{deadline_field(scene.main_a.pk)}"' not in body
    assert body.count("data-may-supply-later") == 2
    assert f'value="{scene.project.owner_enterprise}"' in body
    assert "承诺书" in page


def test_window_answers_htmx_with_the_items_part_only(client, scene):
    client.force_login(scene.office)
    response = client.get(
        WINDOW, {"project": scene.project.pk, "stage": scene.stage.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="window-form"' in body and "用地预审" in body


def test_window_offers_a_commissioner_only_the_projects_they_serve(client, scene):
    from tests.factories import ProjectFactory

    other = ProjectFactory()
    client.force_login(scene.commissioner)
    body = client.get(WINDOW).content.decode()
    assert scene.project.name in body
    assert other.name not in body


def test_all_materials_present_the_case_is_accepted_and_the_case_page_says_so(client, scene):
    client.force_login(scene.commissioner)
    response = submit_page(client, scene, all_files(scene))
    case = ApprovalCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.intake_outcome == IntakeOutcome.ACCEPTED
    assert case.materials.count() == 4
    assert case.legal_representative == "王法人"
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-outcome="accepted"' in body
    assert "已受理" in text(page)
    assert body.count("data-material-file") == 4
    assert "data-unified-result" not in body


def test_secondary_material_missing_is_accepted_with_deficiencies_and_the_notice_shows_deadline_and_consequence(
    client, scene
):
    client.force_login(scene.commissioner)
    response = submit_page(
        client, scene, deficient_files(scene), promise_signed_by="王法人", promise_letter=pdf("承诺书.pdf")
    )
    assert response.status_code == 302
    case = ApprovalCase.objects.get()
    assert case.intake_outcome == IntakeOutcome.DEFICIENT
    supplement = case.supplements.get()
    page = client.get(case.get_absolute_url())
    body = page.content.decode()
    notice_url = reverse("approvals:case_notice", args=[case.pk])
    assert 'data-outcome="deficient"' in body and notice_url in body
    assert "容缺受理" in text(page)
    assert reverse("approvals:promise_letter", args=[case.pk]) in body

    notice = client.get(notice_url)
    assert notice.status_code == 200
    words = text(notice)
    assert case.notice_number in words
    assert scene.later_a.name in words
    assert f"{supplement.deadline.year}年{supplement.deadline.month}月{supplement.deadline.day}日" in words
    assert "逾期未补齐的，相关事项中止办理" in words and "退件" in words
    assert scene.project.owner_enterprise in words


def test_a_deadline_later_than_promised_completion_is_refused_at_its_field(client, scene):
    client.force_login(scene.commissioner)
    latest = task_due_if_accepted_today(scene.item_a)
    too_late = WorkCalendar.load().add(latest, 3)
    response = submit_page(
        client,
        scene,
        deficient_files(scene),
        promise_signed_by="王法人",
        promise_letter=pdf("承诺书.pdf"),
        **{deadline_field(scene.later_a.pk): too_late.isoformat()},
    )
    assert response.status_code == 400
    assert "补齐期限不得晚于" in text(response)
    assert not ApprovalCase.objects.exists()


def task_due_if_accepted_today(item):
    calendar = WorkCalendar.load()
    return calendar.add(calendar.next_working_day(today()), item.promised_limit)


def test_deficient_without_a_promise_letter_is_refused_with_the_messages_at_their_fields(client, scene):
    client.force_login(scene.commissioner)
    response = submit_page(client, scene, deficient_files(scene))
    assert response.status_code == 400
    words = text(response)
    assert "请填写签署人" in words and "须上传法定代表人签署的容缺受理承诺书" in words
    assert 'id="id_promise_letter_error"' in response.content.decode()
    assert not ApprovalCase.objects.exists()


def test_main_material_missing_is_not_accepted_and_the_page_lists_what_is_missing(client, scene):
    client.force_login(scene.commissioner)
    response = submit_page(client, scene, {scene.main_b: pdf(), scene.later_b: pdf(), scene.later_a: pdf()})
    case = ApprovalCase.objects.get()
    assert response.status_code == 302
    assert case.intake_outcome == IntakeOutcome.NOT_ACCEPTED
    page = client.get(case.get_absolute_url())
    body = page.content.decode()
    assert 'data-outcome="not_accepted"' in body
    missing = body.split("data-missing", 1)[1].split("</ul>", 1)[0]
    assert scene.main_a.name in missing
    assert scene.later_b.name not in missing
    assert "主要材料不齐全" in text(page)
    assert not case.tasks.exists()
    assert reverse("approvals:case_notice", args=[case.pk]) not in body
    assert client.get(reverse("approvals:case_notice", args=[case.pk])).status_code == 404


def test_an_invalid_file_answers_400_with_the_message_at_its_field_and_nothing_is_saved(client, scene):
    client.force_login(scene.commissioner)
    files = all_files(scene)
    files[scene.main_a] = fake("红线图.pdf")
    response = submit_page(client, scene, files)
    assert response.status_code == 400
    body = response.content.decode()
    assert "不是有效的 PDF、JPEG 或 PNG 文件" in text(response)
    assert f'id="id_{material_field(scene.main_a.pk)}_error"' in body
    assert "请重新选择" in text(response)
    assert not ApprovalCase.objects.exists()
    assert not CaseMaterial.objects.exists()


def test_no_item_ticked_is_refused(client, scene):
    client.force_login(scene.office)
    response = submit_page(client, scene, {}, items=[])
    assert response.status_code == 400
    assert "请至少选择一个审批事项" in text(response)
    assert not ApprovalCase.objects.exists()


def test_files_of_items_not_ticked_are_not_submitted(client, scene):
    client.force_login(scene.commissioner)
    files = all_files(scene)
    response = submit_page(client, scene, files, items=[scene.item_a])
    assert response.status_code == 302
    case = ApprovalCase.objects.get()
    assert set(case.materials.values_list("material_id", flat=True)) == {scene.main_a.pk, scene.later_a.pk}
    assert list(case.tasks.values_list("item_id", flat=True)) == [scene.item_a.pk]


# -- the case page and the department's actions ----------------------------------------------


def test_case_page_shows_tasks_chart_moves_and_history(client, scene):
    case = scene.submit()  # on 2 March 2026
    handling.approve(scene.staff_a, task_of(case, scene.item_a), document_number="A-1", at=at(D(2026, 3, 4)))
    client.force_login(scene.office)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    for task in case.tasks.all():
        assert f'id="task-{task.pk}"' in body
        assert f'data-timeline-task="{task.pk}"' in body
    assert "data-timeline-serial" in body and "data-timeline-parallel" in body
    # item A concluded; item B, still open, is what holds the case up
    assert body.count("data-holds-case") == 1
    assert f'data-timeline-task="{task_of(case, scene.item_b).pk}" data-holds-case' in body
    assert "分发" in text(response)
    assert 'id="history"' in body
    # the office supervises; it does not approve
    assert "data-task-actions" not in body


def test_department_sees_actions_only_on_its_own_task(client, scene):
    case = scene.submit()
    task_a, task_b = task_of(case, scene.item_a), task_of(case, scene.item_b)
    client.force_login(scene.staff_a)
    body = client.get(case.get_absolute_url()).content.decode()
    assert f'data-task-actions="{task_a.pk}"' in body
    assert f'id="task-{task_b.pk}"' not in body  # another department's task is not shown
    assert action_url(task_a, "start") in body


def test_department_starts_then_approves_through_the_page(client, scene):
    case = scene.submit()
    task = task_of(case, scene.item_a)
    client.force_login(scene.staff_a)
    response = client.post(action_url(task, "start"), {"version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING
    response = client.post(
        action_url(task, "approve"), {"version": task.version, "document_number": "浏自然资预〔2026〕9号"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED and task.document_number == "浏自然资预〔2026〕9号"
    assert TaskMove.objects.filter(task=task, actor=scene.staff_a).count() == 2


def test_approve_is_blocked_while_a_promised_material_is_outstanding_then_works_after_supply(client, scene):
    case = scene.submit_deficient(when=today())
    task = task_of(case, scene.item_a)
    client.force_login(scene.staff_a)
    response = client.post(action_url(task, "approve"), {"version": task.version, "document_number": "A-1"})
    assert response.status_code == 400
    assert "尚未补齐，补齐后方可出具审批结果" in text(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING

    supplement = case.supplements.get()
    client.force_login(scene.commissioner)
    response = client.post(reverse("approvals:supply", args=[supplement.pk]), {"file": pdf("附件.pdf")})
    assert response.status_code == 302
    assert response["Location"] == supplement.get_absolute_url()
    supplement.refresh_from_db()
    assert supplement.status == SupplementStatus.SUPPLIED

    client.force_login(scene.staff_a)
    task.refresh_from_db()
    response = client.post(action_url(task, "approve"), {"version": task.version, "document_number": "A-1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED


def test_the_unified_result_appears_only_once_every_task_has_concluded(client, scene):
    case = scene.submit()
    task_a, task_b = task_of(case, scene.item_a), task_of(case, scene.item_b)
    client.force_login(scene.staff_a)
    client.post(
        action_url(task_a, "approve"), {"version": task_a.version, "document_number": "浏规预〔2026〕8号"}
    )

    client.force_login(scene.commissioner)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "data-unified-result" not in body
    assert "data-result-pending" in body
    assert "浏规预〔2026〕8号" not in body  # 统一反馈: not told before the case concludes
    assert "统一反馈时公布" in body

    client.force_login(scene.staff_b)
    response = client.post(
        action_url(task_b, "approve"), {"version": task_b.version, "document_number": "浏环审〔2026〕3号"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED

    client.force_login(scene.commissioner)
    page = client.get(case.get_absolute_url())
    body = page.content.decode()
    assert "data-unified-result" in body
    result = body.split("data-unified-result", 1)[1].split("</section>", 1)[0]
    assert "浏规预〔2026〕8号" in result and "浏环审〔2026〕3号" in result
    assert "全部准予" in result
    assert "data-compression" in result


def test_a_missing_document_number_answers_400_with_the_message_at_the_field(client, scene):
    task = task_of(scene.submit(), scene.item_a)
    client.force_login(scene.staff_a)
    response = client.post(action_url(task, "approve"), {"version": task.version, "document_number": " "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "准予许可须填写批文或证照编号" in text(response)
    assert f'id="id_t{task.pk}_approve_document_number"' in body
    assert (
        "is-invalid" in body.split(f'id="id_t{task.pk}_approve_document_number"', 1)[0].rsplit("<input", 1)[1]
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_reject_and_return_need_a_reason(client, scene):
    task = task_of(scene.submit(), scene.item_a)
    client.force_login(scene.staff_a)
    for name, message in (("reject", "不予许可须写明理由"), ("return", "退回补正须写明需要补正的内容")):
        response = client.post(action_url(task, name), {"version": task.version, "reason": ""})
        assert response.status_code == 400
        assert message in text(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_return_for_correction_then_the_applicant_resubmits_through_the_page(client, scene):
    case = scene.submit()
    task = task_of(case, scene.item_a)
    client.force_login(scene.staff_a)
    response = client.post(
        action_url(task, "return"), {"version": task.version, "reason": "红线图比例尺不符"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CORRECTING

    client.force_login(scene.commissioner)
    body = client.get(case.get_absolute_url()).content.decode()
    resubmit = reverse("approvals:resubmit", args=[task.pk])
    assert resubmit in body and "红线图比例尺不符" in body
    response = client.post(resubmit, {"note": "", material_field(scene.main_a.pk): fake()})
    assert response.status_code == 400
    assert "不是有效的" in text(response)
    response = client.post(resubmit, {"note": "已按要求修改", material_field(scene.main_a.pk): pdf()})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING


def test_a_stale_version_is_a_conflict_with_the_version_now_stored(client, scene):
    task = task_of(scene.submit(), scene.item_a)
    client.force_login(scene.staff_a)
    stale = task.version
    handling.start_review(scene.staff_a, task)
    task.refresh_from_db()
    response = client.post(action_url(task, "approve"), {"version": stale, "document_number": "X-1"})
    assert response.status_code == 409
    assert "已被他人修改" in text(response)
    assert f'name="version" value="{task.version}"' in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING


def test_an_action_from_the_inbox_goes_back_to_the_inbox(client, scene):
    task = task_of(scene.submit(), scene.item_a)
    client.force_login(scene.staff_a)
    back = INBOX + "?status=pending"
    response = client.post(action_url(task, "start"), {"version": task.version, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    response = client.post(
        action_url(task, "approve"),
        {"version": task.version + 1, "document_number": "X", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()


def test_material_files_download_for_readers_only(client, scene):
    case = scene.submit()
    upload = case.materials.first()
    url = reverse("approvals:material_file", args=[upload.pk])
    client.force_login(scene.staff_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(UserFactory(roles=[Role.DEPARTMENT_STAFF]))
    assert client.get(url).status_code == 404


# -- the inbox -------------------------------------------------------------------------------


def test_inbox_lists_only_the_departments_tasks_open_ones_first_with_badges(client, scene):
    first = scene.submit(items=[scene.item_a], when=today())
    handling.approve(scene.staff_a, task_of(first, scene.item_a), document_number="A-1")
    second = scene.submit_deficient(when=today())
    client.force_login(scene.staff_a)
    response = client.get(INBOX)
    assert response.status_code == 200
    body = response.content.decode()
    open_task, done_task = task_of(second, scene.item_a), task_of(first, scene.item_a)
    assert body.index(f'data-task="{open_task.pk}"') < body.index(f'data-task="{done_task.pk}"')
    assert f'data-task="{task_of(second, scene.item_b).pk}"' not in body  # department B's
    assert 'data-badge="waiting"' in body
    assert scene.dept_a.name in text(response)
    assert action_url(open_task, "start") in body


def test_inbox_badges_overdue_and_due_soon(client, scene):
    case = scene.submit(when=today())
    overdue, soon = task_of(case, scene.item_a), task_of(case, scene.item_b)
    ApprovalTask.objects.filter(pk=overdue.pk).update(due_date=today() - datetime.timedelta(days=7))
    ApprovalTask.objects.filter(pk=soon.pk).update(due_date=WorkCalendar.load().add(today(), 2))
    client.force_login(scene.office)
    body = client.get(INBOX).content.decode()

    def row(task):
        return body.split(f'data-task="{task.pk}"', 1)[1].split("</tr>", 1)[0]

    assert 'data-badge="overdue"' in row(overdue) and 'data-badge="due-soon"' not in row(overdue)
    assert 'data-badge="due-soon"' in row(soon) and "剩 2 个工作日" in row(soon)
    assert body.index(f'data-task="{overdue.pk}"') < body.index(f'data-task="{soon.pk}"')  # by due date


def test_inbox_filters_by_status_and_the_office_by_department(client, scene):
    case = scene.submit()
    client.force_login(scene.office)
    body = client.get(INBOX, {"department": scene.dept_b.pk}).content.decode()
    assert f'data-task="{task_of(case, scene.item_b).pk}"' in body
    assert f'data-task="{task_of(case, scene.item_a).pk}"' not in body
    assert "data-task-actions" not in body  # the office does not approve
    response = client.get(INBOX, {"status": "approved"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "没有符合筛选条件的事项" in text(response)
    assert client.get(INBOX, {"nonsense": "1"}).status_code == 400


# -- lists, statistics, reference pages -------------------------------------------------------


def test_case_list_filters_and_shows_outcome_badges(client, scene):
    accepted = scene.submit(items=[scene.item_a])
    refused = scene.submit(items=[scene.item_b], uploads={scene.later_b.pk: pdf()})
    client.force_login(scene.office)
    body = client.get(CASES).content.decode()
    assert f'data-case="{accepted.code}"' in body and f'data-case="{refused.code}"' in body
    body = client.get(CASES, {"intake_outcome": "not_accepted"}).content.decode()
    assert f'data-case="{accepted.code}"' not in body and f'data-case="{refused.code}"' in body
    htmx = client.get(CASES, {"q": accepted.code, "sort": "-code"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()
    assert client.get(CASES, {"status": "nonsense"}).status_code == 400


def test_statistics_page_agrees_with_the_service(client, scene):
    case = scene.submit()
    handling.approve(scene.staff_a, task_of(case, scene.item_a), document_number="A")
    handling.approve(scene.staff_b, task_of(case, scene.item_b), document_number="B")
    scene.submit_deficient()
    client.force_login(scene.office)
    response = client.get(STATISTICS, {"year": 2026})
    assert response.status_code == 200
    stats = approval_statistics(scene.office, year=2026)
    body = response.content.decode()
    figure = lambda name: re.search(rf'data-figure="{name}">([^<]*)<', body).group(1)  # noqa: E731
    assert figure("cases") == str(stats["cases"]["total"]) == "2"
    assert figure("concluded") == "1"
    assert figure("compression") == f"{stats['cases']['compression']}%"
    assert figure("deficient") == "1"
    assert figure("supplements_pending") == str(stats["supplements"]["pending"])
    for row in stats["departments"]:
        assert f'data-department="{row["department_id"]}"' in body
    assert scene.stage.name in text(response)
    assert client.get(STATISTICS, {"year": "abc"}).status_code == 400
    assert client.get(STATISTICS, {"colour": "red"}).status_code == 400


def test_catalogue_lists_stages_items_and_materials_with_anchors(client, scene):
    client.force_login(scene.staff_a)
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="item-{scene.item_a.pk}"' in body
    assert scene.later_a.name in body and "可容缺后补" in body
    assert "施工许可" in body and "建筑工程施工许可证核发" in body  # the default catalogue
    assert "data-admin-link" not in body
    office = UserFactory(roles=[Role.KEY_OFFICE], is_staff=True)
    client.force_login(office)
    body = client.get(CATALOGUE).content.decode()
    assert reverse("admin:approvals_approvalitem_change", args=[scene.item_a.pk]) in body
    body = client.get(CATALOGUE, {"department": scene.dept_b.pk}).content.decode()
    assert f'id="item-{scene.item_b.pk}"' in body and f'id="item-{scene.item_a.pk}"' not in body


def test_calendar_marks_holidays_make_up_days_and_overrides(client, db):
    WorkdayOverride.objects.create(date="2031-01-31", is_working_day=False, name="春节")
    user = UserFactory(roles=[Role.DEPARTMENT_STAFF])
    client.force_login(user)
    body = client.get(CALENDAR, {"year": 2026}).content.decode()
    assert 'data-calendar-known="statutory"' in body
    assert 'data-day="2026-10-01" data-kind="holiday"' in body and "国庆节" in body
    assert 'data-day="2026-02-14" data-kind="makeup"' in body  # a 调休 Saturday
    assert 'data-day="2026-03-07" data-kind="weekend"' in body
    body = client.get(CALENDAR, {"year": 2031}).content.decode()
    assert 'data-calendar-known="office"' in body
    assert 'data-day="2031-01-31" data-kind="override-rest"' in body
    body = client.get(CALENDAR, {"year": 2032}).content.decode()
    assert 'data-calendar-known="no"' in body
    assert client.get(CALENDAR, {"year": "abc"}).status_code == 400


def test_nav_shows_the_approvals_links_by_role(client, scene):
    client.force_login(scene.staff_a)
    body = client.get(CATALOGUE).content.decode()
    assert INBOX in body and WINDOW not in body and STATISTICS not in body
    client.force_login(scene.commissioner)
    body = client.get(CATALOGUE).content.decode()
    assert WINDOW in body and INBOX not in body
    client.force_login(scene.office)
    body = client.get(CATALOGUE).content.decode()
    assert all(url in body for url in (WINDOW, CASES, INBOX, STATISTICS, CATALOGUE, CALENDAR))


def test_supply_refused_after_the_grace_period_shows_why_and_the_case_is_returned(client, scene, settings):
    settings.APPROVAL_SUPPLEMENT_GRACE_DAYS = 0
    case = scene.submit_deficient()  # 2 March 2026: long past
    supplement = case.supplements.get()
    client.force_login(scene.commissioner)
    response = client.post(reverse("approvals:supply", args=[supplement.pk]), {"file": pdf()})
    assert response.status_code == 400
    assert "无需再提交" in text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    assert Supplement.objects.get(pk=supplement.pk).status == SupplementStatus.LAPSED
