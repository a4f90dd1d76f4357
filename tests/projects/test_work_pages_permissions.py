"""The permission matrix of every task-force page and action.

Everyone with a role reads; a user without a role gets 403; anonymous users go to the login page.
The office writes everything. Staff of the project's task force, department staff of its
responsible unit and its service commissioner file its reports, keep its work plan and record its
dispatch meetings and action items. Only the office sets up task forces and members, and reviews
reports. A member of *another* task force (and another department's staff, another project's
commissioner) gets 403 on every write, and nothing changes.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from projects.choices import ReportStatus
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)
from tests.action_matrix import ANONYMOUS, LOGIN, NO_ROLE, SUPERUSER, matrix, perform, user_for
from tests.factories import DepartmentFactory, UserFactory
from tests.projects import test_work_pages as shared
from tests.projects.test_work_pages import in_scope, out_of_scope, report_data, this_period, today

pytestmark = pytest.mark.django_db

# fixtures shared with the page tests
media, work = shared.media, shared.work

WATCH = [
    ProgressReport,
    ReportPhoto,
    Milestone,
    DispatchMeeting,
    DispatchMeeting.attendees.through,
    ActionItem,
    TaskForceMember,
    TaskForce,
    Project,
]

SCOPED = (Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER)
OTHERS = ("other_task_force", "other_department", "other_commissioner")

READ = matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: LOGIN})


def writers(ok, roles=SCOPED):
    """The office, superusers and ``roles`` get ``ok``; other roles 403; anonymous the login page."""
    allowed = dict.fromkeys((Role.KEY_OFFICE, SUPERUSER, *roles), ok)
    return matrix(default=403, **{ANONYMOUS: LOGIN, **allowed})


def actor(who, work):
    """A user of this kind, brought into the project's row scope when the role has one."""
    return in_scope(who, work) if who in SCOPED else user_for(who)


# -- pages that read ---------------------------------------------------------------------------

READ_PAGES = {
    "my_projects": lambda w: reverse("projects:my_projects"),
    "project_list": lambda w: reverse("projects:project_list"),
    "project_detail": lambda w: w.project.get_absolute_url(),
    "task_force": lambda w: reverse("projects:task_force", args=[w.project.pk]),
    "report_list": lambda w: reverse("projects:report_list", args=[w.project.pk]),
    "report_detail": lambda w: w.report.get_absolute_url(),
    "reports_attention": lambda w: reverse("projects:reports_attention"),
    "meeting_detail": lambda w: w.meeting.get_absolute_url(),
    "photo": lambda w: reverse("projects:photo", args=[w.photo.pk, "thumbnail"]),
}


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize("who, status", READ)
def test_every_role_reads_the_task_force_pages(client, work, page, who, status):
    perform(client, who, status, lambda c: c.get(READ_PAGES[page](work)), watch=WATCH, user=actor(who, work))


# -- form pages (GET) ----------------------------------------------------------------------------

FORM_PAGES = {
    "report_new": (lambda w: reverse("projects:report_new", args=[w.project.pk]), Role.values),
    "report_edit": (lambda w: reverse("projects:report_edit", args=[w.report.pk]), Role.values),
    "milestone_add": (lambda w: reverse("projects:milestone_add", args=[w.project.pk]), Role.values),
    "milestone_edit": (lambda w: reverse("projects:milestone_edit", args=[w.milestone.pk]), Role.values),
    "milestone_delete": (lambda w: reverse("projects:milestone_delete", args=[w.milestone.pk]), Role.values),
    "meeting_new": (lambda w: reverse("projects:meeting_new", args=[w.project.pk]), Role.values),
    "meeting_edit": (lambda w: reverse("projects:meeting_edit", args=[w.meeting.pk]), Role.values),
    "action_item_edit": (lambda w: reverse("projects:action_item_edit", args=[w.item.pk]), Role.values),
    "task_force_edit": (
        lambda w: reverse("projects:task_force_edit", args=[w.project.pk]),
        (Role.KEY_OFFICE,),
    ),
}

FORM_PAGE_CASES = [
    pytest.param(page, *param.values, id=f"{page}-{param.id}")
    for page, (_, roles) in FORM_PAGES.items()
    for param in writers(200, [r for r in roles if r in SCOPED])
]


@pytest.mark.parametrize("page, who, status", FORM_PAGE_CASES)
def test_only_those_who_may_write_open_the_form_pages(client, work, page, who, status):
    url = FORM_PAGES[page][0](work)
    perform(client, who, status, lambda c: c.get(url), watch=WATCH, user=actor(who, work))


# -- actions (POST) --------------------------------------------------------------------------------


def milestone_body(w):
    return {
        "version": w.milestone.version,
        "name": "主体封顶（调整）",
        "phase": "construction",
        "planned_date": "2027-05-01",
    }


def meeting_body(w):
    return {
        "version": w.meeting.version,
        "held_on": w.meeting.held_on.isoformat(),
        "minutes": "修订纪要",
        "attendees": [],
    }


def item_body(w):
    return {
        "version": w.item.version,
        "title": "协调供电接入（加急）",
        "due_date": w.item.due_date.isoformat(),
    }


#: action → (url, body, check of the effect, the roles besides the office that may)
ACTIONS = {
    "report_new": (
        lambda w: reverse("projects:report_new", args=[w.project.pk]),
        lambda w: report_data(),
        lambda w: ProgressReport.objects.filter(project=w.project, period_start=this_period()).exists(),
        SCOPED,
    ),
    "report_edit": (
        lambda w: reverse("projects:report_edit", args=[w.report.pk]),
        lambda w: report_data(version=w.report.version, percent_complete="55"),
        lambda w: ProgressReport.objects.get(pk=w.report.pk).percent_complete == 55,
        SCOPED,
    ),
    "photo_delete": (
        lambda w: reverse("projects:photo_delete", args=[w.photo.pk]),
        lambda w: {},
        lambda w: not ReportPhoto.objects.filter(pk=w.photo.pk).exists(),
        SCOPED,
    ),
    "report_accept": (
        lambda w: reverse("projects:report_accept", args=[w.report.pk]),
        lambda w: {"accept-comment": "属实"},
        lambda w: ProgressReport.objects.get(pk=w.report.pk).status == ReportStatus.ACCEPTED,
        (),
    ),
    "report_return": (
        lambda w: reverse("projects:report_return", args=[w.report.pk]),
        lambda w: {"return-comment": "请补充发票依据"},
        lambda w: ProgressReport.objects.get(pk=w.report.pk).status == ReportStatus.RETURNED,
        (),
    ),
    "milestone_add": (
        lambda w: reverse("projects:milestone_add", args=[w.project.pk]),
        lambda w: {"name": "竣工验收", "phase": "construction", "planned_date": "2027-06-30"},
        lambda w: w.project.milestones.filter(name="竣工验收").exists(),
        SCOPED,
    ),
    "milestone_edit": (
        lambda w: reverse("projects:milestone_edit", args=[w.milestone.pk]),
        milestone_body,
        lambda w: Milestone.objects.get(pk=w.milestone.pk).name == "主体封顶（调整）",
        SCOPED,
    ),
    "milestone_delete": (
        lambda w: reverse("projects:milestone_delete", args=[w.milestone.pk]),
        lambda w: {"change_reason": "合并"},
        lambda w: not Milestone.objects.filter(pk=w.milestone.pk).exists(),
        SCOPED,
    ),
    "apply_template": (
        lambda w: reverse("projects:apply_template", args=[w.project.pk]),
        lambda w: {"template": w.template.pk},
        lambda w: w.project.milestones.count() > 1,
        SCOPED,
    ),
    "meeting_new": (
        lambda w: reverse("projects:meeting_new", args=[w.project.pk]),
        lambda w: {"held_on": today().isoformat(), "minutes": "新一次调度会"},
        lambda w: DispatchMeeting.objects.filter(minutes="新一次调度会").exists(),
        SCOPED,
    ),
    "meeting_edit": (
        lambda w: reverse("projects:meeting_edit", args=[w.meeting.pk]),
        meeting_body,
        lambda w: DispatchMeeting.objects.get(pk=w.meeting.pk).minutes == "修订纪要",
        SCOPED,
    ),
    "action_item_add": (
        lambda w: reverse("projects:action_item_add", args=[w.meeting.pk]),
        lambda w: {
            "item-title": "报送用地指标",
            "item-due_date": (today() + datetime.timedelta(days=5)).isoformat(),
        },
        lambda w: w.meeting.action_items.filter(title="报送用地指标").exists(),
        SCOPED,
    ),
    "action_item_edit": (
        lambda w: reverse("projects:action_item_edit", args=[w.item.pk]),
        item_body,
        lambda w: ActionItem.objects.get(pk=w.item.pk).title == "协调供电接入（加急）",
        SCOPED,
    ),
    "action_item_done": (
        lambda w: reverse("projects:action_item_done", args=[w.item.pk]),
        lambda w: {"version": w.item.version},
        lambda w: ActionItem.objects.get(pk=w.item.pk).done_on == today(),
        SCOPED,
    ),
    "task_force_edit": (
        lambda w: reverse("projects:task_force_edit", args=[w.project.pk]),
        lambda w: {"name": "调整后的专班", "meeting_frequency": "monthly", "meeting_weekday": "2"},
        lambda w: TaskForce.objects.get(pk=w.task_force.pk).name == "调整后的专班",
        (),
    ),
    "member_add": (
        lambda w: reverse("projects:member_add", args=[w.project.pk]),
        lambda w: {
            "user": UserFactory(username="newcomer", roles=[Role.TASK_FORCE_STAFF]).pk,
            "unit": DepartmentFactory().pk,
            "duty": "协调",
        },
        lambda w: w.task_force.members.filter(user__username="newcomer").exists(),
        (),
    ),
    "member_remove": (
        lambda w: reverse("projects:member_remove", args=[w.task_force.members.get(user=w.member).pk]),
        lambda w: {},
        lambda w: not w.task_force.members.filter(user=w.member).exists(),
        (),
    ),
}

ACTION_CASES = [
    pytest.param(action, *param.values, id=f"{action}-{param.id}")
    for action, spec in ACTIONS.items()
    for param in writers(302, spec[3])
]


@pytest.mark.parametrize("action, who, status", ACTION_CASES)
def test_actions_by_role(client, work, action, who, status):
    url, body, check, _roles = ACTIONS[action]
    user = actor(who, work)
    sent = body(work)  # built before the snapshot: it may create the rows it refers to
    response = perform(client, who, status, lambda c: c.post(url(work), sent), watch=WATCH, user=user)
    if status == 302:
        assert check(work), f"{action} by {who} answered 302 but did not take effect"
        assert response["Location"] and "/login/" not in response["Location"]


# -- another task force's member (and another project's people) -------------------------------------


@pytest.mark.parametrize("kind", OTHERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_people_of_another_project_are_refused_every_write_and_nothing_changes(client, work, kind, action):
    url, body, _check, _roles = ACTIONS[action]
    user = out_of_scope(kind, work)
    sent = body(work)
    perform(client, kind, 403, lambda c: c.post(url(work), sent), watch=WATCH, user=user)


@pytest.mark.parametrize("kind", OTHERS)
@pytest.mark.parametrize("page", FORM_PAGES)
def test_people_of_another_project_cannot_open_its_form_pages(client, work, kind, page):
    user = out_of_scope(kind, work)
    perform(client, kind, 403, lambda c: c.get(FORM_PAGES[page][0](work)), watch=WATCH, user=user)


def test_another_task_force_member_sees_no_write_buttons(client, work):
    client.force_login(out_of_scope("other_task_force", work))
    for url in (
        reverse("projects:task_force", args=[work.project.pk]),
        work.report.get_absolute_url(),
        work.meeting.get_absolute_url(),
    ):
        text = client.get(url).content.decode()
        for write in (
            reverse("projects:report_edit", args=[work.report.pk]),
            reverse("projects:milestone_add", args=[work.project.pk]),
            reverse("projects:meeting_new", args=[work.project.pk]),
            reverse("projects:meeting_edit", args=[work.meeting.pk]),
            reverse("projects:action_item_done", args=[work.item.pk]),
            reverse("projects:report_return", args=[work.report.pk]),
        ):
            assert write not in text, (url, write)
