"""Who may read and write key projects, on the pages and through the API.

Everyone with a role reads every project; the office creates, changes and
deletes; leaders and the investment team only read; task-force staff,
department staff and service commissioners change the projects in their own
row scope; a change that would carry a project out of that scope is refused.
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.models import Project
from tests.factories import DepartmentFactory, ProjectFactory, TaskForceMemberFactory, UserFactory
from tests.matrix import (
    ANONYMOUS,
    ANONYMOUS_ACCESS,
    CHANGE_IN_SCOPE,
    FULL,
    NO_ACCESS,
    NO_ROLE,
    READ_ONLY,
    SUPERUSER,
    PermissionMatrix,
    Snapshot,
)
from tests.projects.payloads import (
    changed_fields,
    new_project_api_data,
    new_project_form_data,
    project_api_data,
    project_form_data,
)


class TestProjectPermissionMatrix(PermissionMatrix):
    model = Project
    volatile_fields = frozenset({"version"})

    list_url = staticmethod(lambda: reverse("projects:project_list"))
    detail_url = staticmethod(lambda obj: reverse("projects:project_detail", args=[obj.pk]))
    add_url = staticmethod(lambda: reverse("projects:project_add"))
    edit_url = staticmethod(lambda obj: reverse("projects:project_edit", args=[obj.pk]))
    delete_url = staticmethod(lambda obj: reverse("projects:project_delete", args=[obj.pk]))
    api_list_url = staticmethod(lambda: reverse("api:project-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:project-detail", args=[obj.pk]))

    expected = {
        Role.KEY_OFFICE: FULL,
        SUPERUSER: FULL,
        Role.CITY_LEADER: READ_ONLY,
        Role.INVESTMENT_TEAM: READ_ONLY,
        Role.TASK_FORCE_STAFF: CHANGE_IN_SCOPE,
        Role.DEPARTMENT_STAFF: CHANGE_IN_SCOPE,
        Role.SERVICE_COMMISSIONER: CHANGE_IN_SCOPE,
        NO_ROLE: NO_ACCESS,
        ANONYMOUS: ANONYMOUS_ACCESS,
    }

    scope_escapes = {
        Role.DEPARTMENT_STAFF: lambda self, project, user: {"responsible_unit": DepartmentFactory().pk},
        Role.SERVICE_COMMISSIONER: lambda self, project, user: {
            "service_commissioner": UserFactory(roles=[Role.SERVICE_COMMISSIONER]).pk
        },
    }

    def make_object(self):
        # In nobody's scope, but every scope path exists: a task force with a
        # member, another department, another commissioner.
        project = ProjectFactory(service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]))
        TaskForceMemberFactory(task_force__project=project)
        return project

    def link_to_scope(self, project, user, role):
        if role == Role.TASK_FORCE_STAFF:
            TaskForceMemberFactory(task_force=project.task_force, user=user)
        elif role == Role.DEPARTMENT_STAFF:
            Project.objects.filter(pk=project.pk).update(responsible_unit=user.unit)
        elif role == Role.SERVICE_COMMISSIONER:
            Project.objects.filter(pk=project.pk).update(service_commissioner=user)

    def create_form_data(self, user):
        return new_project_form_data(policy_tags=["national_14th_fyp"], change_reason="年度新增重点项目")

    def update_form_data(self, user, project):
        return project_form_data(project, **changed_fields(), change_reason="调度会调整")

    def create_api_data(self, user):
        return new_project_api_data(policy_tags=["national_pilot"])

    def update_api_data(self, user, project):
        return project_api_data(project, **changed_fields())

    def partial_api_data(self, user, project):
        return {"name": "测试项目（接口修改）", "annual_plan_investment": "9000.00"}


# -- rules the matrix does not express on its own ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CITY_LEADER, Role.INVESTMENT_TEAM])
def test_scope_links_grant_no_change_to_a_role_without_row_scope(client, api_client, role):
    """Being a task-force member, in the responsible unit and the commissioner grants nothing
    to a role that has no row scope (city leader, investment team)."""
    user = UserFactory(roles=[role], unit=DepartmentFactory())
    project = ProjectFactory(responsible_unit=user.unit, service_commissioner=user)
    TaskForceMemberFactory(task_force__project=project, user=user)
    client.force_login(user)
    api_client.force_login(user)
    before = Snapshot.take(Project, project)
    page = client.post(
        reverse("projects:project_edit", args=[project.pk]), project_form_data(project, name="改名")
    )
    api = api_client.patch(reverse("api:project-detail", args=[project.pk]), {"name": "改名"}, format="json")
    assert (page.status_code, api.status_code) == (403, 403)
    assert Snapshot.take(Project, project) == before


@pytest.mark.django_db
def test_department_staff_without_a_unit_changes_nothing(api_client):
    user = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=None)
    project = ProjectFactory()
    api_client.force_login(user)
    response = api_client.patch(
        reverse("api:project-detail", args=[project.pk]), {"name": "x"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_inactive_user_with_a_role_is_treated_as_logged_out(client, api_client):
    user = UserFactory(roles=[Role.KEY_OFFICE], is_active=False)
    project = ProjectFactory()
    client.force_login(user)
    api_client.force_login(user)
    page = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
    assert api_client.get(reverse("api:project-detail", args=[project.pk])).status_code == 401


@pytest.mark.django_db
def test_api_token_write_records_the_token_user_in_history(api_client):
    """History names the acting user for token-authenticated API writes too."""
    from rest_framework.authtoken.models import Token

    user = UserFactory(roles=[Role.KEY_OFFICE])
    project = ProjectFactory()
    token = Token.objects.create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.patch(
        reverse("api:project-detail", args=[project.pk]), {"name": "令牌修改"}, format="json"
    )
    assert response.status_code == 200
    assert project.history.latest().history_user == user


@pytest.mark.django_db
def test_anonymous_api_request_gets_401_with_a_token_challenge(api_client):
    response = api_client.get(reverse("api:project-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_task_force_staff_of_another_task_force_cannot_change(api_client):
    """Membership of one project's task force grants nothing on another project."""
    mine, other = ProjectFactory(), ProjectFactory()
    member = TaskForceMemberFactory(task_force__project=mine).user
    TaskForceMemberFactory(task_force__project=other)
    api_client.force_login(member)
    url = reverse("api:project-detail", args=[other.pk])
    assert api_client.patch(url, {"name": "越权"}, format="json").status_code == 403
    url = reverse("api:project-detail", args=[mine.pk])
    assert api_client.patch(url, {"name": "本专班"}, format="json").status_code == 200


@pytest.mark.django_db
def test_the_api_refuses_a_service_commissioner_who_does_not_hold_the_role(api_client):
    """The form only offers users with the service-commissioner role; the API must refuse others too."""
    office = UserFactory(roles=[Role.KEY_OFFICE])
    outsider = UserFactory(roles=[Role.INVESTMENT_TEAM])
    project = ProjectFactory()
    api_client.force_login(office)
    response = api_client.patch(
        reverse("api:project-detail", args=[project.pk]), {"service_commissioner": outsider.pk}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "service_commissioner" in response.json()
    project.refresh_from_db()
    assert project.service_commissioner is None
