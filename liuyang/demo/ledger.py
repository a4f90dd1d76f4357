"""The demo's issue-clearing ledger (问题清零), replayed through ``issues.services`` on fixed past dates.

The seed's case first: the biomedicine project's high-voltage line blocked its site in
March 2026; the task force raised it, it went to the key-project office (跨部门 → 市重点办
协调), the plan was designed and approved in 10 days and built in 20, the power company
asked for closing off with the approval, the completion record and a site photo, and the
office verified it and closed it off. Then a few issues per seed project across the
categories (用地, 资金, 审批, 征拆, 水电气等配套, 环保) — some turned from dispatch-meeting
action items, one listed (挂牌督办), one waiting for the office (待销号), one reopened, some
open past their deadline — and 30 clearly synthetic ones (示例) on the synthetic projects.

The daily overdue sweep (``escalate_overdue``) is replayed every Monday from 7 September
to 23 November 2026, in date order with everything else, so overdue issues climb the
ladder when the platform would have moved them: one ends at level 3 with its city leader,
one reported upward at level 4. (The sweep also flags the approval tasks, promised
materials and milestones that were late on those days.)

Natural key: an issue's (project, title). An issue that exists is skipped with all its
steps, so a second run writes nothing; the sweeps are replayed only when the run found
no demo issue at all (a fresh ledger), because a sweep moves every overdue issue, not
just the demo's. An issue whose project or action item the office has removed is skipped.
"""

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Unit
from issues.choices import IssueNature
from issues.models import EscalationStep, IssueCategory, IssueEvidence, IssueJournal, LedgerIssue, OverdueFlag
from issues.services import escalation, ledger
from notifications.models import Notification
from projects.choices import ProjectStage
from projects.models import ActionItem, Project, TaskForceMember

from . import units
from .dispatch import RHYTHMS, meeting_days
from .material_pdf import material_pdf
from .people import APPROVAL_CLERKS
from .site_photos import site_photo
from .task_forces import LIAISON, SUFFIX

LIT = (ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
#: the rows a replay creates, counted for seed_demo's summary
MODELS = [LedgerIssue, IssueJournal, IssueEvidence, EscalationStep, OverdueFlag, Notification]

ORDINARY = IssueNature.ORDINARY
CROSS = IssueNature.CROSS_DEPARTMENT
COMPLEX = IssueNature.COMPLEX

#: the replayed daily sweep: every Monday at 07:30 from 7 September to 23 November 2026
SWEEP_DAYS = [D(2026, 9, 7) + datetime.timedelta(weeks=n) for n in range(12)]
SWEEP_HOUR = (7, 30)

#: a step's actor: the issue's responsible person (an action item's owner), else the office
OWNER = "@owner"
POWER = "国网浏阳市供电公司"
FINANCE = "市财政局"


def moment(day, hour=10, minute=0):
    """A moment on ``day`` in Asia/Shanghai (the services' ``at=``)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def meeting_day(project_name, index):
    """The day of a seed task force's ``index``-th meeting (of four), as ``work.py`` records it."""
    frequency, weekday = RHYTHMS[project_name]
    return meeting_days(frequency, weekday, 4)[index]


@dataclass(frozen=True)
class Evidence:
    name: str
    lines: tuple = ()  # the PDF's (ASCII) text; a photo when empty
    photo_percent: int = 0


@dataclass(frozen=True)
class Step:
    day: datetime.date
    kind: str  # update | resolve | verify | send_back | reopen | list
    actor: str  # a username
    text: str = ""
    hour: int = 16
    evidence: tuple = ()
    deadline: datetime.date | None = None  # reopen's new deadline


@dataclass(frozen=True)
class Spec:
    project: str  # the project's name
    title: str
    category: str
    unit: str
    raised_by: str
    raised_on: datetime.date
    deadline: datetime.date
    nature: str = ORDINARY
    person: str | None = None
    leader: str | None = None
    description: str = ""
    action_item: str = ""  # the title of the project's dispatch action item it is turned from
    steps: tuple = field(default_factory=tuple)


# -- the seed's projects ---------------------------------------------------------------------------

BIO, PARK, FIRE, DAWEI = "生物医药产业化项目", "数字经济产业园", "花炮产业转型升级", "大围山生态旅游示范区"
PRECISION, MATERIALS, RIVER = "精密制造产业园", "高性能新材料产业化项目", "浏阳河文旅综合体"

RELOCATION = Spec(
    BIO,
    "110kV高压线穿越项目用地，需迁改后方可施工",
    "水电气等配套",
    POWER,
    "taskforce",
    D(2026, 3, 9),
    D(2026, 4, 10),
    nature=CROSS,
    person="dept_power",
    description=(
        "生产车间二期基础施工范围内有一段110kV高压线穿越，安全距离不足，不迁改无法施工。"
        "涉及供电公司、自然资源局（规划许可）、经开区等多个单位，报市重点办统筹协调。"
    ),
    steps=(
        Step(
            D(2026, 3, 10),
            "update",
            "office",
            "市重点办召开专题协调会：供电公司牵头迁改设计，市自然资源局同步办理规划许可，"
            "经开区负责施工场地和资金保障；要求10天内完成方案设计和审批。",
            hour=11,
        ),
        Step(
            D(2026, 3, 19),
            "update",
            "dept_power",
            "迁改方案设计完成并通过审批（用时10天），3月20日进场施工。",
        ),
        Step(
            D(2026, 4, 8),
            "resolve",
            "dept_power",
            "迁改工程20天完成施工，新线路4月8日投运，原线路已拆除，项目用地已腾空移交。",
            evidence=(
                Evidence("高压线迁改方案批复.pdf", ("110kV line relocation plan", "approved 2026-03-19")),
                Evidence(
                    "迁改工程竣工验收单.pdf", ("Relocation works completed", "2026-03-20 to 2026-04-08")
                ),
                Evidence("迁改后现场照片.jpg", photo_percent=60),
            ),
        ),
        Step(
            D(2026, 4, 10),
            "verify",
            "office",
            "现场核验：原线路已拆除，新线路投运正常，项目单位确认用地已腾空。同意销号。",
            hour=15,
        ),
    ),
)

SEED_ISSUES = [
    RELOCATION,
    Spec(
        BIO,
        "排污许可申领",
        "环保",
        units.ECOLOGY_ENVIRONMENT,
        "taskforce",
        meeting_day(BIO, 1),
        meeting_day(BIO, 1) + datetime.timedelta(days=14),
        action_item="排污许可申领",
        steps=(
            Step(
                meeting_day(BIO, 1) + datetime.timedelta(days=5),
                "update",
                OWNER,
                "已指导企业在全国排污许可证管理信息平台填报申请。",
            ),
            Step(
                meeting_day(BIO, 1) + datetime.timedelta(days=12),
                "resolve",
                OWNER,
                "排污许可证已核发，污水处理站调试数据达标。",
                evidence=(Evidence("排污许可证.pdf", ("Pollutant discharge permit", "issued")),),
            ),
        ),
    ),
    Spec(
        PARK,
        "协调供电公司完成二期10kV专线接入方案",
        "水电气等配套",
        units.HOUSING_CONSTRUCTION,
        "office",
        meeting_day(PARK, 3),
        meeting_day(PARK, 3) + datetime.timedelta(days=11),
        nature=CROSS,
        action_item="协调供电公司完成二期10kV专线接入方案",
        steps=(
            Step(
                meeting_day(PARK, 3),
                "list",
                "office",
                "接入方案逾期未完成，调度会决定挂牌督办、限期完成。",
                hour=17,
            ),
            Step(
                meeting_day(PARK, 3) + datetime.timedelta(days=2),
                "update",
                OWNER,
                "供电公司已完成现场踏勘，接入方案初稿正在编制，预计12月3日报审。",
            ),
        ),
    ),
    Spec(
        PARK,
        "二期标准厂房施工临时用电增容",
        "水电气等配套",
        POWER,
        "taskforce",
        D(2026, 9, 14),
        D(2026, 10, 16),
        person="dept_power",
        steps=(
            Step(D(2026, 9, 22), "update", "dept_power", "增容方案已确定，箱变设备已订货。"),
            Step(
                D(2026, 10, 12),
                "resolve",
                "dept_power",
                "2台1250kVA箱变已投运，施工用电满足二期主体施工需要。",
                evidence=(
                    Evidence("临时用电增容送电单.pdf", ("Temporary power capacity increase", "energized")),
                ),
            ),
            Step(D(2026, 10, 14), "verify", "office", "经核实已送电，同意销号。"),
        ),
    ),
    Spec(
        PARK,
        "园区道路配套工程3户房屋未完成征收补偿",
        "征拆",
        "集里街道",
        "taskforce",
        D(2026, 10, 19),
        D(2026, 12, 11),
        nature=CROSS,
        description="园区道路配套工程红线内尚有3户房屋未签订征收补偿协议，影响道路贯通。",
        steps=(
            Step(
                D(2026, 10, 26),
                "update",
                "office",
                "市重点办会同集里街道、市住建局逐户走访，已签约1户，其余2户对安置方式有异议。",
            ),
            Step(D(2026, 11, 20), "update", "office", "第2户已签约；剩余1户拟按程序作出征收补偿决定。"),
        ),
    ),
    Spec(
        FIRE,
        "花炮文化城消防验收预检发现疏散通道宽度不达标",
        "审批",
        units.HOUSING_CONSTRUCTION,
        "taskforce2",
        D(2026, 10, 20),
        D(2026, 11, 6),
        person="dept_housing",
        steps=(
            Step(D(2026, 10, 27), "update", "dept_housing", "已出具预检意见，施工单位编制整改方案。"),
            Step(
                D(2026, 11, 10), "update", "dept_housing", "已督促施工单位拆除占用通道的展陈隔断，整改过半。"
            ),
            Step(
                D(2026, 11, 13),
                "resolve",
                "dept_housing",
                "疏散通道已整改到位，复查合格。",
                evidence=(
                    Evidence("消防验收预检复查意见.pdf", ("Fire acceptance pre-check", "rectified")),
                    Evidence("疏散通道整改照片.jpg", photo_percent=90),
                ),
            ),
            Step(D(2026, 11, 16), "verify", "office", "复查意见与现场一致，同意销号。", hour=15),
        ),
    ),
    Spec(
        FIRE,
        "技改企业设备购置贴息资金拨付滞后",
        "资金",
        FINANCE,
        "taskforce2",
        D(2026, 8, 17),
        D(2026, 9, 18),
        steps=(
            Step(D(2026, 9, 1), "update", "office", "已会同市财政局、市工信局核定首批12家企业贴息清单。"),
            Step(
                D(2026, 9, 16),
                "resolve",
                "office",
                "首批贴息资金2860万元已拨付到企业。",
                evidence=(Evidence("贴息资金拨付凭证.pdf", ("Interest subsidy paid", "12 enterprises")),),
            ),
            Step(D(2026, 9, 18), "verify", "office", "拨付凭证齐全，同意销号。"),
        ),
    ),
    Spec(
        DAWEI,
        "二期生态停车场涉及生态公益林调整，林地手续受阻",
        "用地",
        units.NATURAL_RESOURCES,
        "taskforce2",
        D(2026, 10, 14),
        D(2026, 11, 20),
        nature=CROSS,
        person="tf_land",
        leader="leader3",
        description="二期生态停车场选址有约18亩属生态公益林，须调整公益林范围后方可办理使用林地手续。",
        steps=(
            Step(
                D(2026, 10, 28),
                "update",
                "tf_land",
                "已完成林地现状调查和公益林调整方案初稿，须报长沙市林业主管部门审核。",
            ),
            Step(
                D(2026, 11, 24),
                "update",
                "tf_land",
                "逾期升级为市级领导领办；调整方案已报长沙市，等待审核意见。",
            ),
        ),
    ),
    Spec(
        DAWEI,
        "落实12月投资资金拨付",
        "资金",
        units.CULTURE_TOURISM,
        "taskforce2",
        meeting_day(DAWEI, 3),
        meeting_day(DAWEI, 3) + datetime.timedelta(days=20),
        action_item="落实12月投资资金拨付",
    ),
    Spec(
        PRECISION,
        "二期用地报批",
        "用地",
        units.NATURAL_RESOURCES,
        "taskforce",
        meeting_day(PRECISION, 1),
        meeting_day(PRECISION, 1) + datetime.timedelta(days=14),
        action_item="二期用地报批",
        steps=(
            Step(
                meeting_day(PRECISION, 1) + datetime.timedelta(days=12),
                "resolve",
                OWNER,
                "二期用地已获批复。",
                evidence=(Evidence("二期用地批复.pdf", ("Land use approval", "phase 2")),),
            ),
            Step(meeting_day(PRECISION, 1) + datetime.timedelta(days=14), "verify", "office", "同意销号。"),
        ),
    ),
    Spec(
        PRECISION,
        "一期厂房厂界噪声监测超标",
        "环保",
        units.ECOLOGY_ENVIRONMENT,
        "taskforce",
        D(2026, 9, 8),
        D(2026, 9, 30),
        person="dept_env",
        description="周边居民反映夜间设备调试噪声扰民，监测厂界夜间噪声超标。",
        steps=(
            Step(D(2026, 9, 15), "update", "dept_env", "已责令企业夜间22时后停止设备调试。"),
            Step(
                D(2026, 9, 25),
                "resolve",
                "dept_env",
                "企业调整作业时间，复测厂界噪声达标。",
                evidence=(Evidence("厂界噪声监测报告.pdf", ("Boundary noise monitoring", "compliant")),),
            ),
            Step(D(2026, 9, 28), "verify", "office", "监测报告达标，同意销号。"),
            Step(
                D(2026, 10, 16),
                "reopen",
                "office",
                "群众再次反映夜间噪声，复测仍超标，重新交办。",
                deadline=D(2026, 11, 13),
            ),
            Step(D(2026, 11, 6), "update", "dept_env", "已责令企业加装隔声屏障，预计11月中旬完工后复测。"),
            Step(
                D(2026, 11, 24),
                "update",
                "dept_env",
                "隔声屏障材料到货延迟，逾期未完成，已升级市重点办协调；企业承诺12月上旬完工。",
            ),
        ),
    ),
    Spec(
        MATERIALS,
        "新增建设用地计划指标不足，需争取省级统筹",
        "用地",
        units.NATURAL_RESOURCES,
        "taskforce",
        D(2026, 10, 12),
        D(2026, 11, 13),
        nature=COMPLEX,
        person="tf_land",
        leader="leader2",
        description="“先租后让”地块转出让须落实新增建设用地计划指标约120亩，市内年度指标已用完。",
        steps=(
            Step(D(2026, 10, 20), "update", "tf_land", "已向长沙市自然资源和规划局汇报，市内调剂无余量。"),
            Step(
                D(2026, 11, 18),
                "update",
                "office",
                "逾期升级为向上汇报争取：已形成专题报告，由市政府报省自然资源厅申请统筹安排。",
            ),
        ),
    ),
    Spec(
        RIVER,
        "环评报告报审",
        "环保",
        units.ECOLOGY_ENVIRONMENT,
        "taskforce2",
        meeting_day(RIVER, 3),
        meeting_day(RIVER, 3) + datetime.timedelta(days=25),
        action_item="环评报告报审",
        steps=(
            Step(
                meeting_day(RIVER, 3) + datetime.timedelta(days=1),
                "update",
                OWNER,
                "环评单位已完成现状监测，报告书正在编制。",
            ),
        ),
    ),
    Spec(
        RIVER,
        "滨河段防洪影响评价与用地预审衔接",
        "审批",
        units.WATER,
        "taskforce2",
        D(2026, 10, 28),
        D(2026, 12, 18),
        nature=CROSS,
        person="dept_water",
        steps=(Step(D(2026, 11, 12), "update", "dept_water", "防洪影响评价报告已委托编制，12月上旬评审。"),),
    ),
]


# -- the synthetic projects (示例) -----------------------------------------------------------------

#: category → (responsible unit, its clerk, titles)
SYNTHETIC_KINDS = [
    ("用地", units.NATURAL_RESOURCES, ["用地报批材料需补充", "土地征收补偿款未拨付到位", "临时用地手续办理"]),
    ("资金", units.DEVELOPMENT_REFORM, ["专项债资金申报", "中央预算内投资争取", "配套资金到位滞后"]),
    ("审批", units.HOUSING_CONSTRUCTION, ["施工图审查意见整改", "施工许可办理", "规划方案调整审批"]),
    ("征拆", "市城市管理和综合执法局", ["红线内违章建筑拆除", "杆线迁移协调", "施工围挡占道审批"]),
    ("水电气等配套", POWER, ["施工用电接入", "供水管网接驳", "天然气管道迁改"]),
    ("环保", units.ECOLOGY_ENVIRONMENT, ["环评批复前置条件落实", "施工扬尘整改", "排水许可办理"]),
]
SYNTHETIC_COUNT = 30
#: where the late synthetic issues go: projects whose light is red anyway (a late issue turns a
#: light yellow, two red), so the ledger leaves the demo's lights as the work plans made them
LATE_PROJECTS = ["用户侧储能电站（示例）", "沿溪乡村康养综合体（示例）", "浏阳蒸菜预制菜产业园（示例）"]


def _weekday(day):
    """``day``, or the Monday after when it falls on a weekend."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _plus(day, days):
    return _weekday(day + datetime.timedelta(days=days))


def synthetic_spec(index, project_name, raised_by):
    """Issue ``index`` of the synthetic fill, on ``project_name``; its fate follows ``index % 10``."""
    category, unit, titles = SYNTHETIC_KINDS[index % len(SYNTHETIC_KINDS)]
    clerk = APPROVAL_CLERKS.get(unit)
    actor = clerk or "office"
    title = f"{titles[index // len(SYNTHETIC_KINDS) % len(titles)]}{SUFFIX}"
    fate = index % 10
    nature = CROSS if index % 5 == 3 and fate != 8 else ORDINARY
    text = "示例数据：已对接责任单位，明确办理路径和时间节点。"
    done = "示例数据：问题已解决，佐证材料见附件。"
    proof = (Evidence(f"销号佐证{index + 1:02d}.pdf", (f"Demo issue {index + 1}", "resolved")),)
    if fate <= 3:  # closed off well within the deadline
        raised = _weekday(D(2026, 6, 1) + datetime.timedelta(days=index * 5))
        deadline = raised + datetime.timedelta(days=30)
        steps = (
            Step(_plus(raised, 5), "update", actor, text),
            Step(_plus(raised, 18), "resolve", actor, done, evidence=proof),
            Step(_plus(raised, 21), "verify", "office", "示例数据：核验属实，同意销号。"),
        )
    elif fate == 4:  # resolved, waiting for the office (待销号)
        raised = _weekday(D(2026, 10, 15) + datetime.timedelta(days=index % 3 * 7))
        deadline = raised + datetime.timedelta(days=35)
        steps = (
            Step(_plus(raised, 4), "update", actor, text),
            Step(_plus(raised, 22), "resolve", actor, done, evidence=proof),
        )
    elif fate in (5, 6):  # being handled, in time
        raised = _weekday(D(2026, 10, 20) + datetime.timedelta(days=index % 4 * 5))
        deadline = raised + datetime.timedelta(days=45)
        steps = (Step(_plus(raised, 6), "update", actor, text),)
    elif fate == 7:  # just assigned
        raised = _weekday(D(2026, 11, 16) + datetime.timedelta(days=index % 3 * 3))
        deadline = raised + datetime.timedelta(days=30)
        steps = ()
    elif fate == 8:  # late: the Monday sweeps move it up the ladder
        raised = _weekday(D(2026, 9, 1) + datetime.timedelta(days=(0, 55, 41)[index // 10 % 3]))
        deadline = raised + datetime.timedelta(days=20)
        steps = (Step(_plus(raised, 5), "update", actor, text),)
    else:  # sent back by the office: the evidence did not hold
        raised = _weekday(D(2026, 9, 20) + datetime.timedelta(days=index % 3 * 7))
        deadline = raised + datetime.timedelta(days=60)
        steps = (
            Step(_plus(raised, 25), "resolve", actor, done, evidence=proof),
            Step(_plus(raised, 28), "send_back", "office", "示例数据：佐证材料与现场不符，退回继续办理。"),
            Step(_plus(raised, 35), "update", actor, "示例数据：按核验意见补充整改。"),
        )
    return Spec(
        project_name,
        title,
        category,
        unit,
        raised_by,
        raised,
        deadline,
        nature=nature,
        person=clerk,
        description=f"示例数据：{project_name.removesuffix(SUFFIX)}推进中遇到的{category}问题。",
        steps=steps,
    )


def synthetic_specs():
    """The synthetic fill: SYNTHETIC_COUNT issues over the lit synthetic projects, raised by their liaison."""
    projects = list(
        Project.objects.filter(name__endswith=SUFFIX, task_force__isnull=False, stage__in=LIT)
        .order_by("code")
        .values_list("name", "task_force__pk")
    )
    if not projects:
        return []
    liaisons = {}
    for name, task_force in projects:
        member = (
            TaskForceMember.objects.filter(task_force_id=task_force, duty=LIAISON)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        liaisons[name] = member.user.username if member else "office"
    specs = []
    for index in range(SYNTHETIC_COUNT):
        name = projects[index % len(projects)][0]
        late = LATE_PROJECTS[index // 10 % len(LATE_PROJECTS)]
        if index % 10 == 8 and late in liaisons:
            name = late
        specs.append(synthetic_spec(index, name, liaisons[name]))
    return specs


# -- the replay ------------------------------------------------------------------------------------


def evidence_file(project, evidence):
    if evidence.lines:
        content = material_pdf(f"Project {project.code}", *evidence.lines)
        return SimpleUploadedFile(evidence.name, content, content_type="application/pdf")
    content = site_photo(project.code, evidence.photo_percent)
    return SimpleUploadedFile(evidence.name, content, content_type="image/jpeg")


class LedgerLoader:
    def __init__(self, users):
        self.users = users
        self.categories = {c.name: c for c in IssueCategory.objects.all()}

    def user(self, username):
        return self.users[username]

    def plan(self):
        """(events in date order, whether no demo issue existed before) — an event is (moment, n, call)."""
        specs = SEED_ISSUES + synthetic_specs()
        projects = {p.name: p for p in Project.objects.filter(name__in={s.project for s in specs})}
        existing = set(
            LedgerIssue.objects.filter(project__in=projects.values()).values_list("project__name", "title")
        )
        fresh = not any((spec.project, spec.title) in existing for spec in specs)
        events = []
        for spec in specs:
            project = projects.get(spec.project)
            if (
                project is None
                or (spec.project, spec.title) in existing
                or spec.category not in self.categories
            ):
                continue
            item = None
            if spec.action_item:
                item = (
                    ActionItem.objects.filter(meeting__task_force__project=project, title=spec.action_item)
                    .select_related("meeting__task_force__project", "owner", "owner_unit")
                    .order_by("pk")
                    .first()
                )
                if item is None or LedgerIssue.objects.filter(action_item=item).exists():
                    continue
            box = {}
            hour = 16 if item else 10
            events.append((moment(spec.raised_on, hour), len(events), self._raiser(spec, project, item, box)))
            for step in spec.steps:
                events.append((moment(step.day, step.hour), len(events), self._stepper(step, project, box)))
        if fresh and events:
            for day in SWEEP_DAYS:
                at = moment(day, *SWEEP_HOUR)
                events.append(
                    (at, len(events), lambda day=day, at=at: escalation.escalate_overdue(today=day, at=at))
                )
        events.sort(key=lambda event: event[:2])
        return events

    def _raiser(self, spec, project, item, box):
        def call():
            at = moment(spec.raised_on, 16 if item else 10)
            category = self.categories[spec.category]
            if item is not None:
                box["issue"] = ledger.issue_from_action_item(
                    self.user(spec.raised_by),
                    item,
                    category=category,
                    nature=spec.nature,
                    deadline=spec.deadline,
                    at=at,
                )
                return
            box["issue"] = ledger.raise_issue(
                self.user(spec.raised_by),
                project=project,
                title=spec.title,
                description=spec.description,
                category=category,
                responsible_unit=Unit.objects.get(name=spec.unit),
                responsible_person=self.user(spec.person) if spec.person else None,
                leader=self.user(spec.leader) if spec.leader else None,
                nature=spec.nature,
                deadline=spec.deadline,
                at=at,
            )

        return call

    def _stepper(self, step, project, box):
        def call():
            issue, at = box["issue"], moment(step.day, step.hour)
            if step.actor == OWNER:  # whoever the action item went to (its responsible person)
                user = issue.responsible_person or self.user("office")
            else:
                user = self.user(step.actor)
            if step.kind == "update":
                issue = ledger.add_update(user, issue, text=step.text, at=at)
            elif step.kind == "resolve":
                files = [evidence_file(project, e) for e in step.evidence]
                issue = ledger.resolve(user, issue, resolution=step.text, files=files, at=at)
            elif step.kind in ("verify", "send_back"):
                issue = ledger.verify(user, issue, accept=step.kind == "verify", note=step.text, at=at)
            elif step.kind == "reopen":
                issue = ledger.reopen(user, issue, reason=step.text, deadline=step.deadline, at=at)
            elif step.kind == "list":
                issue = ledger.set_listed(user, issue, listed=True, reason=step.text, at=at)
            else:  # pragma: no cover - a typo in the data above
                raise ValueError(step.kind)
            box["issue"] = issue

        return call

    def load(self):
        before = {model: model.objects.count() for model in MODELS}
        for _at, _n, call in self.plan():
            call()
        created = Counter()
        for model in MODELS:
            added = model.objects.count() - before[model]
            if added > 0:
                created[model] = added
        return created


def load_ledger(users):
    """The demo's ledger issues, replayed with the Monday sweeps; a Counter of the rows created, by model."""
    return LedgerLoader(users).load()
