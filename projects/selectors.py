"""Read-side queries of the task-force pages (精准服务): each answers in a fixed number of queries.

State changes live in ``projects.services``; nothing here writes.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from liuyang.policies import policy_for

from .choices import COUNTED_REPORT_STATUSES, Light, ReportFrequency, ReportStatus
from .models import DispatchMeeting, Milestone, ProgressReport, Project, TaskForce
from .services import lights
from .services.periods import due_date, period_for, previous_period
from .services.reports import with_cumulative

ZERO = Decimal("0")

#: red first, then yellow, green, and projects without a light
LIGHT_RANK = Case(
    When(light=Light.RED, then=Value(0)),
    When(light=Light.YELLOW, then=Value(1)),
    When(light=Light.GREEN, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def attach_reasons(projects, today):
    """Set ``light_reasons`` (words) and ``light_colour`` on projects annotated by ``with_lights``."""
    for project in projects:
        project.light_reasons = lights.reasons(project, today)
        project.light_colour = Light.colour(project.light)
        project.light_display = Light(project.light).label
    return projects


# -- periods and their reports -----------------------------------------------------------


@dataclass
class PeriodState:
    """One reporting period of one project: its report (if any) and what it needs."""

    frequency: str
    start: datetime.date
    end: datetime.date
    due: datetime.date
    report: object = None  # a ProgressReport, or its pk where only the pk is known
    status: str = ""  # the report's status, "" when there is none
    today: datetime.date = None

    @property
    def label(self):
        if self.frequency == ReportFrequency.WEEKLY:
            return _("%(start)s 至 %(end)s") % {
                "start": self.start.strftime("%m-%d"),
                "end": self.end.strftime("%m-%d"),
            }
        return _("%(year)s年%(month)s月") % {"year": self.start.year, "month": self.start.month}

    @property
    def is_late(self):
        """Not handed in (none, or only a draft) and past its due date."""
        return self.status in ("", ReportStatus.DRAFT) and self.due < self.today

    @property
    def days_late(self):
        return (self.today - self.due).days if self.is_late else 0

    @property
    def needs_filing(self):
        """Staff still have something to do: nothing filed, a draft, or a returned report."""
        return self.status in ("", ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def report_id(self):
        return getattr(self.report, "pk", self.report)

    @property
    def state(self):
        if self.is_late:
            return "late"
        return self.status or "missing"

    @property
    def status_label(self):
        """What there is for the period, lateness aside."""
        if self.status == ReportStatus.DRAFT:
            return _("草稿未提交")
        if self.status:
            return ReportStatus(self.status).label
        return _("未填报")

    @property
    def state_label(self):
        """What there is, and whether that is late."""
        if self.is_late:
            return _("草稿未提交，已逾期") if self.status else _("未填报，已逾期")
        return self.status_label

    @property
    def state_colour(self):
        if self.is_late:
            return "danger"
        if not self.status:
            return "secondary"
        return ReportStatus.colour(self.status)


def periods_now(frequency, today):
    """(current, previous) period starts of ``frequency`` for ``today``."""
    current = period_for(frequency, today)[0]
    return current, previous_period(frequency, current)[0]


def period_state(frequency, start, today, report=None, status=""):
    return PeriodState(
        frequency=frequency,
        start=start,
        end=period_for(frequency, start)[1],
        due=due_date(frequency, start),
        report=report,
        status=status or (report.status if isinstance(report, ProgressReport) else ""),
        today=today,
    )


def attach_periods(projects, today):
    """Set ``current_period`` and ``previous_period`` (PeriodState) on each project: one query."""
    projects = list(projects)
    if not projects:
        return projects
    starts = {frequency: periods_now(frequency, today) for frequency in ReportFrequency.values}
    wanted = Q()
    for frequency, pair in starts.items():
        wanted |= Q(frequency=frequency, period_start__in=pair)
    reports = {
        (r.project_id, r.frequency, r.period_start): r
        for r in ProgressReport.objects.filter(wanted, project__in=[p.pk for p in projects])
    }
    for project in projects:
        frequency = project.report_frequency
        current, previous = starts[frequency]
        project.current_period = period_state(
            frequency, current, today, reports.get((project.pk, frequency, current))
        )
        project.previous_period = period_state(
            frequency, previous, today, reports.get((project.pk, frequency, previous))
        )
    return projects


def attach_next_milestones(projects, today, limit=3):
    """Set ``next_milestones`` (the next unfinished nodes by planned date, overdue first): one query."""
    projects = list(projects)
    by_project = {p.pk: [] for p in projects}
    if by_project:
        rows = (
            Milestone.objects.filter(project__in=list(by_project), actual_date__isnull=True)
            .with_status(today)
            .select_related("owner", "owner_unit")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("project_id")],
                    order_by=[F("planned_date").asc(nulls_last=True), F("sort_order").asc(), F("pk").asc()],
                )
            )
            .filter(rank__lte=limit)
            .order_by("project_id", "rank")
        )
        for milestone in rows:
            by_project[milestone.project_id].append(milestone)
    for project in projects:
        project.next_milestones = by_project[project.pk]
    return projects


# -- 我的项目 ------------------------------------------------------------------------------


def my_projects(user, today):
    """The projects a user works on (their row scope) and, for a city leader, those whose
    task force they lead; red lights first. ``user_can_change`` says which they may write."""
    writable = policy_for(Project).writable(user).values("pk")
    # A UNION of two indexed lookups, not an OR across a join (which reads every project).
    mine = Q(
        pk__in=writable.order_by().union(
            TaskForce.objects.filter(leader=user).order_by().values("project_id")
        )
    )
    return (
        lights.with_lights(
            Project.objects.filter(mine).select_related("industry", "responsible_unit", "town"), today
        )
        .annotate(
            user_can_change=Case(
                When(pk__in=writable, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            light_rank=LIGHT_RANK,
        )
        .order_by("light_rank", "code")
    )


def decorate_my_projects(projects, today):
    """Everything a card of 我的项目 shows beyond the row: reasons, milestones, periods (2 queries)."""
    projects = attach_reasons(list(projects), today)
    attach_next_milestones(projects, today)
    attach_periods(projects, today)
    for project in projects:
        plan = project.annual_plan_investment
        project.ytd_percent = (
            min(int(project.completed_ytd * 100 / plan), 100) if plan and project.completed_ytd else 0
        )
    return projects


# -- a project's reports, milestones and meetings ------------------------------------------


def project_reports(project):
    """A project's reports, newest first, with their cumulative figures and photo counts."""
    return with_cumulative(
        ProgressReport.objects.filter(project=project)
        .select_related("submitted_by", "reviewed_by")
        .annotate(photo_count=Count("photos"))
    ).order_by("-period_start", "-pk")


def project_milestones(project, today):
    return (
        Milestone.objects.filter(project=project)
        .with_status(today)
        .select_related("owner", "owner_unit")
        .order_by("sort_order", F("planned_date").asc(nulls_last=True), "pk")
    )


def task_force_meetings(task_force, today):
    """A task force's meetings, newest first, with counts of open and overdue action items."""
    return (
        DispatchMeeting.objects.filter(task_force=task_force)
        .select_related("chair")
        .annotate(
            item_count=Count("action_items", distinct=True),
            open_count=Count("action_items", filter=Q(action_items__done_on__isnull=True), distinct=True),
            overdue_count=Count(
                "action_items",
                filter=Q(action_items__done_on__isnull=True, action_items__due_date__lt=today),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-pk")
    )


def cumulative_before(project, period_start):
    """(since start, since 1 January) of the counted reports before ``period_start``: what a
    report of that period adds its own total to (services.reports.with_cumulative). One query."""
    rows = ProgressReport.objects.filter(
        project=project, status__in=COUNTED_REPORT_STATUSES, period_start__lt=period_start
    ).aggregate(
        total=Sum("period_total"),
        ytd=Sum("period_total", filter=Q(period_start__year=period_start.year)),
    )
    return rows["total"] or ZERO, rows["ytd"] or ZERO


# -- the office's list of reports needing attention ----------------------------------------


def _by_frequency(values, output_field):
    """A per-row constant chosen by the project's report frequency."""
    return Case(
        When(report_frequency=ReportFrequency.WEEKLY, then=Value(values[ReportFrequency.WEEKLY])),
        default=Value(values[ReportFrequency.MONTHLY]),
        output_field=output_field,
    )


def _report_of(start_field, column):
    return Subquery(
        ProgressReport.objects.filter(
            project=OuterRef("pk"), frequency=OuterRef("report_frequency"), period_start=OuterRef(start_field)
        )
        .order_by()
        .values(column)[:1]
    )


def late_q(prefix, today):
    """The period's report is not handed in (none, or a draft) and its due date has passed."""
    return Q(**{f"{prefix}_due__lt": today}) & (
        Q(**{f"{prefix}_status__isnull": True}) | Q(**{f"{prefix}_status": ReportStatus.DRAFT})
    )


def attention_q(states, today, prefixes=("cur", "prev")):
    """Projects with a period (of ``prefixes``) in one of ``states``: late, returned, submitted."""
    q = Q(pk__in=[])
    for prefix in prefixes:
        if "late" in states:
            q |= late_q(prefix, today)
        if "returned" in states:
            q |= Q(**{f"{prefix}_status": ReportStatus.RETURNED})
        if "submitted" in states:
            q |= Q(**{f"{prefix}_status": ReportStatus.SUBMITTED})
    return q


ATTENTION_STATES = ("late", "returned", "submitted")


def attention_projects(today):
    """Projects being prepared or built (前期, 在建), annotated for the current and the previous
    period with start, due date, report id and status; filtered to those needing attention."""
    current = {f: periods_now(f, today)[0] for f in ReportFrequency.values}
    previous = {f: periods_now(f, today)[1] for f in ReportFrequency.values}
    return (
        Project.objects.filter(stage__in=lights.LIT_STAGES)
        .select_related("responsible_unit", "town")
        .annotate(
            cur_start=_by_frequency(current, DateField()),
            prev_start=_by_frequency(previous, DateField()),
            cur_due=_by_frequency({f: due_date(f, s) for f, s in current.items()}, DateField()),
            prev_due=_by_frequency({f: due_date(f, s) for f, s in previous.items()}, DateField()),
        )
        .annotate(
            cur_report=_report_of("cur_start", "pk"),
            cur_status=_report_of("cur_start", "status"),
            prev_report=_report_of("prev_start", "pk"),
            prev_status=_report_of("prev_start", "status"),
        )
        .filter(attention_q(ATTENTION_STATES, today))
        .order_by("responsible_unit__sort_order", "responsible_unit__name", "code")
    )


def decorate_attention(projects, today):
    """Turn each row's annotations into two PeriodStates (no query)."""
    projects = list(projects)
    for project in projects:
        frequency = project.report_frequency
        project.current_period = period_state(
            frequency, project.cur_start, today, project.cur_report, project.cur_status or ""
        )
        project.previous_period = period_state(
            frequency, project.prev_start, today, project.prev_report, project.prev_status or ""
        )
    return projects
