"""The ledger pages: who sees which page, who may take which action, bad input, the
action-item conversion, the weekly list and its workbook, and query-count baselines."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from issues.choices import IssueLevel, IssueStatus
from issues.models import EscalationStep, IssueCategory, IssueEvidence, LedgerIssue
from issues.services import ledger
from projects.models import ActionItem
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
    )


def fake(name="伪装.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf", content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Scene:
    def __init__(self):
        self.unit = DepartmentFactory(name="测试电力部门")
        self.other_unit = DepartmentFactory(name="测试其他部门")
        self.project = ProjectFactory()
        self.task_force = TaskForceFactory(project=self.project)
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.leader = UserFactory(roles=[Role.CITY_LEADER])
        self.staff = UserFactory(roles=[Role.TASK_FORCE_STAFF])
        TaskForceMemberFactory(task_force=self.task_force, user=self.staff)
        self.handler = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.unit)
        self.outsider = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.other_unit)
        self.investor = UserFactory(roles=[Role.INVESTMENT_TEAM])
        self.category = IssueCategory.objects.get(name="水电气等配套")
        self.today = timezone.localdate()

    def raise_(self, user=None, **kw):
        kw.setdefault("deadline", self.today + datetime.timedelta(days=20))
        return ledger.raise_issue(
            user or self.staff,
            project=kw.pop("project", self.project),
            title=kw.pop("title", "高压线迁改影响场平"),
            category=self.category,
            responsible_unit=kw.pop("responsible_unit", self.unit),
            **kw,
        )


@pytest.fixture
def scene():
    return Scene()


def url(name, *args):
    return reverse(f"issues:{name}", args=args)


# -- pages per role ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_page(client, scene):
    issue = scene.raise_()
    for target in (
        url("issue_list"),
        url("issue_add"),
        url("issue_detail", issue.pk),
        url("issue_edit", issue.pk),
        url("weekly"),
        url("weekly_xlsx"),
    ):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"], target
    response = client.post(url("issue_action", issue.pk, "update"), {"text": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["office", "leader", "staff", "handler"])
def test_the_ledger_and_the_issue_page_render_for_those_who_may_read(client, scene, who):
    issue = scene.raise_()
    client.force_login(getattr(scene, who))
    response = client.get(url("issue_list"))
    assert response.status_code == 200
    assert issue.title in response.content.decode()
    response = client.get(url("issue_detail", issue.pk))
    assert response.status_code == 200
    assert "办理台账" in response.content.decode()


def test_an_outsider_and_the_investment_team_see_no_issue(client, scene):
    issue = scene.raise_()
    for user in (scene.outsider, scene.investor):
        client.force_login(user)
        assert issue.title not in client.get(url("issue_list")).content.decode()
        assert client.get(url("issue_detail", issue.pk)).status_code == 404
        assert client.post(url("issue_action", issue.pk, "update"), {"text": "x"}).status_code == 404


def test_the_ledger_filters_and_badges(client, scene):
    late = scene.raise_(title="逾期的问题", deadline=scene.today + datetime.timedelta(days=1))
    LedgerIssue.objects.filter(pk=late.pk).update(deadline=scene.today - datetime.timedelta(days=2))
    scene.raise_(title="正常的问题")
    client.force_login(scene.office)
    body = client.get(url("issue_list"), {"overdue": "true"}).content.decode()
    assert "逾期的问题" in body and "正常的问题" not in body
    assert 'data-badge="overdue"' in body
    assert client.get(url("issue_list"), {"bogus": "1"}).status_code == 400
    htmx = client.get(url("issue_list"), {"q": "正常"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()


# -- raising ----------------------------------------------------------------------------------------


def test_raise_an_issue_through_the_form(client, scene):
    person = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=scene.unit)
    client.force_login(scene.staff)
    assert client.get(url("issue_add")).status_code == 200
    data = {
        "project": scene.project.pk,
        "title": "供水管网未接入",
        "category": scene.category.pk,
        "nature": "ordinary",
        "responsible_unit": scene.unit.pk,
        "responsible_person": person.pk,
        "deadline": (scene.today + datetime.timedelta(days=10)).isoformat(),
    }
    response = client.post(url("issue_add"), data)
    issue = LedgerIssue.objects.get(title="供水管网未接入")
    assert response.status_code == 302 and response["Location"] == issue.get_absolute_url()
    assert issue.responsible_person == person and issue.raised_by == scene.staff


def test_raise_rejects_a_deadline_before_today_and_a_person_of_another_unit(client, scene):
    stranger = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=scene.other_unit)
    client.force_login(scene.staff)
    data = {
        "project": scene.project.pk,
        "title": "某问题",
        "category": scene.category.pk,
        "nature": "ordinary",
        "responsible_unit": scene.unit.pk,
        "deadline": (scene.today - datetime.timedelta(days=1)).isoformat(),
    }
    response = client.post(url("issue_add"), data)
    assert response.status_code == 400
    assert "办结时限不能早于提出日期" in response.content.decode()
    response = client.post(
        url("issue_add"), {**data, "deadline": scene.today.isoformat(), "responsible_person": stranger.pk}
    )
    assert response.status_code == 400
    assert not LedgerIssue.objects.exists()


def test_raise_offers_only_raisable_projects_and_refuses_others(client, scene):
    elsewhere = ProjectFactory()
    client.force_login(scene.staff)
    body = client.get(url("issue_add")).content.decode()
    assert scene.project.name in body and elsewhere.name not in body
    client.force_login(scene.leader)
    assert client.get(url("issue_add")).status_code == 403


def test_complex_issue_needs_a_city_leader(client, scene):
    client.force_login(scene.office)
    data = {
        "project": scene.project.pk,
        "title": "跨区域协调",
        "category": scene.category.pk,
        "nature": "complex",
        "responsible_unit": scene.unit.pk,
        "deadline": scene.today.isoformat(),
    }
    response = client.post(url("issue_add"), data)
    assert response.status_code == 400 and "市级领导" in response.content.decode()
    response = client.post(url("issue_add"), {**data, "leader": scene.leader.pk})
    assert response.status_code == 302
    assert LedgerIssue.objects.get().level == IssueLevel.LEADER


# -- actions ------------------------------------------------------------------------------------------


def test_the_unit_updates_and_resolves_with_evidence_then_the_office_verifies(client, scene):
    issue = scene.raise_()
    client.force_login(scene.handler)
    response = client.post(
        url("issue_action", issue.pk, "update"), {"text": "已对接供电公司", "version": issue.version}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS
    response = client.post(
        url("issue_action", issue.pk, "resolve"),
        {"resolution": "线路已迁改", "files": [pdf()], "version": issue.version},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PENDING_CLOSURE
    evidence = IssueEvidence.objects.get(issue=issue)
    assert client.get(reverse("issues:evidence_file", args=[evidence.pk])).status_code == 200
    # the handler cannot verify
    assert client.post(url("issue_action", issue.pk, "verify"), {"accept": "1"}).status_code == 403
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PENDING_CLOSURE
    client.force_login(scene.office)
    response = client.post(url("issue_action", issue.pk, "verify"), {"accept": "1", "version": issue.version})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED
    client.force_login(scene.outsider)
    assert client.get(reverse("issues:evidence_file", args=[evidence.pk])).status_code == 404


def test_resolve_without_evidence_or_with_a_bad_file_is_400_and_saves_nothing(client, scene):
    issue = scene.raise_()
    client.force_login(scene.handler)
    response = client.post(url("issue_action", issue.pk, "resolve"), {"resolution": "已解决"})
    assert response.status_code == 400 and "佐证材料" in response.content.decode()
    response = client.post(
        url("issue_action", issue.pk, "resolve"), {"resolution": "已解决", "files": [fake()]}
    )
    assert response.status_code == 400
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ASSIGNED and not IssueEvidence.objects.exists()


def test_readers_who_do_not_handle_get_403_and_nothing_changes(client, scene):
    issue = scene.raise_()
    for user in (scene.staff, scene.leader):
        client.force_login(user)
        assert client.post(url("issue_action", issue.pk, "update"), {"text": "x"}).status_code == 403
        assert (
            client.post(
                url("issue_action", issue.pk, "resolve"), {"resolution": "x", "files": [pdf()]}
            ).status_code
            == 403
        )
        for action, data in (
            ("verify", {"accept": "1"}),
            ("reopen", {"reason": "x"}),
            ("listed", {"listed": "1"}),
        ):
            assert client.post(url("issue_action", issue.pk, action), data).status_code == 403
        assert client.get(url("issue_edit", issue.pk)).status_code == 403
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ASSIGNED and not issue.listed and issue.version == 1


def test_only_the_office_verifies_reopens_and_lists(client, scene):
    issue = scene.raise_()
    ledger.resolve(scene.handler, issue, resolution="已解决", files=[pdf()])
    client.force_login(scene.handler)
    for action, data in (
        ("verify", {"accept": "1"}),
        ("reopen", {"reason": "x"}),
        ("listed", {"listed": "1"}),
    ):
        assert client.post(url("issue_action", issue.pk, action), data).status_code == 403
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PENDING_CLOSURE and not issue.listed
    client.force_login(scene.office)
    assert (
        client.post(
            url("issue_action", issue.pk, "listed"), {"listed": "1", "reason": "影响开工"}
        ).status_code
        == 302
    )
    issue.refresh_from_db()
    assert issue.listed
    # send back needs a note
    response = client.post(url("issue_action", issue.pk, "verify"), {"accept": "0"})
    assert response.status_code == 400 and "理由" in response.content.decode()
    # reopen needs a deadline not before today
    past = (scene.today - datetime.timedelta(days=1)).isoformat()
    response = client.post(url("issue_action", issue.pk, "reopen"), {"reason": "复发", "deadline": past})
    assert response.status_code == 400
    future = (scene.today + datetime.timedelta(days=5)).isoformat()
    response = client.post(url("issue_action", issue.pk, "reopen"), {"reason": "复发", "deadline": future})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS and issue.reopened_count == 1


def test_a_stale_version_is_a_conflict(client, scene):
    issue = scene.raise_()
    client.force_login(scene.handler)
    response = client.post(
        url("issue_action", issue.pk, "update"), {"text": "进展", "version": issue.version + 5}
    )
    assert response.status_code == 409


def test_the_office_edits_the_descriptive_fields(client, scene):
    issue = scene.raise_()
    client.force_login(scene.office)
    assert client.get(url("issue_edit", issue.pk)).status_code == 200
    data = {
        "title": "高压线迁改（修订）",
        "description": "",
        "category": scene.category.pk,
        "responsible_unit": scene.unit.pk,
        "responsible_person": "",
        "leader": "",
        "deadline": (scene.today + datetime.timedelta(days=30)).isoformat(),
        "version": issue.version,
    }
    response = client.post(url("issue_edit", issue.pk), data)
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "高压线迁改（修订）"
    bad = {
        **data,
        "deadline": (issue.raised_on - datetime.timedelta(days=1)).isoformat(),
        "version": issue.version,
    }
    assert client.post(url("issue_edit", issue.pk), bad).status_code == 400


# -- 转为问题 -----------------------------------------------------------------------------------------


def test_an_action_item_becomes_an_issue_once_and_links_back(client, scene):
    meeting = DispatchMeetingFactory(task_force=scene.task_force, created_by=scene.office)
    item = ActionItem.objects.create(
        meeting=meeting,
        title="协调电力迁改",
        owner_unit=scene.unit,
        due_date=scene.today + datetime.timedelta(days=7),
    )
    client.force_login(scene.staff)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("issues:from_action_item", args=[item.pk]) in page
    target = reverse("issues:from_action_item", args=[item.pk])
    assert client.get(target).status_code == 200
    response = client.post(target, {"category": scene.category.pk, "nature": "ordinary"})
    issue = LedgerIssue.objects.get()
    assert response.status_code == 302 and response["Location"] == issue.get_absolute_url()
    assert issue.action_item == item and issue.responsible_unit == scene.unit
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert issue.get_absolute_url() in page
    response = client.post(target, {"category": scene.category.pk, "nature": "ordinary"})
    assert response.status_code == 400 and LedgerIssue.objects.count() == 1
    client.force_login(scene.leader)
    assert client.post(target, {"category": scene.category.pk, "nature": "ordinary"}).status_code == 403


# -- the weekly list ----------------------------------------------------------------------------------


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def weekly_scene(scene):
    """Week 2026-W10 is 2 to 8 March 2026."""
    monday = datetime.date(2026, 3, 2)
    new = scene.raise_(title="本周新增", at=at(monday), deadline=monday + datetime.timedelta(days=20))
    late = scene.raise_(
        title="=cmd|'/C calc'!A0", at=at(monday - datetime.timedelta(days=14)), deadline=monday
    )
    closed = scene.raise_(
        title="本周销号",
        at=at(monday - datetime.timedelta(days=7)),
        deadline=monday + datetime.timedelta(days=1),
    )
    ledger.resolve(
        scene.handler, closed, resolution="已解决", files=[pdf()], at=at(monday + datetime.timedelta(days=1))
    )
    ledger.verify(scene.office, closed, accept=True, at=at(monday + datetime.timedelta(days=2)))
    EscalationStep.objects.create(
        issue=late,
        from_level=1,
        to_level=2,
        old_deadline=monday,
        new_deadline=monday + datetime.timedelta(days=7),
        at=at(monday + datetime.timedelta(days=3), 7),
    )
    LedgerIssue.objects.filter(pk=late.pk).update(level=2, deadline=monday + datetime.timedelta(days=7))
    return new, late, closed


def test_the_weekly_list_counts_its_sections(client, scene):
    new, late, closed = weekly_scene(scene)
    client.force_login(scene.office)
    response = client.get(url("weekly"), {"week": "2026-W10"})
    assert response.status_code == 200
    body = response.content.decode()
    counts = dict.fromkeys(("x",), response.context["weekly"])["x"]
    assert [i.pk for i in counts.new] == [new.pk]
    assert [i.pk for i in counts.closed] == [closed.pk]
    assert [s.issue_id for s in counts.escalated] == [late.pk]
    # the escalation in the week moved the deadline to 3-09: not overdue when the week ended (3-08)
    assert [i.pk for i in counts.overdue] == []
    assert 'data-count="new">1<' in body
    assert client.get(url("weekly"), {"week": "nonsense"}).status_code == 400
    # the next week, the moved deadline (3-09) has passed: overdue
    response = client.get(url("weekly"), {"week": "2026-W11"})
    assert [i.pk for i in response.context["weekly"].overdue] == [late.pk]


def test_overdue_as_the_week_ended_uses_the_deadline_before_a_later_escalation(client, scene):
    monday = datetime.date(2026, 3, 2)
    issue = scene.raise_(title="上周逾期", at=at(monday - datetime.timedelta(days=7)), deadline=monday)
    EscalationStep.objects.create(
        issue=issue,
        from_level=1,
        to_level=2,
        old_deadline=monday,
        new_deadline=monday + datetime.timedelta(days=20),
        at=at(monday + datetime.timedelta(days=9), 7),
    )
    LedgerIssue.objects.filter(pk=issue.pk).update(level=2, deadline=monday + datetime.timedelta(days=20))
    client.force_login(scene.office)
    weekly = client.get(url("weekly"), {"week": "2026-W10"}).context["weekly"]
    assert [i.pk for i in weekly.overdue] == [issue.pk]
    assert weekly.overdue[0].level_then == 1
    assert {row[0]: row[4] for row in weekly.by_level}[IssueLevel.UNIT.label] == 1


def test_the_weekly_workbook(client, scene):
    weekly_scene(scene)
    client.force_login(scene.office)
    response = client.get(url("weekly_xlsx"), {"week": "2026-W10"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "本周新增", "本周销号", "本周升级", "周末逾期"]
    sheet = book["本周升级"]
    assert sheet["A1"].value.startswith("每周问题清单")
    assert "2026-03-02" in sheet["A2"].value
    headers = [cell.value for cell in sheet[3]]
    assert headers[:3] == ["序号", "升级时间", "项目编号"]
    assert sheet.freeze_panes == "A4"
    titles = [row[4] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert titles == ["'=cmd|'/C calc'!A0"]
    new_sheet = book["本周新增"]
    assert [row[3] for row in new_sheet.iter_rows(min_row=4, values_only=True)] == ["本周新增"]


def test_the_weekly_list_is_scoped(client, scene):
    weekly_scene(scene)
    client.force_login(scene.outsider)
    weekly = client.get(url("weekly"), {"week": "2026-W10"}).context["weekly"]
    assert not (weekly.new or weekly.closed or weekly.escalated or weekly.overdue)


# -- query counts -------------------------------------------------------------------------------------

# session, user, roles, unread count, count, rows (with project, category, unit, person, leader),
# filter choices (categories, units)
LEDGER_LIST = 8
# session, user, roles, unread count, new, closed, escalated, overdue
WEEKLY = 8


def grow_issues(scene):
    def grow(n):
        while LedgerIssue.objects.count() < n:
            project = ProjectFactory()
            TaskForceFactory(project=project)
            issue = scene.raise_(
                scene.office,
                project=project,
                responsible_unit=DepartmentFactory(),
                responsible_person=None,
                title=f"问题{LedgerIssue.objects.count()}",
            )
            EscalationStep.objects.create(
                issue=issue,
                from_level=1,
                to_level=2,
                old_deadline=scene.today,
                new_deadline=scene.today,
                at=timezone.now(),
            )

    return grow


def test_ledger_list_query_count_is_stable(client, scene):
    client.force_login(scene.office)

    def fetch():
        response = client.get(url("issue_list"))
        assert response.status_code == 200

    assert_num_queries_stable(fetch, grow_issues(scene), sizes=(2, 8), expected=LEDGER_LIST)


def test_weekly_query_count_is_stable(client, scene):
    client.force_login(scene.office)

    def fetch():
        response = client.get(url("weekly"))
        assert response.status_code == 200

    assert_num_queries_stable(fetch, grow_issues(scene), sizes=(2, 8), expected=WEEKLY)
