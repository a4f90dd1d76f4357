"""investment.services: each stage move and its refusals; signing makes a pool project linked both
ways; funds' figures; element guarantees' rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from investment.choices import ContactWay, ElementKind, ElementStatus, JournalKind, LeadStage
from investment.models import InvestmentLead, LeadJournal
from investment.services import elements, funds, leads
from liuyang.exceptions import ConflictError
from projects.choices import ProjectStage, ProjectType
from reserve.choices import EntryStatus, Tier
from reserve.models import ReserveEntry
from tests.action_matrix import TablesSnapshot
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    ProjectFactory,
    TaskForceMemberFactory,
    TownFactory,
    UserFactory,
)
from tests.investment.factories import (
    ChainLinkFactory,
    ElementRequestFactory,
    FundInvestmentFactory,
    InvestmentLeadFactory,
    InvestmentTeamFactory,
    SubFundFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def team():
    member = UserFactory(roles=[Role.INVESTMENT_TEAM])
    return InvestmentTeamFactory(members=[member])


@pytest.fixture
def member(team):
    return team.members.get()


def sign_kwargs(**overrides):
    return {
        "code": "LY2099-001",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": IndustryFactory(),
        "town": TownFactory(),
        "responsible_unit": DepartmentFactory(),
        "responsible_person": "刘志强",
        "tier": Tier.NEAR,
        **overrides,
    }


def test_a_member_records_a_lead_for_their_team_only(team, member):
    link = ChainLinkFactory()
    lead = leads.create(
        member,
        company="苏州精密机械有限公司",
        region="yangtze_delta",
        link=link,
        mode="chain",
        team=team,
        project_name="精密制造产业园",
        intended_investment=Decimal("500000"),
    )
    assert lead.stage == LeadStage.LEAD and lead.owner == member and lead.created_by == member
    assert lead.journal.get().kind == JournalKind.NOTE
    other_team = InvestmentTeamFactory()
    with pytest.raises(ValidationError) as error:
        leads.create(
            member,
            company="另一家",
            region="pearl_delta",
            mode="chain",
            team=other_team,
            project_name="x",
            intended_investment=Decimal("1"),
        )
    assert "team" in error.value.message_dict


def test_roles_without_leads_cannot_record_one(team):
    for role in (Role.TASK_FORCE_STAFF, Role.CITY_LEADER, Role.DEPARTMENT_STAFF):
        with pytest.raises(PermissionDenied):
            leads.create(
                UserFactory(roles=[role]),
                company="某企业",
                region="other",
                mode="chain",
                team=team,
                project_name="x",
                intended_investment=Decimal("1"),
            )


def test_the_owner_must_be_in_the_team(team):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    with pytest.raises(ValidationError) as error:
        leads.create(
            office,
            company="某企业",
            region="other",
            mode="chain",
            team=team,
            owner=UserFactory(),
            project_name="x",
            intended_investment=Decimal("1"),
        )
    assert "owner" in error.value.message_dict


def test_a_lead_moves_stage_by_stage_and_each_move_is_journalled(team, member):
    lead = InvestmentLeadFactory(team=team, owner=member)
    lead = leads.record_contact(
        member, lead, way=ContactWay.PHONE, text="电话沟通投资意向", next_step="来浏考察", next_step_due=TODAY
    )
    assert lead.next_step == "来浏考察" and lead.version == 2
    for expected in (LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION):
        lead = leads.advance(member, lead, note="推进")
        assert lead.stage == expected
    with pytest.raises(ValidationError) as error:
        leads.advance(member, lead, note="再推进")
    assert "stage" in error.value.message_dict
    kinds = list(LeadJournal.objects.filter(lead=lead).values_list("kind", flat=True))
    assert kinds.count(JournalKind.STAGE) == 3 and JournalKind.CONTACT in kinds


def test_advance_needs_a_note_and_refusal_changes_nothing(team, member):
    lead = InvestmentLeadFactory(team=team, owner=member)
    snapshot = TablesSnapshot([InvestmentLead, LeadJournal])
    with pytest.raises(ValidationError):
        leads.advance(member, lead, note="  ")
    snapshot.assert_unchanged()


def test_drop_needs_a_reason_and_only_from_an_open_stage(team, member):
    lead = InvestmentLeadFactory(team=team, owner=member)
    with pytest.raises(ValidationError) as error:
        leads.drop(member, lead, reason="")
    assert "reason" in error.value.message_dict
    lead = leads.drop(member, lead, reason="企业投资计划调整")
    assert lead.stage == LeadStage.DROPPED and lead.drop_reason == "企业投资计划调整"
    assert lead.next_step == "" and lead.next_step_due is None
    with pytest.raises(ValidationError):
        leads.drop(member, lead, reason="再次终止")
    with pytest.raises(ValidationError):
        leads.advance(member, lead, note="恢复")


def test_another_teams_member_cannot_touch_the_lead(team):
    lead = InvestmentLeadFactory(team=team)
    stranger = UserFactory(roles=[Role.INVESTMENT_TEAM])
    InvestmentTeamFactory(members=[stranger])
    snapshot = TablesSnapshot([InvestmentLead, LeadJournal])
    for call in (
        lambda: leads.advance(stranger, lead, note="x"),
        lambda: leads.drop(stranger, lead, reason="x"),
        lambda: leads.record_contact(stranger, lead, way="phone", text="x"),
        lambda: leads.update(stranger, lead, company="改名"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    snapshot.assert_unchanged()


def test_a_stale_version_is_a_conflict(team, member):
    lead = InvestmentLeadFactory(team=team, owner=member)
    with pytest.raises(ConflictError):
        leads.advance(member, lead, note="推进", expected_version=lead.version + 1)


def test_signing_creates_the_project_in_the_pool_linked_both_ways(team, member):
    link = ChainLinkFactory()
    lead = InvestmentLeadFactory(
        team=team, owner=member, link=link, stage=LeadStage.NEGOTIATION, intended_investment=Decimal("500000")
    )
    with pytest.raises(ValidationError):
        leads.land(member, lead)
    lead = leads.sign(member, lead, **sign_kwargs())
    project = lead.project
    assert lead.stage == LeadStage.SIGNED and lead.signed_on == TODAY
    assert project.investment_lead == lead
    assert (project.name, project.owner_enterprise, project.total_investment) == (
        lead.project_name,
        lead.company,
        Decimal("500000"),
    )
    assert project.stage == ProjectStage.RESERVE
    entry = ReserveEntry.objects.get(project=project)
    assert entry.status == EntryStatus.IN_POOL and entry.tier == Tier.NEAR
    assert lead.journal.filter(kind=JournalKind.SIGNED).exists()
    lead = leads.land(member, lead)
    assert lead.stage == LeadStage.LANDED


def test_signing_is_refused_before_negotiation_or_with_a_used_code(team, member):
    lead = InvestmentLeadFactory(team=team, owner=member, stage=LeadStage.VISIT)
    with pytest.raises(ValidationError):
        leads.sign(member, lead, **sign_kwargs())
    ProjectFactory(code="LY2099-009")
    lead.stage = LeadStage.NEGOTIATION
    lead.save()
    snapshot = TablesSnapshot([InvestmentLead, ReserveEntry])
    with pytest.raises(ValidationError) as error:
        leads.sign(member, lead, **sign_kwargs(code="LY2099-009"))
    assert "code" in error.value.message_dict
    snapshot.assert_unchanged()


def test_suggested_code_follows_the_years_series():
    ProjectFactory(code="LY2031-007")
    ProjectFactory(code="LY2031-012")
    assert leads.suggested_code(2031) == "LY2031-013"
    assert leads.suggested_code(2032) == "LY2032-001"


def test_overdue_leads_are_open_with_a_past_next_step(team):
    late = InvestmentLeadFactory(team=team, next_step_due=TODAY - datetime.timedelta(days=1))
    InvestmentLeadFactory(team=team, next_step_due=TODAY + datetime.timedelta(days=1))
    InvestmentLeadFactory(
        team=team, stage=LeadStage.DROPPED, next_step_due=TODAY - datetime.timedelta(days=3)
    )
    assert list(leads.overdue(InvestmentLead.objects.all())) == [late]


def test_fund_figures_and_leverage():
    sub = SubFundFactory()
    FundInvestmentFactory(fund=sub, amount=Decimal("6000"))
    FundInvestmentFactory(fund=sub, amount=Decimal("7000"), status="listed", board="star")
    figures = funds.with_figures().get(pk=sub.pk)
    assert (figures.invested, figures.investment_count, figures.listed_count) == (Decimal("13000"), 2, 1)
    assert funds.leverage(sub) == Decimal("4.00")
    totals = funds.family_totals(sub.parent)
    assert totals["investments"] == 2 and totals["sub_funds"] == [figures]
    # mother 100亿 with 30亿 government money, sub 5亿 with 1亿: social = 70亿 + 4亿
    assert totals["social_capital"] == Decimal("740000") and totals["leverage"] == Decimal("2.47")


def test_element_requests_are_raised_by_the_projects_people_and_handled_by_the_unit():
    project = ProjectFactory()
    member = TaskForceMemberFactory(task_force__project=project).user
    unit = DepartmentFactory()
    request = elements.raise_request(
        member,
        project,
        kind=ElementKind.FINANCE,
        title="政银企对接：项目贷款",
        responsible_unit=unit,
        deadline=TODAY + datetime.timedelta(days=15),
        bank="浏阳农商银行",
        amount=Decimal("20000"),
    )
    assert request.status == ElementStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        elements.raise_request(
            TaskForceMemberFactory().user,
            project,
            kind=ElementKind.TALENT,
            title="人才住房",
            responsible_unit=unit,
            deadline=TODAY,
            benefit="housing",
            headcount=3,
        )
    with pytest.raises(ValidationError) as error:
        elements.raise_request(
            member, project, kind=ElementKind.LAND, title="供地", responsible_unit=unit, deadline=TODAY
        )
    assert "land_area" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        elements.take_up(UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=DepartmentFactory()), request)
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=unit)
    request = elements.take_up(staff, request)
    assert request.status == ElementStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        elements.close(staff, request, guaranteed=False, result="")
    request = elements.close(staff, request, guaranteed=True, result="已放款 2 亿元")
    assert request.status == ElementStatus.DONE and request.done_on == TODAY
    with pytest.raises(ValidationError):
        elements.close(staff, request, guaranteed=True, result="再次办结")


def test_an_element_request_deadline_cannot_be_past():
    office = UserFactory(roles=[Role.KEY_OFFICE])
    with pytest.raises(ValidationError) as error:
        elements.raise_request(
            office,
            ProjectFactory(),
            kind=ElementKind.LAND,
            title="供地",
            responsible_unit=DepartmentFactory(),
            deadline=TODAY - datetime.timedelta(days=1),
            land_area=Decimal("10"),
        )
    assert "deadline" in error.value.message_dict
    assert ElementRequestFactory().status == ElementStatus.SUBMITTED
