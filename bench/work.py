"""The synthetic city's task-force work: work-plan milestones and monthly progress reports.

Benchmark data built with bulk_create (no history), like ``bench.city`` and ``bench.pool``;
the demo's work goes through ``projects.services`` instead. Project *i* draws from a random
stream seeded with its id, so the work is the same on every run whatever the sizes.

- **Milestones**: every project in preparation, under construction, completed or operating
  has its type's template nodes (the migrations' templates: 7 pre-construction links and
  5–9 construction nodes), the construction nodes spread over its planned duration. As of
  27 November 2026 (``AS_OF``, when the lights were built) the nodes due are done, a few
  days early or some weeks late; about 4 % of them are still open (overdue); the next one is
  in progress. Projects in preparation have built nothing: their works are planned after
  ``AS_OF``; finished projects have done everything.
- **Reports**: every project under construction reports the twelve months December 2025 –
  November 2026 (from its start month, if later): the annual plan spent on a seasonal curve
  at the project's own pace (most on plan, some behind, a few far behind), split into
  construction / installation / equipment / other. All accepted but the latest (submitted);
  about 3 % have one returned month, about 2 % a latest month still in draft.

So the list's lights come out as a city's would in late November: mostly green, some
yellow, some red.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module

from django.db import transaction
from django.db.models import Max

from accounts.models import User
from accounts.roles import Role
from projects.choices import MilestonePhase, ProjectStage, ReportFrequency, ReportStatus
from projects.models import Milestone, MilestoneTemplate, ProgressReport, Project, TaskForceMember

from .city import BATCH

AS_OF = date(2026, 11, 27)
MONTHS = [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]
#: the months reported before those: January 2023 – November 2025
HISTORY = [date(y, m, 1) for y in (2023, 2024, 2025) for m in range(1, 13)][:-1]
#: the projects the office set to report weekly (按周填报) from the first Monday of 2026
WEEKLY_ODDS = 0.15
WEEKS_FROM = date(2026, 1, 5)
#: share of the year's investment done in each month, January first (as the demo's)
SEASON = [0.07, 0.04, 0.08, 0.09, 0.09, 0.08, 0.08, 0.09, 0.09, 0.09, 0.10, 0.10]
#: (weight, slowest, fastest) pace of a project against its annual plan
PACES = [(70, 0.92, 1.12), (18, 0.65, 0.90), (12, 0.30, 0.65)]
OVERDUE_ODDS = 0.04
WITH_PLAN = {
    ProjectStage.PREPARATION,
    ProjectStage.CONSTRUCTION,
    ProjectStage.COMPLETED,
    ProjectStage.OPERATING,
}
WORKS = [
    "场地平整、桩基施工",
    "基础施工，部分单体正负零完成",
    "主体结构施工",
    "主体封顶，砌体及机电安装施工",
    "装饰装修，设备安装调试",
    "收尾工程，竣工验收准备",
]


def _month_end(start):
    return date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)


def _moment(day, hour=10):
    return datetime.combine(day, time(hour), UTC)


def _money(value):
    return Decimal(max(0, round(value, 2))).quantize(Decimal("0.01"))


def _pace(rng):
    weights = [w for w, _low, _high in PACES]
    _weight, low, high = rng.choices(PACES, weights=weights)[0]
    return rng.uniform(low, high)


def _templates():
    """The active templates by project type; the migration's defaults are restored if a ``--keep``
    database from an older benchmark lost them."""
    if not MilestoneTemplate.objects.exists():
        from django.apps import apps

        import_module("projects.migrations.0004_milestone_templates").create(apps, None)
    return {
        t.project_type: [(i.name, i.phase, i.offset_days) for i in t.items.order_by("sort_order", "pk")]
        for t in MilestoneTemplate.objects.filter(is_active=True)
    }


def _milestones(project, items, owner_id, rng):
    start, completion = project.planned_start, project.planned_completion
    if start is None:
        return []
    longest = max(offset for _name, _phase, offset in items)
    scale = (completion - start).days / longest if completion and completion > start else 1
    works = [o for _n, phase, o in items if phase == MilestonePhase.CONSTRUCTION and o > 0]
    delay = timedelta(0)
    if project.stage == ProjectStage.PREPARATION and works:
        delay = max(delay, AS_OF + timedelta(days=30) - (start + timedelta(days=round(min(works) * scale))))
    finished = project.stage in (ProjectStage.COMPLETED, ProjectStage.OPERATING)
    nodes, in_progress = [], False
    for order, (name, phase, offset) in enumerate(items, start=1):
        planned = start + (
            timedelta(days=round(offset * scale)) + delay if offset > 0 else timedelta(days=offset)
        )
        started = done = None
        if finished or (planned < AS_OF and rng.random() >= OVERDUE_ODDS):
            done = min(planned + timedelta(days=rng.randint(-7, 40)), AS_OF - timedelta(days=1))
            started = done - timedelta(days=rng.randint(15, 90))
        elif planned < AS_OF:
            started = planned - timedelta(days=rng.randint(15, 60))
            in_progress = True
        elif not in_progress and (
            project.stage == ProjectStage.CONSTRUCTION or phase == MilestonePhase.PRE_CONSTRUCTION
        ):
            started, in_progress = AS_OF - timedelta(days=rng.randint(5, 40)), True
        nodes.append(
            Milestone(
                project_id=project.pk,
                name=name,
                phase=phase,
                owner_id=owner_id,
                owner_unit_id=project.responsible_unit_id,
                planned_date=planned,
                started_on=started,
                actual_date=done,
                sort_order=order * 10,
            )
        )
    return nodes


def _weeks(first):
    """Monday starts of the weeks from ``first`` (a Monday) up to the one holding ``AS_OF``."""
    weeks = []
    while first <= AS_OF:
        weeks.append(first)
        first += timedelta(days=7)
    return weeks


def _periods(project, rng):
    """(weekly?, [(frequency, start, end, share of the annual plan or None for history)]).

    History (January 2023 – November 2025) is monthly for every project; the twelve recent
    months are monthly too, or, for WEEKLY_ODDS of the projects (the office set them to
    report weekly for 2026), December 2025 monthly and then weekly from the first Monday of 2026.
    """
    first = (
        date(project.actual_start.year, project.actual_start.month, 1) if project.actual_start else MONTHS[0]
    )
    weekly = rng.random() < WEEKLY_ODDS
    periods = [(ReportFrequency.MONTHLY, m, _month_end(m), None) for m in HISTORY if m >= first]
    recent = [m for m in MONTHS if m >= first and not (weekly and m >= WEEKS_FROM)]
    periods += [(ReportFrequency.MONTHLY, m, _month_end(m), SEASON[m.month - 1]) for m in recent]
    if weekly:
        periods += [
            (ReportFrequency.WEEKLY, w, w + timedelta(days=6), SEASON[w.month - 1] / 4.35)
            for w in _weeks(max(WEEKS_FROM, first - timedelta(days=first.weekday())))
        ]
    return weekly, periods


def _reports(project, filer_id, reviewer_id, rng):
    weekly, periods = _periods(project, rng)
    if not periods:
        return weekly, []
    pace = _pace(rng)
    annual = float(project.annual_plan_investment) or float(project.total_investment) / 4
    total = float(project.total_investment)
    history = [p for p in periods if p[3] is None]
    recent = [p for p in periods if p[3] is not None]
    # the history's spending stays within what the year's plan leaves of the total
    history_each = max(total - 1.5 * annual, 0) * rng.uniform(0.3, 0.9) / max(len(history), 1)
    returned = recent[rng.randrange(len(recent))][1] if recent and rng.random() < 0.03 else None
    draft_latest = rng.random() < 0.02
    started = project.actual_start or periods[0][1]
    duration = max(((project.planned_completion or AS_OF) - started).days, 365)
    reports = []
    for index, (frequency, start, end, share) in enumerate(periods):
        if share is None:
            amount = history_each * rng.uniform(0.7, 1.3)
        else:
            amount = annual * pace * share * rng.uniform(0.85, 1.15)
        equipment = amount * rng.uniform(0.05, 0.35)
        installation = amount * rng.uniform(0.05, 0.15)
        other = amount * rng.uniform(0.03, 0.10)
        done_share = min(max((end - started).days, 1) / duration, 1.0)
        latest = index == len(periods) - 1
        status = ReportStatus.SUBMITTED if latest else ReportStatus.ACCEPTED
        if start == returned and not latest:
            status = ReportStatus.RETURNED
        if latest and draft_latest:
            status = ReportStatus.DRAFT
        submitted = end + timedelta(days=rng.randint(1, 5 if frequency == ReportFrequency.MONTHLY else 2))
        report = ProgressReport(
            project_id=project.pk,
            frequency=frequency,
            period_start=start,
            period_end=end,
            status=status,
            construction=_money(amount - equipment - installation - other),
            installation=_money(installation),
            equipment=_money(equipment),
            other=_money(other),
            physical_progress=WORKS[min(int(done_share * len(WORKS)), len(WORKS) - 1)],
            percent_complete=Decimal(f"{min(done_share * 100, 100):.2f}"),
            created_by_id=filer_id,
            submitted_at=None if status == ReportStatus.DRAFT else _moment(submitted),
            submitted_by_id=None if status == ReportStatus.DRAFT else filer_id,
            reviewed_at=_moment(submitted + timedelta(days=3), 15)
            if status in ("accepted", "returned")
            else None,
            reviewed_by_id=reviewer_id if status in ("accepted", "returned") else None,
            review_comment="投资分项与凭证不符，请核实后重新提交" if status == ReportStatus.RETURNED else "",
        )
        reports.append(report)
    # Keep a cumulative figure within the total, as the statistics system would.
    spent = sum(float(r.construction + r.installation + r.equipment + r.other) for r in reports)
    return weekly, reports if spent <= total else reports[: max(1, int(len(reports) * total / spent))]


@transaction.atomic
def grow_work():
    """Milestones and reports for the projects added since the last call; return (milestones, reports)."""
    done_up_to = max(
        Milestone.objects.aggregate(n=Max("project_id"))["n"] or 0,
        ProgressReport.objects.aggregate(n=Max("project_id"))["n"] or 0,
    )
    templates = _templates()
    reviewer_id = (
        User.objects.filter(groups__name=Role.KEY_OFFICE).order_by("pk").values_list("pk", flat=True)[0]
    )
    fields = [
        "pk",
        "stage",
        "project_type",
        "planned_start",
        "planned_completion",
        "actual_start",
        "total_investment",
        "annual_plan_investment",
        "responsible_unit_id",
    ]
    projects = list(
        Project.objects.filter(pk__gt=done_up_to, stage__in=WITH_PLAN).order_by("pk").only(*fields)
    )
    counts = [0, 0]
    for first in range(0, len(projects), BATCH):
        batch = projects[first : first + BATCH]
        leads = {}
        for project_id, user_id in (
            TaskForceMember.objects.filter(task_force__project__in=[p.pk for p in batch])
            .order_by("pk")
            .values_list("task_force__project_id", "user_id")
        ):
            leads.setdefault(project_id, user_id)
        milestones, reports, weekly = [], [], []
        for project in batch:
            rng = random.Random(f"liuyang-bench-work-{project.pk}")
            filer_id = leads.get(project.pk, reviewer_id)
            milestones += _milestones(project, templates[project.project_type], filer_id, rng)
            if project.stage == ProjectStage.CONSTRUCTION:
                weekly_project, rows = _reports(project, filer_id, reviewer_id, rng)
                reports += rows
                if weekly_project:
                    weekly.append(project.pk)
        Project.objects.filter(pk__in=weekly).update(report_frequency=ReportFrequency.WEEKLY)
        Milestone.objects.bulk_create(milestones, batch_size=BATCH * 5)
        ProgressReport.objects.bulk_create(reports, batch_size=BATCH * 5)
        counts[0] += len(milestones)
        counts[1] += len(reports)
    return tuple(counts)


TABLES = [Milestone, ProgressReport]
