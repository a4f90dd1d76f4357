"""The demo's reserve pool, its past evaluation round and this year's plan, as data.

``reserve.py`` loads it through ``reserve.services``. Entry dates, time nodes,
the round's opening date and the scores are fixed here, so every machine gets
the same pool. Names are the projects' names without the synthetic suffix.
"""

from dataclasses import dataclass
from datetime import date

from projects.choices import ProjectStage
from reserve.choices import Decision, PlanCategory, Tier

from .synthetic import REMOVAL_REASONS, SUFFIX

OFFICE = "office"
NEAR, MID, LONG = Tier.NEAR, Tier.MID, Tier.LONG
PLAN_YEAR = 2026
PLAN_TITLE = "2026年浏阳市重点项目年度实施计划"
PLAN_NOTES = (
    "按新开工、续建、竣工三类安排年度计划投资（万元）。新开工项目经“2026 年一季度评估”"
    "或由市重点办直接纳入；在建项目全部续建纳入。"
)


@dataclass(frozen=True)
class PoolEntry:
    """A project's entry into the pool; unit and person default to the project's own."""

    name: str  # the project's name, without the synthetic suffix
    tier: str
    entered_on: date
    reason: str
    time_nodes: str = ""
    goals: str = ""


# -- the pool, in the order the projects entered it -----------------------------------

BEFORE_ROUND = [
    PoolEntry("稀有金属深加工项目", LONG, date(2024, 9, 10), "补链延链项目，纳入远期储备"),
    PoolEntry(
        "数据标注与算力服务基地",
        MID,
        date(2025, 3, 12),
        "对接国家“十四五”数字经济发展方向，纳入中期储备",
        goals="为数字经济产业园提供数据标注与算力配套服务。",
    ),
    PoolEntry(
        "抽水蓄能电站前期研究",
        LONG,
        date(2025, 4, 8),
        "新能源与绿色发展方向，开展站点比选和前期研究，纳入远期储备",
        goals="服务碳达峰、碳中和目标，提升电网调峰能力。",
    ),
    PoolEntry(
        "浏阳河文旅综合体",
        MID,
        date(2025, 6, 18),
        "依托浏阳河自然景观培育文旅康养新兴支柱产业，纳入中期储备",
        time_nodes="2026年6月完成概念规划与可研；2026年12月完成用地报批；2027年3月开工；2029年底建成运营",
        goals=(
            "建设滨河文旅街区、焰火表演场和康养酒店，与浏阳花炮文化城联动，"
            "实现“白天看景、晚上看花”，打造夜间文旅消费集聚区。"
        ),
    ),
    PoolEntry(
        "花炮电商物流园",
        MID,
        date(2025, 7, 15),
        "花炮产业转型升级配套项目，纳入中期储备",
        goals="以“浏阳花炮”地理标志证明商标拓展线上销售，提升产品附加值。",
    ),
    PoolEntry("用户侧储能电站", NEAR, date(2025, 8, 20), "新能源项目，前期条件基本具备，纳入近期储备"),
    PoolEntry(
        "机器人精密减速器项目",
        LONG,
        date(2025, 9, 5),
        "先进制造业补短板方向，纳入远期储备",
        goals="补齐高端装备制造产业链短板，与精密制造产业园协同配套。",
    ),
    PoolEntry("沿溪乡村康养综合体", NEAR, date(2025, 10, 16), "文旅康养与乡村振兴项目，纳入近期储备"),
    PoolEntry(
        "锂电池正极材料项目",
        MID,
        date(2025, 11, 6),
        "新能源战略性新兴产业项目，纳入中期储备",
        goals="争取产业引导基金（母基金+子基金）支持，带动新能源产业链集聚。",
    ),
    PoolEntry("浏阳蒸菜预制菜产业园", NEAR, date(2025, 11, 20), "农产品精深加工项目，纳入近期储备"),
    PoolEntry(
        "精密模具产业园",
        MID,
        date(2025, 12, 3),
        "产业链招商项目，纳入中期储备",
        goals="为精密制造产业园配套精密模具，补齐产业链短板。",
    ),
    PoolEntry("城区雨污分流管网改造", NEAR, date(2025, 12, 18), "城市基础设施补短板项目，纳入近期储备"),
    PoolEntry("医疗器械产业园二期", NEAR, date(2026, 1, 9), "生物医药产业集群项目，纳入近期储备"),
    PoolEntry("张坊古镇民宿集群", MID, date(2026, 1, 22), "文旅康养项目，纳入中期储备"),
    PoolEntry(
        "智能终端产业园",
        MID,
        date(2026, 2, 10),
        "电子信息产业项目，纳入中期储备",
        goals="对接电子信息产业基金，引进智能终端整机及配套企业。",
    ),
    PoolEntry("烟花爆竹原材料集中配送中心", MID, date(2026, 2, 26), "花炮产业安全生产配套项目，纳入中期储备"),
]

AFTER_ROUND = [
    PoolEntry("生物制剂中试基地", MID, date(2026, 4, 15), "生物医药产业链项目，纳入中期储备"),
    PoolEntry(
        "花炮焰火燃放表演基地",
        LONG,
        date(2026, 4, 28),
        "花炮与文旅融合项目，纳入远期储备",
        goals="开发花炮主题文旅项目，实现“白天看景、晚上看花”的文旅融合。",
    ),
    PoolEntry("乡镇养老服务中心", NEAR, date(2026, 5, 12), "民生补短板项目，纳入近期储备"),
    PoolEntry("城区公共停车场建设", MID, date(2026, 6, 16), "民生项目，纳入中期储备"),
    PoolEntry(
        "智慧园区数字孪生平台",
        NEAR,
        date(2026, 7, 8),
        "数字经济项目，纳入近期储备",
        goals="依托数字经济产业园开放的政务、交通等数据资源，建设园区数字孪生平台。",
    ),
    PoolEntry("智能装备制造基地", NEAR, date(2026, 8, 4), "先进制造业项目，纳入近期储备"),
    PoolEntry(
        "电子化学品项目",
        MID,
        date(2026, 8, 25),
        "新材料补链项目，纳入中期储备",
        time_nodes="2027年3月前参照新材料项目“先租后让”模式完成供地方案；2027年9月开工",
        goals="补齐电子信息与新材料产业链短板；以“先租后让”方式供地，租赁期满考核达标后转为出让。",
    ),
    PoolEntry("半导体封装测试项目", MID, date(2026, 9, 15), "电子信息产业项目，纳入中期储备"),
    PoolEntry("高性能陶瓷材料项目", MID, date(2026, 10, 13), "新材料产业项目，纳入中期储备"),
    PoolEntry("九年一贯制学校新建项目", MID, date(2026, 10, 27), "教育民生项目，纳入中期储备"),
]

#: taken out by the office directly, before the round
DIRECT_REMOVAL = "稀有金属深加工项目"
#: put into the 2026 plan by the office directly, before the round
DIRECT_NEW_START = (
    "城区雨污分流管网改造",
    "列入城区排水防涝和污水提质增效年度任务，市重点办直接纳入2026年度实施计划",
    "2026年10月开工，年底前完成一期主干管网铺设",
)

# -- the round -------------------------------------------------------------------------

ROUND_NAME = "2026 年一季度评估"
ROUND_OPENED_ON = date(2026, 3, 20)
ROUND_NOTES = "对储备库在库项目开展季度评估，市场前景好、带动能力强的优先纳入年度实施计划，优胜劣汰。"
EVALUATORS = ["office", "leader", "leader2"]
#: the criteria a profile lists, in order (the default criteria of reserve/migrations/0002)
CRITERIA = ["市场前景", "带动能力", "政策符合度", "实施条件成熟度", "投入产出效益"]

# (project, decision, new tier or plan category, reason, scores out of 100 per criterion)
DECISIONS = [
    (
        "用户侧储能电站",
        Decision.TO_PLAN,
        PlanCategory.NEW_START,
        "市场前景好、前期手续完备，纳入2026年度实施计划（新开工）",
        (90, 86, 94, 92, 84),
    ),
    (
        "沿溪乡村康养综合体",
        Decision.TO_PLAN,
        PlanCategory.NEW_START,
        "文旅康养带动能力强，用地与环评已落实，纳入2026年度实施计划（新开工）",
        (88, 90, 88, 86, 82),
    ),
    (
        "浏阳蒸菜预制菜产业园",
        Decision.TO_PLAN,
        PlanCategory.NEW_START,
        "联农带农效果明显，实施条件成熟，纳入2026年度实施计划（新开工）",
        (86, 92, 90, 85, 80),
    ),
    (
        "医疗器械产业园二期",
        Decision.TO_PLAN,
        PlanCategory.NEW_START,
        "一期达产良好，二期市场前景好，纳入2026年度实施计划（新开工）",
        (92, 88, 90, 83, 88),
    ),
    (
        "浏阳河文旅综合体",
        Decision.CHANGE_TIER,
        NEAR,
        "概念规划已完成，用地报批有序推进，拟2027年3月开工，调整为近期",
        (87, 88, 82, 76, 78),
    ),
    (
        "锂电池正极材料项目",
        Decision.CHANGE_TIER,
        NEAR,
        "投资协议已签订，选址落定，调整为近期",
        (84, 80, 90, 78, 82),
    ),
    (
        "机器人精密减速器项目",
        Decision.CHANGE_TIER,
        MID,
        "补链强链意义突出，技术合作方已确定，调整为中期",
        (82, 78, 90, 62, 75),
    ),
    (
        "张坊古镇民宿集群",
        Decision.CHANGE_TIER,
        LONG,
        "古镇保护规划尚未批复，实施条件不成熟，调整为远期",
        (70, 68, 72, 45, 60),
    ),
    ("精密模具产业园", Decision.KEEP, "", "补链项目，继续推进前期工作，保留中期", (80, 82, 86, 65, 78)),
    ("花炮电商物流园", Decision.KEEP, "", "市场前景较好，用地尚待落实，保留中期", (78, 74, 76, 60, 72)),
    ("智能终端产业园", Decision.KEEP, "", "招商对接中，保留中期", (76, 72, 84, 58, 70)),
    (
        "烟花爆竹原材料集中配送中心",
        Decision.KEEP,
        "",
        "安全生产配套，选址论证中，保留中期",
        (72, 78, 80, 60, 66),
    ),
    ("抽水蓄能电站前期研究", Decision.KEEP, "", "站点比选未完成，保留远期", (74, 80, 88, 40, 70)),
    (
        "数据标注与算力服务基地",
        Decision.REMOVE,
        "",
        REMOVAL_REASONS["数据标注与算力服务基地"],
        (48, 52, 66, 38, 45),
    ),
]

# -- this year's plan: what the office adds directly --------------------------------------

#: the year's target milestones of the seed's projects under construction (续建)
SEED_MILESTONES = {
    "花炮产业转型升级": "完成剩余“机器换人”自动化生产线改造；浏阳花炮文化城主体竣工",
    "大围山生态旅游示范区": "旅游公路、游客中心、生态停车场完工；办好杜鹃花节、森林音乐节",
    "数字经济产业园": "二期标准厂房主体封顶；推进云计算、大数据、人工智能企业入驻",
    "精密制造产业园": "一期厂房主体竣工，设备安装调试；引进长三角、珠三角配套企业",
    "生物医药产业化项目": "研发楼与生产车间主体竣工，年底设备安装调试",
    "高性能新材料产业化项目": "一期设备安装调试、部分投产；完成“先租后让”租赁期考核",
}
CONTINUING_REASON = "在建项目，续建纳入2026年度实施计划"
COMPLETION_REASON = "2026年竣工项目，纳入年度实施计划"
COMPLETION_MILESTONE = "竣工验收备案"


def base_name(name):
    """A project's name without the synthetic suffix, as this module names projects."""
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name


POOL_NAMES = frozenset(entry.name for entry in BEFORE_ROUND + AFTER_ROUND)


def stage_after_pool(spec):
    """The stage a demo project spec has once the pool is loaded: a 谋划 project that enters is 储备."""
    if spec["stage"] == ProjectStage.PLANNING and base_name(spec["name"]) in POOL_NAMES:
        return ProjectStage.RESERVE
    return spec["stage"]
