"""The seed article's key projects, with its figures, and the industries list.

Money is in 万元 (15亿 = 150000). Figures the article gives are marked "seed"
in the comments; the rest (dates, annual plans, the sums the article does not
state) are plausible values chosen for the demo.
"""

from datetime import date, timedelta
from decimal import Decimal

from projects.choices import PolicyTag, ProjectStage, ProjectType

from . import units

INDUSTRIES = [
    "花炮",
    "文旅康养",
    "数字经济",
    "先进制造",
    "生物医药",
    "电子信息",
    "新材料",
    "新能源",
    "现代农业",
    "城市建设",
    "社会民生",
]

# 数字经济产业园: from signing to groundbreaking in 45 days (seed), "浏阳速度".
DIGITAL_PARK_SIGNED = date(2021, 3, 26)
DIGITAL_PARK_DAYS_TO_START = 45
DIGITAL_PARK_START = DIGITAL_PARK_SIGNED + timedelta(days=DIGITAL_PARK_DAYS_TO_START)


def _cn_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


SEED_PROJECTS = [
    {
        "code": "LY2024-001",
        "name": "花炮产业转型升级",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": "花炮",
        "stage": ProjectStage.CONSTRUCTION,
        "description": (
            "技术改造：投入15亿元实施“机器换人”工程，引进自动化生产线100余条；"
            "品牌提升：注册“浏阳花炮”地理标志证明商标，制定高于国家标准的团体标准；"
            "文化融合：建设浏阳花炮文化城，开发花炮主题文旅项目，实现“白天看景、晚上看花”。"
        ),
        "total_investment": Decimal("150000"),  # seed: 15亿
        "annual_plan_investment": Decimal("30000"),
        "responsible_unit": units.INDUSTRY_IT,
        "responsible_person": "刘志强",
        "owner_enterprise": units.FIREWORKS_CO,
        "town": "大瑶镇",
        "address": "浏阳市大瑶镇花炮产业集聚区",
        "planned_start": date(2022, 3, 1),
        "actual_start": date(2022, 3, 18),
        "planned_completion": date(2026, 12, 31),
        "expected_output_value": Decimal("2000000"),  # seed: 花炮产业年产值突破200亿
        "expected_targets": (
            "生产效率提升40%；安全事故发生率下降90%；产品附加值提升30%；全市花炮产业年产值突破200亿元。"
        ),
        "policy_tags": [PolicyTag.HUNAN_SANGAO_SIXIN, PolicyTag.CHANGSHA_KEY],
        "service_commissioner": "commissioner",
        "leader": "leader2",
    },
    {
        "code": "LY2024-002",
        "name": "大围山生态旅游示范区",
        "project_type": ProjectType.INFRASTRUCTURE,
        "industry": "文旅康养",
        "stage": ProjectStage.CONSTRUCTION,
        "description": (
            "完善基础设施：投资20亿元修建旅游公路、游客中心、生态停车场等设施；"
            "丰富产品体系：开发森林康养、户外运动、研学旅行等新业态；"
            "品牌营销：举办大围山杜鹃花节、森林音乐节等节庆活动。"
        ),
        "total_investment": Decimal("200000"),  # seed: 20亿
        "annual_plan_investment": Decimal("45000"),
        "responsible_unit": units.CULTURE_TOURISM,
        "responsible_person": "易红梅",
        "owner_enterprise": units.DAWEISHAN_CO,
        "town": "大围山镇",
        "address": "浏阳市大围山镇大围山国家森林公园",
        "planned_start": date(2023, 4, 1),
        "actual_start": date(2023, 4, 18),
        "planned_completion": date(2026, 12, 31),
        "expected_output_value": Decimal("150000"),  # seed: 旅游收入15亿
        "expected_targets": "年接待游客量从不足50万人次增长到200万人次；旅游收入从2亿元增长到15亿元。",
        "policy_tags": [PolicyTag.PROVINCIAL_KEY],
        "service_commissioner": "commissioner2",
        "leader": "leader3",
    },
    {
        "code": "LY2024-003",
        "name": "数字经济产业园",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": "数字经济",
        "stage": ProjectStage.CONSTRUCTION,
        "description": (
            f"总投资100亿元，占地1000亩。{_cn_date(DIGITAL_PARK_SIGNED)}签约，"
            f"{_cn_date(DIGITAL_PARK_START)}开工，从签约到开工仅用"
            f"{DIGITAL_PARK_DAYS_TO_START}天，创造“浏阳速度”。"
            "政企共建：与华为公司合作，“政府主导、企业运营”，政府提供土地和基础设施，"
            "华为负责平台建设和产业招商；场景开放：政务、交通、医疗等数据资源向园区企业开放；"
            "生态构建：设立10亿元数字经济产业基金。"
        ),
        "total_investment": Decimal("1000000"),  # seed: 100亿
        "annual_plan_investment": Decimal("150000"),
        "responsible_unit": units.DEVELOPMENT_REFORM,
        "responsible_person": "谭建军",
        "owner_enterprise": units.DIGITAL_PARK_CO,
        "town": "集里街道",
        "address": "浏阳经开区数字经济产业园",
        "land_area": Decimal("1000"),  # seed: 1000亩
        "planned_start": DIGITAL_PARK_START,
        "actual_start": DIGITAL_PARK_START,
        "planned_completion": date(2027, 12, 31),
        "expected_output_value": Decimal("800000"),  # seed: 2023年产值80亿
        "expected_targets": (
            "已入驻企业120余家，其中高新技术企业30家；2023年实现产值80亿元；"
            "形成以云计算、大数据、人工智能为核心的产业集群。"
        ),
        "policy_tags": [
            PolicyTag.NATIONAL_14TH_FYP,
            PolicyTag.HUNAN_SANGAO_SIXIN,
            PolicyTag.PROVINCIAL_KEY,
        ],
        "service_commissioner": "commissioner",
        "leader": "leader",
    },
    {
        "code": "LY2024-004",
        "name": "精密制造产业园",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": "先进制造",
        "stage": ProjectStage.CONSTRUCTION,
        "description": (
            "产业地图显示本地高端装备制造、新材料领域存在短板，招商小分队以产业链招商"
            "重点对接长三角、珠三角地区企业，引进投资50亿元的精密制造产业园，补齐产业链短板。"
        ),
        "total_investment": Decimal("500000"),  # seed: 50亿
        "annual_plan_investment": Decimal("100000"),
        "responsible_unit": units.HIGH_TECH_ZONE,
        "responsible_person": "黄振宇",
        "owner_enterprise": units.PRECISION_CO,
        "town": "永安镇",
        "address": "浏阳高新区",
        "planned_start": date(2024, 3, 1),
        "actual_start": date(2024, 4, 8),
        "planned_completion": date(2027, 6, 30),
        "expected_targets": "补齐高端装备制造产业链短板；引进长三角、珠三角配套企业。",
        "policy_tags": [PolicyTag.HUNAN_SANGAO_SIXIN, PolicyTag.CHANGSHA_KEY],
        "service_commissioner": "commissioner",
        "leader": "leader",
    },
    {
        "code": "LY2024-005",
        "name": "生物医药产业化项目",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": "生物医药",
        "stage": ProjectStage.CONSTRUCTION,
        "description": (
            "建设生物医药研发与生产基地。建设中遇到高压线迁改问题，市重点办协调电力、"
            "自然资源等部门，仅用10天完成高压线迁改方案设计和审批，20天完成施工，"
            "确保项目按计划推进。"
        ),
        "total_investment": Decimal("80000"),
        "annual_plan_investment": Decimal("25000"),
        "responsible_unit": units.ECONOMIC_ZONE,
        "responsible_person": "曾卫东",
        "owner_enterprise": units.BIOMEDICINE_CO,
        "town": "洞阳镇",
        "address": "浏阳经开区生物医药园",
        "planned_start": date(2024, 6, 1),
        "actual_start": date(2024, 6, 20),
        "planned_completion": date(2026, 12, 31),
        "policy_tags": [PolicyTag.HUNAN_SANGAO_SIXIN],
        "service_commissioner": "commissioner",
        "leader": "leader",
    },
    {
        "code": "LY2024-006",
        "name": "高性能新材料产业化项目",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": "新材料",
        "stage": ProjectStage.CONSTRUCTION,
        "description": (
            "引进过程中，相关部门大胆尝试“先租后让”的土地供应模式，虽存在一定政策风险，"
            "但成功引进优质项目，得到市委市政府肯定（容错纠错案例）。"
        ),
        "total_investment": Decimal("60000"),
        "annual_plan_investment": Decimal("20000"),
        "responsible_unit": units.HIGH_TECH_ZONE,
        "responsible_person": "李文博",
        "owner_enterprise": units.MATERIALS_CO,
        "town": "永安镇",
        "address": "浏阳高新区新材料产业园",
        "land_area": Decimal("200"),  # leased first, transferred later (先租后让)
        "planned_start": date(2025, 3, 1),
        "actual_start": date(2025, 3, 20),
        "planned_completion": date(2027, 6, 30),
        "expected_targets": "以“先租后让”方式供地，租赁期满考核达标后转为出让。",
        "policy_tags": [PolicyTag.HUNAN_SANGAO_SIXIN],
        "service_commissioner": "commissioner",
        "leader": "leader2",
    },
    {
        "code": "LY2024-007",
        "name": "浏阳河文旅综合体",
        "project_type": ProjectType.INDUSTRIAL,
        "industry": "文旅康养",
        "stage": ProjectStage.PREPARATION,
        "description": (
            "依托浏阳河自然景观，建设滨河文旅街区、焰火表演场和康养酒店，"
            "与浏阳花炮文化城联动，打造夜间文旅消费集聚区。"
        ),
        "total_investment": Decimal("180000"),
        "annual_plan_investment": Decimal("15000"),
        "responsible_unit": units.CULTURE_TOURISM,
        "responsible_person": "易红梅",
        "owner_enterprise": units.RIVER_CO,
        "town": "淮川街道",
        "address": "浏阳市淮川街道浏阳河沿岸",
        "planned_start": date(2027, 3, 1),
        "planned_completion": date(2029, 12, 31),
        "policy_tags": [PolicyTag.CHANGSHA_KEY],
        "service_commissioner": "commissioner2",
        "leader": "leader3",
    },
]
