"""The demo's element guarantees (要素保障) as data: the seed's projects' land, finance and talent requests.

The seed (二, 2.3): 标准地 (拿地即开工), 政银企对接 for financing, 人才新政20条 (housing,
schooling, medical care for talent). Each request is raised by the project's service
commissioner (the "店小二" acting for the enterprise) and handled by the responsible
department (the 自然资源局's clerk for land) or the office. As seen on 27 November 2026:
five done, three being handled (one past its deadline of 20 November), two waiting.
"""

from datetime import date as D
from decimal import Decimal

from investment.choices import ElementKind, TalentBenefit

from . import units

DONE, TAKEN_UP, WAITING = "done", "taken_up", "waiting"
PRECISION, PARK, BIO = "精密制造产业园", "数字经济产业园", "生物医药产业化项目"
FIREWORKS, DAWEI, RIVER, MATERIALS = (
    "花炮产业转型升级",
    "大围山生态旅游示范区",
    "浏阳河文旅综合体",
    "高性能新材料产业化项目",
)
BANKS = ("中国工商银行浏阳支行", "长沙银行浏阳支行", "湖南浏阳农村商业银行", "中国建设银行浏阳支行")

#: (project, kind, title, specifics, unit, raised by, raised on, deadline, (state, handler, done on, result))
ELEMENTS = [
    (
        PRECISION,
        ElementKind.LAND,
        "一期标准地出让（拿地即开工）",
        {"land_area": Decimal("600"), "standard_land": True},
        units.NATURAL_RESOURCES,
        "commissioner",
        D(2023, 12, 4),
        D(2024, 3, 31),
        (
            DONE,
            "dept_nr",
            D(2024, 3, 22),
            "完成一期600亩标准地挂牌出让，企业拿地当天取得不动产权证和规划许可，4月8日开工。",
        ),
    ),
    (
        FIREWORKS,
        ElementKind.FINANCE,
        "政银企对接：“机器换人”技改贷款",
        {"bank": BANKS[2], "amount": Decimal("30000")},
        "市财政局",
        "commissioner",
        D(2024, 2, 20),
        D(2024, 5, 31),
        (DONE, "office", D(2024, 5, 16), "政银企对接会上农商银行授信3亿元，财政按1个百分点贴息。"),
    ),
    (
        PARK,
        ElementKind.TALENT,
        "人才新政20条：华为团队骨干住房保障",
        {"benefit": TalentBenefit.HOUSING, "headcount": 35},
        "市人社局",
        "commissioner",
        D(2025, 3, 10),
        D(2025, 6, 30),
        (DONE, "office", D(2025, 6, 12), "35名骨干入住集里人才公寓，三年免租。"),
    ),
    (
        BIO,
        ElementKind.FINANCE,
        "政银企对接：GMP车间建设贷款",
        {"bank": BANKS[1], "amount": Decimal("20000")},
        "市财政局",
        "commissioner",
        D(2026, 4, 8),
        D(2026, 6, 30),
        (DONE, "office", D(2026, 6, 18), "长沙银行授信2亿元，首笔5000万元已放款。"),
    ),
    (
        PARK,
        ElementKind.TALENT,
        "人才新政20条：高层次人才子女入学",
        {"benefit": TalentBenefit.SCHOOLING, "headcount": 12},
        units.EDUCATION,
        "commissioner",
        D(2026, 7, 1),
        D(2026, 8, 31),
        (DONE, "office", D(2026, 8, 25), "12名子女安排在集里街道公办学校就读。"),
    ),
    (
        PRECISION,
        ElementKind.FINANCE,
        "政银企对接：二期设备购置贷款",
        {"bank": BANKS[0], "amount": Decimal("80000")},
        "市财政局",
        "commissioner",
        D(2026, 9, 14),
        D(2026, 12, 31),
        (TAKEN_UP, "office", None, ""),
    ),
    # past its deadline (20 November) and still being handled
    (
        BIO,
        ElementKind.TALENT,
        "人才新政20条：研发团队医疗保障绿色通道",
        {"benefit": TalentBenefit.MEDICAL, "headcount": 20},
        units.HEALTH,
        "commissioner",
        D(2026, 9, 21),
        D(2026, 11, 20),
        (TAKEN_UP, "office", None, ""),
    ),
    (
        DAWEI,
        ElementKind.TALENT,
        "人才新政20条：景区运营人才补贴",
        {"benefit": TalentBenefit.SUBSIDY, "headcount": 15},
        "市人社局",
        "commissioner2",
        D(2026, 11, 2),
        D(2026, 12, 31),
        (TAKEN_UP, "office", None, ""),
    ),
    (
        RIVER,
        ElementKind.LAND,
        "滨河文旅街区用地（标准地）",
        {"land_area": Decimal("180"), "standard_land": True},
        units.NATURAL_RESOURCES,
        "commissioner2",
        D(2026, 10, 19),
        D(2027, 3, 31),
        (WAITING, "", None, ""),
    ),
    (
        MATERIALS,
        ElementKind.FINANCE,
        "政银企对接：流动资金贷款",
        {"bank": BANKS[3], "amount": Decimal("8000")},
        "市财政局",
        "commissioner",
        D(2026, 11, 16),
        D(2026, 12, 25),
        (WAITING, "", None, ""),
    ),
]
