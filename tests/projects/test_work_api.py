"""Task forces, work plans and dispatch meetings through the API; filters; the schema.

A task force shows its leader, members with department and duty, the service
commissioner and the next meeting day; milestones carry the status derived from
their dates and can be filtered on it; a template applied adds the nodes a
project lacks; meetings and action items are saved through the services. Every
list is strict about its filters, paginated, and documented in the schema.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from liuyang.exceptions import ConflictError
from projects.choices import MeetingFrequency, MilestonePhase, MilestoneStatus, ProjectType
from projects.models import ActionItem, DispatchMeeting, Milestone, MilestoneTemplate, MilestoneTemplateItem
from projects.services import meetings
from tests.action_matrix import TablesSnapshot
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)
from tests.projects.test_work_api_permissions import WATCH, meeting_body

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


@pytest.fixture
def client(api_client, office):
    """The API client, signed in as the office."""
    api_client.force_login(office)
    return api_client


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:800]
    return response.json()


def assert_refused(response, *fields):
    assert response.status_code == 400, response.content.decode()[:800]
    errors = response.json()
    assert set(fields) <= set(errors), errors
    for field in fields:
        assert all(CJK.search(str(message)) for message in errors[field]), errors
    return errors


def ids(response):
    return {row["id"] for row in ok(response)["results"]}


# -- task forces -------------------------------------------------------------------------


def test_a_task_force_shows_leader_members_commissioner_and_next_meeting(client):
    commissioner = UserFactory(roles=[Role.SERVICE_COMMISSIONER], full_name="刘专员")
    project = ProjectFactory(service_commissioner=commissioner)
    leader = UserFactory(roles=[Role.CITY_LEADER], full_name="王市长")
    task_force = TaskForceFactory(
        project=project, leader=leader, meeting_frequency=MeetingFrequency.BIWEEKLY, meeting_weekday=2
    )
    unit = DepartmentFactory(name="市自然资源局")
    seated = TaskForceMemberFactory(task_force=task_force, unit=unit, duty="用地报批")
    own_unit = DepartmentFactory(name="市住建局")
    unseated = TaskForceMemberFactory(task_force=task_force, user__unit=own_unit, unit=None, duty="施工许可")
    DispatchMeetingFactory(task_force=task_force, held_on=days(-4))

    data = ok(client.get(reverse("api:task-force-detail", args=[task_force.pk])))
    assert (data["project"], data["project_code"], data["leader"], data["leader_name"]) == (
        project.pk,
        project.code,
        leader.pk,
        "王市长",
    )
    assert (data["service_commissioner"], data["service_commissioner_name"]) == (commissioner.pk, "刘专员")
    members = {m["user"]: m for m in data["members"]}
    assert (members[seated.user_id]["unit_name"], members[seated.user_id]["duty"]) == (
        "市自然资源局",
        "用地报批",
    )
    # a member without a seat unit represents their own unit
    assert (members[unseated.user_id]["unit"], members[unseated.user_id]["unit_name"]) == (None, "市住建局")
    assert data["meeting_frequency_display"] == "每两周" and data["meeting_weekday_display"] == "周三"
    assert data["last_meeting_on"] == days(-4).isoformat()
    assert data["next_meeting_on"] == meetings.next_meeting_date(task_force, TODAY()).isoformat()


@pytest.mark.parametrize("frequency", list(MeetingFrequency))
@pytest.mark.parametrize("last", [None, -40, -10, -1])
def test_the_next_meeting_day_is_the_service_rule(client, frequency, last):
    task_force = TaskForceFactory(meeting_frequency=frequency, meeting_weekday=4)
    if last is not None:
        DispatchMeetingFactory(task_force=task_force, held_on=days(last))
    data = ok(client.get(reverse("api:task-force-detail", args=[task_force.pk])))
    assert data["next_meeting_on"] == meetings.next_meeting_date(task_force, TODAY()).isoformat()


def test_task_force_filters(client):
    a, b = TaskForceFactory(), TaskForceFactory()
    member = TaskForceMemberFactory(task_force=a)
    url = reverse("api:task-force-list")
    assert ids(client.get(url, {"project": a.project_id})) == {a.pk}
    assert ids(client.get(url, {"member": member.user_id})) == {a.pk}
    assert ids(client.get(url, {"leader": b.leader_id})) == {b.pk}
    assert ids(client.get(url, {"town": b.project.town_id})) == {b.pk}
    assert ids(client.get(url, {"q": a.project.name})) == {a.pk}


def test_a_project_has_one_task_force_and_keeps_it(client):
    task_force, other = TaskForceFactory(), ProjectFactory()
    url = reverse("api:task-force-list")
    snapshot = TablesSnapshot(WATCH)
    errors = assert_refused(client.post(url, {"project": task_force.project_id}, format="json"), "project")
    assert errors["project"] == ["该项目已有专班。"]
    detail = reverse("api:task-force-detail", args=[task_force.pk])
    errors = assert_refused(client.patch(detail, {"project": other.pk}, format="json"), "project")
    assert errors["project"] == ["专班所属项目不能更改。"]
    snapshot.assert_unchanged()


def test_a_user_joins_a_task_force_once(client):
    member = TaskForceMemberFactory()
    url = reverse("api:task-force-member-list")
    snapshot = TablesSnapshot(WATCH)
    body = {"task_force": member.task_force_id, "user": member.user_id, "duty": "重复"}
    errors = assert_refused(client.post(url, body, format="json"), "user")
    assert errors["user"] == ["该用户已是这个专班的成员。"]
    snapshot.assert_unchanged()


def test_member_filters(client):
    a, b = TaskForceMemberFactory(), TaskForceMemberFactory(unit=DepartmentFactory())
    url = reverse("api:task-force-member-list")
    assert ids(client.get(url, {"task_force": a.task_force_id})) == {a.pk}
    assert ids(client.get(url, {"project": b.task_force.project_id})) == {b.pk}
    assert ids(client.get(url, {"user": a.user_id})) == {a.pk}
    assert ids(client.get(url, {"unit": b.unit_id})) == {b.pk}


def test_membership_given_through_the_api_lets_the_member_file_for_the_project(api_client, client):
    project = ProjectFactory()
    staff = UserFactory(roles=[Role.TASK_FORCE_STAFF])
    body = {"task_force": TaskForceFactory(project=project).pk, "user": staff.pk, "duty": "进度填报"}
    ok(client.post(reverse("api:task-force-member-list"), body, format="json"), 201)
    api_client.force_login(staff)
    milestone = {"project": project.pk, "name": "供电接入", "phase": MilestonePhase.CONSTRUCTION}
    ok(api_client.post(reverse("api:milestone-list"), milestone, format="json"), 201)


# -- work plans --------------------------------------------------------------------------


MILESTONES = reverse("api:milestone-list")


def test_milestone_status_is_derived_from_the_dates_and_filtered_on(client):
    project = ProjectFactory()
    done = MilestoneFactory(project=project, planned_date=days(-30), actual_date=days(-31))
    overdue = MilestoneFactory(project=project, planned_date=days(-1))
    started = MilestoneFactory(project=project, planned_date=days(10), started_on=days(-5))
    waiting = MilestoneFactory(project=project, planned_date=days(10))
    rows = {r["id"]: r for r in ok(client.get(MILESTONES, {"project": project.pk}))["results"]}
    assert {pk: (r["status"], r["status_display"]) for pk, r in rows.items()} == {
        done.pk: (MilestoneStatus.DONE, "已完成"),
        overdue.pk: (MilestoneStatus.OVERDUE, "已逾期"),
        started.pk: (MilestoneStatus.IN_PROGRESS, "进行中"),
        waiting.pk: (MilestoneStatus.NOT_STARTED, "未开始"),
    }
    assert ids(client.get(MILESTONES, {"status": MilestoneStatus.OVERDUE})) == {overdue.pk}
    both = {"status": [MilestoneStatus.DONE, MilestoneStatus.IN_PROGRESS]}
    assert ids(client.get(MILESTONES, both)) == {done.pk, started.pk}
    assert_refused(client.get(MILESTONES, {"status": "late"}), "status")


def test_milestone_filters(client):
    unit = DepartmentFactory()
    a = MilestoneFactory(phase=MilestonePhase.PRE_CONSTRUCTION, owner_unit=unit, planned_date=days(5))
    b = MilestoneFactory(phase=MilestonePhase.CONSTRUCTION, planned_date=days(60), name="竣工验收")
    assert ids(client.get(MILESTONES, {"project": a.project_id})) == {a.pk}
    assert ids(client.get(MILESTONES, {"phase": MilestonePhase.PRE_CONSTRUCTION})) == {a.pk}
    assert ids(client.get(MILESTONES, {"owner_unit": unit.pk})) == {a.pk}
    assert ids(client.get(MILESTONES, {"planned_after": days(30).isoformat()})) == {b.pk}
    assert ids(client.get(MILESTONES, {"planned_before": days(30).isoformat()})) == {a.pk}
    assert ids(client.get(MILESTONES, {"q": "竣工验收"})) == {b.pk}


def test_a_milestone_is_added_changed_and_deleted_with_history(client, office):
    project = ProjectFactory()
    body = {
        "project": project.pk,
        "name": "环评批复",
        "phase": MilestonePhase.PRE_CONSTRUCTION,
        "planned_date": days(20),
    }
    created = ok(client.post(MILESTONES, body, format="json"), 201)
    assert (created["status"], created["version"]) == (MilestoneStatus.NOT_STARTED, 1)
    url = reverse("api:milestone-detail", args=[created["id"]])
    changed = ok(client.patch(url, {"actual_date": TODAY(), "version": 1}, format="json"))
    assert (changed["status"], changed["version"]) == (MilestoneStatus.DONE, 2)
    assert client.delete(url).status_code == 204
    history = Milestone.history.filter(id=created["id"]).order_by("history_id")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", office),
        ("~", office),
        ("-", office),
    ]


def test_two_milestone_edits_from_the_same_version_the_second_is_refused(client):
    milestone = MilestoneFactory()
    url = reverse("api:milestone-detail", args=[milestone.pk])
    ok(client.patch(url, {"note": "第一次", "version": milestone.version}, format="json"))
    snapshot = TablesSnapshot(WATCH)
    response = client.patch(url, {"note": "第二次", "version": milestone.version}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == str(ConflictError.default_message)
    snapshot.assert_unchanged()
    milestone.refresh_from_db()
    assert milestone.note == "第一次"


BAD_MILESTONES = {
    "finished before it started": (
        lambda m: {"started_on": days(-5).isoformat(), "actual_date": days(-10).isoformat()},
        "actual_date",
    ),
    "an unknown phase": (lambda m: {"phase": "later"}, "phase"),
    "no name": (lambda m: {"name": ""}, "name"),
    "another project": (lambda m: {"project": ProjectFactory().pk}, "project"),
    "an unknown owner unit": (lambda m: {"owner_unit": 999999}, "owner_unit"),
}


@pytest.mark.parametrize("case", list(BAD_MILESTONES))
def test_a_bad_milestone_edit_is_refused_on_its_field(client, case):
    build, field = BAD_MILESTONES[case]
    milestone = MilestoneFactory()
    changes = build(milestone)
    snapshot = TablesSnapshot(WATCH)
    assert_refused(
        client.patch(reverse("api:milestone-detail", args=[milestone.pk]), changes, format="json"), field
    )
    snapshot.assert_unchanged()


def make_template(active=True):
    template = MilestoneTemplate.objects.create(
        name=f"产业项目工作方案{MilestoneTemplate.objects.count()}",
        project_type=ProjectType.INDUSTRIAL,
        is_active=active,
    )
    for order, (name, phase, offset) in enumerate(
        [
            ("土地征收", MilestonePhase.PRE_CONSTRUCTION, -90),
            ("规划设计", MilestonePhase.PRE_CONSTRUCTION, -60),
            ("主体施工", MilestonePhase.CONSTRUCTION, 120),
        ]
    ):
        MilestoneTemplateItem.objects.create(
            template=template, name=name, phase=phase, offset_days=offset, sort_order=order
        )
    return template


def test_a_template_adds_the_nodes_a_project_lacks_with_planned_dates(client):
    project = ProjectFactory(planned_start=datetime.date(2026, 3, 1))
    MilestoneFactory(project=project, name="规划设计")
    template = make_template()
    url = reverse("api:milestone-apply-template")
    created = ok(client.post(url, {"project": project.pk, "template": template.pk}, format="json"), 201)
    assert [(m["name"], m["planned_date"], m["owner_unit"]) for m in created] == [
        ("土地征收", "2025-12-01", project.responsible_unit_id),
        ("主体施工", "2026-06-29", project.responsible_unit_id),
    ]
    assert all(m["status"] for m in created)
    again = ok(client.post(url, {"project": project.pk, "template": template.pk}, format="json"), 201)
    assert again == []
    assert project.milestones.count() == 3


def test_an_inactive_template_is_refused(client):
    project, template = ProjectFactory(), make_template(active=False)
    snapshot = TablesSnapshot(WATCH)
    body = {"project": project.pk, "template": template.pk}
    errors = assert_refused(
        client.post(reverse("api:milestone-apply-template"), body, format="json"), "template"
    )
    assert errors["template"] == ["请选择启用的工作方案模板。"]
    snapshot.assert_unchanged()


def test_templates_list_their_items_and_filter(client):
    template = make_template()
    url = reverse("api:milestone-template-list")
    rows = ok(client.get(url, {"project_type": ProjectType.INDUSTRIAL, "is_active": "true"}))["results"]
    mine = next(r for r in rows if r["id"] == template.pk)
    assert [i["name"] for i in mine["items"]] == ["土地征收", "规划设计", "主体施工"]
    assert template.pk not in ids(client.get(url, {"project_type": ProjectType.LIVELIHOOD}))


# -- meetings and action items ---------------------------------------------------------------


MEETINGS = reverse("api:meeting-list")
ITEMS = reverse("api:action-item-list")


def test_a_task_force_member_records_a_meeting_with_attendees_and_items(api_client):
    member = TaskForceMemberFactory()
    api_client.force_login(member.user)
    body = meeting_body(member.task_force)
    meeting = ok(api_client.post(MEETINGS, body, format="json"), 201)
    assert set(meeting["attendees"]) == set(body["attendees"])
    assert len(meeting["attendee_names"]) == 2 and meeting["created_by"] == member.user_id
    assert meeting["project"] == member.task_force.project_id
    item = {"meeting": meeting["id"], "title": "协调供电接入", "due_date": days(7).isoformat()}
    created = ok(api_client.post(ITEMS, item, format="json"), 201)
    assert (created["project"], created["is_done"], created["is_overdue"]) == (
        meeting["project"],
        False,
        False,
    )
    shown = ok(api_client.get(reverse("api:meeting-detail", args=[meeting["id"]])))
    assert (shown["action_item_count"], shown["open_action_item_count"]) == (1, 1)
    closed = ok(
        api_client.patch(
            reverse("api:action-item-detail", args=[created["id"]]),
            {"done_on": TODAY().isoformat(), "version": created["version"]},
            format="json",
        )
    )
    assert closed["is_done"] is True
    shown = ok(api_client.get(reverse("api:meeting-detail", args=[meeting["id"]])))
    assert (shown["action_item_count"], shown["open_action_item_count"]) == (1, 0)


def test_attendees_are_replaced_only_when_sent(client):
    meeting = DispatchMeetingFactory()
    first, second = UserFactory(), UserFactory()
    meeting.attendees.set([first])
    url = reverse("api:meeting-detail", args=[meeting.pk])
    ok(client.patch(url, {"minutes": "改纪要"}, format="json"))
    assert list(meeting.attendees.all()) == [first]
    ok(client.patch(url, {"attendees": [second.pk]}, format="json"))
    assert list(meeting.attendees.all()) == [second]


def test_meeting_filters(client):
    a = DispatchMeetingFactory(held_on=days(-20))
    b = DispatchMeetingFactory(held_on=days(-2), decisions="本周完成用地报批")
    assert ids(client.get(MEETINGS, {"task_force": a.task_force_id})) == {a.pk}
    assert ids(client.get(MEETINGS, {"project": b.task_force.project_id})) == {b.pk}
    assert ids(client.get(MEETINGS, {"held_after": days(-10).isoformat()})) == {b.pk}
    assert ids(client.get(MEETINGS, {"held_before": days(-10).isoformat()})) == {a.pk}
    assert ids(client.get(MEETINGS, {"q": "用地报批"})) == {b.pk}


def test_action_item_filters(client):
    unit = DepartmentFactory()
    meeting = DispatchMeetingFactory(held_on=days(-20))
    late = ActionItem.objects.create(meeting=meeting, title="逾期事项", due_date=days(-1), owner_unit=unit)
    done = ActionItem.objects.create(meeting=meeting, title="已办结", due_date=days(-5), done_on=days(-6))
    other = ActionItem.objects.create(meeting=DispatchMeetingFactory(), title="未到期", due_date=days(5))
    assert ids(client.get(ITEMS, {"overdue": "true"})) == {late.pk}
    assert ids(client.get(ITEMS, {"overdue": "false"})) == {done.pk, other.pk}
    assert ids(client.get(ITEMS, {"done": "true"})) == {done.pk}
    assert ids(client.get(ITEMS, {"done": "false"})) == {late.pk, other.pk}
    assert ids(client.get(ITEMS, {"owner_unit": unit.pk})) == {late.pk}
    assert ids(client.get(ITEMS, {"meeting": meeting.pk})) == {late.pk, done.pk}
    assert ids(client.get(ITEMS, {"project": other.meeting.task_force.project_id})) == {other.pk}
    rows = {r["id"]: r["is_overdue"] for r in ok(client.get(ITEMS))["results"]}
    assert rows == {late.pk: True, done.pk: False, other.pk: False}


BAD_ITEMS = {
    "done before the meeting": ({"done_on": "held_on-1"}, "done_on"),
    "no title": ({"title": ""}, "title"),
    "no due date": ({"due_date": None}, "due_date"),
    "another meeting": ({"meeting": "other"}, "meeting"),
}


@pytest.mark.parametrize("case", list(BAD_ITEMS))
def test_a_bad_action_item_edit_is_refused_on_its_field(client, case):
    changes, field = BAD_ITEMS[case]
    meeting = DispatchMeetingFactory()
    item = ActionItem.objects.create(meeting=meeting, title="事项", due_date=days(3))
    values = {
        "held_on-1": (meeting.held_on - datetime.timedelta(days=1)).isoformat(),
        "other": DispatchMeetingFactory().pk,
    }
    body = {k: values.get(v, v) for k, v in changes.items()}
    snapshot = TablesSnapshot(WATCH)
    assert_refused(
        client.patch(reverse("api:action-item-detail", args=[item.pk]), body, format="json"), field
    )
    snapshot.assert_unchanged()


def test_two_meeting_edits_from_the_same_version_the_second_is_refused(client):
    meeting = DispatchMeetingFactory()
    url = reverse("api:meeting-detail", args=[meeting.pk])
    ok(client.patch(url, {"decisions": "第一次", "version": meeting.version}, format="json"))
    response = client.patch(url, {"decisions": "第二次", "version": meeting.version}, format="json")
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.decisions == "第一次"


def test_a_meeting_is_not_moved_to_another_task_force(client):
    meeting = DispatchMeetingFactory()
    body = {"task_force": TaskForceFactory().pk}
    snapshot = TablesSnapshot(WATCH)
    assert_refused(
        client.patch(reverse("api:meeting-detail", args=[meeting.pk]), body, format="json"), "task_force"
    )
    snapshot.assert_unchanged()
    assert DispatchMeeting.objects.get(pk=meeting.pk).task_force_id == meeting.task_force_id


# -- every list: strict, paginated ------------------------------------------------------------

LISTS = [
    "api:task-force-list",
    "api:task-force-member-list",
    "api:milestone-template-list",
    "api:milestone-list",
    "api:progress-report-list",
    "api:report-photo-list",
    "api:project-light-list",
    "api:meeting-list",
    "api:action-item-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_filter_parameter_is_refused(client, name):
    errors = assert_refused(client.get(reverse(name), {"statu": "x"}), "statu")
    assert errors["statu"] == ["未知的筛选参数“statu”。"]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_paginated(client, name):
    data = ok(client.get(reverse(name), {"page_size": 1}))
    assert {"count", "next", "previous", "results"} <= set(data)


# -- the schema --------------------------------------------------------------------------------

WORK_PATHS = {
    "/api/task-forces/",
    "/api/task-forces/{id}/",
    "/api/task-force-members/",
    "/api/task-force-members/{id}/",
    "/api/milestone-templates/",
    "/api/milestones/",
    "/api/milestones/{id}/",
    "/api/milestones/apply-template/",
    "/api/progress-reports/",
    "/api/progress-reports/{id}/",
    "/api/progress-reports/{id}/submit/",
    "/api/progress-reports/{id}/accept/",
    "/api/progress-reports/{id}/return/",
    "/api/progress-reports/{id}/photos/",
    "/api/report-photos/",
    "/api/report-photos/{id}/",
    "/api/project-lights/",
    "/api/project-lights/{id}/",
    "/api/meetings/",
    "/api/meetings/{id}/",
    "/api/action-items/",
    "/api/action-items/{id}/",
}


def test_the_schema_documents_every_endpoint_its_filters_and_bodies(client):
    schema = ok(client.get(reverse("schema"), {"format": "json"}))
    paths = schema["paths"]
    assert set(paths) >= WORK_PATHS
    filters = {p["name"] for p in paths["/api/progress-reports/"]["get"]["parameters"]}
    assert {
        "project",
        "status",
        "frequency",
        "period_after",
        "period_before",
        "town",
        "industry",
        "q",
    } <= filters
    filters = {p["name"] for p in paths["/api/milestones/"]["get"]["parameters"]}
    assert {"project", "phase", "status", "owner_unit", "planned_after", "planned_before"} <= filters
    filters = {p["name"] for p in paths["/api/project-lights/"]["get"]["parameters"]}
    assert {"light", "stage", "town"} <= filters
    filters = {p["name"] for p in paths["/api/action-items/"]["get"]["parameters"]}
    assert {"meeting", "project", "owner_unit", "overdue", "done"} <= filters
    upload = paths["/api/progress-reports/{id}/photos/"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}
    returned = paths["/api/progress-reports/{id}/return/"]["post"]["requestBody"]["content"]
    assert returned["application/json"]["schema"]["$ref"].endswith("/ReturnRequest")
    assert "delete" not in paths["/api/progress-reports/{id}/"]
    assert "delete" not in paths["/api/task-forces/{id}/"]
    report = schema["components"]["schemas"]["ProgressReport"]["properties"]
    assert {"period_total", "cumulative_total", "cumulative_ytd", "photos", "version"} <= set(report)


def test_the_api_root_lists_the_endpoints(client):
    root = ok(client.get(reverse("api:api-root")))
    assert {
        "task-forces",
        "milestones",
        "progress-reports",
        "project-lights",
        "meetings",
        "action-items",
    } <= set(root)


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "schema.yml"))
