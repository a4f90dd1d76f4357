"""The ledger API (问题清零): raising, the actions, the office's edits, and the helpers the other
API tests share.

Raising (JSON) and turning an action item into an issue answer 201 with the issue; bad input
(unknown id, unknown field, deadline before today, a complex issue without its leader) is a
400 keyed by field and saves nothing. Resolving takes multipart evidence: none, or a file that
is not a real PDF/JPEG/PNG, is a 400. A stale ``version`` is a 409 and changes nothing. The
schema stays warning-free. Who may do what is in test_api_permissions, query counts in
test_api_query_counts.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from issues.choices import IssueLevel, IssueNature, IssueStatus, JournalKind
from issues.models import IssueCategory, IssueEvidence, IssueJournal, LedgerIssue
from issues.services import ledger
from notifications.models import Notification
from projects.models import ActionItem
from tests.action_matrix import TablesSnapshot
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

#: every table the ledger's writes touch (their history tables are watched too)
WATCH = [LedgerIssue, IssueJournal, IssueEvidence, Notification]


# -- helpers the other API tests share ------------------------------------------------------


def today():
    return timezone.localdate()


def later(days=10):
    return today() + datetime.timedelta(days=days)


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
    )


def fake(name="伪装.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def rows(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


def issue_url(issue, action=None):
    if action is None:
        return reverse("api:issue-detail", args=[issue.pk])
    return reverse(f"api:issue-{action}", args=[issue.pk])


class Scene:
    """A project with its task force, a responsible unit with a staff member, another unit, the
    office, a city leader, and a category."""

    def __init__(self):
        self.unit = DepartmentFactory(name="测试供电部门")
        self.other_unit = DepartmentFactory(name="测试其他部门")
        self.project = ProjectFactory(service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]))
        self.commissioner = self.project.service_commissioner
        self.task_force = TaskForceFactory(project=self.project)
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.leader = UserFactory(roles=[Role.CITY_LEADER])
        self.member = UserFactory(roles=[Role.TASK_FORCE_STAFF])
        TaskForceMemberFactory(task_force=self.task_force, user=self.member)
        self.handler = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.unit)
        self.outsider = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.other_unit)
        self.category = IssueCategory.objects.create(name="测试配套问题")

    def raise_(self, user=None, **fields):
        fields.setdefault("title", "高压线迁改影响场平")
        fields.setdefault("deadline", later())
        return ledger.raise_issue(
            user or self.office,
            project=fields.pop("project", self.project),
            category=self.category,
            responsible_unit=fields.pop("responsible_unit", self.unit),
            **fields,
        )

    def pending(self, **fields):
        issue = self.raise_(**fields)
        return ledger.resolve(self.handler, issue, resolution="已迁改完成", files=[pdf()])

    def closed(self, **fields):
        issue = self.pending(**fields)
        return ledger.verify(self.office, issue, accept=True, note="现场核实")

    def body(self, **fields):
        data = {
            "project": self.project.pk,
            "title": "用地指标未落实",
            "description": "项目二期用地指标待调剂",
            "category": self.category.pk,
            "responsible_unit": self.unit.pk,
            "deadline": later().isoformat(),
        }
        data.update(fields)
        return data


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(db):
    return Scene()


# -- raising ----------------------------------------------------------------------------------------


def test_the_office_raises_an_issue_routed_by_its_nature(scene):
    client = client_for(scene.office)
    response = client.post(
        reverse("api:issue-list"),
        scene.body(nature=IssueNature.COMPLEX, leader=scene.leader.pk, responsible_person=scene.handler.pk),
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    issue = LedgerIssue.objects.get(pk=data["id"])
    assert issue.raised_by == scene.office and issue.leader == scene.leader
    assert data["level"] == IssueLevel.LEADER and data["level_display"] == "市级领导领办"
    assert data["status"] == IssueStatus.ASSIGNED and data["status_display"] == "交办"
    assert data["is_overdue"] is False and data["journal_count"] == 1
    assert data["evidence"] == [] and data["escalations"] == []
    assert issue.journal.get().kind == JournalKind.RAISED
    assert Notification.objects.filter(recipient=scene.handler, key=f"issue:{issue.pk}:assigned").exists()


def test_a_task_force_member_raises_on_their_project(scene):
    response = client_for(scene.member).post(reverse("api:issue-list"), scene.body(), format="json")
    assert response.status_code == 201, response.content
    assert LedgerIssue.objects.get().raised_by == scene.member


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"project": 999999}, "project"),
        ({"category": 999999}, "category"),
        ({"responsible_unit": 999999}, "responsible_unit"),
        ({"responsible_person": 999999}, "responsible_person"),
        ({"nature": "urgent"}, "nature"),
        ({"deadline": "2026-13-01"}, "deadline"),
        ({"title": ""}, "title"),
        ({"colour": "red"}, "colour"),
        ({"source": "action_item"}, "source"),
    ],
)
def test_raising_with_bad_input_is_a_400_and_saves_nothing(scene, fields, field):
    snapshot = TablesSnapshot(WATCH)
    response = client_for(scene.office).post(reverse("api:issue-list"), scene.body(**fields), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    snapshot.assert_unchanged()


def test_the_ledger_rules_are_400s_keyed_by_field(scene):
    client = client_for(scene.office)
    snapshot = TablesSnapshot(WATCH)
    cases = [
        ({"deadline": (today() - datetime.timedelta(days=1)).isoformat()}, "deadline"),
        ({"nature": IssueNature.COMPLEX}, "leader"),
        ({"nature": IssueNature.COMPLEX, "leader": scene.handler.pk}, "leader"),
        ({"responsible_person": scene.outsider.pk}, "responsible_person"),
    ]
    for fields, field in cases:
        response = client.post(reverse("api:issue-list"), scene.body(**fields), format="json")
        assert response.status_code == 400, (fields, response.content)
        assert field in response.json(), (fields, response.json())
    snapshot.assert_unchanged()


def test_an_action_item_becomes_an_issue_once(scene):
    meeting = DispatchMeetingFactory(task_force=scene.task_force)
    item = ActionItem.objects.create(
        meeting=meeting, title="协调电力迁改", owner=scene.handler, owner_unit=scene.unit, due_date=later(5)
    )
    client = client_for(scene.office)
    url = reverse("api:issue-from-action-item")
    response = client.post(url, {"action_item": item.pk, "category": scene.category.pk}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["action_item"] == item.pk and data["source"] == "action_item"
    assert data["responsible_unit"] == scene.unit.pk and data["responsible_person"] == scene.handler.pk
    assert data["deadline"] == later(5).isoformat()
    snapshot = TablesSnapshot(WATCH)
    again = client.post(url, {"action_item": item.pk, "category": scene.category.pk}, format="json")
    assert again.status_code == 400 and "action_item" in again.json()
    unknown = client.post(url, {"action_item": 999999, "category": scene.category.pk}, format="json")
    assert unknown.status_code == 400 and "action_item" in unknown.json()
    snapshot.assert_unchanged()


def test_an_action_item_of_a_project_the_user_does_not_work_on_is_refused(scene):
    other = ProjectFactory()
    meeting = DispatchMeetingFactory(task_force=TaskForceFactory(project=other))
    item = ActionItem.objects.create(meeting=meeting, title="别的项目的事项", due_date=later(5))
    response = client_for(scene.member).post(
        reverse("api:issue-from-action-item"),
        {"action_item": item.pk, "category": scene.category.pk},
        format="json",
    )
    assert response.status_code == 403, response.content
    assert not LedgerIssue.objects.exists()


# -- handling: update, resolve, verify, reopen, list -----------------------------------------------


def test_progress_moves_an_assigned_issue_into_handling(scene):
    issue = scene.raise_()
    response = client_for(scene.handler).post(
        issue_url(issue, "update"), {"text": "已对接供电公司", "version": issue.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == IssueStatus.IN_PROGRESS
    assert list(issue.journal.order_by("pk").values_list("kind", flat=True)) == [
        JournalKind.RAISED,
        JournalKind.ACCEPTED,
        JournalKind.UPDATE,
    ]


def test_an_empty_update_is_a_400(scene):
    issue = scene.raise_()
    snapshot = TablesSnapshot(WATCH)
    response = client_for(scene.handler).post(issue_url(issue, "update"), {"text": "  "}, format="json")
    assert response.status_code == 400 and "text" in response.json()
    snapshot.assert_unchanged()


def test_resolving_with_evidence_asks_for_closing_off(scene):
    issue = scene.raise_()
    response = client_for(scene.handler).post(
        issue_url(issue, "resolve"),
        {
            "resolution": "迁改完成并通电",
            "files": [pdf("批复.pdf"), pdf("照片.pdf")],
            "version": issue.version,
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == IssueStatus.PENDING_CLOSURE and data["resolution"] == "迁改完成并通电"
    assert sorted(e["original_name"] for e in data["evidence"]) == ["批复.pdf", "照片.pdf"]
    assert Notification.objects.filter(recipient=scene.office, kind="issue_resolved").exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"resolution": "迁改完成"}, "files"),
        ({"resolution": "迁改完成", "files": [fake()]}, "files"),
        ({"resolution": "", "files": [pdf()]}, "resolution"),
        ({"resolution": "迁改完成", "file": [pdf()]}, "file"),
    ],
    ids=["no-evidence", "bad-file", "no-resolution", "unknown-field"],
)
def test_resolving_without_good_evidence_is_a_400_and_saves_nothing(scene, body, field):
    issue = scene.raise_()
    snapshot = TablesSnapshot(WATCH)
    response = client_for(scene.handler).post(issue_url(issue, "resolve"), body, format="multipart")
    assert response.status_code == 400, response.content
    assert field in response.json()
    snapshot.assert_unchanged()
    assert not IssueEvidence.objects.exists()


def test_the_office_verifies_or_sends_back(scene):
    client = client_for(scene.office)
    issue = scene.pending()
    refused = client.post(issue_url(issue, "verify"), {"accept": False}, format="json")
    assert refused.status_code == 400 and "note" in refused.json()
    back = client.post(issue_url(issue, "verify"), {"accept": False, "note": "佐证不全"}, format="json")
    assert back.status_code == 200 and back.json()["status"] == IssueStatus.IN_PROGRESS
    issue = scene.pending(title="第二个问题")
    closed = client.post(issue_url(issue, "verify"), {"accept": True, "note": "核实"}, format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == IssueStatus.CLOSED and closed.json()["closed_by"] == scene.office.pk
    again = client.post(issue_url(issue, "verify"), {"accept": True}, format="json")
    assert again.status_code == 400 and "status" in again.json()


def test_the_office_reopens_with_a_reason_and_a_new_deadline(scene):
    issue = scene.closed()
    client = client_for(scene.office)
    snapshot = TablesSnapshot(WATCH)
    missing = client.post(issue_url(issue, "reopen"), {}, format="json")
    assert missing.status_code == 400 and {"reason", "deadline"} <= set(missing.json())
    past = (today() - datetime.timedelta(days=1)).isoformat()
    early = client.post(issue_url(issue, "reopen"), {"reason": "复发", "deadline": past}, format="json")
    assert early.status_code == 400 and "deadline" in early.json()
    snapshot.assert_unchanged()
    response = client.post(
        issue_url(issue, "reopen"), {"reason": "复发", "deadline": later(7).isoformat()}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == IssueStatus.IN_PROGRESS and data["reopened_count"] == 1
    assert data["deadline"] == later(7).isoformat()


def test_the_office_lists_and_unlists(scene):
    issue = scene.raise_()
    client = client_for(scene.office)
    listed = client.post(issue_url(issue, "list-supervision"), {"reason": "进展缓慢"}, format="json")
    assert listed.status_code == 200 and listed.json()["listed"] is True
    assert reverse("api:issue-list-supervision", args=[issue.pk]).endswith(f"/issues/{issue.pk}/list/")
    unlisted = client.post(issue_url(issue, "unlist-supervision"), {}, format="json")
    assert unlisted.status_code == 200 and unlisted.json()["listed"] is False
    kinds = list(issue.journal.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == [JournalKind.LISTED, JournalKind.UNLISTED]


def test_the_journal_lists_every_entry_newest_first(scene):
    issue = scene.pending()
    response = client_for(scene.member).get(issue_url(issue, "journal"))
    assert response.status_code == 200
    kinds = [entry["kind"] for entry in response.json()]
    assert kinds[-1] == JournalKind.RAISED and kinds[0] == JournalKind.RESOLVED
    listed = client_for(scene.member).get(
        reverse("api:issue-journal-list"), {"issue": issue.pk, "kind": "raised"}
    )
    assert [e["kind"] for e in rows(listed.json())] == [JournalKind.RAISED]


def test_an_unknown_filter_is_a_400(scene):
    client = client_for(scene.office)
    assert client.get(reverse("api:issue-list"), {"stauts": "closed"}).status_code == 400
    assert client.get(reverse("api:issue-journal-list"), {"isue": 1}).status_code == 400
    assert client.get(reverse("api:overdue-flag-list"), {"unitt": 1}).status_code == 400


def test_the_list_filters_by_status_and_overdue(scene):
    open_issue = scene.raise_()
    late = scene.raise_(title="逾期问题")
    LedgerIssue.objects.filter(pk=late.pk).update(deadline=today() - datetime.timedelta(days=2))
    scene.closed(title="已销号问题")
    client = client_for(scene.office)
    overdue = rows(client.get(reverse("api:issue-list"), {"overdue": "true"}).json())
    assert [row["id"] for row in overdue] == [late.pk] and overdue[0]["is_overdue"] is True
    assigned = rows(client.get(reverse("api:issue-list"), {"status": "assigned"}).json())
    assert {row["id"] for row in assigned} == {open_issue.pk, late.pk}


# -- the office's edits, versions ------------------------------------------------------------------


def test_the_office_edits_the_descriptive_fields_with_one_history_record(scene):
    issue = scene.raise_()
    before = issue.history.count()
    new_unit = DepartmentFactory()
    response = client_for(scene.office).patch(
        issue_url(issue),
        {
            "title": "高压线迁改（二期）",
            "responsible_unit": new_unit.pk,
            "deadline": later(20).isoformat(),
            "version": issue.version,
            "change_reason": "调整责任单位",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    issue.refresh_from_db()
    assert issue.title == "高压线迁改（二期）" and issue.responsible_unit == new_unit
    assert issue.deadline == later(20) and issue.status == IssueStatus.ASSIGNED
    assert issue.history.count() == before + 1
    assert issue.history.first().history_change_reason == "调整责任单位"
    assert issue.history.first().history_user == scene.office


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"deadline": "2000-01-01"}, "deadline"),
        ({"responsible_person": "outsider"}, "responsible_person"),
        ({"leader": "handler"}, "leader"),
        ({"title": " "}, "title"),
        ({"category": 999999}, "category"),
    ],
)
def test_an_edit_breaking_a_rule_is_a_400_and_changes_nothing(scene, fields, field):
    issue = scene.raise_()
    fields = {
        k: getattr(scene, v).pk if isinstance(v, str) and hasattr(scene, v) else v for k, v in fields.items()
    }
    snapshot = TablesSnapshot(WATCH)
    response = client_for(scene.office).patch(issue_url(issue), fields, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    snapshot.assert_unchanged()


def test_the_status_and_level_are_not_edited_as_fields(scene):
    issue = scene.raise_()
    client = client_for(scene.office)
    response = client.patch(issue_url(issue), {"status": "closed", "level": 4}, format="json")
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ASSIGNED and issue.level == IssueLevel.UNIT
    assert client.put(issue_url(issue), {}, format="json").status_code == 405


@pytest.mark.parametrize(
    "action, user, body",
    [
        (None, "office", {"title": "改标题"}),
        ("update", "handler", {"text": "进展"}),
        ("verify", "office", {"accept": True}),
        ("list-supervision", "office", {"reason": "督办"}),
    ],
)
def test_a_stale_version_is_a_409_and_changes_nothing(scene, action, user, body):
    issue = scene.pending() if action == "verify" else scene.raise_()
    stale = issue.version
    ledger.add_update(scene.office, issue, text="他人先行记录") if action != "verify" else ledger.set_listed(
        scene.office, issue, listed=True
    )
    issue.refresh_from_db()
    assert issue.version != stale or action == "verify"
    if action == "verify":
        LedgerIssue.objects.filter(pk=issue.pk).update(version=stale + 1)
    snapshot = TablesSnapshot(WATCH)
    client = client_for(getattr(scene, user))
    body = {**body, "version": stale}
    if action is None:
        response = client.patch(issue_url(issue), body, format="json")
    else:
        response = client.post(issue_url(issue, action), body, format="json")
    assert response.status_code == 409, response.content
    snapshot.assert_unchanged()


def test_a_stale_resolve_is_a_409_and_keeps_no_file(scene):
    issue = scene.raise_()
    stale = issue.version
    ledger.add_update(scene.handler, issue, text="开始办理")
    snapshot = TablesSnapshot(WATCH)
    response = client_for(scene.handler).post(
        issue_url(issue, "resolve"),
        {"resolution": "完成", "files": [pdf()], "version": stale},
        format="multipart",
    )
    assert response.status_code == 409
    snapshot.assert_unchanged()


def test_the_office_deletes_an_issue(scene):
    issue = scene.raise_()
    response = client_for(scene.office).delete(issue_url(issue))
    assert response.status_code == 204
    assert not LedgerIssue.objects.filter(pk=issue.pk).exists()


def test_a_category_in_use_cannot_be_deleted(scene):
    scene.raise_()
    client = client_for(scene.office)
    url = reverse("api:issue-category-detail", args=[scene.category.pk])
    assert client.delete(url).status_code == 409
    assert IssueCategory.objects.filter(pk=scene.category.pk).exists()
    unused = IssueCategory.objects.create(name="未使用的类别")
    assert client.delete(reverse("api:issue-category-detail", args=[unused.pk])).status_code == 204


# -- the schema -------------------------------------------------------------------------------------


def test_the_schema_documents_the_ledger_api_without_warnings(tmp_path, scene):
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "schema.yml"))
    schema = client_for(scene.office).get(reverse("schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert {
        "/api/issue-categories/",
        "/api/issues/",
        "/api/issues/{id}/",
        "/api/issues/{id}/update/",
        "/api/issues/{id}/resolve/",
        "/api/issues/{id}/verify/",
        "/api/issues/{id}/reopen/",
        "/api/issues/{id}/list/",
        "/api/issues/{id}/unlist/",
        "/api/issues/{id}/journal/",
        "/api/issues/from-action-item/",
        "/api/issue-journal/",
        "/api/overdue-flags/",
        "/api/notifications/",
        "/api/notifications/{id}/read/",
        "/api/notifications/read-all/",
        "/api/notifications/unread-count/",
        "/api/notification-preferences/me/",
        "/api/task-runs/",
        "/api/digests/",
    } <= set(paths)
    assert set(paths["/api/issues/{id}/resolve/"]["post"]["requestBody"]["content"]) == {
        "multipart/form-data"
    }
    assert set(paths["/api/issues/{id}/"]) & {"put", "patch", "delete"} == {"patch", "delete"}
