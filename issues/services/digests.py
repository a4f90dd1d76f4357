"""The weekly dispatch digest (每周调度简报): what each task force's weekly meeting looks at.

Every Friday afternoon (beat), before the next week's meeting, each task force
gets one digest of its project: progress filed since last week, milestones due
within two weeks or overdue, open and overdue ledger issues by level, approval
tasks pending or overdue, and promised materials (容缺) due. The digest is
stored (the page and the workbook show what was sent) and its members and
leader are notified.

Once per task force and ISO week, however often and however concurrently the
task runs: the digest row is unique per (task force, ISO year, ISO week) and is
created with ``get_or_create`` (a concurrent loser's insert fails inside a
savepoint and it reads the winner's row); each task force's digest and its
notifications are written in one transaction, and notifications are unique per
(recipient, key). A run killed half way leaves whole digests behind, and the
redelivered run does the rest.
"""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from approvals.choices import OPEN_TASK_STATUSES, OUTSTANDING_SUPPLEMENT_STATUSES, TaskStatus
from approvals.models import ApprovalTask, Supplement
from notifications.choices import NotificationKind
from notifications.services import notify_many
from projects.choices import COUNTED_REPORT_STATUSES
from projects.models import Milestone, ProgressReport, TaskForce, TaskForceMember

from ..choices import OPEN_ISSUE_STATUSES, IssueLevel
from ..models import LedgerIssue, WeeklyDigest

#: milestones planned within this many days count as "due soon"
MILESTONE_HORIZON_DAYS = 14
#: promised materials due within this many days are listed (and all late ones)
SUPPLEMENT_HORIZON_DAYS = 14
#: running clocks: a task waiting for the applicant (补正, 中止) is not overdue for the department
CLOCK_RUNNING = (TaskStatus.PENDING, TaskStatus.REVIEWING)


def week_of(day):
    """(ISO year, ISO week, Monday) of ``day``."""
    iso_year, iso_week, _weekday = day.isocalendar()
    return iso_year, iso_week, day - datetime.timedelta(days=day.weekday())


def digest_key(task_force_id, iso_year, iso_week):
    return f"digest:{task_force_id}:{iso_year}-W{iso_week}"


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _d(day):
    return day.isoformat() if day else None


def compose(task_force, week_start, today):
    """The digest's content (a JSON-ready dict) for ``task_force`` in the week starting ``week_start``.

    Seven queries whatever the size of the project's records. Money in 万元 (as strings,
    so Decimal survives JSON), dates as ISO strings.
    """
    project = task_force.project
    since = week_start - datetime.timedelta(days=7)
    reports = (
        ProgressReport.objects.filter(
            project=project, status__in=COUNTED_REPORT_STATUSES, submitted_at__gte=_local_midnight(since)
        )
        .order_by("-period_start", "-pk")
        .only(
            "pk",
            "frequency",
            "period_start",
            "period_end",
            "status",
            "period_total",
            "percent_complete",
            "physical_progress",
            "submitted_at",
            "project_id",
        )
    )
    horizon = today + datetime.timedelta(days=MILESTONE_HORIZON_DAYS)
    milestones = (
        Milestone.objects.filter(project=project, actual_date__isnull=True, planned_date__lte=horizon)
        .select_related("owner", "owner_unit")
        .order_by("planned_date", "sort_order", "pk")
    )
    issues = (
        LedgerIssue.objects.filter(project=project, status__in=OPEN_ISSUE_STATUSES)
        .select_related("responsible_unit", "responsible_person")
        .order_by("-level", "deadline", "pk")
    )
    tasks = (
        ApprovalTask.objects.filter(case__project=project, status__in=OPEN_TASK_STATUSES)
        .select_related("case", "item", "department")
        .order_by("due_date", "pk")
    )
    supplements = (
        Supplement.objects.filter(
            case__project=project,
            status__in=OUTSTANDING_SUPPLEMENT_STATUSES,
            deadline__lte=today + datetime.timedelta(days=SUPPLEMENT_HORIZON_DAYS),
        )
        .select_related("case", "material", "task__department")
        .order_by("deadline", "pk")
    )
    by_level = {
        row["level"]: row
        for row in LedgerIssue.objects.filter(project=project, status__in=OPEN_ISSUE_STATUSES)
        .values("level")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
        .order_by()
    }
    issue_rows = [
        {
            "id": issue.pk,
            "title": issue.title,
            "level": issue.level,
            "level_label": str(IssueLevel(issue.level).label),
            "unit": str(issue.responsible_unit),
            "person": str(issue.responsible_person) if issue.responsible_person else "",
            "deadline": _d(issue.deadline),
            "overdue": issue.deadline < today,
            "listed": issue.listed,
            "status": str(issue.get_status_display()),
        }
        for issue in issues
    ]
    task_rows = [
        {
            "id": task.pk,
            "case": task.case.code,
            "item": task.item.name,
            "department": str(task.department),
            "status": str(task.get_status_display()),
            "due_date": _d(task.due_date),
            "overdue": task.status in CLOCK_RUNNING and task.due_date < today,
        }
        for task in tasks
    ]
    milestone_rows = [
        {
            "id": m.pk,
            "name": m.name,
            "planned_date": _d(m.planned_date),
            "owner": str(m.owner) if m.owner else "",
            "unit": str(m.owner_unit) if m.owner_unit else "",
            "overdue": m.planned_date < today,
        }
        for m in milestones
    ]
    return {
        "project": {
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "stage": str(project.get_stage_display()),
        },
        "task_force": {
            "id": task_force.pk,
            "name": str(task_force),
            "leader": str(task_force.leader) if task_force.leader else "",
        },
        "week_start": _d(week_start),
        "week_end": _d(week_start + datetime.timedelta(days=6)),
        "since": _d(since),
        "composed_on": _d(today),
        "progress": [
            {
                "id": r.pk,
                "period": str(r.period_label),
                "period_start": _d(r.period_start),
                "status": str(r.get_status_display()),
                "completed_investment": str(r.period_total),
                "percent_complete": str(r.percent_complete),
                "physical_progress": r.physical_progress,
                "submitted_on": _d(timezone.localdate(r.submitted_at)) if r.submitted_at else None,
            }
            for r in reports
        ],
        "milestones": {
            "due_soon": [row for row in milestone_rows if not row["overdue"]],
            "overdue": [row for row in milestone_rows if row["overdue"]],
        },
        "issues": {
            "by_level": [
                {
                    "level": level.value,
                    "label": str(level.label),
                    "open": by_level.get(level.value, {}).get("open", 0),
                    "overdue": by_level.get(level.value, {}).get("overdue", 0),
                }
                for level in IssueLevel
            ],
            "open": issue_rows,
            "open_count": len(issue_rows),
            "overdue_count": sum(1 for row in issue_rows if row["overdue"]),
        },
        "approvals": {
            "tasks": task_rows,
            "pending_count": len(task_rows),
            "overdue_count": sum(1 for row in task_rows if row["overdue"]),
        },
        "supplements": [
            {
                "id": s.pk,
                "case": s.case.code,
                "material": s.material.name,
                "department": str(s.task.department),
                "deadline": _d(s.deadline),
                "status": str(s.get_status_display()),
                "overdue": s.deadline < today,
            }
            for s in supplements
        ],
    }


def _message(task_force, digest):
    content = digest.content
    issues, approvals = content["issues"], content["approvals"]
    body = (
        f"本周进度填报 {len(content['progress'])} 份；"
        f"两周内到期节点 {len(content['milestones']['due_soon'])} 个，逾期节点 {len(content['milestones']['overdue'])} 个；"
        f"未办结问题 {issues['open_count']} 个（逾期 {issues['overdue_count']} 个）；"
        f"审批在办 {approvals['pending_count']} 件（超期 {approvals['overdue_count']} 件）；"
        f"容缺材料待补 {len(content['supplements'])} 项。"
    )
    return {
        "kind": NotificationKind.DIGEST,
        "key": digest_key(task_force.pk, digest.iso_year, digest.iso_week),
        "title": f"每周调度简报：{task_force}（{digest.week_label}）",
        "body": body,
        "url": digest.get_absolute_url(),
    }


def recipients(task_force, members):
    people = [m.user for m in members]
    if task_force.leader_id:
        people.append(task_force.leader)
    return people


def due_task_forces(today):
    """Task forces without a digest for ``today``'s ISO week: what a run (or ``--dry-run``) does."""
    iso_year, iso_week, _monday = week_of(today)
    done = WeeklyDigest.objects.filter(iso_year=iso_year, iso_week=iso_week).values("task_force_id")
    return (
        TaskForce.objects.exclude(pk__in=done)
        .select_related("project", "leader")
        .order_by("project__code", "pk")
    )


def send_weekly_digests(today=None):
    """Compose, store and send this ISO week's digest of every task force that has none yet.

    Returns {"created": n, "notified": n, "skipped": n}. Safe to run twice and at the
    same time: see the module docstring.
    """
    today = today or timezone.localdate()
    iso_year, iso_week, week_start = week_of(today)
    task_forces = list(due_task_forces(today))
    members = {}
    for member in TaskForceMember.objects.filter(task_force__in=task_forces).select_related("user"):
        members.setdefault(member.task_force_id, []).append(member)
    done = {"created": 0, "notified": 0, "skipped": 0}
    delay = getattr(settings, "DIGEST_TEST_DELAY", 0)
    for task_force in task_forces:
        if delay:
            time.sleep(delay)
        with transaction.atomic():
            digest, created = WeeklyDigest.objects.get_or_create(
                task_force=task_force,
                iso_year=iso_year,
                iso_week=iso_week,
                defaults={"week_start": week_start, "content": compose(task_force, week_start, today)},
            )
            if not created:
                # another run made it (and, in the same transaction, notified)
                done["skipped"] += 1
                continue
            done["created"] += 1
            done["notified"] += notify_many(
                [(recipients(task_force, members.get(task_force.pk, [])), _message(task_force, digest))]
            )
    return done
