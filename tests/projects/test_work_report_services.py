"""Progress reports (进度填报) through ``projects.services.reports``: filing, submitting, the office's
review, refusals that change nothing, optimistic concurrency and the derived cumulative figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from liuyang.exceptions import ConflictError
from projects.choices import ProjectStage, ReportFrequency, ReportStatus
from projects.models import ProgressReport, Project
from projects.services import reports as services
from projects.services.periods import period_for
from tests.action_matrix import TablesSnapshot
from tests.factories import ProjectFactory, TaskForceMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

FIGURES = {
    "construction": Decimal("1200"),
    "installation": Decimal("300"),
    "equipment": Decimal("450"),
    "other": Decimal("50"),
    "physical_progress": "3#厂房主体结构施工至四层",
    "percent_complete": Decimal("35"),
}


def this_month():
    return timezone.localdate().replace(day=1)


def months_ago(n):
    day = this_month()
    for _ in range(n):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


@pytest.fixture
def project():
    return ProjectFactory(stage=ProjectStage.CONSTRUCTION, actual_start=datetime.date(2025, 3, 10))


@pytest.fixture
def member(project):
    return TaskForceMemberFactory(task_force__project=project).user


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def file(project, member, period_start=None, submit=False, **fields):
    return services.save_report(
        project=project,
        actor=member,
        period_start=period_start or this_month(),
        submit=submit,
        **{**FIGURES, **fields},
    )


def watch():
    return TablesSnapshot([ProgressReport, Project])


# -- filing and submitting --------------------------------------------------------------------


def test_a_member_saves_a_draft_with_the_period_split_and_its_total(project, member):
    report = file(project, member)
    assert report.status == ReportStatus.DRAFT
    assert (report.frequency, report.period_start) == (ReportFrequency.MONTHLY, this_month())
    assert report.period_end == period_for(ReportFrequency.MONTHLY, this_month())[1]
    assert report.period_total == Decimal("2000")
    assert report.created_by == member and report.submitted_at is None
    assert report.history.get().history_change_reason == "保存进度"


def test_submitting_hands_the_report_to_the_office(project, member):
    report = file(project, member)
    report = services.save_report(project=project, actor=member, report=report, submit=True)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == member and report.submitted_at is not None
    assert report.history.latest().history_change_reason == "提交进度"


def test_a_weekly_project_reports_monday_to_sunday(project, member):
    project.report_frequency = ReportFrequency.WEEKLY
    project.save()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    report = file(project, member, period_start=monday)
    assert (report.frequency, report.period_end) == (
        ReportFrequency.WEEKLY,
        monday + datetime.timedelta(days=6),
    )


@pytest.mark.parametrize(
    "field, value",
    [
        ("construction", Decimal("-1")),
        ("percent_complete", Decimal("100.5")),
        ("physical_progress", ""),
    ],
)
def test_bad_figures_are_refused_on_their_field_and_nothing_is_saved(project, member, field, value):
    snapshot = watch()
    with pytest.raises(ValidationError) as refused:
        file(project, member, **{field: value})
    assert field in refused.value.message_dict
    snapshot.assert_unchanged()


# -- periods a report may be filed for -----------------------------------------------------------


def test_a_future_period_is_refused(project, member):
    next_month = (this_month() + datetime.timedelta(days=32)).replace(day=1)
    snapshot = watch()
    with pytest.raises(ValidationError) as refused:
        file(project, member, period_start=next_month)
    assert refused.value.message_dict["period_start"] == ["不能填报尚未开始的期间。"]
    snapshot.assert_unchanged()


def test_a_monthly_period_must_start_on_the_first(project, member):
    with pytest.raises(ValidationError) as refused:
        file(project, member, period_start=months_ago(1).replace(day=2))
    assert refused.value.message_dict["period_start"] == ["月报的期间应从当月 1 日开始。"]
    assert not ProgressReport.objects.exists()


def test_a_weekly_period_must_start_on_monday(project, member):
    project.report_frequency = ReportFrequency.WEEKLY
    project.save()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    with pytest.raises(ValidationError) as refused:
        file(project, member, period_start=monday + datetime.timedelta(days=1))
    assert refused.value.message_dict["period_start"] == ["周报的期间应从周一开始。"]
    assert not ProgressReport.objects.exists()


def test_a_second_report_for_the_same_period_is_refused(project, member):
    first = file(project, member, submit=True)
    snapshot = watch()
    with pytest.raises(ValidationError) as refused:
        file(project, member, construction=Decimal("9999"))
    assert refused.value.message_dict["period_start"] == ["该期间的进度已填报，请在原报表上修改。"]
    snapshot.assert_unchanged()
    first.refresh_from_db()
    assert first.construction == FIGURES["construction"]


# -- who may file -------------------------------------------------------------------------------


def test_a_member_of_another_task_force_may_not_file_and_nothing_changes(project):
    outsider = TaskForceMemberFactory().user  # a member of another project's task force
    snapshot = watch()
    with pytest.raises(PermissionDenied):
        file(project, outsider)
    snapshot.assert_unchanged()


def test_a_member_of_another_task_force_may_not_change_or_submit_a_report(project, member):
    report = file(project, member)
    outsider = TaskForceMemberFactory().user
    snapshot = watch()
    with pytest.raises(PermissionDenied):
        services.save_report(
            project=project, actor=outsider, report=report, submit=True, construction=Decimal("1")
        )
    snapshot.assert_unchanged()


def test_staff_may_not_review_and_nothing_changes(project, member):
    report = file(project, member, submit=True)
    snapshot = watch()
    with pytest.raises(PermissionDenied):
        services.accept(report, actor=member)
    with pytest.raises(PermissionDenied):
        services.return_report(report, actor=member, comment="请补充照片")
    snapshot.assert_unchanged()


# -- the office's review --------------------------------------------------------------------------


def test_the_office_accepts_a_submitted_report(project, member, office):
    report = services.accept(file(project, member, submit=True), actor=office, comment=" 数据属实 ")
    assert report.status == ReportStatus.ACCEPTED
    assert (report.reviewed_by, report.review_comment) == (office, "数据属实")
    assert report.history.latest().history_change_reason == "采纳"


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.ACCEPTED])
def test_only_a_submitted_report_can_be_accepted(project, member, office, status):
    report = file(project, member)
    ProgressReport.objects.filter(pk=report.pk).update(status=status)
    snapshot = watch()
    with pytest.raises(ValidationError):
        services.accept(report, actor=office)
    snapshot.assert_unchanged()


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_returning_needs_a_comment(project, member, office, comment):
    report = file(project, member, submit=True)
    snapshot = watch()
    with pytest.raises(ValidationError) as refused:
        services.return_report(report, actor=office, comment=comment)
    assert refused.value.message_dict["comment"] == ["退回时请填写意见，说明需要修改的内容。"]
    snapshot.assert_unchanged()


def test_a_returned_report_shows_why_and_is_fixed_and_submitted_again(project, member, office):
    report = file(project, member, submit=True)
    report = services.return_report(report, actor=office, comment="设备购置金额与合同不符，请核实")
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "设备购置金额与合同不符，请核实")
    assert report.history.latest().history_change_reason == "退回：设备购置金额与合同不符，请核实"
    report = services.save_report(
        project=project, actor=member, report=report, submit=True, equipment=Decimal("400")
    )
    assert (report.status, report.period_total) == (ReportStatus.SUBMITTED, Decimal("1950"))
    assert services.accept(report, actor=office).status == ReportStatus.ACCEPTED


def test_the_office_may_return_an_accepted_report(project, member, office):
    report = services.accept(file(project, member, submit=True), actor=office)
    assert services.return_report(report, actor=office, comment="统计口径调整，请重报").status == "returned"


def test_a_draft_cannot_be_returned(project, member, office):
    with pytest.raises(ValidationError):
        services.return_report(file(project, member), actor=office, comment="请补充")


def test_an_accepted_report_cannot_be_edited_and_nothing_changes(project, member, office):
    report = services.accept(file(project, member, submit=True), actor=office)
    snapshot = watch()
    with pytest.raises(ValidationError) as refused:
        services.save_report(project=project, actor=member, report=report, construction=Decimal("1"))
    assert refused.value.messages == ["报表已被采纳，不能再修改。"]
    snapshot.assert_unchanged()
    assert not services.can_edit(member, report)


# -- two people editing one report --------------------------------------------------------------


def test_a_stale_save_is_refused_with_a_message_and_the_first_save_is_kept(project, member):
    report = file(project, member)
    second_editor = TaskForceMemberFactory(task_force=project.task_force).user
    loaded = report.version  # both opened the form at this version
    services.save_report(
        project=project,
        actor=member,
        report=report,
        expected_version=loaded,
        construction=Decimal("1500"),
        physical_progress="主体结构施工至五层",
    )
    snapshot = watch()
    with pytest.raises(ConflictError) as conflict:
        services.save_report(
            project=project,
            actor=second_editor,
            report=report,
            expected_version=loaded,
            construction=Decimal("999"),
        )
    assert "已被他人修改" in str(conflict.value)
    snapshot.assert_unchanged()
    report.refresh_from_db()
    assert (report.construction, report.physical_progress, report.version) == (
        Decimal("1500"),
        "主体结构施工至五层",
        loaded + 1,
    )


def test_a_save_from_the_current_version_goes_through(project, member):
    report = file(project, member)
    saved = services.save_report(
        project=project, actor=member, report=report, expected_version=str(report.version), other=Decimal("0")
    )
    assert saved.version == report.version + 1


# -- derived figures: cumulative since start and since 1 January -----------------------------------


def test_cumulative_figures_run_since_start_and_restart_in_january(project, member, office):
    periods = [(datetime.date(2025, 11, 1), "800"), (datetime.date(2025, 12, 1), "1200")]
    periods += [(datetime.date(2026, 1, 1), "500"), (datetime.date(2026, 2, 1), "700")]
    for start, amount in periods:
        ProgressReport.objects.create(
            project=project,
            frequency=ReportFrequency.MONTHLY,
            period_start=start,
            period_end=period_for(ReportFrequency.MONTHLY, start)[1],
            status=ReportStatus.ACCEPTED,
            construction=Decimal(amount),
            physical_progress="施工中",
            percent_complete=Decimal("10"),
            created_by=member,
        )
    # a draft in between counts neither for itself nor for the months after it
    ProgressReport.objects.filter(period_start=datetime.date(2025, 12, 1)).update(status=ReportStatus.DRAFT)
    rows = services.with_cumulative(ProgressReport.objects.order_by("period_start"))
    assert [(r.period_start.month, r.cumulative_total, r.cumulative_ytd) for r in rows] == [
        (11, Decimal("800"), Decimal("800")),
        (12, Decimal("800"), Decimal("800")),
        (1, Decimal("1300"), Decimal("500")),
        (2, Decimal("2000"), Decimal("1200")),
    ]
    totals = services.with_completed(Project.objects.filter(pk=project.pk), year=2026).get()
    assert (totals.completed_total, totals.completed_ytd) == (Decimal("2000"), Decimal("1200"))
    last_year = services.with_completed(Project.objects.filter(pk=project.pk), year=2025).get()
    assert last_year.completed_ytd == Decimal("800")


def test_a_project_without_reports_has_completed_nothing(project):
    totals = services.with_completed(Project.objects.filter(pk=project.pk), year=2026).get()
    assert (totals.completed_total, totals.completed_ytd) == (0, 0)


def test_submitting_changes_the_cumulative_figures(project, member):
    report = file(project, member, period_start=months_ago(1))
    before = services.with_completed(Project.objects.filter(pk=project.pk)).get().completed_total
    services.save_report(project=project, actor=member, report=report, submit=True)
    after = services.with_completed(Project.objects.filter(pk=project.pk)).get().completed_total
    assert (before, after) == (0, Decimal("2000"))
