"""Who may read and act on ledger issues through the API; a refusal changes nothing.

Reads follow the row scope: the office, city leaders and superusers see every issue; the
responsible unit's staff, the project's task force and service commissioner see it; another
unit's staff and the investment team do not (404 on the issue, absent from the list). Of
those who see it, the responsible unit's staff update and resolve it (a task-force member
or a city leader gets 403); only the office verifies, reopens, lists, edits (PATCH) and
deletes. A user without a role gets 403, an anonymous caller 401. Every refusal leaves the
ledger's tables, their history and the notifications as they were.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from issues.choices import JournalKind, OverdueKind
from issues.models import IssueCategory, IssueJournal, LedgerIssue, OverdueFlag
from tests.action_matrix import TablesSnapshot
from tests.factories import ProjectFactory, UserFactory
from tests.matrix import (
    ANONYMOUS,
    ANONYMOUS_ACCESS,
    FULL,
    NO_ACCESS,
    NO_ROLE,
    READ_ONLY,
    SUPERUSER,
    PermissionMatrix,
)

from .test_api import WATCH, Scene, client_for, issue_url, later, pdf, rows

OFFICE, LEADER, HANDLER, OUTSIDER = "office", "leader", "handler", "outsider"
MEMBER, COMMISSIONER, INVESTMENT = "member", "commissioner", "investment"
EVERYONE = (
    OFFICE,
    LEADER,
    HANDLER,
    OUTSIDER,
    MEMBER,
    COMMISSIONER,
    INVESTMENT,
    SUPERUSER,
    NO_ROLE,
    ANONYMOUS,
)
SEES = {OFFICE, LEADER, HANDLER, MEMBER, COMMISSIONER, SUPERUSER}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(db):
    return Scene()


def actor(scene, who):
    if who == ANONYMOUS:
        return None
    if who == OFFICE:
        return scene.office
    if who == LEADER:
        return scene.leader
    if who == HANDLER:
        return scene.handler
    if who == OUTSIDER:
        return scene.outsider
    if who == MEMBER:
        return scene.member
    if who == COMMISSIONER:
        return scene.commissioner
    if who == INVESTMENT:
        return UserFactory(roles=[Role.INVESTMENT_TEAM])
    if who == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True)
    return UserFactory()


def kinds(default, **statuses):
    return [
        pytest.param(who, statuses.get(who, default), id=f"{who}-{statuses.get(who, default)}")
        for who in EVERYONE
    ]


def refused_unless_seen(ok, seen_but_refused=403, **overrides):
    """``ok`` for the office and superusers, 403 for who sees it otherwise, 404 for who does not."""
    table = {who: (seen_but_refused if who in SEES else 404) for who in EVERYONE}
    table.update({OFFICE: ok, SUPERUSER: ok, NO_ROLE: 403, ANONYMOUS: 401, **overrides})
    return [pytest.param(who, table[who], id=f"{who}-{table[who]}") for who in EVERYONE]


def check(scene, who, status, send):
    """Send as ``who``; assert the status, and that a refusal changed nothing."""
    client = client_for(actor(scene, who))
    snapshot = TablesSnapshot(WATCH)
    response = send(client)
    assert response.status_code == status, f"{who}: {response.status_code} {response.content[:400]!r}"
    if status >= 400:
        snapshot.assert_unchanged()
    return response


# -- reads ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_reads_follow_the_row_scope(scene, who):
    issue = scene.raise_()
    elsewhere = scene.raise_(project=ProjectFactory(), responsible_unit=scene.other_unit, title="别处的问题")
    client = client_for(actor(scene, who))
    listed = client.get(reverse("api:issue-list"))
    if who in (ANONYMOUS, NO_ROLE):
        assert listed.status_code == (401 if who == ANONYMOUS else 403)
        assert client.get(issue_url(issue)).status_code == listed.status_code
        return
    assert listed.status_code == 200
    seen = {row["id"] for row in rows(listed.json())}
    expected = {issue.pk} if who in SEES else set()
    if who in (OFFICE, LEADER, SUPERUSER):
        expected.add(elsewhere.pk)
    if who == OUTSIDER:
        expected.add(elsewhere.pk)  # their unit's issue
    assert seen == expected
    for one in (issue, elsewhere):
        status = 200 if one.pk in expected else 404
        assert client.get(issue_url(one)).status_code == status
        assert client.get(issue_url(one, "journal")).status_code == status
    journal = {row["issue"] for row in rows(client.get(reverse("api:issue-journal-list")).json())}
    assert journal == expected


def test_a_responsible_person_of_another_role_sees_their_issue(scene):
    person = UserFactory(roles=[Role.TASK_FORCE_STAFF], unit=scene.unit)
    issue = scene.raise_(responsible_person=person)
    client = client_for(person)
    assert client.get(issue_url(issue)).status_code == 200
    assert client.post(issue_url(issue, "update"), {"text": "已对接"}, format="json").status_code == 200


# -- actions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", refused_unless_seen(200, **{HANDLER: 200}))
def test_update(scene, who, status):
    issue = scene.raise_()
    check(scene, who, status, lambda c: c.post(issue_url(issue, "update"), {"text": "进展"}, format="json"))
    if status == 200:
        assert issue.journal.filter(kind=JournalKind.UPDATE, text="进展").exists()


@pytest.mark.parametrize("who, status", refused_unless_seen(200, **{HANDLER: 200}))
def test_resolve(scene, who, status):
    issue = scene.raise_()
    check(
        scene,
        who,
        status,
        lambda c: c.post(
            issue_url(issue, "resolve"), {"resolution": "完成", "files": [pdf()]}, format="multipart"
        ),
    )
    issue.refresh_from_db()
    assert (issue.status == "pending_closure") == (status == 200)


@pytest.mark.parametrize("who, status", refused_unless_seen(200))
def test_verify(scene, who, status):
    issue = scene.pending()
    check(scene, who, status, lambda c: c.post(issue_url(issue, "verify"), {"accept": True}, format="json"))
    issue.refresh_from_db()
    assert (issue.status == "closed") == (status == 200)


@pytest.mark.parametrize("who, status", refused_unless_seen(200))
def test_reopen(scene, who, status):
    issue = scene.closed()
    body = {"reason": "复发", "deadline": later(5).isoformat()}
    check(scene, who, status, lambda c: c.post(issue_url(issue, "reopen"), body, format="json"))


@pytest.mark.parametrize("who, status", refused_unless_seen(200))
@pytest.mark.parametrize("action", ["list-supervision", "unlist-supervision"])
def test_listing(scene, who, status, action):
    issue = scene.raise_(listed=action == "unlist-supervision")
    check(scene, who, status, lambda c: c.post(issue_url(issue, action), {"reason": "督办"}, format="json"))
    issue.refresh_from_db()
    assert issue.listed == ((action == "list-supervision") == (status == 200))


@pytest.mark.parametrize("who, status", refused_unless_seen(200))
def test_patch(scene, who, status):
    issue = scene.raise_()
    check(scene, who, status, lambda c: c.patch(issue_url(issue), {"title": "改过的标题"}, format="json"))
    issue.refresh_from_db()
    assert (issue.title == "改过的标题") == (status == 200)


@pytest.mark.parametrize("who, status", refused_unless_seen(204))
def test_delete(scene, who, status):
    issue = scene.raise_()
    check(scene, who, status, lambda c: c.delete(issue_url(issue)))
    assert LedgerIssue.objects.filter(pk=issue.pk).exists() == (status != 204)


#: raising on the scene's project: those who work on it (and the office); the others are refused
RAISE = kinds(
    403,
    **{OFFICE: 201, SUPERUSER: 201, MEMBER: 201, COMMISSIONER: 201, ANONYMOUS: 401},
)


@pytest.mark.parametrize("who, status", RAISE)
def test_raise(scene, who, status):
    check(scene, who, status, lambda c: c.post(reverse("api:issue-list"), scene.body(), format="json"))
    assert LedgerIssue.objects.exists() == (status == 201)


def test_the_project_units_staff_raise_on_its_projects(scene):
    project = ProjectFactory(responsible_unit=scene.unit)
    response = client_for(scene.handler).post(
        reverse("api:issue-list"), scene.body(project=project.pk), format="json"
    )
    assert response.status_code == 201


def test_only_the_office_lists_an_issue_when_raising(scene):
    snapshot = TablesSnapshot(WATCH)
    response = client_for(scene.member).post(
        reverse("api:issue-list"), scene.body(listed=True), format="json"
    )
    assert response.status_code == 403
    snapshot.assert_unchanged()


# -- categories, journal, overdue flags ---------------------------------------------------------


OTHER_ROLES = [role for role in Role.values if role != Role.KEY_OFFICE]


class TestIssueCategoryApiMatrix(PermissionMatrix):
    model = IssueCategory
    api_list_url = staticmethod(lambda: reverse("api:issue-category-list"))
    api_detail_url = staticmethod(lambda obj: reverse("api:issue-category-detail", args=[obj.pk]))
    expected = {
        Role.KEY_OFFICE: FULL,
        SUPERUSER: FULL,
        **dict.fromkeys(OTHER_ROLES, READ_ONLY),
        NO_ROLE: NO_ACCESS,
        ANONYMOUS: ANONYMOUS_ACCESS,
    }
    test_page = test_page_scope_escape = test_api_scope_escape = None
    counter = iter(range(1, 10**6))

    def link_to_scope(self, obj, user, role):
        pass

    def make_object(self):
        return IssueCategory.objects.create(name=f"测试类别{next(self.counter)}")

    def create_api_data(self, user):
        return {"name": f"新类别{next(self.counter)}", "sort_order": 5, "is_active": True}

    def update_api_data(self, user, obj):
        return {"name": f"改类别{next(self.counter)}", "sort_order": 6, "is_active": False}

    def partial_api_data(self, user, obj):
        return {"is_active": False}


@pytest.mark.parametrize("who", EVERYONE)
def test_overdue_flags_are_read_by_scope(scene, who):
    today = datetime.date.today()
    mine = OverdueFlag.objects.create(
        kind=OverdueKind.MILESTONE,
        object_id=1,
        project=scene.project,
        title="节点逾期",
        due_date=today,
        flagged_on=today,
    )
    theirs = OverdueFlag.objects.create(
        kind=OverdueKind.APPROVAL_TASK,
        object_id=2,
        project=ProjectFactory(),
        unit=scene.other_unit,
        title="审批超期",
        due_date=today,
        flagged_on=today,
    )
    client = client_for(actor(scene, who))
    response = client.get(reverse("api:overdue-flag-list"))
    if who in (ANONYMOUS, NO_ROLE):
        assert response.status_code == (401 if who == ANONYMOUS else 403)
        return
    seen = {row["id"] for row in rows(response.json())}
    expected = {
        OFFICE: {mine.pk, theirs.pk},
        LEADER: {mine.pk, theirs.pk},
        SUPERUSER: {mine.pk, theirs.pk},
        MEMBER: {mine.pk},
        COMMISSIONER: {mine.pk},
        OUTSIDER: {theirs.pk},
        HANDLER: set(),
        INVESTMENT: set(),
    }[who]
    assert seen == expected
    filtered = client.get(
        reverse("api:overdue-flag-list"), {"kind": "milestone", "project": scene.project.pk}
    )
    assert {row["id"] for row in rows(filtered.json())} == expected & {mine.pk}
    if who == OUTSIDER:
        by_unit = client.get(reverse("api:overdue-flag-list"), {"unit": scene.other_unit.pk})
        assert {row["id"] for row in rows(by_unit.json())} == {theirs.pk}


def test_journal_and_flags_are_read_only(scene):
    issue = scene.raise_()
    client = client_for(UserFactory(is_superuser=True))
    entry = IssueJournal.objects.filter(issue=issue).first()
    url = reverse("api:issue-journal-detail", args=[entry.pk])
    assert client.post(reverse("api:issue-journal-list"), {}, format="json").status_code == 405
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url, {}, format="json").status_code == 405
    assert client.post(reverse("api:overdue-flag-list"), {}, format="json").status_code == 405
