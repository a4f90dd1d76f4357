"""Only the office manages schemes, periods and outcomes; units see their own results."""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import ObjectPolicy, register
from projects.policies import project_scope_q

from .choices import PeriodStatus
from .models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    Indicator,
    IndicatorResult,
    IndicatorScheme,
    ProjectAssessment,
    ProjectIncident,
)

READ_ALL = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})


@register
class IndicatorSchemePolicy(ObjectPolicy):
    model = IndicatorScheme


@register
class IndicatorPolicy(ObjectPolicy):
    model = Indicator


@register
class AssessmentPeriodPolicy(ObjectPolicy):
    model = AssessmentPeriod


@register
class ProjectIncidentPolicy(ObjectPolicy):
    model = ProjectIncident
    read_all_roles = READ_ALL

    def read_scope_q(self, user, roles):
        return project_scope_q(user, roles, "project__")


@register
class ProjectAssessmentPolicy(ObjectPolicy):
    """A unit sees its own results (its staff: their unit's; project people: their projects'),
    once the period is published: scores and proposed outcomes under review stay with the
    office and the city leaders."""

    model = ProjectAssessment
    read_all_roles = READ_ALL
    add_roles = delete_roles = frozenset()

    def read_scope_q(self, user, roles):
        q = project_scope_q(user, roles, "project__")
        if user.unit_id:
            q |= Q(responsible_unit_id=user.unit_id)
        return q & Q(period__status=PeriodStatus.PUBLISHED)


@register
class IndicatorResultPolicy(ObjectPolicy):
    model = IndicatorResult
    read_all_roles = READ_ALL
    add_roles = delete_roles = frozenset()

    def read_scope_q(self, user, roles):
        q = project_scope_q(user, roles, "assessment__project__")
        if user.unit_id:
            q |= Q(assessment__responsible_unit_id=user.unit_id)
        return q & Q(assessment__period__status=PeriodStatus.PUBLISHED)


@register
class FaultToleranceApplicationPolicy(ObjectPolicy):
    """Units file and read their own applications; the office decides (assessment.services.tolerance)."""

    model = FaultToleranceApplication
    read_all_roles = READ_ALL
    add_roles = frozenset({Role.KEY_OFFICE, Role.DEPARTMENT_STAFF})
    delete_roles = frozenset()

    def read_scope_q(self, user, roles):
        return Q(unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
