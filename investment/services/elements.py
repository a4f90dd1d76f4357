"""Element guarantees (要素保障): land (标准地), finance (政银企对接), talent (人才新政) per project.

Raised by the office or the project's own people (task force, service commissioner), each with
a responsible department and a deadline; the department's staff (or the office) take it up,
and close it as guaranteed (with the result) or declined (with the reason). Checked here,
saved atomically, kept in history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import user_roles
from approvals.services.common import now_and_today
from liuyang.policies import policy_for, require
from projects.models import Project
from projects.policies import project_scope_q

from ..choices import OPEN_ELEMENT_STATUSES, ElementKind, ElementStatus
from ..models import ElementRequest

#: what each kind must say
REQUIRED = {
    ElementKind.LAND: ("land_area",),
    ElementKind.FINANCE: ("bank", "amount"),
    ElementKind.TALENT: ("benefit", "headcount"),
}
KIND_FIELDS = {"land_area", "standard_land", "bank", "amount", "benefit", "headcount"}


def may_raise(user, project):
    policy = policy_for(ElementRequest)
    if not policy.can_add(user):
        return False
    if policy.writes_all(user):
        return True
    q = project_scope_q(user, user_roles(user))
    return Project.objects.filter(pk=project.pk).filter(q).exists()


@transaction.atomic
def raise_request(user, project, *, kind, title, responsible_unit, deadline, detail="", at=None, **specifics):
    require(may_raise(user, project), _("只有市重点办、项目专班成员和服务专员可以提出要素保障需求。"))
    unknown = set(specifics) - KIND_FIELDS
    if unknown:
        raise ValidationError({name: _("不能在此设置。") for name in unknown})
    _at, today = now_and_today(at)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请写明保障事项。")
    for name in REQUIRED.get(kind, ()):
        if specifics.get(name) in (None, ""):
            errors[name] = _("%(kind)s需求须填写此项。") % {"kind": ElementKind(kind).label}
    if deadline and deadline < today:
        errors["deadline"] = _("办理时限不能早于今天。")
    if errors:
        raise ValidationError(errors)
    request = ElementRequest(
        project=project,
        kind=kind,
        title=title.strip(),
        detail=(detail or "").strip(),
        responsible_unit=responsible_unit,
        deadline=deadline,
        requested_by=user,
        requested_on=today,
        **{name: value for name, value in specifics.items() if value not in (None, "")},
    )
    request.full_clean()
    request._change_reason = "提出要素保障需求"
    request.save()
    return request


def _lock(user, request):
    require(policy_for(ElementRequest).can_change(user, request), _("只有责任部门和市重点办可以办理。"))
    return ElementRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def take_up(user, request):
    request = _lock(user, request)
    if request.status != ElementStatus.SUBMITTED:
        raise ValidationError({"status": _("该需求当前为“%(s)s”。") % {"s": request.get_status_display()}})
    request.status = ElementStatus.IN_PROGRESS
    request._change_reason = "开始办理"
    request.save()
    return request


@transaction.atomic
def close(user, request, *, guaranteed, result, at=None):
    """Close as guaranteed (已保障, with what was done) or declined (不予保障, with why)."""
    request = _lock(user, request)
    _at, today = now_and_today(at)
    if request.status not in OPEN_ELEMENT_STATUSES:
        raise ValidationError({"status": _("该需求已办结。")})
    result = (result or "").strip()
    if not result:
        raise ValidationError(
            {"result": _("请写明办理结果。") if guaranteed else _("请说明不予保障的理由。")}
        )
    request.status = ElementStatus.DONE if guaranteed else ElementStatus.DECLINED
    request.result, request.done_on = result, today
    request._change_reason = "已保障" if guaranteed else "不予保障"
    request.save()
    return request
