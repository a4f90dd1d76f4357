"""factory_boy factories for 精准招商 (investment). Leads are built directly (fast, for fixtures);
tests of the stage rules go through investment.services, as pages and API do."""

import datetime
from decimal import Decimal

import factory

from accounts.roles import Role
from investment.choices import (
    ElementKind,
    FundKind,
    InvestmentStatus,
    LeadMode,
    LeadStage,
    LinkPosition,
    LinkStatus,
    Region,
)
from investment.models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
)
from tests.factories import DepartmentFactory, IndustryFactory, ProjectFactory, UserFactory


class IndustryChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryChain
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试产业链{n:03d}")
    industry = factory.SubFactory(IndustryFactory)
    sort_order = factory.Sequence(lambda n: n)


class ChainLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainLink

    chain = factory.SubFactory(IndustryChainFactory)
    name = factory.Sequence(lambda n: f"测试环节{n:03d}")
    position = LinkPosition.MIDSTREAM
    status = LinkStatus.WEAK
    local_enterprises = "浏阳测试企业甲\n浏阳测试企业乙"


class InvestmentTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentTeam
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试招商小分队{n:03d}")
    leader = factory.SubFactory(UserFactory, roles=[Role.INVESTMENT_TEAM])
    focus = "长三角高端装备"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class InvestmentLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentLead

    company = factory.Sequence(lambda n: f"测试目标企业{n:04d}有限公司")
    region = Region.YANGTZE_DELTA
    link = factory.SubFactory(ChainLinkFactory)
    mode = LeadMode.CHAIN
    team = factory.SubFactory(InvestmentTeamFactory)
    owner = factory.SelfAttribute("team.leader")
    created_by = factory.SelfAttribute("owner")
    project_name = factory.Sequence(lambda n: f"测试招商项目{n:04d}")
    intended_investment = Decimal("50000.00")
    stage = LeadStage.LEAD
    next_step = "安排高层互访"
    next_step_due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"测试产业引导基金{n:03d}")
    kind = FundKind.MOTHER
    size = Decimal("1000000.00")
    government_amount = Decimal("300000.00")
    committed = Decimal("1000000.00")
    paid_in = Decimal("400000.00")


class SubFundFactory(FundFactory):
    kind = FundKind.SUB
    parent = factory.SubFactory(FundFactory)
    size = Decimal("50000.00")
    government_amount = Decimal("10000.00")
    committed = Decimal("50000.00")
    paid_in = Decimal("20000.00")
    partner = "深圳测试投资管理有限公司"


class FundInvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundInvestment

    fund = factory.SubFactory(SubFundFactory)
    company = factory.Sequence(lambda n: f"测试被投企业{n:03d}")
    amount = Decimal("6000.00")
    invested_on = datetime.date(2024, 5, 1)
    status = InvestmentStatus.HOLDING


class ElementRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementRequest

    project = factory.SubFactory(ProjectFactory)
    kind = ElementKind.LAND
    title = factory.Sequence(lambda n: f"测试标准地供地{n:03d}")
    land_area = Decimal("120.00")
    standard_land = True
    responsible_unit = factory.SubFactory(DepartmentFactory)
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
    requested_by = factory.SubFactory(UserFactory, roles=[Role.KEY_OFFICE])
    requested_on = factory.LazyFunction(datetime.date.today)
