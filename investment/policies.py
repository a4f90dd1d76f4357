"""Who works what in 精准招商.

- The industry map (chains, links), the teams and the guidance funds are the office's; everyone
  with a role reads them.
- Leads: the office writes every lead; an investment-team member writes the leads of their
  teams (adds leads for their teams). City leaders and the office read every lead; a team member
  reads their teams' leads; other roles do not see leads (commercially sensitive).
- Element guarantees: the office and the project's task force / commissioner raise them; the
  responsible department's staff handle theirs; everyone who may read the project reads them.
"""

from django.db.models import Q

from accounts.roles import Role
from liuyang.policies import NOTHING, ObjectPolicy, register
from projects.policies import project_scope_q

from .models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)

OFFICE_AND_LEADERS = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})


@register
class IndustryChainPolicy(ObjectPolicy):
    model = IndustryChain


@register
class ChainLinkPolicy(ObjectPolicy):
    model = ChainLink


@register
class InvestmentTeamPolicy(ObjectPolicy):
    model = InvestmentTeam


@register
class FundPolicy(ObjectPolicy):
    model = Fund


@register
class FundInvestmentPolicy(ObjectPolicy):
    model = FundInvestment


def team_q(user, prefix=""):
    return Q(**{f"{prefix}team__members": user}) | Q(**{f"{prefix}team__leader": user})


@register
class InvestmentLeadPolicy(ObjectPolicy):
    model = InvestmentLead
    read_roles = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER, Role.INVESTMENT_TEAM})
    read_all_roles = OFFICE_AND_LEADERS
    add_roles = frozenset({Role.KEY_OFFICE, Role.INVESTMENT_TEAM})

    def scope_q(self, user, roles):
        if Role.INVESTMENT_TEAM not in roles:
            return NOTHING
        return Q(pk__in=InvestmentLead.objects.filter(team_q(user)).values("pk"))


@register
class LeadJournalPolicy(ObjectPolicy):
    model = LeadJournal
    read_roles = InvestmentLeadPolicy.read_roles
    read_all_roles = OFFICE_AND_LEADERS
    add_roles = frozenset({Role.KEY_OFFICE, Role.INVESTMENT_TEAM})
    delete_roles = frozenset()

    def scope_q(self, user, roles):
        if Role.INVESTMENT_TEAM not in roles:
            return NOTHING
        return Q(lead__in=InvestmentLead.objects.filter(team_q(user)).values("pk"))


@register
class ElementRequestPolicy(ObjectPolicy):
    model = ElementRequest
    read_all_roles = OFFICE_AND_LEADERS
    add_roles = frozenset({Role.KEY_OFFICE, Role.TASK_FORCE_STAFF, Role.SERVICE_COMMISSIONER})

    def scope_q(self, user, roles):
        """The responsible department's staff handle the requests addressed to it."""
        if Role.DEPARTMENT_STAFF in roles and user.unit_id:
            return Q(responsible_unit_id=user.unit_id)
        return NOTHING

    def read_scope_q(self, user, roles):
        q = project_scope_q(user, roles, "project__")
        if user.unit_id:
            q |= Q(responsible_unit_id=user.unit_id)
        return q
