"""Parallel handling (并联审批): each department moves its own task; the case concludes once, together.

A department starts review, approves (with the document number), rejects
(with the reason) or returns the task for correction (退回补正). An item with
a promised material still outstanding cannot be approved. A supplement past
its deadline suspends its item; supplied within the grace period
(APPROVAL_SUPPLEMENT_GRACE_DAYS working days) the item resumes, otherwise the
case is returned (退件). Time spent suspended or back with the applicant does
not count against the department: the task's due date moves by those working
days. When every task has an answer the case gets its one result (统一反馈).

Text kept in the records (refusal reasons, notes, result notes, notice numbers,
history reasons) is written in Chinese whatever the acting user's language:
it is part of the official file. Messages to the user go through gettext.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for

from ..choices import (
    OPEN_TASK_STATUSES,
    OUTSTANDING_SUPPLEMENT_STATUSES,
    CaseResult,
    CaseStatus,
    SupplementStatus,
    TaskMoveKind,
    TaskStatus,
)
from ..models import ApprovalCase, ApprovalTask, Supplement
from ..workdays import WorkCalendar
from .common import now_and_today, record_move, require, store_upload
from .files import check_file


def _lock_task(task, expected_version=None):
    fresh = ApprovalTask.objects.select_for_update().select_related("case", "item").get(pk=task.pk)
    if expected_version is not None and int(expected_version) != fresh.version:
        raise ConflictError()
    return fresh


def _save(obj, reason):
    obj._change_reason = reason
    obj.save()


def _require_department(user, task):
    require(
        policy_for(ApprovalTask).can_change(user, task),
        _("只有审批部门“%(dept)s”的经办人可以办理此事项。") % {"dept": task.department},
    )


def _require_applicant_side(user, case):
    require(
        policy_for(ApprovalCase).can_change(user, case), _("只有市重点办或该项目的服务专员可以提交材料。")
    )


def _require_open(task, allowed, action):
    if task.status not in allowed:
        raise ValidationError(
            {
                "status": _("事项当前为“%(status)s”，不能%(action)s。")
                % {"status": task.get_status_display(), "action": action}
            }
        )


def _resume_clock(task, calendar, today):
    """End a pause: the working days it lasted push the due date back."""
    if task.paused_since is None:
        return
    paused = calendar.between(task.paused_since, today)
    task.paused_days += paused
    task.due_date = calendar.add(task.due_date, paused) if paused else task.due_date
    task.paused_since = None


def _conclude_task(task, status, calendar, at, today):
    task.status = status
    task.concluded_at = at
    task.concluded_on = today
    task.elapsed_days = max(calendar.between(task.case.accepted_on, today) - task.paused_days, 0)


def _conclude_case_if_done(case, calendar, at):
    """The unified result (统一反馈): only when no task is still open."""
    case = ApprovalCase.objects.select_for_update().get(pk=case.pk)
    tasks = list(case.tasks.all())
    if case.status != CaseStatus.IN_PROGRESS or any(task.status in OPEN_TASK_STATUSES for task in tasks):
        return case
    statuses = {task.status for task in tasks}
    if statuses == {TaskStatus.APPROVED}:
        case.result = CaseResult.APPROVED
    elif TaskStatus.APPROVED in statuses:
        case.result = CaseResult.PARTLY_REJECTED
    else:
        case.result = CaseResult.REJECTED
    case.status = CaseStatus.CONCLUDED
    case.concluded_on = max(task.concluded_on for task in tasks)
    case.elapsed_days = calendar.between(case.accepted_on, case.concluded_on)
    case.serial_days = sum(task.promised_limit for task in tasks)
    lines = []
    for task in sorted(tasks, key=lambda t: (t.item.sort_order, t.pk)):
        if task.status == TaskStatus.APPROVED:
            lines.append(f"{task.item.name}：准予许可，文号 {task.document_number}")
        else:
            lines.append(f"{task.item.name}：不予许可，理由：{task.decision_note}")
    case.result_note = "\n".join(lines)
    _save(case, "统一反馈办理结果")
    return case


@transaction.atomic
def start_review(user, task, *, at=None, expected_version=None):
    """The department takes the task up (待审查 → 审查中)."""
    _require_department(user, task)
    at, _today = now_and_today(at)
    task = _lock_task(task, expected_version)
    _require_open(task, (TaskStatus.PENDING,), _("开始审查"))
    task.status = TaskStatus.REVIEWING
    task.started_at = at
    _save(task, "开始审查")
    record_move(task, TaskMoveKind.STARTED, TaskStatus.PENDING, user, at)
    return task


def _take_up(user, task, at):
    """Approving or rejecting a pending task starts its review first, on the record."""
    if task.status == TaskStatus.PENDING:
        task.status = TaskStatus.REVIEWING
        task.started_at = at
        record_move(task, TaskMoveKind.STARTED, TaskStatus.PENDING, user, at)


@transaction.atomic
def approve(user, task, *, document_number, note="", at=None, expected_version=None):
    """Approve with the document number; refused while a promised material is outstanding."""
    _require_department(user, task)
    at, today = now_and_today(at)
    task = _lock_task(task, expected_version)
    _require_open(task, (TaskStatus.PENDING, TaskStatus.REVIEWING), _("准予许可"))
    document_number = (document_number or "").strip()
    if not document_number:
        raise ValidationError({"document_number": _("准予许可须填写批文或证照编号。")})
    outstanding = list(
        task.supplements.filter(status__in=OUTSTANDING_SUPPLEMENT_STATUSES).select_related("material")
    )
    if outstanding:
        raise ValidationError(
            {
                "status": _("容缺材料“%(materials)s”尚未补齐，补齐后方可出具审批结果。")
                % {"materials": "、".join(s.material.name for s in outstanding)}
            }
        )
    calendar = WorkCalendar.load()
    _take_up(user, task, at)
    task.document_number = document_number
    task.decision_note = (note or "").strip()
    _conclude_task(task, TaskStatus.APPROVED, calendar, at, today)
    _save(task, "准予许可")
    record_move(task, TaskMoveKind.APPROVED, TaskStatus.REVIEWING, user, at, document_number)
    _conclude_case_if_done(task.case, calendar, at)
    return task


@transaction.atomic
def reject(user, task, *, reason, at=None, expected_version=None):
    """Refuse the item, with the reason; its outstanding supplements are no longer needed."""
    _require_department(user, task)
    at, today = now_and_today(at)
    task = _lock_task(task, expected_version)
    _require_open(task, (TaskStatus.PENDING, TaskStatus.REVIEWING), _("作出不予许可决定"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("不予许可须写明理由。")})
    calendar = WorkCalendar.load()
    _take_up(user, task, at)
    task.decision_note = reason
    _conclude_task(task, TaskStatus.REJECTED, calendar, at, today)
    _save(task, "不予许可")
    record_move(task, TaskMoveKind.REJECTED, TaskStatus.REVIEWING, user, at, reason)
    for supplement in task.supplements.filter(status__in=OUTSTANDING_SUPPLEMENT_STATUSES):
        supplement.status = SupplementStatus.CANCELLED
        _save(supplement, "事项不予许可，无需补齐")
    _conclude_case_if_done(task.case, calendar, at)
    return task


@transaction.atomic
def return_for_correction(user, task, *, reason, at=None, expected_version=None):
    """Send the task back to the applicant for correction (退回补正); its clock stops."""
    _require_department(user, task)
    at, today = now_and_today(at)
    task = _lock_task(task, expected_version)
    _require_open(task, (TaskStatus.PENDING, TaskStatus.REVIEWING), _("退回补正"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("退回补正须写明需要补正的内容。")})
    _take_up(user, task, at)
    task.status = TaskStatus.CORRECTING
    task.paused_since = today
    task.decision_note = reason
    _save(task, "退回补正")
    record_move(task, TaskMoveKind.RETURNED, TaskStatus.REVIEWING, user, at, reason)
    return task


@transaction.atomic
def resubmit_correction(user, task, *, uploads=None, note="", at=None, expected_version=None):
    """The applicant's side sends the corrected materials; review goes on and the clock restarts."""
    _require_applicant_side(user, task.case)
    at, today = now_and_today(at)
    task = _lock_task(task, expected_version)
    _require_open(task, (TaskStatus.CORRECTING,), _("提交补正材料"))
    uploads = dict(uploads or {})
    materials = {m.pk: m for m in task.item.materials.all()}
    errors = {}
    for material_id, upload in uploads.items():
        if material_id not in materials:
            errors[f"material_{material_id}"] = _("该材料不属于事项“%(item)s”。") % {"item": task.item.name}
            continue
        try:
            check_file(upload, f"material_{material_id}", materials[material_id].name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not uploads and not (note or "").strip():
        errors["note"] = _("请上传补正后的材料或说明补正情况。")
    if errors:
        raise ValidationError(errors)
    for material_id, upload in uploads.items():
        store_upload(task.case, materials[material_id], upload, user, at)
    calendar = WorkCalendar.load()
    _resume_clock(task, calendar, today)
    task.status = TaskStatus.REVIEWING
    _save(task, "补正后重新提交")
    record_move(task, TaskMoveKind.CORRECTED, TaskStatus.CORRECTING, user, at, (note or "").strip())
    return task


def _grace_over(calendar, supplement, today):
    return calendar.between(supplement.deadline, today) > settings.APPROVAL_SUPPLEMENT_GRACE_DAYS


def supply(user, supplement, *, upload, at=None):
    """Supply a material accepted on promise. A suspended item resumes; past the grace period, refused.

    Overdue supplements are swept first (in their own transaction) so the case's
    state is current: a case already past its grace period is returned, and
    the supply refused.
    """
    _require_applicant_side(user, supplement.case)
    at, today = now_and_today(at)
    check_file(upload, "file", supplement.material.name)
    sweep_case(supplement.case_id, today=today, at=at)
    with transaction.atomic():
        supplement = (
            Supplement.objects.select_for_update()
            .select_related("case", "material", "task")
            .get(pk=supplement.pk)
        )
        if supplement.status not in OUTSTANDING_SUPPLEMENT_STATUSES:
            raise ValidationError(
                {
                    "file": _("该材料当前为“%(status)s”，无需再提交。")
                    % {"status": supplement.get_status_display()}
                }
            )
        calendar = WorkCalendar.load()
        saved = store_upload(supplement.case, supplement.material, upload, user, at)
        supplement.status = SupplementStatus.SUPPLIED
        supplement.supplied_at = at
        supplement.upload = saved
        _save(supplement, "容缺材料补齐")
        task = _lock_task(supplement.task)
        record_move(task, TaskMoveKind.SUPPLEMENTED, task.status, user, at, supplement.material.name)
        still_overdue = task.supplements.filter(status=SupplementStatus.OVERDUE).exists()
        if task.status == TaskStatus.SUSPENDED and not still_overdue:
            resume_to = task.resume_status or TaskStatus.PENDING
            if resume_to != TaskStatus.CORRECTING:
                _resume_clock(task, calendar, today)
            task.status = resume_to
            task.resume_status = ""
            _save(task, "补齐后恢复办理")
            record_move(task, TaskMoveKind.RESUMED, TaskStatus.SUSPENDED, user, at)
        return supplement


def _suspend(task, supplement, at):
    if task.status == TaskStatus.SUSPENDED or task.status not in OPEN_TASK_STATUSES:
        return False
    from_status = task.status
    task.resume_status = from_status
    task.status = TaskStatus.SUSPENDED
    if task.paused_since is None:
        task.paused_since = supplement.deadline
    _save(task, "容缺材料逾期未补齐，中止办理")
    record_move(
        task,
        TaskMoveKind.SUSPENDED,
        from_status,
        None,
        at,
        f"“{supplement.material.name}”逾期未补齐（期限 {supplement.deadline}）",
    )
    return True


def _return_case(case, lapsed, calendar, at, today):
    case.status = CaseStatus.RETURNED
    case.result = CaseResult.RETURNED
    case.concluded_on = today
    case.elapsed_days = calendar.between(case.accepted_on, today)
    case.result_note = (
        f"容缺材料“{'、'.join(s.material.name for s in lapsed)}”逾期 "
        f"{settings.APPROVAL_SUPPLEMENT_GRACE_DAYS} 个工作日仍未补齐，予以退件。"
    )
    _save(case, "逾期未补齐，退件")
    for supplement in case.supplements.filter(status__in=OUTSTANDING_SUPPLEMENT_STATUSES):
        supplement.status = SupplementStatus.LAPSED
        _save(supplement, "逾期未补齐，退件")
    for task in case.tasks.filter(status__in=OPEN_TASK_STATUSES).select_related("case"):
        from_status = task.status
        task.status = TaskStatus.WITHDRAWN
        task.concluded_at = at
        task.concluded_on = today
        _save(task, "申报件退件，终止办理")
        record_move(task, TaskMoveKind.WITHDRAWN, from_status, None, at, case.result_note)


def _sweep_moment(today, at):
    """(at, today) of a sweep: a sweep for a past day is recorded at that day's start."""
    if at is None and today is not None and today != timezone.localdate():
        at = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    at, local_today = now_and_today(at)
    return at, today or local_today


def sweep_case(case_id, *, today=None, at=None):
    """Apply the supplement deadlines to one case; returns {"suspended": n, "returned": 0/1}."""
    at, today = _sweep_moment(today, at)
    done = {"suspended": 0, "returned": 0}
    with transaction.atomic():
        case = (
            ApprovalCase.objects.select_for_update().filter(pk=case_id, status=CaseStatus.IN_PROGRESS).first()
        )
        if case is None:
            return done
        calendar = WorkCalendar.load()
        open_supplements = list(
            case.supplements.filter(status__in=OUTSTANDING_SUPPLEMENT_STATUSES, deadline__lt=today)
            .select_related("material", "task__case")
            .order_by("deadline", "pk")
        )
        lapsed = [s for s in open_supplements if _grace_over(calendar, s, today)]
        if lapsed:
            _return_case(case, lapsed, calendar, at, today)
            done["returned"] = 1
            return done
        for supplement in open_supplements:
            if supplement.status == SupplementStatus.PENDING:
                supplement.status = SupplementStatus.OVERDUE
                supplement.overdue_since = supplement.deadline
                _save(supplement, "逾期未补齐")
            task = ApprovalTask.objects.select_for_update().select_related("case").get(pk=supplement.task_id)
            if _suspend(task, supplement, at):
                done["suspended"] += 1
    return done


def sweep_supplements(*, today=None, at=None):
    """Apply the supplement deadlines to every open case with a supplement past due.

    Safe to run any number of times: a supplement turns overdue once, a task is
    suspended once, a case is returned once. Returns totals.
    """
    at, today = _sweep_moment(today, at)
    case_ids = (
        Supplement.objects.filter(
            status__in=OUTSTANDING_SUPPLEMENT_STATUSES,
            deadline__lt=today,
            case__status=CaseStatus.IN_PROGRESS,
        )
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("case_id")
    )
    totals = {"cases": 0, "suspended": 0, "returned": 0}
    for case_id in list(case_ids):
        done = sweep_case(case_id, today=today, at=at)
        totals["cases"] += 1
        totals["suspended"] += done["suspended"]
        totals["returned"] += done["returned"]
    return totals
