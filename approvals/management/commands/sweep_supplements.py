"""``manage.py sweep_supplements``: apply the supplement deadlines of acceptance with deficiencies (容缺).

Runs ``approvals.services.handling.sweep_supplements``, the function the periodic
task calls too: a promised material past its deadline turns overdue (逾期未补) and
suspends its item (中止办理); not supplied within the grace period
(APPROVAL_SUPPLEMENT_GRACE_DAYS working days after the deadline) the case is
returned (退件). Safe to run any number of times.

``--dry-run`` computes what the sweep would do by *reading* the same rows with the
same rules (nothing is written, no transaction is rolled back) and lists it.
``--date`` runs the sweep as of another day: a past day catches up a sweep that did
not run; a future day is only allowed with ``--dry-run``, to see what is coming.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from approvals.choices import (
    OPEN_TASK_STATUSES,
    OUTSTANDING_SUPPLEMENT_STATUSES,
    CaseStatus,
    SupplementStatus,
    TaskStatus,
)
from approvals.models import ApprovalCase, Supplement
from approvals.services.handling import sweep_supplements
from approvals.workdays import WorkCalendar

#: open tasks a sweep may suspend (one already suspended stays as it is)
SUSPENDABLE = tuple(status for status in OPEN_TASK_STATUSES if status != TaskStatus.SUSPENDED)


@dataclass
class SweepPlan:
    """What a sweep on ``today`` would change."""

    today: datetime.date
    cases: int = 0
    #: supplements PENDING past their deadline: they turn OVERDUE
    overdue: list = field(default_factory=list)
    #: open tasks not yet suspended that hold an overdue supplement
    suspended: list = field(default_factory=list)
    #: (case, its lapsed supplements, its open tasks that end as withdrawn)
    returned: list = field(default_factory=list)


def plan_sweep(today, calendar=None):
    """Read what ``sweep_supplements(today=today)`` would do, case by case, with its rules."""
    calendar = calendar or WorkCalendar.load()
    grace = settings.APPROVAL_SUPPLEMENT_GRACE_DAYS
    due = Supplement.objects.filter(status__in=OUTSTANDING_SUPPLEMENT_STATUSES, deadline__lt=today)
    cases = (
        ApprovalCase.objects.filter(status=CaseStatus.IN_PROGRESS, pk__in=due.values("case_id"))
        .select_related("project")
        .order_by("pk")
    )
    plan = SweepPlan(today=today)
    for case in cases:
        plan.cases += 1
        supplements = list(
            due.filter(case=case)
            .select_related("material", "task__item", "task__department")
            .order_by("deadline", "pk")
        )
        for supplement in supplements:
            supplement.case = supplement.task.case = case
        lapsed = [s for s in supplements if calendar.between(s.deadline, today) > grace]
        if lapsed:
            withdrawn = list(
                case.tasks.filter(status__in=OPEN_TASK_STATUSES).select_related("item").order_by("pk")
            )
            plan.returned.append((case, lapsed, withdrawn))
            continue
        seen = set()
        for supplement in supplements:
            if supplement.status == SupplementStatus.PENDING:
                plan.overdue.append(supplement)
            task = supplement.task
            if task.pk not in seen and task.status in SUSPENDABLE:
                plan.suspended.append(task)
            seen.add(task.pk)
    return plan


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不对，请写成 YYYY-MM-DD，如 2026-11-27。") from None


class Command(BaseCommand):
    help = (
        "容缺材料逾期清理：逾期未补齐的材料转为逾期、中止相关事项；超过宽限期仍未补齐的申报件退件。"
        "可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=_date, help="按哪一天执行（YYYY-MM-DD），默认今天（Asia/Shanghai）。"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只列出将转为逾期的材料、将中止的事项和将退件的申报件，不写入任何数据。",
        )

    def handle(self, *args, date=None, dry_run=False, verbosity=1, **options):
        today = timezone.localdate()
        day = date or today
        if day > today and not dry_run:
            raise CommandError(f"不能按未来日期 {day} 执行清理；要预览届时的结果，请加 --dry-run。")
        plan = plan_sweep(day)
        if dry_run:
            self.stdout.write(f"容缺材料逾期清理预览（按 {day} 计算，未写入任何数据）")
            self.write_plan(plan)
            self.stdout.write(
                f"合计：涉及 {plan.cases} 件申报件，{len(plan.overdue)} 项材料将转为逾期未补，"
                f"将中止 {len(plan.suspended)} 个事项，将退件 {len(plan.returned)} 件。"
            )
            return
        if verbosity >= 2:
            self.write_plan(plan)
        # A catch-up run for a past day records its moves at the start of that day.
        at = None if day == today else timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        totals = sweep_supplements(today=day, at=at)
        self.stdout.write(
            self.style.SUCCESS(
                f"容缺材料逾期清理完成（{day}）：检查 {totals['cases']} 件申报件，"
                f"{len(plan.overdue)} 项材料转为逾期未补，中止 {totals['suspended']} 个事项，"
                f"退件 {totals['returned']} 件。"
            )
        )

    def write_plan(self, plan):
        self.stdout.write(f"将转为逾期未补的材料（{len(plan.overdue)} 项）：")
        for supplement in plan.overdue:
            task = supplement.task
            self.stdout.write(
                f"  {supplement.case.code} {supplement.case.project.name} · {task.item.name} · "
                f"{supplement.material.name}（补齐期限 {supplement.deadline}）"
            )
        self.stdout.write(f"将中止办理的事项（{len(plan.suspended)} 个）：")
        for task in plan.suspended:
            self.stdout.write(
                f"  {task.case.code} {task.case.project.name} · {task.item.name}（{task.department}，"
                f"现为“{task.get_status_display()}”）"
            )
        self.stdout.write(f"将退件的申报件（{len(plan.returned)} 件）：")
        for case, lapsed, withdrawn in plan.returned:
            materials = "、".join(f"{s.material.name}（期限 {s.deadline}）" for s in lapsed)
            self.stdout.write(
                f"  {case.code} {case.project.name}：超过 {settings.APPROVAL_SUPPLEMENT_GRACE_DAYS} "
                f"个工作日宽限期仍未补齐 {materials}；终止 {len(withdrawn)} 个在办事项"
            )
