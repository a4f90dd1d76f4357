"""Query-count baselines for the project list, the detail page and the API list.

The count must be the same with few and many rows (no query per row) and equal
the pinned number. If a deliberate change moves a baseline, update the number
here in the same commit and say why.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.models import Project, TaskForceMember
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceMemberFactory,
    TownFactory,
    UserFactory,
)
from tests.queries import assert_num_queries_stable

# session, user, the user's roles, then the page's own queries. The status light (completed
# investment, overdue milestones) is computed in the list's own query: no query more for it.
LIST_PAGE_OFFICE = 9
LIST_PAGE_DEPARTMENT_STAFF = 11
HTMX_TABLE = 5
DETAIL_PAGE = 12  # + the project's annual plan items (reserve section; its pool entry is joined) + its element-guarantee requests (要素保障 card; its investment lead is joined)
API_LIST = 5


def grow_projects(n, **fields):
    """Bring the number of projects to ``n``, each with its own industry, unit, town and commissioner."""
    while Project.objects.count() < n:
        values = {
            "industry": IndustryFactory(),
            "responsible_unit": DepartmentFactory(),
            "town": TownFactory(),
            "service_commissioner": UserFactory(roles=[Role.SERVICE_COMMISSIONER]),
            "policy_tags": ["national_pilot"],
        }
        ProjectFactory(**{**values, **fields})


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.django_db
def test_list_page_query_count_does_not_grow_with_projects(client):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    url = reverse("projects:project_list")
    assert_num_queries_stable(
        lambda: ok(client.get(url, {"sort": "-total_investment"})),
        grow_projects,
        sizes=(5, 40),
        expected=LIST_PAGE_OFFICE,
    )


@pytest.mark.django_db
def test_list_page_with_lights_and_the_light_filter_does_not_grow_with_reports_or_milestones(client):
    """Every project with counted reports and an overdue milestone: the lights and their reasons
    cost no query per row, with or without the ``light`` filter."""
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    url = reverse("projects:project_list")
    overdue = datetime.date.today() - datetime.timedelta(days=10)

    def grow(n):
        while Project.objects.count() < n:
            grow_projects(Project.objects.count() + 1, stage="construction")
            project = Project.objects.order_by("-pk").first()
            ProgressReportFactory(project=project)
            MilestoneFactory(project=project, planned_date=overdue)

    def fetch():
        response = ok(client.get(url, {"light": ["yellow", "red"], "sort": "-total_investment"}))
        assert response.context["rows"] and all(
            row.light in ("yellow", "red") for row in response.context["rows"]
        )
        return response

    assert_num_queries_stable(fetch, grow, sizes=(5, 40), expected=LIST_PAGE_OFFICE)


@pytest.mark.django_db
def test_list_page_query_count_for_a_scoped_user_does_not_grow(client):
    """A scoped user costs one more query (which rows they may change), never one per row."""
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=DepartmentFactory())
    client.force_login(staff)
    url = reverse("projects:project_list")

    def grow(n):
        grow_projects(n - n // 2)
        grow_projects(n, responsible_unit=staff.unit)

    assert_num_queries_stable(
        lambda: ok(client.get(url, {"sort": "code"})),
        grow,
        sizes=(5, 40),
        expected=LIST_PAGE_DEPARTMENT_STAFF,
    )


@pytest.mark.django_db
def test_list_page_htmx_table_query_count_does_not_grow(client):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    url = reverse("projects:project_list")

    def fetch():
        return ok(client.get(url, {"stage": "preparation"}, headers={"HX-Request": "true"}))

    assert_num_queries_stable(fetch, grow_projects, sizes=(5, 40), expected=HTMX_TABLE)


@pytest.mark.django_db
def test_detail_page_query_count_does_not_grow_with_members_or_history(client):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    client.force_login(office)
    project = ProjectFactory(service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]))
    editors = [UserFactory(roles=[Role.KEY_OFFICE]) for _ in range(3)]
    url = reverse("projects:project_detail", args=[project.pk])

    def grow(n):
        # n history records (each edit by another user and to another industry and town),
        # and n task-force members from n units
        while project.history.count() < n:
            project.refresh_from_db()
            project.industry = IndustryFactory()
            project.town = TownFactory()
            project.name = f"项目名称第{project.history.count()}版"
            project._history_user = editors[project.history.count() % len(editors)]
            project.save()
        while TaskForceMember.objects.filter(task_force__project=project).count() < n:
            TaskForceMemberFactory(task_force__project=project, user__unit=DepartmentFactory())

    assert_num_queries_stable(lambda: ok(client.get(url)), grow, sizes=(2, 12), expected=DETAIL_PAGE)


@pytest.mark.django_db
def test_api_list_query_count_does_not_grow_with_projects(api_client):
    api_client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    url = reverse("api:project-list")
    assert_num_queries_stable(
        lambda: ok(api_client.get(url)), grow_projects, sizes=(5, 40), expected=API_LIST
    )
