"""Task forces (专班) of the demo projects: one per project in 储备, 前期 or 在建.

The stage counted is the one a project has once the demo pool is loaded: a 谋划
project the pool takes in becomes 储备 and gets its task force with the others.

Members come from the departments the seed names (发改、自然资源、生态环境、住建 …):
each seat records the department its member represents (``TaskForceMember.unit``).
The seed's own projects also have a 发改 member for approval and investment statistics,
and meet on a weekday of their own (``dispatch.RHYTHMS``).

``taskforce`` serves the strategic emerging industries (数字经济产业园 among
them), ``taskforce2`` the rest (大围山, 花炮, 城建, 民生 …), so each one's row scope
is some projects and not others. Department members join by stage and type.
"""

from projects.choices import MeetingFrequency, ProjectStage, ProjectType

from .dispatch import RHYTHMS
from .pool import base_name, stage_after_pool

TASK_FORCE_STAGES = frozenset({ProjectStage.RESERVE, ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION})
TASKFORCE_INDUSTRIES = frozenset({"数字经济", "先进制造", "生物医药", "电子信息", "新材料", "新能源"})

LIAISON = "专班联络员：每周调度、进度填报、问题收集"
LAND = "用地报批、土地征收与规划协调"
ENVIRONMENT = "环评、安评手续协调"
BUILDING = "施工许可与质量安全监管"
DEVELOPMENT = "项目立项、年度计划与投资统计"

SUFFIX = "（示例）"


def task_force_name(project_name):
    if project_name.endswith(SUFFIX):
        return project_name[: -len(SUFFIX)] + "推进专班" + SUFFIX
    return project_name + "推进专班"


def task_force_spec(project):
    """The task force a project spec gets, or None: name, leader and (username, duty) members."""
    stage = stage_after_pool(project)
    if stage not in TASK_FORCE_STAGES:
        return None
    staff = "taskforce" if project["industry"] in TASKFORCE_INDUSTRIES else "taskforce2"
    members = [(staff, LIAISON)]
    if stage in (ProjectStage.RESERVE, ProjectStage.PREPARATION) or project.get("land_area"):
        members.append(("tf_land", LAND))
    if project["project_type"] == ProjectType.INDUSTRIAL:
        members.append(("tf_env", ENVIRONMENT))
    if stage == ProjectStage.CONSTRUCTION:
        members.append(("tf_build", BUILDING))
    if not project["name"].endswith(SUFFIX):
        members.append(("tf_dev", DEVELOPMENT))
    frequency, weekday = RHYTHMS.get(base_name(project["name"]), (MeetingFrequency.WEEKLY, 0))
    return {
        "name": task_force_name(project["name"]),
        "leader": project["leader"],
        "members": members,
        "meeting_frequency": frequency,
        "meeting_weekday": weekday,
    }
