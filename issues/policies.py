"""Who sees and changes ledger issues.

The office and city leaders read every issue; the office changes any, and only
the office closes one off (销号) — that check is in ``services.ledger.verify``.
Staff of the responsible unit, and the responsible person, update their issues
(progress, resolution with evidence). Task-force staff, commissioners and the
project's department raise issues on their projects and read them.
"""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import NOTHING, ObjectPolicy, register
from projects.policies import project_scope_q

from .models import (
    EscalationStep,
    IssueCategory,
    IssueEvidence,
    IssueJournal,
    LedgerIssue,
    OverdueFlag,
    WeeklyDigest,
)

READ_ALL = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})
RAISE_ROLES = frozenset(
    {Role.KEY_OFFICE, Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER}
)


def issue_write_q(user, roles, path=""):
    """Issues a user works on: their unit's (department staff), or their own as responsible person."""
    q = Q(**{f"{path}responsible_person_id": user.pk})
    if Role.DEPARTMENT_STAFF in roles and user.unit_id:
        q |= Q(**{f"{path}responsible_unit_id": user.unit_id})
    return q if roles else NOTHING


def issue_read_q(user, roles, path=""):
    return issue_write_q(user, roles, path) | project_scope_q(user, roles, f"{path}project__")


@register
class IssueCategoryPolicy(ObjectPolicy):
    model = IssueCategory


@register
class LedgerIssuePolicy(ObjectPolicy):
    model = LedgerIssue
    read_all_roles = READ_ALL
    add_roles = RAISE_ROLES

    def scope_q(self, user, roles):
        return issue_write_q(user, roles)

    def read_scope_q(self, user, roles):
        return issue_read_q(user, roles)


class IssuePartPolicy(ObjectPolicy):
    read_all_roles = READ_ALL
    write_all_roles = frozenset()
    add_roles = frozenset()
    delete_roles = frozenset()

    def scope_q(self, user, roles):
        return NOTHING

    def read_scope_q(self, user, roles):
        return issue_read_q(user, roles, "issue__")


@register
class IssueJournalPolicy(IssuePartPolicy):
    model = IssueJournal


@register
class IssueEvidencePolicy(IssuePartPolicy):
    model = IssueEvidence


@register
class EscalationStepPolicy(IssuePartPolicy):
    model = EscalationStep


@register
class OverdueFlagPolicy(ObjectPolicy):
    model = OverdueFlag
    read_all_roles = READ_ALL
    write_all_roles = frozenset()
    add_roles = frozenset()
    delete_roles = frozenset()

    def read_scope_q(self, user, roles):
        q = project_scope_q(user, roles, "project__")
        if Role.DEPARTMENT_STAFF in roles and user.unit_id:
            q |= Q(unit_id=user.unit_id)
        return q


@register
class WeeklyDigestPolicy(ObjectPolicy):
    """A task force's digest: its members and leader read it; the office and city leaders read all."""

    model = WeeklyDigest
    read_all_roles = READ_ALL
    write_all_roles = frozenset()
    add_roles = frozenset()
    delete_roles = frozenset()

    def read_scope_q(self, user, roles):
        from projects.models import TaskForceMember

        mine = TaskForceMember.objects.filter(user=user).values("task_force_id")
        return Q(task_force_id__in=mine) | Q(task_force__leader_id=user.pk)
