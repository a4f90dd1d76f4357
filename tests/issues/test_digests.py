"""The weekly dispatch digest (每周调度简报): its content, once per task force and week, its schedule."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from accounts.roles import Role
from issues.choices import IssueLevel, IssueStatus
from issues.models import IssueCategory, LedgerIssue, WeeklyDigest
from issues.services import digests
from notifications.choices import NotificationKind, TaskRunStatus
from notifications.models import Notification, TaskRun
from projects.choices import ProjectStage
from tests.approvals.factories import Scene, at
from tests.factories import (
    DepartmentFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _urlpatterns():
    """The site's URLs with the digest pages inside the ``issues`` namespace (until issues/urls.py
    includes issues.urls_digests; then this is the site's own URLs)."""
    from django.urls import include, path

    from issues import urls as ledger_urls
    from liuyang import urls as root_urls

    issue_patterns = [*ledger_urls.urlpatterns, path("digests/", include("issues.urls_digests"))]
    return [
        *(p for p in root_urls.urlpatterns if getattr(p, "namespace", None) != "issues"),
        path("issues/", include((issue_patterns, "issues"))),
    ]


#: a URLconf for tests and test workers while the digest pages are not yet in the site's URLs
urlpatterns = _urlpatterns()


def digest_urlconf():
    """The URLconf module to use: the site's own when it has the digest pages, this one otherwise."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("issues:digest_list", urlconf=settings.ROOT_URLCONF)
    except NoReverseMatch:
        return __name__
    return settings.ROOT_URLCONF


@pytest.fixture(autouse=True)
def _digest_urls(settings):
    settings.ROOT_URLCONF = digest_urlconf()


FRIDAY = datetime.date(2026, 3, 13)  # ISO 2026-W11, Monday 9 March
MONDAY = datetime.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_issue(
    project, *, deadline, level=IssueLevel.UNIT, status=IssueStatus.ASSIGNED, title="用地报批滞后"
):
    return LedgerIssue.objects.create(
        project=project,
        title=title,
        category=IssueCategory.objects.get_or_create(name="用地")[0],
        raised_by=UserFactory(),
        raised_on=deadline - datetime.timedelta(days=20),
        responsible_unit=project.responsible_unit,
        deadline=deadline,
        level=level,
        status=status,
    )


def task_force_with_members(count=2, **project):
    task_force = TaskForceFactory(project=ProjectFactory(stage=ProjectStage.CONSTRUCTION, **project))
    for _ in range(count):
        TaskForceMemberFactory(task_force=task_force)
    return task_force


def test_compose_reports_what_the_weekly_meeting_looks_at():
    scene = Scene()
    task_force = TaskForceFactory(project=scene.project)
    project = scene.project
    author = UserFactory()
    filed = ProgressReportFactory(
        project=project,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 2, 28),
        created_by=author,
        submitted_at=at(datetime.date(2026, 3, 4)),
        percent_complete=Decimal("42.5"),
    )
    ProgressReportFactory(  # filed before last week began: already discussed
        project=project,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        created_by=author,
        submitted_at=at(datetime.date(2026, 2, 27)),
    )
    ProgressReportFactory(  # a draft is not progress
        project=project,
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2025, 12, 31),
        created_by=author,
        status="draft",
        submitted_at=None,
    )
    soon = MilestoneFactory(project=project, planned_date=FRIDAY + datetime.timedelta(days=14))
    late = MilestoneFactory(project=project, planned_date=FRIDAY - datetime.timedelta(days=1))
    MilestoneFactory(project=project, planned_date=FRIDAY + datetime.timedelta(days=15))  # not yet
    MilestoneFactory(project=project, planned_date=late.planned_date, actual_date=late.planned_date)  # done
    make_issue(project, deadline=FRIDAY - datetime.timedelta(days=1), level=IssueLevel.OFFICE)
    make_issue(project, deadline=FRIDAY, level=IssueLevel.OFFICE)  # due today: not overdue yet
    make_issue(project, deadline=FRIDAY + datetime.timedelta(days=5))
    make_issue(project, deadline=FRIDAY - datetime.timedelta(days=9), status=IssueStatus.CLOSED)
    case = scene.submit_deficient(when=datetime.date(2026, 3, 2))

    content = digests.compose(task_force, MONDAY, FRIDAY)

    assert [row["id"] for row in content["progress"]] == [filed.pk]
    assert content["progress"][0]["completed_investment"] == "1500.00"
    assert content["progress"][0]["percent_complete"] == "42.50"
    assert [m["id"] for m in content["milestones"]["due_soon"]] == [soon.pk]
    assert [m["id"] for m in content["milestones"]["overdue"]] == [late.pk]
    levels = {row["level"]: row for row in content["issues"]["by_level"]}
    assert (levels[IssueLevel.OFFICE]["open"], levels[IssueLevel.OFFICE]["overdue"]) == (2, 1)
    assert (levels[IssueLevel.UNIT]["open"], levels[IssueLevel.UNIT]["overdue"]) == (1, 0)
    assert content["issues"]["open_count"] == 3
    assert content["issues"]["overdue_count"] == 1
    open_tasks = case.tasks.count()
    assert content["approvals"]["pending_count"] == open_tasks
    assert {row["case"] for row in content["approvals"]["tasks"]} == {case.code}
    # the promised material of item A, due within the fortnight or already late
    assert [row["case"] for row in content["supplements"]] == [case.code] * case.supplements.count()
    assert content["week_start"] == "2026-03-09"
    assert content["since"] == "2026-03-02"


def test_send_weekly_digests_once_per_task_force_and_week_and_notifies_members_and_leader():
    first = task_force_with_members(2)
    second = task_force_with_members(1)

    done = digests.send_weekly_digests(today=FRIDAY)
    again = digests.send_weekly_digests(today=MONDAY)  # same ISO week

    assert done["created"] == 2
    assert again == {"created": 0, "notified": 0, "skipped": 0}
    assert WeeklyDigest.objects.count() == 2
    digest = WeeklyDigest.objects.get(task_force=first)
    assert (digest.iso_year, digest.iso_week, digest.week_start) == (2026, 11, MONDAY)
    for task_force in (first, second):
        key = f"digest:{task_force.pk}:2026-W11"
        people = {m.user_id for m in task_force.members.all()} | {task_force.leader_id}
        assert set(Notification.objects.filter(key=key).values_list("recipient_id", flat=True)) == people
        assert Notification.objects.filter(key=key, kind=NotificationKind.DIGEST).count() == len(people)
    assert done["notified"] == 5


def test_the_next_iso_week_gets_a_new_digest():
    task_force_with_members(1)
    digests.send_weekly_digests(today=datetime.date(2026, 3, 15))  # Sunday of W11
    digests.send_weekly_digests(today=datetime.date(2026, 3, 16))  # Monday of W12
    assert sorted(WeeklyDigest.objects.values_list("iso_week", flat=True)) == [11, 12]


def test_an_existing_digest_is_not_recomposed_or_resent():
    task_force = task_force_with_members(1)
    WeeklyDigest.objects.create(
        task_force=task_force, iso_year=2026, iso_week=11, week_start=MONDAY, content={"x": 1}
    )
    assert digests.send_weekly_digests(today=FRIDAY)["created"] == 0
    assert WeeklyDigest.objects.get().content == {"x": 1}
    assert not Notification.objects.exists()


def _queries(today):
    with CaptureQueriesContext(connection) as captured:
        digests.send_weekly_digests(today=today)
    return len(captured)


def _busy(task_force, n):
    """Give a task force's project n of everything the digest reads."""
    project = task_force.project
    for i in range(n):
        MilestoneFactory(project=project, planned_date=FRIDAY + datetime.timedelta(days=i - 2))
        make_issue(project, deadline=FRIDAY + datetime.timedelta(days=i - 2), title=f"问题{i}")
        ProgressReportFactory(
            project=project,
            period_start=datetime.date(2025, 12 - i, 1),
            period_end=datetime.date(2025, 12 - i, 28),
            submitted_at=at(datetime.date(2026, 3, 10)),
        )
        TaskForceMemberFactory(task_force=task_force)


def test_queries_are_fixed_per_task_force_not_growing_with_its_records():
    """A run costs a fixed number of queries per task force, however much each project holds."""
    one = task_force_with_members(1)
    two = task_force_with_members(1)
    small = _queries(FRIDAY)
    WeeklyDigest.objects.all().delete()
    Notification.objects.all().delete()
    _busy(one, 4)
    _busy(two, 4)
    assert _queries(FRIDAY) == small, "the digest's queries grow with the project's records"
    WeeklyDigest.objects.all().delete()
    Notification.objects.all().delete()
    task_force_with_members(1)
    three = _queries(FRIDAY)
    per_task_force = three - small
    assert per_task_force <= 16  # savepoints, get_or_create, 7 to compose, 3 to notify
    assert small - 2 * per_task_force <= 4, "a run's fixed cost grew"


def test_command_dry_run_lists_without_writing_and_the_run_writes(capsys):
    task_force = task_force_with_members(1)
    call_command("send_weekly_digests", "--dry-run", "--date", "2026-03-13")
    out = capsys.readouterr().out
    assert task_force.project.code in out and "2026年第11周" in out
    assert not WeeklyDigest.objects.exists()
    call_command("send_weekly_digests", "--date", "2026-03-13")
    assert WeeklyDigest.objects.count() == 1
    call_command("send_weekly_digests", "--dry-run", "--date", "2026-03-13")
    assert "合计：0 个专班" in capsys.readouterr().out


def test_the_task_records_its_run():
    from issues.tasks import send_weekly_digests

    task_force_with_members(1)
    send_weekly_digests.apply(kwargs={"today": "2026-03-13"})  # in-process, broker or not
    run = TaskRun.objects.get(name="issues.send_weekly_digests")
    assert run.status == TaskRunStatus.SUCCEEDED
    assert run.summary["created"] == 1


def test_beat_sends_the_digest_on_friday_afternoon_and_reminders_every_morning():
    digest = PeriodicTask.objects.get(task="issues.send_weekly_digests")
    assert (digest.crontab.day_of_week, digest.crontab.hour, digest.crontab.minute) == ("5", "16", "0")
    assert str(digest.crontab.timezone) == "Asia/Shanghai"
    reminders = PeriodicTask.objects.get(task="issues.remind_missing_reports")
    assert (reminders.crontab.day_of_week, reminders.crontab.hour, reminders.crontab.minute) == (
        "*",
        "9",
        "0",
    )
    assert digest.enabled and reminders.enabled


def test_an_office_user_and_department_staff_are_not_digest_recipients():
    task_force = task_force_with_members(1)
    UserFactory(roles=[Role.KEY_OFFICE])
    UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=DepartmentFactory())
    digests.send_weekly_digests(today=FRIDAY)
    assert Notification.objects.count() == 2  # the member and the leader
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        task_force.members.get().user_id,
        task_force.leader_id,
    }


# -- the pages -------------------------------------------------------------------------------


@pytest.fixture
def sent():
    task_force = task_force_with_members(1)
    make_issue(task_force.project, deadline=FRIDAY - datetime.timedelta(days=1), title='=HYPERLINK("x")')
    digests.send_weekly_digests(today=FRIDAY)
    return task_force, WeeklyDigest.objects.get(task_force=task_force)


def _viewers(task_force):
    return {
        "member": task_force.members.get().user,
        "leader": task_force.leader,
        "office": UserFactory(roles=[Role.KEY_OFFICE]),
        "other leader": UserFactory(roles=[Role.CITY_LEADER]),
    }


def test_members_leader_office_and_leaders_see_the_digest_and_others_do_not(client, sent):
    from django.urls import reverse

    task_force, digest = sent
    urls = [
        digest.get_absolute_url(),
        reverse("issues:digest_xlsx", args=[digest.pk]),
    ]
    for who, user in _viewers(task_force).items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (who, url)
        assert digest.get_absolute_url() in client.get(reverse("issues:digest_list")).content.decode(), who
    outsiders = [
        UserFactory(roles=[Role.TASK_FORCE_STAFF]),  # a member of another task force
        UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=task_force.project.responsible_unit),
    ]
    for user in outsiders:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert digest.get_absolute_url() not in client.get(reverse("issues:digest_list")).content.decode()
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_the_page_shows_the_stored_snapshot(client, sent):
    task_force, digest = sent
    client.force_login(task_force.leader)
    body = client.get(digest.get_absolute_url()).content.decode()
    assert task_force.project.name in body and "2026年第11周" in body
    assert "HYPERLINK" in body  # an issue title, escaped by the template


def test_the_workbook_has_a_sheet_per_section_and_neutralises_formulas(client, sent):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    task_force, digest = sent
    client.force_login(task_force.leader)
    response = client.get(reverse("issues:digest_xlsx", args=[digest.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "进度填报", "工作节点", "问题清单", "审批事项", "容缺材料"]
    issues = book["问题清单"]
    assert issues.freeze_panes == "A3"
    title = issues.cell(row=3, column=1).value
    assert title.startswith("'=") and issues.cell(row=3, column=1).data_type == "s"
