"""Bad project data is refused by the form and the API alike, with a Chinese message on the
field at fault, and nothing is saved. Unknown filter parameters are an error, not ignored."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from projects.models import Project
from projects.rules import check_project
from tests.factories import DepartmentFactory, EnterpriseFactory, ProjectFactory, TownFactory, UserFactory
from tests.matrix import Snapshot
from tests.projects.payloads import new_project_api_data, new_project_form_data, project_form_data

CJK = re.compile(r"[\u4e00-\u9fff]")


def messages_of(errors):
    """Every message string in a (possibly nested) error structure."""
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in messages_of(value)]
    if isinstance(errors, (list, tuple)):
        return [m for value in errors for m in messages_of(value)]
    return [str(errors)]


def assert_chinese_error_on(errors, field):
    assert field in errors, f"expected an error on {field!r}, got {dict(errors)}"
    messages = messages_of(errors[field])
    assert messages, f"no message on {field!r}"
    for message in messages:
        assert CJK.search(str(message)), f"the message on {field!r} is not Chinese: {message!r}"


def _department():
    return DepartmentFactory().pk


def _enterprise():
    return EnterpriseFactory().pk


# name, field the error must be on, changes (callables are called for a fresh value)
BAD_DATA = [
    ("negative_total_investment", "total_investment", {"total_investment": "-1.00"}),
    ("negative_annual_plan", "annual_plan_investment", {"annual_plan_investment": "-0.01"}),
    ("negative_expected_output", "expected_output_value", {"expected_output_value": "-5"}),
    ("negative_expected_tax", "expected_tax", {"expected_tax": "-5"}),
    ("negative_land_area", "land_area", {"land_area": "-3"}),
    (
        "planned_completion_before_start",
        "planned_completion",
        {"planned_start": "2026-05-01", "planned_completion": "2026-04-30"},
    ),
    (
        "actual_completion_before_start",
        "actual_completion",
        {"actual_start": "2025-06-01", "actual_completion": "2025-05-31"},
    ),
    (
        "actual_completion_without_start",
        "actual_start",
        {"actual_start": "", "actual_completion": "2025-05-31"},
    ),
    (
        "annual_plan_over_total",
        "annual_plan_investment",
        {"total_investment": "1000.00", "annual_plan_investment": "1000.01"},
    ),
    ("unknown_project_type", "project_type", {"project_type": "commercial"}),
    ("unknown_stage", "stage", {"stage": "abandoned"}),
    ("unknown_policy_tag", "policy_tags", {"policy_tags": ["national_14th_fyp", "no_such_tag"]}),
    ("town_that_is_not_a_town", "town", {"town": _department}),
    ("responsible_unit_that_is_an_enterprise", "responsible_unit", {"responsible_unit": _enterprise}),
]
IDS = [case[0] for case in BAD_DATA]


def _resolve(changes):
    return {name: value() if callable(value) else value for name, value in changes.items()}


def _api_value(name, value):
    if name in ("actual_start", "actual_completion", "planned_start", "planned_completion") and value == "":
        return None
    return value


@pytest.fixture
def office(db, client, api_client):
    user = UserFactory(roles=[Role.KEY_OFFICE])
    client.force_login(user)
    api_client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field", "changes"), BAD_DATA, ids=IDS)
def test_add_page_refuses_bad_data_with_chinese_message_on_field(client, office, name, field, changes):
    data = new_project_form_data(**_resolve(changes))
    before = Snapshot.take(Project)
    response = client.post(reverse("projects:project_add"), data)
    assert response.status_code == 400
    assert_chinese_error_on(response.context["form"].errors, field)
    assert Snapshot.take(Project) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field", "changes"), BAD_DATA, ids=IDS)
def test_edit_page_refuses_bad_data_with_chinese_message_on_field(client, office, name, field, changes):
    project = ProjectFactory()
    data = project_form_data(project, **_resolve(changes))
    before = Snapshot.take(Project, project)
    response = client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 400
    assert_chinese_error_on(response.context["form"].errors, field)
    assert Snapshot.take(Project, project) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field", "changes"), BAD_DATA, ids=IDS)
def test_api_create_refuses_bad_data_with_chinese_message_on_field(api_client, office, name, field, changes):
    data = new_project_api_data(**{k: _api_value(k, v) for k, v in _resolve(changes).items()})
    before = Snapshot.take(Project)
    response = api_client.post(reverse("api:project-list"), data, format="json")
    assert response.status_code == 400, response.content
    assert_chinese_error_on(response.json(), field)
    assert Snapshot.take(Project) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field", "changes"), BAD_DATA, ids=IDS)
def test_api_partial_update_refuses_bad_data_with_chinese_message_on_field(
    api_client, office, name, field, changes
):
    """PATCH is checked against the merged result (the stored project plus the changes)."""
    project = ProjectFactory()
    data = {k: _api_value(k, v) for k, v in _resolve(changes).items()}
    before = Snapshot.take(Project, project)
    response = api_client.patch(reverse("api:project-detail", args=[project.pk]), data, format="json")
    assert response.status_code == 400, response.content
    assert_chinese_error_on(response.json(), field)
    assert Snapshot.take(Project, project) == before


@pytest.mark.django_db
def test_api_patch_checks_annual_plan_against_the_stored_total(api_client, office):
    project = ProjectFactory(total_investment="1000.00", annual_plan_investment="100.00")
    before = Snapshot.take(Project, project)
    response = api_client.patch(
        reverse("api:project-detail", args=[project.pk]), {"annual_plan_investment": "1200"}, format="json"
    )
    assert response.status_code == 400
    assert_chinese_error_on(response.json(), "annual_plan_investment")
    assert Snapshot.take(Project, project) == before


@pytest.mark.django_db
def test_project_rules_refuse_a_town_that_is_not_a_town():
    """The shared rule (used by imports too) refuses a department as the project's town."""
    project = ProjectFactory.build(
        industry=ProjectFactory().industry, responsible_unit=DepartmentFactory(), town=DepartmentFactory()
    )
    with pytest.raises(ValidationError) as exc:
        check_project(project)
    assert_chinese_error_on(exc.value.message_dict, "town")


@pytest.mark.django_db
def test_project_rules_refuse_an_enterprise_as_responsible_unit():
    """The owner enterprise is 业主单位; the responsible unit (责任单位) is a government body."""
    project = ProjectFactory.build(
        industry=ProjectFactory().industry, responsible_unit=EnterpriseFactory(), town=TownFactory()
    )
    with pytest.raises(ValidationError) as exc:
        check_project(project)
    assert_chinese_error_on(exc.value.message_dict, "responsible_unit")


@pytest.mark.django_db
def test_api_refuses_policy_tags_that_are_not_a_list(api_client, office):
    project = ProjectFactory()
    response = api_client.patch(
        reverse("api:project-detail", args=[project.pk]), {"policy_tags": "national_pilot"}, format="json"
    )
    assert response.status_code == 400
    assert "policy_tags" in response.json()


# -- strict filtering ------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_filter_parameter_on_the_list_page_is_400_naming_it(client, office):
    ProjectFactory()
    response = client.get(reverse("projects:project_list"), {"stage": "construction", "stagee": "x"})
    assert response.status_code == 400
    errors = response.context["filter_errors"]
    assert "stagee" in errors
    assert_chinese_error_on(errors, "stagee")
    assert "stagee" in response.content.decode()
    assert list(response.context["rows"]) == []


@pytest.mark.django_db
def test_unknown_filter_parameter_on_the_api_is_400_naming_it(api_client, office):
    ProjectFactory()
    response = api_client.get(reverse("api:project-list"), {"stage": "construction", "stagee": "x"})
    assert response.status_code == 400
    assert "stagee" in response.json()
    assert_chinese_error_on(response.json(), "stagee")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"stage": "abandoned"}, {"total_investment_min": "many"}, {"planned_start_after": "2025-13-01"}],
    ids=["unknown_stage", "non_numeric_amount", "impossible_date"],
)
def test_invalid_filter_value_is_400_on_page_and_api(client, api_client, office, params):
    ProjectFactory()
    (name,) = params
    page = client.get(reverse("projects:project_list"), params)
    api = api_client.get(reverse("api:project-list"), params)
    assert page.status_code == 400
    assert name in page.context["filter_errors"]
    assert api.status_code == 400
    assert name in api.json()


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["page", "page_size"])
def test_pagination_parameters_are_not_unknown_filters(client, api_client, office, param):
    ProjectFactory()
    assert client.get(reverse("projects:project_list"), {param: "1"}).status_code == 200
    assert api_client.get(reverse("api:project-list"), {param: "1"}).status_code == 200
