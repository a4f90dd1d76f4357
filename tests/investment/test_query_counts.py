"""Query-count baselines: the map, the pipeline, the lead list and the API lists cost the same
number of queries with few and many rows. If a deliberate change moves a baseline, update the
number here and say why."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from investment.choices import LeadStage
from investment.models import ElementRequest, FundInvestment, InvestmentLead
from tests.factories import UserFactory
from tests.investment.factories import (
    ChainLinkFactory,
    ElementRequestFactory,
    FundInvestmentFactory,
    InvestmentLeadFactory,
    InvestmentTeamFactory,
)
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

# session, user, roles, the base page's own query, then: chains, their links (prefetch), the open-lead counts (one aggregate)
MAP_PAGE = 7
# + the filters' choices (teams, chains), the stage totals (one aggregate), the cards (one window query)
PIPELINE_PAGE = 8
# + the filters' choices (teams, chains, links), the count, the page
LEAD_LIST = 9
API_LEADS = 2
API_FUNDS = 3
API_ELEMENTS = 2
FUNDS_PAGE = 7

STAGES = [LeadStage.LEAD, LeadStage.CONTACT, LeadStage.NEGOTIATION, LeadStage.SIGNED, LeadStage.DROPPED]


def grow_leads(n):
    while InvestmentLead.objects.count() < n:
        index = InvestmentLead.objects.count()
        InvestmentLeadFactory(link=ChainLinkFactory(), stage=STAGES[index % len(STAGES)])


def ok(response):
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.fixture
def office_client(client):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    return client


def test_the_map_does_not_grow_with_chains_links_or_leads(office_client):
    assert_num_queries_stable(
        lambda: ok(office_client.get(reverse("investment:map"))), grow_leads, sizes=(5, 30), expected=MAP_PAGE
    )


def test_the_pipeline_does_not_grow_with_leads(office_client):
    assert_num_queries_stable(
        lambda: ok(office_client.get(reverse("investment:pipeline"))),
        grow_leads,
        sizes=(5, 40),
        expected=PIPELINE_PAGE,
    )


def test_the_pipeline_for_a_team_member_does_not_grow(client):
    member = UserFactory(roles=[Role.INVESTMENT_TEAM])
    team = InvestmentTeamFactory(members=[member])
    client.force_login(member)

    def grow(n):
        grow_leads(n - n // 2)
        while InvestmentLead.objects.filter(team=team).count() < n // 2:
            InvestmentLeadFactory(team=team, link=ChainLinkFactory())

    assert_num_queries_stable(
        lambda: ok(client.get(reverse("investment:pipeline"))), grow, sizes=(6, 40), expected=PIPELINE_PAGE
    )


def test_the_lead_list_does_not_grow(office_client):
    assert_num_queries_stable(
        lambda: ok(office_client.get(reverse("investment:lead_list"), {"sort": "-intended_investment"})),
        grow_leads,
        sizes=(5, 40),
        expected=LEAD_LIST,
    )


def test_the_funds_page_does_not_grow_with_investments(office_client):
    def grow(n):
        while FundInvestment.objects.count() < n:
            FundInvestmentFactory()

    assert_num_queries_stable(
        lambda: ok(office_client.get(reverse("investment:fund_list"))),
        grow,
        sizes=(3, 15),
        expected=FUNDS_PAGE,
    )


@pytest.fixture
def api_client():
    client = APIClient()
    client.force_authenticate(UserFactory(roles=[Role.KEY_OFFICE]))
    return client


def test_the_api_lists_do_not_grow(api_client):
    assert_num_queries_stable(
        lambda: ok(api_client.get("/api/investment-leads/")), grow_leads, sizes=(5, 40), expected=API_LEADS
    )

    def grow_investments(n):
        while FundInvestment.objects.count() < n:
            FundInvestmentFactory()

    assert_num_queries_stable(
        lambda: ok(api_client.get("/api/funds/")), grow_investments, sizes=(3, 20), expected=API_FUNDS
    )

    def grow_elements(n):
        while ElementRequest.objects.count() < n:
            ElementRequestFactory()

    assert_num_queries_stable(
        lambda: ok(api_client.get("/api/element-requests/")),
        grow_elements,
        sizes=(3, 20),
        expected=API_ELEMENTS,
    )
