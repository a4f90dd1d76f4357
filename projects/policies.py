"""Row scope of projects: the one rule that pages, API and admin all use."""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import NOTHING, ObjectPolicy, register

from .models import Industry, Project, TaskForce, TaskForceMember


@register
class ProjectPolicy(ObjectPolicy):
    """The office writes every project; leaders read all.

    Task-force staff change the projects whose task force (专班) they belong to,
    department staff those their department is responsible for, a service
    commissioner the projects they serve. Only the office creates and deletes.
    """

    model = Project

    def scope_q(self, user, roles):
        q = NOTHING
        if Role.TASK_FORCE_STAFF in roles:
            q |= Q(pk__in=TaskForceMember.objects.filter(user=user).values("task_force__project_id"))
        if Role.DEPARTMENT_STAFF in roles and user.unit_id:
            q |= Q(responsible_unit_id=user.unit_id)
        if Role.SERVICE_COMMISSIONER in roles:
            q |= Q(service_commissioner_id=user.pk)
        return q


@register
class IndustryPolicy(ObjectPolicy):
    model = Industry


@register
class TaskForcePolicy(ObjectPolicy):
    model = TaskForce


@register
class TaskForceMemberPolicy(ObjectPolicy):
    model = TaskForceMember
