"""Who the ledger notifies, fetched in a fixed number of queries."""

from accounts.models import User
from accounts.roles import Role


def office_users():
    return list(User.objects.filter(is_active=True, groups__name=Role.KEY_OFFICE).distinct())


def unit_staff(unit_ids):
    """{unit id: [active department staff of that unit]} in one query."""
    staff = {}
    users = User.objects.filter(
        is_active=True, unit_id__in=set(unit_ids), groups__name=Role.DEPARTMENT_STAFF
    ).distinct()
    for user in users:
        staff.setdefault(user.unit_id, []).append(user)
    return staff
