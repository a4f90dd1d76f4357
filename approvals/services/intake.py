"""The single window (一网通办): a case is submitted once and intake decides at once.

- every required material present → accepted (受理);
- main materials complete, some secondary ones that may come later missing →
  accepted with deficiencies (容缺受理): a promise letter (承诺书) signed by the
  legal representative is recorded, each missing material gets a supplement
  deadline no later than its item's promised completion, and a notice
  (容缺受理通知书) is issued;
- any main material missing (or a secondary one that may not come later) →
  not accepted (不予受理), with the complete list of what is missing;
- an applicant on the dishonesty list, or one that broke an earlier promise,
  may not use 容缺: missing secondary materials then mean not accepted.

On acceptance one task per item goes to its department at once (并联审批).

Text kept in the records (refusal reasons, notes, result notes, notice numbers,
history reasons) is written in Chinese whatever the acting user's language:
it is part of the official file. Messages to the user go through gettext.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import Role, user_roles
from liuyang.policies import policy_for
from projects.models import Project
from projects.policies import project_scope_q

from ..choices import (
    OPEN_TASK_STATUSES,
    CaseResult,
    CaseStatus,
    IntakeOutcome,
    MaterialKind,
    SupplementStatus,
    TaskMoveKind,
    TaskStatus,
)
from ..models import (
    ApprovalCase,
    ApprovalTask,
    DishonestApplicant,
    ItemMaterial,
    Supplement,
)
from ..workdays import WorkCalendar
from .common import now_and_today, record_move, require, store_upload
from .files import check_file


def material_field(material_id):
    """The form/API field name that carries a material's file."""
    return f"material_{material_id}"


def deadline_field(material_id):
    return f"deadline_{material_id}"


def submittable_projects(user):
    """The projects a user may submit cases for: all for the office, a commissioner's own."""
    policy = policy_for(ApprovalCase)
    if not policy.can_add(user):
        return Project.objects.none()
    if policy.writes_all(user):
        return Project.objects.all()
    roles = user_roles(user) & {Role.SERVICE_COMMISSIONER}
    return Project.objects.filter(project_scope_q(user, roles))


def applicant_bar(applicant_name, credit_code="", today=None):
    """Why this applicant may not use 容缺, or "" if they may.

    Barred: listed as dishonest (失信) and not lifted, or an earlier case
    returned because a promised material never came (APPROVAL_BROKEN_PROMISE_BAR_DAYS).
    """
    today = today or datetime.date.today()
    same = Q(name=applicant_name)
    if credit_code:
        same |= Q(credit_code=credit_code)
    listed = (
        DishonestApplicant.objects.filter(same, listed_on__lte=today)
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=today))
        .first()
    )
    if listed:
        return f"申请人列入失信名单（{listed.reason}），不适用容缺受理。"
    same_case = Q(applicant_name=applicant_name)
    if credit_code:
        same_case |= Q(applicant_credit_code=credit_code)
    since = today - datetime.timedelta(days=settings.APPROVAL_BROKEN_PROMISE_BAR_DAYS)
    broken = (
        ApprovalCase.objects.filter(same_case, result=CaseResult.RETURNED, concluded_on__gte=since)
        .filter(supplements__status=SupplementStatus.LAPSED)
        .order_by("-concluded_on")
        .first()
    )
    if broken:
        return (
            f"申请人在申报件 {broken.code} 中未按承诺补齐材料被退件，"
            f"{settings.APPROVAL_BROKEN_PROMISE_BAR_DAYS} 日内不适用容缺受理。"
        )
    return ""


def _missing_entry(material, may_come_later):
    return {
        "item_id": material.item_id,
        "item": material.item.name,
        "material_id": material.pk,
        "material": material.name,
        "kind": material.kind,
        "may_supply_later": may_come_later,
    }


def _new_code(prefix, model_field="code"):
    taken = ApprovalCase.objects.filter(**{f"{model_field}__startswith": prefix}).count()
    return f"{prefix}{taken + 1:03d}"


def _validate(user, project, stage, items, uploads, applicant_name):
    errors = {}
    if not submittable_projects(user).filter(pk=project.pk).exists():
        require(False, _("您不能为该项目申报审批事项。"))
    if not applicant_name.strip():
        errors["applicant_name"] = _("请填写申请人。")
    if not items:
        errors["items"] = _("请至少选择一个审批事项。")
    repeated = sorted({item.name for item in items if items.count(item) > 1})
    if repeated:
        errors["items"] = _("审批事项“%(items)s”重复。") % {"items": "、".join(repeated)}
    wrong_stage = [item.name for item in items if item.stage_id != stage.pk]
    if wrong_stage:
        errors["items"] = _("事项“%(items)s”不属于“%(stage)s”阶段。") % {
            "items": "、".join(wrong_stage),
            "stage": stage.name,
        }
    inactive = [item.name for item in items if not item.is_active]
    if inactive:
        errors["items"] = _("事项“%(items)s”已停用。") % {"items": "、".join(inactive)}
    in_progress = (
        ApprovalTask.objects.filter(case__project=project, item__in=items, status__in=OPEN_TASK_STATUSES)
        .select_related("case", "item")
        .order_by("pk")
    )
    busy = [f"{task.item.name}（{task.case.code}）" for task in in_progress]
    if busy:
        errors["items"] = _("以下事项已有在办申报件，不能重复申报：%(items)s。") % {"items": "、".join(busy)}
    materials = {m.pk: m for m in ItemMaterial.objects.filter(item__in=items).select_related("item")}
    unknown = [key for key in uploads if key not in materials]
    if unknown:
        errors["materials"] = _("上传的材料不属于所选事项（材料编号 %(ids)s）。") % {
            "ids": "、".join(str(key) for key in unknown)
        }
    for material_id, upload in uploads.items():
        if material_id in materials:
            try:
                check_file(upload, material_field(material_id), materials[material_id].name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return materials


@transaction.atomic
def submit_case(
    user,
    *,
    project,
    stage,
    items,
    uploads,
    applicant_name,
    applicant_credit_code="",
    legal_representative="",
    contact_person="",
    contact_phone="",
    promise_signed_by="",
    promise_letter=None,
    supplement_deadlines=None,
    at=None,
):
    """Submit a case at the single window and decide intake. Returns the saved case.

    ``uploads`` maps material id → uploaded file; ``supplement_deadlines`` may set,
    per missing material id, a deadline earlier than the item's promised completion.
    Raises PermissionDenied or ValidationError (keyed by field) and saves nothing then.
    """
    at, today = now_and_today(at)
    items = list(items)
    uploads = dict(uploads or {})
    supplement_deadlines = dict(supplement_deadlines or {})
    materials = _validate(user, project, stage, items, uploads, applicant_name)

    missing_now, missing_later = [], []
    for material in sorted(materials.values(), key=lambda m: (m.item.sort_order, m.sort_order, m.pk)):
        if material.pk in uploads:
            continue
        if material.kind == MaterialKind.SECONDARY and material.may_supply_later:
            missing_later.append(material)
        else:
            missing_now.append(material)

    outcome, refusal = IntakeOutcome.ACCEPTED, ""
    if missing_now:
        outcome = IntakeOutcome.NOT_ACCEPTED
        refusal = "主要材料不齐全，不予受理。请按清单补齐后重新申报。"
    elif missing_later:
        bar = applicant_bar(applicant_name, applicant_credit_code, today)
        if bar:
            outcome, refusal = IntakeOutcome.NOT_ACCEPTED, bar
        else:
            outcome = IntakeOutcome.DEFICIENT

    calendar = WorkCalendar.load()
    accepted_on = calendar.next_working_day(today) if outcome != IntakeOutcome.NOT_ACCEPTED else None
    due = {item.pk: calendar.add(accepted_on, item.promised_limit) for item in items} if accepted_on else {}
    deadlines = {}
    if outcome == IntakeOutcome.DEFICIENT:
        errors = {}
        if not promise_signed_by.strip():
            errors["promise_signed_by"] = _(
                "缺少次要材料时，须由法定代表人签署容缺受理承诺书，请填写签署人。"
            )
        if promise_letter is None:
            errors["promise_letter"] = _("缺少次要材料时，须上传法定代表人签署的容缺受理承诺书。")
        else:
            try:
                check_file(promise_letter, "promise_letter", _("承诺书"))
            except ValidationError as exc:
                errors.update(exc.message_dict)
        for material in missing_later:
            latest = due[material.item_id]
            chosen = supplement_deadlines.get(material.pk) or latest
            if chosen > latest:
                errors[deadline_field(material.pk)] = _(
                    "“%(material)s”的补齐期限不得晚于事项“%(item)s”的承诺办结日 %(latest)s。"
                ) % {"material": material.name, "item": material.item.name, "latest": latest}
            elif chosen < accepted_on:
                errors[deadline_field(material.pk)] = _(
                    "“%(material)s”的补齐期限不得早于受理日 %(day)s。"
                ) % {
                    "material": material.name,
                    "day": accepted_on,
                }
            deadlines[material.pk] = chosen
        if errors:
            raise ValidationError(errors)

    case = ApprovalCase(
        project=project,
        stage=stage,
        applicant_name=applicant_name.strip(),
        applicant_credit_code=applicant_credit_code.strip(),
        legal_representative=legal_representative.strip(),
        contact_person=contact_person.strip(),
        contact_phone=contact_phone.strip(),
        submitted_by=user,
        submitted_at=at,
        intake_outcome=outcome,
        status=CaseStatus.NOT_ACCEPTED if outcome == IntakeOutcome.NOT_ACCEPTED else CaseStatus.IN_PROGRESS,
        accepted_on=accepted_on,
        missing=[_missing_entry(m, False) for m in missing_now]
        + [_missing_entry(m, True) for m in missing_later]
        if outcome == IntakeOutcome.NOT_ACCEPTED
        else [_missing_entry(m, True) for m in missing_later],
        refusal_reason=refusal,
    )
    if outcome == IntakeOutcome.DEFICIENT:
        case.promise_signed_by = promise_signed_by.strip()
        case.promise_signed_on = today
    case._change_reason = "一窗受理"
    prefix = f"SP{today:%Y%m%d}"
    for _attempt in range(5):
        case.code = _new_code(prefix)
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            continue
    else:
        raise IntegrityError("could not allocate a case code")
    if outcome == IntakeOutcome.DEFICIENT:
        case.notice_number = f"浏容缺〔{today.year}〕{case.code}号"
        case.promise_letter.save(promise_letter.name, promise_letter, save=False)
        case._change_reason = "容缺受理：承诺书及通知书"
        case.save()
    case.items.set(items)

    for material_id, upload in uploads.items():
        store_upload(case, materials[material_id], upload, user, at)

    if outcome == IntakeOutcome.NOT_ACCEPTED:
        return case

    tasks = {}
    for item in items:
        task = ApprovalTask.objects.create(
            case=case,
            item=item,
            department_id=item.department_id,
            promised_limit=item.promised_limit,
            assigned_at=at,
            due_date=due[item.pk],
        )
        record_move(task, TaskMoveKind.ASSIGNED, "", user, at, f"并联分发至{item.department}")
        tasks[item.pk] = task
    for material in missing_later:
        Supplement.objects.create(
            case=case, task=tasks[material.item_id], material=material, deadline=deadlines[material.pk]
        )
    assert all(task.status == TaskStatus.PENDING for task in tasks.values())
    return case


def notice(case):
    """The content of the notice of acceptance with deficiencies (容缺受理通知书)."""
    grace = settings.APPROVAL_SUPPLEMENT_GRACE_DAYS
    supplements = list(case.supplements.select_related("material__item").order_by("deadline", "pk"))
    return {
        "number": case.notice_number,
        "window": settings.APPROVAL_WINDOW_NAME,
        "case": case,
        "supplements": supplements,
        "form": _("纸质原件或加盖公章的电子件，通过一窗受理窗口或本平台提交"),
        "consequence": _(
            "逾期未补齐的，相关事项中止办理；中止之日起 %(grace)s 个工作日内补齐的恢复办理，"
            "逾期仍未补齐的，申报件予以退件，申请人 %(days)s 日内不再适用容缺受理。"
        )
        % {"grace": grace, "days": settings.APPROVAL_BROKEN_PROMISE_BAR_DAYS},
    }
