"""Fault tolerance and correction (容错纠错): 申请 → 受理 → 核实 → 认定 → 报备.

A unit (its staff) or the office files an application against an accountability
outcome — or before acting (事前容错报备) — stating the facts and addressing the
three conditions: in line with policy direction, for the public good, no private
gain; and whether it was a first trial (先行先试). The office accepts (or not),
verifies, determines and files. The determination changes the published outcome:
免责 (exempt) → no outcome; 从轻减轻 (mitigate) → accountability becomes an
interview reminder; 不予容错 (refuse) → unchanged. The original outcome stays on
the application and in the result's history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, user_roles
from liuyang.policies import policy_for
from projects.models import Project, TaskForceMember

from ..choices import OutcomeKind, PeriodStatus, ToleranceDecision, ToleranceStep
from ..models import AssessmentPeriod, FaultToleranceApplication, ProjectAssessment

#: what each decision makes of an accountability outcome
EFFECT = {
    ToleranceDecision.EXEMPT: OutcomeKind.NONE,
    ToleranceDecision.MITIGATE: OutcomeKind.INTERVIEW,
}
CONDITIONS = ("facts", "policy_direction", "public_good", "no_private_gain")


def involved_projects(unit):
    """The projects a unit may file before acting on: those it is responsible for or whose task
    force it sits on (自然资源局 supplying a park project's land, say)."""
    seats = TaskForceMember.objects.filter(Q(unit=unit) | Q(unit__isnull=True, user__unit=unit))
    return Project.objects.filter(Q(responsible_unit=unit) | Q(pk__in=seats.values("task_force__project")))


def _office(user):
    return policy_for(AssessmentPeriod).writes_all(user)


def _require_office(user):
    if not _office(user):
        raise PermissionDenied(_("只有市重点办可以办理容错纠错申请。"))


@transaction.atomic
def apply(user, *, project, unit, result=None, first_trial=False, at=None, **statements):
    """File an application (against ``result``'s accountability outcome, or before acting)."""
    if not (_office(user) or (Role.DEPARTMENT_STAFF in user_roles(user) and user.unit_id == unit.pk)):
        raise PermissionDenied(_("只能以本单位名义申请容错。"))
    errors = {name: _("请填写此项。") for name in CONDITIONS if not (statements.get(name) or "").strip()}
    if result is None and not _office(user) and not involved_projects(unit).filter(pk=project.pk).exists():
        errors["project"] = _("只能对本单位负责或参与专班的项目事前报备。")
    if result is not None:
        if result.project_id != project.pk or result.responsible_unit_id != unit.pk:
            errors["result"] = _("考核结果与项目或申请单位不符。")
        elif result.period.status != PeriodStatus.PUBLISHED:
            errors["result"] = _("考核结果尚未公布，公布后才能申请容错。")
        elif result.outcome != OutcomeKind.ACCOUNTABILITY:
            errors["result"] = _("只有被问责的考核结果可以申请容错。")
    if errors:
        raise ValidationError(errors)
    application = FaultToleranceApplication(
        result=result,
        project=project,
        unit=unit,
        applicant=user,
        before_acting=result is None,
        first_trial=first_trial,
        applied_at=at or timezone.now(),
        original_outcome=result.outcome if result else "",
        **{name: statements[name].strip() for name in CONDITIONS},
    )
    application._change_reason = "事前容错报备" if result is None else "申请容错"
    application.save()
    return application


def _move(application, expected, to, reason):
    if application.step != expected:
        raise ValidationError(
            {"step": _("申请当前处于“%(step)s”环节。") % {"step": application.get_step_display()}}
        )
    application.step = to
    application._change_reason = reason
    application.save()
    return application


@transaction.atomic
def accept(user, application, *, accept=True, reason=""):
    _require_office(user)
    application = FaultToleranceApplication.objects.select_for_update().get(pk=application.pk)
    if not accept:
        if not (reason or "").strip():
            raise ValidationError({"reason": _("不予受理须说明理由。")})
        application.decision_reason = reason.strip()
        return _move(application, ToleranceStep.APPLIED, ToleranceStep.NOT_ACCEPTED, "不予受理")
    return _move(application, ToleranceStep.APPLIED, ToleranceStep.ACCEPTED, "受理")


@transaction.atomic
def verify(user, application, *, findings):
    _require_office(user)
    application = FaultToleranceApplication.objects.select_for_update().get(pk=application.pk)
    if not (findings or "").strip():
        raise ValidationError({"findings": _("请填写核实情况。")})
    application.verification = findings.strip()
    return _move(application, ToleranceStep.ACCEPTED, ToleranceStep.VERIFIED, "核实")


@transaction.atomic
def determine(user, application, *, decision, reason):
    """The decision; for an application against a result, it changes the result's outcome."""
    _require_office(user)
    application = FaultToleranceApplication.objects.select_for_update().get(pk=application.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明认定理由。")})
    application.decision = decision
    application.decision_reason = reason.strip()
    if application.result_id:
        result = ProjectAssessment.objects.select_for_update().get(pk=application.result_id)
        adjusted = EFFECT.get(decision, result.outcome)
        application.adjusted_outcome = adjusted
        if adjusted != result.outcome:
            result.outcome = adjusted
            result.outcome_reason = f"容错纠错认定：{application.get_decision_display()}（{reason.strip()}）"[
                :200
            ]
            result._change_reason = "容错纠错认定"
            result.save()
    return _move(application, ToleranceStep.VERIFIED, ToleranceStep.DETERMINED, "认定")


@transaction.atomic
def file(user, application, *, filed_to):
    """报备: the determination is filed with the discipline inspection and organisation departments."""
    _require_office(user)
    application = FaultToleranceApplication.objects.select_for_update().get(pk=application.pk)
    if not (filed_to or "").strip():
        raise ValidationError({"filed_to": _("请填写报备单位。")})
    application.filed_to = filed_to.strip()
    return _move(application, ToleranceStep.DETERMINED, ToleranceStep.FILED, "报备")
