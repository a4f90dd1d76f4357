"""The demo ledger (liuyang/demo/ledger.py): the seed's high-voltage line case, the ladder, a second run.

The demo is loaded once for the module inside a transaction rolled back at the end,
evidence files in a temporary MEDIA_ROOT (as in tests/test_seed_demo.py).
"""

from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from issues.choices import IssueLevel, IssueNature, IssueSource, IssueStatus, JournalKind
from issues.models import EscalationStep, IssueEvidence, IssueJournal, LedgerIssue, OverdueFlag
from issues.services.escalation import escalate_overdue
from liuyang.demo.ledger import SWEEP_DAYS
from notifications.models import Notification
from tests.demo import demo_loaded

DEMO_TODAY = date(2026, 11, 27)
CATEGORIES = {"用地", "资金", "审批", "征拆", "水电气等配套", "环保"}
LEDGER_MODELS = [LedgerIssue, IssueJournal, IssueEvidence, EscalationStep, OverdueFlag, Notification]
HISTORY_MODELS = [LedgerIssue.history.model, IssueEvidence.history.model]


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    def seed():
        call_command("seed_demo", "--allow-without-debug", stdout=StringIO())

    with demo_loaded(django_db_blocker, tmp_path_factory, seed, "ledger-media") as (_output, media):
        yield media


@pytest.fixture
def media(seeded_once, db):
    return seeded_once


def relocation():
    return LedgerIssue.objects.get(project__name="生物医药产业化项目", title__contains="高压线")


def test_the_high_voltage_line_was_coordinated_by_the_office_and_closed_off_with_evidence(media):
    issue = relocation()
    assert (issue.category.name, issue.nature, issue.level) == (
        "水电气等配套",
        IssueNature.CROSS_DEPARTMENT,
        IssueLevel.OFFICE,
    )
    assert issue.raised_by.username == "taskforce" and issue.responsible_unit.name == "国网浏阳市供电公司"
    assert issue.status == IssueStatus.CLOSED and issue.closed_by.username == "office"
    assert (issue.raised_on, issue.resolved_on, issue.closed_on) == (
        date(2026, 3, 9),
        date(2026, 4, 8),
        date(2026, 4, 10),
    )
    journal = list(issue.journal.order_by("at", "pk"))
    assert [j.kind for j in journal] == [
        JournalKind.RAISED,
        JournalKind.ACCEPTED,
        JournalKind.UPDATE,
        JournalKind.UPDATE,
        JournalKind.RESOLVED,
        JournalKind.VERIFIED,
    ]
    assert journal[2].actor.username == "office" and "协调" in journal[2].text
    designed = journal[3]
    designed_on = timezone.localdate(designed.at)
    assert "10天" in designed.text and (designed_on - issue.raised_on).days == 10
    resolved = journal[4]
    assert "20天" in resolved.text and (timezone.localdate(resolved.at) - designed_on).days == 20
    assert journal[5].actor.username == "office" and journal[5].at > resolved.at
    assert not issue.escalations.exists()
    evidence = list(issue.evidence.all())
    assert len(evidence) == 3
    assert {Path(e.original_name).suffix for e in evidence} == {".pdf", ".jpg"}
    for item in evidence:
        assert Path(item.file.path).is_file() and item.size == Path(item.file.path).stat().st_size
        assert item.uploaded_by.username == "dept_power" and item.uploaded_at == resolved.at


def test_the_ledger_covers_categories_statuses_sources_and_the_synthetic_fill(media):
    issues = list(LedgerIssue.objects.select_related("category", "project"))
    seed = [i for i in issues if "（示例）" not in i.project.name]
    synthetic = [i for i in issues if "（示例）" in i.project.name]
    assert {i.category.name for i in seed} >= CATEGORIES
    assert len({i.project_id for i in seed}) == 7
    assert len(synthetic) == 30
    for issue in synthetic:
        assert issue.title.endswith("（示例）") and issue.description.startswith("示例数据：")
    assert set(Counter(i.status for i in issues)) == set(IssueStatus.values)
    converted = [i for i in seed if i.source == IssueSource.ACTION_ITEM]
    assert len(converted) >= 4
    for issue in converted:
        assert issue.action_item.title == issue.title
        assert issue.action_item.meeting.task_force.project_id == issue.project_id
    listed = LedgerIssue.objects.get(listed=True)
    assert listed.title == "协调供电公司完成二期10kV专线接入方案" and listed.action_item is not None
    assert listed.journal.filter(kind=JournalKind.LISTED, actor__username="office").exists()
    pending = [i for i in seed if i.status == IssueStatus.PENDING_CLOSURE]
    assert len(pending) == 1 and pending[0].evidence.exists()
    reopened = LedgerIssue.objects.get(reopened_count=1)
    assert reopened.status == IssueStatus.IN_PROGRESS and reopened.is_overdue(DEMO_TODAY)
    assert [s.to_level for s in reopened.escalations.all()] == [IssueLevel.OFFICE]
    kinds = [j.kind for j in reopened.journal.order_by("at", "pk")]
    assert kinds.index(JournalKind.VERIFIED) < kinds.index(JournalKind.REOPENED)
    assert IssueJournal.objects.filter(kind=JournalKind.SENT_BACK).exists()
    open_overdue = [i for i in issues if i.is_overdue(DEMO_TODAY)]
    assert 2 <= len(open_overdue) <= len(issues) // 5


def test_overdue_issues_climbed_once_per_level_on_the_monday_sweeps(media):
    steps = list(EscalationStep.objects.select_related("issue").order_by("issue", "to_level"))
    assert steps
    by_issue = {}
    for step in steps:
        by_issue.setdefault(step.issue, []).append(step)
        assert step.to_level == step.from_level + 1 and step.new_deadline > step.old_deadline
        day = timezone.localdate(step.at)
        assert day in SWEEP_DAYS and step.old_deadline < day
    for issue, climbed in by_issue.items():
        levels = [s.to_level for s in climbed]
        assert len(levels) == len(set(levels)), issue
        assert [s.from_level for s in climbed[1:]] == levels[:-1], issue
        assert issue.level == levels[-1] and issue.deadline == climbed[-1].new_deadline, issue
        assert issue.journal.filter(kind=JournalKind.ESCALATED).count() == len(climbed), issue
    leader = LedgerIssue.objects.get(title__startswith="二期生态停车场")
    assert (leader.level, leader.leader.username) == (IssueLevel.LEADER, "leader3")
    assert [s.to_level for s in by_issue[leader]] == [3] and leader.is_open
    upward = LedgerIssue.objects.get(title__startswith="新增建设用地计划指标")
    assert (upward.level, upward.nature) == (IssueLevel.UPWARD, IssueNature.COMPLEX)
    assert [s.to_level for s in by_issue[upward]] == [4] and upward.leader.username == "leader2"
    assert upward.is_open
    assert any(len(climbed) == 3 for climbed in by_issue.values())
    assert Notification.objects.filter(key__startswith="issue:", key__contains=":level:").exists()


def test_a_second_load_writes_nothing_in_the_ledger(media):
    def rows():
        return {
            model._meta.label: list(model._default_manager.order_by("pk").values())
            for model in LEDGER_MODELS + HISTORY_MODELS
        }

    def files():
        return sorted(p for p in Path(media).rglob("*") if p.is_file())

    before, stored = rows(), files()
    assert len([p for p in stored if p.parts[-3] == "issues"]) == IssueEvidence.objects.count() > 0
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    assert "未做任何修改" in out.getvalue()
    assert rows() == before
    assert files() == stored


def test_todays_sweep_moves_the_overdue_demo_issues_once(media):
    overdue = [
        i for i in LedgerIssue.objects.all() if i.is_overdue(DEMO_TODAY) and i.level < IssueLevel.UPWARD
    ]
    done = escalate_overdue(today=DEMO_TODAY)
    assert done["escalated"] == len(overdue) > 0
    assert escalate_overdue(today=DEMO_TODAY)["escalated"] == 0
