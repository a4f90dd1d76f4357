"""Read-side queries of the ledger: the weekly issue list (每周问题清单).

A week is an ISO week, Monday to Sunday (Asia/Shanghai). The list has four
sections: issues raised in the week, closed off in the week, escalated in the
week, and overdue as the week ended — open at its end (raised by then and not
closed by then) with a deadline, as it stood then, before the week's last day.
A deadline moved later by an escalation after the week is taken as it was
(the step's ``old_deadline``), and so is the level.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .choices import IssueLevel
from .models import EscalationStep

ISSUE_ROWS = ("project", "category", "responsible_unit", "responsible_person", "leader")


@dataclass
class Week:
    year: int
    number: int

    @classmethod
    def containing(cls, day):
        year, number, _weekday = day.isocalendar()
        return cls(year, number)

    @classmethod
    def parse(cls, text):
        """``2026-W10`` (as an ``<input type="week">`` sends it) → Week; ValueError if not a week."""
        text = (text or "").strip()
        year, sep, number = text.upper().partition("-W")
        if not sep or not year.isdigit() or not number.isdigit():
            raise ValueError(text)
        week = cls(int(year), int(number))
        week.start  # noqa: B018 -- raises ValueError for a week the year does not have
        return week

    @property
    def start(self):
        return datetime.date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self):
        return self.start + datetime.timedelta(days=6)

    def shifted(self, weeks):
        return Week.containing(self.start + datetime.timedelta(weeks=weeks))

    def __str__(self):
        return f"{self.year}-W{self.number:02d}"


@dataclass
class WeeklyList:
    week: Week
    new: list
    closed: list
    escalated: list
    overdue: list
    by_level: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)


def _bounds(week):
    """The week as datetimes: [Monday 00:00, next Monday 00:00) in the current time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week.start, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def overdue_at(queryset, day, after):
    """Issues of ``queryset`` open at the end of ``day`` with their deadline then before ``day``.

    ``after`` is the moment the day ended: an escalation taken later tells the
    deadline and level the issue had then (``deadline_then``, ``level_then``).
    """
    later = EscalationStep.objects.filter(issue=OuterRef("pk"), at__gte=after).order_by("at", "pk")
    return (
        queryset.filter(Q(raised_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .annotate(
            deadline_then=Coalesce(Subquery(later.values("old_deadline")[:1]), F("deadline")),
            level_then=Coalesce(Subquery(later.values("from_level")[:1]), F("level")),
        )
        .filter(deadline_then__lt=day)
        .order_by("deadline_then", "pk")
    )


def weekly_list(issues, steps, week):
    """The weekly list of the ``issues`` (and escalation ``steps``) a user may read."""
    start, after = _bounds(week)
    issues = issues.select_related(*ISSUE_ROWS)
    new = list(issues.filter(raised_on__range=(week.start, week.end)).order_by("raised_on", "pk"))
    closed = list(issues.filter(closed_on__range=(week.start, week.end)).order_by("closed_on", "pk"))
    escalated = list(
        steps.filter(at__gte=start, at__lt=after)
        .select_related(*(f"issue__{name}" for name in ISSUE_ROWS))
        .order_by("at", "pk")
    )
    overdue = list(overdue_at(issues, week.end, after))
    for issue in new + closed:
        issue.level_then = issue.level
    for step in escalated:
        step.issue.level_then = step.to_level
    result = WeeklyList(week, new, closed, escalated, overdue)
    result.by_level, result.by_unit = _counts(result)
    return result


def _counts(result):
    """Rows of (label, new, closed, escalated, overdue) by level, and by responsible unit."""
    sections = (
        result.new,
        result.closed,
        [step.issue for step in result.escalated],
        result.overdue,
    )
    by_level = {level: [0, 0, 0, 0] for level in IssueLevel.values}
    by_unit = {}
    for index, rows in enumerate(sections):
        for issue in rows:
            by_level[issue.level_then][index] += 1
            unit = issue.responsible_unit
            by_unit.setdefault(unit.pk, [unit, [0, 0, 0, 0]])[1][index] += 1
    levels = [(IssueLevel(level).label, *counts) for level, counts in by_level.items()]
    units = sorted(by_unit.values(), key=lambda pair: (pair[0].sort_order, pair[0].name))
    return levels, [(unit.name, *counts) for unit, counts in units]
