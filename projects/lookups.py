"""What may be chosen for a project's related fields, shared by forms and API.

Retired entries (inactive industries, units, people) are not offered for new
choices, but a project that already points at one keeps it and stays editable.
"""

from django.db.models import Q

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role

from .models import Industry


def _active_or_current(queryset, current_id, active_field="is_active"):
    q = Q(**{active_field: True})
    if current_id:
        q |= Q(pk=current_id)
    return queryset.filter(q)


def industries(current_id=None):
    return _active_or_current(Industry.objects.all(), current_id)


def towns(current_id=None):
    return _active_or_current(Unit.objects.filter(kind=UnitKind.TOWN), current_id)


def responsible_units(current_id=None):
    return _active_or_current(Unit.objects.exclude(kind=UnitKind.ENTERPRISE), current_id)


def service_commissioners(current_id=None):
    holders = User.objects.filter(groups__name=Role.SERVICE_COMMISSIONER).values("pk")
    return _active_or_current(User.objects.filter(pk__in=holders), current_id)


def for_project(project):
    """The querysets of a project's related fields, keyed by field name."""
    return {
        "industry": industries(project.industry_id if project else None),
        "town": towns(project.town_id if project else None),
        "responsible_unit": responsible_units(project.responsible_unit_id if project else None),
        "service_commissioner": service_commissioners(project.service_commissioner_id if project else None),
    }
