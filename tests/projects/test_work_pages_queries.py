"""Query-count baselines of the task-force pages: the count must not grow with the data (projects,
milestones, reports, photos, meetings, members) and must equal the pinned number. If a deliberate
change moves a baseline, update the number here and say why."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.choices import ProjectStage, ReportStatus
from projects.models import ActionItem, ProgressReport, Project, ReportPhoto, TaskForceMember
from projects.services.periods import previous_period
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)
from tests.projects import test_work_pages as shared
from tests.projects.test_work_pages import this_period, today
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

# fixtures shared with the page tests
media = shared.media

# session, user, the user's roles, then the page's own queries:
# count, rows with their lights, the next milestones (one window query), this and last period's reports
MY_PROJECTS = 8
# project with lights and task force, members, milestones, templates, reports, meetings, next meeting date,
# this period's report; the office's member form adds its people and units, staff ask whether they may change
TASK_FORCE_PAGE_OFFICE = 14
TASK_FORCE_PAGE_STAFF = 13
# project, may they change it, count, reports with cumulative figures and photo counts, this period's report
REPORT_LIST = 9
# report, report with its cumulative figures, photos, history records and the people in them
REPORT_DETAIL = 10
# count, rows with both periods' report ids and statuses (the unit filter's choices are not rendered in a list)
ATTENTION_LIST = 7
# meeting, items, attendees, history and its people, the item form's people and units
MEETING_DETAIL = 12


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


def months_back(n):
    start = this_period()
    for _ in range(n):
        start = previous_period("monthly", start)[0]
    return start


def add_project_for(user, n):
    """A project in the user's task force with two milestones (one overdue) and a report."""
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION, responsible_unit=DepartmentFactory())
    TaskForceMemberFactory(task_force=TaskForceFactory(project=project), user=user)
    MilestoneFactory(project=project, planned_date=today() - datetime.timedelta(days=3), owner=UserFactory())
    MilestoneFactory(project=project, owner_unit=DepartmentFactory())
    ProgressReportFactory(project=project, period_start=months_back(1), created_by=user)
    return project


@pytest.mark.django_db
def test_my_projects_query_count_does_not_grow_with_projects(client):
    staff = UserFactory(roles=[Role.TASK_FORCE_STAFF])
    client.force_login(staff)

    def grow(n):
        while TaskForceMember.objects.filter(user=staff).count() < n:
            add_project_for(staff, n)

    assert_num_queries_stable(
        lambda: ok(client.get(reverse("projects:my_projects"))), grow, sizes=(2, 12), expected=MY_PROJECTS
    )


def grow_project(project, n, office):
    """n members, milestones, reports (one month each, with a photo) and meetings with items."""
    task_force = TaskForceFactory(project=project)
    while task_force.members.count() < n:
        TaskForceMemberFactory(
            task_force=task_force, unit=DepartmentFactory(), user__unit=DepartmentFactory()
        )
    while project.milestones.count() < n:
        MilestoneFactory(
            project=project, owner=UserFactory(unit=DepartmentFactory()), owner_unit=DepartmentFactory()
        )
    while project.reports.count() < n:
        report = ProgressReportFactory(project=project, period_start=months_back(project.reports.count() + 1))
        ReportPhoto.objects.create(
            report=report,
            original="x.png",
            display="x.jpg",
            thumbnail="x.jpg",
            width=1,
            height=1,
            uploaded_by=office,
        )
    while task_force.meetings.count() < n:
        meeting = DispatchMeetingFactory(task_force=task_force, chair=UserFactory(), created_by=office)
        ActionItem.objects.create(meeting=meeting, title="事项", due_date=today())


@pytest.mark.parametrize(
    "who, expected", [("office", TASK_FORCE_PAGE_OFFICE), ("staff", TASK_FORCE_PAGE_STAFF)]
)
def test_task_force_page_query_count_does_not_grow(client, who, expected):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    project = ProjectFactory(
        stage=ProjectStage.CONSTRUCTION, service_commissioner=UserFactory(unit=DepartmentFactory())
    )
    user = office
    if who == "staff":
        user = TaskForceMemberFactory(task_force=TaskForceFactory(project=project)).user
    client.force_login(user)
    url = reverse("projects:task_force", args=[project.pk])
    assert_num_queries_stable(
        lambda: ok(client.get(url)),
        lambda n: grow_project(project, n, office),
        sizes=(2, 10),
        expected=expected,
    )


def test_report_list_query_count_does_not_grow(client):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    client.force_login(TaskForceMemberFactory(task_force=TaskForceFactory(project=project)).user)
    url = reverse("projects:report_list", args=[project.pk])
    assert_num_queries_stable(
        lambda: ok(client.get(url)),
        lambda n: grow_project(project, n, office),
        sizes=(2, 14),
        expected=REPORT_LIST,
    )


def test_report_page_query_count_does_not_grow_with_photos_or_history(client, media):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    report = ProgressReportFactory(status=ReportStatus.SUBMITTED)
    client.force_login(office)
    url = report.get_absolute_url()

    def grow(n):
        while report.photos.count() < n:
            ReportPhoto.objects.create(
                report=report,
                original="x.png",
                display="x.jpg",
                thumbnail="x.jpg",
                width=1,
                height=1,
                uploaded_by=UserFactory(),
            )
        while report.history.count() < n:
            fresh = ProgressReport.objects.get(pk=report.pk)
            fresh.physical_progress = f"第{report.history.count()}版"
            fresh._history_user = UserFactory()
            fresh.save()

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 10), expected=REPORT_DETAIL)


def test_attention_list_query_count_does_not_grow_with_projects(client):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    url = reverse("projects:reports_attention")
    statuses = [ReportStatus.RETURNED, ReportStatus.SUBMITTED, ReportStatus.DRAFT, None]

    def grow(n):
        while Project.objects.count() < n:
            project = ProjectFactory(stage=ProjectStage.CONSTRUCTION, responsible_unit=DepartmentFactory())
            status = statuses[Project.objects.count() % len(statuses)]
            if status:
                ProgressReportFactory(project=project, period_start=months_back(1), status=status)

    assert_num_queries_stable(
        lambda: ok(client.get(url, {"state": ["late", "returned", "submitted"]})),
        grow,
        sizes=(4, 30),
        expected=ATTENTION_LIST,
    )


def test_meeting_page_query_count_does_not_grow_with_items_or_attendees(client):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    meeting = DispatchMeetingFactory(chair=UserFactory(), created_by=office)
    client.force_login(office)
    url = meeting.get_absolute_url()

    def grow(n):
        while meeting.action_items.count() < n:
            ActionItem.objects.create(
                meeting=meeting,
                title="事项",
                due_date=today(),
                owner=UserFactory(),
                owner_unit=DepartmentFactory(),
            )
        while meeting.attendees.count() < n:
            meeting.attendees.add(UserFactory(unit=DepartmentFactory()))

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 10), expected=MEETING_DETAIL)


def test_completed_figures_of_the_baseline_data_are_counted(client):
    """The grown data is real: the reports count towards the light (guards the fixtures above)."""
    staff = UserFactory(roles=[Role.TASK_FORCE_STAFF])
    project = add_project_for(staff, 1)
    client.force_login(staff)
    row = client.get(reverse("projects:my_projects")).context["rows"][0]
    assert row.pk == project.pk and row.completed_total == Decimal("1500")
    assert row.overdue_milestones == 1
