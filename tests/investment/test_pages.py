"""The investment pages: who sees which page (the permission matrix), the actions as forms, and a
refusal changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from investment.choices import ElementStatus, LeadStage
from investment.models import ElementRequest, InvestmentLead, LeadJournal
from projects.models import Project
from reserve.models import ReserveEntry
from tests.action_matrix import ANONYMOUS, LOGIN, NO_ROLE, SUPERUSER, matrix, perform, user_for
from tests.factories import DepartmentFactory, IndustryFactory, ProjectFactory, TownFactory, UserFactory
from tests.investment.factories import ElementRequestFactory, FundInvestmentFactory, SubFundFactory

pytestmark = pytest.mark.django_db
WATCH = [InvestmentLead, LeadJournal, Project, ReserveEntry]
LEAD_READERS = {Role.KEY_OFFICE: 200, Role.CITY_LEADER: 200, Role.INVESTMENT_TEAM: 200, SUPERUSER: 200}


def url(name, *args):
    return reverse(f"investment:{name}", args=args)


@pytest.mark.parametrize("who, status", matrix(default=200, **{ANONYMOUS: LOGIN, NO_ROLE: 403}))
def test_everyone_with_a_role_reads_the_map_and_the_funds(client, scene, who, status):
    sub = SubFundFactory()
    FundInvestmentFactory(fund=sub, status="listed", board="star")
    for target in (
        url("map"),
        url("fund_list"),
        url("fund_detail", sub.pk),
        url("fund_detail", sub.parent.pk),
    ):
        perform(client, who, status, lambda c, t=target: c.get(t))
    if status == 200:
        body = client.get(url("fund_list")).content.decode()
        assert sub.name in body and "科创板" in body


@pytest.mark.parametrize("who, status", matrix(default=403, **LEAD_READERS, **{ANONYMOUS: LOGIN}))
def test_only_the_office_leaders_and_teams_read_leads(client, scene, who, status):
    for target in (url("pipeline"), url("pipeline_page"), url("lead_list")):
        perform(client, who, status, lambda c, t=target: c.get(t))


@pytest.mark.parametrize(
    "who, status", matrix(default=403, **{Role.KEY_OFFICE: 200, SUPERUSER: 200, ANONYMOUS: LOGIN})
)
def test_only_the_office_and_teams_open_the_add_page(client, scene, who, status):
    if who == Role.INVESTMENT_TEAM:
        status = 200
    perform(client, who, status, lambda c: c.get(url("lead_add")))


def test_a_member_reads_and_works_only_their_teams_leads(client, scene):
    client.force_login(scene.member)
    rows = client.get(url("lead_list")).context["rows"]
    assert [row.pk for row in rows] == [scene.lead.pk]
    assert client.get(url("lead_detail", scene.other_lead.pk)).status_code == 404
    response = perform(
        client,
        None,
        404,
        lambda c: c.post(url("lead_action", scene.other_lead.pk, "advance"), {"note": "推进"}),
        watch=WATCH,
        user=scene.member,
    )
    assert response.status_code == 404
    body = client.get(url("lead_detail", scene.lead.pk)).content.decode()
    assert 'data-action="advance"' in body and 'data-action="drop"' in body


def test_a_leader_reads_every_lead_without_the_action_forms(client, scene):
    client.force_login(UserFactory(roles=[Role.CITY_LEADER]))
    body = client.get(url("lead_detail", scene.lead.pk)).content.decode()
    assert scene.lead.company in body and "data-action=" not in body
    perform(
        client,
        None,
        403,
        lambda c: c.post(url("lead_action", scene.lead.pk, "advance"), {"note": "推进"}),
        watch=WATCH,
        user=UserFactory(roles=[Role.CITY_LEADER]),
    )


ACTION_STATUS = matrix(
    default=403,
    **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN},
)


@pytest.mark.parametrize("who, status", ACTION_STATUS)
@pytest.mark.parametrize(
    "action, body",
    [
        ("advance", {"note": "已完成首轮接洽"}),
        ("contact", {"way": "phone", "text": "电话沟通"}),
        ("drop", {"reason": "企业战略调整"}),
    ],
)
def test_who_may_move_a_lead(client, scene, who, status, action, body):
    if who == Role.INVESTMENT_TEAM:
        status = 404  # a team member of no team reads no lead
    response = perform(
        client, who, status, lambda c: c.post(url("lead_action", scene.lead.pk, action), body), watch=WATCH
    )
    if status == 302:
        assert response["Location"] == url("lead_detail", scene.lead.pk)


def test_a_member_moves_their_lead_and_a_bad_form_changes_nothing(client, scene):
    client.force_login(scene.member)
    target = url("lead_action", scene.lead.pk, "drop")
    perform(client, None, 400, lambda c: c.post(target, {"reason": ""}), watch=WATCH, user=scene.member)
    response = client.post(url("lead_action", scene.lead.pk, "advance"), {"note": "首次拜访", "version": 1})
    assert response.status_code == 302
    stale = perform(
        client,
        None,
        409,
        lambda c: c.post(url("lead_action", scene.lead.pk, "advance"), {"note": "再推进", "version": 1}),
        watch=WATCH,
        user=scene.member,
    )
    assert "已被他人修改" in stale.content.decode()
    scene.lead.refresh_from_db()
    assert scene.lead.stage == LeadStage.CONTACT


def test_the_sign_form_is_prefilled_and_signing_goes_to_the_new_project(client, scene):
    industry = IndustryFactory(name="测试高端装备")
    scene.link.chain.industry = industry
    scene.link.chain.save()
    InvestmentLead.objects.filter(pk=scene.lead.pk).update(stage=LeadStage.NEGOTIATION)
    client.force_login(scene.member)
    response = client.get(url("lead_detail", scene.lead.pk))
    sign = next(form for name, _title, form in response.context["actions"] if name == "sign")
    year = datetime.date.today().year
    assert sign.initial["code"] == f"LY{year}-001" and sign.initial["industry"] == industry.pk
    body = {
        "code": f"LY{year}-001",
        "project_type": "industrial",
        "industry": industry.pk,
        "town": TownFactory().pk,
        "responsible_unit": DepartmentFactory().pk,
        "responsible_person": "刘志强",
        "tier": "near",
        "version": 1,
    }
    response = client.post(url("lead_action", scene.lead.pk, "sign"), body)
    project = Project.objects.get(code=f"LY{year}-001")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "data-investment-lead" in page and scene.lead.company in page


def test_add_and_edit_a_lead(client, scene):
    client.force_login(scene.member)
    body = {
        "company": "东莞智能装备有限公司",
        "region": "pearl_delta",
        "mode": "business",
        "link": scene.link.pk,
        "project_name": "智能装备生产基地",
        "intended_investment": "80000",
        "team": scene.team.pk,
        "owner": scene.member.pk,
    }
    response = client.post(url("lead_add"), body)
    lead = InvestmentLead.objects.get(company="东莞智能装备有限公司")
    assert response.status_code == 302 and lead.team == scene.team
    refused = perform(
        client,
        None,
        400,
        lambda c: c.post(url("lead_add"), {**body, "team": scene.other_team.pk, "company": "越权"}),
        watch=WATCH,
        user=scene.member,
    )
    assert refused.status_code == 400
    response = client.post(url("lead_edit", lead.pk), {**body, "intended_investment": "90000", "version": 1})
    lead.refresh_from_db()
    assert response.status_code == 302 and lead.intended_investment == Decimal("90000")
    assert client.get(url("lead_edit", scene.other_lead.pk)).status_code == 404


def test_unknown_filters_are_a_400(client, scene):
    client.force_login(scene.office)
    assert client.get(url("lead_list"), {"colour": "red"}).status_code == 400
    assert client.get(url("pipeline"), {"stage": "lead"}).status_code == 400
    assert client.get(url("element_list"), {"nope": "1"}).status_code == 400
    assert client.get(url("lead_list"), {"link": scene.link.pk, "overdue": "false"}).status_code == 200


def test_the_map_counts_open_leads_per_link_for_lead_readers(client, scene):
    client.force_login(scene.office)
    body = client.get(url("map")).content.decode()
    assert 'data-open-leads="2"' in body and scene.link.name in body
    client.force_login(UserFactory(roles=[Role.TASK_FORCE_STAFF]))
    body = client.get(url("map")).content.decode()
    assert scene.link.name in body and "data-open-leads" not in body


def test_the_pipeline_counts_and_totals_by_stage(client, scene):
    InvestmentLead.objects.filter(pk=scene.other_lead.pk).update(
        stage=LeadStage.NEGOTIATION, next_step_due=datetime.date.today() - datetime.timedelta(days=2)
    )
    client.force_login(scene.office)
    response = client.get(url("pipeline"))
    stages = {stage["value"]: stage for stage in response.context["stages"]}
    assert stages["lead"]["count"] == 1 and stages["negotiation"]["overdue"] == 1
    assert stages["negotiation"]["total"] == Decimal("50000.00")
    assert "逾期" in response.content.decode()
    response = client.get(url("pipeline"), {"team": scene.team.pk})
    assert sum(stage["count"] for stage in response.context["stages"]) == 1


# -- element guarantees ----------------------------------------------------------------------


@pytest.fixture
def element(db):
    return ElementRequestFactory()


#: the office handles every request; leaders read all and handle none; others read only
#: their projects' and their unit's requests (this one is neither: 404)
TAKE_UP = matrix(
    default=404,
    **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN, Role.CITY_LEADER: 403, NO_ROLE: 403},
)


@pytest.mark.parametrize("who, status", TAKE_UP)
def test_who_takes_up_an_element_request(client, element, who, status):
    target = url("element_action", element.pk, "take-up")
    perform(client, who, status, lambda c: c.post(target), watch=[ElementRequest])


def test_the_responsible_departments_staff_handle_theirs_in_the_queue(client, element):
    staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=element.responsible_unit)
    other = ElementRequestFactory()
    client.force_login(staff)
    rows = client.get(url("element_list")).context["rows"]
    assert [row.pk for row in rows] == [element.pk] and rows[0].user_can_change
    assert client.get(url("element_detail", other.pk)).status_code == 404
    response = client.post(url("element_action", element.pk, "take-up"), {"next": url("element_list")})
    assert response.status_code == 302 and response["Location"] == url("element_list")
    perform(
        client,
        None,
        400,
        lambda c: c.post(url("element_action", element.pk, "close"), {"guaranteed": "1", "result": ""}),
        watch=[ElementRequest],
        user=staff,
    )
    client.post(url("element_action", element.pk, "close"), {"guaranteed": "1", "result": "已供地 120 亩"})
    element.refresh_from_db()
    assert element.status == ElementStatus.DONE


@pytest.mark.parametrize(
    "who, status",
    matrix(default=403, **{Role.KEY_OFFICE: 302, SUPERUSER: 302, ANONYMOUS: LOGIN}),
)
def test_who_raises_an_element_request_on_a_project(client, who, status):
    project = ProjectFactory()
    body = {
        "kind": "land",
        "title": "标准地供地",
        "responsible_unit": DepartmentFactory().pk,
        "deadline": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        "land_area": "80",
        "standard_land": "on",
    }
    target = f"{url('element_add')}?project={project.pk}"
    perform(client, who, status, lambda c: c.post(target, body), watch=[ElementRequest])


def test_the_task_force_raises_on_its_project_from_the_project_page(client):
    from tests.factories import TaskForceMemberFactory

    membership = TaskForceMemberFactory()
    project = membership.task_force.project
    client.force_login(membership.user)
    page = client.get(project.get_absolute_url()).content.decode()
    assert f"{url('element_add')}?project={project.pk}" in page
    body = {
        "kind": "talent",
        "title": "高端人才住房",
        "responsible_unit": DepartmentFactory().pk,
        "deadline": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        "benefit": "housing",
        "headcount": "5",
    }
    response = client.post(f"{url('element_add')}?project={project.pk}", body)
    assert response.status_code == 302
    assert ElementRequest.objects.get().headcount == 5
    assert "高端人才住房" in client.get(project.get_absolute_url()).content.decode()
    assert user_for(NO_ROLE) is not None
