"""The demo's 精准招商 (liuyang/demo/investment.py): the seed's map, leads, funds and element guarantees.

The demo is loaded once for the module inside a transaction rolled back at the end
(as in tests/test_seed_demo.py); its files go to a temporary MEDIA_ROOT.
"""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from investment.choices import (
    OPEN_ELEMENT_STATUSES,
    ElementKind,
    ElementStatus,
    FundKind,
    InvestmentStatus,
    JournalKind,
    LeadMode,
    LeadStage,
    LinkPosition,
    LinkStatus,
    ListingBoard,
    Region,
    TalentBenefit,
)
from investment.models import (
    ElementRequest,
    Fund,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)
from investment.services import funds, leads
from liuyang.demo.loader import load_demo
from projects.choices import ProjectStage
from projects.models import Project
from reserve.choices import EntryStatus, MoveKind
from tests.demo import demo_loaded

DEMO_TODAY = datetime.date(2026, 11, 27)
CHAINS = ["电子信息", "生物医药", "新材料", "高端装备", "花炮", "文旅康养", "数字经济"]


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, load_demo) as (created, _media_root):
        yield created


@pytest.fixture(autouse=True)
def _media():
    """The demo's files stay in the module's MEDIA_ROOT (conftest would give each test its own)."""


@pytest.fixture
def seeded(demo_once, db):
    return demo_once


def test_the_map_has_the_seeds_chains_each_on_its_industry(seeded):
    chains = {chain.name: chain for chain in IndustryChain.objects.select_related("industry")}
    assert sorted(chains) == sorted(CHAINS)
    assert chains["高端装备"].industry.name == "先进制造"
    for name in CHAINS:
        chain = chains[name]
        assert chain.industry is not None, name
        links = list(chain.links.all())
        assert 5 <= len(links) <= 8, name
        assert {link.position for link in links} == set(LinkPosition.values), name
        for link in links:
            assert (link.status == LinkStatus.MISSING) == (not link.enterprises), link


def test_the_map_marks_the_seeds_weak_chains_and_the_local_strength(seeded):
    def statuses(name):
        return Counter(IndustryChain.objects.get(name=name).links.values_list("status", flat=True))

    for weak in ("高端装备", "新材料"):  # the seed: 高端装备制造、新材料等领域存在明显短板
        counts = statuses(weak)
        assert counts[LinkStatus.WEAK] + counts[LinkStatus.MISSING] > counts[LinkStatus.STRENGTH], weak
    fireworks = statuses("花炮")
    assert fireworks[LinkStatus.STRENGTH] > fireworks[LinkStatus.WEAK] and not fireworks[LinkStatus.MISSING]


def test_three_teams_with_the_investment_user_on_each(seeded):
    teams = {team.name: team for team in InvestmentTeam.objects.all()}
    assert set(teams) == {"长三角小分队", "珠三角小分队", "京津冀小分队"}
    assert teams["长三角小分队"].leader.username == "investment"
    for team in teams.values():
        people = {team.leader.username, *team.members.values_list("username", flat=True)}
        assert "investment" in people, team
        assert all(leads.in_team(user, team) for user in [team.leader, *team.members.all()])


def test_leads_cover_every_stage_mode_and_region(seeded):
    all_leads = list(InvestmentLead.objects.select_related("team", "owner", "link"))
    assert {lead.stage for lead in all_leads} == set(LeadStage.values)
    assert {lead.mode for lead in all_leads} == set(LeadMode.values)
    assert {Region.YANGTZE_DELTA, Region.PEARL_DELTA, Region.JING_JIN_JI} <= {
        lead.region for lead in all_leads
    }
    for lead in all_leads:
        assert lead.link_id and lead.version > 1, lead
        assert leads.in_team(lead.owner, lead.team), lead
        # every move is journalled: the recording, then one entry per move of stage
        kinds = Counter(lead.journal.values_list("kind", flat=True))
        assert kinds[JournalKind.NOTE] == 1, lead
        assert all(entry.on <= DEMO_TODAY for entry in lead.journal.all()), lead
    dropped = [lead for lead in all_leads if lead.stage == LeadStage.DROPPED]
    assert len(dropped) == 2
    for lead in dropped:
        assert (
            lead.drop_reason and lead.journal.filter(kind=JournalKind.DROPPED, text=lead.drop_reason).exists()
        )


def test_some_open_leads_are_past_their_next_step(seeded):
    late = leads.overdue(InvestmentLead.objects.all(), today=DEMO_TODAY)
    assert 3 <= late.count() <= 5
    open_leads = InvestmentLead.objects.filter(
        stage__in=[s for s in LeadStage.values if s in ("lead", "contact", "visit", "negotiation")]
    )
    assert late.count() < open_leads.count()
    assert all(lead.next_step and lead.next_step_due for lead in open_leads)


def test_the_precision_park_was_recruited_by_chain_attraction_and_landed(seeded):
    """The seed: 招商小分队重点对接长三角、珠三角 … 成功引进了投资50亿元的精密制造产业园项目."""
    project = Project.objects.get(name="精密制造产业园")
    lead = project.investment_lead  # linked both ways
    assert lead.project == project and project.code == "LY2024-004"
    assert (lead.stage, lead.mode, lead.region) == (LeadStage.LANDED, LeadMode.CHAIN, Region.YANGTZE_DELTA)
    assert lead.intended_investment == Decimal("500000") == project.total_investment
    assert lead.team.name == "长三角小分队"
    assert (lead.link.chain.name, lead.link.status) == ("高端装备", LinkStatus.WEAK)
    assert lead.signed_on == datetime.date(2023, 11, 18) and lead.landed_on == project.actual_start
    moves = [
        (entry.from_stage, entry.to_stage) for entry in lead.journal.exclude(to_stage="").order_by("at", "pk")
    ]
    assert moves == [
        ("lead", "contact"),
        ("contact", "visit"),
        ("visit", "negotiation"),
        ("negotiation", "signed"),
        ("signed", "landed"),
    ]
    assert lead.journal.filter(kind=JournalKind.CONTACT).count() >= 3
    reasons = [r.history_change_reason for r in lead.history.order_by("history_date", "history_id")]
    assert reasons[0] == "录入线索" and "签约（关联已有重点项目）" in reasons and reasons[-1] == "确认落地"
    # its supplier from the 珠三角 followed by 以商招商 into a new pool project
    moulds = InvestmentLead.objects.get(company__startswith="东莞精密模具")
    assert (moulds.region, moulds.mode, moulds.stage) == (
        Region.PEARL_DELTA,
        LeadMode.BUSINESS,
        LeadStage.SIGNED,
    )


def test_the_digital_park_lead_landed_45_days_after_signing(seeded):
    lead = Project.objects.get(name="数字经济产业园").investment_lead
    assert lead.company == "华为技术有限公司" and lead.stage == LeadStage.LANDED
    assert (lead.landed_on - lead.signed_on).days == 45


def test_signed_leads_became_reserve_pool_projects_through_sign(seeded):
    signed = list(
        InvestmentLead.objects.filter(stage=LeadStage.SIGNED).select_related("project__reserve_entry")
    )
    assert len(signed) == 2
    for lead in signed:
        project = lead.project
        assert project.investment_lead == lead and project.code.startswith("LY2026-")
        assert project.stage == ProjectStage.RESERVE and project.owner_enterprise == lead.company
        assert project.total_investment == lead.intended_investment
        entry = project.reserve_entry
        assert entry.status == EntryStatus.IN_POOL and entry.entered_on == lead.signed_on
        assert entry.time_nodes and entry.expected_goals
        assert entry.moves.get().kind == MoveKind.ENTER
        assert project.task_force.members.count() == 4
        journal = lead.journal.get(kind=JournalKind.SIGNED)
        assert project.code in journal.text and journal.actor.username == "office"


def test_the_mother_fund_and_the_electronics_fund_with_its_three_investments(seeded):
    mother = Fund.objects.get(kind=FundKind.MOTHER)
    assert mother.size == Decimal("1000000")  # 100亿
    electronics = Fund.objects.get(name="浏阳电子信息产业基金")
    assert (electronics.parent, electronics.size) == (mother, Decimal("50000"))  # 5亿
    assert "深圳" in electronics.partner
    assert list(electronics.focus_industries.values_list("name", flat=True)) == ["电子信息"]
    investments = list(electronics.investments.all())
    assert len(investments) == 3
    listed = [i for i in investments if i.status == InvestmentStatus.LISTED]
    assert len(listed) == 1 and listed[0].board == ListingBoard.STAR and listed[0].listed_on
    figures = funds.with_figures(Fund.objects.filter(pk=electronics.pk)).get()
    assert (figures.investment_count, figures.listed_count, figures.invested) == (3, 1, Decimal("19000"))
    assert funds.leverage(electronics) == Decimal("4.00")


def test_the_digital_economy_fund_and_the_familys_leverage(seeded):
    mother = Fund.objects.get(kind=FundKind.MOTHER)
    digital = Fund.objects.get(name="浏阳数字经济产业基金")
    assert (digital.kind, digital.parent, digital.size) == (FundKind.SUB, mother, Decimal("100000"))  # 10亿
    assert "华为" in digital.partner
    assert list(digital.focus_industries.values_list("name", flat=True)) == ["数字经济"]
    totals = funds.family_totals(mother)
    assert len(totals["sub_funds"]) == 2 and totals["sub_fund_size"] == Decimal("150000")
    # (70亿 + 4亿 + 8亿) of social capital on the mother fund's 30亿
    assert totals["social_capital"] == Decimal("820000") and totals["leverage"] == Decimal("2.73")
    assert (totals["investments"], totals["listed"]) == (5, 1)


def test_element_requests_of_all_three_kinds_done_in_progress_and_overdue(seeded):
    requests = list(ElementRequest.objects.select_related("project", "responsible_unit"))
    assert {r.kind for r in requests} == set(ElementKind.values)
    statuses = Counter(r.status for r in requests)
    assert statuses[ElementStatus.DONE] >= 3 and statuses[ElementStatus.IN_PROGRESS] >= 2
    assert statuses[ElementStatus.SUBMITTED] >= 1
    overdue = [r for r in requests if r.status in OPEN_ELEMENT_STATUSES and r.deadline < DEMO_TODAY]
    assert len(overdue) == 1
    for r in requests:
        assert r.requested_on <= r.deadline and r.requested_by.username.startswith("commissioner"), r
        assert (r.status == ElementStatus.DONE) == bool(r.done_on and r.result), r
    land = [r for r in requests if r.kind == ElementKind.LAND]
    assert all(r.standard_land and r.land_area for r in land)
    assert all(r.bank and r.amount for r in requests if r.kind == ElementKind.FINANCE)
    benefits = {r.benefit for r in requests if r.kind == ElementKind.TALENT}
    assert {TalentBenefit.HOUSING, TalentBenefit.SCHOOLING, TalentBenefit.MEDICAL} <= benefits
    precision_land = next(r for r in land if r.project.name == "精密制造产业园")
    assert (
        precision_land.status == ElementStatus.DONE
        and precision_land.done_on <= precision_land.project.actual_start
    )


def test_history_and_journal_dates_are_the_replayed_ones(seeded):
    first = LeadJournal.objects.order_by("at").first()
    assert first.at.date() < datetime.date(2021, 1, 1)  # Huawei, autumn 2020
    assert not LeadJournal.objects.filter(at__date__gt=DEMO_TODAY).exists()
