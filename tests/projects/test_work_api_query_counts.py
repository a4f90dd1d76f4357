"""Query-count baselines for the task-force, work-plan, report and meeting API: the same count with
few and many rows, equal to the pinned number. If a deliberate change moves a baseline, update
it here in the same change and say why.

Every API request costs three queries before the view's own: the session, the user and the
user's roles. The derived figures (milestone status, cumulative investment, lights, overdue
flags, the last meeting) are annotations of the page query, not extra queries.
"""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    MilestoneTemplateItem,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    IndustryFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    TownFactory,
    UserFactory,
)
from tests.projects.test_work_api_permissions import add_photo
from tests.queries import assert_num_queries_stable

# auth (3) + count + page + members (with user, unit)
TASK_FORCE_LIST = 6
# auth (3) + count + page
MEMBER_LIST = 5
# auth (3) + count + page + items
TEMPLATE_LIST = 6
# auth (3) + count + page (status derived in the query)
MILESTONE_LIST = 5
# auth (3) + count + page (cumulative figures as subqueries) + photos (with uploader)
REPORT_LIST = 6
# auth (3) + count + page
PHOTO_LIST = 5
# auth (3) + count + page (lights, completed investment, overdue milestones as subqueries)
LIGHT_LIST = 5
# auth (3) + count + page (action item counts) + attendees
MEETING_LIST = 6
# auth (3) + count + page (overdue flag in the query)
ACTION_ITEM_LIST = 5

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client(api_client):
    api_client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    return api_client


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


def new_project():
    """A project with its own industry, unit, town and people, so a missing select_related shows."""
    project = ProjectFactory(
        industry=IndustryFactory(),
        responsible_unit=DepartmentFactory(),
        town=TownFactory(),
        service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]),
    )
    TaskForceMemberFactory(task_force=TaskForceFactory(project=project), unit=DepartmentFactory())
    return project


def grower(model, make):
    def grow(n):
        while model.objects.count() < n:
            make()

    return grow


def measure(client, name, make, model, expected, sizes=(2, 12), params=None):
    url = reverse(name)
    assert_num_queries_stable(
        lambda: ok(client.get(url, params or {})), grower(model, make), sizes=sizes, expected=expected
    )


def test_task_force_list(client):
    def make():
        project = new_project()
        TaskForceMemberFactory(task_force=project.task_force, user__unit=DepartmentFactory())
        DispatchMeetingFactory(task_force=project.task_force)

    measure(client, "api:task-force-list", make, TaskForce, TASK_FORCE_LIST)


def test_member_list(client):
    measure(client, "api:task-force-member-list", new_project, TaskForceMember, MEMBER_LIST)


def test_template_list(client):
    def make():
        template = MilestoneTemplate.objects.create(name=f"模板{next(_n)}")
        for order in range(3):
            MilestoneTemplateItem.objects.create(template=template, name=f"节点{order}", phase="pre")

    measure(client, "api:milestone-template-list", make, MilestoneTemplate, TEMPLATE_LIST)


def test_milestone_list(client):
    today = timezone.localdate()

    def make():
        MilestoneFactory(
            project=new_project(),
            owner=UserFactory(),
            owner_unit=DepartmentFactory(),
            planned_date=today - datetime.timedelta(days=next(_n) % 3),
        )

    measure(
        client, "api:milestone-list", make, Milestone, MILESTONE_LIST, params={"status": ["overdue", "done"]}
    )
    measure(client, "api:milestone-list", make, Milestone, MILESTONE_LIST, sizes=(14, 20))


def test_report_list(client):
    def make():
        report = ProgressReportFactory(project=new_project(), created_by=UserFactory())
        add_photo(report)

    measure(client, "api:progress-report-list", make, ProgressReport, REPORT_LIST)


def test_photo_list(client):
    measure(
        client,
        "api:report-photo-list",
        lambda: add_photo(ProgressReportFactory(project=new_project())),
        ReportPhoto,
        PHOTO_LIST,
    )


def test_light_list(client):
    today = timezone.localdate()

    def make():
        project = new_project()
        MilestoneFactory(project=project, planned_date=today - datetime.timedelta(days=3))
        ProgressReportFactory(project=project)

    measure(client, "api:project-light-list", make, Project, LIGHT_LIST)
    measure(
        client, "api:project-light-list", make, Project, LIGHT_LIST, sizes=(14, 20), params={"light": "red"}
    )


def test_meeting_list(client):
    def make():
        meeting = DispatchMeetingFactory(task_force=new_project().task_force, chair=UserFactory())
        meeting.attendees.set([UserFactory(), UserFactory()])
        ActionItem.objects.create(meeting=meeting, title="事项", due_date=timezone.localdate())

    measure(client, "api:meeting-list", make, DispatchMeeting, MEETING_LIST)


def test_action_item_list(client):
    def make():
        meeting = DispatchMeetingFactory(task_force=new_project().task_force)
        ActionItem.objects.create(
            meeting=meeting,
            title="事项",
            owner=UserFactory(),
            owner_unit=DepartmentFactory(),
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )

    measure(client, "api:action-item-list", make, ActionItem, ACTION_ITEM_LIST, params={"overdue": "true"})
