"""Row scope of projects: the one rule that pages, API and admin all use."""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import NOTHING, ObjectPolicy, register

from .models import (
    ActionItem,
    DispatchMeeting,
    Industry,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)


@register
class ProjectPolicy(ObjectPolicy):
    """The office writes every project; leaders read all.

    Task-force staff change the projects whose task force (专班) they belong to,
    department staff those their department is responsible for, a service
    commissioner the projects they serve. Only the office creates and deletes.
    """

    model = Project

    def scope_q(self, user, roles):
        return project_scope_q(user, roles)


def project_scope_q(user, roles, path=""):
    """The projects a user works on through their row scope, as a Q on ``path`` (e.g. "project__").

    Task-force staff: their task force's projects; department staff: their unit's;
    a service commissioner: the projects they serve. Everything about a project
    (its work plan, reports, meetings) follows the same rule.
    """
    q = NOTHING
    if Role.TASK_FORCE_STAFF in roles:
        member_of = TaskForceMember.objects.filter(user=user).values("task_force__project_id")
        q |= Q(**{f"{path}pk__in": member_of})
    if Role.DEPARTMENT_STAFF in roles and user.unit_id:
        q |= Q(**{f"{path}responsible_unit_id": user.unit_id})
    if Role.SERVICE_COMMISSIONER in roles:
        q |= Q(**{f"{path}service_commissioner_id": user.pk})
    return q


class ProjectPartPolicy(ObjectPolicy):
    """Something that belongs to a project: written by whoever may write the project."""

    project_path = "project__"

    def scope_q(self, user, roles):
        return project_scope_q(user, roles, self.project_path)


@register
class IndustryPolicy(ObjectPolicy):
    model = Industry


@register
class TaskForcePolicy(ObjectPolicy):
    model = TaskForce


@register
class TaskForceMemberPolicy(ObjectPolicy):
    model = TaskForceMember


@register
class MilestoneTemplatePolicy(ObjectPolicy):
    model = MilestoneTemplate


@register
class MilestonePolicy(ProjectPartPolicy):
    model = Milestone
    add_roles = delete_roles = frozenset(
        {Role.KEY_OFFICE, Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER}
    )


@register
class ProgressReportPolicy(ProjectPartPolicy):
    """Staff file their projects' reports; the office accepts or returns them (services.reports)."""

    model = ProgressReport
    add_roles = frozenset(
        {Role.KEY_OFFICE, Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER}
    )


@register
class ReportPhotoPolicy(ProjectPartPolicy):
    model = ReportPhoto
    project_path = "report__project__"
    add_roles = delete_roles = ProgressReportPolicy.add_roles


@register
class DispatchMeetingPolicy(ProjectPartPolicy):
    model = DispatchMeeting
    project_path = "task_force__project__"
    add_roles = ProgressReportPolicy.add_roles


@register
class ActionItemPolicy(ProjectPartPolicy):
    model = ActionItem
    project_path = "meeting__task_force__project__"
    add_roles = delete_roles = DispatchMeetingPolicy.add_roles
