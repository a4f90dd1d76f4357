"""Valid form data and JSON for projects, built from a project's current values."""

from accounts.roles import Role
from projects.api.serializers import ProjectSerializer
from projects.forms import ProjectForm
from projects.models import Project
from tests.factories import DepartmentFactory, IndustryFactory, ProjectFactory, TownFactory
from tests.records import api_data, form_data, writable_api_fields

FORM_FIELDS = list(ProjectForm.Meta.fields)
API_FIELDS = writable_api_fields(ProjectSerializer)


def unsaved_project(**fields):
    """A valid project not yet in the database (its industry, unit and town are)."""
    fields.setdefault("industry", IndustryFactory())
    fields.setdefault("responsible_unit", DepartmentFactory())
    fields.setdefault("town", TownFactory())
    return ProjectFactory.build(**fields)


def project_form_data(project, **changes):
    """POST data for the edit page: the project as stored, the version it was read at, plus ``changes``."""
    data = form_data(project, FORM_FIELDS, **changes)
    data.setdefault("version", str(project.version))
    return data


def new_project_form_data(**changes):
    data = form_data(unsaved_project(), FORM_FIELDS, **changes)
    data.pop("version", None)
    return data


def project_api_data(project, **changes):
    return api_data(project, API_FIELDS, **changes)


def new_project_api_data(**changes):
    return api_data(unsaved_project(), API_FIELDS, **changes)


def changed_fields():
    """A typical update: new name, money, stage, dates and policy tags."""
    return {
        "name": "测试项目（调度会调整）",
        "stage": "construction",
        "total_investment": "65000.50",
        "annual_plan_investment": "15000.00",
        "planned_completion": "2027-12-31",
        "actual_start": "2025-04-01",
        "policy_tags": ["hunan_sangao_sixin", "provincial_key"],
        "expected_jobs": 300,
    }


__all__ = ["Project", "Role"]
