"""Every object URL, visited from another task force / department / team: 403 or 404, never the data.

The demo is loaded once for the module. Four fresh users hold the row-scoped roles
(专班成员, 部门经办人, 项目服务专员, 招商小分队), each with a scope of their own — a
project "B" with its task force, department and commissioner, and an investment
team "B" — and no scope over anything in the demo. Each of them then, for every
URL pattern of the project that takes an object key (pages and ``/api/``):

* GETs a demo object's URL: unless the role reads every row of that model (the
  allow-list ``READ_BY_EVERY_ROW`` below, checked against the policies), the answer
  is 403, 404 or 405 and the object's name/title/code is not in the body;
* POSTs an empty body to it (and PUT / PATCH / DELETE to API routes): the answer is
  403, 404 or 405, and the whole database is byte for byte as it was.

``OBJECT_URLS`` maps each pattern name to the model whose row it is built from;
a pattern with an object key that is neither there nor in ``NOT_OBJECT_KEYS``
fails ``test_every_object_url_pattern_is_covered``, so the test cannot go stale.
Patterns whose key is an action or a file kind are visited with every action
the view knows (read from the views themselves).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.roles import ALL_ROLES, Role
from approvals.models import (
    ApprovalCase,
    ApprovalItem,
    ApprovalStage,
    ApprovalTask,
    CaseMaterial,
    DishonestApplicant,
    ItemMaterial,
    Supplement,
    WorkdayOverride,
)
from assessment.models import (
    AssessmentPeriod,
    FaultToleranceApplication,
    Indicator,
    IndicatorResult,
    IndicatorScheme,
    ProjectAssessment,
)
from exports.models import ExportJob
from investment.models import (
    ChainLink,
    ElementRequest,
    Fund,
    FundInvestment,
    IndustryChain,
    InvestmentLead,
    InvestmentTeam,
    LeadJournal,
)
from issues.models import IssueCategory, IssueEvidence, IssueJournal, LedgerIssue, OverdueFlag, WeeklyDigest
from issues.services import digests
from liuyang.demo.loader import load_demo
from liuyang.policies import policy_for
from notifications.models import Notification, TaskRun
from projects.models import (
    ActionItem,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)
from reserve.models import (
    AnnualPlan,
    AnnualPlanItem,
    EvaluationCriterion,
    EvaluationRound,
    ReserveEntry,
    ReserveMove,
    RoundItem,
    Score,
)
from tests.demo import demo_loaded
from tests.factories import (
    DepartmentFactory,
    ProjectFactory,
    TaskForceFactory,
    TaskForceMemberFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

#: the roles whose writes (and some reads) are limited to a row scope
SCOPED_ROLES = (Role.TASK_FORCE_STAFF, Role.DEPARTMENT_STAFF, Role.SERVICE_COMMISSIONER, Role.INVESTMENT_TEAM)
EVERY_SCOPED_ROLE = frozenset(SCOPED_ROLES)

#: what a refusal may answer: forbidden, not found (the row is outside the user's
#: queryset), or method not allowed (the URL has no such method at all)
REFUSED = {403, 404, 405}

# -- the allow-list: object URLs every user of a role may read ---------------------------
#: Models whose every row a scoped role reads (README: "各角色都能只读查看市重点办开放的内容，
#: 写入范围由角色和所在专班 / 部门决定"). Writes to them are still checked: they must refuse.
#: ``test_the_allow_list_is_what_the_policies_say`` keeps this table and the policies in step.
READ_BY_EVERY_ROW = {
    # the project catalogue and everything published about a project's progress
    Project: EVERY_SCOPED_ROLE,
    TaskForce: EVERY_SCOPED_ROLE,
    TaskForceMember: EVERY_SCOPED_ROLE,
    MilestoneTemplate: EVERY_SCOPED_ROLE,
    Milestone: EVERY_SCOPED_ROLE,
    ProgressReport: EVERY_SCOPED_ROLE,
    ReportPhoto: EVERY_SCOPED_ROLE,
    DispatchMeeting: EVERY_SCOPED_ROLE,
    ActionItem: EVERY_SCOPED_ROLE,
    # the reserve pool, its rounds and the annual plan are published by the office
    ReserveEntry: EVERY_SCOPED_ROLE,
    ReserveMove: EVERY_SCOPED_ROLE,
    EvaluationCriterion: EVERY_SCOPED_ROLE,
    EvaluationRound: EVERY_SCOPED_ROLE,
    RoundItem: EVERY_SCOPED_ROLE,
    Score: EVERY_SCOPED_ROLE,
    AnnualPlan: EVERY_SCOPED_ROLE,
    AnnualPlanItem: EVERY_SCOPED_ROLE,
    # the approval catalogue and the working-day calendar
    ApprovalStage: EVERY_SCOPED_ROLE,
    ApprovalItem: EVERY_SCOPED_ROLE,
    ItemMaterial: EVERY_SCOPED_ROLE,
    WorkdayOverride: EVERY_SCOPED_ROLE,
    # the 失信 list: the commissioners check applicants against it (not task forces / departments)
    DishonestApplicant: frozenset({Role.SERVICE_COMMISSIONER}),
    # the ledger's categories, the assessment schemes and periods (not their results)
    IssueCategory: EVERY_SCOPED_ROLE,
    IndicatorScheme: EVERY_SCOPED_ROLE,
    Indicator: EVERY_SCOPED_ROLE,
    AssessmentPeriod: EVERY_SCOPED_ROLE,
    # the industry map, the teams and the guidance funds (not the leads)
    IndustryChain: EVERY_SCOPED_ROLE,
    ChainLink: EVERY_SCOPED_ROLE,
    InvestmentTeam: EVERY_SCOPED_ROLE,
    Fund: EVERY_SCOPED_ROLE,
    FundInvestment: EVERY_SCOPED_ROLE,
}

#: URL patterns with a key that is not an object of another scope
NOT_OBJECT_KEYS = {
    # the key is the kind of export (项目清单, 问题台账 …); the job is the requester's own
    "exports:start",
}


def pick(model, **filters):
    return lambda: model.objects.filter(**filters).order_by("pk").first()


#: the demo row each model's URLs are built from (the first one, unless it matters which)
PICKERS = {
    # a published period's result, so that only the row scope (not the publication) hides it
    ProjectAssessment: pick(ProjectAssessment, period__status="published"),
    # an issue evidence and a case material that have a file to stream
    IssueEvidence: pick(IssueEvidence, file__gt=""),
    CaseMaterial: pick(CaseMaterial, file__gt=""),
    ReportPhoto: pick(ReportPhoto, original__gt=""),
}

#: pattern name → the model of the object its key names
OBJECT_URLS = {
    # pages
    "projects:project_detail": Project,
    "projects:project_edit": Project,
    "projects:project_delete": Project,
    "projects:task_force": Project,
    "projects:task_force_edit": Project,
    "projects:member_add": Project,
    "projects:member_remove": TaskForceMember,
    "projects:milestone_add": Project,
    "projects:apply_template": Project,
    "projects:milestone_edit": Milestone,
    "projects:milestone_delete": Milestone,
    "projects:report_list": Project,
    "projects:report_new": Project,
    "projects:report_detail": ProgressReport,
    "projects:report_edit": ProgressReport,
    "projects:report_accept": ProgressReport,
    "projects:report_return": ProgressReport,
    "projects:photo_delete": ReportPhoto,
    "projects:photo": ReportPhoto,
    "projects:meeting_new": Project,
    "projects:meeting_detail": DispatchMeeting,
    "projects:meeting_edit": DispatchMeeting,
    "projects:action_item_add": DispatchMeeting,
    "projects:action_item_edit": ActionItem,
    "projects:action_item_done": ActionItem,
    "reserve:entry_detail": ReserveEntry,
    "reserve:entry_details": ReserveEntry,
    "reserve:entry_change_tier": ReserveEntry,
    "reserve:entry_remove": ReserveEntry,
    "reserve:entry_restore": ReserveEntry,
    "reserve:entry_plan": ReserveEntry,
    "reserve:round_detail": EvaluationRound,
    "reserve:round_score": EvaluationRound,
    "reserve:round_decide": EvaluationRound,
    "reserve:round_apply": EvaluationRound,
    "reserve:plan_detail": AnnualPlan,
    "approvals:case_detail": ApprovalCase,
    "approvals:case_notice": ApprovalCase,
    "approvals:promise_letter": ApprovalCase,
    "approvals:material_file": CaseMaterial,
    "approvals:supply": Supplement,
    "approvals:resubmit": ApprovalTask,
    "approvals:task_action": ApprovalTask,
    "issues:issue_detail": LedgerIssue,
    "issues:issue_edit": LedgerIssue,
    "issues:issue_action": LedgerIssue,
    "issues:evidence_file": IssueEvidence,
    "issues:from_action_item": ActionItem,
    "issues:digest_detail": WeeklyDigest,
    "issues:digest_xlsx": WeeklyDigest,
    "assessment:period_detail": AssessmentPeriod,
    "assessment:units": AssessmentPeriod,
    "assessment:period_xlsx": AssessmentPeriod,
    "assessment:period_action": AssessmentPeriod,
    "assessment:result_detail": ProjectAssessment,
    "assessment:result_outcome": ProjectAssessment,
    "assessment:result_figure": ProjectAssessment,
    "assessment:result_evidence": ProjectAssessment,
    "assessment:tolerance_detail": FaultToleranceApplication,
    "assessment:tolerance_action": FaultToleranceApplication,
    "investment:lead_detail": InvestmentLead,
    "investment:lead_edit": InvestmentLead,
    "investment:lead_action": InvestmentLead,
    "investment:fund_detail": Fund,
    "investment:element_detail": ElementRequest,
    "investment:element_action": ElementRequest,
    "notifications:mark_read": Notification,
    "exports:job_detail": ExportJob,
    "exports:job_download": ExportJob,
    # the API
    "api:project-detail": Project,
    "api:project-light-detail": Project,
    "api:task-force-detail": TaskForce,
    "api:task-force-member-detail": TaskForceMember,
    "api:milestone-template-detail": MilestoneTemplate,
    "api:milestone-detail": Milestone,
    "api:progress-report-detail": ProgressReport,
    "api:progress-report-accept": ProgressReport,
    "api:progress-report-add-photo": ProgressReport,
    "api:progress-report-return": ProgressReport,
    "api:progress-report-submit": ProgressReport,
    "api:report-photo-detail": ReportPhoto,
    "api:meeting-detail": DispatchMeeting,
    "api:action-item-detail": ActionItem,
    "api:reserve-entry-detail": ReserveEntry,
    "api:reserve-entry-add-to-plan": ReserveEntry,
    "api:reserve-entry-change-tier": ReserveEntry,
    "api:reserve-entry-remove": ReserveEntry,
    "api:reserve-entry-restore": ReserveEntry,
    "api:reserve-move-detail": ReserveMove,
    "api:reserve-criterion-detail": EvaluationCriterion,
    "api:reserve-round-detail": EvaluationRound,
    "api:reserve-round-apply": EvaluationRound,
    "api:reserve-round-decide": EvaluationRound,
    "api:reserve-score-detail": Score,
    "api:reserve-plan-detail": AnnualPlan,
    "api:reserve-plan-item-detail": AnnualPlanItem,
    "api:approval-stage-detail": ApprovalStage,
    "api:approval-item-detail": ApprovalItem,
    "api:item-material-detail": ItemMaterial,
    "api:workday-override-detail": WorkdayOverride,
    "api:dishonest-applicant-detail": DishonestApplicant,
    "api:approval-case-detail": ApprovalCase,
    "api:approval-case-notice": ApprovalCase,
    "api:approval-supplement-detail": Supplement,
    "api:approval-supplement-supply": Supplement,
    "api:approval-task-detail": ApprovalTask,
    "api:approval-task-approve": ApprovalTask,
    "api:approval-task-moves": ApprovalTask,
    "api:approval-task-reject": ApprovalTask,
    "api:approval-task-resubmit": ApprovalTask,
    "api:approval-task-return": ApprovalTask,
    "api:approval-task-start": ApprovalTask,
    "api:issue-category-detail": IssueCategory,
    "api:issue-detail": LedgerIssue,
    "api:issue-journal": LedgerIssue,
    "api:issue-list-supervision": LedgerIssue,
    "api:issue-reopen": LedgerIssue,
    "api:issue-resolve": LedgerIssue,
    "api:issue-unlist-supervision": LedgerIssue,
    "api:issue-update": LedgerIssue,
    "api:issue-verify": LedgerIssue,
    "api:issue-journal-detail": IssueJournal,
    "api:overdue-flag-detail": OverdueFlag,
    "api:digest-detail": WeeklyDigest,
    "api:assessment-scheme-detail": IndicatorScheme,
    "api:assessment-indicator-detail": Indicator,
    "api:assessment-period-detail": AssessmentPeriod,
    "api:assessment-period-close": AssessmentPeriod,
    "api:assessment-period-compute": AssessmentPeriod,
    "api:assessment-period-publish": AssessmentPeriod,
    "api:assessment-period-units": AssessmentPeriod,
    "api:assessment-result-detail": ProjectAssessment,
    "api:assessment-result-decide": ProjectAssessment,
    "api:assessment-result-figures": ProjectAssessment,
    "api:tolerance-application-detail": FaultToleranceApplication,
    "api:tolerance-application-accept": FaultToleranceApplication,
    "api:tolerance-application-determine": FaultToleranceApplication,
    "api:tolerance-application-file": FaultToleranceApplication,
    "api:tolerance-application-verify": FaultToleranceApplication,
    "api:industry-chain-detail": IndustryChain,
    "api:chain-link-detail": ChainLink,
    "api:investment-team-detail": InvestmentTeam,
    "api:investment-lead-detail": InvestmentLead,
    "api:investment-lead-advance": InvestmentLead,
    "api:investment-lead-contact": InvestmentLead,
    "api:investment-lead-drop": InvestmentLead,
    "api:investment-lead-journal": InvestmentLead,
    "api:investment-lead-land": InvestmentLead,
    "api:investment-lead-sign": InvestmentLead,
    "api:lead-journal-detail": LeadJournal,
    "api:fund-detail": Fund,
    "api:fund-investment-detail": FundInvestment,
    "api:element-request-detail": ElementRequest,
    "api:element-request-close": ElementRequest,
    "api:element-request-take-up": ElementRequest,
    "api:notification-detail": Notification,
    "api:notification-read": Notification,
    "api:task-run-detail": TaskRun,
}


def variants():
    """Extra URL keywords, by pattern: every action / file kind the view itself accepts."""
    from approvals.views.actions import ACTION_SERVICES as TASK_ACTIONS
    from assessment.views import PERIOD_ACTIONS, TOLERANCE_ACTIONS
    from investment.views.elements import ELEMENT_MESSAGES
    from investment.views.leads import ACTIONS as LEAD_ACTIONS
    from issues.views.actions import ACTION_SERVICES as ISSUE_ACTIONS
    from projects.views.reports import PHOTO_KINDS

    return {
        "approvals:task_action": [{"action": a} for a in TASK_ACTIONS],
        "assessment:period_action": [{"action": a} for a in PERIOD_ACTIONS],
        "assessment:tolerance_action": [{"action": a} for a in TOLERANCE_ACTIONS],
        "investment:element_action": [{"action": a} for a in ELEMENT_MESSAGES],
        "investment:lead_action": [{"action": a} for a in LEAD_ACTIONS],
        "issues:issue_action": [{"action": a} for a in ISSUE_ACTIONS],
        "projects:photo": [{"kind": k} for k in PHOTO_KINDS],
    }


#: whose a private row is (the control user that must find it)
OWNERS = {
    Notification: lambda obj: obj.recipient,
    ExportJob: lambda obj: obj.requested_by,
}


def object_kwargs(name, obj):
    """The URL keywords naming ``obj`` in pattern ``name``."""
    if name in ("reserve:plan_detail", "api:reserve-plan-detail"):
        return {"year": obj.year}
    if name in ("projects:meeting_edit",):
        return {"meeting_pk": obj.pk}
    if name in ("projects:milestone_edit",):
        return {"milestone_pk": obj.pk}
    if name in ("assessment:result_figure", "assessment:result_evidence"):
        line = IndicatorResult.objects.filter(assessment=obj).order_by("-evidence", "pk").first()
        return {"pk": obj.pk, "line": line.pk}
    if name == "api:reserve-round-decide":
        return {
            "pk": obj.pk,
            "item_id": RoundItem.objects.filter(evaluation_round=obj).order_by("pk").first().pk,
        }
    return {"pk": obj.pk}


# -- walking the URL configuration ---------------------------------------------------------
def walk(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin checks its own permissions per model (tests/test_admin.py)
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, entry


def keys_of(pattern):
    """The keyword arguments a pattern captures, the format suffix aside."""
    return set(pattern.pattern.regex.groupindex) - {"format"}


def object_url_patterns():
    """Names of every pattern (the admin aside) that captures a key."""
    names = set()
    for name, pattern in walk():
        if not keys_of(pattern):
            continue
        if name is None and str(pattern.pattern).startswith("^media/"):
            continue  # MEDIA_URL is served by Django only with DEBUG; production serves no media
        names.add(name or str(pattern.pattern))
    return names


# -- the world: the demo, and four users with a scope of their own ------------------------
@dataclass
class World:
    office: object
    attackers: dict
    objects: dict


def build_world():
    load_demo()
    # what the demo does not make: an export job and a notification of a demo user
    somebody = Project.objects.exclude(service_commissioner=None).first().service_commissioner
    if not ExportJob.objects.exists():
        job = ExportJob(
            kind="projects", title="重点项目清单（秘密导出）", requested_by=somebody, status="done"
        )
        job.filename = "重点项目清单.xlsx"
        job.file.save("secret-export.xlsx", ContentFile(b"PK secret workbook"), save=False)
        job.save()
    if not Notification.objects.exists():
        Notification.objects.create(
            recipient=somebody, kind="digest", key="x-scope", title="专属于他人的通知"
        )
    if not TaskRun.objects.exists():
        TaskRun.objects.create(name="escalate_issues", started_at=timezone.now())
    if not DishonestApplicant.objects.exists():
        DishonestApplicant.objects.create(
            name="某失信建设有限公司", reason="拒不履行法院判决", listed_on=timezone.localdate()
        )
    if not WorkdayOverride.objects.exists():
        WorkdayOverride.objects.create(date=datetime.date(2030, 1, 2), is_working_day=False, name="测试调休")
    if not WeeklyDigest.objects.exists():
        task_force = TaskForce.objects.order_by("pk").first()
        today = timezone.localdate()
        iso_year, iso_week, monday = digests.week_of(today)
        content = digests.compose(task_force, monday, today)
        WeeklyDigest.objects.create(
            task_force=task_force, iso_year=iso_year, iso_week=iso_week, week_start=monday, content=content
        )

    department_b = DepartmentFactory(name="跨域测试部门乙")
    commissioner = UserFactory(username="scope-b-commissioner", roles=[Role.SERVICE_COMMISSIONER])
    project_b = ProjectFactory(
        name="乙方项目", responsible_unit=department_b, service_commissioner=commissioner
    )
    member = TaskForceMemberFactory(
        task_force=TaskForceFactory(project=project_b),
        user=UserFactory(username="scope-b-taskforce", roles=[Role.TASK_FORCE_STAFF]),
    ).user
    department_staff = UserFactory(
        username="scope-b-department", roles=[Role.DEPARTMENT_STAFF], unit=department_b
    )
    investor = UserFactory(username="scope-b-investment", roles=[Role.INVESTMENT_TEAM])
    team = InvestmentTeam.objects.create(name="跨域测试小分队乙", leader=investor)
    team.members.add(investor)
    office = UserFactory(username="scope-office", roles=[Role.KEY_OFFICE])
    attackers = {
        Role.TASK_FORCE_STAFF: member,
        Role.DEPARTMENT_STAFF: department_staff,
        Role.SERVICE_COMMISSIONER: commissioner,
        Role.INVESTMENT_TEAM: investor,
    }
    objects = {}
    for model in set(OBJECT_URLS.values()):
        objects[model] = PICKERS.get(model, pick(model))()
    return World(office, attackers, objects)


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, build_world, "cross-scope-media") as (world, _m):
        yield world


@pytest.fixture
def world(world_once, db):
    return world_once


# -- the database, byte for byte ----------------------------------------------------------
#: tables a request may write without changing anything of the project's
VOLATILE_TABLES = {"django_session"}


def database_fingerprint():
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - VOLATILE_TABLES
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def markers(obj):
    """What would give the object away: its name / title / code, as shown on its pages."""
    found = {str(obj)}
    for field in ("name", "title", "code", "company", "project_name", "summary", "description"):
        value = getattr(obj, field, None)
        if isinstance(value, str) and len(value) >= 4:
            found.add(value)
    return {marker for marker in found if len(marker) >= 4}


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def readable_by_every_row(model, role):
    return role in READ_BY_EVERY_ROW.get(model, frozenset())


# -- the tests -----------------------------------------------------------------------------
def cases():
    extra = variants()
    for name in sorted(OBJECT_URLS):
        for more in extra.get(name, [{}]):
            label = name + "".join(f"[{v}]" for v in more.values())
            yield pytest.param(name, more, id=label)


def test_every_object_url_pattern_is_covered():
    """A new URL with an object key must be added to OBJECT_URLS (or, with a reason, NOT_OBJECT_KEYS)."""
    found = object_url_patterns()
    unknown = found - set(OBJECT_URLS) - NOT_OBJECT_KEYS
    gone = (set(OBJECT_URLS) | NOT_OBJECT_KEYS) - found
    assert not unknown, f"URL patterns with an object key this test does not visit: {sorted(unknown)}"
    assert not gone, f"patterns in the map that no longer exist: {sorted(gone)}"
    patterns = dict(walk())
    for name, more in variants().items():
        assert set(more[0]) <= keys_of(patterns[name]), name


def test_the_api_routes_serve_the_model_the_map_names():
    for name, pattern in walk():
        if name in OBJECT_URLS and name.startswith("api:"):
            view = getattr(pattern.callback, "cls", None)
            model = getattr(getattr(view, "queryset", None), "model", None)
            assert model is None or model is OBJECT_URLS[name], name


def test_the_allow_list_is_what_the_policies_say():
    """A scoped role reads every row of exactly the models the allow-list names."""
    for model in set(OBJECT_URLS.values()) - {ExportJob}:
        policy = policy_for(model)
        every_row = frozenset(
            role
            for role in SCOPED_ROLES
            if role in policy.read_roles and (policy.read_all_roles is None or role in policy.read_all_roles)
        )
        if model is Notification:
            every_row = frozenset()  # can_view is overridden: each user reads their own
        assert every_row == READ_BY_EVERY_ROW.get(model, frozenset()), model.__name__
    assert ALL_ROLES >= EVERY_SCOPED_ROLE


@pytest.mark.parametrize("name, more", list(cases()))
def test_another_scope_cannot_read_or_write_the_object(world, name, more):
    problems, changed, url = visit(world, name, more)
    assert not problems, "\n".join(problems)
    assert not changed, f"refused requests to {url} changed {changed}"


def test_the_check_sees_a_leak(world, monkeypatch):
    """The check can fail: let every 招商小分队 member read every lead, and it says so."""
    from investment.policies import InvestmentLeadPolicy

    monkeypatch.setattr(InvestmentLeadPolicy, "read_all_roles", None)
    problems, _changed, url = visit(world, "investment:lead_detail", {})
    assert f"{Role.INVESTMENT_TEAM} GET {url} → 200" in problems
    assert any("shows" in problem for problem in problems)


def visit(world, name, more):
    """Send every scoped role's GET and writes to the pattern's URL: (problems, changed tables, url)."""
    model = OBJECT_URLS[name]
    obj = world.objects[model]
    assert obj is not None, f"the demo has no {model.__name__} to visit"
    url = reverse(name, kwargs={**object_kwargs(name, obj), **more})
    secrets = markers(obj)
    is_api = name.startswith("api:")
    clients = {}
    for role, user in world.attackers.items():
        client = Client()
        client.force_login(user)
        clients[role] = client

    # the control: the office (the owner, for what is private to one user) finds the object at
    # the URL, so a 404 below is the row scope's doing, not a URL that names nothing
    control = Client()
    control.force_login(OWNERS.get(model, lambda o: world.office)(obj))
    status = control.get(url).status_code
    assert status != 404, f"the control GET {url} → 404: the URL names no object"

    before = database_fingerprint()
    problems = []
    for role, client in clients.items():
        response = client.get(url)
        if not readable_by_every_row(model, role):
            body = body_of(response)
            if response.status_code not in REFUSED:
                problems.append(f"{role} GET {url} → {response.status_code}")
            leaked = [marker for marker in secrets if marker in body]
            if leaked:
                problems.append(f"{role} GET {url} shows {leaked}")
        writes = [("post", {})]
        if is_api:
            writes += [("put", {}), ("patch", {}), ("delete", None)]
        for method, data in writes:
            if is_api:
                response = getattr(client, method)(url, data=data, content_type="application/json")
            else:
                response = getattr(client, method)(url, data or {})
            if response.status_code not in REFUSED:
                problems.append(f"{role} {method.upper()} {url} → {response.status_code}")
    after = database_fingerprint()
    changed = sorted(table for table in before if before[table] != after.get(table))
    return problems, changed, url


# -- what a page everyone reads must not carry along ----------------------------------------
#: rows hanging off a project that only their scope reads, and what would give each away on a page
SCOPED_ON_A_PROJECT = {
    "lead": (InvestmentLead, lambda o: [o.get_absolute_url()]),
    "element_request": (
        ElementRequest,
        lambda o: [reverse("investment:element_detail", args=[o.pk]), o.title],
    ),
    "issue": (LedgerIssue, lambda o: [o.get_absolute_url(), o.title]),
    "approval_case": (ApprovalCase, lambda o: [o.get_absolute_url(), o.code]),
    "assessment": (ProjectAssessment, lambda o: [reverse("assessment:result_detail", args=[o.pk])]),
    "tolerance": (
        FaultToleranceApplication,
        lambda o: [reverse("assessment:tolerance_detail", args=[o.pk])],
    ),
}
#: the project's pages every role reads
PROJECT_PAGES = (
    "projects:project_detail",
    "projects:task_force",
    "projects:report_list",
    "api:project-detail",
)


@pytest.mark.parametrize("kind", sorted(SCOPED_ON_A_PROJECT))
def test_a_project_page_everyone_reads_does_not_show_another_scope_s_rows(world, kind):
    model, give_away = SCOPED_ON_A_PROJECT[kind]
    row = model.objects.exclude(project=None).order_by("pk").first()
    assert row is not None, f"the demo has no {model.__name__} on a project"
    secrets = give_away(row)
    problems = []
    for name in PROJECT_PAGES:
        url = reverse(name, args=[row.project_id])
        for role, user in world.attackers.items():
            client = Client()
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            leaked = [secret for secret in secrets if secret in body_of(response)]
            if leaked:
                problems.append(f"{role} GET {url} shows {model.__name__} {row.pk}: {leaked}")
    assert not problems, "\n".join(problems)
