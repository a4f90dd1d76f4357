"""The 精准招商 API: who reads and writes each endpoint (the matrix), the lead actions through the
services (403 / 404 / 400 / 409, a refusal changes nothing), signing, funds with their figures,
element requests."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from investment.choices import ElementStatus, LeadStage
from investment.models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    LeadJournal,
)
from projects.models import Project
from reserve.models import ReserveEntry
from tests.action_matrix import ANONYMOUS, NO_ROLE, SUPERUSER, TablesSnapshot, matrix, user_for
from tests.factories import DepartmentFactory, IndustryFactory, ProjectFactory, TownFactory, UserFactory
from tests.investment.factories import (
    ElementRequestFactory,
    FundFactory,
    FundInvestmentFactory,
    SubFundFactory,
)

pytestmark = pytest.mark.django_db
LEAD_TABLES = [InvestmentLead, LeadJournal, Project, ReserveEntry]


def api(who=None, user=None):
    client = APIClient()
    user = user if user is not None else (user_for(who) if who else None)
    if user is not None:
        client.force_authenticate(user)
    return client


def call(who, status, send, watch=(), user=None):
    client = api(who, user)
    snapshot = TablesSnapshot(watch)
    response = send(client)
    assert response.status_code == status, (who, response.status_code, getattr(response, "data", None))
    if status >= 400:
        snapshot.assert_unchanged()
    return response


def rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


READ_ALL = matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: 401})
OFFICE_WRITES = matrix(default=403, **{Role.KEY_OFFICE: 201, SUPERUSER: 201, ANONYMOUS: 401})
LEAD_READERS = matrix(
    default=403,
    **{
        Role.KEY_OFFICE: 200,
        Role.CITY_LEADER: 200,
        Role.INVESTMENT_TEAM: 200,
        SUPERUSER: 200,
        ANONYMOUS: 401,
    },
)


@pytest.mark.parametrize("who, status", READ_ALL)
@pytest.mark.parametrize(
    "endpoint", ["industry-chains", "chain-links", "investment-teams", "funds", "fund-investments"]
)
def test_the_map_teams_and_funds_are_read_by_every_role(scene, who, status, endpoint):
    FundInvestmentFactory()
    response = call(who, status, lambda c: c.get(f"/api/{endpoint}/"))
    if status == 200:
        assert rows(response)


@pytest.mark.parametrize("who, status", OFFICE_WRITES)
def test_only_the_office_writes_the_map_and_funds(scene, who, status):
    mother = FundFactory()
    bodies = {
        "industry-chains": ({"name": "测试生物医药链"}, IndustryChain),
        "chain-links": (
            {"chain": scene.link.chain_id, "name": "原料药", "position": "upstream", "status": "missing"},
            ChainLink,
        ),
        "funds": (
            {
                "name": "测试电子信息子基金",
                "kind": "sub",
                "parent": mother.pk,
                "size": "50000",
                "government_amount": "10000",
                "focus_industries": [IndustryFactory().pk],
            },
            Fund,
        ),
        "fund-investments": (
            {"fund": mother.pk, "company": "测试科技", "amount": "3000", "invested_on": "2024-06-01"},
            FundInvestment,
        ),
    }
    for endpoint, (body, model) in bodies.items():
        response = call(
            who, status, lambda c, e=endpoint, b=body: c.post(f"/api/{e}/", b, format="json"), [model]
        )
        if status == 201 and endpoint == "funds":
            assert response.json()["leverage"] == "4.00" and response.json()["investments"] == 0


def test_fund_rules_are_checked(scene):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    body = {"name": "无母基金的子基金", "kind": "sub", "size": "100", "government_amount": "200"}
    response = call(None, 400, lambda c: c.post("/api/funds/", body, format="json"), [Fund], user=office)
    assert {"parent", "government_amount"} <= set(response.json())
    investment = FundInvestmentFactory()
    response = call(
        None,
        400,
        lambda c: c.patch(f"/api/fund-investments/{investment.pk}/", {"status": "listed"}, format="json"),
        [FundInvestment],
        user=office,
    )
    assert "board" in response.json()


def test_funds_carry_their_figures(scene):
    sub = SubFundFactory()
    FundInvestmentFactory(fund=sub, amount=Decimal("6000"), status="listed", board="star")
    data = api(user=UserFactory(roles=[Role.TASK_FORCE_STAFF])).get(f"/api/funds/{sub.pk}/").json()
    assert (data["invested"], data["investments"], data["listed"], data["leverage"]) == (
        "6000.00",
        1,
        1,
        "4.00",
    )


@pytest.mark.parametrize("who, status", LEAD_READERS)
def test_only_the_office_leaders_and_teams_read_leads(scene, who, status):
    for endpoint in ("investment-leads", "lead-journal"):
        call(who, status, lambda c, e=endpoint: c.get(f"/api/{e}/"))


def test_a_member_reads_only_their_teams_leads_and_cannot_touch_anothers(scene):
    client = api(user=scene.member)
    assert [row["id"] for row in rows(client.get("/api/investment-leads/"))] == [scene.lead.pk]
    assert client.get(f"/api/investment-leads/{scene.other_lead.pk}/").status_code == 404
    for action, body in (
        ("advance", {"note": "x"}),
        ("drop", {"reason": "x"}),
        ("contact", {"way": "phone", "text": "x"}),
    ):
        call(
            None,
            404,
            lambda c, a=action, b=body: c.post(
                f"/api/investment-leads/{scene.other_lead.pk}/{a}/", b, format="json"
            ),
            LEAD_TABLES,
            user=scene.member,
        )
    call(
        None,
        404,
        lambda c: c.patch(f"/api/investment-leads/{scene.other_lead.pk}/", {"company": "改"}, format="json"),
        LEAD_TABLES,
        user=scene.member,
    )


@pytest.mark.parametrize(
    "who, status",
    matrix(default=403, **{Role.KEY_OFFICE: 201, SUPERUSER: 201, ANONYMOUS: 401, Role.INVESTMENT_TEAM: 400}),
)
def test_who_records_a_lead(scene, who, status):
    """The office for any team; a team role for their own team only (another team's: 400)."""
    body = {
        "company": "杭州新材料有限公司",
        "region": "yangtze_delta",
        "mode": "fund",
        "link": scene.link.pk,
        "team": scene.team.pk,
        "owner": scene.member.pk,
        "project_name": "新材料产业化基地",
        "intended_investment": "120000",
    }
    call(who, status, lambda c: c.post("/api/investment-leads/", body, format="json"), LEAD_TABLES)


@pytest.mark.parametrize(
    "who, status",
    matrix(default=403, **{Role.KEY_OFFICE: 200, SUPERUSER: 200, ANONYMOUS: 401, Role.INVESTMENT_TEAM: 404}),
)
def test_who_advances_a_lead(scene, who, status):
    target = f"/api/investment-leads/{scene.lead.pk}/advance/"
    call(who, status, lambda c: c.post(target, {"note": "首次接洽"}, format="json"), LEAD_TABLES)


def test_a_member_works_a_lead_through_to_signing(scene):
    client = api(user=scene.member)
    base = f"/api/investment-leads/{scene.lead.pk}"
    response = client.post(
        f"{base}/contact/", {"way": "visit", "text": "上门拜访", "version": 1}, format="json"
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = call(
        None,
        409,
        lambda c: c.post(f"{base}/advance/", {"note": "x", "version": 1}, format="json"),
        LEAD_TABLES,
        user=scene.member,
    )
    assert stale.status_code == 409
    call(
        None,
        400,
        lambda c: c.post(f"{base}/drop/", {"reason": ""}, format="json"),
        LEAD_TABLES,
        user=scene.member,
    )
    call(
        None,
        400,
        lambda c: c.post(f"{base}/advance/", {"nope": "1"}, format="json"),
        LEAD_TABLES,
        user=scene.member,
    )
    for _step in range(3):
        assert client.post(f"{base}/advance/", {"note": "推进"}, format="json").status_code == 200
    body = {
        "code": "LY2099-088",
        "project_type": "industrial",
        "industry": IndustryFactory().pk,
        "town": TownFactory().pk,
        "responsible_unit": DepartmentFactory().pk,
        "responsible_person": "刘志强",
        "tier": "mid",
    }
    data = client.post(f"{base}/sign/", body, format="json").json()
    project = Project.objects.get(code="LY2099-088")
    assert data["stage"] == LeadStage.SIGNED and data["project"] == project.pk
    assert ReserveEntry.objects.get(project=project).tier == "mid"
    journal = client.get(f"{base}/journal/").json()
    assert journal[0]["kind"] == "signed" and len(journal) == 5  # contact, 3 stages, signing
    patched = client.patch(f"{base}/", {"next_step": "协调开工", "version": data["version"]}, format="json")
    assert patched.status_code == 200 and patched.json()["next_step"] == "协调开工"
    call(
        None,
        400,
        lambda c: c.patch(f"{base}/", {"company": "改名"}, format="json"),
        LEAD_TABLES,
        user=scene.member,
    )
    assert client.post(f"{base}/land/", {}, format="json").json()["stage"] == LeadStage.LANDED


def test_lead_filters_are_strict(scene):
    client = api(user=scene.office)
    assert client.get("/api/investment-leads/", {"colour": "x"}).status_code == 400
    ids = [row["id"] for row in rows(client.get("/api/investment-leads/", {"team": scene.team.pk}))]
    assert ids == [scene.lead.pk]


# -- element requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status", matrix(default=403, **{Role.KEY_OFFICE: 201, SUPERUSER: 201, ANONYMOUS: 401})
)
def test_who_raises_an_element_request(who, status):
    body = {
        "project": ProjectFactory().pk,
        "kind": "finance",
        "title": "政银企对接",
        "responsible_unit": DepartmentFactory().pk,
        "deadline": (datetime.date.today() + datetime.timedelta(days=9)).isoformat(),
        "bank": "浏阳农商银行",
        "amount": "20000",
    }
    call(who, status, lambda c: c.post("/api/element-requests/", body, format="json"), [ElementRequest])


#: taking up needs a role that handles some request (the office; a department's staff with a
#: unit); anyone else is refused before the request is looked up
TAKE_UP = matrix(default=403, **{Role.KEY_OFFICE: 200, SUPERUSER: 200, ANONYMOUS: 401})


@pytest.mark.parametrize("who, status", TAKE_UP)
def test_who_takes_up_an_element_request(who, status):
    element = ElementRequestFactory()
    target = f"/api/element-requests/{element.pk}/take-up/"
    call(who, status, lambda c: c.post(target, {}, format="json"), [ElementRequest])


def test_another_units_staff_do_not_see_the_request(scene):
    element = ElementRequestFactory()
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=DepartmentFactory())
    target = f"/api/element-requests/{element.pk}/take-up/"
    call(None, 404, lambda c: c.post(target, {}, format="json"), [ElementRequest], user=staff)


def test_the_units_staff_handle_their_request(scene):
    element = ElementRequestFactory()
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=element.responsible_unit)
    client = api(user=staff)
    assert [row["id"] for row in rows(client.get("/api/element-requests/"))] == [element.pk]
    assert client.post(f"/api/element-requests/{element.pk}/take-up/", {}, format="json").status_code == 200
    call(
        None,
        400,
        lambda c: c.post(f"/api/element-requests/{element.pk}/close/", {"guaranteed": False}, format="json"),
        [ElementRequest],
        user=staff,
    )
    data = client.post(
        f"/api/element-requests/{element.pk}/close/",
        {"guaranteed": False, "result": "不符合标准地条件"},
        format="json",
    ).json()
    assert data["status"] == ElementStatus.DECLINED
    assert client.get("/api/element-requests/", {"status": "declined"}).json()["count"] == 1
