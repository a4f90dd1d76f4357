import pytest

from accounts.roles import Role
from tests.factories import UserFactory
from tests.investment.factories import ChainLinkFactory, InvestmentLeadFactory, InvestmentTeamFactory


class Scene:
    """A team with one member, another team, a lead of each, the office."""

    def __init__(self):
        self.member = UserFactory(roles=[Role.INVESTMENT_TEAM])
        self.team = InvestmentTeamFactory(members=[self.member])
        self.stranger = UserFactory(roles=[Role.INVESTMENT_TEAM])
        self.other_team = InvestmentTeamFactory(members=[self.stranger])
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.link = ChainLinkFactory(name="精密零部件")
        self.lead = InvestmentLeadFactory(team=self.team, owner=self.member, link=self.link)
        self.other_lead = InvestmentLeadFactory(team=self.other_team, owner=self.stranger, link=self.link)


@pytest.fixture
def scene(db):
    return Scene()
