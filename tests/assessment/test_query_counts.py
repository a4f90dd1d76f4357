"""Query-count baselines of the assessment pages and API (精准考核): the count must not grow with
the number of projects, results, indicator lines and applications, and must equal the pinned
number. If a deliberate change moves a baseline, update the number here and say why.

The data are published (open → compute → close → publish): units read only published results,
and a published period is what everyone reads. Each size runs a fresh period through the
services over every project; every third project had a major accident (一票否决 → accountability),
and each accountability result has its fault-tolerance application, some accepted and verified.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from assessment.choices import OutcomeKind, PeriodKind
from assessment.models import AssessmentPeriod, FaultToleranceApplication, ProjectAssessment, ProjectIncident
from assessment.services import periods, tolerance
from projects.choices import ProjectStage, ProjectType
from projects.models import Project
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

SIZES = (3, 12)
TYPES = (ProjectType.INDUSTRIAL, ProjectType.INFRASTRUCTURE, ProjectType.LIVELIHOOD)
STATEMENTS = {
    "facts": "采取“先租后让”方式供地，租期内发生厂房改建事故。",
    "policy_direction": "符合支持新材料产业的政策方向。",
    "public_good": "为加快项目落地。",
    "no_private_gain": "集体研究，无个人利益。",
}

# Pages: session, user, the user's roles, then the page's own queries; the last is the menu's
# count of unread notifications.
# the periods, notifications
PERIOD_LIST = 5
# the period, count, the page of results (project, unit, scheme), notifications, the unit filter's
# choices
RANKING = 8
# department staff: the same, and the user's unit (the page's heading)
RANKING_STAFF = 9
# the period, the results grouped by unit, notifications
UNITS = 6
# the result (project, unit, scheme, period), its lines (indicator, entered by), its applications,
# its history (with who changed it) and the names of the periods, projects, units and schemes it
# points at (one query each), notifications
RESULT_PAGE = 12
# the applications (project, unit, applicant, the result's period), notifications
TOLERANCE_LIST = 5
# the application (project, unit, applicant, the result's period), its history and the names of
# what it points at: results (``str`` of a result reads its period and project: two more),
# projects, units, users; notifications
TOLERANCE_PAGE = 12

# API: session, user, the user's roles, then the view's own queries.
# the schemes, their indicators (not paginated)
API_SCHEMES = 5
# count, page
API_INDICATORS = 5
# count, page (with who opened it)
API_PERIODS = 5
# count, page (project, unit, scheme); the list shows no indicator lines, so none are read
API_RESULTS = 5
# the result, its lines with their indicator
API_RESULT = 5
# count, page (project, unit)
API_APPLICATIONS = 5


class Scene:
    def __init__(self):
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.unit = DepartmentFactory(name="测试经开区管委会")
        self.other_unit = DepartmentFactory(name="测试住建局")
        self.staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.unit)
        self.period = self.result = self.application = None
        self.size = 0

    def grow(self, n):
        """n projects (types and units in turn) and a fresh published period over them all, with
        as many earlier annual periods (opened only) as a third of n, for the period list."""
        for index in range(Project.objects.count(), n):
            project = ProjectFactory(
                project_type=TYPES[index % 3],
                stage=ProjectStage.CONSTRUCTION,
                responsible_unit=self.unit if index % 2 == 0 else self.other_unit,
                annual_plan_investment=Decimal("1000"),
            )
            if index % 3 == 0:
                ProjectIncident.objects.create(
                    project=project,
                    occurred_on=datetime.date(2026, 6, 1),
                    severity="major",
                    description="改建坍塌",
                    recorded_by=self.office,
                )
        FaultToleranceApplication.objects.all().delete()
        AssessmentPeriod.objects.filter(year=2026).delete()
        for year in range(2025, 2025 - n // 3, -1):
            if not AssessmentPeriod.objects.filter(year=year).exists():
                periods.open_period(self.office, year=year, kind=PeriodKind.ANNUAL)
        period = periods.open_period(self.office, year=2026)
        periods.compute(self.office, period)
        periods.close_period(self.office, period)
        self.period = periods.publish(self.office, period)
        accountable = ProjectAssessment.objects.filter(
            period=period, outcome=OutcomeKind.ACCOUNTABILITY
        ).select_related("project", "responsible_unit", "period")
        for number, result in enumerate(accountable.order_by("project_id")):
            application = tolerance.apply(
                self.office, project=result.project, unit=result.responsible_unit, result=result, **STATEMENTS
            )
            if number % 2:
                tolerance.accept(self.office, application, accept=True, reason="")
                tolerance.verify(self.office, application, findings="情况属实。")
        self.result = (
            ProjectAssessment.objects.select_related("project")
            .filter(period=period, responsible_unit=self.unit)
            .earliest("project_id")
        )
        self.application = FaultToleranceApplication.objects.earliest("pk")
        assert ProjectAssessment.objects.filter(period=period).count() == n
        self.size = n


@pytest.fixture
def scene():
    return Scene()


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


def page(name, *args):
    return reverse(f"assessment:{name}", args=args)


def api(name, *args):
    return reverse(f"api:{name}", args=args)


def logged_in(user, client_class=Client):
    client = client_class()
    client.force_login(user)
    return client


# -- pages ---------------------------------------------------------------------------------------


def test_period_list_query_count(scene):
    client = logged_in(scene.office)
    assert_num_queries_stable(lambda: ok(client.get(page("period_list"))), scene.grow, SIZES, PERIOD_LIST)


def test_ranking_query_count(scene):
    client = logged_in(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(page("period_detail", scene.period.pk))), scene.grow, SIZES, RANKING
    )


def test_ranking_query_count_for_a_units_staff(scene):
    client = logged_in(scene.staff)

    def fetch():
        response = ok(client.get(page("period_detail", scene.period.pk)))
        assert scene.result.project.name in response.content.decode()
        return response

    assert_num_queries_stable(fetch, scene.grow, SIZES, RANKING_STAFF)


def test_units_query_count(scene):
    client = logged_in(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(page("units", scene.period.pk))), scene.grow, SIZES, UNITS
    )


def test_score_card_query_count(scene):
    client = logged_in(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(page("result_detail", scene.result.pk))), scene.grow, SIZES, RESULT_PAGE
    )


def test_tolerance_register_query_count(scene):
    client = logged_in(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(page("tolerance_list"))), scene.grow, SIZES, TOLERANCE_LIST
    )


def test_tolerance_page_query_count(scene):
    client = logged_in(scene.office)
    assert_num_queries_stable(
        lambda: ok(client.get(page("tolerance_detail", scene.application.pk))),
        scene.grow,
        SIZES,
        TOLERANCE_PAGE,
    )


# -- API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("assessment-scheme-list", API_SCHEMES),
        ("assessment-indicator-list", API_INDICATORS),
        ("assessment-period-list", API_PERIODS),
        ("tolerance-application-list", API_APPLICATIONS),
    ],
)
def test_api_list_query_count(scene, name, expected):
    client = logged_in(scene.office, APIClient)
    assert_num_queries_stable(lambda: ok(client.get(api(name))), scene.grow, SIZES, expected)


def test_api_results_query_count(scene):
    client = logged_in(scene.office, APIClient)

    def fetch():
        response = ok(client.get(api("assessment-result-list"), {"period": scene.period.pk}))
        assert response.data["count"] == scene.size
        return response

    assert_num_queries_stable(fetch, scene.grow, SIZES, API_RESULTS)


def test_api_result_query_count(scene):
    client = logged_in(scene.office, APIClient)
    assert_num_queries_stable(
        lambda: ok(client.get(api("assessment-result-detail", scene.result.pk))),
        scene.grow,
        SIZES,
        API_RESULT,
    )
