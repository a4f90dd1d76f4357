"""``manage.py sweep_supplements``: the dry run lists what the sweep then does, and writes nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from approvals.choices import CaseStatus, SupplementStatus, TaskMoveKind, TaskStatus
from approvals.models import ApprovalCase, ApprovalTask, Supplement, TaskMove

pytestmark = pytest.mark.django_db

D = datetime.date


def sweep(*args):
    out = StringIO()
    call_command("sweep_supplements", *args, stdout=out)
    return out.getvalue()


def state():
    """Everything a sweep may change."""
    return (
        list(Supplement.objects.order_by("pk").values_list("status", "overdue_since")),
        list(ApprovalTask.objects.order_by("pk").values_list("status", "paused_since", "due_date")),
        list(ApprovalCase.objects.order_by("pk").values_list("status", "result")),
        TaskMove.objects.count(),
    )


def test_dry_run_lists_the_overdue_material_and_the_item_to_suspend_and_writes_nothing(scene):
    case = scene.submit_deficient()  # item A's secondary material due Monday 9 March 2026
    before = state()

    out = sweep("--date", "2026-03-10", "--dry-run")

    assert state() == before
    assert "预览（按 2026-03-10 计算，未写入任何数据）" in out
    assert f"{case.code} {scene.project.name} · 用地预审 · {scene.later_a.name}（补齐期限 2026-03-09）" in out
    assert "将中止办理的事项（1 个）" in out and "测试自然资源局" in out
    assert "将退件的申报件（0 件）" in out
    assert "合计：涉及 1 件申报件，1 项材料将转为逾期未补，将中止 1 个事项，将退件 0 件。" in out


def test_the_run_does_what_the_dry_run_said_once_dated_the_day_it_catches_up(scene):
    case = scene.submit_deficient()
    sweep("--date", "2026-03-10", "--dry-run")

    out = sweep("--date", "2026-03-10")

    assert "检查 1 件申报件，1 项材料转为逾期未补，中止 1 个事项，退件 0 件" in out
    supplement = case.supplements.get()
    assert (supplement.status, supplement.overdue_since) == (SupplementStatus.OVERDUE, D(2026, 3, 9))
    task = case.tasks.get(item=scene.item_a)
    assert task.status == TaskStatus.SUSPENDED
    move = task.moves.get(kind=TaskMoveKind.SUSPENDED)
    assert timezone.localtime(move.at).date() == D(2026, 3, 10) and move.actor is None
    # a second run the same day changes nothing, and says so
    before = state()
    assert "中止 0 个事项，退件 0 件" in sweep("--date", "2026-03-10")
    assert state() == before


def test_past_the_grace_period_the_dry_run_names_the_case_to_return_and_the_run_returns_it(scene, settings):
    settings.APPROVAL_SUPPLEMENT_GRACE_DAYS = 15
    case = scene.submit_deficient()
    # 15 working days after the deadline (9 March) is 30 March: the 31st is past the grace period
    assert "将退件的申报件（0 件）" in sweep("--date", "2026-03-30", "--dry-run")
    before = state()
    out = sweep("--date", "2026-03-31", "--dry-run")
    assert state() == before
    assert f"{case.code} {scene.project.name}：超过 15 个工作日宽限期仍未补齐 {scene.later_a.name}" in out
    assert "终止 2 个在办事项" in out

    assert "退件 1 件" in sweep("--date", "2026-03-31")
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    assert set(case.tasks.values_list("status", flat=True)) == {TaskStatus.WITHDRAWN}


def test_verbose_run_lists_the_plan_too(scene):
    scene.submit_deficient()
    out = StringIO()
    call_command("sweep_supplements", "--date", "2026-03-10", verbosity=2, stdout=out)
    assert "将中止办理的事项（1 个）" in out.getvalue() and "中止 1 个事项" in out.getvalue()


def test_without_a_date_it_sweeps_as_of_today(scene):
    case = scene.submit_deficient(when=timezone.localdate() - datetime.timedelta(days=120))
    assert f"（{timezone.localdate()}）" in sweep()
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED


def test_a_future_date_only_as_a_dry_run_and_a_bad_date_is_refused(scene):
    scene.submit_deficient()
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    before = state()
    with pytest.raises(CommandError, match="--dry-run"):
        sweep("--date", future)
    assert f"按 {future} 计算" in sweep("--date", future, "--dry-run")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        sweep("--date", "2026/03/10")
    assert state() == before
