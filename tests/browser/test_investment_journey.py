"""精准招商 in real Chromium: an investment-team member works a lead from the industry map through
every stage (contact, visit, negotiation), signs it with the pre-filled form, lands on the new
project, finds it in the reserve pool, and the map's open-lead count for the link drops."""

import datetime
from decimal import Decimal

import pytest

from accounts.roles import Role
from investment.choices import LeadStage
from investment.models import InvestmentLead
from reserve.models import ReserveEntry
from tests.browser.helpers import sign_in
from tests.factories import DepartmentFactory, IndustryFactory, TownFactory, UserFactory
from tests.investment.factories import (
    ChainLinkFactory,
    IndustryChainFactory,
    InvestmentLeadFactory,
    InvestmentTeamFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def scene():
    member = UserFactory(roles=[Role.INVESTMENT_TEAM], full_name="招商队员王敏")
    team = InvestmentTeamFactory(name="长三角招商小分队", members=[member])
    chain = IndustryChainFactory(name="测试高端装备链", industry=IndustryFactory(name="测试先进制造"))
    link = ChainLinkFactory(chain=chain, name="精密零部件", status="weak")
    lead = InvestmentLeadFactory(
        team=team,
        owner=member,
        link=link,
        company="苏州精密机械有限公司",
        project_name="测试精密制造产业园",
        intended_investment=Decimal("500000"),
        next_step_due=datetime.date.today() + datetime.timedelta(days=5),
    )
    return {
        "member": member,
        "link": link,
        "lead": lead,
        "town": TownFactory(name="测试经开区街道"),
        "unit": DepartmentFactory(name="测试经开区管委会"),
    }


def test_a_team_member_signs_a_lead_into_the_reserve_pool(live_server, chromium, scene):
    base = live_server.url
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    link, lead = scene["link"], scene["lead"]
    try:
        sign_in(page, base, scene["member"].username)
        page.goto(f"{base}/investment/map/")
        count = page.locator(f"li[data-link='{link.pk}'] a[data-open-leads]")
        assert count.get_attribute("data-open-leads") == "1"
        count.click()
        page.wait_for_url("**/investment/leads/?**")
        page.get_by_role("link", name=lead.company).click()
        page.wait_for_url(f"**/investment/leads/{lead.pk}/")

        # a contact with the next step
        contact = page.locator("details[data-action=contact] form")
        contact.locator("select[name=way]").select_option("visit")
        contact.locator("textarea[name=text]").fill("上门拜访，企业有意在浏阳设立生产基地")
        contact.locator("input[name=next_step]").fill("邀请企业来浏考察")
        contact.locator("button[type=submit]").click()
        page.wait_for_url(f"**/investment/leads/{lead.pk}/")

        # 线索 → 接洽 → 考察 → 谈判
        for expected in (LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION):
            page.locator("details[data-action=advance] summary").click()
            form = page.locator("details[data-action=advance] form")
            form.locator("textarea[name=note]").fill("推进顺利")
            form.locator("button[type=submit]").click()
            page.wait_for_url(f"**/investment/leads/{lead.pk}/")
            assert page.locator(f"[data-stage='{expected}']").count() == 1

        # the sign form, pre-filled: code and industry; the rest chosen
        page.locator("details[data-action=sign] summary").click()
        form = page.locator("details[data-action=sign] form")
        year = datetime.date.today().year
        assert form.locator("input[name=code]").input_value() == f"LY{year}-001"
        assert form.locator("select[name=industry]").input_value() == str(link.chain.industry_id)
        form.locator("select[name=town]").select_option(str(scene["town"].pk))
        form.locator("select[name=responsible_unit]").select_option(str(scene["unit"].pk))
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/projects/*/")
        assert "测试精密制造产业园" in page.locator("h1").inner_text()
        assert lead.company in page.locator("[data-investment-lead]").inner_text()

        lead.refresh_from_db()
        assert lead.stage == LeadStage.SIGNED and lead.project is not None
        assert ReserveEntry.objects.filter(project=lead.project).exists()

        # the reserve pool lists it; the map's open-lead count for the link drops
        page.goto(f"{base}/reserve/entries/")
        assert "测试精密制造产业园" in page.locator("main").inner_text()
        page.goto(f"{base}/investment/map/")
        assert (
            page.locator(f"li[data-link='{link.pk}'] a[data-open-leads]").get_attribute("data-open-leads")
            == "0"
        )
        assert InvestmentLead.objects.filter(stage=LeadStage.NEGOTIATION).count() == 0
    finally:
        context.close()
