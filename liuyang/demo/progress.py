"""The demo's monthly progress reports (月报) as figures: what each project spent, month by month.

Pure arithmetic on a project's spec, no database and no ``random``: every machine
gets the same reports. ``work.py`` files them through ``projects.services``.

The story (as seen on 27 November 2026):

- every project under construction has reported every month since it started, so
  "cumulative since start" (累计完成) is the real one: 花炮产业转型升级 reaches 14.7 of its
  15 亿 before its completion at the end of 2026, 数字经济产业园 about 84 of its 100 亿;
- before 2026 a project spent what its total leaves after this year's plan and the
  years still to come (the plan's pace carried on to the planned completion), at half
  to one and a half times the plan's monthly pace;
- in 2026 it spends its annual plan at its own ``pace`` with a seasonal curve (little
  around the Spring Festival, more in the dry autumn); a pace of 1 is on plan;
- the projects in preparation report their 前期 spending (land, design) since January;
- the lights that follow (序时进度 on 27 November is 90.68 %): 25 green, 7 yellow, 3 red.
  Yellow: 大围山 is 18 points behind (rainy-season roadworks), 精密制造's October report
  was returned and so does not count, 镇头至普迹快速通道 lags, two projects have nodes
  overdue (``workplan.py``), two new starts of the plan missed their start a month ago.
  Red: three new starts that should have started months ago (用户侧储能电站 in January).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from projects.choices import ProjectStage, ProjectType

from .pool import base_name

#: "today" of the demo: reports run up to this month, meetings and nodes up to this day
DEMO_TODAY = date(2026, 11, 27)
PLAN_YEAR = 2026
FIRST_MONTH_OF_PREPARATION = date(2026, 1, 1)

#: share of a year's investment done in each month (Jan … Dec): Spring Festival in February,
#: the plum rains in June–July, the dry autumn and the year-end push
SEASON = [
    Decimal("0.07"),
    Decimal("0.04"),
    Decimal("0.08"),
    Decimal("0.09"),
    Decimal("0.09"),
    Decimal("0.08"),
    Decimal("0.08"),
    Decimal("0.09"),
    Decimal("0.09"),
    Decimal("0.09"),
    Decimal("0.10"),
    Decimal("0.10"),
]
#: the first months of a project spend less while the site is set up
RAMP_UP = [Decimal("0.4"), Decimal("0.7"), Decimal("0.9")]


@dataclass(frozen=True)
class Profile:
    """How a project fares in 2026. ``pace`` 1 spends the annual plan on the seasonal curve."""

    pace: Decimal = Decimal("1.00")
    #: (period start, the office's comment): the report the office returned
    returned: tuple = ()
    #: the last period reported (the month before DEMO_TODAY's month for a project that files late)
    last_period: date = date(2026, 11, 1)
    #: work-plan nodes (by name) left undone past their planned date
    overdue: tuple = ()


ON_PLAN = Profile()

#: by project name (without the synthetic suffix); every other lit project is on plan (``profile``)
PROFILES = {
    "花炮产业转型升级": Profile(pace=Decimal("1.00")),
    "大围山生态旅游示范区": Profile(pace=Decimal("0.808")),
    "数字经济产业园": Profile(pace=Decimal("1.03")),
    "精密制造产业园": Profile(
        pace=Decimal("0.98"),
        returned=(
            (
                date(2026, 10, 1),
                "10月设备购置金额与设备采购合同付款凭证不符，请核实后重新提交，并补充进场设备照片。",
            ),
        ),
    ),
    "生物医药产业化项目": Profile(pace=Decimal("1.00")),
    "高性能新材料产业化项目": Profile(pace=Decimal("0.97")),
    # they have not filed November yet (due 5 December) but are well ahead until October
    "新型显示模组项目": Profile(pace=Decimal("1.15"), last_period=date(2026, 10, 1)),
    "城东区域医疗中心": Profile(pace=Decimal("1.15"), last_period=date(2026, 10, 1)),
    "镇头至普迹快速通道": Profile(pace=Decimal("0.78")),
    "工程机械关键零部件项目": Profile(overdue=("开挖", "正负零")),
    "分布式光伏整镇推进项目": Profile(overdue=("开挖/路基",)),
    # new starts of the 2026 plan that have not started: their 前期 spending lags too
    "用户侧储能电站": Profile(pace=Decimal("0.35"), overdue=("施工图设计及审查", "施工许可", "拆迁")),
    "沿溪乡村康养综合体": Profile(pace=Decimal("0.60"), overdue=("施工许可",)),
    "浏阳蒸菜预制菜产业园": Profile(pace=Decimal("0.70"), overdue=("施工许可",)),
    "医疗器械产业园二期": Profile(pace=Decimal("0.95")),
    "城区雨污分流管网改造": Profile(pace=Decimal("0.92")),
}


def profile(spec):
    """The project's profile; the others are on plan, each at a pace of its own between 0.96 and 1.10."""
    name = base_name(spec["name"])
    if name in PROFILES:
        return PROFILES[name]
    return Profile(pace=Decimal("0.96") + Decimal("0.02") * (sum(map(ord, name)) % 8))


def wan(value):
    """Whole 万元."""
    return Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def month_starts(first, last):
    """The first days of the months from ``first`` to ``last`` (both included)."""
    months = []
    day = date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _months_after_plan_year(spec):
    completion = spec.get("planned_completion")
    if not completion or completion.year <= PLAN_YEAR:
        return 0
    return (completion.year - PLAN_YEAR - 1) * 12 + completion.month


#: before the plan year a project spent between these multiples of the plan's monthly pace
SLOWEST_BEFORE, FASTEST_BEFORE = Decimal("0.5"), Decimal("1.5")


def spent_before_plan_year(spec, months):
    """What a project under construction spent in its ``months`` before 1 January of the plan year:
    what its total leaves after this year's plan and the years to come, at a plausible pace (万元)."""
    total, annual = spec["total_investment"], spec["annual_plan_investment"]
    later = annual * _months_after_plan_year(spec) / 12
    pace = annual / 12 * months
    spent = max(min(total - annual - later, pace * FASTEST_BEFORE), pace * SLOWEST_BEFORE)
    return wan(max(min(spent, total - annual), 0))


def monthly_amounts(spec):
    """[(period start, 万元 spent)] of every month the project reports, oldest first."""
    annual, prof = spec["annual_plan_investment"], profile(spec)
    if spec["stage"] == ProjectStage.CONSTRUCTION:
        first = spec["actual_start"] or spec["planned_start"]
        if first is None:
            return []
        before = month_starts(first, date(PLAN_YEAR - 1, 12, 1))
    else:
        first, before = FIRST_MONTH_OF_PREPARATION, []
    weights = [SEASON[m.month - 1] * (RAMP_UP[i] if i < len(RAMP_UP) else 1) for i, m in enumerate(before)]
    rows = []
    if before:
        budget, spent = spent_before_plan_year(spec, len(before)), Decimal(0)
        for month, weight in zip(before[:-1], weights[:-1], strict=True):
            amount = wan(budget * weight / sum(weights))
            rows.append((month, amount))
            spent += amount
        rows.append((before[-1], budget - spent))
    for month in month_starts(max(first, date(PLAN_YEAR, 1, 1)), prof.last_period):
        rows.append((month, wan(annual * prof.pace * SEASON[month.month - 1])))
    return rows


# -- the split (建筑 / 安装 / 设备 / 其他) and the words -------------------------------------------

#: (construction, installation, equipment) shares at the start and at the end of the works
SPLITS = {
    ProjectType.INDUSTRIAL: (
        (Decimal("0.75"), Decimal("0.08"), Decimal("0.05")),
        (Decimal("0.35"), Decimal("0.16"), Decimal("0.45")),
    ),
    ProjectType.INFRASTRUCTURE: (
        (Decimal("0.80"), Decimal("0.06"), Decimal("0.02")),
        (Decimal("0.70"), Decimal("0.12"), Decimal("0.06")),
    ),
    ProjectType.LIVELIHOOD: (
        (Decimal("0.72"), Decimal("0.08"), Decimal("0.04")),
        (Decimal("0.60"), Decimal("0.14"), Decimal("0.12")),
    ),
}
#: 前期 spending is mostly land and design (其他费用), a little site levelling
PREPARATION_SPLIT = (Decimal("0.10"), Decimal("0"), Decimal("0"))


def split(spec, amount, done_share):
    """The four parts of ``amount`` for a project ``done_share`` (0–1) of the way through."""
    if spec["stage"] != ProjectStage.CONSTRUCTION:
        shares = PREPARATION_SPLIT
    else:
        early, late = SPLITS[spec["project_type"]]
        shares = tuple(a + (b - a) * done_share for a, b in zip(early, late, strict=True))
    construction, installation, equipment = (wan(amount * share) for share in shares)
    return {
        "construction": construction,
        "installation": installation,
        "equipment": equipment,
        "other": amount - construction - installation - equipment,
    }


#: (share of the total done, 形象进度) by project type, the first that is not yet passed
WORKS = {
    ProjectType.INDUSTRIAL: [
        (Decimal("0.05"), "场地平整、桩基施工"),
        (Decimal("0.20"), "基础及地下室施工，部分厂房正负零完成"),
        (Decimal("0.45"), "厂房主体结构施工"),
        (Decimal("0.65"), "主体封顶，砌体及机电安装施工"),
        (Decimal("0.85"), "装饰装修，生产设备进场安装调试"),
        (Decimal("1.01"), "设备联调联试，部分产线试生产，收尾工程"),
    ],
    ProjectType.INFRASTRUCTURE: [
        (Decimal("0.05"), "征拆扫尾、施工便道及临建"),
        (Decimal("0.25"), "路基土石方及涵洞施工"),
        (Decimal("0.55"), "主体工程施工过半"),
        (Decimal("0.80"), "主体工程基本完工，附属设施施工"),
        (Decimal("1.01"), "附属及绿化工程，竣工验收准备"),
    ],
    ProjectType.LIVELIHOOD: [
        (Decimal("0.05"), "场地平整、桩基施工"),
        (Decimal("0.30"), "基础施工，主体结构施工"),
        (Decimal("0.60"), "主体封顶，砌体施工"),
        (Decimal("0.85"), "装饰装修及水电安装"),
        (Decimal("1.01"), "室外配套及竣工验收准备"),
    ],
}
PREPARATION_WORKS = "推进前期工作：用地报批、规划设计方案及施工图设计，办理开工前审批手续"

#: what the seed's projects did in 2026, month by month (形象进度 of the months named)
SEED_WORKS = {
    "花炮产业转型升级": "“机器换人”自动化生产线改造累计完成{lines}条；浏阳花炮文化城主体竣工，展陈布展施工",
    "大围山生态旅游示范区": "旅游公路路面及护栏施工，游客中心装饰装修，生态停车场（二期）施工；受雨季影响，部分路基施工滞后",
    "数字经济产业园": "二期标准厂房主体结构施工，云计算中心机电安装；新入驻企业{firms}家",
    "精密制造产业园": "一期厂房装饰装修，精密加工设备进场安装调试；二期厂房基础施工",
    "生物医药产业化项目": "研发楼与生产车间主体竣工，洁净车间装修，设备安装调试",
    "高性能新材料产业化项目": "一期厂房主体竣工，生产线设备安装调试，准备部分投产",
}


def works_text(spec, month, done_share):
    name = base_name(spec["name"])
    if spec["stage"] != ProjectStage.CONSTRUCTION:
        return PREPARATION_WORKS
    if name in SEED_WORKS and month.year == PLAN_YEAR:
        # 100+ automated lines in all (seed), about 60 done by the end of 2025
        lines = 60 + 4 * month.month
        return SEED_WORKS[name].format(lines=lines, firms=month.month // 3 + 1)
    for limit, text in WORKS[spec["project_type"]]:
        if done_share < limit:
            return text
    return WORKS[spec["project_type"]][-1][1]


def reports(spec):
    """The report fields of every month, oldest first: (period start, fields)."""
    total, cumulative = spec["total_investment"], Decimal(0)
    rows = []
    if not total:
        return rows
    for month, amount in monthly_amounts(spec):
        share = min(cumulative / total, Decimal(1))
        cumulative += amount
        done = min(cumulative / total, Decimal(1))
        fields = split(spec, amount, share)
        fields["physical_progress"] = works_text(spec, month, done)
        fields["percent_complete"] = (
            (done * 100).quantize(Decimal("0.1"))
            if spec["stage"] == ProjectStage.CONSTRUCTION
            else Decimal(0)
        )
        rows.append((month, fields))
    return rows
