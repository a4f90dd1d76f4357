"""Reporting periods, work plans (工作方案) and dispatch meetings (调度会) through ``projects.services``.

Progress reports: test_work_report_services.py; photos: test_work_photo_services.py;
status lights: test_lights.py.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from liuyang.exceptions import ConflictError
from projects.choices import MeetingFrequency, MilestonePhase, MilestoneStatus, ReportFrequency
from projects.models import ActionItem, DispatchMeeting, Milestone, MilestoneTemplate
from projects.services import meetings, periods, workplans
from tests.action_matrix import TablesSnapshot
from tests.factories import (
    DepartmentFactory,
    DispatchMeetingFactory,
    MilestoneFactory,
    ProjectFactory,
    TaskForceMemberFactory,
    UserFactory,
)

D = datetime.date
MONTHLY, WEEKLY = ReportFrequency.MONTHLY, ReportFrequency.WEEKLY


# -- periods: calendar months, Monday–Sunday weeks ----------------------------------------------------


@pytest.mark.parametrize(
    "day, period",
    [
        (D(2026, 11, 27), (D(2026, 11, 1), D(2026, 11, 30))),
        (D(2026, 12, 1), (D(2026, 12, 1), D(2026, 12, 31))),
        (D(2026, 2, 14), (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2028, 2, 29), (D(2028, 2, 1), D(2028, 2, 29))),  # leap year
    ],
)
def test_a_month_runs_from_the_first_to_its_last_day(day, period):
    assert periods.period_for(MONTHLY, day) == period


@pytest.mark.parametrize(
    "day, period",
    [
        (D(2026, 11, 23), (D(2026, 11, 23), D(2026, 11, 29))),  # Monday
        (D(2026, 11, 27), (D(2026, 11, 23), D(2026, 11, 29))),  # Friday
        (D(2026, 11, 29), (D(2026, 11, 23), D(2026, 11, 29))),  # Sunday belongs to the week before
        (D(2027, 1, 1), (D(2026, 12, 28), D(2027, 1, 3))),  # a week across the new year
    ],
)
def test_a_week_runs_from_monday_to_sunday(day, period):
    assert periods.period_for(WEEKLY, day) == period


@pytest.mark.parametrize(
    "frequency, start, ok",
    [
        (MONTHLY, D(2026, 11, 1), True),
        (MONTHLY, D(2026, 11, 2), False),
        (WEEKLY, D(2026, 11, 23), True),
        (WEEKLY, D(2026, 11, 24), False),
        (WEEKLY, D(2026, 11, 1), False),  # a Sunday
    ],
)
def test_a_period_must_start_where_its_frequency_starts(frequency, start, ok):
    if ok:
        periods.check_period_start(frequency, start)
    else:
        with pytest.raises(ValidationError) as refused:
            periods.check_period_start(frequency, start)
        assert "period_start" in refused.value.message_dict


@pytest.mark.parametrize(
    "frequency, start, due",
    [
        (MONTHLY, D(2026, 10, 1), D(2026, 11, 5)),
        (MONTHLY, D(2026, 12, 1), D(2027, 1, 5)),  # December's report is due in January
        (MONTHLY, D(2026, 1, 1), D(2026, 2, 5)),
        (WEEKLY, D(2026, 11, 23), D(2026, 11, 27)),  # the week's Friday
        (WEEKLY, D(2026, 12, 28), D(2027, 1, 4)),  # Friday 1 Jan is 元旦: the next working day
    ],
)
def test_a_report_is_due_on_the_5th_of_next_month_or_on_the_weeks_friday(frequency, start, due, settings, db):
    settings.PROGRESS_MONTHLY_DUE_DAY = 5
    settings.PROGRESS_WEEKLY_DUE_WEEKDAY = 4
    assert periods.due_date(frequency, start) == due


def test_due_days_are_settings(settings, db):
    settings.PROGRESS_MONTHLY_DUE_DAY = 10
    settings.PROGRESS_WEEKLY_DUE_WEEKDAY = 0  # Monday of the week
    assert periods.due_date(MONTHLY, D(2026, 12, 1)) == D(2027, 1, 11)  # the 10th is a Sunday
    assert periods.due_date(WEEKLY, D(2026, 11, 23)) == D(2026, 11, 23)


def test_a_due_day_past_the_end_of_a_month_falls_on_its_last_day(settings, db):
    settings.PROGRESS_MONTHLY_DUE_DAY = 31
    assert periods.due_date(MONTHLY, D(2026, 1, 1)) == D(2026, 2, 28)  # a 调休 working Saturday
    assert periods.due_date(MONTHLY, D(2026, 2, 1)) == D(2026, 3, 31)


def test_a_due_day_on_a_holiday_moves_to_the_next_working_day(settings, db):
    settings.PROGRESS_MONTHLY_DUE_DAY = 5
    # September 2026's report: 5 October is in the National Day holiday (1–7 Oct)
    assert periods.due_date(MONTHLY, D(2026, 9, 1)) == D(2026, 10, 8)
    # weekly report due Friday 1 May 2026 (劳动节, off until 5 May)
    assert periods.due_date(WEEKLY, D(2026, 4, 27)) == D(2026, 5, 6)


def test_the_current_and_the_previous_period(settings):
    assert periods.current_period(MONTHLY, D(2026, 1, 15)) == (D(2026, 1, 1), D(2026, 1, 31))
    assert periods.previous_period(MONTHLY, D(2026, 1, 1)) == (D(2025, 12, 1), D(2025, 12, 31))
    assert periods.previous_period(WEEKLY, D(2027, 1, 4)) == (D(2026, 12, 28), D(2027, 1, 3))


# -- work plans: templates ------------------------------------------------------------------------


@pytest.fixture
def project(db):
    return ProjectFactory(planned_start=D(2026, 3, 1))


@pytest.fixture
def member(project):
    return TaskForceMemberFactory(task_force__project=project).user


@pytest.fixture
def industrial_template(db):
    return MilestoneTemplate.objects.get(project_type="industrial")


def test_the_migrations_give_a_template_per_project_type_with_pre_and_construction_nodes(db):
    for template in MilestoneTemplate.objects.all():
        names = list(template.items.values_list("name", flat=True))
        assert {"土地征收", "规划设计方案", "环评安评", "施工许可", "拆迁"} <= set(names), template
        assert template.items.filter(phase=MilestonePhase.CONSTRUCTION).exists()
    industrial = MilestoneTemplate.objects.get(project_type="industrial").items.values_list("name", flat=True)
    assert list(industrial)[-9:] == [
        "拆迁",
        "打桩",
        "开挖",
        "正负零",
        "主体封顶",
        "主体竣工",
        "设备安装调试",
        "部分投产",
        "全部投产",
    ]


def test_applying_a_template_adds_its_nodes_with_dates_from_the_planned_start(
    project, member, industrial_template
):
    created = workplans.apply_template(project, industrial_template, actor=member)
    items = list(industrial_template.items.order_by("sort_order"))
    assert [m.name for m in created] == [i.name for i in items]
    for milestone, item in zip(created, items, strict=True):
        assert milestone.planned_date == project.planned_start + datetime.timedelta(days=item.offset_days)
        assert (milestone.phase, milestone.owner_unit) == (item.phase, project.responsible_unit)
        assert milestone.history.get().history_change_reason == "套用模板“产业项目标准工作方案”"
    by_name = {m.name: m.planned_date for m in created}
    assert by_name["土地征收"] == D(2025, 10, 2)  # 150 days before the start
    assert by_name["全部投产"] == D(2027, 10, 22)  # 600 days after
    assert [m.sort_order for m in created] == sorted(m.sort_order for m in created)


def test_applying_a_template_again_skips_the_nodes_a_plan_has_and_keeps_adjustments(
    project, member, industrial_template
):
    workplans.apply_template(project, industrial_template, actor=member)
    land = project.milestones.get(name="土地征收")
    workplans.save_milestone(actor=member, milestone=land, planned_date=D(2025, 12, 31))
    project.milestones.filter(name="全部投产").delete()
    snapshot_names = set(project.milestones.values_list("name", flat=True))

    created = workplans.apply_template(project, industrial_template, actor=member)

    assert [m.name for m in created] == ["全部投产"]
    assert created[0].sort_order > max(m.sort_order for m in project.milestones.exclude(pk=created[0].pk))
    assert project.milestones.get(name="土地征收").planned_date == D(2025, 12, 31)
    assert set(project.milestones.values_list("name", flat=True)) == snapshot_names | {"全部投产"}


def test_a_template_applied_to_a_project_without_a_planned_start_leaves_dates_open(
    member, industrial_template
):
    project = member.task_force_memberships.get().task_force.project
    project.planned_start = None
    project.planned_completion = None
    project.save()
    created = workplans.apply_template(project, industrial_template, actor=member)
    assert created and all(m.planned_date is None for m in created)


def test_an_inactive_template_is_refused(project, member, industrial_template):
    industrial_template.is_active = False
    industrial_template.save()
    with pytest.raises(ValidationError) as refused:
        workplans.apply_template(project, industrial_template, actor=member)
    assert "template" in refused.value.message_dict
    assert not project.milestones.exists()


def test_a_member_of_another_task_force_may_not_apply_a_template_and_nothing_changes(
    project, industrial_template
):
    outsider = TaskForceMemberFactory().user
    snapshot = TablesSnapshot([Milestone])
    with pytest.raises(PermissionDenied):
        workplans.apply_template(project, industrial_template, actor=outsider)
    snapshot.assert_unchanged()


# -- work plans: a node's status follows from its dates ------------------------------------------------

TODAY = D(2026, 11, 27)
STATUS_CASES = [
    # planned, started, done → status on TODAY
    (D(2026, 12, 31), None, None, MilestoneStatus.NOT_STARTED),
    (None, None, None, MilestoneStatus.NOT_STARTED),
    (D(2026, 12, 31), D(2026, 11, 1), None, MilestoneStatus.IN_PROGRESS),
    (None, D(2026, 11, 1), None, MilestoneStatus.IN_PROGRESS),
    (TODAY, D(2026, 11, 1), None, MilestoneStatus.IN_PROGRESS),  # due today: not overdue yet
    (D(2026, 11, 26), None, None, MilestoneStatus.OVERDUE),
    (D(2026, 11, 26), D(2026, 11, 1), None, MilestoneStatus.OVERDUE),  # started but late
    (D(2026, 11, 26), D(2026, 11, 1), D(2026, 11, 27), MilestoneStatus.DONE),  # done late is done
    (D(2026, 12, 31), None, D(2026, 10, 1), MilestoneStatus.DONE),  # done early
]


def test_status_in_python_and_in_the_database_agree(project):
    expected = {}
    for n, (planned, started, done, status) in enumerate(STATUS_CASES):
        milestone = MilestoneFactory(
            project=project, name=f"节点{n}", planned_date=planned, started_on=started, actual_date=done
        )
        expected[milestone.pk] = status
        assert milestone.status(today=TODAY) == status, STATUS_CASES[n]
    annotated = dict(Milestone.objects.with_status(today=TODAY).values_list("pk", "status_code"))
    assert annotated == expected
    overdue = set(Milestone.objects.overdue(today=TODAY).values_list("pk", flat=True))
    assert overdue == {pk for pk, status in expected.items() if status == MilestoneStatus.OVERDUE}


def test_the_status_label_and_colour_come_from_the_annotation_when_present(project):
    milestone = MilestoneFactory(project=project, planned_date=D(2020, 1, 1))
    row = Milestone.objects.with_status(today=D(2019, 1, 1)).get(pk=milestone.pk)
    assert (row.status_display, row.status_colour) == ("未开始", "secondary")
    assert (milestone.status_display, milestone.status_colour) == ("已逾期", "danger")


def test_a_node_cannot_be_done_before_it_started(project, member):
    milestone = MilestoneFactory(project=project)
    snapshot = TablesSnapshot([Milestone])
    with pytest.raises(ValidationError) as refused:
        workplans.save_milestone(
            actor=member, milestone=milestone, started_on=D(2026, 5, 1), actual_date=D(2026, 4, 30)
        )
    assert refused.value.message_dict["actual_date"] == ["实际完成日期不能早于开始日期。"]
    snapshot.assert_unchanged()


def test_a_stale_milestone_save_is_refused_and_the_first_kept(project, member):
    milestone = MilestoneFactory(project=project)
    version = milestone.version
    workplans.save_milestone(actor=member, milestone=milestone, expected_version=version, note="先保存")
    with pytest.raises(ConflictError):
        workplans.save_milestone(actor=member, milestone=milestone, expected_version=version, note="后保存")
    milestone.refresh_from_db()
    assert milestone.note == "先保存"


def test_a_member_of_another_task_force_may_not_change_or_delete_a_node(project):
    milestone = MilestoneFactory(project=project)
    outsider = TaskForceMemberFactory().user
    snapshot = TablesSnapshot([Milestone])
    with pytest.raises(PermissionDenied):
        workplans.save_milestone(actor=outsider, milestone=milestone, actual_date=D(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        workplans.save_milestone(actor=outsider, project=project, name="插入节点", phase="pre")
    with pytest.raises(PermissionDenied):
        workplans.delete_milestone(milestone, actor=outsider)
    snapshot.assert_unchanged()


def test_the_next_milestones_are_the_unfinished_ones_by_planned_date(project):
    MilestoneFactory(project=project, name="已完成", planned_date=D(2026, 1, 1), actual_date=D(2026, 1, 5))
    MilestoneFactory(project=project, name="逾期", planned_date=D(2026, 10, 1))
    MilestoneFactory(project=project, name="下月", planned_date=D(2026, 12, 15))
    MilestoneFactory(project=project, name="明年", planned_date=D(2027, 3, 1))
    MilestoneFactory(project=project, name="后年", planned_date=D(2028, 3, 1))
    names = [m.name for m in workplans.next_milestones(project, TODAY)]
    assert names == ["逾期", "下月", "明年"]


def test_an_undated_node_comes_after_the_dated_ones_among_the_next_milestones(project):
    MilestoneFactory(project=project, name="待定", planned_date=None, sort_order=0)
    MilestoneFactory(project=project, name="下月", planned_date=D(2026, 12, 15), sort_order=10)
    assert [m.name for m in workplans.next_milestones(project, TODAY, limit=1)] == ["下月"]


# -- dispatch meetings: the rhythm -----------------------------------------------------------------

MONDAY, WEDNESDAY, FRIDAY = 0, 2, 4


def task_force_with(frequency, weekday, held=()):
    project = ProjectFactory()
    member = TaskForceMemberFactory(task_force__project=project)
    task_force = member.task_force
    task_force.meeting_frequency, task_force.meeting_weekday = frequency, weekday
    task_force.save()
    for day in held:
        DispatchMeetingFactory(task_force=task_force, held_on=day)
    return task_force


@pytest.mark.django_db
@pytest.mark.parametrize(
    "frequency, weekday, held, today, expected",
    [
        # no meeting yet: the first meeting day on or after today
        (MeetingFrequency.WEEKLY, MONDAY, [], D(2026, 11, 27), D(2026, 11, 30)),
        (MeetingFrequency.WEEKLY, FRIDAY, [], D(2026, 11, 27), D(2026, 11, 27)),
        # weekly: a week after the last one
        (MeetingFrequency.WEEKLY, MONDAY, [D(2026, 11, 23)], D(2026, 11, 24), D(2026, 11, 30)),
        (MeetingFrequency.WEEKLY, FRIDAY, [D(2026, 11, 27)], D(2026, 11, 27), D(2026, 12, 4)),
        # a missed week: the next meeting day from today, not a day in the past
        (MeetingFrequency.WEEKLY, MONDAY, [D(2026, 11, 9)], D(2026, 11, 27), D(2026, 11, 30)),
        # every two weeks
        (MeetingFrequency.BIWEEKLY, MONDAY, [D(2026, 11, 16)], D(2026, 11, 17), D(2026, 11, 30)),
        (
            MeetingFrequency.BIWEEKLY,
            WEDNESDAY,
            [D(2026, 11, 4), D(2026, 11, 18)],
            D(2026, 11, 27),
            D(2026, 12, 2),
        ),
        # monthly: a month after the last one, on the first meeting weekday from there
        (MeetingFrequency.MONTHLY, MONDAY, [D(2026, 10, 26)], D(2026, 11, 2), D(2026, 11, 30)),
        (MeetingFrequency.MONTHLY, FRIDAY, [D(2026, 11, 27)], D(2026, 11, 27), D(2027, 1, 1)),
        (MeetingFrequency.MONTHLY, MONDAY, [D(2026, 12, 28)], D(2026, 12, 28), D(2027, 2, 1)),
    ],
    ids=[
        "none-yet",
        "none-yet-today",
        "weekly",
        "weekly-held-today",
        "weekly-missed",
        "biweekly",
        "biweekly-wednesday",
        "monthly",
        "monthly-friday",
        "monthly-new-year",
    ],
)
def test_the_next_meeting_follows_the_task_forces_rhythm_and_weekday(
    frequency, weekday, held, today, expected
):
    task_force = task_force_with(frequency, weekday, held)
    assert meetings.next_meeting_date(task_force, today) == expected
    assert expected.weekday() == weekday


# -- dispatch meetings: minutes, attendees, action items ------------------------------------------------


@pytest.fixture
def task_force(db):
    return task_force_with(MeetingFrequency.WEEKLY, MONDAY)


@pytest.fixture
def staff(task_force):
    return task_force.members.get().user


def test_a_member_records_a_meeting_with_attendees_and_decisions(task_force, staff):
    colleague = TaskForceMemberFactory(task_force=task_force).user
    meeting = meetings.save_meeting(
        actor=staff,
        task_force=task_force,
        attendees=[staff, colleague, task_force.leader],
        held_on=D(2026, 11, 23),
        location="市重点办 3 楼会议室",
        chair=task_force.leader,
        minutes="听取征拆进展汇报",
        decisions="11 月底前完成剩余 3 户征收协议签订",
    )
    assert (meeting.created_by, meeting.chair) == (staff, task_force.leader)
    assert set(meeting.attendees.all()) == {staff, colleague, task_force.leader}
    assert meeting.history.count() == 1


def test_a_member_of_another_task_force_may_not_record_or_change_a_meeting(task_force):
    outsider = TaskForceMemberFactory().user
    meeting = DispatchMeetingFactory(task_force=task_force)
    snapshot = TablesSnapshot([DispatchMeeting, ActionItem])
    with pytest.raises(PermissionDenied):
        meetings.save_meeting(actor=outsider, task_force=task_force, held_on=D(2026, 11, 23))
    with pytest.raises(PermissionDenied):
        meetings.save_meeting(actor=outsider, meeting=meeting, minutes="改写纪要")
    with pytest.raises(PermissionDenied):
        meetings.save_action_item(actor=outsider, meeting=meeting, title="插入事项", due_date=D(2026, 12, 1))
    snapshot.assert_unchanged()


def test_department_staff_of_another_unit_may_not_record_meetings(task_force):
    dept = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=DepartmentFactory())
    with pytest.raises(PermissionDenied):
        meetings.save_meeting(actor=dept, task_force=task_force, held_on=D(2026, 11, 23))
    assert not DispatchMeeting.objects.exists()


def test_an_action_item_has_an_owner_a_unit_and_a_due_date_and_is_done_later(task_force, staff):
    meeting = DispatchMeetingFactory(task_force=task_force, held_on=D(2026, 11, 23))
    unit = DepartmentFactory(name="市自然资源局")
    item = meetings.save_action_item(
        actor=staff,
        meeting=meeting,
        title="完成剩余 3 户征收协议签订",
        owner=staff,
        owner_unit=unit,
        due_date=D(2026, 11, 30),
    )
    assert (item.owner, item.owner_unit, item.done_on) == (staff, unit, None)
    item = meetings.save_action_item(
        actor=staff, item=item, expected_version=item.version, done_on=D(2026, 11, 28)
    )
    assert item.done_on == D(2026, 11, 28) and item.history.count() == 2


def test_an_action_item_cannot_be_done_before_its_meeting(task_force, staff):
    meeting = DispatchMeetingFactory(task_force=task_force, held_on=D(2026, 11, 23))
    with pytest.raises(ValidationError) as refused:
        meetings.save_action_item(
            actor=staff, meeting=meeting, title="事项", due_date=D(2026, 12, 1), done_on=D(2026, 11, 22)
        )
    assert refused.value.message_dict["done_on"] == ["完成日期不能早于会议日期。"]
    assert not ActionItem.objects.exists()


def test_an_action_item_needs_a_title_and_a_due_date(task_force, staff):
    meeting = DispatchMeetingFactory(task_force=task_force)
    with pytest.raises(ValidationError) as refused:
        meetings.save_action_item(actor=staff, meeting=meeting, title="", due_date=None)
    assert {"title", "due_date"} <= set(refused.value.message_dict)


def test_a_stale_action_item_save_is_refused_and_the_first_kept(task_force, staff):
    meeting = DispatchMeetingFactory(task_force=task_force, held_on=D(2026, 11, 23))
    item = meetings.save_action_item(actor=staff, meeting=meeting, title="事项", due_date=D(2026, 12, 1))
    version = item.version
    meetings.save_action_item(actor=staff, item=item, expected_version=version, note="已对接供电公司")
    with pytest.raises(ConflictError):
        meetings.save_action_item(actor=staff, item=item, expected_version=version, note="另一人的备注")
    item.refresh_from_db()
    assert item.note == "已对接供电公司"


def test_unknown_fields_are_a_programming_error(task_force, staff):
    with pytest.raises(TypeError):
        meetings.save_meeting(actor=staff, task_force=task_force, held_on=D(2026, 11, 23), agenda="x")
    with pytest.raises(TypeError):
        workplans.save_milestone(actor=staff, project=task_force.project, status="done")
