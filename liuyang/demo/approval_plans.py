"""The demo's approval cases as data: what was submitted when, and what each department did on which day.

Days of an action are working days after acceptance (0 = the day of acceptance), on
the statutory calendar; ``approvals.py`` turns them into dates and replays them
through ``approvals.services``. The items, their limits and materials are those of the
default catalogue (``approvals.catalogue_data``, loaded by migration 0002).

The seed's projects (as seen on 27 November 2026, ``DEMO_TODAY``):

- 数字经济产业园, 二期 施工许可 — accepted with deficiencies (容缺受理) on Monday 13 April
  2026: 建设资金落实证明 and 运输合同 promised; both supplied within two and three working
  days; all four items approved, the last on 27 April: 10 working days against 28 one
  after another (10 + 10 + 3 + 5), 64.3 % less (the seed: "60%+").
- 精密制造产业园, 工程建设许可 — accepted 8 June 2026 with every material; all approved
  by 22 June (9 working days against 27: 66.7 % less).
- 高性能新材料产业化项目, 工程建设许可 — accepted 11 May 2026; the planning permit went
  back for correction for two working days; all approved by 19 May.
- 生物医药产业化项目, 竣工验收 — accepted with deficiencies on 13 November 2026; the
  quality guarantee came on the 18th, the civil-defence inspection report never did:
  the sweep of Monday 23 November (``SWEEP_DAY``) turned it overdue and suspended 人防工程
  竣工验收 (deadline 20 November). Supplied by 11 December 2026 (15 working days after
  the deadline) it resumes; a sweep from 14 December on returns the case.
- 浏阳河文旅综合体, 立项用地规划许可 — accepted 16 November 2026: 备案 the same day, 用地预审
  on the 20th; 建设用地规划许可 under review and overdue since 24 November; 环评 under
  review (due 7 December); 水保 not yet taken up (due 30 November).
- 大围山生态旅游示范区, 施工许可 for the visitor centre — not accepted on 15 September
  2026: the construction contract (a main material) was missing.

Then 34 clearly synthetic cases (the "（示例）" projects, applicants "示例企业…" or
"示例建设单位…") across the stages and departments, from January to November 2026, so
the statistics page has real per-department figures: most approved, some late, one
partly rejected, one returned after a broken promise, one not accepted, several open.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from approvals.catalogue_data import ITEMS

DEMO_TODAY = date(2026, 11, 27)
#: the day the demo's sweep of overdue supplements ran (suspends 生物医药's 人防 acceptance)
SWEEP_DAY = date(2026, 11, 23)

#: item code → (promised limit in working days, names of the materials that may come later)
CATALOGUE = {
    code: (promised, [m["name"] for m in materials if m["may_supply_later"]])
    for _stage, code, _name, _dept, _stat, _note, promised, _promise, _milestone, materials in ITEMS
}
#: item code → its main materials' names, in order
MAIN_MATERIALS = {
    code: [m["name"] for m in materials if m["kind"] == "main"]
    for _stage, code, _name, _dept, _stat, _note, _promised, _promise, _milestone, materials in ITEMS
}


@dataclass(frozen=True)
class Event:
    """One action, ``day`` working days after acceptance.

    kind: start | approve | reject | return | resubmit (the applicant's side, corrected
    material) | supply (``item``'s promised material named ``note``) | sweep (this case's
    supplements) | sweep_all (``handling.sweep_supplements`` for the whole city).
    """

    day: int
    kind: str
    item: str = ""
    note: str = ""


#: the order of actions on one day: the sweep runs at dawn, decisions in the afternoon
HOURS = {"sweep": 7, "sweep_all": 7, "start": 9, "supply": 10, "resubmit": 10, "return": 15}
DECISION_HOUR = 16


@dataclass(frozen=True)
class CasePlan:
    project: str  # project code
    stage: str  # stage code
    items: tuple
    submitted: date
    #: (item code, material name) not uploaded at intake
    left_out: tuple = ()
    events: tuple = ()
    legal_representative: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    #: events on or after this day have not happened yet
    as_of: date = field(default=DEMO_TODAY)


S1_ENTERPRISE = ("LY-S1-04", "LY-S1-05", "LY-S1-06", "LY-S1-07", "LY-S1-08", "LY-S1-09")
S1_GOVERNMENT = ("LY-S1-01", "LY-S1-02", "LY-S1-05", "LY-S1-06", "LY-S1-08", "LY-S1-09")
S2 = ("LY-S2-01", "LY-S2-02", "LY-S2-03", "LY-S2-04")
S2_NO_SHELTER = ("LY-S2-01", "LY-S2-02", "LY-S2-04")
S3 = ("LY-S3-01", "LY-S3-02", "LY-S3-03", "LY-S3-04")
S4 = ("LY-S4-01", "LY-S4-02", "LY-S4-03", "LY-S4-04", "LY-S4-05")
PX = ("LY-PX-01",)


def _start_all(items, day=1):
    return tuple(Event(day, "start", code) for code in items if CATALOGUE[code][0])


SEED_CASES = [
    CasePlan(  # (a) 容缺受理, supplemented, all approved: the compression the seed reports
        "LY2024-003",
        "S3",
        S3,
        date(2026, 4, 13),
        left_out=(("LY-S3-03", "建设资金落实证明"), ("LY-S3-04", "运输合同")),
        events=_start_all(S3)
        + (
            Event(2, "supply", "LY-S3-03", "建设资金落实证明"),
            Event(3, "supply", "LY-S3-04", "运输合同"),
            Event(3, "approve", "LY-S3-03"),
            Event(5, "approve", "LY-S3-04"),
            Event(9, "approve", "LY-S3-01"),
            Event(10, "approve", "LY-S3-02"),
        ),
        legal_representative="欧阳卫国",
        contact_person="吴思敏",
        contact_phone="0731-83628801",
    ),
    CasePlan(  # (c) plainly accepted, concluded
        "LY2024-004",
        "S2",
        S2,
        date(2026, 6, 8),
        events=_start_all(S2)
        + (
            Event(4, "approve", "LY-S2-04"),
            Event(5, "approve", "LY-S2-01"),
            Event(5, "approve", "LY-S2-02"),
            Event(9, "approve", "LY-S2-03"),
        ),
        legal_representative="沈嘉禾",
        contact_person="严晓东",
        contact_phone="0731-83651202",
    ),
    CasePlan(  # returned for correction, resubmitted, concluded
        "LY2024-006",
        "S2",
        S2_NO_SHELTER,
        date(2026, 5, 11),
        events=_start_all(S2_NO_SHELTER)
        + (
            Event(2, "return", "LY-S2-02", "建设工程设计图纸与设计方案审查意见不一致，请修改后重新提交。"),
            Event(3, "approve", "LY-S2-04"),
            Event(4, "resubmit", "LY-S2-02", "已按审查意见修改总平面图及立面图。"),
            Event(6, "approve", "LY-S2-01"),
            Event(6, "approve", "LY-S2-02"),
        ),
        legal_representative="李文博",
        contact_person="付雅琪",
        contact_phone="0731-83651636",
    ),
    CasePlan(  # (d) in progress: pending, under review, one overdue
        "LY2024-007",
        "S1",
        ("LY-S1-04", "LY-S1-05", "LY-S1-06", "LY-S1-08", "LY-S1-09"),
        date(2026, 11, 16),
        events=(
            Event(0, "approve", "LY-S1-04"),
            Event(1, "start", "LY-S1-05"),
            Event(1, "start", "LY-S1-06"),
            Event(1, "start", "LY-S1-08"),
            Event(4, "approve", "LY-S1-05"),
        ),
        legal_representative="胡楚雄",
        contact_person="易晓琳",
        contact_phone="0731-83012277",
    ),
    CasePlan(  # (e) not accepted: a main material missing
        "LY2024-002",
        "S3",
        ("LY-S3-01", "LY-S3-03"),
        date(2026, 9, 15),
        left_out=(("LY-S3-03", "施工合同"),),
        legal_representative="罗振华",
        contact_person="彭丽娟",
        contact_phone="0731-83756610",
    ),
]

#: (b) suspended "now": replayed last, because its sweep runs over the whole city
SUSPENDED_CASE = CasePlan(
    "LY2024-005",
    "S4",
    S4,
    date(2026, 11, 13),
    left_out=(("LY-S4-03", "人防工程质量检测报告"), ("LY-S4-05", "工程质量保修书")),
    events=_start_all(S4)
    + (
        Event(3, "supply", "LY-S4-05", "工程质量保修书"),
        Event(4, "approve", "LY-S4-01"),
        Event(4, "approve", "LY-S4-04"),
        Event(5, "approve", "LY-S4-05"),
        Event(6, "sweep_all"),
    ),
    legal_representative="曾德福",
    contact_person="汪敏",
    contact_phone="0731-83281905",
)


# -- the synthetic fill ------------------------------------------------------------------

#: a department's answer takes this share (percent) of the promised limit, ± 10 by item
PACES = [60, 75, 85, 70, 90, 65, 80]
REJECTIONS = {
    "LY-S1-08": "项目选址位于饮用水水源二级保护区内，环境影响报告表结论不成立，不予批复。",
    "LY-S4-04": "防雷装置检测报告显示接地电阻超标，整改后另行申报。",
}
#: (project code, stage code, items, submitted, scenario, materials left out by item code)
#: scenario: ok | late (the longest item answered after its limit) | part (one item refused)
#: | def (容缺, supplied in time) | fix (one item back for correction) | ret (容缺, never
#: supplied: suspended, then returned) | no (not accepted) | open (still running: the longest
#: item is still under review, overdue once its limit has passed) | opendef (容缺, still
#: running, the promised material not due yet)
SYNTHETIC = [
    ("LY2024-008", "PX", PX, date(2026, 3, 9), "ok", ()),
    ("LY2024-009", "S1", S1_GOVERNMENT, date(2026, 5, 6), "ok", ()),
    ("LY2024-010", "S1", S1_ENTERPRISE, date(2026, 11, 2), "open", ()),
    ("LY2024-011", "S4", S4, date(2026, 3, 16), "ok", ()),
    ("LY2024-014", "S1", S1_ENTERPRISE, date(2026, 1, 19), "def", ()),
    ("LY2024-014", "S2", S2, date(2026, 4, 13), "ok", ()),
    ("LY2024-016", "S4", S4, date(2026, 8, 17), "def", ()),
    ("LY2024-018", "S4", S4, date(2026, 11, 18), "open", ()),
    ("LY2024-020", "S3", S3, date(2026, 5, 11), "fix", ()),
    ("LY2024-021", "S1", S1_ENTERPRISE, date(2026, 10, 12), "open", ()),
    ("LY2024-023", "S2", S2, date(2026, 6, 1), "ok", ()),
    ("LY2024-024", "S1", S1_ENTERPRISE, date(2026, 11, 16), "opendef", ("LY-S1-08",)),
    ("LY2024-028", "S4", S4, date(2026, 9, 7), "late", ()),
    ("LY2024-029", "S1", S1_ENTERPRISE, date(2026, 6, 8), "ok", ()),
    ("LY2024-029", "S2", S2, date(2026, 8, 24), "ok", ()),
    ("LY2024-029", "S3", S3, date(2026, 10, 19), "open", ()),
    ("LY2024-031", "S4", S4, date(2026, 3, 30), "late", ()),
    ("LY2024-033", "S3", S3, date(2026, 4, 7), "def", ()),
    ("LY2024-034", "S1", S1_ENTERPRISE, date(2026, 9, 21), "no", ("LY-S1-08",)),
    ("LY2024-035", "PX", PX, date(2026, 2, 24), "ok", ()),
    ("LY2024-038", "S4", S4, date(2026, 11, 20), "open", ()),
    ("LY2024-041", "S4", S4, date(2026, 3, 2), "ok", ()),
    ("LY2024-043", "S2", S2_NO_SHELTER, date(2026, 7, 6), "ok", ()),
    ("LY2024-044", "S1", S1_ENTERPRISE, date(2026, 3, 2), "part", ()),
    ("LY2024-045", "S3", S3, date(2026, 8, 3), "ok", ()),
    ("LY2024-046", "S1", S1_ENTERPRISE, date(2026, 7, 20), "late", ()),
    ("LY2024-048", "PX", PX, date(2026, 5, 18), "ok", ()),
    ("LY2024-050", "S1", S1_ENTERPRISE, date(2026, 2, 9), "ok", ()),
    ("LY2024-050", "S2", S2, date(2026, 5, 11), "ret", ("LY-S2-01",)),
    ("LY2024-052", "S3", S3, date(2026, 3, 23), "fix", ()),
    ("LY2024-053", "S1", S1_GOVERNMENT, date(2026, 7, 13), "fix", ()),
    ("LY2024-055", "S3", S3, date(2026, 6, 15), "late", ()),
    ("LY2024-056", "S4", S4, date(2026, 11, 9), "open", ()),
    ("LY2024-058", "S1", S1_GOVERNMENT, date(2026, 11, 11), "open", ()),
]
LEGAL = ["王建新", "刘德胜", "陈志远", "杨国华", "赵宏伟", "周明亮", "吴振宇", "孙立平", "朱永康"]
CONTACTS = ["李娜", "张伟", "王芳", "刘洋", "陈静", "杨帆", "黄磊", "赵敏", "周婷", "徐亮"]


def _answer_day(code, pace, position):
    """When the department answers: ``pace`` % of the limit (± 10 by position), within the limit."""
    limit = CATALOGUE[code][0]
    if limit == 0:
        return 0
    share = pace + (position % 3 - 1) * 10
    return max(1, min(limit, math.ceil(limit * share / 100)))


def _left_out_later(items, scenario, chosen):
    """The promised (容缺) materials of a deficient case: of ``chosen`` items, or the first two that allow it."""
    if chosen:
        return tuple((code, CATALOGUE[code][1][0]) for code in chosen)
    eligible = [code for code in items if CATALOGUE[code][0] >= 3 and CATALOGUE[code][1]]
    return tuple((code, CATALOGUE[code][1][0]) for code in eligible[:2])


def synthetic_case(index, project, stage, items, submitted, scenario, chosen):
    """A CasePlan whose events follow ``scenario`` at the case's pace."""
    pace = PACES[index % len(PACES)]
    answer = {code: _answer_day(code, pace, k) for k, code in enumerate(items)}
    longest = max(items, key=lambda code: (CATALOGUE[code][0], code))
    events = list(_start_all(items))
    left_out = ()
    decisions = dict.fromkeys(items, "approve")
    if scenario == "no":
        code = chosen[0] if chosen else longest
        left_out, events = ((code, MAIN_MATERIALS[code][0]),), []
    elif scenario in ("def", "ret", "opendef"):
        left_out = _left_out_later(items, scenario, chosen)
        if scenario == "def":
            for n, (code, material) in enumerate(left_out):
                supplied = min(n + 1, CATALOGUE[code][0])
                events.append(Event(supplied, "supply", code, material))
                answer[code] = max(answer[code], supplied)
        else:
            for code, _material in left_out:
                decisions[code] = None
        if scenario == "ret":
            deadline = max(CATALOGUE[code][0] for code, _material in left_out)
            events += [Event(deadline + 1, "sweep"), Event(deadline + 16, "sweep")]
    elif scenario == "late":
        answer[longest] = CATALOGUE[longest][0] + 2
    elif scenario == "part":
        refused = next(code for code in items if code in REJECTIONS)
        decisions[refused] = "reject"
    elif scenario == "fix":
        events += [
            Event(2, "return", longest, "申报材料中的图纸与现场踏勘情况不符，请核实修改后重新提交。"),
            Event(5, "resubmit", longest, "已核实现场并修改图纸。"),
        ]
        answer[longest] = max(answer[longest], 3) + 3
    if scenario == "open":
        decisions[longest] = None
    for code, decision in decisions.items():
        if decision and scenario != "no":
            events.append(Event(answer[code], decision, code, REJECTIONS.get(code, "")))
    return CasePlan(
        project,
        stage,
        items,
        submitted,
        left_out=left_out,
        events=tuple(events),
        legal_representative=LEGAL[index % len(LEGAL)],
        contact_person=CONTACTS[index % len(CONTACTS)],
        contact_phone=f"0731-8{3100000 + index * 1379:07d}",
    )


def case_plans():
    """Every demo case in the order it is replayed: by submission, the city-wide sweep's case last."""
    synthetic = [synthetic_case(index, *row) for index, row in enumerate(SYNTHETIC)]
    ordered = sorted(SEED_CASES + synthetic, key=lambda plan: (plan.submitted, plan.project, plan.stage))
    return [*ordered, SUSPENDED_CASE]
