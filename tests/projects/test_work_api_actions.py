"""Who may perform the actions of the task-force, report and work-plan API, and a refusal changes
nothing (the permission matrices of the plain endpoints are in test_work_api_permissions).

Filing (submit, upload a photo, apply a template): the office and, for a project in their
row scope, task-force staff, department staff and the service commissioner. Reviewing
(accept, return): the office only, even against in-scope staff. A member of another task
force gets 403 on every write of every endpoint and no watched table changes. Every role
reads every list; a user without a role gets 403, an anonymous caller 401.
"""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from projects.choices import MilestonePhase, ReportStatus
from projects.models import ActionItem, MilestoneTemplate, MilestoneTemplateItem
from tests.action_matrix import ANONYMOUS, NO_ROLE, SUPERUSER, matrix, perform, user_for
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceMemberFactory,
    UserFactory,
)
from tests.projects.test_work_api_permissions import (
    SCOPED_ROLES,
    WATCH,
    add_photo,
    link,
    meeting_body,
    outsiders_project,
    png,
    this_month,
)

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# -- actions: who may, and a refusal changes nothing -----------------------------------------

#: in-scope staff and the office succeed ("done"), the readers and users without a role are refused
FILERS = matrix(
    default=403,
    **{
        Role.KEY_OFFICE: "done",
        SUPERUSER: "done",
        **dict.fromkeys(SCOPED_ROLES, "done"),
        ANONYMOUS: 401,
    },
)
OFFICE_ONLY = matrix(default=403, **{Role.KEY_OFFICE: "done", SUPERUSER: "done", ANONYMOUS: 401})


def signed_in(who, project):
    """A user of this kind with ``project`` in their row scope (None for anonymous)."""
    user = user_for(who, unit=DepartmentFactory()) if who != ANONYMOUS else None
    if user is not None:
        link(project, user, who)
    return user


def report_action(name, body, **report_fields):
    def build():
        report = ProgressReportFactory(project=outsiders_project(), **report_fields)
        return report.project, reverse(f"api:progress-report-{name}", args=[report.pk]), body, "json"

    return build


def photo_upload():
    report = ProgressReportFactory(project=outsiders_project(), status=ReportStatus.DRAFT)
    url = reverse("api:progress-report-add-photo", args=[report.pk])
    return report.project, url, {"photo": png(), "caption": "主体施工"}, "multipart"


def apply_template():
    project = outsiders_project()
    template = MilestoneTemplate.objects.create(name=f"产业项目模板{next(_names)}")
    for order, name in enumerate(["土地征收", "规划设计", "环评安评"]):
        MilestoneTemplateItem.objects.create(
            template=template, name=name, phase=MilestonePhase.PRE_CONSTRUCTION, sort_order=order
        )
    body = {"project": project.pk, "template": template.pk}
    return project, reverse("api:milestone-apply-template"), body, "json"


FILER_ACTIONS = {
    "submit": (report_action("submit", {}, status=ReportStatus.DRAFT), 200),
    "upload a photo": (photo_upload, 201),
    "apply a template": (apply_template, 201),
}
REVIEW_ACTIONS = {
    "accept": (report_action("accept", {"comment": "数据属实"}), 200),
    "return": (report_action("return", {"comment": "请补充设备购置发票"}), 200),
}


def send(url, body, kind):
    if kind == "multipart":
        return lambda c: c.post(url, body, format="multipart")
    return lambda c: c.post(url, body, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(FILER_ACTIONS))
@pytest.mark.parametrize("who, outcome", FILERS)
def test_in_scope_staff_and_the_office_perform_filing_actions(api_client, action, who, outcome):
    build, success = FILER_ACTIONS[action]
    project, url, body, kind = build()
    user = signed_in(who, project)
    expected = success if outcome == "done" else outcome
    perform(api_client, who, expected, send(url, body, kind), watch=WATCH, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(REVIEW_ACTIONS))
@pytest.mark.parametrize("who, outcome", OFFICE_ONLY)
def test_only_the_office_reviews_reports_even_against_in_scope_staff(api_client, action, who, outcome):
    build, success = REVIEW_ACTIONS[action]
    project, url, body, kind = build()
    user = signed_in(who, project)
    expected = success if outcome == "done" else outcome
    response = perform(api_client, who, expected, send(url, body, kind), watch=WATCH, user=user)
    if expected == success:
        wanted = ReportStatus.ACCEPTED if action == "accept" else ReportStatus.RETURNED
        assert response.json()["status"] == wanted


# -- a member of another task force: 403 on every write, nothing changes ---------------------


def _report(**fields):
    return ProgressReportFactory(project=outsiders_project(), **fields)


def _meeting():
    return DispatchMeetingFactory(task_force=outsiders_project().task_force)


def _item():
    meeting = _meeting()
    return ActionItem.objects.create(meeting=meeting, title="协调", due_date=timezone.localdate())


def _j(method, url, body=None):
    return lambda c: getattr(c, method)(url, body or {}, format="json")


def _multipart(url, body):
    return lambda c: c.post(url, body, format="multipart")


def _detail(name, obj):
    return reverse(f"api:{name}-detail", args=[obj.pk])


OTHER_MEMBER_WRITES = {
    "file a report": lambda: _j(
        "post",
        reverse("api:progress-report-list"),
        {
            "project": outsiders_project().pk,
            "period_start": this_month().isoformat(),
            "physical_progress": "x",
            "percent_complete": "1",
        },
    ),
    "edit a report": lambda: _j("patch", _detail("progress-report", _report()), {"construction": "1"}),
    "submit a report": lambda: _j(
        "post", reverse("api:progress-report-submit", args=[_report(status=ReportStatus.DRAFT).pk])
    ),
    "accept a report": lambda: _j("post", reverse("api:progress-report-accept", args=[_report().pk])),
    "return a report": lambda: _j(
        "post", reverse("api:progress-report-return", args=[_report().pk]), {"comment": "退回"}
    ),
    "upload a photo": lambda: _multipart(
        reverse("api:progress-report-add-photo", args=[_report().pk]), {"photo": png()}
    ),
    "delete a photo": lambda: _j("delete", _detail("report-photo", add_photo(_report()))),
    "add a milestone": lambda: _j(
        "post",
        reverse("api:milestone-list"),
        {"project": outsiders_project().pk, "name": "节点", "phase": MilestonePhase.CONSTRUCTION},
    ),
    "edit a milestone": lambda: _j(
        "patch", _detail("milestone", MilestoneFactory(project=outsiders_project())), {"name": "改"}
    ),
    "delete a milestone": lambda: _j(
        "delete", _detail("milestone", MilestoneFactory(project=outsiders_project()))
    ),
    "apply a template": lambda: _j("post", *apply_template()[1:3]),
    "record a meeting": lambda: _j(
        "post", reverse("api:meeting-list"), meeting_body(outsiders_project().task_force)
    ),
    "edit a meeting": lambda: _j("patch", _detail("meeting", _meeting()), {"minutes": "改"}),
    "delete a meeting": lambda: _j("delete", _detail("meeting", _meeting())),
    "add an action item": lambda: _j(
        "post",
        reverse("api:action-item-list"),
        {"meeting": _meeting().pk, "title": "事项", "due_date": timezone.localdate().isoformat()},
    ),
    "close an action item": lambda: _j(
        "patch", _detail("action-item", _item()), {"done_on": timezone.localdate().isoformat()}
    ),
    "delete an action item": lambda: _j("delete", _detail("action-item", _item())),
    "edit a task force": lambda: _j(
        "patch", _detail("task-force", outsiders_project().task_force), {"name": "改"}
    ),
    "join a task force": lambda: _j(
        "post",
        reverse("api:task-force-member-list"),
        {"task_force": outsiders_project().task_force.pk, "user": UserFactory().pk},
    ),
    "remove a member": lambda: _j(
        "delete", _detail("task-force-member", outsiders_project().task_force.members.get())
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", list(OTHER_MEMBER_WRITES))
def test_a_member_of_another_task_force_is_refused_every_write_and_nothing_changes(api_client, write):
    member = TaskForceMemberFactory(task_force__project=ProjectFactory()).user
    request = OTHER_MEMBER_WRITES[write]()
    perform(api_client, Role.TASK_FORCE_STAFF, 403, request, watch=WATCH, user=member)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "task-force",
        "task-force-member",
        "milestone-template",
        "milestone",
        "progress-report",
        "report-photo",
        "project-light",
        "meeting",
        "action-item",
    ],
)
@pytest.mark.parametrize("who, status", matrix(default=200, **{NO_ROLE: 403, ANONYMOUS: 401}))
def test_every_list_is_read_by_every_role(api_client, name, who, status):
    perform(api_client, who, status, lambda c: c.get(reverse(f"api:{name}-list")))
