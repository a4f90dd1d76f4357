"""Status lights (红黄绿灯) at their thresholds: Yinchuan's rule by default, every number a setting.

"Today" is frozen by passing ``today=`` to ``with_lights`` and ``reasons``. On
31 December the time-prorated plan (序时进度) is exactly 100 %, so a project with
an annual plan of 10,000 万元 and X 万元 done this year is (100 − X/100) points behind.
"""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from projects.choices import Light, ProjectStage, ReportStatus
from projects.models import Project
from projects.services.lights import prorated_percent, reasons, with_lights
from tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory
from tests.queries import assert_num_queries_stable, capture

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(2026, 12, 31)
PLAN = Decimal("10000")


def lit(project, today=YEAR_END):
    """The project re-read with its light annotations."""
    return with_lights(Project.objects.filter(pk=project.pk), today=today).get()


def building(**fields):
    """A project under construction, started on time, with an annual plan of 10,000 万元."""
    values = {
        "stage": ProjectStage.CONSTRUCTION,
        "total_investment": Decimal("50000"),
        "annual_plan_investment": PLAN,
        "planned_start": datetime.date(2025, 3, 1),
        "actual_start": datetime.date(2025, 3, 10),
    }
    return ProjectFactory(**{**values, **fields})


def done_this_year(project, amount, status=ReportStatus.ACCEPTED, month=6, year=2026):
    """One monthly report of ``amount`` 万元 (all construction)."""
    return ProgressReportFactory(
        project=project,
        period_start=datetime.date(year, month, 1),
        construction=Decimal(amount),
        installation=0,
        equipment=0,
        other=0,
        status=status,
    )


# -- the time-prorated plan ------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, percent",
    [
        (datetime.date(2026, 1, 1), Decimal("0.27")),
        (datetime.date(2026, 7, 2), Decimal("50.14")),
        (datetime.date(2026, 12, 31), Decimal("100.00")),
        (datetime.date(2028, 12, 31), Decimal("100.00")),  # leap year: 366 days
        (datetime.date(2028, 2, 29), Decimal("16.39")),
    ],
)
def test_prorated_plan_is_the_share_of_the_year_passed_including_today(today, percent):
    assert prorated_percent(today) == percent


# -- behind the prorated plan: yellow from 10 points, red beyond 30 -------------------------------


@pytest.mark.parametrize(
    "done, behind, light",
    [
        ("10000", "0.00", Light.GREEN),
        ("9001", "9.99", Light.GREEN),  # just under 10
        ("9000", "10.00", Light.YELLOW),  # exactly 10
        ("7000", "30.00", Light.YELLOW),  # exactly 30 is still yellow
        ("6999", "30.01", Light.RED),  # just over 30
        ("0", "100.00", Light.RED),
    ],
    ids=["on-plan", "9.99-green", "10-yellow", "30-yellow", "30.01-red", "nothing-done-red"],
)
def test_behind_the_prorated_plan_turns_yellow_at_10_points_and_red_beyond_30(done, behind, light):
    project = building()
    if Decimal(done):
        done_this_year(project, done)
    project = lit(project)
    assert project.completed_ytd == Decimal(done)
    assert project.behind_points.quantize(Decimal("0.01")) == Decimal(behind)
    assert project.light == light


@pytest.mark.parametrize(
    "done, light",
    [
        ("8068", Light.YELLOW),  # 90.68 − 80.68 = exactly 10 points behind
        ("8069", Light.GREEN),  # 9.99 points
    ],
)
def test_the_thresholds_hold_on_an_ordinary_day_of_the_year(done, light):
    """On 27 November 331 of 365 days have passed: the prorated plan is 90.68 %."""
    project = building()
    done_this_year(project, done, month=10)
    assert lit(project, today=datetime.date(2026, 11, 27)).light == light


@pytest.mark.parametrize(
    "today, done, light",
    [
        (datetime.date(2026, 3, 3), "699", Light.YELLOW),  # 16.99 − 6.99
        (datetime.date(2026, 4, 27), "2205", Light.YELLOW),  # 32.05 − 22.05
        (datetime.date(2026, 4, 30), "288", Light.YELLOW),  # 32.88 − 2.88 = 30
        (datetime.date(2026, 4, 30), "287", Light.RED),  # 30.01 behind
    ],
)
def test_exactly_10_or_30_points_behind_is_yellow_on_any_day(today, done, light):
    project = building()
    done_this_year(project, done, month=1)
    assert lit(project, today=today).light == light


def test_being_ahead_of_the_plan_is_green_with_negative_points():
    project = building()
    done_this_year(project, "6000", month=1)
    project = lit(project, today=datetime.date(2026, 3, 31))  # 24.66 % of the year passed
    assert project.behind_points < 0
    assert project.light == Light.GREEN
    assert reasons(project, today=datetime.date(2026, 3, 31)) == []


def test_behind_thresholds_are_settings(settings):
    """A city with a looser rule (yellow from 20, red beyond 50) changes numbers, not code."""
    settings.LIGHT_YELLOW_BEHIND_POINTS = 20
    settings.LIGHT_RED_BEHIND_POINTS = 50
    on_15, on_20, on_51 = building(), building(), building()
    done_this_year(on_15, "8500")
    done_this_year(on_20, "8000")
    done_this_year(on_51, "4900")
    assert [lit(p).light for p in (on_15, on_20, on_51)] == [Light.GREEN, Light.YELLOW, Light.RED]


def test_no_annual_plan_means_no_behind_rule():
    project = building(annual_plan_investment=Decimal("0"))
    project = lit(project)
    assert project.behind_points == 0
    assert project.light == Light.GREEN
    assert reasons(project, today=YEAR_END) == []


@pytest.mark.parametrize(
    "status, counted",
    [
        (ReportStatus.DRAFT, False),
        (ReportStatus.RETURNED, False),
        (ReportStatus.SUBMITTED, True),
        (ReportStatus.ACCEPTED, True),
    ],
)
def test_only_submitted_and_accepted_reports_count_towards_completed_investment(status, counted):
    project = building()
    done_this_year(project, "9500", status=status)
    project = lit(project)
    assert project.completed_ytd == (Decimal("9500") if counted else 0)
    assert project.completed_total == (Decimal("9500") if counted else 0)
    assert project.light == (Light.GREEN if counted else Light.RED)


def test_last_years_reports_count_since_start_but_not_towards_this_years_plan():
    project = building()
    done_this_year(project, "4000", month=12, year=2025)
    done_this_year(project, "9000", month=1)
    project = lit(project)
    assert (project.completed_total, project.completed_ytd) == (Decimal("13000"), Decimal("9000"))
    assert project.light == Light.YELLOW


# -- overdue milestones: one is yellow, three are red ---------------------------------------------


def overdue_nodes(project, count, today=YEAR_END):
    for n in range(count):
        MilestoneFactory(
            project=project, name=f"逾期节点{n}", planned_date=today - datetime.timedelta(days=n + 1)
        )


@pytest.mark.parametrize(
    "overdue, light", [(0, Light.GREEN), (1, Light.YELLOW), (2, Light.YELLOW), (3, Light.RED), (4, Light.RED)]
)
def test_overdue_milestones_turn_yellow_at_one_and_red_at_three(overdue, light):
    project = building()
    done_this_year(project, "10000")
    overdue_nodes(project, overdue)
    project = lit(project)
    assert project.overdue_milestones == overdue
    assert project.light == light


def test_a_milestone_is_not_overdue_on_its_planned_day_nor_once_done():
    project = building()
    done_this_year(project, "10000")
    MilestoneFactory(project=project, name="今天到期", planned_date=YEAR_END)
    MilestoneFactory(project=project, name="未排期", planned_date=None)
    MilestoneFactory(
        project=project,
        name="逾期后完成",
        planned_date=datetime.date(2026, 5, 1),
        started_on=datetime.date(2026, 4, 1),
        actual_date=datetime.date(2026, 6, 1),
    )
    project = lit(project)
    assert project.overdue_milestones == 0
    assert project.light == Light.GREEN


def test_overdue_milestone_thresholds_are_settings(settings):
    settings.LIGHT_OVERDUE_MILESTONES_YELLOW = 2
    settings.LIGHT_OVERDUE_MILESTONES_RED = 5
    one, three = building(), building()
    for project, count in ((one, 1), (three, 3)):
        done_this_year(project, "10000")
        overdue_nodes(project, count)
    assert (lit(one).light, lit(three).light) == (Light.GREEN, Light.YELLOW)


# -- a planned start missed: yellow from the planned day, red after 3 months ---------------------------

TODAY = datetime.date(2026, 11, 27)


def not_started(planned_start):
    """A project in preparation with no annual plan, so only the start rule can light it."""
    return ProjectFactory(
        stage=ProjectStage.PREPARATION,
        annual_plan_investment=Decimal("0"),
        planned_start=planned_start,
        planned_completion=datetime.date(2028, 12, 31),
        actual_start=None,
    )


@pytest.mark.parametrize(
    "planned_start, light",
    [
        (TODAY + datetime.timedelta(days=3), Light.GREEN),  # later this month
        (TODAY, Light.GREEN),  # today is still on time
        (TODAY - datetime.timedelta(days=1), Light.YELLOW),  # missed yesterday
        (datetime.date(2026, 11, 2), Light.YELLOW),  # missed this month
        (TODAY - relativedelta(months=3), Light.YELLOW),  # exactly 3 months
        (TODAY - relativedelta(months=3) - datetime.timedelta(days=1), Light.RED),  # more than 3 months
        (datetime.date(2026, 1, 15), Light.RED),
    ],
    ids=["future", "today", "yesterday", "this-month", "3-months", "over-3-months", "10-months"],
)
def test_a_missed_planned_start_is_yellow_and_red_after_three_months(planned_start, light):
    assert lit(not_started(planned_start), today=TODAY).light == light


def test_a_started_project_is_not_held_to_its_planned_start():
    project = building(planned_start=datetime.date(2026, 1, 1), actual_start=datetime.date(2026, 6, 1))
    done_this_year(project, "10000")
    assert lit(project).light == Light.GREEN


def test_start_missed_red_after_is_a_setting(settings):
    settings.LIGHT_START_MISSED_RED_MONTHS = 6
    project = not_started(TODAY - relativedelta(months=4))
    assert lit(project, today=TODAY).light == Light.YELLOW


# -- which projects are lit -------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage, light",
    [
        (ProjectStage.PLANNING, Light.NONE),
        (ProjectStage.RESERVE, Light.NONE),
        (ProjectStage.PREPARATION, Light.RED),
        (ProjectStage.CONSTRUCTION, Light.RED),
        (ProjectStage.COMPLETED, Light.NONE),
        (ProjectStage.OPERATING, Light.NONE),
        (ProjectStage.REMOVED, Light.NONE),
    ],
)
def test_only_projects_in_preparation_or_under_construction_are_lit(stage, light):
    project = building(stage=stage)  # nothing done, three nodes overdue: red if lit at all
    overdue_nodes(project, 3)
    project = lit(project)
    assert project.light == light
    if light == Light.NONE:
        assert reasons(project, today=YEAR_END) == []


# -- the reasons shown with the light -----------------------------------------------------------


def test_reasons_name_the_points_behind_and_the_overdue_nodes():
    project = building()
    done_this_year(project, "8200")
    overdue_nodes(project, 2)
    project = lit(project)
    assert project.light == Light.YELLOW
    assert reasons(project, today=YEAR_END) == ["落后序时进度 18 个百分点", "2 个节点逾期"]


def test_reasons_name_the_missed_start_with_its_date_and_months():
    project = lit(not_started(datetime.date(2026, 7, 15)), today=TODAY)
    assert project.light == Light.RED
    assert reasons(project, today=TODAY) == ["计划开工日期（2026-07-15）已过 4 个月仍未开工"]


def test_a_start_missed_less_than_a_month_ago_counts_days():
    project = lit(not_started(datetime.date(2026, 11, 2)), today=TODAY)
    assert project.light == Light.YELLOW
    assert reasons(project, today=TODAY) == ["计划开工日期（2026-11-02）已过 25 天仍未开工"]


def test_a_green_project_has_no_reason():
    project = building()
    done_this_year(project, "9500")
    assert reasons(lit(project), today=YEAR_END) == []


# -- the list: a fixed number of queries, the same SQL at every size ---------------------------------


def grow(n):
    """Up to ``n`` lit projects, each with reports and milestones of its own."""
    while Project.objects.count() < n:
        project = building()
        done_this_year(project, "3000", month=3)
        done_this_year(project, "4000", month=4, status=ReportStatus.DRAFT)
        overdue_nodes(project, 2)
        MilestoneFactory(project=project, planned_date=YEAR_END + datetime.timedelta(days=30))


def light_list():
    projects = with_lights(Project.objects.order_by("code"), today=YEAR_END)
    rows = [(p.code, p.light, reasons(p, today=YEAR_END)) for p in projects]
    assert rows and all(light == Light.RED for _code, light, _reasons in rows)
    return rows


def test_the_light_list_runs_one_query_at_5_and_at_50_projects():
    assert_num_queries_stable(light_list, grow, sizes=(5, 50), expected=1)


def test_the_light_list_is_the_same_sql_at_5_and_at_50_projects():
    grow(5)
    rows_5, sql_5 = capture(light_list)
    grow(50)
    rows_50, sql_50 = capture(light_list)
    assert (len(rows_5), len(rows_50)) == (5, 50)
    assert sql_5 == sql_50
