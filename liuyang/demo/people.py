"""Demo users (演示账号). Every person here is fictional; the password is for demos only."""

from accounts.roles import AdminRole, Role
from approvals import catalogue_data as catalogue

from . import units

DEMO_PASSWORD = "Liuyang@2026"

# username, roles, full name, unit, title; is_staff / is_superuser where they apply.
# The first block is the one-per-role set the README and the login page name.
USERS = [
    {
        "username": "admin",
        "roles": [],
        "full_name": "系统管理员",
        "unit": units.KEY_OFFICE,
        "title": "平台管理员",
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "username": "office",
        "roles": [Role.KEY_OFFICE],
        "full_name": "周雅琴",
        "unit": units.KEY_OFFICE,
        "title": "项目调度科科长",
        "is_staff": True,
    },
    {
        "username": "leader",
        "roles": [Role.CITY_LEADER],
        "full_name": "贺振东",
        "unit": units.LEADERSHIP,
        "title": "副市长",
    },
    {
        "username": "taskforce",
        "roles": [Role.TASK_FORCE_STAFF],
        "full_name": "罗晓峰",
        "unit": units.INDUSTRY_IT,
        "title": "产业发展科副科长",
    },
    {
        "username": "dept",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "汤明辉",
        "unit": units.DEVELOPMENT_REFORM,
        "title": "固定资产投资科科长",
    },
    {
        "username": "investment",
        "roles": [Role.INVESTMENT_TEAM],
        "full_name": "钟睿",
        "unit": units.COMMERCE,
        "title": "招商小分队队长",
    },
    {
        "username": "commissioner",
        "roles": [Role.SERVICE_COMMISSIONER],
        "full_name": "唐慧敏",
        "unit": units.ADMIN_APPROVAL,
        "title": "项目服务专员",
    },
    # 三员分立: the three administrators (docs/security.md); none of them sees business data.
    {
        "username": "sysadmin",
        "roles": [AdminRole.SYSTEM],
        "full_name": "欧阳立新",
        "unit": units.KEY_OFFICE,
        "title": "系统管理员",
        "is_staff": True,
    },
    {
        "username": "secadmin",
        "roles": [AdminRole.SECURITY],
        "full_name": "邹卫平",
        "unit": units.KEY_OFFICE,
        "title": "安全管理员",
        "is_staff": True,
    },
    {
        "username": "auditor",
        "roles": [AdminRole.AUDIT],
        "full_name": "易文静",
        "unit": units.KEY_OFFICE,
        "title": "审计管理员",
        "is_staff": True,
    },
    # More people, so that task forces and services look like a real city's.
    {
        "username": "taskforce2",
        "roles": [Role.TASK_FORCE_STAFF],
        "full_name": "黎思远",
        "unit": units.CULTURE_TOURISM,
        "title": "产业发展科科员",
    },
    {
        "username": "leader2",
        "roles": [Role.CITY_LEADER],
        "full_name": "龙建平",
        "unit": units.LEADERSHIP,
        "title": "副市长",
    },
    {
        "username": "leader3",
        "roles": [Role.CITY_LEADER],
        "full_name": "欧阳岚",
        "unit": units.LEADERSHIP,
        "title": "市委常委、常务副市长",
    },
    {
        "username": "commissioner2",
        "roles": [Role.SERVICE_COMMISSIONER],
        "full_name": "陈立诚",
        "unit": units.ADMIN_APPROVAL,
        "title": "项目服务专员",
    },
    {
        "username": "commissioner3",
        "roles": [Role.SERVICE_COMMISSIONER],
        "full_name": "彭小兰",
        "unit": units.KEY_OFFICE,
        "title": "项目服务专员",
    },
    {
        "username": "tf_land",
        "roles": [Role.TASK_FORCE_STAFF],
        "full_name": "宋国平",
        "unit": units.NATURAL_RESOURCES,
        "title": "用地保障科科长",
    },
    {
        "username": "tf_env",
        "roles": [Role.TASK_FORCE_STAFF],
        "full_name": "邹静",
        "unit": units.ECOLOGY_ENVIRONMENT,
        "title": "环评审批科科员",
    },
    {
        "username": "tf_dev",
        "roles": [Role.TASK_FORCE_STAFF],
        "full_name": "贺文斌",
        "unit": units.DEVELOPMENT_REFORM,
        "title": "重点项目科科员",
    },
    {
        "username": "tf_build",
        "roles": [Role.TASK_FORCE_STAFF],
        "full_name": "段伟",
        "unit": units.HOUSING_CONSTRUCTION,
        "title": "建筑管理科科员",
    },
    # The other two investment teams' leaders (招商小分队, see investment.py); ``investment``
    # leads the 长三角 team and sits on the other two.
    {
        "username": "investment2",
        "roles": [Role.INVESTMENT_TEAM],
        "full_name": "何嘉欣",
        "unit": units.COMMERCE,
        "title": "珠三角小分队队长",
    },
    {
        "username": "investment3",
        "roles": [Role.INVESTMENT_TEAM],
        "full_name": "冯卓",
        "unit": units.ECONOMIC_ZONE,
        "title": "经开区招商合作局副局长、京津冀小分队队长",
    },
    # One approval clerk (部门经办人) per department of the approval catalogue besides 发改
    # (``dept`` above), so that every demo approval task has someone to act on it.
    {
        "username": "dept_nr",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "黄志明",
        "unit": catalogue.NRP,
        "title": "行政审批科经办人",
    },
    {
        "username": "dept_env",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "李婉清",
        "unit": catalogue.ENV,
        "title": "环评审批科经办人",
    },
    {
        "username": "dept_housing",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "谢振华",
        "unit": catalogue.HOUSING,
        "title": "审批服务科经办人",
    },
    {
        "username": "dept_water",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "朱红霞",
        "unit": catalogue.WATER,
        "title": "水土保持科经办人",
    },
    {
        "username": "dept_defense",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "许建国",
        "unit": catalogue.CIVIL_AIR,
        "title": "工程科经办人",
    },
    {
        "username": "dept_met",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "潘雨晴",
        "unit": catalogue.MET,
        "title": "防雷减灾科经办人",
    },
    {
        "username": "dept_urban",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "蒋国强",
        "unit": catalogue.CITY,
        "title": "渣土管理科经办人",
    },
    {
        "username": "dept_power",
        "roles": [Role.DEPARTMENT_STAFF],
        "full_name": "邓晓军",
        "unit": catalogue.POWER,
        "title": "客户服务中心客户经理",
    },
]

#: the approval clerk of each department the catalogue names (unit name → username)
APPROVAL_CLERKS = {spec["unit"]: spec["username"] for spec in USERS if spec["username"].startswith("dept")}

LEADERS = ["leader", "leader2", "leader3"]
COMMISSIONERS = ["commissioner", "commissioner2", "commissioner3"]
