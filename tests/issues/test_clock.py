"""Deadlines at the boundaries of the day and the week, in Asia/Shanghai (no worker).

The clock is set by patching ``django.utils.timezone.now`` (the platform has no
freezegun); the services read the local date from it. Shanghai is UTC+8, so
00:01 local is still the previous day in UTC: a date taken in UTC would be wrong
for eight hours a day.
"""

import datetime
import zoneinfo
from unittest import mock

import pytest

from issues.choices import IssueLevel
from issues.models import EscalationStep, IssueCategory, LedgerIssue, WeeklyDigest
from issues.services import digests, reminders
from issues.services.escalation import escalate_overdue
from notifications.models import Notification
from projects.choices import ProjectStage
from tests.factories import ProjectFactory, TaskForceFactory, TaskForceMemberFactory, UserFactory
from tests.issues.test_digests import digest_urlconf

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _digest_urls(settings):
    settings.ROOT_URLCONF = digest_urlconf()


def local(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def clock(moment):
    """Set the platform's clock to ``moment`` (returned by timezone.now in UTC, as Django does)."""
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC))


def issue_due(day):
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    return LedgerIssue.objects.create(
        project=project,
        title="供电线路迁改",
        category=IssueCategory.objects.get_or_create(name="水电气等配套")[0],
        raised_by=UserFactory(),
        raised_on=day - datetime.timedelta(days=10),
        responsible_unit=project.responsible_unit,
        deadline=day,
    )


def test_an_issue_due_today_is_not_overdue_until_tomorrow_local_time():
    due = datetime.date(2026, 3, 13)
    issue = issue_due(due)

    with clock(local(due, 23, 59)):
        assert escalate_overdue()["escalated"] == 0
    with clock(local(due + datetime.timedelta(days=1), 0, 1)):  # 16:01 UTC on the due day
        assert escalate_overdue()["escalated"] == 1

    issue.refresh_from_db()
    assert issue.level == IssueLevel.OFFICE
    step = EscalationStep.objects.get(issue=issue)
    assert step.at == local(due + datetime.timedelta(days=1), 0, 1)


def test_the_sweep_at_the_last_minute_of_the_day_and_the_first_of_the_next_escalates_once():
    due = datetime.date(2026, 3, 12)
    issue = issue_due(due)
    with clock(local(due + datetime.timedelta(days=1), 23, 59)):
        escalate_overdue()
    with clock(local(due + datetime.timedelta(days=2), 0, 1)):
        escalate_overdue()
    assert EscalationStep.objects.filter(issue=issue).count() == 1


def _task_force():
    task_force = TaskForceFactory(project=ProjectFactory(stage=ProjectStage.CONSTRUCTION))
    TaskForceMemberFactory(task_force=task_force)
    return task_force


def test_the_digest_week_turns_at_monday_midnight_local_time():
    task_force = _task_force()
    sunday = datetime.date(2026, 3, 15)

    with clock(local(sunday, 23, 59)):
        digests.send_weekly_digests()
    with clock(local(sunday + datetime.timedelta(days=1), 0, 1)):  # still Sunday in UTC
        digests.send_weekly_digests()

    weeks = list(WeeklyDigest.objects.order_by("week_start").values_list("iso_week", "week_start"))
    assert weeks == [(11, datetime.date(2026, 3, 9)), (12, datetime.date(2026, 3, 16))]
    assert set(Notification.objects.filter(recipient=task_force.leader).values_list("key", flat=True)) == {
        f"digest:{task_force.pk}:2026-W11",
        f"digest:{task_force.pk}:2026-W12",
    }


def test_the_digest_of_the_iso_week_across_new_year():
    _task_force()
    with clock(local(datetime.date(2026, 12, 31), 16, 0)):  # a Thursday: ISO 2026-W53
        digests.send_weekly_digests()
    with clock(local(datetime.date(2027, 1, 3), 16, 0)):  # Sunday, the same ISO week
        digests.send_weekly_digests()
    assert list(WeeklyDigest.objects.values_list("iso_year", "iso_week")) == [(2026, 53)]


def test_a_report_is_late_from_the_first_minute_after_its_due_day_local_time():
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    TaskForceMemberFactory(task_force=TaskForceFactory(project=project))
    due = datetime.date(2026, 3, 5)  # February's report
    with clock(local(due, 23, 59)):
        assert reminders.remind_missing_reports()["late"] == 0
    with clock(local(due + datetime.timedelta(days=1), 0, 1)):
        assert reminders.remind_missing_reports()["late"] == 1
