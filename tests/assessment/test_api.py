"""The assessment API: schemes and indicators, periods, results, fault tolerance.

Only the office manages periods, decides outcomes, enters figures and handles fault-tolerance
applications: anyone else gets 403 (anonymous 401) and nothing changes. Department staff read
only their unit's results (another unit's is a 404) and apply for their own unit only. A rule
broken is a 400 keyed by field. The schema stays warning-free.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from assessment.choices import OutcomeKind, PeriodStatus, ToleranceDecision, ToleranceStep
from assessment.models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    Indicator,
    IndicatorResult,
    IndicatorScheme,
    ProjectAssessment,
    ProjectIncident,
)
from assessment.services import periods, tolerance
from projects.choices import ProjectStage, ProjectType
from tests.action_matrix import TablesSnapshot
from tests.approvals.factories import fake, pdf
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

WATCH = [
    AssessmentPeriod,
    ProjectAssessment,
    IndicatorResult,
    FaultToleranceApplication,
    Indicator,
]
STATEMENTS = {
    "facts": "采取“先租后让”方式供地，租期内发生厂房改建事故。",
    "policy_direction": "符合支持新材料产业的政策方向。",
    "public_good": "为加快项目落地。",
    "no_private_gain": "集体研究，无个人利益。",
}
OFFICE, LEADER, STAFF, OTHER_STAFF, NO_ROLE, ANONYMOUS = (
    "office",
    "leader",
    "staff",
    "other_staff",
    "no_role",
    "anonymous",
)
OUTSIDERS = (LEADER, STAFF, OTHER_STAFF, NO_ROLE, ANONYMOUS)


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def rows(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


class Scene:
    """Two industrial projects of two units, a computed period; project A had a major accident
    (accountability proposed)."""

    def __init__(self):
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.leader = UserFactory(roles=[Role.CITY_LEADER])
        self.project = self.industrial()
        self.other_project = self.industrial()
        self.unit = self.project.responsible_unit
        self.other_unit = self.other_project.responsible_unit
        self.staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.unit)
        self.other_staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.other_unit)
        ProjectIncident.objects.create(
            project=self.project,
            occurred_on=datetime.date(2026, 6, 1),
            severity="major",
            description="改建坍塌",
            recorded_by=self.office,
        )
        self.period = periods.open_period(self.office, year=2026)
        periods.compute(self.office, self.period)
        self.result = ProjectAssessment.objects.get(period=self.period, project=self.project)
        self.other_result = ProjectAssessment.objects.get(period=self.period, project=self.other_project)
        # without any data the other project scores low too: the office spares it
        periods.decide_outcome(self.office, self.other_result, outcome=OutcomeKind.NONE, reason="数据待补")

    @staticmethod
    def industrial():
        return ProjectFactory(project_type=ProjectType.INDUSTRIAL, stage=ProjectStage.CONSTRUCTION)

    def user(self, who):
        if who == ANONYMOUS:
            return None
        if who == NO_ROLE:
            return UserFactory()
        return getattr(self, who)

    def client(self, who):
        return client_for(self.user(who))

    def entered_line(self, result=None):
        return IndicatorResult.objects.filter(
            assessment=result or self.result, indicator__source="entered"
        ).first()

    def publish(self):
        if self.period.status == PeriodStatus.OPEN:
            self.period = periods.close_period(self.office, self.period)
        if self.period.status == PeriodStatus.CLOSED:
            self.period = periods.publish(self.office, self.period)
        self.result.refresh_from_db()

    def apply(self):
        self.publish()
        return tolerance.apply(
            self.staff, project=self.project, unit=self.unit, result=self.result, **STATEMENTS
        )


@pytest.fixture
def scene():
    return Scene()


def refused(scene, who, send):
    """Send as ``who``: 401 for anonymous, 403 (or 404 where hidden) otherwise; nothing changed."""
    snapshot = TablesSnapshot(WATCH)
    response = send(scene.client(who))
    expected = {401} if who == ANONYMOUS else {403, 404}
    assert response.status_code in expected, f"{who}: {response.status_code} {response.content[:300]!r}"
    snapshot.assert_unchanged()
    return response


def url(name, *args):
    return reverse(f"api:{name}", args=args)


# -- reads --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "assessment-scheme-list",
        "assessment-indicator-list",
        "assessment-period-list",
        "assessment-result-list",
        "tolerance-application-list",
    ],
)
def test_lists_refuse_anonymous_and_role_less_users(scene, name):
    assert scene.client(ANONYMOUS).get(url(name)).status_code == 401
    assert scene.client(NO_ROLE).get(url(name)).status_code == 403


def test_schemes_are_read_by_everyone_with_their_indicators(scene):
    response = scene.client(STAFF).get(url("assessment-scheme-list"))
    assert response.status_code == 200
    industrial = next(s for s in rows(response.json()) if s["project_type"] == ProjectType.INDUSTRIAL)
    assert {i["code"] for i in industrial["indicators"]} >= {"investment"}


@pytest.mark.parametrize("who", [OFFICE, LEADER])
def test_the_office_and_leaders_read_every_result(scene, who):
    listed = rows(scene.client(who).get(url("assessment-result-list")).json())
    assert {r["id"] for r in listed} == {scene.result.pk, scene.other_result.pk}


def test_department_staff_read_only_their_units_results_once_published(scene):
    client = scene.client(STAFF)
    assert rows(client.get(url("assessment-result-list")).json()) == []
    assert client.get(url("assessment-result-detail", scene.result.pk)).status_code == 404
    scene.publish()
    listed = rows(client.get(url("assessment-result-list")).json())
    assert [r["id"] for r in listed] == [scene.result.pk]
    detail = client.get(url("assessment-result-detail", scene.result.pk))
    assert detail.status_code == 200
    assert detail.json()["indicators"] and detail.json()["vetoed"] is True
    assert client.get(url("assessment-result-detail", scene.other_result.pk)).status_code == 404


def test_results_filter_by_period_grade_outcome_unit_and_type(scene):
    client = scene.client(OFFICE)

    def ids(**params):
        response = client.get(url("assessment-result-list"), params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in rows(response.json())}

    both = {scene.result.pk, scene.other_result.pk}
    assert ids(period=scene.period.pk) == both
    assert ids(period=scene.period.pk + 1) == set()
    assert ids(outcome=OutcomeKind.ACCOUNTABILITY) == {scene.result.pk}
    assert ids(outcome=[OutcomeKind.ACCOUNTABILITY, OutcomeKind.NONE]) == both
    assert ids(grade="fail") >= {scene.result.pk}
    assert ids(unit=scene.other_unit.pk) == {scene.other_result.pk}
    assert ids(project_type=ProjectType.INDUSTRIAL) == both
    assert ids(project_type=ProjectType.LIVELIHOOD) == set()
    assert client.get(url("assessment-result-list"), {"typo": 1}).status_code == 400
    assert client.get(url("assessment-result-list"), {"grade": "nope"}).status_code == 400


def test_unit_ranking_shows_staff_only_their_units_row(scene):
    scene.publish()
    office = scene.client(OFFICE).get(url("assessment-period-units", scene.period.pk))
    assert office.status_code == 200
    assert {row["responsible_unit_id"] for row in office.json()} == {scene.unit.pk, scene.other_unit.pk}
    ranks = {row["responsible_unit_id"]: row["rank"] for row in office.json()}
    staff = scene.client(STAFF).get(url("assessment-period-units", scene.period.pk)).json()
    assert [(row["responsible_unit_id"], row["rank"]) for row in staff] == [
        (scene.unit.pk, ranks[scene.unit.pk])
    ]


# -- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_office_opens_computes_closes_and_publishes(scene, who):
    refused(scene, who, lambda c: c.post(url("assessment-period-list"), {"year": 2027}, format="json"))
    for step in ("compute", "close", "publish"):
        refused(scene, who, lambda c, step=step: c.post(url(f"assessment-period-{step}", scene.period.pk)))


def test_the_office_runs_a_period_through(scene):
    client = scene.client(OFFICE)
    opened = client.post(url("assessment-period-list"), {"year": 2027}, format="json")
    assert opened.status_code == 201 and opened.json()["status"] == PeriodStatus.OPEN
    again = client.post(url("assessment-period-list"), {"year": 2027}, format="json")
    assert again.status_code == 400 and "year" in again.json()
    quarter = client.post(url("assessment-period-list"), {"year": 2027, "kind": "quarterly"}, format="json")
    assert quarter.status_code == 400 and "quarter" in quarter.json()
    unknown = client.post(url("assessment-period-list"), {"year": 2027, "yaer": 1}, format="json")
    assert unknown.status_code == 400 and "yaer" in unknown.json()

    pk = scene.period.pk
    early = client.post(url("assessment-period-publish", pk))
    assert early.status_code == 400 and "status" in early.json()
    assert client.post(url("assessment-period-compute", pk)).status_code == 200
    closed = client.post(url("assessment-period-close", pk))
    assert closed.status_code == 200 and closed.json()["status"] == PeriodStatus.CLOSED
    published = client.post(url("assessment-period-publish", pk))
    assert published.status_code == 200 and published.json()["status"] == PeriodStatus.PUBLISHED
    late = client.post(url("assessment-period-compute", pk))
    assert late.status_code == 400 and "status" in late.json()


# -- results: decide, figures -------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_office_decides_and_enters_figures(scene, who):
    line = scene.entered_line()
    refused(
        scene,
        who,
        lambda c: c.post(
            url("assessment-result-decide", scene.result.pk),
            {"outcome": OutcomeKind.NONE, "reason": "情况特殊"},
            format="json",
        ),
    )
    refused(
        scene,
        who,
        lambda c: c.post(
            url("assessment-result-figures", scene.result.pk),
            {"indicator": line.indicator_id, "figure": "90", "source_note": "统计局"},
            format="json",
        ),
    )


def test_the_office_decides_an_outcome_with_a_reason(scene):
    client = scene.client(OFFICE)
    decide = url("assessment-result-decide", scene.result.pk)
    silent = client.post(decide, {"outcome": OutcomeKind.INTERVIEW}, format="json")
    assert silent.status_code == 400 and "reason" in silent.json()
    bad = client.post(decide, {"outcome": "pardon", "reason": "x"}, format="json")
    assert bad.status_code == 400 and "outcome" in bad.json()
    done = client.post(decide, {"outcome": OutcomeKind.INTERVIEW, "reason": "事故非主观原因"}, format="json")
    assert done.status_code == 200
    assert done.json()["outcome"] == OutcomeKind.INTERVIEW and done.json()["indicators"]
    scene.result.refresh_from_db()
    assert scene.result.outcome_reason == "事故非主观原因"


def test_the_office_enters_a_figure_with_its_source_and_evidence(scene):
    client = scene.client(OFFICE)
    line = scene.entered_line()
    figures = url("assessment-result-figures", scene.result.pk)
    body = {"indicator": line.indicator_id, "figure": "95.5", "source_note": ""}
    missing = client.post(figures, body, format="json")
    assert missing.status_code == 400 and {"source_note", "evidence"} <= set(missing.json())
    other = Indicator.objects.exclude(scheme=scene.result.scheme).first()
    wrong = client.post(figures, {**body, "indicator": other.pk, "source_note": "统计局"}, format="json")
    assert wrong.status_code == 400 and "indicator" in wrong.json()
    snapshot = TablesSnapshot(WATCH)
    forged = client.post(
        figures, {**body, "source_note": "市统计局快报", "evidence": fake()}, format="multipart"
    )
    assert forged.status_code == 400 and "evidence" in forged.json()
    snapshot.assert_unchanged()
    done = client.post(
        figures, {**body, "source_note": "市统计局快报", "evidence": pdf()}, format="multipart"
    )
    assert done.status_code == 200, done.content
    line.refresh_from_db()
    assert line.figure == Decimal("95.50") and line.entered_by == scene.office and line.evidence
    shown = next(i for i in done.json()["indicators"] if i["id"] == line.pk)
    assert shown["evidence_url"].endswith(f"/results/{scene.result.pk}/figures/{line.pk}/evidence/")
    download = client.get(shown["evidence_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert scene.client(STAFF).get(shown["evidence_url"]).status_code == 404  # not published yet
    correction = client.post(figures, {**body, "figure": "96", "source_note": "市统计局"}, format="json")
    assert correction.status_code == 400 and "reason" in correction.json()
    # a correction keeps the evidence already given
    corrected = client.post(
        figures,
        {**body, "figure": "96", "source_note": "市统计局", "reason": "统计局年报更正"},
        format="json",
    )
    assert corrected.status_code == 200, corrected.content


# -- indicators ---------------------------------------------------------------------------------


def indicator_body(scheme, **overrides):
    return {
        "scheme": scheme.pk,
        "code": "new-one",
        "name": "新指标",
        "weight": "5",
        "rule": "deduction",
        "params": {"per_event": 1},
        "source": "entered",
        "metric": "",
        **overrides,
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_office_writes_indicators(scene, who):
    scheme = IndicatorScheme.objects.get(project_type=ProjectType.INDUSTRIAL)
    indicator = scheme.indicators.first()
    refused(
        scene, who, lambda c: c.post(url("assessment-indicator-list"), indicator_body(scheme), format="json")
    )
    refused(
        scene,
        who,
        lambda c: c.patch(url("assessment-indicator-detail", indicator.pk), {"name": "改名"}, format="json"),
    )


def test_the_office_writes_indicators_checked_by_their_rules(scene):
    client = scene.client(OFFICE)
    scheme = IndicatorScheme.objects.get(project_type=ProjectType.INDUSTRIAL)
    no_params = client.post(
        url("assessment-indicator-list"), indicator_body(scheme, params={}), format="json"
    )
    assert no_params.status_code == 400 and "params" in no_params.json()
    no_metric = client.post(
        url("assessment-indicator-list"), indicator_body(scheme, source="computed"), format="json"
    )
    assert no_metric.status_code == 400 and "metric" in no_metric.json()
    created = client.post(url("assessment-indicator-list"), indicator_body(scheme), format="json")
    assert created.status_code == 201, created.content
    patched = client.patch(
        url("assessment-indicator-detail", created.json()["id"]), {"rule": "ratio"}, format="json"
    )
    assert patched.status_code == 400 and "params" in patched.json()


# -- fault tolerance ----------------------------------------------------------------------------


def apply_body(scene, **overrides):
    return {
        "project": scene.project.pk,
        "unit": scene.unit.pk,
        "result": scene.result.pk,
        **STATEMENTS,
        **overrides,
    }


def test_staff_apply_for_their_own_unit_only(scene):
    applications = url("tolerance-application-list")
    early = scene.client(OFFICE).post(applications, apply_body(scene), format="json")
    assert early.status_code == 400 and "result" in early.json()  # not yet published
    scene.publish()
    refused(scene, OTHER_STAFF, lambda c: c.post(applications, apply_body(scene), format="json"))
    refused(scene, LEADER, lambda c: c.post(applications, apply_body(scene), format="json"))
    client = scene.client(STAFF)
    empty = client.post(applications, apply_body(scene, facts=""), format="json")
    assert empty.status_code == 400 and "facts" in empty.json()
    wrong = client.post(applications, apply_body(scene, result=scene.other_result.pk), format="json")
    assert wrong.status_code == 400 and "result" in wrong.json()
    done = client.post(applications, apply_body(scene), format="json")
    assert done.status_code == 201, done.content
    assert done.json()["step"] == ToleranceStep.APPLIED
    assert done.json()["original_outcome"] == OutcomeKind.ACCOUNTABILITY


def test_applications_are_read_by_their_unit_and_the_office(scene):
    application = scene.apply()
    detail = url("tolerance-application-detail", application.pk)
    assert scene.client(STAFF).get(detail).status_code == 200
    assert scene.client(OFFICE).get(detail).status_code == 200
    assert scene.client(OTHER_STAFF).get(detail).status_code == 404
    assert rows(scene.client(OTHER_STAFF).get(url("tolerance-application-list")).json()) == []


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(
    "step, body",
    [
        ("accept", {}),
        ("verify", {"findings": "属实"}),
        ("determine", {"decision": ToleranceDecision.EXEMPT, "reason": "符合条件"}),
        ("file", {"filed_to": "市纪委监委"}),
    ],
)
def test_only_the_office_handles_applications(scene, who, step, body):
    application = scene.apply()
    refused(
        scene,
        who,
        lambda c: c.post(url(f"tolerance-application-{step}", application.pk), body, format="json"),
    )


def test_the_office_handles_an_application_through(scene):
    application = scene.apply()
    client = scene.client(OFFICE)

    def post(step, body):
        return client.post(url(f"tolerance-application-{step}", application.pk), body, format="json")

    out_of_turn = post("verify", {"findings": "属实"})
    assert out_of_turn.status_code == 400 and "step" in out_of_turn.json()
    assert post("accept", {}).json()["step"] == ToleranceStep.ACCEPTED
    empty = post("verify", {"findings": ""})
    assert empty.status_code == 400 and "findings" in empty.json()
    assert post("verify", {"findings": "经核实属实"}).json()["step"] == ToleranceStep.VERIFIED
    assert post("determine", {"decision": "pardon", "reason": "x"}).status_code == 400
    determined = post("determine", {"decision": ToleranceDecision.MITIGATE, "reason": "先行先试"})
    assert determined.status_code == 200 and determined.json()["adjusted_outcome"] == OutcomeKind.INTERVIEW
    assert post("file", {"filed_to": ""}).status_code == 400
    filed = post("file", {"filed_to": "市纪委监委、市委组织部"})
    assert filed.status_code == 200 and filed.json()["step"] == ToleranceStep.FILED
    scene.result.refresh_from_db()
    assert scene.result.outcome == OutcomeKind.INTERVIEW


# -- the schema ---------------------------------------------------------------------------------


def test_the_schema_documents_the_assessment_api_without_warnings(tmp_path, scene):
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "schema.yml"))
    paths = scene.client(OFFICE).get(reverse("schema"), {"format": "json"}).json()["paths"]
    assert {
        "/api/assessment-schemes/",
        "/api/assessment-indicators/",
        "/api/assessment-indicators/{id}/",
        "/api/assessment-periods/",
        "/api/assessment-periods/{id}/compute/",
        "/api/assessment-periods/{id}/close/",
        "/api/assessment-periods/{id}/publish/",
        "/api/assessment-periods/{id}/units/",
        "/api/assessment-results/",
        "/api/assessment-results/{id}/",
        "/api/assessment-results/{id}/decide/",
        "/api/assessment-results/{id}/figures/",
        "/api/tolerance-applications/",
        "/api/tolerance-applications/{id}/accept/",
        "/api/tolerance-applications/{id}/verify/",
        "/api/tolerance-applications/{id}/determine/",
        "/api/tolerance-applications/{id}/file/",
    } <= set(paths)
