"""The figures the platform computes for a period, for every project in scope, in a fixed number of queries."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from issues.models import EscalationStep
from projects.models import Milestone, Project
from projects.services.reports import with_completed

from ..choices import IncidentSeverity, Metric
from ..models import ProjectIncident

TWO = Decimal("0.01")


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole) * 100).quantize(TWO, rounding=ROUND_HALF_UP)


def computed_figures(projects, period):
    """{project id: {metric: figure}} for the projects of ``projects`` (a queryset) over ``period``."""
    figures = {}
    for row in with_completed(projects, year=period.year).values(
        "pk", "completed_ytd", "annual_plan_investment"
    ):
        figures.setdefault(row["pk"], {})[Metric.INVESTMENT_COMPLETION] = _percent(
            row["completed_ytd"] or 0, row["annual_plan_investment"]
        )
    in_period = {"planned_date__gte": period.starts_on, "planned_date__lte": period.ends_on}
    milestones = (
        Milestone.objects.filter(project__in=projects.values("pk"), **in_period)
        .values("project_id")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(actual_date__lte=F("planned_date"))))
        .order_by()
    )
    for row in milestones:
        figures.setdefault(row["project_id"], {})[Metric.MILESTONES_ON_TIME] = _percent(
            row["on_time"], row["due"]
        )
    steps = (
        EscalationStep.objects.filter(
            issue__project__in=projects.values("pk"),
            at__date__gte=period.starts_on,
            at__date__lte=period.ends_on,
        )
        .values("issue__project_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    escalated = {row["issue__project_id"]: row["n"] for row in steps}
    incidents = (
        ProjectIncident.objects.filter(
            project__in=projects.values("pk"),
            occurred_on__gte=period.starts_on,
            occurred_on__lte=period.ends_on,
        )
        .values("project_id")
        .annotate(
            major=Count("pk", filter=Q(severity=IncidentSeverity.MAJOR)),
            site=Count("pk", filter=Q(severity=IncidentSeverity.SITE)),
        )
        .order_by()
    )
    events = {row["project_id"]: row for row in incidents}
    for pk, metrics in figures.items():
        metrics.setdefault(Metric.MILESTONES_ON_TIME, Decimal("100.00"))  # nothing was due: nothing late
        metrics[Metric.ESCALATED_ISSUES] = Decimal(escalated.get(pk, 0))
        metrics[Metric.MAJOR_INCIDENTS] = Decimal(events.get(pk, {}).get("major", 0))
        metrics[Metric.SITE_FAILURES] = Decimal(events.get(pk, {}).get("site", 0))
    return figures


def in_scope(settings_stages):
    return Project.objects.filter(stage__in=settings_stages)
