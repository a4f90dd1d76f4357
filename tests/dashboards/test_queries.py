"""Query-count baselines of the dashboards: every figure is an aggregate in the database, so the
count must not grow with the number of projects, reports, reserve entries, issues, approval
tasks or assessment results, and must equal the pinned number. If a deliberate change moves a
baseline, update the number here and say why."""

import datetime

import pytest
from django.urls import reverse

from assessment.services import periods
from issues.choices import IssueLevel
from projects.choices import ProjectStage
from projects.models import Project
from tests.approvals.factories import Scene as ApprovalScene
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    ProjectFactory,
    ReserveEntryFactory,
    TaskForceFactory,
    TownFactory,
)
from tests.queries import assert_num_queries_stable

from .conftest import issue, report, today

pytestmark = pytest.mark.django_db

# session, user, the user's roles, the navbar's unread notifications; the filter form's industries
# and towns; projects by stage, type, industry and town; reserve tiers; lights; the most lagging;
# the year's plan; completed by month; issues by level and by unit; the four aggregates of
# approval_statistics; the latest published period and its top ten
OFFICE = 23
# session, user, roles, unread notifications; the filter form's industries and towns; projects by
# stage; the year's plan; completed by month; lights; issues by level and by unit; the case
# summary; the projects the leader leads; the issues escalated to them
LEADER = 15


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.fixture
def grow(city):
    """``grow(n)``: n more projects (n ≥ 1 each time), each in its own town, industry and unit,
    at a lit stage, with a report this month, a reserve entry, two ledger issues (one late and
    led by the leader), a task force the leader leads, and an approval case for two departments;
    then a published assessment over all of them."""
    scene = ApprovalScene()
    made = []

    def grow(n):
        while len(made) < n:
            i = len(made)
            project = ProjectFactory(
                stage=ProjectStage.CONSTRUCTION if i % 2 else ProjectStage.PREPARATION,
                town=TownFactory(),
                industry=IndustryFactory(),
                responsible_unit=DepartmentFactory(),
                planned_start=today() - datetime.timedelta(days=30 * (i % 5)),
                service_commissioner=scene.commissioner,
            )
            report(project, today().month)
            ReserveEntryFactory(project__town=project.town, tier=("near", "mid", "long")[i % 3])
            issue(project, project.responsible_unit)
            issue(project, project.responsible_unit, level=IssueLevel.LEADER, late=True, leader=city.leader)
            TaskForceFactory(project=project, leader=city.leader)
            scene.project = project
            scene.submit(when=today() - datetime.timedelta(days=1))
            made.append(project)
        period = periods.open_period(
            city.office, year=today().year, name=f"考核{n}", kind="quarterly", quarter=n % 4 + 1
        )
        periods.compute(city.office, period)
        periods.close_period(city.office, period)
        periods.publish(city.office, period)
        assert Project.objects.count() >= n

    return grow


def test_office_dashboard_query_count_does_not_grow(client, city, grow):
    client.force_login(city.office)
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("dashboards:office"))), grow, sizes=(1, 6), expected=OFFICE
    )


def test_leader_cockpit_query_count_does_not_grow(client, city, grow):
    client.force_login(city.leader)
    assert_num_queries_stable(
        lambda: ok(client.get(reverse("dashboards:leader"))), grow, sizes=(1, 6), expected=LEADER
    )
