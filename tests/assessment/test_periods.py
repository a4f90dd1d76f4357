"""A full period: compute, correct entered figures, close, and recompute to the same numbers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from assessment.choices import Grade, OutcomeKind, PeriodStatus
from assessment.models import IndicatorResult, ProjectAssessment, ProjectIncident
from assessment.services import periods
from projects.choices import ProjectStage, ProjectType
from tests.approvals.factories import fake, pdf
from tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory, UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db
D = datetime.date
COMPUTE = 18  # incl. the savepoint: figures 4, schemes 2, stored results 2, upserts 3, result history 1, the period 2


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def industrial(plan=Decimal("1000")):
    return ProjectFactory(
        project_type=ProjectType.INDUSTRIAL, stage=ProjectStage.CONSTRUCTION, annual_plan_investment=plan
    )


def report(project, month, amount):
    return ProgressReportFactory(
        project=project, period_start=month, construction=Decimal(amount), installation=0, equipment=0
    )


def figure(project, code):
    return IndicatorResult.objects.get(assessment__project=project, indicator__code=code)


def test_a_period_computes_closes_and_recomputes_to_the_same_numbers(office):
    project = industrial()
    report(project, D(2026, 3, 1), "1000")
    period = periods.open_period(office, year=2026)
    assert periods.compute(office, period) == 1
    investment = figure(project, "investment")
    assert investment.figure == Decimal("100.00") and investment.points == Decimal("40.00")
    for code, value in (("output", 100), ("tax", 95)):
        periods.enter_figure(
            office, figure(project, code), figure=value, source_note="市统计局快报", reason="", evidence=pdf()
        )
    periods.compute(office, period)
    result = ProjectAssessment.objects.get(period=period, project=project)
    assert result.score == Decimal("40.00") + Decimal("25.00") + Decimal("22.50")
    assert result.grade == Grade.GOOD and result.rank == 1

    periods.close_period(office, period)
    # the data changes after closing: another report, an accident
    report(project, D(2026, 4, 1), "500")
    ProjectIncident.objects.create(
        project=project, occurred_on=D(2026, 5, 1), severity="major", description="坍塌", recorded_by=office
    )
    periods.compute(office, period)
    again = ProjectAssessment.objects.get(period=period, project=project)
    assert (again.score, again.grade, again.vetoed) == (result.score, result.grade, False)
    with pytest.raises(ValidationError):
        periods.enter_figure(office, figure(project, "tax"), figure=100, source_note="x", reason="更正")


def test_a_major_accident_vetoes_and_proposes_accountability(office):
    project = industrial()
    ProjectIncident.objects.create(
        project=project,
        occurred_on=D(2026, 6, 1),
        severity="major",
        description="高处坠落",
        recorded_by=office,
    )
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    result = ProjectAssessment.objects.get(period=period)
    assert result.vetoed and result.score == 0 and result.grade == Grade.FAIL
    assert result.proposed_outcome == result.outcome == OutcomeKind.ACCOUNTABILITY


def test_correcting_a_figure_needs_a_source_and_a_reason_and_is_recorded(office):
    project = industrial()
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    tax = figure(project, "tax")
    with pytest.raises(ValidationError) as error:
        periods.enter_figure(office, tax, figure=80, source_note="", reason="")
    assert set(error.value.message_dict) == {"source_note", "evidence"}
    periods.enter_figure(office, tax, figure=80, source_note="税务局数据", reason="", evidence=pdf())
    with pytest.raises(ValidationError) as error:
        periods.enter_figure(office, tax, figure=90, source_note="税务局数据", reason="")
    assert "reason" in error.value.message_dict
    periods.enter_figure(office, tax, figure=90, source_note="税务局数据", reason="税务局更正后的数据")
    tax.refresh_from_db()
    assert tax.figure == 90
    assert tax.history.first().history_change_reason == "税务局更正后的数据"


def test_the_office_decides_outcomes_and_only_the_office_manages(office):
    project = industrial()
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    result = ProjectAssessment.objects.get(period=period, project=project)
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=project.responsible_unit)
    for action in (lambda: periods.compute(staff, period), lambda: periods.close_period(staff, period)):
        with pytest.raises(PermissionDenied):
            action()
    with pytest.raises(ValidationError):
        periods.decide_outcome(
            office,
            result,
            outcome=OutcomeKind.NONE
            if result.proposed_outcome != OutcomeKind.NONE
            else OutcomeKind.INTERVIEW,
        )
    periods.decide_outcome(office, result, outcome=OutcomeKind.INTERVIEW, reason="投资进度连续两季度滞后")
    periods.compute(office, period)
    result.refresh_from_db()
    assert result.outcome == OutcomeKind.INTERVIEW  # a decision survives recomputing
    with pytest.raises(ValidationError):
        periods.publish(office, period)
    periods.close_period(office, period)
    periods.publish(office, period)
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED
    with pytest.raises(ValidationError):
        periods.compute(office, period)


def test_the_best_excellent_projects_are_commended(office, settings):
    settings.ASSESSMENT_REWARD_TOP, settings.ASSESSMENT_COMMEND_TOP = 1, 2
    projects = [
        ProjectFactory(project_type=ProjectType.LIVELIHOOD, stage=ProjectStage.CONSTRUCTION) for _ in range(3)
    ]
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    for project, satisfaction in zip(projects, (100, 98, 97), strict=True):
        periods.enter_figure(
            office,
            figure(project, "satisfaction"),
            figure=satisfaction,
            source_note="第三方调查",
            reason="",
            evidence=pdf(),
        )
        periods.enter_figure(
            office, figure(project, "benefit"), figure=100, source_note="专家评审", reason="", evidence=pdf()
        )
    periods.compute(office, period)
    outcomes = dict(
        ProjectAssessment.objects.filter(period=period).values_list("project", "proposed_outcome")
    )
    assert outcomes[projects[0].pk] == OutcomeKind.REWARD
    assert (
        outcomes[projects[1].pk] == OutcomeKind.REWARD or outcomes[projects[1].pk] == OutcomeKind.COMMENDATION
    )
    assert list(outcomes.values()).count(OutcomeKind.REWARD) == 1


def test_computing_a_period_takes_the_same_queries_for_more_projects(office):
    period = periods.open_period(office, year=2026)

    def grow(n):
        for _index in range(n):
            project = industrial()
            MilestoneFactory(project=project, planned_date=D(2026, 5, 1))
            ProgressReportFactory(project=project, period_start=D(2026, 2, 1))

    grow(2)
    assert_num_queries_stable(lambda: periods.compute(office, period), grow, sizes=(3, 12), expected=COMPUTE)


def test_no_outcome_is_proposed_on_missing_figures_until_they_are_entered(office):
    project = industrial()
    report(project, D(2026, 3, 1), "100")  # 10 % of the plan
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    result = ProjectAssessment.objects.get(period=period)
    assert not result.complete and result.proposed_outcome == OutcomeKind.NONE
    for code in ("output", "tax"):
        periods.enter_figure(
            office, figure(project, code), figure=50, source_note="统计局", reason="", evidence=pdf()
        )
    periods.compute(office, period)
    result.refresh_from_db()
    assert result.complete and result.grade == Grade.FAIL
    assert result.proposed_outcome == OutcomeKind.ACCOUNTABILITY  # 40 − 10 cap = 30 points, below 40


def test_a_corrected_platform_figure_stands_until_withdrawn(office):
    project = industrial()
    report(project, D(2026, 3, 1), "500")
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    investment = figure(project, "investment")
    assert investment.figure == Decimal("50.00")
    with pytest.raises(ValidationError) as error:
        periods.enter_figure(office, investment, figure=80, source_note="统计局联网直报", reason="")
    assert "reason" in error.value.message_dict
    periods.enter_figure(
        office, investment, figure=80, source_note="统计局联网直报", reason="12 月投资漏报，按统计局数据更正"
    )
    periods.compute(office, period)
    investment.refresh_from_db()
    assert investment.figure == Decimal("80.00") and investment.source_note == "统计局联网直报"
    assert investment.points == Decimal("30.00")  # 40 − 20 × 0.5
    # withdrawn: the platform's own figure again
    periods.enter_figure(office, investment, figure=None, source_note="", reason="统计局数据已补录进平台")
    periods.compute(office, period)
    investment.refresh_from_db()
    assert investment.figure == Decimal("50.00") and investment.entered_by is None


def test_evidence_is_checked_by_its_content_and_nothing_is_half_saved(office):
    project = industrial()
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    tax = figure(project, "tax")
    for bad in (fake(), SimpleUploadedFile("空.pdf", b"")):
        with pytest.raises(ValidationError) as error:
            periods.enter_figure(office, tax, figure=90, source_note="税务局", reason="", evidence=bad)
        assert "evidence" in error.value.message_dict
    tax.refresh_from_db()
    assert tax.figure is None and not tax.evidence and tax.entered_by is None
    periods.enter_figure(
        office, tax, figure=90, source_note="税务局", reason="", evidence=pdf("完税证明.pdf")
    )
    tax.refresh_from_db()
    assert tax.evidence.read(5) == b"%PDF-"
