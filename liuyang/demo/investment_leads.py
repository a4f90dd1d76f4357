"""The demo's investment leads (招商线索) as data: who was met when, and how far each went.

``investment.py`` replays them through ``investment.services.leads`` in date order. As seen
on 27 November 2026 (``DEMO_TODAY``):

- the seed's 精密制造产业园 (50亿): the 长三角 team met 苏州精工 at a chain promotion in
  Shanghai in March 2023 (产业链招商, the 精密零部件 weak link), brought it to Liuyang,
  negotiated, signed on 18 November 2023 and saw it break ground on 8 April 2024 — the
  project the office already keeps (LY2024-004), linked both ways; its mould supplier
  from Dongguan followed through 以商招商 and signed in July 2026 into a new pool project;
- the seed's 数字经济产业园: Huawei, signed 26 March 2021, ground broken 45 days later;
- a chip packaging company the electronics sub-fund invested in, signed in September 2026
  (基金招商) into a new pool project;
- four leads in each open stage (线索, 接洽, 考察, 谈判) across 长三角, 珠三角 and 京津冀,
  four of them past their next step's date; two dropped, each with its reason.

The companies are invented and say so ("（演示）"), but Huawei, whom the seed names.
"""

from dataclasses import dataclass
from datetime import date as D

from investment.choices import ContactWay, LeadMode, Region
from reserve.choices import Tier

from . import units

CHAIN, FUND, BUSINESS = LeadMode.CHAIN, LeadMode.FUND, LeadMode.BUSINESS
YANGTZE, PEARL, NORTH = Region.YANGTZE_DELTA, Region.PEARL_DELTA, Region.JING_JIN_JI
YANGTZE_TEAM, PEARL_TEAM, NORTH_TEAM = "长三角小分队", "珠三角小分队", "京津冀小分队"

#: the teams: name → (leader, members, focus)
TEAMS = {
    YANGTZE_TEAM: ("investment", ["investment2"], "高端装备、新材料补链：上海、苏州、无锡、宁波、杭州"),
    PEARL_TEAM: ("investment2", ["investment"], "电子信息、数字经济：深圳、东莞、广州；对接子基金管理人"),
    NORTH_TEAM: ("investment3", ["investment"], "生物医药、新能源材料、文旅康养：北京、天津"),
}

VISIT, INSPECTION, MEETING = ContactWay.VISIT, ContactWay.INSPECTION, ContactWay.MEETING
PHONE, EVENT = ContactWay.PHONE, ContactWay.EVENT


@dataclass(frozen=True)
class Step:
    """One move: ``contact`` (way, text, next step), ``advance`` (note, next step), ``drop``
    (reason), ``sign`` (a new pool project), ``sign_existing`` (the key project it became) or
    ``land``. ``actor`` is the lead's owner unless named."""

    day: D
    kind: str
    text: str = ""
    way: str = ""
    next_step: str = ""
    due: D | None = None
    actor: str = ""
    hour: int = 10


@dataclass(frozen=True)
class Signing:
    """What the office fills in when a lead signs into the pool (``leads.sign``), then the entry's
    time nodes and goals (``reserve.services.update_entry``)."""

    project_type: str
    industry: str
    town: str
    unit: str
    person: str
    tier: str
    time_nodes: str
    goals: str


@dataclass(frozen=True)
class Lead:
    company: str
    region: str
    chain: str
    link: str
    mode: str
    team: str
    owner: str
    project_name: str
    amount: int  # 万元
    contact_person: str
    created: D
    steps: tuple = ()
    signing: Signing | None = None
    existing_project: str = ""  # the key project's name, for ``sign_existing``


def lead(*args, steps=(), **kwargs):
    return Lead(*args, steps=tuple(steps), **kwargs)


PRECISION = lead(
    "苏州精工智能装备集团有限公司（演示）",
    YANGTZE,
    "高端装备",
    "精密零部件加工",
    CHAIN,
    YANGTZE_TEAM,
    "investment",
    "精密制造产业园",
    500000,  # seed: 50亿
    "沈国栋（投资发展部总监）",
    D(2023, 2, 20),
    existing_project="精密制造产业园",
    steps=[
        Step(
            D(2023, 3, 8),
            "contact",
            "上海长三角高端装备产业链推介会上与企业投资发展部接洽，企业有在中部布局精密零部件基地的计划。",
            EVENT,
            "邀请企业高层来浏考察",
            D(2023, 4, 15),
        ),
        Step(
            D(2023, 3, 28),
            "advance",
            "企业书面确认投资意向，提出约1200亩的用地需求。",
            next_step="安排来浏考察高新区",
            due=D(2023, 4, 15),
        ),
        Step(
            D(2023, 4, 12),
            "contact",
            "企业董事长一行来浏考察高新区、花炮自动化装备企业，对本地配套和标准地出让表示认可。",
            INSPECTION,
        ),
        Step(
            D(2023, 4, 13),
            "advance",
            "考察后企业启动选址比较（浏阳、赣州、株洲）。",
            next_step="报送用地方案和政策清单",
            due=D(2023, 5, 31),
        ),
        Step(D(2023, 6, 20), "contact", "赴苏州总部会谈，商定分两期建设、标准地供地。", VISIT),
        Step(
            D(2023, 7, 5),
            "advance",
            "进入投资协议谈判：用地、厂房代建、产业基金配套。",
            next_step="市政府专题会审议投资协议",
            due=D(2023, 10, 31),
        ),
        Step(D(2023, 10, 26), "contact", "第三轮谈判，协议条款基本达成，报市政府专题会。", MEETING),
        Step(D(2023, 11, 18), "sign_existing", actor="office", hour=15),
        Step(D(2024, 4, 8), "land", "精密制造产业园开工建设，一期标准地拿地即开工。"),
    ],
)

MOULDS = lead(
    "东莞精密模具股份有限公司（演示）",
    PEARL,
    "高端装备",
    "精密零部件加工",
    BUSINESS,
    PEARL_TEAM,
    "investment2",
    "精密模具及配套零部件项目",
    60000,
    "陈志鹏（副总经理）",
    D(2025, 9, 15),
    signing=Signing(
        "industrial",
        "先进制造",
        "永安镇",
        units.HIGH_TECH_ZONE,
        "黄振宇",
        Tier.NEAR,
        "2026年12月完成用地预审；2027年3月标准地出让；2027年4月开工。",
        "为精密制造产业园配套精密模具和结构件，年产值约8亿元，新增就业400人。",
    ),
    steps=[
        Step(
            D(2025, 9, 16),
            "contact",
            "经苏州精工引荐（以商招商），电话联系企业副总，企业是其长期模具供应商。",
            PHONE,
            "邀请来浏考察产业园",
            D(2025, 10, 20),
        ),
        Step(D(2025, 10, 9), "advance", "企业同意随苏州精工团队来浏考察。"),
        Step(D(2025, 10, 16), "contact", "企业团队来浏考察精密制造产业园及周边标准地。", INSPECTION),
        Step(
            D(2025, 10, 17),
            "advance",
            "考察后企业提出就近配套建厂。",
            next_step="提供标准地地块和租金方案",
            due=D(2025, 12, 15),
        ),
        Step(
            D(2026, 3, 12), "advance", "进入投资协议谈判。", next_step="协议文本法律审查", due=D(2026, 6, 30)
        ),
        Step(D(2026, 7, 16), "sign", actor="office", hour=15),
    ],
)

CHIPS = lead(
    "深圳芯辰微电子有限公司（演示）",
    PEARL,
    "电子信息",
    "芯片设计与封装测试",
    FUND,
    PEARL_TEAM,
    "investment2",
    "芯片封装测试基地项目",
    120000,
    "吴海涛（董事长）",
    D(2025, 11, 3),
    signing=Signing(
        "industrial",
        "电子信息",
        "集里街道",
        units.ECONOMIC_ZONE,
        "谭建军",
        Tier.MID,
        "2027年完成厂房代建；2028年一期投产。",
        "补齐电子信息产业链芯片封装测试环节，达产后年产值15亿元。",
    ),
    steps=[
        Step(
            D(2025, 11, 5),
            "contact",
            "电子信息产业基金管理人推荐：基金已投资该企业，企业计划新建封装测试基地。",
            MEETING,
            "赴深圳拜访企业",
            D(2025, 12, 10),
        ),
        Step(D(2025, 12, 8), "advance", "赴深圳拜访，企业确认在中部选址。"),
        Step(
            D(2026, 2, 26),
            "advance",
            "企业来浏考察经开区电子信息产业园。",
            next_step="测算厂房代建方案",
            due=D(2026, 4, 30),
        ),
        Step(
            D(2026, 5, 20),
            "advance",
            "进入谈判：厂房代建、基金跟投。",
            next_step="协议定稿",
            due=D(2026, 9, 15),
        ),
        Step(D(2026, 9, 22), "sign", actor="office", hour=15),
    ],
)

HUAWEI = lead(
    "华为技术有限公司",
    PEARL,
    "数字经济",
    "算力与云计算基础设施",
    CHAIN,
    PEARL_TEAM,
    "investment2",
    "数字经济产业园",
    1000000,  # seed: 100亿
    "",
    D(2020, 10, 15),
    existing_project="数字经济产业园",
    steps=[
        Step(D(2020, 11, 10), "advance", "赴深圳对接，商谈“政府主导、企业运营”共建数字经济产业园。"),
        Step(D(2020, 12, 18), "advance", "企业来浏考察园区选址（集里街道，约1000亩）。"),
        Step(D(2021, 1, 20), "advance", "进入合作协议谈判：平台建设、产业招商、数字经济产业基金。"),
        Step(D(2021, 3, 26), "sign_existing", actor="office", hour=15),
        Step(D(2021, 5, 10), "land", "签约后45天开工，创造“浏阳速度”。"),
    ],
)


def open_lead(
    company,
    region,
    chain,
    link,
    mode,
    team,
    owner,
    name,
    amount,
    contact,
    created,
    stage,
    next_step,
    due,
    story,
):
    """An open lead: recorded on ``created``, moved to ``stage`` by ``story`` (one text per move)."""
    steps, day = [], created
    for n, text in enumerate(story):
        day = D.fromordinal(day.toordinal() + 20 + 3 * n)
        last = n == len(story) - 1
        way = "" if n < stage else (MEETING if stage >= 3 else PHONE)
        steps.append(
            Step(
                day,
                "advance" if n < stage else "contact",
                text,
                way,
                next_step if last else "",
                due if last else None,
            )
        )
    return lead(company, region, chain, link, mode, team, owner, name, amount, contact, created, steps=steps)


STAGE_LEADS = [
    # 谈判 (three moves, then a contact)
    open_lead(
        "宁波新锐复合材料科技有限公司（演示）",
        YANGTZE,
        "新材料",
        "高性能复合材料",
        CHAIN,
        YANGTZE_TEAM,
        "investment",
        "碳纤维复合材料生产基地",
        150000,
        "周立军",
        D(2026, 6, 2),
        3,
        "就用地价格和厂房代建方案进行第三轮谈判",
        D(2026, 12, 8),
        [
            "宁波对接会后企业同意深入洽谈。",
            "企业来浏考察高新区新材料园。",
            "进入投资协议谈判。",
            "第二轮谈判：企业希望厂房代建。",
        ],
    ),
    open_lead(
        "北京智源康生物科技有限公司（演示）",
        NORTH,
        "生物医药",
        "生物制品与疫苗",
        CHAIN,
        NORTH_TEAM,
        "investment3",
        "生物制品产业化项目",
        200000,
        "刘敏",
        D(2026, 5, 11),
        3,
        "投资协议报市政府专题会审议",
        D(2026, 11, 20),
        [
            "北京生物医药产业链推介会后接洽。",
            "企业来浏考察经开区生物医药园。",
            "进入谈判：GMP厂房代建。",
            "协议文本基本达成。",
        ],
    ),
    open_lead(
        "上海擎天机器人有限公司（演示）",
        YANGTZE,
        "高端装备",
        "工业机器人整机",
        BUSINESS,
        YANGTZE_TEAM,
        "investment",
        "工业机器人整机制造项目",
        100000,
        "赵一鸣",
        D(2026, 7, 1),
        3,
        "确定首期产能和设备投资强度",
        D(2026, 12, 15),
        ["经苏州精工引荐接洽。", "企业来浏考察精密制造产业园。", "进入谈判。", "第一轮谈判纪要确认。"],
    ),
    open_lead(
        "天津海博新能源材料有限公司（演示）",
        NORTH,
        "新材料",
        "新能源电池材料",
        FUND,
        NORTH_TEAM,
        "investment3",
        "锂电池正极材料项目",
        90000,
        "孙海",
        D(2026, 6, 20),
        3,
        "母基金投决会审议跟投方案",
        D(2026, 12, 4),
        ["母基金合作机构推荐接洽。", "企业来浏考察。", "进入谈判：基金跟投1亿元。", "提交跟投尽调材料。"],
    ),
    # 考察 (two moves, then a contact)
    open_lead(
        "杭州云图数据科技有限公司（演示）",
        YANGTZE,
        "数字经济",
        "大数据服务",
        BUSINESS,
        YANGTZE_TEAM,
        "investment",
        "城市大数据运营中心",
        30000,
        "钱晓楠",
        D(2026, 8, 3),
        2,
        "企业提交项目可研和用地需求",
        D(2026, 11, 13),
        [
            "经数字经济产业园入驻企业引荐接洽。",
            "企业来浏考察数字经济产业园。",
            "考察后企业要求补充数据开放清单。",
        ],
    ),
    open_lead(
        "广州康健医疗器械有限公司（演示）",
        PEARL,
        "生物医药",
        "医疗器械",
        CHAIN,
        PEARL_TEAM,
        "investment2",
        "高端医疗器械生产基地",
        50000,
        "梁志华",
        D(2026, 8, 18),
        2,
        "组织企业第二次来浏考察标准地",
        D(2026, 12, 10),
        ["广州医疗器械展会接洽。", "企业来浏考察经开区。", "企业比较浏阳与赣州的用地成本。"],
    ),
    open_lead(
        "深圳星链传感科技有限公司（演示）",
        PEARL,
        "电子信息",
        "传感器与模组",
        FUND,
        PEARL_TEAM,
        "investment",
        "MEMS传感器模组项目",
        40000,
        "黄俊",
        D(2026, 9, 1),
        2,
        "电子信息产业基金管理人出具投资意向",
        D(2026, 12, 18),
        ["电子信息产业基金管理人推荐接洽。", "企业来浏考察。", "企业提出希望基金领投下一轮融资。"],
    ),
    open_lead(
        "北京华文研学教育科技有限公司（演示）",
        NORTH,
        "文旅康养",
        "研学与户外运动",
        BUSINESS,
        NORTH_TEAM,
        "investment3",
        "大围山研学营地",
        20000,
        "王蕾",
        D(2026, 9, 8),
        2,
        "与大围山景区商定营地选址",
        D(2026, 12, 22),
        ["经大围山景区运营方引荐接洽。", "企业来浏考察大围山。", "企业提出先租赁试运营。"],
    ),
    # 接洽 (one move, then a contact)
    open_lead(
        "苏州恒驱伺服科技有限公司（演示）",
        YANGTZE,
        "高端装备",
        "数控系统与伺服驱动",
        CHAIN,
        YANGTZE_TEAM,
        "investment",
        "伺服电机及驱动器项目",
        35000,
        "许文",
        D(2026, 9, 21),
        1,
        "邀请企业来浏考察",
        D(2026, 12, 3),
        ["苏州拜访后企业同意进一步接洽。", "电话沟通考察行程。"],
    ),
    open_lead(
        "东莞智造云工业互联网有限公司（演示）",
        PEARL,
        "数字经济",
        "工业互联网平台",
        FUND,
        PEARL_TEAM,
        "investment2",
        "花炮行业工业互联网平台",
        15000,
        "邓健",
        D(2026, 9, 1),
        1,
        "向企业提供花炮企业上云需求清单",
        D(2026, 11, 6),
        ["数字经济产业基金合作机构推荐接洽。", "企业要求提供花炮企业需求。"],
    ),
    open_lead(
        "北京康养谷健康管理有限公司（演示）",
        NORTH,
        "文旅康养",
        "森林康养与中医药康养",
        CHAIN,
        NORTH_TEAM,
        "investment3",
        "森林康养综合体",
        80000,
        "张静",
        D(2026, 10, 8),
        1,
        "寄送大围山康养资源推介材料",
        D(2026, 12, 12),
        ["北京文旅推介会接洽。", "电话介绍大围山森林康养资源。"],
    ),
    open_lead(
        "上海焰律文化创意有限公司（演示）",
        YANGTZE,
        "花炮",
        "焰火燃放设计",
        BUSINESS,
        YANGTZE_TEAM,
        "investment",
        "焰火艺术表演中心",
        25000,
        "顾晨",
        D(2026, 10, 12),
        1,
        "与花炮文化城商定合作方式",
        D(2027, 1, 8),
        ["经本地花炮企业引荐接洽。", "电话商谈焰火秀合作。"],
    ),
    # 线索 (a contact only)
    open_lead(
        "深圳柔显光电科技有限公司（演示）",
        PEARL,
        "电子信息",
        "智能终端整机组装",
        CHAIN,
        PEARL_TEAM,
        "investment2",
        "柔性显示终端项目",
        60000,
        "",
        D(2026, 11, 2),
        0,
        "通过深圳湖南商会联系企业高层",
        D(2026, 12, 20),
        ["商会提供企业扩产信息。"],
    ),
    open_lead(
        "天津渤海特钢铸锻有限公司（演示）",
        NORTH,
        "高端装备",
        "特种钢材与铸锻件",
        CHAIN,
        NORTH_TEAM,
        "investment3",
        "精密铸锻件项目",
        45000,
        "",
        D(2026, 10, 28),
        0,
        "首次上门拜访",
        D(2026, 12, 11),
        ["精密制造产业园提出铸锻件本地配套需求。"],
    ),
    open_lead(
        "无锡芯源材料科技有限公司（演示）",
        YANGTZE,
        "电子信息",
        "半导体材料与电子化学品",
        FUND,
        YANGTZE_TEAM,
        "investment",
        "电子级化学品项目",
        30000,
        "",
        D(2026, 11, 5),
        0,
        "请基金管理人了解企业融资计划",
        D(2027, 1, 15),
        ["电子信息产业基金管理人提供线索。"],
    ),
    open_lead(
        "北京数游科技有限公司（演示）",
        NORTH,
        "文旅康养",
        "智慧文旅服务",
        BUSINESS,
        NORTH_TEAM,
        "investment3",
        "智慧文旅服务平台",
        12000,
        "",
        D(2026, 10, 19),
        0,
        "首次电话联系企业",
        D(2026, 11, 25),
        ["大围山景区运营方推荐。"],
    ),
]

DROPPED = [
    lead(
        "上海明德电池科技有限公司（演示）",
        YANGTZE,
        "新材料",
        "新能源电池材料",
        CHAIN,
        YANGTZE_TEAM,
        "investment",
        "动力电池材料项目",
        120000,
        "马骏",
        D(2026, 2, 9),
        steps=[
            Step(D(2026, 3, 2), "advance", "上海拜访后企业同意接洽。"),
            Step(
                D(2026, 3, 30),
                "advance",
                "企业来浏考察高新区。",
                next_step="提供用地和能耗指标方案",
                due=D(2026, 5, 15),
            ),
            Step(D(2026, 5, 20), "drop", "企业总部调整投资布局，项目改投江西宜春，终止跟进。"),
        ],
    ),
    lead(
        "深圳华彩环保烟花科技有限公司（演示）",
        PEARL,
        "花炮",
        "电商与出口贸易",
        CHAIN,
        PEARL_TEAM,
        "investment2",
        "环保烟花跨境电商中心",
        30000,
        "林涛",
        D(2026, 3, 16),
        steps=[
            Step(D(2026, 4, 1), "advance", "深圳对接会后接洽。"),
            Step(D(2026, 4, 22), "advance", "企业来浏考察。"),
            Step(
                D(2026, 6, 10), "advance", "进入谈判。", next_step="答复企业用地价格诉求", due=D(2026, 8, 1)
            ),
            Step(
                D(2026, 8, 12),
                "drop",
                "企业要求的土地价格优惠超出政策上限，经市政府专题会研究不予突破，终止谈判。",
            ),
        ],
    ),
]

LEADS = [PRECISION, MOULDS, CHIPS, HUAWEI, *STAGE_LEADS, *DROPPED]
