"""The daily overdue sweep (escalate_overdue): the ledger's ladder, and flags on other late work.

- An open issue past its deadline moves up one level (1 → 2 → 3 → 4) with a new
  deadline of ISSUE_ESCALATION_DAYS[new level] working days; its people are
  notified. An issue already at level 4 is not moved; its people and the office
  are told once per deadline.
- A late approval task, a late promised material (容缺) and a late milestone are
  flagged once (per item and deadline) to their unit and the office.

Each step is taken once per item and level, however often the sweep runs and
even when two sweeps run at once: candidate issues are locked (others' locks
skipped), the level only moves from the level read, and escalation steps are
unique per (issue, level). The work is set-based: the number of queries does not
grow with the number of overdue items.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import User
from approvals.choices import OUTSTANDING_SUPPLEMENT_STATUSES, TaskStatus
from approvals.models import ApprovalTask, Supplement
from approvals.workdays import WorkCalendar
from notifications.choices import NotificationKind
from notifications.services import notify_many
from projects.models import Milestone

from ..choices import OPEN_ISSUE_STATUSES, TOP_LEVEL, IssueLevel, JournalKind, OverdueKind
from ..models import EscalationStep, IssueJournal, LedgerIssue, OverdueFlag
from .people import office_users, unit_staff


def _moment(today, at):
    if at is None and today is not None and today != timezone.localdate():
        at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(7)))
    at = at or timezone.now()
    return today or timezone.localdate(at), at


def overdue_issues_q(today):
    return Q(status__in=OPEN_ISSUE_STATUSES, deadline__lt=today)


def plan(today=None):
    """What the sweep would do today, without writing: for ``--dry-run``."""
    today, _at = _moment(today, None)
    issues = list(
        LedgerIssue.objects.filter(overdue_issues_q(today))
        .select_related("project")
        .order_by("deadline", "pk")
    )
    return {
        "escalate": [i for i in issues if i.level < TOP_LEVEL],
        "top_overdue": [i for i in issues if i.level >= TOP_LEVEL],
        "approval_tasks": list(_late_tasks(today)),
        "supplements": list(_late_supplements(today)),
        "milestones": list(_late_milestones(today)),
    }


def escalate_overdue(today=None, at=None):
    """Run the sweep; returns counts of what it did (nothing twice)."""
    today, at = _moment(today, at)
    done = escalate_issues(today, at)
    done.update(flag_overdue(today, at))
    return done


@transaction.atomic
def escalate_issues(today, at):
    calendar = WorkCalendar.load()
    issues = list(
        LedgerIssue.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(overdue_issues_q(today))
        .select_related("project", "responsible_unit", "responsible_person", "leader")
        .order_by("pk")
    )
    climbing = [issue for issue in issues if issue.level < TOP_LEVEL]
    taken = set(EscalationStep.objects.filter(issue__in=climbing).values_list("issue_id", "to_level"))
    steps, journal, moved = [], [], []
    for issue in climbing:
        to_level = issue.level + 1
        if (issue.pk, to_level) in taken:
            continue  # this step was taken before (e.g. the office moved it back down)
        new_deadline = calendar.add(today, settings.ISSUE_ESCALATION_DAYS.get(to_level, 5))
        steps.append(
            EscalationStep(
                issue=issue,
                from_level=issue.level,
                to_level=to_level,
                old_deadline=issue.deadline,
                new_deadline=new_deadline,
                at=at,
            )
        )
        journal.append(
            IssueJournal(
                issue=issue,
                kind=JournalKind.ESCALATED,
                text=f"逾期未办结（原时限 {issue.deadline}），升级为{IssueLevel(to_level).label}，新时限 {new_deadline}",
                from_level=issue.level,
                to_level=to_level,
                at=at,
            )
        )
        issue.level, issue.deadline, issue.version = to_level, new_deadline, issue.version + 1
        moved.append(issue)
    if moved:
        _store_climb(moved, steps, journal, at)
    moved_ids = {issue.pk for issue in moved}
    stuck = [issue for issue in issues if issue.level >= TOP_LEVEL and issue.pk not in moved_ids]
    _notify_issues(moved, stuck, today)
    return {"escalated": len(moved), "top_level_overdue": len(stuck)}


def _store_climb(moved, steps, journal, at):
    """Write the climb in a fixed number of queries: one UPDATE per (level, deadline) pair — every
    issue reaching a level on a day gets the same new deadline, so at most three — one for
    leaders, and one INSERT each for steps, history records and journal entries."""
    from projects.models import TaskForce

    groups = defaultdict(list)
    for issue in moved:
        groups[(issue.level, issue.deadline)].append(issue.pk)
    for (level, deadline), ids in groups.items():
        LedgerIssue.objects.filter(pk__in=ids).update(
            level=level, deadline=deadline, version=F("version") + 1, updated_at=at
        )
    # A complex problem needs a city leader to lead it: one reaching level 3 without a named
    # leader is led by its project's task-force leader (专班牵头市领导).
    leaderless = [issue for issue in moved if issue.level >= IssueLevel.LEADER and issue.leader_id is None]
    if leaderless:
        LedgerIssue.objects.filter(pk__in=[issue.pk for issue in leaderless]).update(
            leader_id=Subquery(
                TaskForce.objects.filter(project_id=OuterRef("project_id")).values("leader_id")[:1]
            )
        )
        leaders = dict(
            TaskForce.objects.filter(project_id__in={issue.project_id for issue in leaderless})
            .select_related("leader")
            .values_list("project_id", "leader")
        )
        users = {u.pk: u for u in User.objects.filter(pk__in={pk for pk in leaders.values() if pk})}
        for issue in leaderless:
            issue.leader = users.get(leaders.get(issue.project_id))
    EscalationStep.objects.bulk_create(steps)
    LedgerIssue.history.bulk_history_create(
        moved, update=True, default_change_reason="逾期自动升级", default_date=at
    )
    IssueJournal.objects.bulk_create(journal)


def _notify_issues(moved, stuck, today):
    if not moved and not stuck:
        return
    staff = unit_staff({issue.responsible_unit_id for issue in [*moved, *stuck]})
    office = office_users()
    messages = []
    for issue in moved:
        people = [issue.responsible_person, *staff.get(issue.responsible_unit_id, [])]
        if issue.level >= IssueLevel.OFFICE:
            people += office
        if issue.level >= IssueLevel.LEADER and issue.leader:
            people.append(issue.leader)
        messages.append(
            (
                people,
                {
                    "kind": NotificationKind.ISSUE_ESCALATED,
                    "key": f"issue:{issue.pk}:level:{issue.level}",
                    "title": f"问题逾期升级至{IssueLevel(issue.level).label}：{issue.title}",
                    "body": f"{issue.project.name}｜新办结时限 {issue.deadline}",
                    "url": issue.get_absolute_url(),
                },
            )
        )
    for issue in stuck:
        messages.append(
            (
                [issue.responsible_person, issue.leader, *staff.get(issue.responsible_unit_id, []), *office],
                {
                    "kind": NotificationKind.OVERDUE,
                    "key": f"issue:{issue.pk}:overdue:{issue.deadline}",
                    "title": f"向上汇报问题已逾期：{issue.title}",
                    "body": f"{issue.project.name}｜办结时限 {issue.deadline}",
                    "url": issue.get_absolute_url(),
                },
            )
        )
    notify_many(messages)


def _late_tasks(today):
    return (
        ApprovalTask.objects.filter(status__in=(TaskStatus.PENDING, TaskStatus.REVIEWING), due_date__lt=today)
        .select_related("case__project", "item", "department")
        .order_by("pk")
    )


def _late_supplements(today):
    return (
        Supplement.objects.filter(status__in=OUTSTANDING_SUPPLEMENT_STATUSES, deadline__lt=today)
        .select_related("case__project", "material", "task__department")
        .order_by("pk")
    )


def _late_milestones(today):
    return (
        Milestone.objects.filter(actual_date__isnull=True, planned_date__lt=today)
        .select_related("project", "owner_unit")
        .order_by("pk")
    )


@transaction.atomic
def flag_overdue(today, at):
    """Flag late approval tasks, supplements and milestones once each (per deadline); notify."""
    candidates = []
    for task in _late_tasks(today):
        candidates.append(
            (
                OverdueKind.APPROVAL_TASK,
                task.pk,
                task.case.project,
                task.department_id,
                f"{task.case.code} {task.item.name}（{task.department}）",
                task.due_date,
                task.get_absolute_url(),
            )
        )
    for supplement in _late_supplements(today):
        candidates.append(
            (
                OverdueKind.SUPPLEMENT,
                supplement.pk,
                supplement.case.project,
                supplement.task.department_id,
                f"{supplement.case.code} 容缺材料“{supplement.material.name}”",
                supplement.deadline,
                supplement.get_absolute_url(),
            )
        )
    for milestone in _late_milestones(today):
        candidates.append(
            (
                OverdueKind.MILESTONE,
                milestone.pk,
                milestone.project,
                milestone.owner_unit_id or milestone.project.responsible_unit_id,
                f"{milestone.project.name}：{milestone.name}",
                milestone.planned_date,
                milestone.project.get_absolute_url(),
            )
        )
    if not candidates:
        return {"flagged": 0}
    existing = set(
        OverdueFlag.objects.filter(object_id__in={c[1] for c in candidates}).values_list(
            "kind", "object_id", "due_date"
        )
    )
    new = [c for c in candidates if (c[0], c[1], c[5]) not in existing]
    OverdueFlag.objects.bulk_create(
        [
            OverdueFlag(
                kind=kind,
                object_id=pk,
                project=project,
                unit_id=unit_id,
                title=title[:300],
                due_date=due,
                flagged_on=today,
            )
            for kind, pk, project, unit_id, title, due, _url in new
        ],
        ignore_conflicts=True,
    )
    staff = unit_staff({c[3] for c in new if c[3]})
    office = office_users()
    labels = dict(OverdueKind.choices)
    notify_many(
        [
            (
                [*staff.get(unit_id, []), *office],
                {
                    "kind": NotificationKind.OVERDUE,
                    "key": f"overdue:{kind}:{pk}:{due}",
                    "title": f"{labels[kind]}：{title}",
                    "body": f"期限 {due}",
                    "url": url,
                },
            )
            for kind, pk, _project, unit_id, title, due, url in new
        ]
    )
    return {"flagged": len(new)}
