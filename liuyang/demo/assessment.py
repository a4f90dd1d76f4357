"""The demo's assessment (精准考核), replayed through ``assessment.services``.

The 2023 round reproduces the seed's outcome: "对10个重点项目推进工作表现突出的单位和个人
进行了表彰，对2个推进不力的单位进行了约谈". The platform did not exist in 2023, so the
office opens the period, lets the engine compute, then enters every figure from the
year's ledger: the tax and output figures, the survey and quality scores with their
evidence, and the platform's own figures (investment completion, milestones on time,
site failures) corrected from the statistics bureau's annual report, each saying why.
The figures are chosen per project so that the first project of each of ten
responsible units ranks excellent (the best three rewarded, the next seven commended),
one project of each of the two units with the most projects fails (an interview), and
the rest are good or pass. The engine does the scoring and ranking and proposes the
outcomes; the office confirms them by closing and publishing in January 2024.

The "先租后让" case: in December 2024 the 市自然资源局, on the task force of the
new-materials project, filed before acting (事前容错报备) to supply its land by lease
first and transfer later; the office accepted, verified, granted it (免责, a first
trial) and filed the decision with the discipline inspection and organisation departments.

The 2026 round is open and computed from the platform's live data, its entered figures
still missing: what the office sees while the year runs.

Natural key: a period's (kind, year), an application's (project, facts). What exists
is skipped, so a second run writes nothing.
"""

import datetime
import zoneinfo
from collections import Counter
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.choices import FigureSource, PeriodKind, ToleranceDecision
from assessment.models import AssessmentPeriod, FaultToleranceApplication, IndicatorResult, ProjectAssessment
from assessment.services import periods, tolerance
from projects.models import Project

from .approval_plans import DEMO_TODAY
from .material_pdf import material_pdf

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date

#: the first project of this many responsible units ranks excellent (settings: 3 rewarded, 7 commended)
COMMENDED_UNITS = 10
#: the two units with the most projects each have one failing project (约谈提醒)
INTERVIEWED_UNITS = 2

#: figures per (project type, level): indicator code → figure. The veto indicator keeps the
#: platform's count (no major accident in 2023). ``i`` is the project's place in its level; the
#: top level lists the seed's projects first, and they score a little higher (96 to 94.4, the
#: synthetic ones 94 and below), so the rewards go to the article's projects.
FIGURES = {
    "industrial": {
        "top": lambda i: {"investment": 130 - 2 * i, "output": 100, "tax": 100},  # 96 − 0.4 i
        "good": lambda i: {"investment": 100 - i % 5, "output": 95, "tax": 90},  # 85 − 0.5 (i mod 5)
        "pass": lambda i: {"investment": 88 - i % 6, "output": 85, "tax": 80},  # about 70
        # the ±10 cap keeps investment at 30 at worst: output below the lowest band fails it
        "fail": lambda i: {"investment": 70 - i, "output": 55, "tax": 70},  # 45 (an interview)
    },
    "infrastructure": {
        "top": lambda i: {"progress": 100, "quality": 96, "safety": 1 if i < 5 else 2},  # 96 / 94
        "good": lambda i: {"progress": 90 - i % 4, "quality": 85, "safety": 2},  # about 80
        "pass": lambda i: {"progress": 78 - i % 4, "quality": 80, "safety": 3},  # about 70
        "fail": lambda i: {"progress": 55 - i, "quality": 70, "safety": 4},  # about 57
    },
    "livelihood": {
        "top": lambda i: {"satisfaction": 100 if i < 5 else 95, "benefit": 92},  # 96 / 90
        "good": lambda i: {"satisfaction": 92, "benefit": 85 - i % 3},  # 86
        "pass": lambda i: {"satisfaction": 85, "benefit": 70},  # 72
        "fail": lambda i: {"satisfaction": 85, "benefit": 50},  # 48
    },
}

#: where each 2023 figure came from (the office's source note)
SOURCES = {
    "investment": "市统计局 2023 年固定资产投资统计年报",
    "output": "市统计局 2023 年规模工业产值快报",
    "tax": "国家税务总局浏阳市税务局 2023 年入库税收",
    "progress": "2023 年度项目节点台账（市重点办）",
    "quality": "市住建局 2023 年工程质量综合评价",
    "safety": "市应急管理局、市住建局 2023 年现场检查记录",
    "satisfaction": "第三方机构 2023 年群众满意度调查",
    "benefit": "2023 年度社会效益专家评审意见",
}
#: the ASCII lines of each entered figure's evidence PDF
EVIDENCE = {
    "output": "Industrial output value 2023 - Liuyang statistics bureau",
    "tax": "Tax paid 2023 - Liuyang tax bureau",
    "quality": "Construction quality evaluation 2023",
    "satisfaction": "Public satisfaction survey 2023",
    "benefit": "Social benefit expert review 2023",
}
CORRECTION = "平台上线前的年度数据，按年报录入"

COMPUTED_AT = datetime.datetime(2024, 1, 12, 10, tzinfo=SHANGHAI)
RECOMPUTED_AT = datetime.datetime(2024, 1, 19, 10, tzinfo=SHANGHAI)
CLOSED_AT = datetime.datetime(2024, 1, 22, 16, tzinfo=SHANGHAI)
PUBLISHED_AT = datetime.datetime(2024, 2, 2, 9, tzinfo=SHANGHAI)

LAND_CASE_PROJECT = "高性能新材料产业化项目"
LAND_CASE = {
    "facts": (
        "高性能新材料产业化项目拟于 2025 年 3 月在高新区开工，企业急需用地，按常规出让程序"
        "取得土地需 4 个月以上。市自然资源局拟采取“先租后让”方式供地：先与企业签订 3 年租赁合同"
        "交付使用，达产达效后再依法办理出让手续，租金可抵扣出让价款。该方式在本市尚无先例，"
        "存在一定政策风险，特事前报备。"
    ),
    "policy_direction": "符合国家和省关于工业用地长期租赁、先租后让、弹性年期供应的改革方向，有利于降低企业用地成本。",
    "public_good": "为加快优质新材料项目落地投产、增加就业和税收，经市政府专题会议集体研究决定。",
    "no_private_gain": "租赁价格经评估确定并公示，经办人员与企业无利益关联，未谋取任何私利。",
}
LAND_CASE_APPLIED = datetime.datetime(2024, 12, 16, 10, tzinfo=SHANGHAI)
LAND_CASE_FINDINGS = (
    "经核实：供地方案经市政府专题会议研究，租赁价格经第三方评估并公示，程序完备；"
    "经办人员无利益关联。项目已于 2025 年 3 月开工建设。"
)
LAND_CASE_REASON = (
    "属先行先试、为推动发展的无意过失范畴，符合政策方向、出于公心、未谋私利，"
    "按《重点项目工作容错纠错实施办法》认定免责。"
)
FILED_TO = "市纪委监委、市委组织部"


def levels(results):
    """{result pk: (level, variant)}: ten units' first projects top, two units' last projects fail."""
    by_unit = {}
    for result in results:  # in project code order
        by_unit.setdefault(result.responsible_unit_id, []).append(result)
    units = list(by_unit)  # in the order of their first project
    chosen = {}
    for i, unit in enumerate(units[:COMMENDED_UNITS]):
        chosen[by_unit[unit][0].pk] = ("top", i)
    busiest = sorted(units, key=lambda unit: (-len(by_unit[unit]), units.index(unit)))[:INTERVIEWED_UNITS]
    for i, unit in enumerate(busiest):
        chosen[by_unit[unit][-1].pk] = ("fail", i)
    rest = [result for result in results if result.pk not in chosen]
    for i, result in enumerate(rest):
        chosen[result.pk] = ("good" if i % 2 == 0 else "pass", i)
    return chosen


def evidence(project, code):
    lines = (f"Project {project.code}", EVIDENCE[code])
    return SimpleUploadedFile(f"{project.code}-{code}-2023.pdf", material_pdf(*lines), "application/pdf")


def enter_2023_figures(office, period):
    results = list(
        ProjectAssessment.objects.filter(period=period).select_related("project").order_by("project__code")
    )
    lines = IndicatorResult.objects.filter(assessment__period=period).select_related("indicator")
    by_result = {}
    for line in lines:
        by_result.setdefault(line.assessment_id, {})[line.indicator.code] = line
    chosen = levels(results)
    for result in results:
        level, variant = chosen[result.pk]
        figures = FIGURES[result.project.project_type][level](variant)
        for code, value in figures.items():
            line = by_result[result.pk][code]
            entered = line.indicator.source == FigureSource.ENTERED
            periods.enter_figure(
                office,
                line,
                figure=Decimal(value),
                source_note=SOURCES[code],
                reason="" if entered else CORRECTION,
                evidence=evidence(result.project, code) if entered else None,
            )


def load_2023(office):
    if AssessmentPeriod.objects.filter(kind=PeriodKind.ANNUAL, year=2023).exists():
        return None
    period = periods.open_period(office, year=2023)
    periods.compute(office, period, at=COMPUTED_AT)
    enter_2023_figures(office, period)
    periods.compute(office, period, at=RECOMPUTED_AT)
    period = periods.close_period(office, period, at=CLOSED_AT)
    return periods.publish(office, period, at=PUBLISHED_AT)


def load_land_case(office, clerk):
    project = Project.objects.filter(name=LAND_CASE_PROJECT).first()
    if (
        project is None
        or FaultToleranceApplication.objects.filter(project=project, facts=LAND_CASE["facts"]).exists()
    ):
        return None
    application = tolerance.apply(
        clerk, project=project, unit=clerk.unit, first_trial=True, at=LAND_CASE_APPLIED, **LAND_CASE
    )
    tolerance.accept(office, application)
    tolerance.verify(office, application, findings=LAND_CASE_FINDINGS)
    tolerance.determine(office, application, decision=ToleranceDecision.EXEMPT, reason=LAND_CASE_REASON)
    return tolerance.file(office, application, filed_to=FILED_TO)


def load_current(office, year):
    """This year's round, open and computed from the platform's data."""
    if AssessmentPeriod.objects.filter(kind=PeriodKind.ANNUAL, year=year).exists():
        return None
    period = periods.open_period(office, year=year)
    periods.compute(office, period)
    return period


def load_assessment(users, year=DEMO_TODAY.year):
    """Replay the 2023 round, the land case and this year's open round; return a Counter of rows."""
    before = Counter(
        {
            AssessmentPeriod: AssessmentPeriod.objects.count(),
            ProjectAssessment: ProjectAssessment.objects.count(),
            IndicatorResult: IndicatorResult.objects.count(),
            FaultToleranceApplication: FaultToleranceApplication.objects.count(),
        }
    )
    office = users["office"]
    load_2023(office)
    load_land_case(office, users["dept_nr"])
    load_current(office, year)
    after = Counter({model: model.objects.count() for model in before})
    after.subtract(before)
    return +after
