"""Raising and handling ledger issues (问题清零): 交办 → 办理中 → 待销号 → 已销号, and reopening.

Routing at intake by nature: an ordinary problem stays with the responsible
unit (level 1); a cross-department one goes to the key-project office to
coordinate (2); a complex one to a city leader who leads it (3, the leader
named); one that needs support from higher up is reported upward (4).
Closing off needs a resolution with evidence and the office's verification.

Text kept in the records (journal entries written by the platform, history
reasons) is in Chinese whatever the acting user's language.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Role, user_roles
from approvals.services.common import now_and_today
from approvals.services.files import check_file
from liuyang.exceptions import ConflictError
from liuyang.policies import policy_for, require
from notifications.choices import NotificationKind
from notifications.services import notify_many
from projects.models import Project
from projects.policies import project_scope_q

from ..choices import NATURE_LEVEL, IssueLevel, IssueNature, IssueSource, IssueStatus, JournalKind
from ..models import IssueEvidence, IssueJournal, LedgerIssue
from .people import office_users, unit_staff


def journal(issue, kind, actor, at, text="", *, from_status="", from_level=None, to_level=None):
    return IssueJournal.objects.create(
        issue=issue,
        kind=kind,
        text=text,
        from_status=from_status,
        to_status=issue.status if from_status else "",
        from_level=from_level,
        to_level=to_level,
        actor=actor,
        at=at,
    )


def people_of(issue):
    """Who hears about an issue: its responsible person, its unit's staff, and its leader at level 3+."""
    people = [
        issue.responsible_person,
        *unit_staff([issue.responsible_unit_id]).get(issue.responsible_unit_id, []),
    ]
    if issue.level >= IssueLevel.LEADER and issue.leader:
        people.append(issue.leader)
    if issue.level >= IssueLevel.OFFICE:
        people.extend(office_users())
    return people


def _message(issue, kind, key, title, body=""):
    return {"kind": kind, "key": key, "title": title, "body": body, "url": issue.get_absolute_url()}


def raisable_projects(user):
    """Projects a user may raise issues on: every project for the office, else their project scope."""
    policy = policy_for(LedgerIssue)
    if not policy.can_add(user):
        return Project.objects.none()
    if policy.writes_all(user):
        return Project.objects.all()
    return Project.objects.filter(project_scope_q(user, user_roles(user)))


def _lock(issue, expected_version=None):
    fresh = (
        LedgerIssue.objects.select_for_update(of=("self",))
        .select_related("responsible_unit", "leader")
        .get(pk=issue.pk)
    )
    if expected_version is not None and int(expected_version) != fresh.version:
        raise ConflictError()
    return fresh


def _save(issue, reason):
    issue._change_reason = reason
    issue.save()


def check_issue(issue, today=None):
    """Cross-field rules of an issue, as a ValidationError keyed by field."""
    errors = {}
    if issue.deadline and issue.raised_on and issue.deadline < issue.raised_on:
        errors["deadline"] = _("办结时限不能早于提出日期。")
    if issue.nature == IssueNature.COMPLEX and not issue.leader_id:
        errors["leader"] = _("复杂问题须明确领办的市级领导。")
    if issue.leader_id and not issue.leader.groups.filter(name=Role.CITY_LEADER).exists():
        errors["leader"] = _("领办人须为市级领导。")
    if issue.responsible_person_id and issue.responsible_person.unit_id != issue.responsible_unit_id:
        errors["responsible_person"] = _("责任人须为责任单位的人员。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def raise_issue(
    user,
    *,
    project,
    title,
    category,
    responsible_unit,
    deadline,
    nature=IssueNature.ORDINARY,
    description="",
    source=IssueSource.OTHER,
    responsible_person=None,
    leader=None,
    listed=False,
    action_item=None,
    at=None,
):
    """Record a problem and assign it (交办) at the level its nature calls for; notify its people."""
    require(raisable_projects(user).filter(pk=project.pk).exists(), _("您不能为该项目登记问题。"))
    if listed:
        require(policy_for(LedgerIssue).writes_all(user), _("只有市重点办可以挂牌督办。"))
    at, today = now_and_today(at)
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写问题。")})
    issue = LedgerIssue(
        project=project,
        title=title.strip(),
        description=(description or "").strip(),
        category=category,
        source=source,
        action_item=action_item,
        nature=nature,
        raised_by=user,
        raised_on=today,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        leader=leader,
        deadline=deadline,
        level=NATURE_LEVEL[nature],
        listed=listed,
    )
    check_issue(issue, today)
    _save(issue, "登记交办")
    journal(
        issue,
        JournalKind.RAISED,
        user,
        at,
        f"交办{responsible_unit}，{issue.get_level_display()}",
        to_level=issue.level,
    )
    notify_many(
        [
            (
                people_of(issue),
                _message(
                    issue,
                    NotificationKind.ISSUE_ASSIGNED,
                    f"issue:{issue.pk}:assigned",
                    f"问题交办：{issue.title}",
                    f"{project.name}｜办结时限 {deadline}",
                ),
            )
        ]
    )
    return issue


def issue_from_action_item(
    user, action_item, *, category, nature=IssueNature.ORDINARY, deadline=None, leader=None, at=None
):
    """Turn a dispatch meeting's action item into a ledger issue, linked both ways (one click)."""
    if getattr(action_item, "ledger_issue", None) is not None:
        raise ValidationError({"action_item": _("该交办事项已转为问题清单中的问题。")})
    project = action_item.meeting.task_force.project
    owner = action_item.owner
    unit = (
        action_item.owner_unit
        or (owner.unit if owner and owner.unit_id else None)
        or project.responsible_unit
    )
    return raise_issue(
        user,
        project=project,
        title=action_item.title,
        description=action_item.note,
        category=category,
        source=IssueSource.ACTION_ITEM,
        nature=nature,
        responsible_unit=unit,
        responsible_person=owner if owner and owner.unit_id == unit.pk else None,
        deadline=deadline or action_item.due_date,
        leader=leader,
        action_item=action_item,
        at=at,
    )


def _require_handler(user, issue):
    require(
        policy_for(LedgerIssue).can_change(user, issue),
        _("只有责任单位“%(unit)s”的人员或市重点办可以办理此问题。") % {"unit": issue.responsible_unit},
    )


def _require_office(user, message):
    require(policy_for(LedgerIssue).writes_all(user), message)


@transaction.atomic
def add_update(user, issue, *, text, at=None, expected_version=None):
    """Record progress (办理进展); a newly assigned issue is then being handled (办理中)."""
    _require_handler(user, issue)
    at, _today = now_and_today(at)
    issue = _lock(issue, expected_version)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写办理进展。")})
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"text": _("问题已销号；如需继续办理，请由市重点办重新打开。")})
    if issue.status == IssueStatus.ASSIGNED:
        issue.status = IssueStatus.IN_PROGRESS
        _save(issue, "开始办理")
        journal(issue, JournalKind.ACCEPTED, user, at, from_status=IssueStatus.ASSIGNED)
    journal(issue, JournalKind.UPDATE, user, at, text)
    return issue


@transaction.atomic
def resolve(user, issue, *, resolution, files=(), at=None, expected_version=None):
    """Ask for closing off (提请销号): the resolution and its evidence (documents, photos, minutes)."""
    _require_handler(user, issue)
    at, today = now_and_today(at)
    files = list(files or ())
    for index, upload in enumerate(files):
        check_file(upload, "files", _("第 %(n)s 个佐证文件") % {"n": index + 1})
    issue = _lock(issue, expected_version)
    if issue.status not in (IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS):
        raise ValidationError(
            {"status": _("问题当前为“%(status)s”，不能提请销号。") % {"status": issue.get_status_display()}}
        )
    resolution = (resolution or "").strip()
    errors = {}
    if not resolution:
        errors["resolution"] = _("请写明解决情况。")
    if not files and not issue.evidence.exists():
        errors["files"] = _("提请销号须上传佐证材料（批文、证照、现场照片、会议纪要或项目单位确认等）。")
    if errors:
        raise ValidationError(errors)
    for upload in files:
        evidence = IssueEvidence(
            issue=issue,
            original_name=(upload.name or "")[:200],
            size=upload.size,
            uploaded_by=user,
            uploaded_at=at,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
    from_status = issue.status
    issue.status = IssueStatus.PENDING_CLOSURE
    issue.resolution = resolution
    issue.resolved_on = today
    _save(issue, "提请销号")
    journal(issue, JournalKind.RESOLVED, user, at, resolution, from_status=from_status)
    notify_many(
        [
            (
                office_users(),
                _message(
                    issue,
                    NotificationKind.ISSUE_RESOLVED,
                    f"issue:{issue.pk}:resolved:{issue.history.count()}",
                    f"问题提请销号：{issue.title}",
                    resolution,
                ),
            )
        ]
    )
    return issue


@transaction.atomic
def verify(user, issue, *, accept, note="", at=None, expected_version=None):
    """The office's verification: close the issue off (已销号), or send it back (办理中) with why."""
    _require_office(user, _("只有市重点办可以核验销号。"))
    at, today = now_and_today(at)
    issue = _lock(issue, expected_version)
    if issue.status != IssueStatus.PENDING_CLOSURE:
        raise ValidationError({"status": _("只有“待销号”的问题可以核验。")})
    note = (note or "").strip()
    if accept:
        issue.status = IssueStatus.CLOSED
        issue.closed_on = today
        issue.closed_by = user
        _save(issue, "核验销号")
        journal(issue, JournalKind.VERIFIED, user, at, note, from_status=IssueStatus.PENDING_CLOSURE)
        kind, key, title = (
            NotificationKind.ISSUE_CLOSED,
            f"issue:{issue.pk}:closed:{issue.reopened_count}",
            f"问题已销号：{issue.title}",
        )
    else:
        if not note:
            raise ValidationError({"note": _("核验未通过须说明理由。")})
        issue.status = IssueStatus.IN_PROGRESS
        _save(issue, "核验未通过，退回办理")
        journal(issue, JournalKind.SENT_BACK, user, at, note, from_status=IssueStatus.PENDING_CLOSURE)
        kind = NotificationKind.ISSUE_SENT_BACK
        key, title = f"issue:{issue.pk}:sent_back:{issue.journal.count()}", f"销号核验未通过：{issue.title}"
    notify_many([(people_of(issue), _message(issue, kind, key, title, note))])
    return issue


@transaction.atomic
def reopen(user, issue, *, reason, deadline, at=None, expected_version=None):
    """Reopen a closed (or pending) issue with a new deadline; the office only."""
    _require_office(user, _("只有市重点办可以重新打开问题。"))
    at, today = now_and_today(at)
    issue = _lock(issue, expected_version)
    if issue.status not in (IssueStatus.CLOSED, IssueStatus.PENDING_CLOSURE):
        raise ValidationError({"status": _("只有已销号或待销号的问题可以重新打开。")})
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请说明重新打开的理由。")
    if deadline is None or deadline < today:
        errors["deadline"] = _("请给出不早于今天的新办结时限。")
    if errors:
        raise ValidationError(errors)
    from_status = issue.status
    issue.status = IssueStatus.IN_PROGRESS
    issue.deadline = deadline
    issue.closed_on = None
    issue.closed_by = None
    issue.reopened_count += 1
    _save(issue, "重新打开")
    journal(issue, JournalKind.REOPENED, user, at, reason.strip(), from_status=from_status)
    notify_many(
        [
            (
                people_of(issue),
                _message(
                    issue,
                    NotificationKind.ISSUE_ASSIGNED,
                    f"issue:{issue.pk}:reopened:{issue.reopened_count}",
                    f"问题重新打开：{issue.title}",
                    reason.strip(),
                ),
            )
        ]
    )
    return issue


@transaction.atomic
def set_listed(user, issue, *, listed, reason="", at=None):
    """挂牌督办 (listed supervision) on or off: the office only."""
    _require_office(user, _("只有市重点办可以挂牌督办。"))
    at, _today = now_and_today(at)
    issue = _lock(issue)
    if issue.listed == listed:
        return issue
    issue.listed = listed
    _save(issue, "挂牌督办" if listed else "取消挂牌督办")
    journal(issue, JournalKind.LISTED if listed else JournalKind.UNLISTED, user, at, (reason or "").strip())
    return issue


#: the fields whose change the journal records and the people concerned hear about
WATCHED = ("responsible_unit", "responsible_person", "leader", "deadline")


def snapshot(issue):
    """The watched fields of an issue before an edit (pass to ``note_edit`` after saving)."""
    return {name: getattr(issue, name) for name in WATCHED}


def note_edit(user, issue, before, at=None):
    """After the office edited an issue's fields: journal what changed among the responsible
    unit, person, leader and deadline, and tell the (new) people concerned."""
    at, _today = now_and_today(at)
    labels = {name: str(LedgerIssue._meta.get_field(name).verbose_name) for name in WATCHED}
    changes = [
        f"{labels[name]}：{before[name] or '—'} → {getattr(issue, name) or '—'}"
        for name in WATCHED
        if before[name] != getattr(issue, name)
    ]
    if not changes:
        return None
    entry = journal(issue, JournalKind.EDITED, user, at, "；".join(changes))
    notify_many(
        [
            (
                people_of(issue),
                _message(
                    issue,
                    NotificationKind.ISSUE_ASSIGNED,
                    f"issue:{issue.pk}:edited:{entry.pk}",
                    f"问题信息变更：{issue.title}",
                    "；".join(changes),
                ),
            )
        ]
    )
    return entry
