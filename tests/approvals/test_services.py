"""The approval rules, called directly: intake outcomes, supplements, suspension, return, unified result."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.choices import (
    CaseResult,
    CaseStatus,
    IntakeOutcome,
    SupplementStatus,
    TaskMoveKind,
    TaskStatus,
)
from approvals.models import (
    ApprovalCase,
    ApprovalTask,
    CaseMaterial,
    DishonestApplicant,
    Supplement,
    TaskMove,
)
from approvals.services import handling
from approvals.services.intake import deadline_field, material_field, notice
from approvals.workdays import WorkCalendar

from .factories import at, fake, pdf

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = D(2026, 3, 2)


def task_of(case, item):
    return ApprovalTask.objects.get(case=case, item=item)


# -- intake ---------------------------------------------------------------------------
def test_all_materials_present_is_accepted_and_every_item_goes_out_at_once(scene):
    case = scene.submit()
    assert case.intake_outcome == IntakeOutcome.ACCEPTED
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.accepted_on == MONDAY
    tasks = {t.item_id: t for t in case.tasks.all()}
    assert set(tasks) == {scene.item_a.pk, scene.item_b.pk}
    assert {t.status for t in tasks.values()} == {TaskStatus.PENDING}
    # promised limits 5 and 15 working days from Monday 2 March 2026
    assert tasks[scene.item_a.pk].due_date == D(2026, 3, 9)
    assert tasks[scene.item_b.pk].due_date == D(2026, 3, 23)
    assert tasks[scene.item_a.pk].department == scene.dept_a
    assert {t.assigned_at for t in tasks.values()} == {case.submitted_at}
    assert TaskMove.objects.filter(task__case=case, kind=TaskMoveKind.ASSIGNED).count() == 2
    assert case.materials.count() == 4
    assert case.supplements.count() == 0
    assert case.history.count() == 1


def test_main_complete_secondary_missing_is_accepted_with_deficiencies_on_a_promise(scene):
    case = scene.submit_deficient()
    assert case.intake_outcome == IntakeOutcome.DEFICIENT
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.promise_signed_by == "王法人"
    assert case.promise_letter.name
    assert case.notice_number.startswith("浏容缺〔2026〕")
    supplement = case.supplements.get()
    assert supplement.material == scene.later_a
    # no later than the item's promised completion: 5 working days after acceptance
    assert supplement.deadline == task_of(case, scene.item_a).due_date == D(2026, 3, 9)
    content = notice(case)
    assert content["supplements"] == [supplement]
    assert "15 个工作日" in content["consequence"]


def test_supplement_deadline_may_be_earlier_but_not_later_than_promised_completion(scene):
    earlier = scene.submit_deficient(supplement_deadlines={scene.later_a.pk: D(2026, 3, 5)})
    assert earlier.supplements.get().deadline == D(2026, 3, 5)

    cases_before = ApprovalCase.objects.count()
    with pytest.raises(ValidationError) as error:
        scene.submit_deficient(items=[scene.item_a], supplement_deadlines={scene.later_a.pk: D(2026, 3, 10)})
    assert ApprovalCase.objects.count() == cases_before
    assert "items" in error.value.message_dict  # item A is already in handling


def test_deadline_later_than_promised_completion_is_refused_and_nothing_saved(scene):
    with pytest.raises(ValidationError) as error:
        scene.submit_deficient(supplement_deadlines={scene.later_a.pk: D(2026, 3, 10)})
    assert "2026-03-09" in error.value.message_dict[deadline_field(scene.later_a.pk)][0]
    assert not ApprovalCase.objects.exists()
    assert not CaseMaterial.objects.exists()


def test_deficient_case_needs_the_signed_promise_letter(scene):
    with pytest.raises(ValidationError) as error:
        scene.submit_deficient(promise_signed_by="", promise_letter=None)
    assert set(error.value.message_dict) >= {"promise_signed_by", "promise_letter"}
    assert not ApprovalCase.objects.exists()


def test_missing_main_material_is_not_accepted_with_the_list_of_what_is_missing(scene):
    uploads = {scene.main_b.pk: pdf(), scene.later_a.pk: pdf()}
    case = scene.submit(uploads=uploads)
    assert case.intake_outcome == IntakeOutcome.NOT_ACCEPTED
    assert case.status == CaseStatus.NOT_ACCEPTED
    assert case.accepted_on is None
    missing = {entry["material_id"]: entry for entry in case.missing}
    assert set(missing) == {scene.main_a.pk, scene.later_b.pk}
    assert missing[scene.main_a.pk]["kind"] == "main"
    assert not case.tasks.exists()
    assert "主要材料不齐全" in case.refusal_reason


def test_dishonest_applicant_cannot_use_deficiency_acceptance(scene):
    DishonestApplicant.objects.create(
        name=scene.project.owner_enterprise, reason="拖欠农民工工资", listed_on=D(2025, 1, 1)
    )
    case = scene.submit_deficient()
    assert case.intake_outcome == IntakeOutcome.NOT_ACCEPTED
    assert "失信" in case.refusal_reason
    assert {entry["material_id"] for entry in case.missing} == {scene.later_a.pk}
    assert not case.tasks.exists()
    # with every material present, the same applicant is accepted: the bar is on 容缺 only
    assert scene.submit().intake_outcome == IntakeOutcome.ACCEPTED


def test_lifted_dishonesty_no_longer_bars(scene):
    DishonestApplicant.objects.create(
        name=scene.project.owner_enterprise, reason="旧案", listed_on=D(2024, 1, 1), lifted_on=D(2025, 1, 1)
    )
    assert scene.submit_deficient().intake_outcome == IntakeOutcome.DEFICIENT


def test_a_broken_promise_bars_the_applicant_from_deficiency_acceptance(scene):
    case = scene.submit_deficient()
    handling.sweep_supplements(today=D(2026, 4, 20), at=at(D(2026, 4, 20)))
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    again = scene.submit_deficient(when=D(2026, 4, 21))
    assert again.intake_outcome == IntakeOutcome.NOT_ACCEPTED
    assert case.code in again.refusal_reason


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_saved(scene):
    uploads = {
        scene.main_a.pk: fake(),
        scene.main_b.pk: pdf(),
        scene.later_a.pk: pdf(),
        scene.later_b.pk: pdf(),
    }
    with pytest.raises(ValidationError) as error:
        scene.submit(uploads=uploads)
    assert "不是有效的" in error.value.message_dict[material_field(scene.main_a.pk)][0]
    assert not ApprovalCase.objects.exists()


def test_outsider_cannot_submit_for_a_project_they_do_not_serve(scene):
    from accounts.roles import Role
    from tests.factories import UserFactory

    other = UserFactory(roles=[Role.SERVICE_COMMISSIONER])
    with pytest.raises(PermissionDenied):
        scene.submit(other)
    with pytest.raises(PermissionDenied):
        scene.submit(scene.staff_a)
    assert not ApprovalCase.objects.exists()
    assert scene.submit(scene.office).intake_outcome == IntakeOutcome.ACCEPTED


# -- handling ---------------------------------------------------------------------------
def test_only_the_tasks_department_acts_on_it(scene):
    case = scene.submit()
    task = task_of(case, scene.item_a)
    for outsider in (scene.staff_b, scene.office, scene.commissioner):
        with pytest.raises(PermissionDenied):
            handling.approve(outsider, task, document_number="X-1")
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING
    assert task.moves.count() == 1
    handling.start_review(scene.staff_a, task, at=at(D(2026, 3, 3)))
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING


def test_approval_is_blocked_until_the_promised_material_arrives(scene):
    case = scene.submit_deficient()
    task = task_of(case, scene.item_a)
    with pytest.raises(ValidationError) as error:
        handling.approve(scene.staff_a, task, document_number="浏自然资预〔2026〕1号", at=at(D(2026, 3, 4)))
    assert "尚未补齐" in error.value.message_dict["status"][0]
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING
    handling.supply(scene.commissioner, case.supplements.get(), upload=pdf(), at=at(D(2026, 3, 5)))
    handling.approve(scene.staff_a, task, document_number="浏自然资预〔2026〕1号", at=at(D(2026, 3, 6)))
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert task.elapsed_days == 4


def test_approval_needs_a_document_number_and_rejection_a_reason(scene):
    task = task_of(scene.submit(), scene.item_a)
    with pytest.raises(ValidationError) as error:
        handling.approve(scene.staff_a, task, document_number="  ")
    assert "document_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        handling.reject(scene.staff_a, task, reason="")
    assert "reason" in error.value.message_dict


def test_an_overdue_supplement_suspends_the_item_and_supplying_it_resumes(scene):
    case = scene.submit_deficient()
    task = task_of(case, scene.item_a)
    handling.start_review(scene.staff_a, task, at=at(D(2026, 3, 3)))
    # deadline Monday 9 March; the sweep on the 10th suspends
    first = handling.sweep_supplements(today=D(2026, 3, 10), at=at(D(2026, 3, 10), 7))
    assert first == {"cases": 1, "suspended": 1, "returned": 0}
    again = handling.sweep_supplements(today=D(2026, 3, 11), at=at(D(2026, 3, 11), 7))
    assert again == {"cases": 1, "suspended": 0, "returned": 0}
    task.refresh_from_db()
    supplement = case.supplements.get()
    assert task.status == TaskStatus.SUSPENDED
    assert supplement.status == SupplementStatus.OVERDUE
    assert task.moves.filter(kind=TaskMoveKind.SUSPENDED).count() == 1
    with pytest.raises(ValidationError):
        handling.approve(scene.staff_a, task, document_number="X")

    handling.supply(scene.commissioner, supplement, upload=pdf(), at=at(D(2026, 3, 16)))
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING
    # suspended 10–16 March: 5 working days do not count; the due date moves from 9 to 16 March
    assert task.paused_days == 5
    assert task.due_date == D(2026, 3, 16)
    assert list(task.moves.values_list("kind", flat=True)) == [
        TaskMoveKind.ASSIGNED,
        TaskMoveKind.STARTED,
        TaskMoveKind.SUSPENDED,
        TaskMoveKind.SUPPLEMENTED,
        TaskMoveKind.RESUMED,
    ]


def test_not_supplied_within_the_grace_period_the_case_is_returned_once(scene, settings):
    settings.APPROVAL_SUPPLEMENT_GRACE_DAYS = 15
    case = scene.submit_deficient()
    # 15 working days after 9 March is 30 March: still within grace
    assert handling.sweep_supplements(today=D(2026, 3, 30))["returned"] == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert handling.sweep_supplements(today=D(2026, 3, 31))["returned"] == 1
    assert handling.sweep_supplements(today=D(2026, 4, 1)) == {"cases": 0, "suspended": 0, "returned": 0}
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    assert case.result == CaseResult.RETURNED
    assert set(case.tasks.values_list("status", flat=True)) == {TaskStatus.WITHDRAWN}
    assert case.supplements.get().status == SupplementStatus.LAPSED
    assert TaskMove.objects.filter(task__case=case, kind=TaskMoveKind.WITHDRAWN).count() == 2
    with pytest.raises(ValidationError):
        handling.supply(scene.commissioner, case.supplements.get(), upload=pdf(), at=at(D(2026, 4, 1)))


def test_supplying_after_the_grace_period_returns_the_case_and_refuses(scene):
    case = scene.submit_deficient()
    with pytest.raises(ValidationError):
        handling.supply(scene.commissioner, case.supplements.get(), upload=pdf(), at=at(D(2026, 4, 15)))
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED


def test_the_result_is_given_once_together_when_every_task_has_concluded(scene):
    case = scene.submit()
    task_a, task_b = task_of(case, scene.item_a), task_of(case, scene.item_b)
    handling.approve(scene.staff_a, task_a, document_number="浏规预〔2026〕8号", at=at(D(2026, 3, 4)))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.result == "" and case.concluded_on is None
    handling.approve(scene.staff_b, task_b, document_number="浏环审〔2026〕3号", at=at(D(2026, 3, 9)))
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED
    assert case.result == CaseResult.APPROVED
    assert case.concluded_on == D(2026, 3, 9)
    # 5 working days from acceptance to result, against 5 + 15 one after another
    assert case.elapsed_days == 5
    assert case.serial_days == 20
    assert str(case.compression) == "75.0"
    assert "浏规预〔2026〕8号" in case.result_note and "浏环审〔2026〕3号" in case.result_note


def test_one_rejection_makes_a_partly_rejected_result(scene):
    case = scene.submit()
    handling.approve(scene.staff_a, task_of(case, scene.item_a), document_number="A-1", at=at(D(2026, 3, 4)))
    handling.reject(
        scene.staff_b, task_of(case, scene.item_b), reason="选址位于生态红线内", at=at(D(2026, 3, 5))
    )
    case.refresh_from_db()
    assert case.result == CaseResult.PARTLY_REJECTED
    assert "生态红线" in case.result_note


def test_return_for_correction_stops_the_clock_until_resubmitted(scene):
    case = scene.submit()
    task = task_of(case, scene.item_a)
    handling.return_for_correction(scene.staff_a, task, reason="红线图比例尺不符", at=at(D(2026, 3, 4)))
    task.refresh_from_db()
    assert task.status == TaskStatus.CORRECTING
    assert not task.is_overdue(D(2026, 3, 20))
    with pytest.raises(PermissionDenied):
        handling.resubmit_correction(scene.staff_a, task, note="已改")
    handling.resubmit_correction(
        scene.commissioner, task, uploads={scene.main_a.pk: pdf()}, note="已按要求修改", at=at(D(2026, 3, 11))
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING
    assert task.paused_days == 5  # 5–11 March
    assert task.due_date == D(2026, 3, 16)
    handling.approve(scene.staff_a, task, document_number="A-2", at=at(D(2026, 3, 12)))
    task.refresh_from_db()
    assert task.elapsed_days == 8 - 5


def test_a_stale_version_is_a_conflict(scene):
    from liuyang.exceptions import ConflictError

    task = task_of(scene.submit(), scene.item_a)
    with pytest.raises(ConflictError):
        handling.start_review(scene.staff_a, task, expected_version=task.version + 1)


# -- working days -------------------------------------------------------------------------
def test_working_days_across_the_2026_spring_festival_and_its_make_up_saturdays():
    cal = WorkCalendar()
    # Friday 13 Feb; Saturday 14 Feb is a 调休 working day; 15–23 Feb are the holiday
    assert cal.is_working_day(D(2026, 2, 14))
    assert not cal.is_working_day(D(2026, 2, 16))
    assert not cal.is_working_day(D(2026, 2, 23))
    assert cal.is_working_day(D(2026, 2, 28))  # make-up Saturday
    assert cal.add(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert cal.between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert cal.between(D(2026, 2, 12), D(2026, 3, 2)) == 8
    assert cal.add(D(2026, 2, 15), 0) == D(2026, 2, 24)
    for n in range(1, 30):
        assert cal.between(D(2026, 2, 10), cal.add(D(2026, 2, 10), n)) == n


def test_office_overrides_cover_a_year_the_package_does_not_know():
    cal = WorkCalendar()
    assert not cal.knows(2031)
    assert cal.is_working_day(D(2031, 1, 31))  # plain weekday rule
    cal = WorkCalendar({D(2031, 1, 31): False, D(2031, 2, 1): True})
    assert cal.knows(2031)
    assert not cal.is_working_day(D(2031, 1, 31))
    assert cal.is_working_day(D(2031, 2, 1))  # a Saturday made a working day
    assert cal.add(D(2031, 1, 30), 1) == D(2031, 2, 1)


def test_overrides_are_read_from_the_database(db):
    from approvals.models import WorkdayOverride

    WorkdayOverride.objects.create(date=D(2031, 1, 31), is_working_day=False, name="春节")
    assert not WorkCalendar.load().is_working_day(D(2031, 1, 31))


def test_supplement_rows_are_unique_per_task_material(scene):
    case = scene.submit_deficient()
    assert Supplement.objects.filter(case=case).count() == 1


def test_a_year_the_package_does_not_know_still_has_its_fixed_date_holidays():
    cal = WorkCalendar()
    assert not cal.is_working_day(D(2031, 1, 1))  # 元旦
    assert not cal.is_working_day(D(2031, 5, 2))  # 劳动节
    assert not cal.is_working_day(D(2031, 10, 3))  # 国庆节
    assert cal.is_working_day(D(2031, 1, 2))


def test_saving_an_override_refreshes_the_remembered_calendar(db):
    from approvals.models import WorkdayOverride

    assert WorkCalendar.cached().is_working_day(D(2031, 2, 3))
    override = WorkdayOverride.objects.create(date=D(2031, 2, 3), is_working_day=False, name="春节")
    assert not WorkCalendar.cached().is_working_day(D(2031, 2, 3))
    override.delete()
    assert WorkCalendar.cached().is_working_day(D(2031, 2, 3))


def test_an_item_chosen_twice_is_refused_not_a_server_error(scene):
    with pytest.raises(ValidationError) as error:
        scene.submit(items=[scene.item_a, scene.item_a])
    assert "重复" in error.value.message_dict["items"][0]
    assert not ApprovalCase.objects.exists()
