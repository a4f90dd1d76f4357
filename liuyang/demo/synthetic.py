"""Clearly synthetic projects (示例) that fill the demo to 60 across types, industries, stages and towns.

Every name ends in "（示例）" and every description starts with "示例数据：".
Figures come from arithmetic on the row number, never from ``random``, so every
machine gets the same data.
"""

from datetime import date
from decimal import Decimal

from projects.choices import PolicyTag, ProjectStage, ProjectType

from . import units
from .people import COMMISSIONERS, LEADERS
from .projects import SEED_PROJECTS

SUFFIX = "（示例）"
PREFIX = "示例数据："

_I, _F, _L = ProjectType.INDUSTRIAL, ProjectType.INFRASTRUCTURE, ProjectType.LIVELIHOOD
_PLAN, _RES, _PREP, _BUILD, _DONE, _RUN, _OUT = (
    ProjectStage.PLANNING,
    ProjectStage.RESERVE,
    ProjectStage.PREPARATION,
    ProjectStage.CONSTRUCTION,
    ProjectStage.COMPLETED,
    ProjectStage.OPERATING,
    ProjectStage.REMOVED,
)

# (name, industry, type, stage, town, responsible unit)
ROWS = [
    ("花炮智能化生产线技术改造", "花炮", _I, _BUILD, "澄潭江镇", units.INDUSTRY_IT),
    ("烟花爆竹原材料集中配送中心", "花炮", _F, _PREP, "金刚镇", units.INDUSTRY_IT),
    ("花炮电商物流园", "花炮", _I, _RES, "枨冲镇", units.COMMERCE),
    ("花炮安全科技研发中心", "花炮", _I, _DONE, "荷花街道", units.INDUSTRY_IT),
    ("花炮焰火燃放表演基地", "花炮", _I, _PLAN, "关口街道", units.CULTURE_TOURISM),
    ("文家市红色研学基地", "文旅康养", _L, _BUILD, "文家市镇", units.CULTURE_TOURISM),
    ("沿溪乡村康养综合体", "文旅康养", _I, _PREP, "沿溪镇", units.CULTURE_TOURISM),
    ("张坊古镇民宿集群", "文旅康养", _I, _RES, "张坊镇", units.CULTURE_TOURISM),
    ("达浒森林康养步道", "文旅康养", _F, _DONE, "达浒镇", units.CULTURE_TOURISM),
    ("社港户外运动营地", "文旅康养", _I, _PLAN, "社港镇", units.CULTURE_TOURISM),
    ("城市大脑数据中心", "数字经济", _F, _BUILD, "荷花街道", units.DEVELOPMENT_REFORM),
    ("工业互联网公共服务平台", "数字经济", _I, _RUN, "集里街道", units.INDUSTRY_IT),
    ("5G网络乡镇补盲工程", "数字经济", _F, _BUILD, "高坪镇", units.DEVELOPMENT_REFORM),
    ("智慧园区数字孪生平台", "数字经济", _I, _PREP, "洞阳镇", units.DEVELOPMENT_REFORM),
    ("数据标注与算力服务基地", "数字经济", _I, _OUT, "北盛镇", units.DEVELOPMENT_REFORM),
    ("工程机械关键零部件项目", "先进制造", _I, _BUILD, "永安镇", units.HIGH_TECH_ZONE),
    ("智能装备制造基地", "先进制造", _I, _PREP, "北盛镇", units.ECONOMIC_ZONE),
    ("汽车零部件智能工厂", "先进制造", _I, _RUN, "洞阳镇", units.ECONOMIC_ZONE),
    ("精密模具产业园", "先进制造", _I, _RES, "永安镇", units.HIGH_TECH_ZONE),
    ("机器人精密减速器项目", "先进制造", _I, _PLAN, "集里街道", units.INDUSTRY_IT),
    ("中药饮片精深加工项目", "生物医药", _I, _BUILD, "洞阳镇", units.ECONOMIC_ZONE),
    ("医疗器械产业园二期", "生物医药", _I, _PREP, "洞阳镇", units.ECONOMIC_ZONE),
    ("生物制剂中试基地", "生物医药", _I, _RES, "蕉溪镇", units.ECONOMIC_ZONE),
    ("原料药绿色化改造项目", "生物医药", _I, _DONE, "洞阳镇", units.ECONOMIC_ZONE),
    ("健康食品研发生产基地", "生物医药", _I, _RUN, "永和镇", units.INDUSTRY_IT),
    ("新型显示模组项目", "电子信息", _I, _BUILD, "集里街道", units.ECONOMIC_ZONE),
    ("半导体封装测试项目", "电子信息", _I, _PREP, "永安镇", units.HIGH_TECH_ZONE),
    ("印制电路板智能工厂", "电子信息", _I, _BUILD, "北盛镇", units.ECONOMIC_ZONE),
    ("智能终端产业园", "电子信息", _I, _RES, "荷花街道", units.COMMERCE),
    ("电子元器件检测中心", "电子信息", _I, _RUN, "关口街道", units.INDUSTRY_IT),
    ("碳基新材料项目", "新材料", _I, _BUILD, "永安镇", units.HIGH_TECH_ZONE),
    ("高性能陶瓷材料项目", "新材料", _I, _PREP, "普迹镇", units.INDUSTRY_IT),
    ("电子化学品项目", "新材料", _I, _RES, "北盛镇", units.ECONOMIC_ZONE),
    ("新型建材绿色工厂", "新材料", _I, _DONE, "镇头镇", units.INDUSTRY_IT),
    ("稀有金属深加工项目", "新材料", _I, _OUT, "古港镇", units.INDUSTRY_IT),
    ("分布式光伏整镇推进项目", "新能源", _F, _BUILD, "官桥镇", units.DEVELOPMENT_REFORM),
    ("用户侧储能电站", "新能源", _F, _PREP, "葛家镇", units.DEVELOPMENT_REFORM),
    ("新能源汽车充换电网络", "新能源", _F, _BUILD, "淮川街道", units.DEVELOPMENT_REFORM),
    ("锂电池正极材料项目", "新能源", _I, _RES, "洞阳镇", units.ECONOMIC_ZONE),
    ("抽水蓄能电站前期研究", "新能源", _F, _PLAN, "小河乡", units.DEVELOPMENT_REFORM),
    ("油茶产业提质增效项目", "现代农业", _I, _BUILD, "中和镇", units.AGRICULTURE),
    ("高标准农田建设项目", "现代农业", _F, _BUILD, "龙伏镇", units.AGRICULTURE),
    ("浏阳蒸菜预制菜产业园", "现代农业", _I, _PREP, "蕉溪镇", units.AGRICULTURE),
    ("柏加苗木花卉交易中心", "现代农业", _I, _DONE, "柏加镇", units.AGRICULTURE),
    ("浏阳河防洪堤提质改造", "城市建设", _F, _BUILD, "淮川街道", units.WATER),
    ("城区雨污分流管网改造", "城市建设", _F, _PREP, "集里街道", units.HOUSING_CONSTRUCTION),
    ("城区公共停车场建设", "城市建设", _L, _RES, "荷花街道", units.HOUSING_CONSTRUCTION),
    ("镇头至普迹快速通道", "城市建设", _F, _BUILD, "镇头镇", units.TRANSPORT),
    ("城区老旧小区改造", "城市建设", _L, _BUILD, "淮川街道", units.HOUSING_CONSTRUCTION),
    ("城东区域医疗中心", "社会民生", _L, _BUILD, "关口街道", units.HEALTH),
    ("九年一贯制学校新建项目", "社会民生", _L, _PREP, "沙市镇", units.EDUCATION),
    ("乡镇养老服务中心", "社会民生", _L, _RES, "淳口镇", units.CIVIL_AFFAIRS),
    ("全民健身中心", "社会民生", _L, _PLAN, "官渡镇", units.CULTURE_TOURISM),
]

PERSONS = ["王立军", "陈国栋", "张海涛", "杨晓燕", "赵德明", "周建华", "吴彩霞", "孙振国", "胡家乐"]
STRATEGIC = {"数字经济", "先进制造", "生物医药", "电子信息", "新材料", "新能源"}
# Why the removed (出库) rows left the pool.
REMOVAL_REASONS = {
    "数据标注与算力服务基地": "经项目评估，市场前景不明、实施条件不成熟，调整出库。",
    "稀有金属深加工项目": "不符合现行产业政策和环保要求，调整出库。",
}


def _wan(value):
    """Whole 万元, rounded down to the hundred."""
    return Decimal(int(value) // 100 * 100)


def _total(index, project_type):
    if project_type == _I:
        return _wan(20000 + (index * 37 % 23) * 5000)
    if project_type == _F:
        return _wan(10000 + (index * 29 % 17) * 4000)
    return _wan(8000 + (index * 13 % 11) * 2000)


def _dates(index, stage):
    """Planned and actual dates that fit the stage (as seen in late 2026)."""
    month = 1 + index % 12
    if stage == _PLAN:
        return {"planned_start": date(2028, month, 1), "planned_completion": date(2030 + index % 2, 12, 31)}
    if stage in (_RES, _OUT):
        return {"planned_start": date(2027, month, 1), "planned_completion": date(2029 + index % 2, 6, 30)}
    if stage == _PREP:
        start = date(2026 if index % 3 == 0 else 2027, 1 + index * 5 % 12, 15)
        return {"planned_start": start, "planned_completion": date(start.year + 2, 12, 31)}
    if stage == _BUILD:
        start = date(2024 + index % 2, 1 + index * 7 % 12, 10)
        return {
            "planned_start": start.replace(day=1),
            "actual_start": start,
            "planned_completion": date(start.year + 2 + index % 2, 12, 31),
        }
    if stage == _DONE:
        return {
            "planned_start": date(2024, month, 1),
            "actual_start": date(2024, month, 10),
            "planned_completion": date(2026, 6, 30),
            "actual_completion": date(2026, 1 + index % 10, 28),
        }
    # operating (投产): built 2022–2024
    return {
        "planned_start": date(2022, month, 1),
        "actual_start": date(2022, month, 10),
        "planned_completion": date(2024, month, 1),
        "actual_completion": date(2024, month, 20),
    }


def _annual_plan(index, stage, total):
    if stage == _BUILD:
        return _wan(total * (20 + index % 4 * 5) / 100)
    if stage in (_PREP, _DONE):
        return _wan(total / 10)
    return Decimal(0)


def _policy_tags(index, industry, total):
    tags = []
    if index % 4 == 0:
        tags.append(PolicyTag.NATIONAL_14TH_FYP)
    if industry in STRATEGIC:
        tags.append(PolicyTag.HUNAN_SANGAO_SIXIN)
    if index % 9 == 0:
        tags.append(PolicyTag.PROVINCIAL_PILOT)
    if total >= 100000:
        tags.append(PolicyTag.CHANGSHA_KEY)
    return tags


def _synthetic(index, name, industry, project_type, stage, town, unit):
    number = len(SEED_PROJECTS) + index + 1
    total = _total(index, project_type)
    spec = {
        "code": f"LY2024-{number:03d}",
        "name": name + SUFFIX,
        "project_type": project_type,
        "industry": industry,
        "stage": stage,
        "total_investment": total,
        "annual_plan_investment": _annual_plan(index, stage, total),
        "responsible_unit": unit,
        "responsible_person": PERSONS[index % len(PERSONS)],
        "owner_enterprise": (
            f"示例企业{index + 1:02d}有限公司" if project_type == _I else f"示例建设单位{index + 1:02d}"
        ),
        "town": town,
        "policy_tags": _policy_tags(index, industry, total),
        "leader": LEADERS[index % len(LEADERS)],
        "service_commissioner": (
            COMMISSIONERS[index % len(COMMISSIONERS)] if stage in (_RES, _PREP, _BUILD, _DONE) else None
        ),
        **_dates(index, stage),
    }
    description = f"{PREFIX}{name}，总投资{total}万元"
    if project_type == _I:
        land = Decimal(50 + index * 17 % 10 * 30)
        output = _wan(total * Decimal("1.5"))
        spec.update(
            land_area=land,
            expected_output_value=output,
            expected_tax=_wan(output / 20),
            expected_jobs=int(total) // 200,
            expected_targets="示例目标：达产后年产值、税收与就业见上。",
        )
        description += f"，用地约{land}亩"
    elif project_type == _F:
        spec["expected_targets"] = "示例目标：按期完工，质量合格，安全零事故。"
    else:
        spec["expected_targets"] = "示例目标：群众满意度不低于90%。"
    description += "。本项目为演示用虚构项目。"
    if stage == _OUT:
        description += REMOVAL_REASONS[name]
    spec["description"] = description
    return spec


def synthetic_projects():
    """The synthetic project specs, numbered after the seed's projects."""
    return [_synthetic(index, *row) for index, row in enumerate(ROWS)]
