"""Report reminders (进度填报提醒): a late report of the previous period, reminded once per period."""

import datetime

import pytest
from django.core.management import call_command

from accounts.roles import Role
from issues.services import reminders
from notifications.choices import NotificationKind, TaskRunStatus
from notifications.models import Notification, TaskRun
from projects.choices import ProjectStage
from tests.factories import (
    ProgressReportFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 5)  # February's report is due on the 5th (a Thursday)
LATE = DUE + datetime.timedelta(days=1)
FEBRUARY = datetime.date(2026, 2, 1)


def project_with_people(stage=ProjectStage.CONSTRUCTION, members=1, **fields):
    project = ProjectFactory(
        stage=stage, service_commissioner=UserFactory(roles=[Role.SERVICE_COMMISSIONER]), **fields
    )
    task_force = TaskForceFactory(project=project)
    for _ in range(members):
        TaskForceMemberFactory(task_force=task_force)
    return project


def people(project):
    return {m.user_id for m in project.task_force.members.all()} | {project.service_commissioner_id}


def reminded(project, period_start=FEBRUARY):
    return set(
        Notification.objects.filter(
            key=f"report:{project.pk}:{period_start}", kind=NotificationKind.REPORT_REMINDER
        ).values_list("recipient_id", flat=True)
    )


def test_a_missing_report_is_reminded_to_members_and_commissioner_once_per_period():
    project = project_with_people(members=2)

    first = reminders.remind_missing_reports(today=LATE)
    again = reminders.remind_missing_reports(today=LATE + datetime.timedelta(days=1))

    assert reminded(project) == people(project)
    assert project.task_force.leader_id not in reminded(project)
    assert first == {"late": 1, "notified": 3}
    assert again == {"late": 1, "notified": 0}, "a period is reminded once, however often the task runs"


def test_not_late_on_the_due_day():
    project_with_people()
    assert reminders.remind_missing_reports(today=DUE) == {"late": 0, "notified": 0}


def test_a_filed_report_is_not_reminded_but_a_draft_is():
    filed = project_with_people()
    ProgressReportFactory(project=filed, period_start=FEBRUARY, period_end=datetime.date(2026, 2, 28))
    draft = project_with_people()
    ProgressReportFactory(
        project=draft, period_start=FEBRUARY, period_end=datetime.date(2026, 2, 28), status="draft"
    )
    reminders.remind_missing_reports(today=LATE)
    assert not reminded(filed)
    assert reminded(draft) == people(draft)


def test_only_projects_being_prepared_or_built_are_reminded():
    reserve = project_with_people(stage=ProjectStage.RESERVE)
    completed = project_with_people(stage=ProjectStage.COMPLETED)
    preparing = project_with_people(stage=ProjectStage.PREPARATION)
    reminders.remind_missing_reports(today=LATE)
    assert not reminded(reserve) and not reminded(completed)
    assert reminded(preparing) == people(preparing)


def test_a_weekly_project_is_reminded_for_last_week():
    project = project_with_people(report_frequency="weekly")
    # Wednesday 11 March: last week (2–8 March) was due on Friday 6 March
    reminders.remind_missing_reports(today=datetime.date(2026, 3, 11))
    assert reminded(project, datetime.date(2026, 3, 2)) == people(project)


def test_the_next_period_is_reminded_again():
    project = project_with_people()
    reminders.remind_missing_reports(today=LATE)
    reminders.remind_missing_reports(today=datetime.date(2026, 4, 10))  # March's report is late by then
    assert reminded(project, datetime.date(2026, 3, 1)) == people(project)
    assert Notification.objects.filter(kind=NotificationKind.REPORT_REMINDER).count() == 4


def test_command_dry_run_lists_without_writing(capsys):
    project = project_with_people()
    call_command("remind_missing_reports", "--dry-run", "--date", LATE.isoformat())
    out = capsys.readouterr().out
    assert project.code in out and "合计：1 个项目" in out
    assert not Notification.objects.exists()
    call_command("remind_missing_reports", "--date", LATE.isoformat())
    assert reminded(project) == people(project)


def test_the_task_records_its_run():
    from issues.tasks import remind_missing_reports

    project_with_people()
    remind_missing_reports.apply(kwargs={"today": LATE.isoformat()})  # in-process, broker or not
    run = TaskRun.objects.get(name="issues.remind_missing_reports")
    assert run.status == TaskRunStatus.SUCCEEDED and run.summary == {"late": 1, "notified": 2}
