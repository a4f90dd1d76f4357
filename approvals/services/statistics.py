"""Approval statistics: per department and per stage, and the compression against serial handling.

Every figure is an aggregate in the database over stored working-day counts
(a task's and a case's ``elapsed_days`` are set, from the working-day calendar,
when they conclude), so the query count does not grow with the number of
tasks. The page and the API both call ``approval_statistics``.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from liuyang.policies import policy_for

from ..choices import DECIDED_TASK_STATUSES, CaseStatus, IntakeOutcome, SupplementStatus, TaskStatus
from ..models import ApprovalCase, ApprovalTask, Supplement

ONE_PLACE = Decimal("0.1")


def overdue_task_q(today, path=""):
    """Open tasks whose clock runs (not suspended, not back with the applicant) past their due date."""
    return Q(
        **{f"{path}status__in": (TaskStatus.PENDING, TaskStatus.REVIEWING), f"{path}due_date__lt": today}
    )


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole) * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def compression(elapsed, serial):
    """Share of the serial time saved, in percent: 1 − elapsed / serial."""
    if elapsed is None or not serial:
        return None
    return percent(serial - elapsed, serial)


def _avg(value):
    return None if value is None else Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def filtered(user, *, year=None, stage=None, department=None):
    """The cases and tasks the user may see, narrowed by acceptance year, stage and department."""
    cases = policy_for(ApprovalCase).viewable(user, ApprovalCase.objects.all())
    tasks = policy_for(ApprovalTask).viewable(user, ApprovalTask.objects.all())
    if year:
        cases = cases.filter(accepted_on__year=year)
        tasks = tasks.filter(case__accepted_on__year=year)
    if stage:
        cases = cases.filter(stage=stage)
        tasks = tasks.filter(case__stage=stage)
    if department:
        tasks = tasks.filter(department=department)
        cases = cases.filter(pk__in=ApprovalTask.objects.filter(department=department).values("case_id"))
    return cases, tasks


def department_rows(tasks, today):
    rows = list(
        tasks.values("department_id", "department__name")
        .annotate(
            total=Count("pk"),
            concluded=Count("pk", filter=Q(status__in=DECIDED_TASK_STATUSES)),
            avg_days=Avg("elapsed_days", filter=Q(status__in=DECIDED_TASK_STATUSES)),
            on_time=Count("pk", filter=Q(status__in=DECIDED_TASK_STATUSES, concluded_on__lte=F("due_date"))),
            open=Count(
                "pk",
                filter=Q(
                    status__in=(
                        TaskStatus.PENDING,
                        TaskStatus.REVIEWING,
                        TaskStatus.CORRECTING,
                        TaskStatus.SUSPENDED,
                    )
                ),
            ),
            overdue=Count("pk", filter=overdue_task_q(today)),
            suspended=Count("pk", filter=Q(status=TaskStatus.SUSPENDED)),
        )
        .order_by("department__name")
    )
    for row in rows:
        row["department"] = row.pop("department__name")
        row["avg_days"] = _avg(row["avg_days"])
        row["on_time_rate"] = percent(row["on_time"], row["concluded"])
    return rows


def stage_rows(cases):
    rows = list(
        cases.values("stage_id", "stage__name", "stage__sort_order")
        .annotate(
            total=Count("pk"),
            concluded=Count("pk", filter=Q(status=CaseStatus.CONCLUDED)),
            elapsed=Sum("elapsed_days", filter=Q(status=CaseStatus.CONCLUDED)),
            serial=Sum("serial_days", filter=Q(status=CaseStatus.CONCLUDED)),
            avg_days=Avg("elapsed_days", filter=Q(status=CaseStatus.CONCLUDED)),
        )
        .order_by("stage__sort_order", "stage_id")
    )
    for row in rows:
        row["stage"] = row.pop("stage__name")
        row.pop("stage__sort_order")
        row["avg_days"] = _avg(row["avg_days"])
        row["compression"] = compression(row["elapsed"], row["serial"])
    return rows


def case_summary(cases):
    done = Q(status=CaseStatus.CONCLUDED)
    summary = cases.aggregate(
        total=Count("pk"),
        in_progress=Count("pk", filter=Q(status=CaseStatus.IN_PROGRESS)),
        concluded=Count("pk", filter=done),
        returned=Count("pk", filter=Q(status=CaseStatus.RETURNED)),
        not_accepted=Count("pk", filter=Q(status=CaseStatus.NOT_ACCEPTED)),
        deficient=Count("pk", filter=Q(intake_outcome=IntakeOutcome.DEFICIENT)),
        elapsed=Sum("elapsed_days", filter=done),
        serial=Sum("serial_days", filter=done),
        avg_days=Avg("elapsed_days", filter=done),
    )
    summary["avg_days"] = _avg(summary["avg_days"])
    summary["compression"] = compression(summary["elapsed"], summary["serial"])
    return summary


def supplement_summary(cases, today):
    supplements = Supplement.objects.filter(case__in=cases.values("pk"))
    return supplements.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=SupplementStatus.PENDING)),
        overdue=Count("pk", filter=Q(status=SupplementStatus.OVERDUE)),
        supplied=Count("pk", filter=Q(status=SupplementStatus.SUPPLIED)),
        not_yet_due=Count("pk", filter=Q(status=SupplementStatus.PENDING, deadline__gte=today)),
    )


def approval_statistics(user, *, year=None, stage=None, department=None, today=None):
    """Everything the statistics page and API show, for what the user may see."""
    today = today or timezone.localdate()
    cases, tasks = filtered(user, year=year, stage=stage, department=department)
    return {
        "today": today,
        "cases": case_summary(cases),
        "supplements": supplement_summary(cases, today),
        "departments": department_rows(tasks, today),
        "stages": stage_rows(cases),
    }
