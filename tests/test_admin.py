"""The admin asks the same policies as the pages and the API (``liuyang.admin.PolicyAdminMixin``).

Being ``is_staff`` only opens the door: the office changes every project; a
department's staff member changes their own unit's projects and nothing else,
and can neither add nor delete.
"""

import pytest
from django import forms
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from projects.models import Project
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory
from tests.matrix import Snapshot


def admin_form_data(response, **changes):
    """POST data for an admin change form, from the form the change page rendered, plus ``changes``."""
    form = response.context["adminform"].form
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = _admin_value(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [_admin_value(item) for item in value]
        else:
            data[bound.html_name] = _admin_value(value)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def _admin_value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def office(db, client):
    user = UserFactory(roles=[Role.KEY_OFFICE], is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def department_staff(db, client):
    user = UserFactory(roles=[Role.DEPARTMENT_STAFF], is_staff=True, unit=DepartmentFactory(name="市发改局"))
    client.force_login(user)
    return user


def test_office_changes_any_project_in_the_admin(client, office):
    project = ProjectFactory()
    page = client.get(change_url(project))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is True
    response = client.post(change_url(project), admin_form_data(page, name="后台修改的名称"))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    project.refresh_from_db()
    assert project.name == "后台修改的名称"
    record = project.history.latest()
    assert (record.history_type, record.history_user) == ("~", office)


def test_office_adds_and_deletes_projects_in_the_admin(client, office):
    assert client.get(reverse("admin:projects_project_add")).status_code == 200
    project = ProjectFactory()
    url = reverse("admin:projects_project_delete", args=[project.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    assert Project.history.filter(id=project.pk, history_type="-").get().history_user == office


def test_department_staff_changes_their_own_units_project_in_the_admin(client, department_staff):
    project = ProjectFactory(responsible_unit=department_staff.unit)
    page = client.get(change_url(project))
    assert page.context["has_change_permission"] is True
    response = client.post(change_url(project), admin_form_data(page, responsible_person="王五"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.responsible_person == "王五"
    assert project.history.latest().history_user == department_staff


def test_department_staff_cannot_change_another_units_project_in_the_admin(client, department_staff):
    own = ProjectFactory(responsible_unit=department_staff.unit)
    other = ProjectFactory()
    # the page itself is read-only (everyone with a role reads every project)
    page = client.get(change_url(other))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    # and a forged POST is refused and changes nothing
    data = admin_form_data(client.get(change_url(own)), name="越权修改")
    data["responsible_unit"] = str(other.responsible_unit_id)
    before = Snapshot.take(Project, other)
    response = client.post(change_url(other), data)
    assert response.status_code == 403
    assert Snapshot.take(Project, other) == before


def test_department_staff_cannot_move_their_project_to_another_unit_in_the_admin(client, department_staff):
    project = ProjectFactory(responsible_unit=department_staff.unit)
    page = client.get(change_url(project))
    before = Snapshot.take(Project, project)
    response = client.post(
        change_url(project), admin_form_data(page, responsible_unit=str(DepartmentFactory().pk))
    )
    assert response.status_code == 403
    assert Snapshot.take(Project, project) == before


def test_department_staff_cannot_add_or_delete_projects_in_the_admin(client, department_staff):
    project = ProjectFactory(responsible_unit=department_staff.unit)
    before = Snapshot.take(Project, project)
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
    assert client.post(reverse("admin:projects_project_add"), {"name": "x"}).status_code == 403
    url = reverse("admin:projects_project_delete", args=[project.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Snapshot.take(Project, project) == before


def test_department_staff_changelist_has_no_bulk_delete(client, department_staff):
    project = ProjectFactory(responsible_unit=department_staff.unit)
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 200
    action_form = response.context["action_form"]
    assert action_form is None or "delete_selected" not in dict(action_form.fields["action"].choices)
    before = Snapshot.take(Project, project)
    client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"},
    )
    assert Snapshot.take(Project, project) == before


def test_staff_flag_without_a_role_opens_nothing(client, db):
    client.force_login(UserFactory(is_staff=True))
    project = ProjectFactory()
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 403
    assert client.get(change_url(project)).status_code == 403
    index = client.get(reverse("admin:index"))
    assert index.context["app_list"] == []


def test_a_role_without_the_staff_flag_does_not_enter_the_admin(client, db):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE], is_staff=False))
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_office_cannot_make_anyone_a_superuser_in_the_admin(client, office):
    """Managing people must not let the office grant itself (or others) every right."""
    page = client.get(change_url(office))
    assert page.status_code == 200
    response = client.post(change_url(office), admin_form_data(page, is_superuser=True))
    assert response.status_code in (200, 302, 403)
    assert User.objects.get(pk=office.pk).is_superuser is False
