"""The ledger's rules, called directly: routing, handling, closing off, reopening, the overdue sweep."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from approvals.workdays import WorkCalendar
from issues.choices import IssueLevel, IssueNature, IssueStatus, JournalKind
from issues.models import EscalationStep, IssueCategory, IssueJournal, LedgerIssue, OverdueFlag
from issues.services import escalation, ledger
from notifications.models import Notification
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MONDAY, FRIDAY = D(2026, 3, 2), D(2026, 3, 13)


def at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Ledger:
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
        self.category = IssueCategory.objects.get(name="水电气等配套")

    def raise_(self, user=None, *, nature=IssueNature.ORDINARY, deadline=FRIDAY, when=MONDAY, **kw):
        return ledger.raise_issue(
            user or self.staff,
            project=self.project,
            title=kw.pop("title", "高压线迁改影响场平"),
            category=self.category,
            responsible_unit=self.unit,
            deadline=deadline,
            nature=nature,
            at=at(when),
            **kw,
        )


@pytest.fixture
def scene():
    return Ledger()


# -- intake and routing ------------------------------------------------------------------
@pytest.mark.parametrize(
    "nature, level",
    [
        (IssueNature.ORDINARY, IssueLevel.UNIT),
        (IssueNature.CROSS_DEPARTMENT, IssueLevel.OFFICE),
        (IssueNature.NEEDS_HIGHER, IssueLevel.UPWARD),
    ],
)
def test_routing_by_nature_sets_the_level(scene, nature, level):
    issue = scene.raise_(nature=nature)
    assert issue.level == level
    assert issue.status == IssueStatus.ASSIGNED
    assert issue.journal.get().kind == JournalKind.RAISED


def test_a_complex_issue_needs_a_city_leader_to_lead_it(scene):
    with pytest.raises(ValidationError) as error:
        scene.raise_(nature=IssueNature.COMPLEX)
    assert "leader" in error.value.message_dict
    with pytest.raises(ValidationError):
        scene.raise_(nature=IssueNature.COMPLEX, leader=scene.staff)
    assert not LedgerIssue.objects.exists()
    issue = scene.raise_(nature=IssueNature.COMPLEX, leader=scene.leader)
    assert issue.level == IssueLevel.LEADER
    assert Notification.objects.filter(recipient=scene.leader, key=f"issue:{issue.pk}:assigned").exists()


def test_deadline_before_the_raise_date_is_refused(scene):
    with pytest.raises(ValidationError) as error:
        scene.raise_(deadline=D(2026, 3, 1))
    assert "deadline" in error.value.message_dict
    assert not LedgerIssue.objects.exists()


def test_only_people_of_the_project_raise_issues_on_it(scene):
    with pytest.raises(PermissionDenied):
        scene.raise_(scene.outsider)
    with pytest.raises(PermissionDenied):
        scene.raise_(scene.leader)
    assert scene.raise_(scene.office).raised_by == scene.office


def test_the_responsible_units_staff_are_notified_at_intake(scene):
    issue = scene.raise_()
    assert Notification.objects.filter(recipient=scene.handler, key=f"issue:{issue.pk}:assigned").count() == 1
    assert not Notification.objects.filter(recipient=scene.outsider).exists()


def test_an_action_item_becomes_an_issue_in_one_click_once(scene):
    meeting = DispatchMeetingFactory(task_force=scene.task_force, created_by=scene.staff)
    item = meeting.action_items.create(
        title="协调供电公司迁改高压线", owner_unit=scene.unit, due_date=D(2026, 3, 20)
    )
    issue = ledger.issue_from_action_item(scene.staff, item, category=scene.category, at=at(D(2026, 3, 2)))
    assert issue.action_item == item and item.ledger_issue == issue
    assert issue.responsible_unit == scene.unit and issue.deadline == D(2026, 3, 20)
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        ledger.issue_from_action_item(scene.staff, item, category=scene.category)
    assert LedgerIssue.objects.count() == 1


# -- handling and closing off --------------------------------------------------------------
def test_the_unit_handles_and_only_the_office_closes_off_with_evidence(scene):
    issue = scene.raise_()
    with pytest.raises(PermissionDenied):
        ledger.add_update(scene.outsider, issue, text="已对接")
    ledger.add_update(scene.handler, issue, text="已完成迁改方案设计", at=at(D(2026, 3, 5)))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS

    with pytest.raises(ValidationError) as error:
        ledger.resolve(scene.handler, issue, resolution="迁改完成")
    assert "files" in error.value.message_dict
    bad = SimpleUploadedFile("照片.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        ledger.resolve(scene.handler, issue, resolution="迁改完成", files=[bad])
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS and not issue.evidence.exists()

    ledger.resolve(scene.handler, issue, resolution="迁改完成，已通电", files=[pdf()], at=at(D(2026, 3, 30)))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PENDING_CLOSURE and issue.evidence.count() == 1
    for user in (scene.handler, scene.staff, scene.leader):
        with pytest.raises(PermissionDenied):
            ledger.verify(user, issue, accept=True)
    with pytest.raises(ValidationError):
        ledger.verify(scene.office, issue, accept=False, note="")
    ledger.verify(scene.office, issue, accept=True, at=at(D(2026, 3, 31)))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED
    assert issue.closed_on == D(2026, 3, 31) and issue.closed_by == scene.office
    kinds = list(issue.journal.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [
        JournalKind.RAISED,
        JournalKind.ACCEPTED,
        JournalKind.UPDATE,
        JournalKind.RESOLVED,
        JournalKind.VERIFIED,
    ]


def test_verification_can_send_back_and_the_office_can_reopen(scene):
    issue = scene.raise_()
    ledger.resolve(scene.handler, issue, resolution="已处理", files=[pdf()], at=at(D(2026, 3, 6)))
    ledger.verify(scene.office, issue, accept=False, note="缺少供电公司确认函", at=at(D(2026, 3, 9)))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS
    ledger.resolve(scene.handler, issue, resolution="补充确认函", files=[], at=at(D(2026, 3, 10)))
    ledger.verify(scene.office, issue, accept=True, at=at(D(2026, 3, 11)))
    with pytest.raises(PermissionDenied):
        ledger.reopen(scene.handler, issue, reason="又断电", deadline=D(2099, 1, 1))
    ledger.reopen(scene.office, issue, reason="迁改线路再次跳闸", deadline=D(2099, 1, 1))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS and issue.reopened_count == 1 and issue.closed_on is None


def test_only_the_office_lists_an_issue_for_supervision(scene):
    issue = scene.raise_()
    with pytest.raises(PermissionDenied):
        ledger.set_listed(scene.handler, issue, listed=True)
    ledger.set_listed(scene.office, issue, listed=True, reason="影响开工")
    issue.refresh_from_db()
    assert issue.listed


# -- the overdue sweep ---------------------------------------------------------------------
def test_an_issue_due_today_is_not_overdue_until_tomorrow(scene):
    issue = scene.raise_(deadline=D(2026, 3, 13))
    assert escalation.escalate_overdue(today=D(2026, 3, 13))["escalated"] == 0
    assert escalation.escalate_overdue(today=D(2026, 3, 16))["escalated"] == 1
    issue.refresh_from_db()
    assert issue.level == IssueLevel.OFFICE
    # the new deadline: ISSUE_ESCALATION_DAYS[2] working days from the sweep day
    assert issue.deadline == WorkCalendar().add(D(2026, 3, 16), 5)


def test_escalation_takes_each_step_once_however_often_it_runs(scene, settings):
    settings.ISSUE_ESCALATION_DAYS = {2: 1, 3: 1, 4: 1}
    issue = scene.raise_(deadline=D(2026, 3, 3), nature=IssueNature.ORDINARY, leader=scene.leader)
    for _run in range(3):
        escalation.escalate_overdue(today=D(2026, 3, 4))
    issue.refresh_from_db()
    assert issue.level == IssueLevel.OFFICE
    assert EscalationStep.objects.filter(issue=issue).count() == 1
    assert IssueJournal.objects.filter(issue=issue, kind=JournalKind.ESCALATED).count() == 1
    assert Notification.objects.filter(recipient=scene.handler, key=f"issue:{issue.pk}:level:2").count() == 1
    escalation.escalate_overdue(today=D(2026, 3, 6))
    escalation.escalate_overdue(today=D(2026, 3, 10))
    escalation.escalate_overdue(today=D(2026, 3, 12))
    issue.refresh_from_db()
    assert issue.level == IssueLevel.UPWARD
    assert list(
        EscalationStep.objects.filter(issue=issue).order_by("to_level").values_list("to_level", flat=True)
    ) == [2, 3, 4]
    assert issue.history.filter(history_change_reason="逾期自动升级").count() == 3
    # at the top, overdue again: told once per deadline, never moved further
    done = escalation.escalate_overdue(today=D(2026, 3, 20))
    assert done["escalated"] == 0 and done["top_level_overdue"] == 1
    escalation.escalate_overdue(today=D(2026, 3, 23))
    assert (
        Notification.objects.filter(
            recipient=scene.handler, key__startswith=f"issue:{issue.pk}:overdue:"
        ).count()
        == 1
    )


def test_closed_and_pending_issues_do_not_escalate(scene):
    issue = scene.raise_(deadline=D(2026, 3, 3))
    ledger.resolve(scene.handler, issue, resolution="已解决", files=[pdf()], at=at(D(2026, 3, 3)))
    assert escalation.escalate_overdue(today=D(2026, 3, 10))["escalated"] == 0


def test_late_milestones_are_flagged_once_to_their_unit_and_the_office(scene):
    milestone = MilestoneFactory(project=scene.project, owner_unit=scene.unit, planned_date=D(2026, 3, 1))
    first = escalation.escalate_overdue(today=D(2026, 3, 5))
    second = escalation.escalate_overdue(today=D(2026, 3, 6))
    assert first["flagged"] == 1 and second["flagged"] == 0
    flag = OverdueFlag.objects.get()
    assert flag.object_id == milestone.pk and flag.unit == scene.unit
    assert Notification.objects.filter(recipient=scene.handler, kind="overdue").count() == 1
    assert Notification.objects.filter(recipient=scene.office, kind="overdue").count() == 1


def test_the_sweep_plan_matches_what_the_sweep_then_does(scene):
    scene.raise_(deadline=D(2026, 3, 3))
    scene.raise_(deadline=D(2026, 3, 30), title="用地指标")
    found = escalation.plan(D(2026, 3, 10))
    assert [i.title for i in found["escalate"]] == ["高压线迁改影响场平"]
    assert not LedgerIssue.objects.filter(level__gt=1).exists()
    assert escalation.escalate_overdue(today=D(2026, 3, 10))["escalated"] == 1


def test_overdue_issues_turn_the_project_light(scene, settings):
    from projects.choices import Light
    from projects.models import Project
    from projects.services.lights import reasons, with_lights

    settings.LIGHT_OVERDUE_ISSUES_YELLOW, settings.LIGHT_OVERDUE_ISSUES_RED = 1, 2
    scene.project.stage = "construction"
    scene.project.planned_start = None
    scene.project.annual_plan_investment = 0
    scene.project.save()

    def light(day):
        return with_lights(Project.objects.filter(pk=scene.project.pk), day).get()

    scene.raise_(deadline=D(2026, 3, 13))
    assert light(D(2026, 3, 13)).light == Light.GREEN
    late = light(D(2026, 3, 16))
    assert late.light == Light.YELLOW and late.overdue_issues == 1
    assert "1 个问题逾期未解决" in reasons(late, D(2026, 3, 16))
    scene.raise_(deadline=D(2026, 3, 13), title="用地报批")
    assert light(D(2026, 3, 16)).light == Light.RED


def test_an_issue_climbing_to_a_city_leader_without_one_is_led_by_the_task_force_leader(scene, settings):
    settings.ISSUE_ESCALATION_DAYS = {2: 1, 3: 1, 4: 1}
    scene.task_force.leader = scene.leader
    scene.task_force.save()
    issue = scene.raise_(deadline=D(2026, 3, 3), nature=IssueNature.CROSS_DEPARTMENT)
    escalation.escalate_overdue(today=D(2026, 3, 5))
    issue.refresh_from_db()
    assert issue.level == IssueLevel.LEADER and issue.leader == scene.leader
    assert Notification.objects.filter(recipient=scene.leader, key=f"issue:{issue.pk}:level:3").exists()
    climb = issue.history.get(history_change_reason="逾期自动升级")
    assert (climb.level, climb.leader_id) == (IssueLevel.LEADER, scene.leader.pk)


def test_the_sweep_takes_a_fixed_number_of_queries_whatever_the_number_of_overdue_issues(
    scene, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(n, day):
        for index in range(n):
            scene.raise_(deadline=D(2026, 3, 3), title=f"问题{day}-{index}")
        with CaptureQueriesContext(connection) as captured:
            done = escalation.escalate_issues(day, at(day))
        assert done["escalated"] == n
        return len(captured)

    assert run(2, D(2026, 3, 4)) == run(12, D(2026, 3, 5))


def test_an_office_edit_of_the_responsible_unit_is_journalled_and_the_new_unit_told(scene):
    issue = scene.raise_()
    before = ledger.snapshot(issue)
    newcomer = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=scene.other_unit)
    issue.responsible_unit = scene.other_unit
    issue.save()
    entry = ledger.note_edit(scene.office, issue, before)
    assert entry.kind == JournalKind.EDITED and "测试电力部门 → 测试其他部门" in entry.text
    assert Notification.objects.filter(recipient=newcomer, key=f"issue:{issue.pk}:edited:{entry.pk}").exists()
    assert ledger.note_edit(scene.office, issue, ledger.snapshot(issue)) is None
