"""Investment leads (招商线索): 线索 → 接洽 → 考察 → 谈判 → 签约 → 落地, or dropped with a reason.

Every move is checked here (the office, or a member of the lead's team), saved atomically,
journalled and kept in the lead's history. Signing turns the lead into a key project in the
reserve pool, pre-filled from the lead and linked both ways.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, user_roles
from approvals.services.common import now_and_today
from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for, require
from projects.choices import ProjectStage
from projects.models import Project

from ..choices import OPEN_STAGES, PIPELINE, JournalKind, LeadStage
from ..models import InvestmentLead, InvestmentTeam, LeadJournal

#: fields of a lead its team may edit directly (stage, project and dates move through the actions)
EDITABLE = (
    "company",
    "region",
    "link",
    "mode",
    "team",
    "owner",
    "project_name",
    "intended_investment",
    "contact_person",
    "next_step",
    "next_step_due",
)


def in_team(user, team):
    return team.leader_id == user.pk or team.members.filter(pk=user.pk).exists()


def _check_team(user, team, field="team"):
    policy = policy_for(InvestmentLead)
    if policy.writes_all(user):
        return
    if Role.INVESTMENT_TEAM not in user_roles(user) or not in_team(user, team):
        raise ValidationError({field: _("只能为本人所在的招商小分队录入或调整线索。")})


def _check_owner(team, owner):
    if owner.pk != team.leader_id and not team.members.filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("负责人须是该招商小分队的成员。")})


def _journal(lead, kind, user, at, on, text, **extra):
    return LeadJournal.objects.create(lead=lead, kind=kind, actor=user, at=at, on=on, text=text, **extra)


def _lock(lead, user, expected_version=None):
    require(policy_for(InvestmentLead).can_change(user, lead), _("只能推进本人所在招商小分队的线索。"))
    lead = InvestmentLead.objects.select_for_update().get(pk=lead.pk)
    if expected_version is not None and int(expected_version) != lead.version:
        raise ConflictError()
    return lead


def _save(lead, reason):
    lead.version += 1
    lead.full_clean()
    lead._change_reason = reason
    lead.save()
    return lead


@transaction.atomic
def create(user, *, at=None, **fields):
    """Record a new lead (stage 线索) for one of the user's teams (any team for the office)."""
    require(policy_for(InvestmentLead).can_add(user), _("只有市重点办和招商小分队可以录入线索。"))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: _("不能在此设置。") for name in unknown})
    at, today = now_and_today(at)
    team = fields.get("team")
    if not isinstance(team, InvestmentTeam):
        raise ValidationError({"team": _("请选择招商小分队。")})
    _check_team(user, team)
    fields.setdefault("owner", user)
    _check_owner(team, fields["owner"])
    lead = InvestmentLead(created_by=user, stage=LeadStage.LEAD, **fields)
    lead.full_clean()
    lead._change_reason = "录入线索"
    lead.save()
    _journal(lead, JournalKind.NOTE, user, at, today, _("录入线索：%(company)s") % {"company": lead.company})
    return lead


@transaction.atomic
def update(user, lead, *, reason="", expected_version=None, **fields):
    lead = _lock(lead, user, expected_version)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: _("不能在此修改。") for name in unknown})
    if lead.stage not in OPEN_STAGES and set(fields) - {"next_step", "next_step_due", "contact_person"}:
        raise ValidationError({"stage": _("已签约或终止的线索只能更新下一步工作。")})
    for name, value in fields.items():
        setattr(lead, name, value)
    if "team" in fields:
        _check_team(user, lead.team)
    if "team" in fields or "owner" in fields:
        _check_owner(lead.team, lead.owner)
    return _save(lead, (reason or "").strip() or "修改线索")


@transaction.atomic
def record_contact(
    user, lead, *, way, text, on=None, next_step="", next_step_due=None, at=None, expected_version=None
):
    """A contact with the company (拜访、考察、会谈 …) and, usually, the next step and its date."""
    lead = _lock(lead, user, expected_version)
    at, today = now_and_today(at)
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("请写明联系情况。")
    if on and on > today:
        errors["on"] = _("联系日期不能晚于今天。")
    if next_step_due and not (next_step or "").strip():
        errors["next_step"] = _("请写明下一步工作。")
    if errors:
        raise ValidationError(errors)
    _journal(lead, JournalKind.CONTACT, user, at, on or today, text, way=way)
    if (next_step or "").strip():
        lead.next_step, lead.next_step_due = next_step.strip(), next_step_due
    return _save(lead, "联系记录")


@transaction.atomic
def advance(user, lead, *, note, at=None, expected_version=None, next_step="", next_step_due=None):
    """Move an open lead one stage on (线索 → 接洽 → 考察 → 谈判); signing is ``sign``."""
    lead = _lock(lead, user, expected_version)
    at, today = now_and_today(at)
    if lead.stage not in OPEN_STAGES:
        raise ValidationError(
            {"stage": _("线索当前为“%(stage)s”，不能推进。") % {"stage": lead.get_stage_display()}}
        )
    following = PIPELINE[PIPELINE.index(lead.stage) + 1]
    if following == LeadStage.SIGNED:
        raise ValidationError({"stage": _("谈判阶段的线索通过“签约转项目”推进。")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请说明推进情况。")})
    from_stage, lead.stage = lead.stage, following
    if (next_step or "").strip():
        lead.next_step, lead.next_step_due = next_step.strip(), next_step_due
    _save(lead, f"推进至{lead.get_stage_display()}")
    _journal(lead, JournalKind.STAGE, user, at, today, note, from_stage=from_stage, to_stage=lead.stage)
    return lead


@transaction.atomic
def drop(user, lead, *, reason, at=None, expected_version=None):
    lead = _lock(lead, user, expected_version)
    at, today = now_and_today(at)
    if lead.stage not in OPEN_STAGES:
        raise ValidationError(
            {"stage": _("线索当前为“%(stage)s”，不能终止。") % {"stage": lead.get_stage_display()}}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明终止原因。")})
    from_stage, lead.stage, lead.drop_reason = lead.stage, LeadStage.DROPPED, reason[:200]
    lead.next_step, lead.next_step_due = "", None
    _save(lead, "终止线索")
    _journal(lead, JournalKind.DROPPED, user, at, today, reason, from_stage=from_stage, to_stage=lead.stage)
    return lead


def suggested_code(year):
    """The next free project code of the year's series (LY2026-061 …)."""
    prefix = f"LY{year}-"
    numbers = [
        int(match.group(1))
        for code in Project.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if (match := re.fullmatch(rf"{re.escape(prefix)}(\d+)", code))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def sign(
    user,
    lead,
    *,
    code,
    project_type,
    industry,
    town,
    responsible_unit,
    responsible_person,
    tier,
    signed_on=None,
    at=None,
    expected_version=None,
):
    """签约: the lead becomes a key project in the reserve pool (储备), pre-filled from the lead.

    The project's name, owner enterprise, total investment and link come from the lead; the
    office's usual project fields (code, type, industry, town, responsible unit and person) and
    the pool tier are given here. The project and the lead point at each other.
    """
    from reserve.services import enter_pool_for

    lead = _lock(lead, user, expected_version)
    at, today = now_and_today(at)
    if lead.stage != LeadStage.NEGOTIATION:
        raise ValidationError(
            {
                "stage": _("只有谈判阶段的线索可以签约（当前：%(stage)s）。")
                % {"stage": lead.get_stage_display()}
            }
        )
    signed_on = signed_on or today
    if signed_on > today:
        raise ValidationError({"signed_on": _("签约日期不能晚于今天。")})
    if Project.objects.filter(code=code).exists():
        raise ValidationError({"code": _("项目编号“%(code)s”已被使用。") % {"code": code}})
    project = Project(
        code=code,
        name=lead.project_name,
        project_type=project_type,
        industry=industry,
        stage=ProjectStage.PLANNING,
        total_investment=lead.intended_investment,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        owner_enterprise=lead.company,
        town=town,
        description=_("招商引进（%(mode)s，%(region)s）：%(company)s。")
        % {
            "mode": lead.get_mode_display(),
            "region": lead.get_region_display(),
            "company": lead.company,
        },
    )
    project.full_clean()
    project._change_reason = "招商签约转项目"
    project.save()
    enter_pool_for(
        project,
        tier=tier,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        reason=_("招商签约入库：%(company)s") % {"company": lead.company},
        actor=user,
        entered_on=signed_on,
    )
    from_stage = lead.stage
    lead.stage, lead.project, lead.signed_on = LeadStage.SIGNED, project, signed_on
    lead.next_step, lead.next_step_due = "", None
    _save(lead, "签约转项目")
    _journal(
        lead,
        JournalKind.SIGNED,
        user,
        at,
        signed_on,
        _("签约，转为重点项目 %(code)s 并纳入储备库。") % {"code": code},
        from_stage=from_stage,
        to_stage=lead.stage,
    )
    return lead


@transaction.atomic
def land(user, lead, *, landed_on=None, note="", at=None, expected_version=None):
    """落地: a signed lead's project has started (the company registered, the site broke ground)."""
    lead = _lock(lead, user, expected_version)
    at, today = now_and_today(at)
    if lead.stage != LeadStage.SIGNED:
        raise ValidationError({"stage": _("只有已签约的线索可以确认落地。")})
    landed_on = landed_on or today
    if landed_on > today or (lead.signed_on and landed_on < lead.signed_on):
        raise ValidationError({"landed_on": _("落地日期须在签约日期与今天之间。")})
    lead.stage, lead.landed_on = LeadStage.LANDED, landed_on
    _save(lead, "确认落地")
    text = (note or "").strip() or _("项目落地。")
    _journal(
        lead,
        JournalKind.STAGE,
        user,
        at,
        landed_on,
        text,
        from_stage=LeadStage.SIGNED,
        to_stage=LeadStage.LANDED,
    )
    return lead


def overdue(queryset, today=None):
    """Open leads whose next step is past its date."""
    today = today or timezone.localdate()
    return queryset.filter(stage__in=OPEN_STAGES, next_step_due__lt=today)
