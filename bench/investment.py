"""The synthetic city's investment leads (精准招商): PER_PROJECT leads per project (20,000 at 10,000).

Benchmark data, like ``bench.ledger``: bulk-created, not replayed through
``investment.services`` (the pipeline page and the leads list read the rows, not their
journal). The industry map (seven chains of six links) and six recruiting teams with
their own investment-team users are made once per run; ``bench.city.reset`` empties them
with the users and industries (TRUNCATE … CASCADE).

Each lead is drawn from a stream seeded with its number, so every run grows the same city:
stage by STAGE_WEIGHTS (a third of the leads are still 线索), region, mode, link and team
at random; an open lead's next step falls between 30 days before AS_OF and 60 after, so
about a third of the open leads are overdue, as on a busy pipeline.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role
from investment.choices import OPEN_STAGES, LeadMode, LeadStage, LinkPosition, LinkStatus, Region
from investment.models import ChainLink, IndustryChain, InvestmentLead, InvestmentTeam
from projects.models import Industry, Project

from .city import BATCH

PER_PROJECT = 2
AS_OF = date(2026, 11, 27)
STAGE_WEIGHTS = {
    LeadStage.LEAD: 30,
    LeadStage.CONTACT: 20,
    LeadStage.VISIT: 14,
    LeadStage.NEGOTIATION: 10,
    LeadStage.SIGNED: 6,
    LeadStage.LANDED: 6,
    LeadStage.DROPPED: 14,
}
REGIONS = [Region.YANGTZE_DELTA, Region.PEARL_DELTA, Region.JING_JIN_JI, Region.CHENGYU, Region.OVERSEAS]
REGION_WEIGHTS = [35, 35, 18, 7, 5]
#: chain → the bench industry it belongs to (bench/names.py)
CHAINS = {
    "电子信息": "电子信息",
    "生物医药": "生物医药",
    "新材料": "新材料",
    "智能装备": "智能装备制造",
    "花炮": "烟花爆竹",
    "文旅康养": "文化旅游",
    "新能源": "新能源",
}
LINKS = [
    ("原材料", LinkPosition.UPSTREAM, LinkStatus.WEAK),
    ("关键零部件", LinkPosition.UPSTREAM, LinkStatus.MISSING),
    ("核心制造", LinkPosition.MIDSTREAM, LinkStatus.STRENGTH),
    ("配套加工", LinkPosition.MIDSTREAM, LinkStatus.WEAK),
    ("系统集成", LinkPosition.DOWNSTREAM, LinkStatus.MISSING),
    ("应用与服务", LinkPosition.DOWNSTREAM, LinkStatus.STRENGTH),
]
#: the moves a lead in each stage has been through (its version is one more)
MOVES = {"lead": 0, "contact": 1, "visit": 2, "negotiation": 3, "signed": 4, "landed": 5, "dropped": 2}
TEAMS = ["长三角一队", "长三角二队", "珠三角一队", "珠三角二队", "京津冀小分队", "成渝小分队"]
NEXT_STEPS = ["安排高层互访", "邀请来浏考察", "报送用地方案", "协议文本审查", "市政府专题会审议"]
TABLES = [InvestmentLead]


def _map():
    """The chains and links (made once per run); the links, in order."""
    if not IndustryChain.objects.exists():
        industries = {i.name: i for i in Industry.objects.all()}
        chains = IndustryChain.objects.bulk_create(
            IndustryChain(name=name, industry=industries.get(industry), sort_order=n)
            for n, (name, industry) in enumerate(CHAINS.items())
        )
        ChainLink.objects.bulk_create(
            ChainLink(
                chain=chain,
                name=f"{chain.name}·{link}",
                position=position,
                status=status,
                local_enterprises="" if status == LinkStatus.MISSING else f"浏阳{chain.name}企业（基准测试）",
                sort_order=n,
            )
            for chain in chains
            for n, (link, position, status) in enumerate(LINKS)
        )
    return list(ChainLink.objects.order_by("pk"))


def _teams():
    """Six teams of one leader and two members each, investment-team users of their own (once)."""
    if not InvestmentTeam.objects.exists():
        unit = (
            Unit.objects.filter(Q(short_name="市商务局") | Q(kind=UnitKind.KEY_OFFICE)).order_by("pk").first()
        )
        password = make_password(None)
        group = Group.objects.get(name=Role.INVESTMENT_TEAM)
        for n, name in enumerate(TEAMS):
            people = [
                User.objects.create(
                    username=f"bench_invest{n}{k}", password=password, full_name=f"招商员{n}{k}", unit=unit
                )
                for k in range(3)
            ]
            group.user_set.add(*people)
            team = InvestmentTeam.objects.create(name=name, leader=people[0], focus="基准测试")
            team.members.add(*people[1:])
    return list(InvestmentTeam.objects.prefetch_related("members").order_by("pk"))


def _lead(number, links, teams):
    rng = random.Random(f"liuyang-bench-lead-{number}")
    stage = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
    team = rng.choice(teams)
    people = [team.leader, *team.members.all()]
    lead = InvestmentLead(
        company=f"基准测试目标企业{number:06d}有限公司",
        region=rng.choices(REGIONS, weights=REGION_WEIGHTS)[0],
        link=rng.choice(links),
        mode=rng.choice(LeadMode.values),
        team=team,
        owner=rng.choice(people),
        created_by=team.leader,
        project_name=f"基准测试招商项目{number:06d}",
        intended_investment=Decimal(rng.randrange(2000, 300000, 500)),
        stage=stage,
        contact_person=f"联系人{number % 100:02d}",
        version=1 + MOVES[stage],
    )
    if stage in OPEN_STAGES:
        lead.next_step = rng.choice(NEXT_STEPS)
        lead.next_step_due = AS_OF + timedelta(days=rng.randint(-30, 60))
    elif stage == LeadStage.DROPPED:
        lead.drop_reason = "企业调整投资布局（基准测试）"
    else:
        lead.signed_on = AS_OF - timedelta(days=rng.randint(60, 900))
        if stage == LeadStage.LANDED:
            lead.landed_on = lead.signed_on + timedelta(days=rng.randint(30, 120))
    return lead


@transaction.atomic
def grow_leads():
    """Leads up to PER_PROJECT per project; the number added."""
    have = InvestmentLead.objects.count()
    want = PER_PROJECT * Project.objects.count()
    if want <= have:
        return 0
    links, teams = _map(), _teams()
    for first in range(have, want, BATCH * 5):
        rows = [_lead(number, links, teams) for number in range(first, min(first + BATCH * 5, want))]
        InvestmentLead.objects.bulk_create(rows)
    return want - have


def overdue_count():
    return InvestmentLead.objects.filter(stage__in=OPEN_STAGES, next_step_due__lt=AS_OF).count()
