"""The synthetic city's approval cases and tasks (容缺受理 + 并联审批), built with bulk_create.

Benchmark data, like ``bench.city`` and ``bench.work``; the demo's cases go through
``approvals.services`` instead. ``prepare`` restores the default catalogue (``city.reset``
empties it with the units it points at) and creates a clerk (部门经办人) per department of
the catalogue; ``grow_approvals`` gives the projects added since the last call their cases.

A project's cases follow its dates, and only those the platform has seen (accepted from 1
January 2025 to 27 November 2026, ``AS_OF``, with odds per stage): 立项用地规划许可 some
200 days before the planned start, 工程建设许可 ~100, 施工许可 ~30, the parallel hook-up
(水电气网接入) ~75 days after the start, 竣工验收 ~40 days before completion. Items: the
catalogue's stage items, a few left out. Intake: 3 % not accepted (no tasks), 15 % accepted
with deficiencies (one or two promised materials). Each department answers in 40–125 % of
its promised limit (so some late); what would be answered by ``AS_OF`` is concluded (96 %
approved, 4 % refused, with ``elapsed_days``), the rest is open: under review (overdue once
past its due date), a few pending, back for correction or suspended on an overdue promise.
A backlog: 30 % of the items of the cases accepted in the last 120 days are not answered
by ``AS_OF`` (most of them overdue).
A case whose tasks all concluded has its unified result with ``elapsed_days`` and
``serial_days``; 1.5 % of the deficient ones were returned instead. Every task has its
分发 move, a started one its 开始审查, a concluded one its decision. No files.

Project *i*'s cases draw from a random stream seeded with its id: the same on every run,
whatever the sizes. At 10,000 projects: about 30,000 tasks (3 per project).
"""

import math
import random
from datetime import UTC, date, datetime, time, timedelta
from importlib import import_module

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max

from accounts.models import Unit, User
from accounts.roles import Role
from approvals.catalogue_data import DEPARTMENTS, HOUSING
from approvals.choices import (
    CaseResult,
    CaseStatus,
    IntakeOutcome,
    MaterialKind,
    SupplementStatus,
    TaskMoveKind,
    TaskStatus,
)
from approvals.models import ApprovalCase, ApprovalItem, ApprovalStage, ApprovalTask, Supplement, TaskMove
from approvals.workdays import WorkCalendar
from projects.choices import ProjectStage, ProjectType
from projects.models import Project

from .city import BATCH

AS_OF = date(2026, 11, 27)
PLATFORM_START = date(2025, 1, 1)
#: stage code → (days from the project's anchor date: low, high; the anchor; odds the case exists)
TIMING = {
    "S1": (-300, -120, "planned_start", 0.62),
    "S2": (-150, -60, "planned_start", 0.62),
    "S3": (-50, -10, "planned_start", 0.62),
    "PX": (30, 120, "actual_start", 0.51),
    "S4": (-60, -20, "actual_completion", 0.65),
}
#: items of stage 1 an enterprise project applies for (备案, not 项目建议书 / 可研 / 核准)
S1_ENTERPRISE = {"LY-S1-04", "LY-S1-05", "LY-S1-06", "LY-S1-07", "LY-S1-08", "LY-S1-09"}
S1_GOVERNMENT = {"LY-S1-01", "LY-S1-02", "LY-S1-05", "LY-S1-06", "LY-S1-08", "LY-S1-09"}
NOT_ACCEPTED, DEFICIENT, RETURNED = 0.03, 0.15, 0.015
REFUSED = 0.04
#: the backlog: this share of the items of the cases accepted in the last BACKLOG_DAYS is still open
STALLED, BACKLOG_DAYS = 0.3, 120
BENCH_CLERK = "bench_dept"
TABLES = [ApprovalCase, ApprovalCase.items.through, ApprovalTask, Supplement, TaskMove]


def _moment(day, rng, start=9):
    """A moment on ``day`` during office hours, Asia/Shanghai (UTC+8) — stored in UTC."""
    local = datetime.combine(day, time(start)) + timedelta(minutes=rng.randrange(8 * 60))
    return (local - timedelta(hours=8)).replace(tzinfo=UTC)


def restore_catalogue():
    """The default catalogue of migration 0002, when ``city.reset`` emptied it with the units."""
    if not ApprovalItem.objects.exists():
        import_module("approvals.migrations.0002_default_catalogue").load(apps, None)


@transaction.atomic
def prepare(people):
    """Restore the catalogue; two clerks per catalogue department, ``bench_dept`` at 住建 (the inbox's reader)."""
    restore_catalogue()
    group = Group.objects.get(name=Role.DEPARTMENT_STAFF)
    units = {unit.name: unit for unit in Unit.objects.filter(name__in=DEPARTMENTS)}
    password = make_password(None)
    clerks = []
    for number, name in enumerate(DEPARTMENTS, start=1):
        for n in (1, 2):
            username = BENCH_CLERK if (name, n) == (HOUSING, 1) else f"approval{number:02d}_{n}"
            clerks.append(
                User(
                    username=username,
                    password=password,
                    full_name=f"审批经办人{number}-{n}",
                    unit=units[name],
                    title="审批经办人",
                )
            )
    User.objects.bulk_create(clerks)
    Membership = User.groups.through
    Membership.objects.bulk_create(Membership(user_id=user.pk, group_id=group.pk) for user in clerks)
    people.department_staff = next(user for user in clerks if user.username == BENCH_CLERK)
    return people


class _Catalogue:
    def __init__(self):
        self.stages = {stage.code: stage for stage in ApprovalStage.objects.all()}
        items = (
            ApprovalItem.objects.filter(is_active=True).select_related("stage").prefetch_related("materials")
        )
        self.items = {}
        self.later, self.main = {}, {}
        for item in items.order_by("sort_order"):
            self.items.setdefault(item.stage.code, []).append(item)
            self.later[item.pk] = [m for m in item.materials.all() if m.may_supply_later]
            self.main[item.pk] = next(m for m in item.materials.all() if m.kind == MaterialKind.MAIN)
        self.clerk = dict(
            User.objects.filter(groups__name=Role.DEPARTMENT_STAFF, unit__name__in=DEPARTMENTS)
            .order_by("-pk")
            .values_list("unit_id", "pk")
        )
        self.office_id = (
            User.objects.filter(groups__name=Role.KEY_OFFICE).order_by("pk").values_list("pk", flat=True)[0]
        )
        self.calendar = WorkCalendar()


def _items(catalogue, project, stage_code, rng):
    items = list(catalogue.items.get(stage_code, []))
    if stage_code == "S1":
        wanted = S1_ENTERPRISE if project.project_type == ProjectType.INDUSTRIAL else S1_GOVERNMENT
        items = [item for item in items if item.code in wanted]
    for _ in range(rng.randint(0, 2)):
        if len(items) > 2:
            items.pop(rng.randrange(len(items)))
    return items


class _Builder:
    """The rows of one growth step, gathered for bulk_create."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.calendar = catalogue.calendar
        self.cases, self.tasks, self.case_items = [], [], []
        self.supplements, self.moves = [], []

    def case(self, project, stage_code, day, rng):
        items = _items(self.catalogue, project, stage_code, rng)
        if not items:
            return
        accepted = self.calendar.next_working_day(day)
        draw = rng.random()
        outcome = IntakeOutcome.ACCEPTED
        if draw < NOT_ACCEPTED:
            outcome = IntakeOutcome.NOT_ACCEPTED
        elif draw < NOT_ACCEPTED + DEFICIENT:
            outcome = IntakeOutcome.DEFICIENT
        case = ApprovalCase(
            code=f"BP{project.pk:06d}{stage_code}",
            project_id=project.pk,
            stage=self.catalogue.stages[stage_code],
            applicant_name=project.owner_enterprise or project.name,
            submitted_by_id=project.service_commissioner_id or self.catalogue.office_id,
            submitted_at=_moment(accepted, rng),
            intake_outcome=outcome,
            status=CaseStatus.IN_PROGRESS,
        )
        self.cases.append(case)
        self.case_items += [(case, item) for item in items]
        if outcome == IntakeOutcome.NOT_ACCEPTED:
            case.status = CaseStatus.NOT_ACCEPTED
            case.refusal_reason = "主要材料不齐全，不予受理。"
            main = self.catalogue.main[items[0].pk]
            case.missing = [
                {
                    "item_id": items[0].pk,
                    "item": items[0].name,
                    "material_id": main.pk,
                    "material": main.name,
                    "kind": main.kind,
                    "may_supply_later": False,
                }
            ]
            return
        case.accepted_on = accepted
        promised = {}
        if outcome == IntakeOutcome.DEFICIENT:
            case.promise_signed_by, case.promise_signed_on = "法定代表人", accepted
            case.notice_number = f"浏容缺〔{accepted.year}〕{case.code}号"
            eligible = [item for item in items if self.catalogue.later[item.pk]]
            for item in rng.sample(eligible, min(len(eligible), rng.randint(1, 2))):
                promised[item.pk] = rng.choice(self.catalogue.later[item.pk])
        returned_on = None
        if promised and rng.random() < RETURNED / DEFICIENT:
            last_deadline = max(
                self.calendar.add(accepted, i.promised_limit) for i in items if i.pk in promised
            )
            returned_on = self.calendar.add(last_deadline, 16)
            returned_on = returned_on if returned_on < AS_OF else None
        until = returned_on or AS_OF
        tasks = [self.task(case, item, until, item.pk in promised and returned_on, rng) for item in items]
        for task in tasks:
            if task.item.pk in promised:
                self.promise(case, task, promised[task.item.pk], returned_on, rng)
        if returned_on:
            self.returned(case, tasks, returned_on, rng)
        else:
            self.conclude(case, tasks)

    def task(self, case, item, until, never_answered, rng):
        """A task answered in 40–125 % of its limit if that day came before ``until``."""
        accepted, limit = case.accepted_on, item.promised_limit
        task = ApprovalTask(
            case=case,
            item=item,
            department_id=item.department_id,
            promised_limit=limit,
            assigned_at=case.submitted_at,
            due_date=self.calendar.add(accepted, limit),
        )
        clerk = self.catalogue.clerk.get(item.department_id)
        self.move(task, TaskMoveKind.ASSIGNED, "", case.submitted_by_id, task.assigned_at)
        answer = 0 if limit == 0 else max(1, math.ceil(limit * rng.uniform(0.4, 1.25)))
        if limit and (AS_OF - accepted).days < BACKLOG_DAYS and rng.random() < STALLED:
            answer = self.calendar.between(accepted, AS_OF) + rng.randint(1, 30)
        answered = self.calendar.add(accepted, answer)
        started = self.calendar.add(accepted, min(answer, 1))
        if started < until:
            task.status, task.started_at = TaskStatus.REVIEWING, _moment(started, rng)
            self.move(task, TaskMoveKind.STARTED, TaskStatus.PENDING, clerk, task.started_at)
        if answered < until and not never_answered:
            refused = rng.random() < REFUSED
            task.status = TaskStatus.REJECTED if refused else TaskStatus.APPROVED
            task.concluded_at = max(_moment(answered, rng, 14), task.started_at)
            task.concluded_on, task.elapsed_days = answered, answer
            task.document_number = "" if refused else f"浏审〔{answered.year}〕{rng.randrange(1, 9999)}号"
            task.decision_note = "不符合审批条件。" if refused else ""
            kind = TaskMoveKind.REJECTED if refused else TaskMoveKind.APPROVED
            self.move(task, kind, TaskStatus.REVIEWING, clerk, task.concluded_at)
        elif task.status == TaskStatus.REVIEWING and rng.random() < 0.05:
            task.status, task.paused_since = TaskStatus.CORRECTING, self.calendar.add(accepted, 1)
            self.move(
                task, TaskMoveKind.RETURNED, TaskStatus.REVIEWING, clerk, _moment(task.paused_since, rng)
            )
        self.tasks.append(task)
        return task

    def promise(self, case, task, material, returned_on, rng):
        """A promised (容缺) material: supplied, or outstanding and (past its deadline) suspending the item."""
        supplement = Supplement(case=case, task=task, material=material, deadline=task.due_date)
        self.supplements.append(supplement)
        if returned_on:
            supplement.status, supplement.overdue_since = SupplementStatus.LAPSED, task.due_date
        elif task.concluded_on or self.calendar.add(task.due_date, 16) < AS_OF:
            supplement.status = SupplementStatus.SUPPLIED
            supplement.supplied_at = _moment(self.calendar.add(case.accepted_on, 1), rng)
        elif task.due_date < AS_OF:
            supplement.status, supplement.overdue_since = SupplementStatus.OVERDUE, task.due_date
            task.resume_status, task.status, task.paused_since = (
                task.status,
                TaskStatus.SUSPENDED,
                task.due_date,
            )
            suspended = _moment(self.calendar.add(task.due_date, 1), rng, 0)
            self.move(task, TaskMoveKind.SUSPENDED, task.resume_status, None, suspended)

    def returned(self, case, tasks, day, rng):
        """退件: the promise was broken; what was still open ends withdrawn on ``day``."""
        case.status, case.result = CaseStatus.RETURNED, CaseResult.RETURNED
        case.concluded_on, case.elapsed_days = day, self.calendar.between(case.accepted_on, day)
        case.result_note = "容缺材料逾期未补齐，予以退件。"
        for task in tasks:
            if task.concluded_on is None:
                previous = task.status
                task.status, task.concluded_on = TaskStatus.WITHDRAWN, day
                task.concluded_at = _moment(day, rng, 0)
                self.move(task, TaskMoveKind.WITHDRAWN, previous, None, task.concluded_at)

    def conclude(self, case, tasks):
        """The unified result (统一反馈), once every task has its answer."""
        if any(t.concluded_on is None for t in tasks):
            return
        statuses = {t.status for t in tasks}
        case.status = CaseStatus.CONCLUDED
        case.concluded_on = max(t.concluded_on for t in tasks)
        case.elapsed_days = self.calendar.between(case.accepted_on, case.concluded_on)
        case.serial_days = sum(t.promised_limit for t in tasks)
        if statuses == {TaskStatus.APPROVED}:
            case.result = CaseResult.APPROVED
        elif TaskStatus.APPROVED in statuses:
            case.result = CaseResult.PARTLY_REJECTED
        else:
            case.result = CaseResult.REJECTED

    def move(self, task, kind, from_status, actor_id, at):
        self.moves.append(
            TaskMove(
                task=task, kind=kind, from_status=from_status, to_status=task.status, actor_id=actor_id, at=at
            )
        )

    def save(self):
        ApprovalCase.objects.bulk_create(self.cases, batch_size=BATCH)
        through = ApprovalCase.items.through
        through.objects.bulk_create(
            (through(approvalcase_id=case.pk, approvalitem_id=item.pk) for case, item in self.case_items),
            batch_size=BATCH * 5,
        )
        for task in self.tasks:
            task.case_id = task.case.pk
        ApprovalTask.objects.bulk_create(self.tasks, batch_size=BATCH * 5)
        for row in self.supplements:
            row.case_id, row.task_id = row.case.pk, row.task.pk
        Supplement.objects.bulk_create(self.supplements, batch_size=BATCH * 5)
        for move in self.moves:
            move.task_id = move.task.pk
        TaskMove.objects.bulk_create(self.moves, batch_size=BATCH * 5)
        return len(self.cases), len(self.tasks)


def _anchor(project, name):
    return getattr(project, name) or (project.planned_start if name == "actual_start" else None)


@transaction.atomic
def grow_approvals():
    """Cases and tasks for the projects added since the last call; return (cases, tasks)."""
    done_up_to = ApprovalCase.objects.aggregate(n=Max("project_id"))["n"] or 0
    catalogue = _Catalogue()
    fields = [
        "pk",
        "name",
        "stage",
        "project_type",
        "planned_start",
        "actual_start",
        "actual_completion",
        "owner_enterprise",
        "service_commissioner_id",
    ]
    projects = Project.objects.filter(pk__gt=done_up_to).exclude(stage=ProjectStage.PLANNING).order_by("pk")
    counts = [0, 0]
    projects = list(projects.only(*fields))
    for first in range(0, len(projects), BATCH):
        builder = _Builder(catalogue)
        for project in projects[first : first + BATCH]:
            rng = random.Random(f"liuyang-bench-approvals-{project.pk}")
            for stage_code, (low, high, anchor, odds) in TIMING.items():
                base = _anchor(project, anchor)
                if base is None or rng.random() >= odds:
                    continue
                day = base + timedelta(days=rng.randint(low, high))
                if PLATFORM_START <= day < AS_OF:
                    builder.case(project, stage_code, day, rng)
        cases, tasks = builder.save()
        counts[0] += cases
        counts[1] += tasks
    return tuple(counts)
