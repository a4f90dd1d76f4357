"""Read-side figures of a period: the results per responsible unit, ranked."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q

from .choices import Grade, OutcomeKind
from .models import ProjectAssessment


def unit_results(period, queryset=None):
    """One row per responsible unit: projects, average score, grades and outcomes, ranked by average."""
    queryset = ProjectAssessment.objects.filter(period=period) if queryset is None else queryset
    rows = list(
        queryset.values("responsible_unit_id", "responsible_unit__name")
        .annotate(
            projects=Count("pk"),
            average=Avg("score"),
            excellent=Count("pk", filter=Q(grade=Grade.EXCELLENT)),
            failed=Count("pk", filter=Q(grade=Grade.FAIL)),
            commended=Count("pk", filter=Q(outcome__in=(OutcomeKind.COMMENDATION, OutcomeKind.REWARD))),
            interviewed=Count("pk", filter=Q(outcome=OutcomeKind.INTERVIEW)),
            accountable=Count("pk", filter=Q(outcome=OutcomeKind.ACCOUNTABILITY)),
        )
        .order_by("-average", "responsible_unit__name")
    )
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["unit"] = row.pop("responsible_unit__name")
        row["average"] = Decimal(row["average"] or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return rows
