"""A task-force staff member's journey in real Chromium, on a phone-sized screen."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import Unit, User
from projects.models import Industry, Project, TaskForce, TaskForceMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Zhuanban#2026"


def make_project(code, name, town, unit, industry):
    return Project.objects.create(
        code=code,
        name=name,
        project_type="industrial",
        industry=industry,
        stage="construction",
        total_investment="50000.00",
        annual_plan_investment="12000.00",
        responsible_unit=unit,
        responsible_person="李明",
        owner_enterprise="浏阳某某科技有限公司",
        town=town,
    )


@pytest.fixture
def journey_data():
    town = Unit.objects.create(name="集里街道", kind="town", code="430181002")
    unit = Unit.objects.create(name="市工业和信息化局", kind="department")
    industry = Industry.objects.create(name="电子信息")
    staff = User.objects.create_user("zhangsan", password=PASSWORD, full_name="张三")
    staff.groups.add(Group.objects.get(name="task_force_staff"))
    own = make_project("LY2026-101", "电子信息产业园", town, unit, industry)
    other = make_project("LY2026-102", "新材料产业园", town, unit, industry)
    TaskForceMember.objects.create(
        task_force=TaskForce.objects.create(project=own), user=staff, duty="进度填报"
    )
    TaskForce.objects.create(project=other)
    return staff, own, other


def test_task_force_staff_edits_own_project_sees_history_and_is_refused_another(
    live_server, browser_page, journey_data
):
    staff, own, other = journey_data
    page = browser_page

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{live_server.url}/projects/**")

    page.goto(f"{live_server.url}{own.get_absolute_url()}")
    page.click(f"a[href='{own.get_absolute_url()}edit/']")
    page.fill("input[name=responsible_person]", "王建国")
    page.fill("input[name=change_reason]", "责任人调整")
    page.click("form.project-form [type=submit]")
    page.wait_for_url(f"{live_server.url}{own.get_absolute_url()}")

    history = page.locator("#history")
    history.wait_for()
    text = history.inner_text()
    assert "王建国" in text and "李明" in text, text
    assert "责任人调整" in text and "张三" in text, text
    own.refresh_from_db()
    assert own.responsible_person == "王建国"
    assert own.history.count() == 2

    # Another task force's project: no edit link, and the edit page itself refuses.
    page.goto(f"{live_server.url}{other.get_absolute_url()}")
    assert page.locator(f"a[href='{other.get_absolute_url()}edit/']").count() == 0
    response = page.goto(f"{live_server.url}{other.get_absolute_url()}edit/")
    assert response.status == 403
    assert "权限" in page.content()
    other.refresh_from_db()
    assert other.responsible_person == "李明"
    assert other.history.count() == 1
