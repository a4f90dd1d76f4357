"""The demo's work plans (工作方案): each lit project's task force applied its type's template,
then set the construction nodes over its own planned duration and filled in what happened.

Pure dates, no database: ``work.py`` applies the template and saves the nodes through
``projects.services.workplans``.

- Pre-construction links (立项 … 施工许可, 拆迁) keep the template's days before the planned start.
- Construction nodes are spread over planned start → planned completion in the template's
  proportions (the template counts 600 days to 全部投产; a park built over six years is not).
- Every node due before the demo's today (27 November 2026) is done, a few days early or up
  to three weeks late; the next one is in progress; the rest have not started. The nodes a
  project's ``Profile.overdue`` names stay undone past their date (已逾期).
- A project still in preparation has built nothing: when its start slipped, the task force
  moved the construction nodes due by now to the coming months (节点顺延).
- Owners follow the task force's members: land and planning → 自然资源, EIA → 生态环境, drawings
  and permits → 住建, approval of the project → 发改, the works themselves → the liaison.
"""

from datetime import date, timedelta

from projects.choices import MilestonePhase, ProjectStage

from .pool import base_name
from .progress import DEMO_TODAY, profile

#: nodes the seed's story dates itself (数字经济产业园: 一期 produced 80亿 in 2023)
SEED_NODES = {
    "数字经济产业园": {"部分投产": (date(2022, 11, 1), date(2023, 3, 28), "一期投产，2023年实现产值80亿元")},
}
#: which member answers for a node (by username), by node name; the liaison for the rest
NODE_OWNERS = {
    "项目立项（审批/核准/备案）": "tf_dev",
    "用地预审与选址": "tf_land",
    "土地征收": "tf_land",
    "规划设计方案": "tf_land",
    "拆迁": "tf_land",
    "环评安评": "tf_env",
    "施工图设计及审查": "tf_build",
    "施工许可": "tf_build",
}


def _spread(text, low, high):
    """A whole number between ``low`` and ``high`` drawn from ``text`` (the same on every machine)."""
    return low + sum(map(ord, text)) % (high - low + 1)


def planned_dates(spec, items):
    """{node name: planned date} for template ``items`` [(name, phase, offset days)] of a project spec."""
    start, completion = spec.get("planned_start"), spec.get("planned_completion")
    if start is None:
        return {name: None for name, _phase, _offset in items}
    longest = max(offset for _name, _phase, offset in items)
    scale = (completion - start).days / longest if completion and longest > 0 else 1
    works = [offset for _name, phase, offset in items if phase == MilestonePhase.CONSTRUCTION and offset > 0]
    delay = timedelta(0)
    if spec["stage"] == ProjectStage.PREPARATION and works:
        # not started: the works move on together, the first one a month from now at the earliest
        first = start + timedelta(days=round(min(works) * scale))
        delay = max(delay, DEMO_TODAY + timedelta(days=30) - first)
    dates = {}
    for name, _phase, offset in items:
        dates[name] = start + (
            timedelta(days=round(offset * scale)) + delay if offset > 0 else timedelta(days=offset)
        )
    return dates


def node_states(spec, planned, phases):
    """{node name: (started on, done on, note)} in the template's order, as on DEMO_TODAY.

    ``phases`` maps node names to their phase: a project in preparation has no works in progress.
    """
    overdue = set(profile(spec).overdue)
    seed = SEED_NODES.get(base_name(spec["name"]), {})
    states, previous_done, in_progress = {}, None, False
    for name, day in planned.items():
        if name in seed:
            states[name] = seed[name]
            continue
        if day is not None and day < DEMO_TODAY and name not in overdue:
            done = min(
                day + timedelta(days=_spread(spec["code"] + name, -7, 21)), DEMO_TODAY - timedelta(days=1)
            )
            started = done - timedelta(days=_spread(name + spec["code"], 20, 75))
            if previous_done and started < previous_done - timedelta(days=60):
                started = previous_done - timedelta(days=60)
            states[name] = (min(started, done), done, "")
            previous_done = done
        elif name in overdue:
            # late and being worked on: nothing after it counts as in progress
            in_progress = True
            states[name] = (day - timedelta(days=45), None, _OVERDUE_NOTE)
        elif not in_progress and (
            spec["stage"] == ProjectStage.CONSTRUCTION or phases[name] == MilestonePhase.PRE_CONSTRUCTION
        ):
            in_progress = True
            states[name] = (DEMO_TODAY - timedelta(days=_spread(name, 10, 40)), None, "")
        else:
            states[name] = (None, None, "")
    return states


_OVERDUE_NOTE = "进度滞后，已列入调度会交办事项"
