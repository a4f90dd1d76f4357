"""Overdue leads join the overdue notifications: investment.remind_overdue_leads, daily at 08:30.

An open lead whose next step is past its date reminds its owner and its team's leader,
once per lead and due date however often the task runs; on a real Celery worker too.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from accounts.roles import Role
from investment.choices import LeadStage
from investment.services import reminders
from investment.tasks import remind_overdue_leads
from notifications.choices import NotificationKind, TaskRunStatus
from notifications.models import Notification, TaskRun
from tests.factories import UserFactory
from tests.investment.factories import InvestmentLeadFactory, InvestmentTeamFactory
from tests.issues.test_workers import broker, broker_url, runs, wait_for, workers  # noqa: F401  (fixtures)

TODAY = datetime.date(2026, 11, 27)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def team(db):
    return InvestmentTeamFactory(members=[UserFactory(roles=[Role.INVESTMENT_TEAM])])


@pytest.fixture
def member(team):
    return team.members.get()


def late_lead(team, owner, due=None, **fields):
    return InvestmentLeadFactory(
        team=team,
        owner=owner,
        stage=fields.pop("stage", LeadStage.VISIT),
        next_step="提交项目可研和用地需求",
        next_step_due=due or days_ago(3),
        **fields,
    )


def test_an_overdue_lead_reminds_its_owner_and_the_team_leader_once(team, member):
    lead = late_lead(team, member, company="杭州云图数据科技有限公司")

    assert reminders.remind_overdue_leads(today=TODAY) == {"overdue": 1, "notified": 2}
    assert reminders.remind_overdue_leads(today=TODAY) == {"overdue": 1, "notified": 0}
    assert reminders.remind_overdue_leads(today=TODAY + datetime.timedelta(days=1))["notified"] == 0

    sent = Notification.objects.filter(key=f"lead:{lead.pk}:due:{days_ago(3)}")
    assert set(sent.values_list("recipient", flat=True)) == {member.pk, team.leader_id}
    notice = sent.first()
    assert notice.kind == NotificationKind.OVERDUE
    assert notice.title == "招商线索逾期：杭州云图数据科技有限公司"
    assert "提交项目可研和用地需求" in notice.body and "已逾期 3 天" in notice.body
    assert notice.url == lead.get_absolute_url()


def test_a_new_date_that_passes_again_reminds_again(team, member):
    lead = late_lead(team, member)
    reminders.remind_overdue_leads(today=TODAY)
    lead.next_step_due = days_ago(1)
    lead.save()

    assert reminders.remind_overdue_leads(today=TODAY)["notified"] == 2
    assert Notification.objects.filter(recipient=member).count() == 2


def test_only_open_leads_past_their_date_are_overdue(team, member):
    late_lead(team, member, due=TODAY)  # due today: not yet
    for stage in (LeadStage.SIGNED, LeadStage.LANDED, LeadStage.DROPPED):
        late_lead(team, member, stage=stage)
    InvestmentLeadFactory(team=team, owner=member, next_step="", next_step_due=None)
    counted = late_lead(team, member, stage=LeadStage.LEAD)

    assert [lead.pk for lead in reminders.overdue_leads(TODAY)] == [counted.pk]


def test_a_leader_who_owns_the_lead_is_reminded_once(team):
    late_lead(team, team.leader)
    assert reminders.remind_overdue_leads(today=TODAY)["notified"] == 1


def test_the_reminders_take_a_fixed_number_of_queries(team, member):
    late_lead(team, member)
    with CaptureQueriesContext(connection) as one:
        reminders.remind_overdue_leads(today=TODAY)
    for _ in range(6):
        late_lead(InvestmentTeamFactory(members=[UserFactory(roles=[Role.INVESTMENT_TEAM])]), member)
    with CaptureQueriesContext(connection) as seven:
        assert reminders.remind_overdue_leads(today=TODAY)["overdue"] == 7
    assert len(seven) == len(one), "one query per lead crept in"


def test_the_command_lists_without_writing_on_a_dry_run_and_reminds_without(team, member):
    late_lead(team, member, company="北京数游科技有限公司")
    out = StringIO()
    call_command("remind_overdue_leads", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    assert "北京数游科技有限公司" in out.getvalue() and "合计：1 条线索逾期" in out.getvalue()
    assert not Notification.objects.exists()

    out = StringIO()
    call_command("remind_overdue_leads", "--date", TODAY.isoformat(), stdout=out)
    assert "1 条线索逾期，新增提醒 2 条" in out.getvalue()
    assert Notification.objects.count() == 2


def test_the_task_records_its_run(team, member, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    late_lead(team, member)
    remind_overdue_leads.apply(kwargs={"today": TODAY.isoformat()})
    run = TaskRun.objects.get(name="investment.remind_overdue_leads")
    assert run.status == TaskRunStatus.SUCCEEDED and run.summary == {"overdue": 1, "notified": 2}


def test_beat_runs_it_every_morning_at_half_past_eight(db):
    task = PeriodicTask.objects.get(task="investment.remind_overdue_leads")
    assert task.enabled
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "8", "*")
    assert str(crontab.timezone) == "Asia/Shanghai"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_on_a_real_worker_remind_each_person_once_per_lead(workers, broker):  # noqa: F811
    leader = UserFactory(roles=[Role.INVESTMENT_TEAM])
    members = [UserFactory(roles=[Role.INVESTMENT_TEAM]) for _ in range(3)]
    team = InvestmentTeamFactory(leader=leader, members=members)
    late = [late_lead(team, owner, due=days_ago(n + 1)) for n, owner in enumerate(members)]
    late_lead(team, members[0], due=TODAY)  # not yet overdue
    workers.start(concurrency=2)
    for _ in range(2):
        broker.send_task("investment.remind_overdue_leads", kwargs={"today": TODAY.isoformat()})

    wait_for(lambda: runs("investment.remind_overdue_leads") == 2, workers)

    for lead in late:
        got = Notification.objects.filter(key=f"lead:{lead.pk}:due:{lead.next_step_due}")
        assert sorted(got.values_list("recipient", flat=True)) == sorted([lead.owner_id, leader.pk])
    assert Notification.objects.count() == 2 * len(late)
    # (each run counts what it asked for; the unique key keeps two racing runs from doubling up)
    summaries = [run.summary for run in TaskRun.objects.filter(name="investment.remind_overdue_leads")]
    assert [s["overdue"] for s in summaries] == [3, 3]
