"""The demo's approval cases (liuyang/demo/approvals.py): replayed through the services, figures that add up.

The demo is loaded once for the module inside a transaction rolled back at the end
(as in tests/test_seed_demo.py); its files go to a temporary MEDIA_ROOT.
"""

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from approvals.choices import (
    CaseResult,
    CaseStatus,
    IntakeOutcome,
    SupplementStatus,
    TaskMoveKind,
    TaskStatus,
)
from approvals.models import ApprovalCase, ApprovalTask, CaseMaterial, Supplement, TaskMove
from approvals.services.statistics import approval_statistics
from approvals.workdays import WorkCalendar
from liuyang.demo.approval_plans import DEMO_TODAY, SWEEP_DAY
from liuyang.demo.loader import load_demo
from tests.demo import demo_loaded

D = datetime.date
APPROVAL_MODELS = [ApprovalCase, ApprovalCase.items.through, ApprovalTask, TaskMove, CaseMaterial, Supplement]
APPROVAL_MODELS += [ApprovalCase.history.model, ApprovalTask.history.model]
APPROVAL_MODELS += [CaseMaterial.history.model, Supplement.history.model]
DEPARTMENT_MOVES = (TaskMoveKind.STARTED, TaskMoveKind.APPROVED, TaskMoveKind.REJECTED, TaskMoveKind.RETURNED)
APPLICANT_MOVES = (TaskMoveKind.SUPPLEMENTED, TaskMoveKind.CORRECTED)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, load_demo) as (created, _media_root):
        yield created


@pytest.fixture
def demo(demo_once, db):
    return demo_once


@pytest.fixture(autouse=True)
def _media():
    """The demo's files stay in the module's MEDIA_ROOT (conftest would give each test its own)."""


def case_of(project_name, stage_code):
    return ApprovalCase.objects.get(project__name=project_name, stage__code=stage_code)


def test_the_finished_deficient_case_compression_is_computed_from_its_tasks(demo):
    """数字经济产业园 二期施工许可: 容缺受理, both promised materials supplied, all four items approved."""
    case = case_of("数字经济产业园", "S3")
    assert case.intake_outcome == IntakeOutcome.DEFICIENT
    assert (case.status, case.result) == (CaseStatus.CONCLUDED, CaseResult.APPROVED)
    assert case.promise_letter.name and case.promise_signed_by and case.notice_number
    supplements = list(case.supplements.all())
    assert len(supplements) == 2
    for supplement in supplements:
        assert supplement.status == SupplementStatus.SUPPLIED
        assert timezone.localdate(supplement.supplied_at) <= supplement.deadline
        assert supplement.upload.file.read(5) == b"%PDF-"

    tasks = list(case.tasks.all())
    assert {task.status for task in tasks} == {TaskStatus.APPROVED}
    serial = sum(task.promised_limit for task in tasks)
    last = max(task.concluded_on for task in tasks)
    elapsed = WorkCalendar.load().between(case.accepted_on, last)
    assert (case.accepted_on, last) == (D(2026, 4, 13), D(2026, 4, 27))
    assert (elapsed, serial) == (10, 28)
    assert (case.elapsed_days, case.serial_days) == (elapsed, serial)
    independent = (Decimal(serial - elapsed) / serial * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert case.compression == independent == Decimal("64.3")  # the seed: approval time cut by 60 %+
    assert all(task.concluded_on <= task.due_date for task in tasks)


def test_a_case_is_suspended_now_within_its_grace_period(demo, settings):
    """生物医药 竣工验收: the civil-defence report never came; the sweep of 23 November suspended the item."""
    case = case_of("生物医药产业化项目", "S4")
    assert (case.intake_outcome, case.status) == (IntakeOutcome.DEFICIENT, CaseStatus.IN_PROGRESS)
    overdue = case.supplements.get(status=SupplementStatus.OVERDUE)
    assert overdue.material.name == "人防工程质量检测报告"
    assert overdue.deadline < SWEEP_DAY <= DEMO_TODAY
    suspended = case.tasks.get(status=TaskStatus.SUSPENDED)
    assert suspended == overdue.task and suspended.department.name == "市人防办"
    move = suspended.moves.get(kind=TaskMoveKind.SUSPENDED)
    assert timezone.localdate(move.at) == SWEEP_DAY and move.actor is None
    calendar = WorkCalendar.load()
    assert calendar.between(overdue.deadline, DEMO_TODAY) <= settings.APPROVAL_SUPPLEMENT_GRACE_DAYS
    assert case.supplements.filter(status=SupplementStatus.SUPPLIED).exists()
    suspended_cases = ApprovalCase.objects.filter(tasks__status=TaskStatus.SUSPENDED).distinct()
    assert list(suspended_cases) == [case]


def test_the_demo_shows_every_kind_of_case(demo):
    cases = ApprovalCase.objects.all()
    assert 30 <= cases.count() <= 50
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(cases.values_list("intake_outcome", flat=True)) == set(IntakeOutcome.values)
    results = set(cases.exclude(result="").values_list("result", flat=True))
    assert results == {CaseResult.APPROVED, CaseResult.PARTLY_REJECTED, CaseResult.RETURNED}
    refused = case_of("大围山生态旅游示范区", "S3")
    assert refused.status == CaseStatus.NOT_ACCEPTED and not refused.tasks.exists()
    assert any(entry["material"] == "施工合同" and entry["kind"] == "main" for entry in refused.missing)
    running = case_of("浏阳河文旅综合体", "S1")
    statuses = Counter(running.tasks.values_list("status", flat=True))
    assert statuses[TaskStatus.PENDING] and statuses[TaskStatus.REVIEWING] and statuses[TaskStatus.APPROVED]
    assert [t.item.code for t in running.tasks.all() if t.is_overdue(DEMO_TODAY)] == ["LY-S1-06"]
    corrected = TaskMove.objects.filter(kind=TaskMoveKind.CORRECTED)
    assert corrected.filter(task__case__project__name="高性能新材料产业化项目").exists()
    assert Supplement.objects.filter(status=SupplementStatus.LAPSED).exists()
    # the synthetic fill says it is synthetic
    for case in cases.exclude(project__code__in=[f"LY2024-00{n}" for n in range(1, 8)]):
        assert "示例" in case.project.name and "示例" in case.applicant_name


def test_every_action_was_taken_by_who_may_take_it_on_a_past_working_day(demo):
    calendar = WorkCalendar.load()
    for case in ApprovalCase.objects.select_related("project", "submitted_by"):
        assert case.submitted_by == case.project.service_commissioner, case
        submitted = timezone.localdate(case.submitted_at)
        assert submitted.year == 2026 and submitted < DEMO_TODAY and calendar.is_working_day(submitted)
    for move in TaskMove.objects.select_related("task__department", "task__case__project", "actor"):
        day = timezone.localdate(move.at)
        assert D(2026, 1, 1) <= day < DEMO_TODAY and calendar.is_working_day(day), move
        if move.kind in DEPARTMENT_MOVES:
            assert move.actor.unit_id == move.task.department_id, move
            assert move.actor.groups.filter(name=Role.DEPARTMENT_STAFF).exists()
        elif move.kind in APPLICANT_MOVES:
            assert move.actor == move.task.case.project.service_commissioner, move
    for material in CaseMaterial.objects.all():
        path = Path(material.file.path)
        assert path.read_bytes().startswith(b"%PDF-") and material.size == path.stat().st_size, path


def test_every_catalogue_department_has_a_clerk_and_real_figures(demo):
    office = User.objects.get(username="office")
    stats = approval_statistics(office, today=DEMO_TODAY)
    rows = {row["department"]: row for row in stats["departments"]}
    assert len(rows) == 9
    for name, row in rows.items():
        assert row["concluded"] > 0 and row["avg_days"] is not None, name
        clerks = User.objects.filter(unit__name=name, groups__name=Role.DEPARTMENT_STAFF)
        assert clerks.exists(), name
    assert sum(row["overdue"] for row in rows.values()) >= 3
    assert sum(row["suspended"] for row in rows.values()) == 1
    assert any(row["on_time_rate"] < 100 for row in rows.values())
    assert stats["cases"]["compression"] >= 60
    assert stats["supplements"]["overdue"] == 1 and stats["supplements"]["not_yet_due"] >= 1


def test_a_second_load_writes_nothing_for_approvals(demo):
    def snapshot():
        return {model: list(model._default_manager.order_by("pk").values()) for model in APPROVAL_MODELS}

    before = snapshot()
    created = load_demo()
    assert snapshot() == before
    assert not created
