"""The project pages: list filters, search, sort, pagination and the htmx table; the
detail page's change history; edit links only where the user may change; and
optimistic concurrency on the edit form (first save wins, the second gets 409)."""

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse

from accounts.choices import UnitKind
from accounts.roles import Role
from projects.models import Project
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    ProjectFactory,
    TaskForceMemberFactory,
    TownFactory,
    UnitFactory,
    UserFactory,
)
from tests.projects.payloads import project_form_data

LIST = reverse("projects:project_list")


def listed(response):
    return [row.code for row in response.context["rows"]]


@pytest.fixture
def office(db, client):
    user = UserFactory(roles=[Role.KEY_OFFICE], full_name="重点办王科长")
    client.force_login(user)
    return user


@pytest.fixture
def catalogue(db):
    """Five projects that differ in every filtered field."""
    huaxiang, guandu = TownFactory(name="淮川街道"), TownFactory(name="官渡镇")
    fagai, zhujian = DepartmentFactory(name="市发改局"), DepartmentFactory(name="市住建局")
    fireworks, tourism = IndustryFactory(name="花炮"), IndustryFactory(name="文旅康养")
    commissioner = UserFactory(roles=[Role.SERVICE_COMMISSIONER])
    common = {"annual_plan_investment": Decimal("100.00")}
    projects = {
        "A": ProjectFactory(
            code="P-A",
            name="花炮产业转型升级",
            owner_enterprise="浏阳花炮集团",
            project_type="industrial",
            stage="construction",
            industry=fireworks,
            town=huaxiang,
            responsible_unit=fagai,
            total_investment=Decimal("150000.00"),
            planned_start=datetime.date(2024, 3, 1),
            policy_tags=["hunan_sangao_sixin"],
            service_commissioner=commissioner,
            **common,
        ),
        "B": ProjectFactory(
            code="P-B",
            name="大围山生态旅游示范区",
            owner_enterprise="大围山文旅公司",
            project_type="infrastructure",
            stage="preparation",
            industry=tourism,
            town=guandu,
            responsible_unit=zhujian,
            total_investment=Decimal("200000.00"),
            planned_start=datetime.date(2025, 1, 15),
            policy_tags=["national_14th_fyp", "provincial_key"],
            **common,
        ),
        "C": ProjectFactory(
            code="P-C",
            name="浏阳河文旅综合体",
            owner_enterprise="浏阳河投资公司",
            project_type="livelihood",
            stage="planning",
            industry=tourism,
            town=huaxiang,
            responsible_unit=zhujian,
            total_investment=Decimal("80000.00"),
            planned_start=datetime.date(2026, 6, 1),
            policy_tags=[],
            responsible_person="李四",
            **common,
        ),
        "D": ProjectFactory(
            code="P-D",
            name="数字经济产业园",
            owner_enterprise="浏阳数字科技",
            project_type="industrial",
            stage="construction",
            industry=IndustryFactory(name="数字经济"),
            town=guandu,
            responsible_unit=fagai,
            total_investment=Decimal("1000000.00"),
            planned_start=datetime.date(2023, 9, 1),
            policy_tags=["national_pilot"],
            **common,
        ),
        "E": ProjectFactory(
            code="P-E",
            name="精密制造产业园",
            owner_enterprise="长三角精密制造",
            project_type="industrial",
            stage="removed",
            industry=IndustryFactory(name="先进制造"),
            town=TownFactory(name="永安镇"),
            responsible_unit=DepartmentFactory(name="市工信局"),
            total_investment=Decimal("500000.00"),
            planned_start=None,
            planned_completion=None,
            policy_tags=["national_14th_fyp"],
            **common,
        ),
    }
    return {
        "projects": projects,
        "huaxiang": huaxiang,
        "guandu": guandu,
        "fagai": fagai,
        "zhujian": zhujian,
        "fireworks": fireworks,
        "tourism": tourism,
        "commissioner": commissioner,
    }


# -- list -------------------------------------------------------------------------------------


def test_list_without_parameters_shows_every_project(client, office, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == ["P-A", "P-B", "P-C", "P-D", "P-E"]


FILTERS = [
    ("project_type", lambda c: ["industrial"], ["P-A", "P-D", "P-E"]),
    ("project_type_many", lambda c: ["infrastructure", "livelihood"], ["P-B", "P-C"]),
    ("stage", lambda c: ["construction"], ["P-A", "P-D"]),
    ("industry", lambda c: [c["tourism"].pk], ["P-B", "P-C"]),
    ("town", lambda c: [c["huaxiang"].pk], ["P-A", "P-C"]),
    ("responsible_unit", lambda c: [c["fagai"].pk], ["P-A", "P-D"]),
    ("policy_tag", lambda c: "national_14th_fyp", ["P-B", "P-E"]),
    ("total_investment_min", lambda c: "200000", ["P-B", "P-D", "P-E"]),
    ("total_investment_max", lambda c: "150000", ["P-A", "P-C"]),
    ("planned_start_after", lambda c: "2025-01-01", ["P-B", "P-C"]),
    ("planned_start_before", lambda c: "2024-12-31", ["P-A", "P-D"]),
    ("service_commissioner", lambda c: c["commissioner"].pk, ["P-A"]),
]


@pytest.mark.parametrize(("name", "value", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_each_list_filter_narrows_the_list_the_same_on_page_and_api(
    client, api_client, office, catalogue, name, value, expected
):
    param = name.removesuffix("_many")
    params = {param: value(catalogue)}
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert listed(response) == expected
    api_client.force_login(office)
    api = api_client.get(reverse("api:project-list"), params)
    assert api.status_code == 200
    assert [item["code"] for item in api.json()["results"]] == expected


def test_filters_combine_with_and(client, office, catalogue):
    response = client.get(LIST, {"stage": "construction", "town": catalogue["guandu"].pk})
    assert listed(response) == ["P-D"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("花炮", ["P-A"]),
        ("p-c", ["P-C"]),
        ("长三角", ["P-E"]),
        ("李四", ["P-C"]),
        ("  产业园 ", ["P-D", "P-E"]),
    ],
    ids=["name", "code_case_insensitive", "owner_enterprise", "responsible_person", "trimmed"],
)
def test_search_q_matches_code_name_owner_and_person(client, office, catalogue, q, expected):
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("total_investment", ["P-C", "P-A", "P-B", "P-E", "P-D"]),
        ("-total_investment", ["P-D", "P-E", "P-B", "P-A", "P-C"]),
        ("-code", ["P-E", "P-D", "P-C", "P-B", "P-A"]),
        ("stage,code", ["P-A", "P-D", "P-C", "P-B", "P-E"]),
    ],
    ids=["investment_ascending", "investment_descending", "code_descending", "stage_then_code"],
)
def test_sort_orders_the_list(client, office, catalogue, sort, expected):
    response = client.get(LIST, {"sort": sort})
    assert response.status_code == 200
    assert listed(response) == expected


def test_unknown_sort_key_is_400(client, office, catalogue):
    assert client.get(LIST, {"sort": "owner_enterprise"}).status_code == 400


def test_pagination_splits_the_list_and_keeps_filters(client, office, catalogue):
    first = client.get(LIST, {"page_size": 2, "sort": "code"})
    second = client.get(LIST, {"page_size": 2, "sort": "code", "page": 2})
    last = client.get(LIST, {"page_size": 2, "sort": "code", "page": 99})
    assert listed(first) == ["P-A", "P-B"]
    assert listed(second) == ["P-C", "P-D"]
    assert listed(last) == ["P-E"], "a page past the end shows the last page"
    assert first.context["paginator"].count == 5
    # the links to other pages keep the filters and the sort but not the page
    query = QueryDict(second.context["querystring"])
    assert "page" not in query
    assert (query["sort"], query["page_size"]) == ("code", "2")
    assert "sort=code" in second.content.decode()


def test_htmx_request_returns_only_the_table(client, office, catalogue):
    full = client.get(LIST, {"sort": "code"})
    assert full.status_code == 200
    partial = client.get(LIST, {"stage": "construction"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    full_templates = {t.name for t in full.templates}
    partial_templates = {t.name for t in partial.templates}
    assert "projects/project_list.html" in full_templates
    assert "projects/_project_table.html" in partial_templates
    assert "projects/project_list.html" not in partial_templates
    assert "base.html" not in partial_templates
    body = partial.content.decode()
    assert "<html" not in body.lower()
    assert "P-A" in body and "P-D" in body and "P-B" not in body


def test_htmx_boosted_navigation_gets_the_whole_page(client, office, catalogue):
    response = client.get(LIST, {"sort": "code"}, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert response.status_code == 200
    assert "projects/project_list.html" in {t.name for t in response.templates}


def test_edit_link_only_on_rows_the_user_may_change(client, catalogue):
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=catalogue["zhujian"])
    client.force_login(staff)
    response = client.get(LIST, {"sort": "code"})
    flags = {row.code: row.user_can_change for row in response.context["rows"]}
    assert flags == {"P-A": False, "P-B": True, "P-C": True, "P-D": False, "P-E": False}
    body = response.content.decode()
    projects = catalogue["projects"]
    for code in ("B", "C"):
        assert reverse("projects:project_edit", args=[projects[code].pk]) in body
    for code in ("A", "D", "E"):
        assert reverse("projects:project_edit", args=[projects[code].pk]) not in body
    assert response.context["can_add"] is False
    assert reverse("projects:project_add") not in body


def test_office_sees_edit_links_on_every_row_and_the_add_button(client, office, catalogue):
    response = client.get(LIST, {"sort": "code"})
    assert len(response.context["rows"]) == 5
    assert all(row.user_can_change for row in response.context["rows"])
    assert response.context["can_add"] is True
    assert reverse("projects:project_add") in response.content.decode()


def test_read_only_role_sees_no_edit_link(client, catalogue):
    client.force_login(UserFactory(roles=[Role.CITY_LEADER]))
    response = client.get(LIST, {"sort": "code"})
    assert listed(response) == ["P-A", "P-B", "P-C", "P-D", "P-E"]
    assert not any(row.user_can_change for row in response.context["rows"])
    body = response.content.decode()
    for project in catalogue["projects"].values():
        assert reverse("projects:project_edit", args=[project.pk]) not in body


# -- detail -----------------------------------------------------------------------------------


def test_detail_shows_the_change_history_with_labels_old_new_and_who(client, office, catalogue):
    project = catalogue["projects"]["C"]
    data = project_form_data(
        project,
        name="浏阳河文旅综合体（二期）",
        stage="preparation",
        town=catalogue["guandu"].pk,
        change_reason="调度会决定",
    )
    assert client.post(reverse("projects:project_edit", args=[project.pk]), data).status_code == 302
    response = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert response.status_code == 200
    latest = response.context["history"][0]
    assert latest.user == office
    assert latest.reason == "调度会决定"
    changes = {c.field: (c.label, c.old, c.new) for c in latest.changes}
    assert changes["name"] == ("项目名称", "浏阳河文旅综合体", "浏阳河文旅综合体（二期）")
    assert changes["stage"] == ("项目阶段", "谋划", "前期")
    assert changes["town"] == ("所在乡镇/街道", "淮川街道", "官渡镇")
    body = response.content.decode()
    for text in (
        "项目名称",
        "浏阳河文旅综合体（二期）",
        "谋划",
        "前期",
        "官渡镇",
        "重点办王科长",
        "调度会决定",
    ):
        assert text in body, f"{text!r} missing from the detail page's history"


def test_detail_shows_edit_and_delete_only_to_those_allowed(client, catalogue):
    project = catalogue["projects"]["B"]
    edit, delete = (reverse(f"projects:project_{a}", args=[project.pk]) for a in ("edit", "delete"))
    url = reverse("projects:project_detail", args=[project.pk])

    client.force_login(UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=catalogue["zhujian"]))
    body = client.get(url).content.decode()
    assert edit in body and delete not in body

    client.force_login(UserFactory(roles=[Role.INVESTMENT_TEAM]))
    body = client.get(url).content.decode()
    assert edit not in body and delete not in body

    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    body = client.get(url).content.decode()
    assert edit in body and delete in body


def test_detail_shows_the_task_force_and_its_members(client, office, catalogue):
    project = catalogue["projects"]["A"]
    member = TaskForceMemberFactory(
        task_force__project=project, user__full_name="专班联络员赵六", duty="要素保障"
    )
    response = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert list(response.context["task_force_members"]) == [member]
    body = response.content.decode()
    assert "专班联络员赵六" in body and "要素保障" in body


def test_detail_of_a_missing_project_is_404(client, office):
    assert client.get(reverse("projects:project_detail", args=[999999])).status_code == 404


# -- optimistic concurrency -------------------------------------------------------------------


def _form_values(response):
    form = response.context["form"]
    return {name: form[name].value() for name in ("name", "version")}


def test_second_save_from_the_same_version_gets_409_and_keeps_its_input(client, catalogue):
    project = catalogue["projects"]["B"]
    url = reverse("projects:project_edit", args=[project.pk])
    first, second = UserFactory(roles=[Role.KEY_OFFICE]), UserFactory(roles=[Role.KEY_OFFICE])

    client.force_login(first)
    opened_first = _form_values(client.get(url))
    client.force_login(second)
    opened_second = _form_values(client.get(url))
    assert opened_first["version"] == opened_second["version"] == project.version

    client.force_login(first)
    saved = client.post(url, project_form_data(project, name="第一人的修改"))
    assert saved.status_code == 302

    client.force_login(second)
    history_before = project.history.count()
    conflict = client.post(url, project_form_data(project, name="第二人的修改", address="第二人的地址"))
    assert conflict.status_code == 409
    body = conflict.content.decode()
    assert "已被他人修改" in body
    assert any("已被他人修改" in e for e in conflict.context["form"].non_field_errors())
    assert conflict.context["form"]["name"].value() == "第二人的修改"
    assert "第二人的修改" in body and "第二人的地址" in body
    project.refresh_from_db()
    assert project.name == "第一人的修改"
    assert project.version == opened_first["version"] + 1
    assert project.history.count() == history_before

    # A deliberate second submit (the form now carries the stored version) goes through.
    retry = conflict.context["form"]
    assert int(retry["version"].value()) == project.version
    data = project_form_data(project, name="第二人的修改", address="第二人的地址")
    data["version"] = str(retry["version"].value())
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.address) == ("第二人的修改", "第二人的地址")
    assert project.history.latest().history_user == second


def test_api_update_with_a_stale_version_gets_409_and_changes_nothing(api_client, catalogue):
    project = catalogue["projects"]["B"]
    api_client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    url = reverse("api:project-detail", args=[project.pk])
    stale = project.version
    assert api_client.patch(url, {"name": "先到", "version": stale}, format="json").status_code == 200
    history_before = project.history.count()
    response = api_client.patch(url, {"name": "后到", "version": stale}, format="json")
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    project.refresh_from_db()
    assert project.name == "先到"
    assert project.history.count() == history_before


def test_an_api_change_makes_an_open_edit_form_stale(client, api_client, catalogue):
    """A page form opened before an API change must not silently overwrite it."""
    project = catalogue["projects"]["B"]
    office = UserFactory(roles=[Role.KEY_OFFICE])
    client.force_login(office)
    api_client.force_login(office)
    data = project_form_data(project, address="表单里的地址")
    api = api_client.patch(
        reverse("api:project-detail", args=[project.pk]), {"name": "接口改名"}, format="json"
    )
    assert api.status_code == 200
    response = client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.name == "接口改名"


def test_add_page_creates_a_project_with_version_one(client, office):
    from tests.projects.payloads import new_project_form_data

    data = new_project_form_data(code="P-NEW")
    response = client.post(reverse("projects:project_add"), data)
    project = Project.objects.get(code="P-NEW")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.version == 1


def test_edit_form_offers_only_towns_as_towns_and_no_enterprise_as_responsible_unit(
    client, office, catalogue
):
    UnitFactory(kind=UnitKind.ENTERPRISE, name="某企业")
    response = client.get(reverse("projects:project_edit", args=[catalogue["projects"]["A"].pk]))
    form = response.context["form"]
    assert {u.kind for u in form.fields["town"].queryset} == {UnitKind.TOWN}
    assert UnitKind.ENTERPRISE not in {u.kind for u in form.fields["responsible_unit"].queryset}
    commissioners = set(form.fields["service_commissioner"].queryset)
    assert commissioners == {catalogue["commissioner"]}


@pytest.mark.parametrize("retired", ["industry", "town", "responsible_unit"])
def test_a_project_whose_industry_or_unit_was_retired_can_still_be_edited(client, office, catalogue, retired):
    """Deactivating an industry, town or unit hides it from new choices; it must not lock
    every project that already uses it out of editing."""
    project = catalogue["projects"]["C"]
    related = getattr(project, retired)
    type(related).objects.filter(pk=related.pk).update(is_active=False)
    response = client.post(
        reverse("projects:project_edit", args=[project.pk]), project_form_data(project, address="新地址")
    )
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.address == "新地址"
    assert getattr(project, f"{retired}_id") == related.pk


def test_a_project_whose_industry_was_retired_can_still_be_put_through_the_api(api_client, office, catalogue):
    from tests.projects.payloads import project_api_data

    project = catalogue["projects"]["C"]
    type(project.industry).objects.filter(pk=project.industry_id).update(is_active=False)
    api_client.force_login(office)
    response = api_client.put(
        reverse("api:project-detail", args=[project.pk]),
        project_api_data(project, address="新地址"),
        format="json",
    )
    assert response.status_code == 200, response.content
