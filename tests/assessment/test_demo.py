"""The demo's assessment (liuyang/demo/assessment.py): the seed's 2023 outcome, computed by the engine.

The demo is loaded once for the module inside a transaction rolled back at the end
(as in tests/test_seed_demo.py); its files go to a temporary MEDIA_ROOT.
"""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from assessment.choices import FigureSource, OutcomeKind, PeriodStatus, ToleranceDecision, ToleranceStep
from assessment.models import AssessmentPeriod, FaultToleranceApplication, IndicatorResult
from assessment.selectors import unit_results
from liuyang.demo import assessment as demo
from liuyang.demo.loader import load_demo
from tests.demo import demo_loaded

COMMENDED = (OutcomeKind.COMMENDATION, OutcomeKind.REWARD)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, load_demo) as (created, _media_root):
        yield created


@pytest.fixture(autouse=True)
def _media():
    """The demo's files stay in the module's MEDIA_ROOT (conftest would give each test its own)."""


@pytest.fixture
def seeded(demo_once, db):
    return demo_once


@pytest.fixture
def round_2023(seeded):
    return AssessmentPeriod.objects.get(kind="annual", year=2023)


def test_the_2023_round_commends_ten_units_and_interviews_two(round_2023):
    assert round_2023.status == PeriodStatus.PUBLISHED
    assert timezone.localdate(round_2023.published_at) == datetime.date(2024, 2, 2)
    results = list(round_2023.results.select_related("project", "responsible_unit"))
    outcomes = Counter(result.outcome for result in results)
    assert outcomes[OutcomeKind.COMMENDATION] + outcomes[OutcomeKind.REWARD] == 10
    assert outcomes[OutcomeKind.REWARD] == 3
    assert outcomes[OutcomeKind.INTERVIEW] == 2
    assert outcomes[OutcomeKind.ACCOUNTABILITY] == 0
    commended_units = {r.responsible_unit_id for r in results if r.outcome in COMMENDED}
    interviewed_units = {r.responsible_unit_id for r in results if r.outcome == OutcomeKind.INTERVIEW}
    assert len(commended_units) == 10 and len(interviewed_units) == 2
    # the engine proposed them and the office kept them: nothing decided by hand
    assert all(r.outcome == r.proposed_outcome and not r.outcome_reason for r in results)
    assert all(r.complete and not r.vetoed for r in results)
    rewarded = sorted(r.project.name for r in results if r.outcome == OutcomeKind.REWARD)
    assert rewarded == sorted(["花炮产业转型升级", "大围山生态旅游示范区", "数字经济产业园"])


def test_the_outcomes_follow_the_rules_from_the_scores(round_2023, settings):
    ranked = list(round_2023.results.order_by("rank"))
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))
    for result in ranked:
        if result.outcome in COMMENDED:
            assert result.grade == "excellent" and result.rank <= settings.ASSESSMENT_COMMEND_TOP
        if result.outcome == OutcomeKind.INTERVIEW:
            assert result.grade == "fail" and result.score >= settings.ASSESSMENT_ACCOUNTABILITY_BELOW
    rows = {row["unit"]: row for row in unit_results(round_2023)}
    assert sum(row["commended"] for row in rows.values()) == 10
    assert sum(row["interviewed"] for row in rows.values()) == 2


def test_every_2023_figure_has_its_source_and_entered_ones_their_evidence(round_2023):
    lines = IndicatorResult.objects.filter(assessment__period=round_2023).select_related("indicator")
    for line in lines:
        assert line.figure is not None, line
        if line.indicator.code == "veto":
            continue  # the platform's own count: no major accident recorded in 2023
        assert line.source_note == demo.SOURCES[line.indicator.code]
        assert line.entered_by is not None
        if line.indicator.source == FigureSource.ENTERED:
            assert line.evidence.read(5) == b"%PDF-"
        else:  # a platform figure corrected from the annual report, saying why
            assert line.history.filter(history_change_reason=demo.CORRECTION).exists()


def test_the_land_case_is_a_granted_filing_before_acting(seeded):
    application = FaultToleranceApplication.objects.get(project__name=demo.LAND_CASE_PROJECT)
    assert application.before_acting and application.first_trial and application.result is None
    assert application.unit.name == "市自然资源局" and application.applicant.username == "dept_nr"
    assert application.step == ToleranceStep.FILED and application.decision == ToleranceDecision.EXEMPT
    assert "先租后让" in application.facts and application.filed_to == demo.FILED_TO
    assert timezone.localdate(application.applied_at) == datetime.date(2024, 12, 16)
    reasons = list(
        application.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["事前容错报备", "受理", "核实", "认定", "报备"]


def test_this_years_round_is_open_computed_and_waits_for_its_entered_figures(seeded):
    period = AssessmentPeriod.objects.get(kind="annual", year=2026)
    assert period.status == PeriodStatus.OPEN and period.computed_at
    results = list(period.results.all())
    assert results and all(not r.complete for r in results)  # surveys and tax not entered yet
    assert {r.proposed_outcome for r in results} == {OutcomeKind.NONE}
    entered = IndicatorResult.objects.filter(
        assessment__period=period, indicator__source=FigureSource.ENTERED
    )
    assert entered.exists() and not entered.exclude(figure=None).exists()
