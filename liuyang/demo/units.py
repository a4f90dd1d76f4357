"""Liuyang's units (单位) for the demo: leadership, the office, departments, towns, enterprises.

Government bodies carry their real names. The owner enterprises are invented
and say so ("（演示）"); their credit codes are left blank.
"""

from accounts.choices import UnitKind

from .places import CITY_CODE, CITY_NAME, TOWNS

ROOT = CITY_NAME
LEADERSHIP = "市级领导"
KEY_OFFICE = "市重点项目建设事务中心"

# Departments other modules name in their demo data.
DEVELOPMENT_REFORM = "市发展和改革局"
NATURAL_RESOURCES = "市自然资源局"
ECOLOGY_ENVIRONMENT = "长沙市生态环境局浏阳分局"
HOUSING_CONSTRUCTION = "市住房和城乡建设局"
INDUSTRY_IT = "市工业和信息化局"
COMMERCE = "市商务局"
CULTURE_TOURISM = "市文化旅游广电体育局"
ADMIN_APPROVAL = "市行政审批服务局"
AGRICULTURE = "市农业农村局"
TRANSPORT = "市交通运输局"
WATER = "市水利局"
EDUCATION = "市教育局"
HEALTH = "市卫生健康局"
CIVIL_AFFAIRS = "市民政局"
ECONOMIC_ZONE = "浏阳经济技术开发区管理委员会"
HIGH_TECH_ZONE = "湖南浏阳高新技术产业开发区管理委员会"

# (name, short name), in the order lists show them.
DEPARTMENTS = [
    (DEVELOPMENT_REFORM, "市发改局"),
    (NATURAL_RESOURCES, "市自然资源局"),
    (ECOLOGY_ENVIRONMENT, "浏阳生态环境分局"),
    (HOUSING_CONSTRUCTION, "市住建局"),
    ("市消防救援大队", "市消防大队"),
    ("市应急管理局", "市应急局"),
    (WATER, "市水利局"),
    ("市人防办", "市人防办"),
    ("市气象局", "市气象局"),
    ("市城市管理和综合执法局", "市城管局"),
    (INDUSTRY_IT, "市工信局"),
    (COMMERCE, "市商务局"),
    ("市财政局", "市财政局"),
    (CULTURE_TOURISM, "市文旅广体局"),
    ("市人社局", "市人社局"),
    (ADMIN_APPROVAL, "市行政审批局"),
    ("国网浏阳市供电公司", "浏阳供电公司"),
    (TRANSPORT, "市交通局"),
    (AGRICULTURE, "市农业农村局"),
    (EDUCATION, "市教育局"),
    (HEALTH, "市卫健局"),
    (CIVIL_AFFAIRS, "市民政局"),
    (ECONOMIC_ZONE, "浏阳经开区"),
    (HIGH_TECH_ZONE, "浏阳高新区"),
]

# The owner enterprises (业主单位) of the seed's projects: invented names.
FIREWORKS_CO = "浏阳花炮产业发展有限公司（演示）"
DAWEISHAN_CO = "大围山文旅投资发展有限公司（演示）"
DIGITAL_PARK_CO = "浏阳数字经济产业园运营有限公司（演示）"
PRECISION_CO = "浏阳精密制造产业园开发有限公司（演示）"
BIOMEDICINE_CO = "浏阳生物医药产业发展有限公司（演示）"
MATERIALS_CO = "浏阳新材料科技有限公司（演示）"
RIVER_CO = "浏阳河文旅发展有限公司（演示）"

ENTERPRISES = [
    (FIREWORKS_CO, "花炮产业公司"),
    (DAWEISHAN_CO, "大围山文旅公司"),
    (DIGITAL_PARK_CO, "数字园运营公司"),
    (PRECISION_CO, "精密制造园公司"),
    (BIOMEDICINE_CO, "生物医药公司"),
    (MATERIALS_CO, "新材料公司"),
    (RIVER_CO, "浏阳河文旅公司"),
]


def unit_specs():
    """Every demo unit as a dict of Unit fields (``parent`` by name), parents first."""
    specs = [
        {"name": ROOT, "short_name": "浏阳市", "kind": UnitKind.LEADERSHIP, "code": CITY_CODE},
        {"name": LEADERSHIP, "short_name": "市级领导", "kind": UnitKind.LEADERSHIP, "parent": ROOT},
        {"name": KEY_OFFICE, "short_name": "市重点办", "kind": UnitKind.KEY_OFFICE, "parent": ROOT},
    ]
    for order, (name, short) in enumerate(DEPARTMENTS, start=1):
        specs.append(
            {
                "name": name,
                "short_name": short,
                "kind": UnitKind.DEPARTMENT,
                "parent": ROOT,
                "sort_order": order,
            }
        )
    for order, (code, name) in enumerate(TOWNS, start=1):
        specs.append({"name": name, "kind": UnitKind.TOWN, "parent": ROOT, "code": code, "sort_order": order})
    for order, (name, short) in enumerate(ENTERPRISES, start=1):
        specs.append(
            {
                "name": name,
                "short_name": short,
                "kind": UnitKind.ENTERPRISE,
                "parent": ROOT,
                "sort_order": order,
            }
        )
    return specs
