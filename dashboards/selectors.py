"""The dashboards' figures, each an aggregate in the database.

Every function runs a fixed number of queries (``values().annotate()`` with conditional
counts and sums), so a dashboard's query count does not grow with the number of projects,
reports, issues or tasks. Row scope follows the models' policies, like the lists behind the
figures.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth

from approvals.services.statistics import approval_statistics, case_summary, filtered
from assessment.choices import PeriodStatus
from assessment.models import AssessmentPeriod, ProjectAssessment
from issues.choices import OPEN_ISSUE_STATUSES, IssueLevel, IssueStatus
from issues.filtersets import overdue_q
from issues.models import LedgerIssue
from liuyang.policies import policy_for
from projects.choices import COUNTED_REPORT_STATUSES, Light, ProjectStage, ProjectType
from projects.models import ProgressReport, Project
from projects.services.lights import LIT_STAGES, with_lights
from reserve.choices import Tier
from reserve.models import AnnualPlanItem, ReserveEntry

from .scope import POOL_STATUSES

ZERO = Decimal("0")
#: the lights shown, worst first
SHOWN_LIGHTS = (Light.RED, Light.YELLOW, Light.GREEN)
#: how many rows the "most lagging" and ranking tables show
TOP = 10


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def projects_in(user, scope):
    """The projects the user may see, narrowed by the scope's project filters."""
    return policy_for(Project).viewable(user, Project.objects.filter(scope.project_q()))


# -- projects by stage, type, industry, town, reserve tier ---------------------------------------


def _counts(projects, field):
    return {
        row[field]: row["n"] for row in projects.order_by().values(field).annotate(n=Count("pk")).order_by()
    }


def by_stage(projects, scope):
    counts = _counts(projects, "stage")
    return [
        {"key": v, "label": label, "count": counts.get(v, 0), "url": scope.projects(stage=v)}
        for v, label in ProjectStage.choices
    ]


def by_type(projects, scope):
    counts = _counts(projects, "project_type")
    return [
        {"key": v, "label": label, "count": counts.get(v, 0), "url": scope.projects(project_type=v)}
        for v, label in ProjectType.choices
    ]


def _by_unit_like(projects, scope, field):
    """Projects per industry or town (only those with projects), largest first."""
    rows = (
        projects.order_by()
        .values(f"{field}_id", f"{field}__name")
        .annotate(n=Count("pk"))
        .order_by("-n", f"{field}__name")
    )
    return [
        {
            "key": row[f"{field}_id"],
            "label": row[f"{field}__name"],
            "count": row["n"],
            "url": scope.projects(**{field: row[f"{field}_id"]}),
        }
        for row in rows
    ]


def by_industry(projects, scope):
    return _by_unit_like(projects, scope, "industry")


def by_town(projects, scope):
    return _by_unit_like(projects, scope, "town")


def by_tier(user, scope):
    """Entries of the reserve pool (储备库, in the pool or planned) per tier."""
    entries = policy_for(ReserveEntry).viewable(
        user, ReserveEntry.objects.filter(scope.project_q("project__"), status__in=POOL_STATUSES)
    )
    counts = _counts(entries, "tier")
    return [
        {"key": v, "label": label, "count": counts.get(v, 0), "url": scope.reserve_entries(v)}
        for v, label in Tier.choices
    ]


# -- lights ------------------------------------------------------------------------------------


def light_counts(projects, scope):
    """Red, yellow and green projects (前期 and 在建 only: others show no light), as of today."""
    lit = with_lights(projects.filter(stage__in=LIT_STAGES), scope.today)
    counts = lit.aggregate(**{v: Count("pk", filter=Q(light=v)) for v in SHOWN_LIGHTS})
    return [
        {
            "key": v,
            "label": Light(v).label,
            "count": counts[v],
            "colour": Light.colour(v),
            "url": scope.projects(light=v),
        }
        for v in SHOWN_LIGHTS
    ]


def most_lagging(projects, scope, limit=TOP):
    """The red and yellow projects, worst first: red before yellow, then furthest behind the
    prorated plan, then the most overdue issues and milestones."""
    severity = Case(When(light=Light.RED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(
        with_lights(projects.select_related("town", "responsible_unit"), scope.today)
        .filter(light__in=(Light.RED, Light.YELLOW))
        .annotate(severity=severity)
        .order_by("severity", "-behind_points", "-overdue_issues", "-overdue_milestones", "code")[:limit]
    )


# -- investment: the year's plan against what was completed, by month ---------------------------


def investment(projects, scope):
    """The year's planned investment and the completed investment by month (万元).

    This year's plan is the projects' annual plan (年度计划投资, what the lights compare
    against); an earlier year's is that year's annual plan (年度实施计划). Completed is
    the sum of counted reports (submitted or accepted) whose period starts in the month.
    """
    if scope.is_current_year:
        plan = projects.aggregate(total=Sum("annual_plan_investment"))["total"] or ZERO
        plan_url = scope.projects(sort="-annual_plan_investment")
    else:
        items = AnnualPlanItem.objects.filter(plan__year=scope.year, project__in=projects.values("pk"))
        found = items.aggregate(total=Sum("planned_investment"), n=Count("pk"))
        plan = found["total"] or ZERO
        plan_url = scope.plan() if found["n"] else None
    rows = (
        ProgressReport.objects.filter(
            status__in=COUNTED_REPORT_STATUSES,
            period_start__year=scope.year,
            project__in=projects.values("pk"),
        )
        .annotate(month=ExtractMonth("period_start"))
        .order_by()
        .values("month")
        .annotate(total=Sum("period_total"))
    )
    by_month = {row["month"]: row["total"] or ZERO for row in rows}
    last_month = scope.today.month if scope.is_current_year else 12
    months, running = [], ZERO
    for month in range(1, 13):
        done = by_month.get(month, ZERO)
        running += done
        months.append(
            {
                "month": month,
                "completed": done if month <= last_month else None,
                "cumulative": running if month <= last_month else None,
                # 序时计划: the plan spread evenly over the year, to the end of the month
                "prorated_plan": (plan * month / 12).quantize(Decimal("0.01")),
            }
        )
    return {
        "plan": plan,
        "plan_url": plan_url,
        "completed": running,
        "rate": percent(running, plan),
        "bar_width": min(percent(running, plan) or ZERO, Decimal("100")),
        "months": months,
        "url": scope.projects(sort="-annual_plan_investment"),
    }


# -- the issue ledger -------------------------------------------------------------------------


def issue_figures(user, scope, units=TOP):
    """Open and overdue ledger issues by level and by responsible unit (all projects: the ledger
    cannot be filtered by project type, industry or town)."""
    today = scope.today
    issues = policy_for(LedgerIssue).viewable(user, LedgerIssue.objects.all())
    is_open, late = Q(status__in=OPEN_ISSUE_STATUSES), overdue_q(today)
    per_level = {
        row["level"]: row
        for row in issues.order_by()
        .values("level")
        .annotate(open=Count("pk", filter=is_open), overdue=Count("pk", filter=late))
    }
    levels = []
    for value, label in IssueLevel.choices:
        row = per_level.get(value, {"open": 0, "overdue": 0})
        levels.append(
            {
                "key": value,
                "label": label,
                "open": row["open"],
                "overdue": row["overdue"],
                "open_url": scope.issues(level=value),
                "overdue_url": scope.issues(level=value, overdue=True),
            }
        )
    unit_rows = (
        issues.filter(is_open)
        .order_by()
        .values("responsible_unit_id", "responsible_unit__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=late))
        .order_by("-overdue", "-open", "responsible_unit__name")[:units]
    )
    by_unit = [
        {
            "key": row["responsible_unit_id"],
            "label": row["responsible_unit__name"],
            "open": row["open"],
            "overdue": row["overdue"],
            "open_url": scope.issues(unit=row["responsible_unit_id"]),
            "overdue_url": scope.issues(unit=row["responsible_unit_id"], overdue=True),
        }
        for row in unit_rows
    ]
    return {
        "levels": levels,
        "units": by_unit,
        "open": sum(row["open"] for row in levels),
        "overdue": sum(row["overdue"] for row in levels),
        "open_url": scope.issues(),
        "overdue_url": scope.issues(overdue=True),
    }


# -- approvals --------------------------------------------------------------------------------


def approval_figures(user, scope):
    """``approvals.services.statistics.approval_statistics`` for cases accepted in the year, with the
    list behind each department's figures."""
    stats = approval_statistics(user, year=scope.year, today=scope.today)
    for row in stats["departments"]:
        row["url"] = scope.tasks(department=row["department_id"])
        row["open_url"] = scope.tasks(department=row["department_id"], open_=True)
        row["overdue_url"] = scope.tasks(department=row["department_id"], overdue=True)
    stats["overdue"] = sum(row["overdue"] for row in stats["departments"])
    stats["overdue_url"] = scope.tasks(overdue=True)
    stats["concluded_url"] = scope.concluded_cases()
    stats["statistics_url"] = scope.approval_statistics()
    return stats


def approval_compression(user, scope):
    """Only the case summary (compression against serial handling): one query."""
    cases, _tasks = filtered(user, year=scope.year)
    summary = case_summary(cases)
    summary["concluded_url"] = scope.concluded_cases()
    return summary


# -- assessment -------------------------------------------------------------------------------


def ranking(user, scope, limit=TOP):
    """The top of the latest published assessment (up to the scope's year): (period, rows)."""
    period = (
        AssessmentPeriod.objects.filter(status=PeriodStatus.PUBLISHED, year__lte=scope.year)
        .order_by("-ends_on", "-pk")
        .first()
    )
    if period is None:
        return None, []
    results = ProjectAssessment.objects.filter(period=period, rank__isnull=False)
    if scope.project_type:
        results = results.filter(project__project_type=scope.project_type)
    results = policy_for(ProjectAssessment).viewable(user, results)
    rows = list(results.select_related("project", "responsible_unit").order_by("rank", "project_id")[:limit])
    period.url = scope.ranking(period)
    return period, rows


# -- the leader's own -------------------------------------------------------------------------


def led_projects(user, scope):
    """The projects whose task force (专班) the user leads, with their lights, worst first."""
    severity = Case(
        When(light=Light.RED, then=Value(0)),
        When(light=Light.YELLOW, then=Value(1)),
        When(light=Light.GREEN, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    projects = Project.objects.filter(task_force__leader=user).select_related("town", "responsible_unit")
    return list(
        with_lights(projects, scope.today)
        .annotate(severity=severity)
        .order_by("severity", "-behind_points", "code")
    )


def led_issues(user, scope):
    """Ledger issues the user leads (领办, escalated to a city leader) that are not closed off,
    overdue first, then by deadline."""
    today = scope.today
    late = Case(When(overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = list(
        LedgerIssue.objects.filter(leader=user)
        .exclude(status=IssueStatus.CLOSED)
        .select_related("project", "responsible_unit")
        .annotate(late=late)
        .order_by("late", "deadline", "pk")
    )
    for issue in rows:
        issue.overdue = issue.is_overdue(today)
    return rows
