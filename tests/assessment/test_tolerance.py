"""Fault tolerance (容错纠错): the procedure, who may do what, and the effect on the outcome."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from assessment.choices import OutcomeKind, ToleranceDecision, ToleranceStep
from assessment.models import ProjectAssessment, ProjectIncident
from assessment.selectors import unit_results
from assessment.services import periods, tolerance
from projects.choices import ProjectStage, ProjectType
from tests.factories import (
    DepartmentFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STATEMENTS = {
    "facts": "为引进新材料项目，采取“先租后让”方式供地，租期内发生厂房改建事故。",
    "policy_direction": "符合省市支持新材料产业和创新供地方式的政策方向。",
    "public_good": "为加快项目落地、增加就业和税收。",
    "no_private_gain": "决策集体研究，无任何个人利益。",
}


@pytest.fixture
def scene():
    office = UserFactory(roles=[Role.KEY_OFFICE])
    project = ProjectFactory(project_type=ProjectType.INDUSTRIAL, stage=ProjectStage.CONSTRUCTION)
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=project.responsible_unit)
    ProjectIncident.objects.create(
        project=project,
        occurred_on=datetime.date(2026, 6, 1),
        severity="major",
        description="改建坍塌",
        recorded_by=office,
    )
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    result = ProjectAssessment.objects.get(period=period)
    assert result.outcome == OutcomeKind.ACCOUNTABILITY
    periods.close_period(office, period)
    periods.publish(office, period)
    return {"office": office, "project": project, "staff": staff, "result": result}


def run(scene, decision):
    application = tolerance.apply(
        scene["staff"],
        project=scene["project"],
        unit=scene["project"].responsible_unit,
        result=scene["result"],
        first_trial=True,
        **STATEMENTS,
    )
    tolerance.accept(scene["office"], application)
    tolerance.verify(scene["office"], application, findings="经核实，情况属实。")
    tolerance.determine(scene["office"], application, decision=decision, reason="符合三个区分开来的要求")
    tolerance.file(scene["office"], application, filed_to="市纪委监委、市委组织部")
    application.refresh_from_db()
    return application


@pytest.mark.parametrize(
    "decision, outcome",
    [
        (ToleranceDecision.EXEMPT, OutcomeKind.NONE),
        (ToleranceDecision.MITIGATE, OutcomeKind.INTERVIEW),
        (ToleranceDecision.REFUSE, OutcomeKind.ACCOUNTABILITY),
    ],
)
def test_the_decision_changes_the_outcome_and_both_stay_on_record(scene, decision, outcome):
    application = run(scene, decision)
    assert application.step == ToleranceStep.FILED
    assert (
        application.original_outcome == OutcomeKind.ACCOUNTABILITY and application.adjusted_outcome == outcome
    )
    result = scene["result"]
    result.refresh_from_db()
    assert result.outcome == outcome
    assert result.history.filter(outcome=OutcomeKind.ACCOUNTABILITY).exists()


def test_the_steps_go_in_order_and_only_the_office_decides(scene):
    application = tolerance.apply(
        scene["staff"],
        project=scene["project"],
        unit=scene["project"].responsible_unit,
        result=scene["result"],
        **STATEMENTS,
    )
    with pytest.raises(ValidationError):
        tolerance.determine(scene["office"], application, decision=ToleranceDecision.EXEMPT, reason="x")
    for step in (
        lambda: tolerance.accept(scene["staff"], application),
        lambda: tolerance.verify(scene["staff"], application, findings="x"),
    ):
        with pytest.raises(PermissionDenied):
            step()


def test_an_application_must_address_the_three_conditions_and_be_the_units_own(scene):
    with pytest.raises(ValidationError) as error:
        tolerance.apply(
            scene["staff"],
            project=scene["project"],
            unit=scene["project"].responsible_unit,
            result=scene["result"],
            facts="事实",
            policy_direction="",
            public_good="",
            no_private_gain="",
        )
    assert set(error.value.message_dict) == {"policy_direction", "public_good", "no_private_gain"}
    outsider = UserFactory(roles=[Role.DEPARTMENT_STAFF])
    with pytest.raises(PermissionDenied):
        tolerance.apply(
            outsider, project=scene["project"], unit=scene["project"].responsible_unit, **STATEMENTS
        )


def test_a_filing_before_acting_needs_no_result(scene):
    application = tolerance.apply(
        scene["staff"],
        project=scene["project"],
        unit=scene["project"].responsible_unit,
        first_trial=True,
        **STATEMENTS,
    )
    assert application.before_acting and application.original_outcome == ""


def test_a_department_files_before_acting_only_on_projects_it_serves(scene):
    land = DepartmentFactory(name="测试自然资源局")
    clerk = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=land)

    def file_before():
        return tolerance.apply(clerk, project=scene["project"], unit=land, first_trial=True, **STATEMENTS)

    with pytest.raises(ValidationError) as error:
        file_before()
    assert "project" in error.value.message_dict
    # a seat on the project's task force (the member's own unit when the seat names none) is enough
    TaskForceMemberFactory(task_force=TaskForceFactory(project=scene["project"]), user=clerk)
    application = file_before()
    assert application.unit == land and application.before_acting


def test_no_application_against_a_result_not_yet_published(scene):
    office = scene["office"]
    project = ProjectFactory(project_type=ProjectType.INDUSTRIAL, stage=ProjectStage.CONSTRUCTION)
    ProjectIncident.objects.create(
        project=project,
        occurred_on=datetime.date(2027, 5, 1),
        severity="major",
        description="坍塌",
        recorded_by=office,
    )
    period = periods.open_period(office, year=2027)
    periods.compute(office, period)
    result = ProjectAssessment.objects.get(period=period, project=project)
    assert result.outcome == OutcomeKind.ACCOUNTABILITY
    with pytest.raises(ValidationError) as error:
        tolerance.apply(office, project=project, unit=project.responsible_unit, result=result, **STATEMENTS)
    assert "公布后" in error.value.message_dict["result"][0]


def test_unit_results_rank_units_by_average_score(scene):
    rows = unit_results(scene["result"].period)
    assert rows[0]["projects"] == 1 and rows[0]["accountable"] == 1 and rows[0]["rank"] == 1
