"""The synthetic city's assessment (精准考核): one annual period, computed over every project in scope.

Benchmark data, like ``bench.ledger``; the period itself goes through
``assessment.services.periods`` (``open_period`` once per run, ``compute`` at every size), so
the results, their indicator lines and their history are what the office's button writes.
The indicator schemes are the migration's defaults (``assessment/0002``); ``bench.city.reset``
empties the rest with the users and projects (TRUNCATE … CASCADE), ``prepare`` their history.

``grow_assessment`` brings the period up to the projects added since the last call:

- **Incidents** (安全质量事件), drawn per project from a stream seeded with its id, for the
  projects in scope without a result yet: 6 % have one to three site-management failures
  (−2 points each on infrastructure), 0.5 % a major accident (一票否决) in 2026.
- **Compute**, which scores the platform's figures: investment completion from the monthly
  reports (``bench.work``), milestones on time, escalations (none: the ledger's sweep is
  rolled back), the incidents.
- **Entered figures** (产值、税收贡献率, 质量标准, 群众满意度, 社会效益): 95 % of the lines
  filled as the office would (about 92 ± 9, source noted, entered by ``bench_office``), 5 %
  left missing (not reported yet, so those results are incomplete and get no outcome);
  written with one upsert per thousand lines, then **compute** again so the scores use them.
- **Fault-tolerance applications**: every eighth of the first 100 projects with a result
  files one (against its accountability outcome, or before acting), at every step: the same
  dozen applications at every size, so the register compares like with like.

``measure_compute`` times ``periods.compute`` inside a transaction rolled back, so every
repeat recomputes the same period over every project in scope.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse

from assessment.choices import FigureSource, IncidentSeverity, OutcomeKind, ToleranceStep
from assessment.models import (
    FaultToleranceApplication,
    IndicatorResult,
    ProjectAssessment,
    ProjectIncident,
)
from assessment.services import periods
from assessment.services.figures import in_scope

from .city import BATCH
from .ledger import _measure

YEAR = 2026
AS_OF = date(2026, 11, 27)
YEAR_START = date(YEAR, 1, 1)
SITE_FAILURES, MAJOR_ACCIDENTS = 0.06, 0.005
DESCRIPTIONS = {IncidentSeverity.SITE: "现场检查发现问题。", IncidentSeverity.MAJOR: "发生较大安全事故。"}
ENTERED_MISSING = 0.05
#: fault-tolerance applications: every APPLY_EVERY-th project of the first APPLY_SPAN
APPLY_SPAN, APPLY_EVERY = 100, 8
#: the scheme tables (and their history) come with the migrations: ``prepare`` keeps them
KEEP = {
    "assessment.IndicatorScheme",
    "assessment.HistoricalIndicatorScheme",
    "assessment.Indicator",
    "assessment.HistoricalIndicator",
}
TABLES = [
    ProjectAssessment,
    ProjectAssessment.history.model,
    IndicatorResult,
    ProjectIncident,
    FaultToleranceApplication,
]


def available():
    """Whether the build has the ranking page the computed results are read on."""
    try:
        reverse("assessment:period_detail", args=[1])
    except NoReverseMatch:
        return False
    return True


def prepare(office):
    """Empty the assessment tables but the schemes; open the YEAR annual period as ``office``."""
    names = [
        model._meta.db_table
        for model in apps.get_app_config("assessment").get_models(include_auto_created=True)
        if model._meta.label not in KEEP
    ]
    quoted = ", ".join(connection.ops.quote_name(t) for t in sorted(names))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    return periods.open_period(office, year=YEAR)


def _incidents(period, office):
    """Site failures and major accidents for the projects in scope without a result yet."""
    assessed = ProjectAssessment.objects.filter(period=period).values("project_id")
    new = (
        in_scope(settings.ASSESSMENT_STAGES)
        .exclude(pk__in=assessed)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = []
    span = (AS_OF - YEAR_START).days
    for project_id in new:
        rng = random.Random(f"liuyang-bench-incidents-{project_id}")
        severities = []
        if rng.random() < SITE_FAILURES:
            severities += [IncidentSeverity.SITE] * rng.randint(1, 3)
        if rng.random() < MAJOR_ACCIDENTS:
            severities.append(IncidentSeverity.MAJOR)
        rows += [
            ProjectIncident(
                project_id=project_id,
                occurred_on=YEAR_START + timedelta(days=rng.randrange(span)),
                severity=severity,
                description=DESCRIPTIONS[severity],
                recorded_by=office,
            )
            for severity in severities
        ]
    ProjectIncident.objects.bulk_create(rows, batch_size=BATCH * 5)
    return len(rows)


def _enter_figures(period, office):
    """Fill the missing entered figures (but ENTERED_MISSING of them); the number filled."""
    missing = IndicatorResult.objects.filter(
        assessment__period=period, indicator__source=FigureSource.ENTERED, figure__isnull=True
    ).values_list("assessment_id", "assessment__project_id", "indicator_id")
    rows = []
    for assessment_id, project_id, indicator_id in missing.order_by("pk"):
        rng = random.Random(f"liuyang-bench-figure-{project_id}-{indicator_id}")
        if rng.random() < ENTERED_MISSING:
            continue
        figure = min(max(rng.gauss(92, 9), 40), 115)
        rows.append(
            IndicatorResult(
                assessment_id=assessment_id,
                indicator_id=indicator_id,
                figure=Decimal(f"{figure:.1f}"),
                source_note="市统计局年报（基准测试）",
                entered_by=office,
            )
        )
    for first in range(0, len(rows), BATCH * 5):
        IndicatorResult.objects.bulk_create(
            rows[first : first + BATCH * 5],
            update_conflicts=True,
            unique_fields=["assessment", "indicator"],
            update_fields=["figure", "source_note", "entered_by"],
        )
    return len(rows)


def _applications(period, office):
    """The register's applications, once: every APPLY_EVERY-th of the first APPLY_SPAN projects."""
    if FaultToleranceApplication.objects.exists():
        return 0
    results = ProjectAssessment.objects.filter(period=period, project_id__lte=APPLY_SPAN).order_by(
        "project_id"
    )
    steps = list(ToleranceStep)
    rows = []
    for n, result in enumerate(r for r in results if r.project_id % APPLY_EVERY == 0):
        rng = random.Random(f"liuyang-bench-tolerance-{result.project_id}")
        against = result.outcome == OutcomeKind.ACCOUNTABILITY
        day = YEAR_START + timedelta(days=rng.randrange((AS_OF - YEAR_START).days))
        rows.append(
            FaultToleranceApplication(
                result=result if against else None,
                project_id=result.project_id,
                unit_id=result.responsible_unit_id,
                applicant=office,
                before_acting=not against,
                facts="项目推进中按新政策先行实施，事后发现程序存在瑕疵。",
                policy_direction="符合市委市政府关于重点项目建设的决策部署。",
                public_good="为加快项目建设、保障群众利益。",
                no_private_gain="未谋取任何私利。",
                first_trial=rng.random() < 0.3,
                step=steps[n % len(steps)],
                original_outcome=result.outcome if against else "",
                applied_at=datetime.combine(day, time(2), tzinfo=UTC),
            )
        )
    FaultToleranceApplication.objects.bulk_create(rows)
    return len(rows)


def grow_assessment(office, period):
    """Incidents, results, entered figures and applications for the projects added since the last
    call; returns what was added."""
    with transaction.atomic():
        incidents = _incidents(period, office)
    periods.compute(office, period)
    with transaction.atomic():
        entered = _enter_figures(period, office)
    results = periods.compute(office, period)
    with transaction.atomic():
        applications = _applications(period, office)
    lines = IndicatorResult.objects.filter(assessment__period=period).count()
    return {
        "results": results,
        "lines": lines,
        "entered": entered,
        "incidents": incidents,
        "applications": applications,
    }


def measure_compute(office, period, repeat=3):
    """``periods.compute`` over every project in scope, rolled back after each run."""
    return _measure(
        f"compute({period.name}, every project in scope)",
        lambda: {"results": periods.compute(office, period)},
        repeat,
    )
