"""三员分立: the system, security and audit administrators each do their job in the admin, and not the others'.

No one of them sees business data; only the security administrator hands out roles and passwords; only the
audit administrator reads the audit trail, which no one — not even a superuser — can change or delete.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind, User
from accounts.roles import AdminRole, Role
from tests.factories import PASSWORD, ProjectFactory, UserFactory
from tests.test_admin import admin_form_data

pytestmark = pytest.mark.django_db

SYSTEM, SECURITY, AUDIT, OFFICE, SUPERUSER = "system", "security", "audit", "office", "superuser"


@pytest.fixture
def people():
    return {
        SYSTEM: UserFactory(username="sysadmin", roles=[AdminRole.SYSTEM], is_staff=True),
        SECURITY: UserFactory(username="secadmin", roles=[AdminRole.SECURITY], is_staff=True),
        AUDIT: UserFactory(username="auditor", roles=[AdminRole.AUDIT], is_staff=True),
        OFFICE: UserFactory(username="office", roles=[Role.KEY_OFFICE], is_staff=True),
        SUPERUSER: UserFactory(username="root", is_staff=True, is_superuser=True),
    }


def as_(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


# who may open which admin page (GET status)
PAGES = {
    "user list": (lambda w: reverse("admin:accounts_user_changelist"), {SYSTEM, SECURITY, OFFICE, SUPERUSER}),
    "user add": (lambda w: reverse("admin:accounts_user_add"), {SYSTEM, OFFICE, SUPERUSER}),
    "unit list": (lambda w: reverse("admin:accounts_unit_changelist"), {SYSTEM, OFFICE, SUPERUSER}),
    "industry list": (lambda w: reverse("admin:projects_industry_changelist"), {SYSTEM, OFFICE, SUPERUSER}),
    "project list": (lambda w: reverse("admin:projects_project_changelist"), {OFFICE, SUPERUSER}),
    "project page": (lambda w: change_url(w["project"]), {OFFICE, SUPERUSER}),
    "security log": (lambda w: reverse("admin:accounts_securityevent_changelist"), {AUDIT, SUPERUSER}),
    "project history": (lambda w: reverse("admin:projects_historicalproject_changelist"), {AUDIT, SUPERUSER}),
    "login locks": (lambda w: reverse("admin:accounts_loginlock_changelist"), {SECURITY, SUPERUSER}),
    "password reset": (
        lambda w: reverse("admin:auth_user_password_change", args=[w["target"].pk]),
        {SECURITY, SUPERUSER},
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", [SYSTEM, SECURITY, AUDIT, OFFICE, SUPERUSER])
def test_admin_page_matrix(people, page, who):
    world = {"project": ProjectFactory(), "target": UserFactory()}
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="someone")
    url_for, allowed = PAGES[page]
    status = as_(people[who]).get(url_for(world)).status_code
    if who in allowed:
        assert status == 200, (who, page, status)
    else:
        assert status in (302, 403), (who, page, status)


def test_system_admin_creates_and_edits_accounts_but_cannot_give_roles(people):
    client = as_(people[SYSTEM])
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newclerk",
            "password1": "Liuyang@2026x",
            "password2": "Liuyang@2026x",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    clerk = User.objects.get(username="newclerk")
    page = client.get(change_url(clerk))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "groups" not in form.fields and "is_staff" not in form.fields and "is_superuser" not in form.fields
    data = admin_form_data(page, full_name="新经办人")
    data["groups"] = [Group.objects.get(name=Role.KEY_OFFICE).pk]
    data["is_staff"] = "on"
    assert client.post(change_url(clerk), data).status_code == 302
    clerk.refresh_from_db()
    assert clerk.full_name == "新经办人"
    assert not clerk.groups.exists() and clerk.is_staff is False


def test_security_admin_assigns_roles_but_cannot_change_the_profile(people):
    target = UserFactory(full_name="原姓名")
    client = as_(people[SECURITY])
    page = client.get(change_url(target))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "full_name" not in form.fields and "groups" in form.fields
    data = admin_form_data(page, groups=[Group.objects.get(name=Role.DEPARTMENT_STAFF).pk])
    data["full_name"] = "被改的姓名"
    assert client.post(change_url(target), data).status_code == 302
    target.refresh_from_db()
    assert target.full_name == "原姓名"
    assert list(target.groups.values_list("name", flat=True)) == [Role.DEPARTMENT_STAFF]
    event = SecurityEvent.objects.filter(
        kind=SecurityEventKind.ROLES_CHANGED, username=target.username
    ).last()
    assert event.actor == "secadmin" and Role.DEPARTMENT_STAFF in event.detail


def test_one_person_holds_at_most_one_administrator_role_and_no_business_role(people):
    target = UserFactory()
    client = as_(people[SECURITY])
    page = client.get(change_url(target))
    for names in ([AdminRole.AUDIT, AdminRole.SYSTEM], [AdminRole.AUDIT, Role.KEY_OFFICE]):
        groups = [g.pk for g in Group.objects.filter(name__in=names)]
        response = client.post(change_url(target), admin_form_data(page, groups=groups))
        assert response.status_code == 200
        assert "三员分立" in str(response.context["adminform"].form.errors)
        assert not target.groups.exists()


def test_security_admin_cannot_grant_themself_anything(people):
    me = people[SECURITY]
    client = as_(me)
    page = client.get(change_url(me))
    assert "groups" not in page.context["adminform"].form.fields
    assert "is_superuser" not in page.context["adminform"].form.fields


def test_security_admin_resets_a_password_and_it_is_recorded(people):
    target = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = as_(people[SECURITY]).post(
        url, {"password1": "Reset#Pass2026", "password2": "Reset#Pass2026", "usable_password": "true"}
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert Client().login(username=target.username, password="Reset#Pass2026")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_CHANGED, username=target.username)
    assert event.actor == "secadmin"
    # a weak password is refused in Chinese
    response = as_(people[SECURITY]).post(
        url, {"password1": "abc", "password2": "abc", "usable_password": "true"}
    )
    assert response.status_code == 200 and "密码太短" in response.content.decode()


@pytest.mark.parametrize("who", [SYSTEM, OFFICE, AUDIT])
def test_only_the_security_admin_sets_passwords(people, who):
    target = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = as_(people[who]).post(
        url, {"password1": "Reset#Pass2026", "password2": "Reset#Pass2026", "usable_password": "true"}
    )
    assert response.status_code in (302, 403)
    assert Client().login(username=target.username, password=PASSWORD)


@pytest.mark.parametrize("who", [SYSTEM, SECURITY, AUDIT])
def test_administrators_never_delete_accounts(people, who):
    target = UserFactory()
    client = as_(people[who])
    client.post(reverse("admin:accounts_user_delete", args=[target.pk]), {"post": "yes"})
    assert User.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("who", [SYSTEM, SECURITY, AUDIT])
def test_administrators_change_no_business_data(people, who):
    project = ProjectFactory(name="原名称")
    client = as_(people[who])
    assert client.get(change_url(project)).status_code in (302, 403)
    client.post(change_url(project), {"name": "改过的名称"})
    project.refresh_from_db()
    assert project.name == "原名称"
    assert client.get(reverse("projects:project_list")).status_code in (302, 403)
