"""Who sees and acts on what in approvals.

The office runs the single window and reads everything; city leaders read
everything. A project's service commissioner submits cases for the projects
they serve and supplies what is missing. A department acts only on its own
tasks (approval is the department's power: the office supervises, it does not
approve). Task-force and department staff see the cases of their projects;
department staff also see the cases that hold a task of their department.
"""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import NOTHING, ObjectPolicy, register
from projects.policies import project_scope_q

from .models import (
    ApprovalCase,
    ApprovalItem,
    ApprovalStage,
    ApprovalTask,
    CaseMaterial,
    DishonestApplicant,
    ItemMaterial,
    Supplement,
    TaskMove,
    WorkdayOverride,
)

READ_ALL = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})
CASE_ADD_ROLES = frozenset({Role.KEY_OFFICE, Role.SERVICE_COMMISSIONER})


def case_write_q(user, roles, path=""):
    """Cases a user may act on as the applicant's side: a commissioner's own projects."""
    if Role.SERVICE_COMMISSIONER in roles:
        return Q(**{f"{path}project__service_commissioner_id": user.pk})
    return NOTHING


def case_read_q(user, roles, path=""):
    """Cases a scoped reader sees: their projects' cases, and cases holding their department's task."""
    q = project_scope_q(user, roles, f"{path}project__")
    if Role.DEPARTMENT_STAFF in roles and user.unit_id:
        with_task = ApprovalTask.objects.filter(department_id=user.unit_id).values("case_id")
        q |= Q(**{f"{path}pk__in": with_task})
    return q


def task_write_q(user, roles, path=""):
    """Tasks a user acts on: their department's."""
    if Role.DEPARTMENT_STAFF in roles and user.unit_id:
        return Q(**{f"{path}department_id": user.unit_id})
    return NOTHING


def task_read_q(user, roles, path=""):
    """Department staff see their department's tasks only; project staff their projects' tasks."""
    project_roles = roles - {Role.DEPARTMENT_STAFF}
    return task_write_q(user, roles, path) | project_scope_q(user, project_roles, f"{path}case__project__")


# -- the catalogue and the calendar: everyone reads, the office edits -------------------
@register
class ApprovalStagePolicy(ObjectPolicy):
    model = ApprovalStage


@register
class ApprovalItemPolicy(ObjectPolicy):
    model = ApprovalItem


@register
class ItemMaterialPolicy(ObjectPolicy):
    model = ItemMaterial


@register
class WorkdayOverridePolicy(ObjectPolicy):
    model = WorkdayOverride


@register
class DishonestApplicantPolicy(ObjectPolicy):
    model = DishonestApplicant
    read_roles = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER, Role.SERVICE_COMMISSIONER})


# -- cases and tasks ------------------------------------------------------------------
@register
class ApprovalCasePolicy(ObjectPolicy):
    """Cases are created only through intake (services.intake.submit_case), never edited as forms."""

    model = ApprovalCase
    read_all_roles = READ_ALL
    add_roles = CASE_ADD_ROLES
    delete_roles = frozenset()

    def scope_q(self, user, roles):
        return case_write_q(user, roles)

    def read_scope_q(self, user, roles):
        return case_read_q(user, roles)


@register
class CaseMaterialPolicy(ApprovalCasePolicy):
    model = CaseMaterial

    def scope_q(self, user, roles):
        return case_write_q(user, roles, "case__")

    def read_scope_q(self, user, roles):
        return case_read_q(user, roles, "case__")


@register
class SupplementPolicy(CaseMaterialPolicy):
    model = Supplement


@register
class ApprovalTaskPolicy(ObjectPolicy):
    """Only the task's department acts on it; nobody creates or deletes tasks by hand."""

    model = ApprovalTask
    read_all_roles = READ_ALL
    write_all_roles = frozenset()
    add_roles = frozenset()
    delete_roles = frozenset()

    def scope_q(self, user, roles):
        return task_write_q(user, roles)

    def read_scope_q(self, user, roles):
        return task_read_q(user, roles)


@register
class TaskMovePolicy(ApprovalTaskPolicy):
    model = TaskMove

    def scope_q(self, user, roles):
        return NOTHING

    def read_scope_q(self, user, roles):
        return task_read_q(user, roles, "task__")
