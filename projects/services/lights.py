"""Status lights (红黄绿灯), computed in the database for whole lists.

The default thresholds are Yinchuan's rule (DOMAIN-PRACTICE): yellow when 10–30
points behind the time-prorated annual plan (序时进度), red when more than 30
behind; a missed planned start is yellow from the planned month and red after
3 months. Overdue milestones and overdue ledger issues (问题清零) turn the light too.
Every threshold is a setting
(``LIGHT_*``), so a city with other rules changes numbers, not code.

A light applies to projects being prepared or built (前期, 在建); others show none.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Light, ProjectStage
from ..models import Milestone
from .reports import with_completed

LIT_STAGES = (ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION)


def thresholds():
    return {
        "yellow_behind": Decimal(str(getattr(settings, "LIGHT_YELLOW_BEHIND_POINTS", 10))),
        "red_behind": Decimal(str(getattr(settings, "LIGHT_RED_BEHIND_POINTS", 30))),
        "start_red_months": int(getattr(settings, "LIGHT_START_MISSED_RED_MONTHS", 3)),
        "yellow_overdue": int(getattr(settings, "LIGHT_OVERDUE_MILESTONES_YELLOW", 1)),
        "red_overdue": int(getattr(settings, "LIGHT_OVERDUE_MILESTONES_RED", 3)),
        "yellow_issues": int(getattr(settings, "LIGHT_OVERDUE_ISSUES_YELLOW", 1)),
        "red_issues": int(getattr(settings, "LIGHT_OVERDUE_ISSUES_RED", 2)),
    }


def prorated_percent(today):
    """How much of the year's plan should be done by ``today`` (序时进度), in percent."""
    start = datetime.date(today.year, 1, 1)
    days = (datetime.date(today.year + 1, 1, 1) - start).days
    return (Decimal((today - start).days + 1) * 100 / Decimal(days)).quantize(Decimal("0.01"))


def with_lights(projects, today=None):
    """Annotate ``light``, ``behind_points``, ``overdue_milestones``, ``overdue_issues``,
    ``completed_ytd`` and ``completed_total`` on a project queryset: a fixed number of
    subqueries, no per-row work."""
    from issues.choices import OPEN_ISSUE_STATUSES
    from issues.models import LedgerIssue

    today = today or timezone.localdate()
    t = thresholds()
    overdue = (
        Milestone.objects.filter(project=OuterRef("pk"), actual_date__isnull=True, planned_date__lt=today)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    late_issues = (
        LedgerIssue.objects.filter(project=OuterRef("pk"), status__in=OPEN_ISSUE_STATUSES, deadline__lt=today)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    behind = Case(
        When(
            annual_plan_investment__gt=0,
            # Computed in floating point (SQLite stores whole 万元 as integers, and integer
            # division would round 90.01 % down to 90 %), then rounded to 0.01 point on both
            # databases so a threshold is met exactly where the figures say.
            then=Round(
                Cast(
                    Value(float(prorated_percent(today)))
                    - Cast(F("completed_ytd"), FloatField())
                    * Value(100.0)
                    / Cast(F("annual_plan_investment"), FloatField()),
                    output_field=DecimalField(max_digits=12, decimal_places=2),
                ),
                2,
                output_field=DecimalField(max_digits=12, decimal_places=2),
            ),
        ),
        default=Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    start_missed = Q(planned_start__lt=today, actual_start__isnull=True)
    start_missed_long = Q(
        planned_start__lt=today - relativedelta(months=t["start_red_months"]), actual_start__isnull=True
    )
    lit = Q(stage__in=LIT_STAGES)
    return (
        with_completed(projects, year=today.year)
        .annotate(
            overdue_milestones=Coalesce(Subquery(overdue, output_field=IntegerField()), 0),
            overdue_issues=Coalesce(Subquery(late_issues, output_field=IntegerField()), 0),
            behind_points=behind,
        )
        .annotate(
            light=Case(
                When(~lit, then=Value(Light.NONE)),
                When(
                    Q(behind_points__gt=t["red_behind"])
                    | Q(overdue_milestones__gte=t["red_overdue"])
                    | Q(overdue_issues__gte=t["red_issues"])
                    | start_missed_long,
                    then=Value(Light.RED),
                ),
                When(
                    Q(behind_points__gte=t["yellow_behind"])
                    | Q(overdue_milestones__gte=t["yellow_overdue"])
                    | Q(overdue_issues__gte=t["yellow_issues"])
                    | start_missed,
                    then=Value(Light.YELLOW),
                ),
                default=Value(Light.GREEN),
                output_field=CharField(),
            )
        )
    )


def reasons(project, today=None):
    """Why a project has its light, in words, from the annotations of ``with_lights``."""
    today = today or timezone.localdate()
    t = thresholds()
    if project.light == Light.NONE:
        return []
    found = []
    behind = project.behind_points or Decimal("0")
    if behind >= t["yellow_behind"]:
        found.append(_("落后序时进度 %(points)s 个百分点") % {"points": int(behind.to_integral_value())})
    if project.overdue_milestones >= t["yellow_overdue"]:
        found.append(_("%(count)s 个节点逾期") % {"count": project.overdue_milestones})
    if getattr(project, "overdue_issues", 0) >= t["yellow_issues"]:
        found.append(_("%(count)s 个问题逾期未解决") % {"count": project.overdue_issues})
    if project.planned_start and project.planned_start < today and not project.actual_start:
        passed = relativedelta(today, project.planned_start)
        months = passed.years * 12 + passed.months
        if months:
            found.append(
                _("计划开工日期（%(date)s）已过 %(months)s 个月仍未开工")
                % {"date": project.planned_start, "months": months}
            )
        else:
            found.append(
                _("计划开工日期（%(date)s）已过 %(days)s 天仍未开工")
                % {"date": project.planned_start, "days": (today - project.planned_start).days}
            )
    return found
