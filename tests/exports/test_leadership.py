"""The leadership workbook (领导报表): four sheets whose figures are the database's, in the house
style (title and date rows, frozen Chinese headers, number and percent formats, the light and the
grade as the cell's colour, landscape fit to width), texts that look like formulas neutralised;
only the office, the city leaders and superusers may start it; a bad year is a 400; the number of
queries does not grow with the rows."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals.services import handling
from approvals.services.statistics import approval_statistics
from assessment.choices import Grade, OutcomeKind, PeriodStatus
from assessment.models import AssessmentPeriod, IndicatorScheme, ProjectAssessment
from exports import services
from exports.choices import JobStatus
from exports.leadership import as_of
from exports.models import ExportJob
from exports.xlsx import FILLS
from issues.choices import IssueLevel, IssueStatus
from issues.models import IssueCategory, LedgerIssue
from projects.choices import ProjectStage, ProjectType
from projects.models import Project
from projects.services.lights import with_lights
from tests.approvals.factories import Scene, at
from tests.factories import DepartmentFactory, ProgressReportFactory, ProjectFactory, UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

#: the approval scene's cases are accepted in 2026 (tests/approvals/factories.py)
YEAR = 2026
D = datetime.date
SHEETS = ["重点项目推进情况表", "问题清零台账", "审批统计", "考核结果"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office():
    return UserFactory(roles=[Role.KEY_OFFICE])


def issue(project, *, status=IssueStatus.IN_PROGRESS, deadline, raised_on=None, title="用地报批", **extra):
    unit = extra.pop("unit", None) or project.responsible_unit
    return LedgerIssue.objects.create(
        project=project,
        title=title,
        category=IssueCategory.objects.order_by("pk").first(),
        raised_by=extra.pop("raised_by"),
        raised_on=raised_on or deadline - datetime.timedelta(days=30),
        responsible_unit=unit,
        deadline=deadline,
        status=status,
        **extra,
    )


class City:
    """Three key projects of two types (one with a formula-like name), one idea that is not in the
    year's table, reports, issues, a concluded approval case and a published assessment."""

    def __init__(self, office):
        self.office, day = office, as_of(YEAR)
        self.unit = DepartmentFactory(name="+经开区管委会")
        self.built = ProjectFactory(
            code="LY-A-001",
            name="=cmd|' /C calc'!A0",
            stage=ProjectStage.CONSTRUCTION,
            responsible_unit=self.unit,
            annual_plan_investment=Decimal("2000"),
            total_investment=Decimal("80000"),
            actual_start=D(YEAR - 1, 5, 1),
        )
        for month, status, text in (
            (1, "accepted", "基础施工"),
            (2, "submitted", "主体封顶"),
            (3, "draft", "草稿"),
        ):
            ProgressReportFactory(
                project=self.built,
                period_start=D(YEAR, month, 1),
                period_end=D(YEAR, month, 28),
                status=status,
                physical_progress=text,
                percent_complete=Decimal(20 * month),
            )
        self.behind = ProjectFactory(
            code="LY-A-002",
            name="@SUM(1)",
            stage=ProjectStage.PREPARATION,
            annual_plan_investment=Decimal("500"),
            total_investment=Decimal("3000"),
        )
        self.road = ProjectFactory(
            code="LY-B-001",
            name="浏阳河大道",
            project_type=ProjectType.INFRASTRUCTURE,
            stage=ProjectStage.CONSTRUCTION,
            annual_plan_investment=Decimal("0"),
            total_investment=Decimal("12000.50"),
        )
        ProjectFactory(code="LY-C-001", stage=ProjectStage.PLANNING)
        self.late = [
            issue(self.behind, deadline=day - datetime.timedelta(days=9), raised_by=office, title="-征拆"),
            issue(
                self.behind, deadline=day - datetime.timedelta(days=2), raised_by=office, status="assigned"
            ),
        ]
        self.in_time = issue(self.built, deadline=day + datetime.timedelta(days=20), raised_by=office)
        self.waiting = issue(
            self.road, deadline=day - datetime.timedelta(days=40), raised_by=office, status="pending_closure"
        )
        self.closed = issue(
            self.road,
            deadline=D(YEAR, 2, 1),
            raised_by=office,
            status=IssueStatus.CLOSED,
            closed_on=D(YEAR, 1, 20),
            level=IssueLevel.OFFICE,
        )
        issue(  # closed off the year before: not in the year's ledger
            self.road,
            deadline=D(YEAR - 1, 5, 1),
            raised_by=office,
            status="closed",
            closed_on=D(YEAR - 1, 4, 1),
        )
        scene = Scene()
        # the scene's own project is an idea here, so the progress table holds just the three above
        Project.objects.filter(pk=scene.project.pk).update(stage=ProjectStage.PLANNING)
        case = scene.submit()
        handling.approve(
            scene.staff_a, case.tasks.get(item=scene.item_a), document_number="A-1", at=at(D(YEAR, 3, 4))
        )
        handling.approve(
            scene.staff_b, case.tasks.get(item=scene.item_b), document_number="B-1", at=at(D(YEAR, 3, 9))
        )
        period = AssessmentPeriod.objects.create(
            name=f"{YEAR - 1} 年度考核",
            year=YEAR - 1,
            starts_on=D(YEAR - 1, 1, 1),
            ends_on=D(YEAR - 1, 12, 31),
            status=PeriodStatus.PUBLISHED,
            published_at=timezone.now(),
            opened_by=office,
        )
        AssessmentPeriod.objects.create(  # newer, not published: not shown
            name=f"{YEAR} 年度考核",
            year=YEAR,
            starts_on=D(YEAR, 1, 1),
            ends_on=D(YEAR, 12, 31),
            opened_by=office,
        )
        self.period = period
        for rank, (project, score, grade, outcome) in enumerate(
            [
                (self.road, "92.5", Grade.EXCELLENT, OutcomeKind.COMMENDATION),
                (self.built, "78", Grade.PASS, OutcomeKind.NONE),
                (self.behind, "55", Grade.FAIL, OutcomeKind.INTERVIEW),
            ],
            start=1,
        ):
            ProjectAssessment.objects.create(
                period=period,
                project=project,
                responsible_unit=project.responsible_unit,
                scheme=IndicatorScheme.objects.get(project_type=project.project_type),
                score=Decimal(score),
                grade=grade,
                rank=rank,
                outcome=outcome,
                complete=True,
            )


def run(client, query="", *, callbacks):
    with callbacks(execute=True):
        response = client.post(reverse("exports:start", args=["leadership"]) + (f"?{query}" if query else ""))
    return response


def workbook(job):
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return openpyxl.load_workbook(io.BytesIO(handle.read()))


def table(sheet):
    headers = [cell.value for cell in sheet[3]]
    rows = [dict(zip(headers, row, strict=False)) for row in sheet.iter_rows(min_row=4, values_only=True)]
    return headers, rows


def cell(sheet, headers, row_index, header):
    """The cell of a data row (0 = the first row under the header) in the named column."""
    return sheet.cell(4 + row_index, headers.index(header) + 1)


def test_the_workbook_holds_the_four_sheets_with_the_databases_figures(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    city = City(office)
    client.force_login(office)
    response = run(client, f"year={YEAR}", callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.params == {"year": [str(YEAR)]}
    book = workbook(job)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A4"
        assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows == "$3:$3"
        assert all(sheet.column_dimensions[letter].width >= 6 for letter in "ABCD")

    # 1. the progress table: the year's key projects by type, then code; subtotals and the total
    sheet = book["重点项目推进情况表"]
    assert str(YEAR) in sheet["A1"].value and "万元" in sheet["A2"].value
    headers, rows = table(sheet)
    assert headers[:3] == ["序号", "项目编号", "项目名称"]
    for header in ("总投资（万元）", "年度计划投资（万元）", "本年完成投资（万元）", "年度计划完成率"):
        assert header in headers
    assert [r["项目编号"] for r in rows] == ["LY-A-001", "LY-A-002", None, "LY-B-001", None, None]
    built, behind, industrial, road, _infrastructure, total = rows
    assert (built["年度计划投资（万元）"], built["本年完成投资（万元）"]) == (2000, 3000)  # draft not counted
    assert built["年度计划完成率"] == pytest.approx(1.5)
    assert (built["形象进度"], built["工程总体完成比例"]) == ("主体封顶", pytest.approx(0.4))
    assert built["进度截至"] == datetime.datetime(YEAR, 2, 28)
    assert (behind["未解决问题（个）"], behind["其中逾期（个）"]) == (2, 2)
    assert (built["未解决问题（个）"], built["其中逾期（个）"]) == (1, 0)
    assert road["年度计划完成率"] is None  # no plan, no rate
    assert industrial["项目名称"] == "产业项目小计（2 个）" and industrial["总投资（万元）"] == 83000
    assert total["项目名称"] == "合计（3 个）"
    assert total["总投资（万元）"] == pytest.approx(95000.5)
    assert (total["年度计划投资（万元）"], total["本年完成投资（万元）"]) == (2500, 3000)
    assert total["年度计划完成率"] == pytest.approx(3000 / 2500)
    assert total["未解决问题（个）"] == 3
    assert cell(sheet, headers, 0, "总投资（万元）").number_format == "#,##0.00"
    assert cell(sheet, headers, 0, "年度计划完成率").number_format == "0.0%"
    assert cell(sheet, headers, 5, "年度计划完成率").number_format == "0.0%"
    assert cell(sheet, headers, 5, "总投资（万元）").font.bold
    lights = dict(with_lights(Project.objects.all(), today=as_of(YEAR)).values_list("code", "light"))
    assert lights["LY-A-002"] == "red"  # two overdue issues
    for index, code in ((0, "LY-A-001"), (1, "LY-A-002"), (3, "LY-B-001")):
        light = cell(sheet, headers, index, "亮灯")
        assert light.fill.fgColor.rgb[-6:] == FILLS[lights[code]].fgColor.rgb[-6:], code
    # formula-like texts keep a leading apostrophe and stay text
    for index, text in ((0, "'=cmd|' /C calc'!A0"), (1, "'@SUM(1)")):
        name = cell(sheet, headers, index, "项目名称")
        assert (name.value, name.data_type) == (text, "s")
    assert cell(sheet, headers, 0, "责任单位").value == "'+经开区管委会"

    # 2. the ledger: open first (by deadline), then waiting for closure, then closed this year
    sheet = book["问题清零台账"]
    headers, rows = table(sheet)
    for header in ("项目编号", "问题", "办理层级", "状态", "责任单位", "办结时限", "逾期天数"):
        assert header in headers
    assert [r["问题"] for r in rows] == ["'-征拆", "用地报批", "用地报批", "用地报批", "用地报批"]
    assert [r["状态"] for r in rows] == ["办理中", "交办", "办理中", "待销号", "已销号"]
    assert [r["逾期天数"] for r in rows] == [9, 2, None, None, None]
    assert rows[4]["办理层级"] == "市重点办协调" and rows[4]["销号日期"] == datetime.datetime(YEAR, 1, 20)
    assert cell(sheet, headers, 0, "逾期天数").fill.fgColor.rgb[-6:] == "FFC7CE"
    assert cell(sheet, headers, 0, "办结时限").number_format == "yyyy-mm-dd"

    # 3. approvals: approval_statistics' figures for the year
    sheet = book["审批统计"]
    headers, rows = table(sheet)
    stats = approval_statistics(office, year=YEAR, today=as_of(YEAR))
    by_name = {r["审批部门"]: r for r in rows}
    for expected in stats["departments"]:
        row = by_name[expected["department"]]
        assert row["审批事项（件）"] == expected["total"] and row["已办结（件）"] == expected["concluded"]
        assert row["平均用时（工作日）"] == pytest.approx(float(expected["avg_days"]))
        assert row["按时办结率"] == pytest.approx(float(expected["on_time_rate"]) / 100)
        assert (row["超期（件）"], row["暂停（件）"]) == (expected["overdue"], expected["suspended"])
    assert by_name["合计"]["审批事项（件）"] == sum(d["total"] for d in stats["departments"]) == 2
    compression = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "审批时限压缩率")[1]
    assert compression.value == pytest.approx(float(stats["cases"]["compression"]) / 100)
    assert compression.number_format == "0.0%"
    assert cell(sheet, headers, 0, "按时办结率").number_format == "0.0%"

    # 4. the latest published assessment, by rank, the grade as the cell's colour
    sheet = book["考核结果"]
    headers, rows = table(sheet)
    assert city.period.name in sheet["A1"].value
    assert [(r["排名"], r["项目编号"], r["等次"], r["结果运用"]) for r in rows] == [
        (1, "LY-B-001", "优秀", "通报表扬"),
        (2, "LY-A-001", "合格", "无"),
        (3, "LY-A-002", "不合格", "约谈提醒"),
    ]
    assert rows[0]["得分"] == pytest.approx(92.5) and cell(sheet, headers, 0, "得分").number_format == "0.00"
    fills = [cell(sheet, headers, i, "等次").fill.fgColor.rgb[-6:] for i in range(3)]
    assert fills == ["C6EFCE", "FFF2CC", "FFC7CE"]
    job.refresh_from_db()
    assert job.rows_total == job.rows_done == 3 + 5 + 3


def test_without_a_published_assessment_the_sheet_says_so(
    client, office, eager_celery, django_capture_on_commit_callbacks
):
    ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    client.force_login(office)
    run(client, callbacks=django_capture_on_commit_callbacks)  # this year by default
    job = ExportJob.objects.get()
    assert job.params == {}
    sheet = workbook(job)["考核结果"]
    assert "尚无已公布的考核结果" in sheet["A2"].value and "尚无已公布的考核结果" in sheet["C4"].value


@pytest.mark.parametrize("role", [Role.CITY_LEADER, "superuser"])
def test_leaders_and_superusers_may_run_it(role, client, eager_celery, django_capture_on_commit_callbacks):
    user = UserFactory(is_superuser=True) if role == "superuser" else UserFactory(roles=[role])
    client.force_login(user)
    assert run(client, callbacks=django_capture_on_commit_callbacks).status_code == 302
    assert workbook(ExportJob.objects.get()).sheetnames == SHEETS


@pytest.mark.parametrize("role", [Role.DEPARTMENT_STAFF, Role.TASK_FORCE_STAFF, Role.SERVICE_COMMISSIONER])
def test_others_are_refused_and_nothing_is_queued(role, client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(roles=[role], unit=DepartmentFactory()))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("exports:start", args=["leadership"]))
    assert response.status_code == 403
    assert not ExportJob.objects.exists() and not callbacks


@pytest.mark.parametrize(
    "query, field",
    [("year=26", "year"), ("year=二〇二六", "year"), ("year=2026&year=2025", "year"), ("year=9999", "year")]
    + [("stage=construction", "stage")],
)
def test_a_bad_year_or_an_unknown_parameter_is_a_400(query, field, client, office):
    client.force_login(office)
    response = client.post(reverse("exports:start", args=["leadership"]) + f"?{query}")
    assert response.status_code == 400
    assert field in response.content.decode()
    assert not ExportJob.objects.exists()


class Growing:
    """n key projects, each with two reports, two issues and a result in a published period."""

    def __init__(self, office):
        self.office = office
        self.period = AssessmentPeriod.objects.create(
            name="年度考核",
            year=YEAR - 1,
            starts_on=D(YEAR - 1, 1, 1),
            ends_on=D(YEAR - 1, 12, 31),
            status=PeriodStatus.PUBLISHED,
            published_at=timezone.now(),
            opened_by=office,
        )
        self.scheme = IndicatorScheme.objects.get(project_type=ProjectType.INDUSTRIAL)
        self.unit = DepartmentFactory()

    def grow(self, n):
        for index in range(Project.objects.count(), n):
            project = ProjectFactory(stage=ProjectStage.CONSTRUCTION, responsible_unit=self.unit)
            for month in (1, 2):
                ProgressReportFactory(
                    project=project, period_start=D(YEAR, month, 1), period_end=D(YEAR, month, 28)
                )
            for days in (-5, 10):
                issue(project, deadline=as_of(YEAR) + datetime.timedelta(days=days), raised_by=self.office)
            ProjectAssessment.objects.create(
                period=self.period,
                project=project,
                responsible_unit=self.unit,
                scheme=self.scheme,
                score=Decimal(80),
                grade=Grade.GOOD,
                rank=index + 1,
            )


def test_the_number_of_queries_does_not_grow_with_the_rows(office):
    growing = Growing(office)
    rows = []

    def fetch():
        job = ExportJob.objects.create(
            kind="leadership", title="领导报表", params={"year": [str(YEAR)]}, requested_by=office
        )
        assert services.run(job.pk) == {"done": 1}
        rows.append(ExportJob.objects.get(pk=job.pk).rows_done)

    # the job (insert, lock, start), the user, count: projects, issues, the period, results;
    # write: projects, issues, approvals (departments, cases, overall average), the period,
    # results; the progress, the job's end, and this test's reading of the job
    assert_num_queries_stable(fetch, growing.grow, (3, 12), 24)  # 2: the run lock (exports.services)
    assert rows[-1] == 12 * 4


def test_write_reads_each_sheet_once(office):
    """The workbook's own queries: a fixed handful, whatever the rows (no per-row query)."""
    Growing(office).grow(5)
    from exports.leadership import LeadershipExport
    from exports.services import as_querydict

    with CaptureQueriesContext(connection) as captured:
        LeadershipExport().write(office, as_querydict({"year": str(YEAR)}), io.BytesIO(), lambda done: None)
    assert len(captured.captured_queries) == 8, "\n".join(q["sql"] for q in captured.captured_queries)
