"""The leadership workbook (领导报表): four sheets the office hands to the city leaders.

1. 重点项目推进情况表 — every key project of the year (前期 and 在建, and those finished or in
   operation that year or without a completion date), by type then code, each type closed by
   its subtotal and the table by the total: investment (万元), the year's plan and what was
   completed, the completion rate, the latest counted progress report (形象进度), the light
   as the cell's colour, open and overdue ledger issues.
2. 问题清零台账 — the ledger issues open at some time in the year, open ones first (then
   waiting for closure, then closed), by deadline, with the days overdue.
3. 审批统计 — ``approvals.services.statistics`` per department for the cases accepted in the
   year, the total, and the compression against serial handling.
4. 考核结果 — the ranking of the latest published assessment period (of the year or before).

Every sheet streams: one query per sheet (or a fixed few), read as tuples with ``.iterator()``,
and written row by row to a write-only workbook, so time grows with the rows and memory does not.
For the office, the city leaders and superusers only.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.db.models import Avg, Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import PatternFill

from accounts.roles import Role, user_roles
from approvals.choices import DECIDED_TASK_STATUSES
from approvals.services.statistics import case_summary, department_rows, filtered, percent
from assessment.choices import Grade, OutcomeKind, PeriodStatus
from assessment.excel import GRADE_FILLS
from assessment.models import AssessmentPeriod, ProjectAssessment
from issues.choices import OPEN_ISSUE_STATUSES, IssueLevel, IssueStatus
from issues.models import LedgerIssue
from liuyang.policies import policy_for
from projects.choices import COUNTED_REPORT_STATUSES, Light, ProjectStage, ProjectType
from projects.models import ProgressReport, Project
from projects.services.lights import with_lights

from . import xlsx
from .registry import PROGRESS_EVERY, Export, register
from .xlsx import DATE, INTEGER, MONEY, PERCENT, SCORE, Column

ROLES = frozenset({Role.KEY_OFFICE, Role.CITY_LEADER})
#: rows fetched at a time: what a sheet holds in memory at most, whatever its length
CHUNK = 500
HUNDRED = Decimal(100)
ONE_DECIMAL = "0.0"


def parse_year(params):
    """The report's year from ``params`` (default: this year); ValidationError keyed by parameter."""
    errors = {name: [_("不支持的参数。")] for name in params if name != "year"}
    this_year = timezone.localdate().year
    values = [v.strip() for v in params.getlist("year") if v.strip()]
    year = this_year
    if len(values) > 1:
        errors["year"] = [_("只能选择一个年度。")]
    elif values:
        if not re.fullmatch(r"\d{4}", values[0]):
            errors["year"] = [_("年度应为四位数字，如 %(year)s。") % {"year": this_year}]
        elif int(values[0]) > this_year:
            errors["year"] = [_("%(year)s 年尚未开始，没有数据。") % {"year": values[0]}]
        else:
            year = int(values[0])
    if errors:
        raise ValidationError(errors)
    return year


def as_of(year):
    """The day the figures stand at: today for this year, 31 December for a past one."""
    today = timezone.localdate()
    return today if year == today.year else datetime.date(year, 12, 31)


def labels(choices):
    return {value: str(label) for value, label in choices}


def fields(*names):
    """The positions of ``names`` in a row read with ``values_list(*names)``: ``at["code"]`` → 0."""
    return {name: index for index, name in enumerate(names)}


def column(at, name):
    """The getter of the field ``name`` in a row of ``at``'s fields (see ``fields``)."""
    return itemgetter(at[name])


def one_place(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ratio(part, whole):
    return part / whole if part is not None and whole else None


class Progress:
    """Rows written over all sheets, reported to the job every PROGRESS_EVERY rows."""

    def __init__(self, report):
        self.report, self.done = report, 0

    def step(self):
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.report(self.done)


# -- 1. 重点项目推进情况表 ----------------------------------------------------------------------


def year_projects(user, year):
    """The year's key projects: in preparation or under construction, or finished that year or later
    (or without a completion date)."""
    finished = (ProjectStage.COMPLETED, ProjectStage.OPERATING)
    in_year = Q(stage__in=(ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION)) | Q(
        Q(actual_completion__isnull=True) | Q(actual_completion__year__gte=year), stage__in=finished
    )
    return policy_for(Project).viewable(user, Project.objects.filter(in_year))


#: the fields of a key project's row (``key_projects``); the sheet's rows put the 序号 first
PROJECT_FIELDS = (
    "code",
    "name",
    "project_type",
    "stage",
    "responsible_unit__name",
    "total_investment",
    "annual_plan_investment",
    "completed_ytd",
    "light",
    "progress_text",
    "progress_percent",
    "progress_until",
    "open_issues",
    "overdue_issues",
)
#: a sheet row's positions: 序号, then PROJECT_FIELDS
PROJECT = fields("n", *PROJECT_FIELDS)


def key_projects(user, year):
    """The year's key projects as tuples of PROJECT_FIELDS, by type then code, with their figures
    (a fixed number of subqueries, no per-row query)."""
    latest = ProgressReport.objects.filter(
        project=OuterRef("pk"),
        status__in=COUNTED_REPORT_STATUSES,
        period_start__lte=datetime.date(year, 12, 31),
    ).order_by("-period_start")
    open_issues = (
        LedgerIssue.objects.filter(project=OuterRef("pk"), status__in=OPEN_ISSUE_STATUSES)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        with_lights(year_projects(user, year), today=as_of(year))
        .annotate(
            progress_text=Subquery(latest.values("physical_progress")[:1]),
            progress_percent=Subquery(latest.values("percent_complete")[:1]),
            progress_until=Subquery(latest.values("period_end")[:1]),
            open_issues=Coalesce(Subquery(open_issues, output_field=IntegerField()), 0),
        )
        .order_by("project_type", "code")
        .values_list(*PROJECT_FIELDS)
    )


def project_columns():
    """The columns of a row of PROJECT (序号 and a key project's tuple)."""
    at = PROJECT
    types, stages = labels(ProjectType.choices), labels(ProjectStage.choices)
    lights = labels(Light.choices) | {Light.NONE: ""}
    project_type, stage, light = at["project_type"], at["stage"], at["light"]
    completed, plan, percent = at["completed_ytd"], at["annual_plan_investment"], at["progress_percent"]
    overdue = at["overdue_issues"]
    return [
        Column(_("序号"), 6, column(at, "n")),
        Column(_("项目编号"), 14, column(at, "code")),
        Column(_("项目名称"), 32, column(at, "name")),
        Column(_("项目类型"), 10, lambda p: types.get(p[project_type])),
        Column(_("阶段"), 7, lambda p: stages.get(p[stage])),
        Column(_("责任单位"), 22, column(at, "responsible_unit__name")),
        Column(_("总投资（万元）"), 14, column(at, "total_investment"), MONEY),
        Column(_("年度计划投资（万元）"), 14, column(at, "annual_plan_investment"), MONEY),
        Column(_("本年完成投资（万元）"), 14, column(at, "completed_ytd"), MONEY),
        Column(_("年度计划完成率"), 10, lambda p: ratio(p[completed], p[plan]), PERCENT),
        Column(_("形象进度"), 40, column(at, "progress_text")),
        Column(
            _("工程总体完成比例"),
            10,
            lambda p: None if p[percent] is None else p[percent] / HUNDRED,
            PERCENT,
        ),
        Column(_("进度截至"), 11, column(at, "progress_until"), DATE),
        Column(_("亮灯"), 7, lambda p: lights.get(p[light]), fill=itemgetter(light)),
        Column(_("未解决问题（个）"), 10, column(at, "open_issues"), INTEGER),
        Column(
            _("其中逾期（个）"),
            10,
            itemgetter(overdue),
            INTEGER,
            fill=lambda p: "red" if p[overdue] else None,
        ),
    ]


class Sums:
    """Running sums of the money columns and the counts, for a subtotal or the total line."""

    FIELDS = ("total_investment", "annual_plan_investment", "completed_ytd", "open_issues", "overdue_issues")
    #: a key project's tuple (``key_projects``) → its figures in the order of FIELDS
    pick = itemgetter(*(PROJECT_FIELDS.index(name) for name in FIELDS))

    def __init__(self):
        self.count = 0
        self.sums = [0] * len(self.FIELDS)

    @property
    def values(self):
        return dict(zip(self.FIELDS, self.sums, strict=True))

    def add(self, row):
        """Count a key project's tuple (as ``key_projects`` reads it)."""
        self.count += 1
        self.sums = [total + (value or 0) for total, value in zip(self.sums, self.pick(row), strict=True)]

    def add_sums(self, other):
        """Count the projects of ``other`` (a subtotal, into the total)."""
        self.count += other.count
        self.sums = [total + value for total, value in zip(self.sums, other.sums, strict=True)]

    def line(self, label):
        """The subtotal or total row: the count and label under the name, sums under their columns."""
        v = self.values
        cells = [None] * 16
        cells[2] = _("%(label)s（%(count)s 个）") % {"label": label, "count": self.count}
        cells[6:10] = [
            v["total_investment"],
            v["annual_plan_investment"],
            v["completed_ytd"],
            ratio(v["completed_ytd"], v["annual_plan_investment"]),
        ]
        cells[14:16] = [v["open_issues"], v["overdue_issues"]]
        return cells


def write_projects(book, user, year, progress):
    types = labels(ProjectType.choices)
    note = _(
        "金额单位：万元；完成率 = 本年完成投资 ÷ 年度计划投资；本年完成投资及形象进度取已提交、"
        "已采纳的进度填报；数据截至 %(day)s"
    ) % {"day": as_of(year)}
    title = _("%(year)s 年浏阳市重点项目推进情况表") % {"year": year}
    sheet = xlsx.Sheet(book, _("重点项目推进情况表"), title, project_columns(), note)
    total, subtotal, current = Sums(), None, None
    type_at, write, step = PROJECT_FIELDS.index("project_type"), sheet.write, progress.step
    for n, row in enumerate(key_projects(user, year).iterator(chunk_size=CHUNK), start=1):
        if row[type_at] != current:
            if subtotal is not None:
                sheet.write_summary(subtotal.line(_("%(type)s小计") % {"type": types.get(current, current)}))
                total.add_sums(subtotal)
            subtotal, current = Sums(), row[type_at]
        write((n, *row))
        subtotal.add(row)
        step()
    if subtotal is not None:
        sheet.write_summary(subtotal.line(_("%(type)s小计") % {"type": types.get(current, current)}))
        total.add_sums(subtotal)
    sheet.write_summary(total.line(_("合计")))
    return sheet


# -- 2. 问题清零台账 --------------------------------------------------------------------------------


def year_issues(user, year):
    """Issues not closed off at some time in the year: raised by its end, closed (if at all) in it or later."""
    live = Q(raised_on__lte=datetime.date(year, 12, 31)) & (
        ~Q(status=IssueStatus.CLOSED) | Q(closed_on__gte=datetime.date(year, 1, 1))
    )
    return policy_for(LedgerIssue).viewable(user, LedgerIssue.objects.filter(live))


#: the fields of an issue's row (``ledger_issues``); the sheet's rows put the 序号 first
ISSUE_FIELDS = (
    "project__code",
    "project__name",
    "title",
    "category__name",
    "responsible_unit__name",
    "person",
    "level",
    "status",
    "raised_on",
    "deadline",
    "closed_on",
    "listed",
    "open_first",
)
#: a sheet row's positions: 序号, then ISSUE_FIELDS
ISSUE = fields("n", *ISSUE_FIELDS)


def ledger_issues(user, year):
    """The year's issues as tuples of ISSUE_FIELDS: open first, then waiting for closure, then
    closed; by deadline."""
    return (
        year_issues(user, year)
        .annotate(
            open_first=Case(
                When(status__in=OPEN_ISSUE_STATUSES, then=Value(0)),
                When(status=IssueStatus.PENDING_CLOSURE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            person=Coalesce(
                NullIf("responsible_person__full_name", Value("")), "responsible_person__username"
            ),
        )
        .order_by("open_first", "deadline", "pk")
        .values_list(*ISSUE_FIELDS)
    )


def issue_columns(day):
    """The columns of the weekly list (``issues.excel``), with the days overdue as of ``day``, for a
    row of ISSUE (序号 and an issue's tuple)."""
    at = ISSUE
    levels, statuses, yes = labels(IssueLevel.choices), labels(IssueStatus.choices), _("是")
    level, status, listed, deadline, open_first = (
        at[name] for name in ("level", "status", "listed", "deadline", "open_first")
    )

    def overdue(issue):
        late = (day - issue[deadline]).days if issue[open_first] == 0 else 0
        return late if late > 0 else None

    return [
        Column(_("序号"), 6, column(at, "n")),
        Column(_("项目编号"), 14, column(at, "project__code")),
        Column(_("项目名称"), 28, column(at, "project__name")),
        Column(_("问题"), 36, column(at, "title")),
        Column(_("问题类别"), 10, column(at, "category__name")),
        Column(_("责任单位"), 20, column(at, "responsible_unit__name")),
        Column(_("责任人"), 10, column(at, "person")),
        Column(_("办理层级"), 14, lambda i: levels.get(i[level])),
        Column(_("状态"), 8, lambda i: statuses.get(i[status])),
        Column(_("提出日期"), 11, column(at, "raised_on"), DATE),
        Column(_("办结时限"), 11, column(at, "deadline"), DATE),
        Column(_("逾期天数"), 8, overdue, INTEGER, fill=lambda i: "red" if overdue(i) else None),
        Column(_("销号日期"), 11, column(at, "closed_on"), DATE),
        Column(_("挂牌督办"), 8, lambda i: yes if i[listed] else None),
    ]


def write_issues(book, user, year, progress):
    day = as_of(year)
    title = _("%(year)s 年重点项目问题清零台账") % {"year": year}
    note = _("本年度内未销号过的问题，未解决的在前；逾期天数计至 %(day)s（自然日）") % {"day": day}
    sheet = xlsx.Sheet(book, _("问题清零台账"), title, issue_columns(day), note)
    write, step = sheet.write, progress.step
    for n, row in enumerate(ledger_issues(user, year).iterator(chunk_size=CHUNK), start=1):
        write((n, *row))
        step()
    return sheet


# -- 3. 审批统计 ----------------------------------------------------------------------------------


def approval_columns():
    return [
        Column(_("审批部门"), 24, itemgetter("department")),
        Column(_("审批事项（件）"), 10, itemgetter("total"), INTEGER),
        Column(_("已办结（件）"), 10, itemgetter("concluded"), INTEGER),
        Column(_("平均用时（工作日）"), 10, itemgetter("avg_days"), ONE_DECIMAL),
        Column(_("按时办结率"), 10, lambda r: ratio(r["on_time_rate"], HUNDRED), PERCENT),
        Column(_("在办（件）"), 10, itemgetter("open"), INTEGER),
        Column(
            _("超期（件）"),
            10,
            itemgetter("overdue"),
            INTEGER,
            fill=lambda r: "red" if r["overdue"] else None,
        ),
        Column(_("暂停（件）"), 10, itemgetter("suspended"), INTEGER),
    ]


def write_approvals(book, user, year):
    day = as_of(year)
    cases, tasks = filtered(user, year=year)
    rows = department_rows(tasks, day)
    summary = case_summary(cases)
    overall = tasks.aggregate(avg=Avg("elapsed_days", filter=Q(status__in=DECIDED_TASK_STATUSES)))
    title = _("%(year)s 年重点项目审批统计") % {"year": year}
    note = _("按受理年度统计；用时按工作日计；超期计至 %(day)s") % {"day": day}
    sheet = xlsx.Sheet(book, _("审批统计"), title, approval_columns(), note)
    for row in rows:
        sheet.write(row)
    sums = {
        name: sum(r[name] for r in rows)
        for name in ("total", "concluded", "on_time", "open", "overdue", "suspended")
    }
    on_time = percent(sums["on_time"], sums["concluded"])
    sheet.write_summary(
        [_("合计"), sums["total"], sums["concluded"], one_place(overall["avg"]), ratio(on_time, HUNDRED)]
        + [sums["open"], sums["overdue"], sums["suspended"]]
    )
    sheet.write_values([])
    compression = ratio(summary["compression"], HUNDRED)
    lines = [
        (_("项目审批（件）"), summary["total"], INTEGER),
        (_("已办结（件）"), summary["concluded"], INTEGER),
        (_("平均用时（工作日）"), summary["avg_days"], ONE_DECIMAL),
        (_("实际用时合计（工作日）"), summary["elapsed"], INTEGER),
        (_("串联办理用时合计（工作日）"), summary["serial"], INTEGER),
        (_("审批时限压缩率"), compression, PERCENT),
    ]
    sheet.write_summary([_("审批提速（已办结的项目审批，并联办理对比串联办理）")])
    for label, value, fmt in lines:
        sheet.write_summary([label, value], formats={1: fmt}, font=None)
    return sheet


# -- 4. 考核结果 ----------------------------------------------------------------------------------


def latest_published(year):
    periods = AssessmentPeriod.objects.filter(status=PeriodStatus.PUBLISHED, year__lte=year)
    return periods.order_by("-ends_on", "-pk").first()


#: the fields of a result's row (``write_results``)
RESULT_FIELDS = (
    "rank",
    "project__code",
    "project__name",
    "responsible_unit__name",
    "project__project_type",
    "score",
    "grade",
    "vetoed",
    "outcome",
)
RESULT = fields(*RESULT_FIELDS)


def result_columns():
    """The columns of a result's tuple of RESULT_FIELDS."""
    at = RESULT
    grades, outcomes, types = labels(Grade.choices), labels(OutcomeKind.choices), labels(ProjectType.choices)
    fills = {grade: PatternFill("solid", fgColor=colour) for grade, colour in GRADE_FILLS.items()}
    yes = _("是")
    project_type, grade, vetoed, outcome = (
        at[name] for name in ("project__project_type", "grade", "vetoed", "outcome")
    )
    return [
        Column(_("排名"), 6, column(at, "rank"), INTEGER),
        Column(_("项目编号"), 14, column(at, "project__code")),
        Column(_("项目名称"), 30, column(at, "project__name")),
        Column(_("责任单位"), 22, column(at, "responsible_unit__name")),
        Column(_("项目类型"), 10, lambda r: types.get(r[project_type])),
        Column(_("得分"), 8, column(at, "score"), SCORE),
        Column(_("等次"), 8, lambda r: grades.get(r[grade]), fill=lambda r: fills.get(r[grade])),
        Column(_("一票否决"), 8, lambda r: yes if r[vetoed] else None),
        Column(_("结果运用"), 18, lambda r: outcomes.get(r[outcome])),
    ]


def period_results(user, period):
    return policy_for(ProjectAssessment).viewable(user, ProjectAssessment.objects.filter(period=period))


def write_results(book, user, year, progress):
    period = latest_published(year)
    if period is None:
        title = _("考核结果")
        note = _("截至 %(year)s 年尚无已公布的考核结果") % {"year": year}
        sheet = xlsx.Sheet(book, _("考核结果"), title, result_columns(), note)
        sheet.write_values([None, None, note])
        return sheet
    title = _("%(name)s · 考核排名") % {"name": period.name}
    note = _("考核期间 %(start)s 至 %(end)s，公布于 %(published)s") % {
        "start": period.starts_on,
        "end": period.ends_on,
        "published": timezone.localtime(period.published_at).date() if period.published_at else "",
    }
    sheet = xlsx.Sheet(book, _("考核结果"), title, result_columns(), note)
    rows = period_results(user, period).order_by("rank", "project_id").values_list(*RESULT_FIELDS)
    write, step = sheet.write, progress.step
    for row in rows.iterator(chunk_size=CHUNK):
        write(row)
        step()
    return sheet


@register
class LeadershipExport(Export):
    key = "leadership"
    label = gettext_lazy("重点项目推进情况报表")

    def allowed(self, user):
        return user.is_authenticated and (user.is_superuser or bool(user_roles(user) & ROLES))

    def prepare(self, user, params):
        parse_year(params)

    def count(self, user, params):
        """Rows of the three long sheets, for the progress bar."""
        year = parse_year(params)
        period = latest_published(year)
        results = period_results(user, period).count() if period else 0
        return year_projects(user, year).count() + year_issues(user, year).count() + results

    def title(self, user, params):
        return _("%(label)s（%(year)s 年）") % {"label": self.label, "year": parse_year(params)}

    def filename(self, user, params):
        return f"{self.label}-{parse_year(params)}-{timezone.localdate():%Y%m%d}.xlsx"

    def write(self, user, params, out, progress):
        year = parse_year(params)
        counter = Progress(progress)
        book = xlsx.workbook()
        write_projects(book, user, year, counter)
        write_issues(book, user, year, counter)
        write_approvals(book, user, year)
        write_results(book, user, year, counter)
        progress(counter.done)
        book.save(out)
