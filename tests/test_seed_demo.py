"""seed_demo: the demo data a first start shows, and that running it twice changes nothing.

The demo is loaded once per module (``seeded_once``) inside a transaction that is
rolled back at the end; each test runs in a savepoint within it, as usual. Site
photos go to a temporary MEDIA_ROOT.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role
from liuyang.policies import policy_for
from projects.choices import Light, MeetingFrequency, MilestoneStatus, ProjectStage, ProjectType, ReportStatus
from projects.models import (
    ActionItem,
    Industry,
    Milestone,
    MilestoneTemplate,
    ProgressReport,
    Project,
    ReportPhoto,
    TaskForce,
    TaskForceMember,
)
from projects.services.lights import reasons, with_lights
from projects.services.meetings import next_meeting_date
from projects.services.reports import with_completed, with_cumulative
from reserve import services
from reserve.choices import Decision, EntryStatus, MoveKind, PlanCategory, PlanSource, RoundStatus, Tier
from reserve.models import AnnualPlan, EvaluationRound, ReserveEntry, ReserveMove, Score
from tests.demo import demo_loaded

PASSWORD = "Liuyang@2026"

# GB/T 2260 codes of Liuyang's streets and towns (china-division 2.7.0, streets.csv), kept
# here independently of liuyang/demo/places.py so that an edit there cannot pass unnoticed.
TOWN_CODES = {
    "430181001": "淮川街道",
    "430181002": "集里街道",
    "430181003": "荷花街道",
    "430181004": "关口街道",
    "430181102": "社港镇",
    "430181104": "官渡镇",
    "430181105": "张坊镇",
    "430181106": "达浒镇",
    "430181107": "沿溪镇",
    "430181108": "古港镇",
    "430181109": "永和镇",
    "430181110": "大瑶镇",
    "430181111": "金刚镇",
    "430181112": "文家市镇",
    "430181114": "枨冲镇",
    "430181115": "镇头镇",
    "430181116": "普迹镇",
    "430181117": "永安镇",
    "430181118": "北盛镇",
    "430181120": "龙伏镇",
    "430181121": "澄潭江镇",
    "430181122": "中和镇",
    "430181123": "柏加镇",
    "430181124": "洞阳镇",
    "430181125": "大围山镇",
    "430181126": "沙市镇",
    "430181127": "淳口镇",
    "430181128": "高坪镇",
    "430181130": "官桥镇",
    "430181131": "葛家镇",
    "430181132": "蕉溪镇",
    "430181201": "小河乡",
}

DEMO_ROLES = {
    "office": Role.KEY_OFFICE,
    "leader": Role.CITY_LEADER,
    "taskforce": Role.TASK_FORCE_STAFF,
    "taskforce2": Role.TASK_FORCE_STAFF,
    "dept": Role.DEPARTMENT_STAFF,
    "investment": Role.INVESTMENT_TEAM,
    "commissioner": Role.SERVICE_COMMISSIONER,
    # the approval clerks of the catalogue's other departments
    "dept_nr": Role.DEPARTMENT_STAFF,
    "dept_env": Role.DEPARTMENT_STAFF,
    "dept_housing": Role.DEPARTMENT_STAFF,
    "dept_water": Role.DEPARTMENT_STAFF,
    "dept_defense": Role.DEPARTMENT_STAFF,
    "dept_met": Role.DEPARTMENT_STAFF,
    "dept_urban": Role.DEPARTMENT_STAFF,
    "dept_power": Role.DEPARTMENT_STAFF,
}


def seed():
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def concrete_models():
    """Every table Django manages, auto-created m2m tables and history tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def snapshot():
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values()) for model in concrete_models()
    }


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for the module, photos in a temporary MEDIA_ROOT; roll it all back after."""
    with demo_loaded(django_db_blocker, tmp_path_factory, seed) as (output, _media_root):
        yield output


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def test_refuses_a_server_database_without_debug_unless_told(db, settings, monkeypatch):
    """Public demo passwords must not land in production by accident."""
    from django.db import connection

    projects, users = Project.objects.count(), User.objects.count()
    settings.DEBUG = False
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("seed_demo", stdout=StringIO())
    assert (Project.objects.count(), User.objects.count()) == (projects, users)


#: the reserve tables (and their history) the demo fills; a second run must leave them alone too
RESERVE_TABLES = [
    "reserve.ReserveEntry",
    "reserve.HistoricalReserveEntry",
    "reserve.ReserveMove",
    "reserve.EvaluationRound",
    "reserve.HistoricalEvaluationRound",
    "reserve.EvaluationRound_evaluators",
    "reserve.RoundCriterion",
    "reserve.RoundItem",
    "reserve.HistoricalRoundItem",
    "reserve.Score",
    "reserve.HistoricalScore",
    "reserve.AnnualPlan",
    "reserve.HistoricalAnnualPlan",
    "reserve.AnnualPlanItem",
    "reserve.HistoricalAnnualPlanItem",
]


#: the task forces' work (and its history) the demo fills through projects.services
WORK_TABLES = [
    "projects.Milestone",
    "projects.HistoricalMilestone",
    "projects.ProgressReport",
    "projects.HistoricalProgressReport",
    "projects.ReportPhoto",
    "projects.HistoricalReportPhoto",
    "projects.DispatchMeeting",
    "projects.HistoricalDispatchMeeting",
    "projects.DispatchMeeting_attendees",
    "projects.ActionItem",
    "projects.HistoricalActionItem",
]


#: the approval cases (and their history) the demo replays through approvals.services
APPROVAL_TABLES = [
    "approvals.ApprovalCase",
    "approvals.HistoricalApprovalCase",
    "approvals.ApprovalCase_items",
    "approvals.ApprovalTask",
    "approvals.HistoricalApprovalTask",
    "approvals.TaskMove",
    "approvals.CaseMaterial",
    "approvals.HistoricalCaseMaterial",
    "approvals.Supplement",
    "approvals.HistoricalSupplement",
]


#: the demo ledger (and its history) replayed through issues.services, with the Monday sweeps
ISSUE_TABLES = [
    "issues.LedgerIssue",
    "issues.HistoricalLedgerIssue",
    "issues.IssueJournal",
    "issues.IssueEvidence",
    "issues.HistoricalIssueEvidence",
    "issues.EscalationStep",
    "issues.OverdueFlag",
]
ASSESSMENT_TABLES = [
    "assessment.AssessmentPeriod",
    "assessment.ProjectAssessment",
    "assessment.HistoricalProjectAssessment",
    "assessment.IndicatorResult",
    "assessment.HistoricalIndicatorResult",
    "assessment.FaultToleranceApplication",
]
#: 精准招商: the map and funds (reference data) and the leads and element requests replayed
#: through investment.services
INVESTMENT_TABLES = [
    "investment.IndustryChain",
    "investment.HistoricalIndustryChain",
    "investment.ChainLink",
    "investment.HistoricalChainLink",
    "investment.InvestmentTeam",
    "investment.HistoricalInvestmentTeam",
    "investment.InvestmentTeam_members",
    "investment.InvestmentLead",
    "investment.HistoricalInvestmentLead",
    "investment.LeadJournal",
    "investment.Fund",
    "investment.HistoricalFund",
    "investment.Fund_focus_industries",
    "investment.FundInvestment",
    "investment.HistoricalFundInvestment",
    "investment.ElementRequest",
    "investment.HistoricalElementRequest",
]
#: the demo's 60 projects, and the two investment leads signed into the pool (leads.sign)
DEMO_PROJECTS, SIGNED_FROM_LEADS = 60, 2


def signed_from_leads():
    return Project.objects.filter(investment_lead__isnull=False).exclude(code__startswith="LY2024-")


def media_files():
    from django.conf import settings

    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    files = media_files()
    counts = {label: len(rows) for label, rows in before.items()}
    for label in WORK_TABLES + APPROVAL_TABLES + ISSUE_TABLES + ASSESSMENT_TABLES + INVESTMENT_TABLES:
        assert counts[label] > 0, f"the demo left {label} empty"
    letters = sum(bool(row["promise_letter"]) for row in before["approvals.ApprovalCase"])
    evidence = counts["issues.IssueEvidence"]
    figures = sum(bool(row["evidence"]) for row in before["assessment.IndicatorResult"])
    assert figures > 0
    assert (
        len(files)
        == 3 * counts["projects.ReportPhoto"]
        + counts["approvals.CaseMaterial"]
        + letters
        + evidence
        + figures
    )
    # One creation per project; every later record is a stage change the pool made (谋划→储备, 出库).
    assert Project.history.filter(history_type="+").count() == DEMO_PROJECTS + SIGNED_FROM_LEADS
    move_reasons = set(ReserveMove.objects.values_list("entry__project", "reason"))
    for record in Project.history.filter(history_type="~"):
        assert (record.id, record.history_change_reason) in move_reasons, record
    for label in RESERVE_TABLES:
        assert counts[label] > 0, f"the demo left {label} empty"
    assert counts["accounts.HistoricalUser"] == User.objects.count()
    updated = Project.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()

    output = seed()

    after = snapshot()
    assert {label: len(rows) for label, rows in after.items()} == counts, "a second run added or removed rows"
    assert after == before, "a second run modified rows"
    assert media_files() == files, "a second run wrote files"
    assert Project.objects.order_by("-updated_at").values_list("updated_at", flat=True).first() == updated
    assert "未做任何修改" in output
    for username in ["admin", *DEMO_ROLES]:
        assert username in output
    assert PASSWORD in output


def test_demo_users_have_their_roles_units_and_password(seeded):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(PASSWORD)
    for username, role in DEMO_ROLES.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role], username
        assert user.check_password(PASSWORD), username
        assert user.full_name and user.title and user.unit_id, username
    assert User.objects.get(username="office").is_staff
    assert User.objects.get(username="office").unit.short_name == "市重点办"
    assert User.objects.get(username="leader").unit.name == "市级领导"
    assert User.objects.get(username="dept").unit.name == "市发展和改革局"
    assert User.objects.get(username="investment").unit.name == "市商务局"
    for role in Role.values:
        assert Group.objects.get(name=role).user_set.exists(), role


def test_every_town_with_its_code_and_the_units(seeded):
    towns = dict(Unit.objects.filter(kind=UnitKind.TOWN).values_list("code", "name"))
    assert towns == TOWN_CODES
    root = Unit.objects.get(name="浏阳市")
    assert root.parent is None and root.code == "430181"
    assert not Unit.objects.exclude(pk=root.pk).filter(parent__isnull=True).exists()
    office = Unit.objects.get(kind=UnitKind.KEY_OFFICE)
    assert (office.name, office.short_name) == ("市重点项目建设事务中心", "市重点办")
    for name in [
        "市发展和改革局",
        "市自然资源局",
        "长沙市生态环境局浏阳分局",
        "市住房和城乡建设局",
        "市消防救援大队",
    ]:
        assert Unit.objects.get(name=name).kind == UnitKind.DEPARTMENT
    assert Unit.objects.filter(kind=UnitKind.ENTERPRISE).count() >= 5
    assert Industry.objects.count() == 11


def test_the_seed_projects_carry_the_articles_figures(seeded):
    fireworks = Project.objects.get(name="花炮产业转型升级")
    assert fireworks.total_investment == Decimal("150000")
    assert fireworks.expected_output_value == Decimal("2000000")
    assert "100余条" in fireworks.description and "200亿" in fireworks.expected_targets

    daweishan = Project.objects.get(name="大围山生态旅游示范区")
    assert daweishan.total_investment == Decimal("200000")
    assert daweishan.town.name == "大围山镇"
    assert "50万" in daweishan.expected_targets and "200万" in daweishan.expected_targets
    assert "2亿" in daweishan.expected_targets and "15亿" in daweishan.expected_targets

    park = Project.objects.get(name="数字经济产业园")
    assert park.total_investment == Decimal("1000000")
    assert park.land_area == Decimal("1000")
    assert park.expected_output_value == Decimal("800000")
    assert "华为" in park.description and "45天" in park.description
    assert "120余家" in park.expected_targets
    assert park.responsible_unit.name == "市发展和改革局"

    precision = Project.objects.get(name="精密制造产业园")
    assert precision.total_investment == Decimal("500000")
    assert "长三角" in precision.description and "珠三角" in precision.description

    assert Project.objects.filter(industry__name="生物医药", description__contains="高压线迁改").exists()
    assert Project.objects.filter(industry__name="新材料", description__contains="先租后让").exists()
    assert Project.objects.filter(name="浏阳河文旅综合体").exists()


def test_sixty_valid_projects_across_types_industries_stages_and_towns(seeded):
    assert signed_from_leads().count() == SIGNED_FROM_LEADS
    projects = list(Project.objects.exclude(pk__in=signed_from_leads()).select_related("town"))
    assert len(projects) == DEMO_PROJECTS
    assert {p.project_type for p in projects} == set(ProjectType.values)
    assert {p.stage for p in projects} == set(ProjectStage.values)
    assert sum(p.stage == ProjectStage.REMOVED for p in projects) >= 2
    assert {p.industry_id for p in projects} == set(Industry.objects.values_list("pk", flat=True))
    assert len({p.town_id for p in projects}) >= 20
    for project in projects:
        project.full_clean()
        assert project.code.startswith("LY2024-")
        if "（示例）" in project.name:
            assert project.name.endswith("（示例）") and project.description.startswith("示例数据：")
    assert sum("（示例）" in p.name for p in projects) == 53


def test_creation_is_in_each_projects_history(seeded):
    park = Project.objects.get(name="数字经济产业园")
    record = park.history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == "演示数据初始化"


def test_task_forces_and_the_staff_scopes(seeded):
    active = Project.objects.filter(
        stage__in=[ProjectStage.RESERVE, ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION]
    )
    assert TaskForce.objects.count() == active.count()
    for task_force in TaskForce.objects.select_related("leader", "project"):
        assert task_force.project in active
        assert task_force.leader.groups.filter(name=Role.CITY_LEADER).exists()
        assert task_force.members.exists()
    assert not TaskForceMember.objects.exclude(user__groups__name=Role.TASK_FORCE_STAFF).exists()
    assert not TaskForceMember.objects.filter(duty="").exists()

    policy = policy_for(Project)
    park = Project.objects.get(name="数字经济产业园")
    daweishan = Project.objects.get(name="大围山生态旅游示范区")
    taskforce = User.objects.get(username="taskforce")
    taskforce2 = User.objects.get(username="taskforce2")
    assert policy.can_change(taskforce, park) and not policy.can_change(taskforce, daweishan)
    assert policy.can_change(taskforce2, daweishan) and not policy.can_change(taskforce2, park)
    assert park.task_force.leader.username == "leader"

    dept = User.objects.get(username="dept")
    assert policy.writable(dept).count() >= 2
    assert policy.writable(dept).count() < 60

    commissioner = User.objects.get(username="commissioner")
    assert park.service_commissioner == commissioner
    assert 0 < policy.writable(commissioner).count() < 60


# -- 精准谋划: the reserve pool, the past evaluation round, this year's plan -----------------


def test_the_pool_holds_the_planning_reserve_and_preparation_projects_across_three_tiers(seeded):
    entries = list(ReserveEntry.objects.select_related("project", "responsible_unit"))
    assert len(entries) == 26 + SIGNED_FROM_LEADS
    pooled = {e.project for e in entries}
    for project in Project.objects.filter(stage__in=[ProjectStage.RESERVE, ProjectStage.PREPARATION]):
        assert project in pooled, project
    outside = Project.objects.filter(stage=ProjectStage.PLANNING)
    assert outside.exists() and not outside.filter(reserve_entry__isnull=False).exists()
    in_pool = [e for e in entries if e.status == EntryStatus.IN_POOL]
    assert {e.tier for e in in_pool} == set(Tier.values)
    assert {e.status for e in entries} == set(EntryStatus.values)
    for entry in entries:
        assert entry.responsible_unit and entry.responsible_person, entry
        assert entry.time_nodes and entry.expected_goals, entry
        assert entry.target_start == entry.project.planned_start, entry
        assert entry.entered_on < date(2026, 11, 1), entry
        enter = entry.moves.order_by("pk").first()
        assert (enter.kind, enter.to_tier, enter.actor.username) == (
            MoveKind.ENTER,
            entry.history.earliest().tier,
            "office",
        )
        assert enter.reason


def test_the_pool_entries_carry_the_articles_facts(seeded):
    river = ReserveEntry.objects.get(project__name="浏阳河文旅综合体")
    assert (river.responsible_unit.name, river.responsible_person) == ("市文化旅游广电体育局", "易红梅")
    assert "白天看景、晚上看花" in river.expected_goals and "2027年3月开工" in river.time_nodes
    assert [m.kind for m in river.moves.order_by("pk")] == [MoveKind.ENTER, MoveKind.CHANGE_TIER]
    assert river.tier == Tier.NEAR
    materials = ReserveEntry.objects.get(
        project__industry__name="新材料", expected_goals__contains="先租后让"
    )
    assert "先租后让" in materials.time_nodes


def test_removed_entries_keep_their_record_and_reason(seeded):
    removed = ReserveEntry.objects.filter(status=EntryStatus.REMOVED).select_related("project")
    assert removed.count() == 2
    for entry in removed:
        assert entry.project.stage == ProjectStage.REMOVED
        move = entry.moves.get(kind=MoveKind.REMOVE)
        assert "调整出库" in move.reason and move.from_tier == entry.tier
    by_round = ReserveMove.objects.filter(kind=MoveKind.REMOVE, evaluation_round__isnull=False)
    assert by_round.count() == 1 and by_round.get().entry in removed


def test_the_past_round_was_scored_decided_and_applied(seeded):
    evaluation_round = EvaluationRound.objects.get(name="2026 年一季度评估")
    assert (evaluation_round.status, evaluation_round.opened_on, evaluation_round.plan_year) == (
        RoundStatus.APPLIED,
        date(2026, 3, 20),
        2026,
    )
    assert {u.username for u in evaluation_round.evaluators.all()} == {"office", "leader", "leader2"}
    items = list(evaluation_round.items.select_related("entry"))
    criteria = evaluation_round.criteria.count()
    assert criteria >= 4
    assert Score.objects.filter(item__evaluation_round=evaluation_round).count() == len(items) * criteria * 3
    assert {i.decision for i in items} == set(Decision.values)
    for item in items:
        assert item.decision_reason and item.decided_by.username == "office"
        assert item.entry.last_evaluated_on == evaluation_round.opened_on
        assert item.entry.moves.filter(evaluation_round=evaluation_round).count() == 1, item
    results = services.round_results(evaluation_round)
    assert all(r["complete"] for r in results)
    ranked = [r["item"].decision for r in results]
    assert set(ranked[:4]) == {Decision.TO_PLAN} and ranked[-1] == Decision.REMOVE


def test_this_years_plan_has_new_starts_continuing_and_completions(seeded):
    plan = AnnualPlan.objects.get(year=2026)
    items = list(plan.items.select_related("project"))
    assert {i.category for i in items} == set(PlanCategory.values)
    construction = set(Project.objects.filter(stage=ProjectStage.CONSTRUCTION))
    continuing = {i.project for i in items if i.category == PlanCategory.CONTINUING}
    assert continuing == construction
    for name in ["花炮产业转型升级", "大围山生态旅游示范区", "数字经济产业园", "精密制造产业园"]:
        assert Project.objects.get(name=name) in continuing, name
    for item in items:
        assert item.planned_investment == item.project.annual_plan_investment > 0, item
        assert item.reason and item.project.stage != ProjectStage.REMOVED
    new_starts = [i for i in items if i.category == PlanCategory.NEW_START]
    assert {i.source for i in new_starts} == set(PlanSource.values)
    for item in new_starts:
        assert item.project.reserve_entry.status == EntryStatus.PLANNED
        assert item.project.stage == ProjectStage.PREPARATION
    by_round = [i for i in new_starts if i.source == PlanSource.EVALUATION]
    assert {i.evaluation_round.name for i in by_round} == {"2026 年一季度评估"}
    totals = services.plan_totals(plan)
    assert sum(n for _c, n, _i in totals["category"]) == len(items)
    assert sum(i for _c, _n, i in totals["category"]) == sum(i.planned_investment for i in items)


def test_some_entries_are_due_for_evaluation(seeded, settings):
    settings.RESERVE_EVALUATION_DUE_MONTHS = 6
    never_evaluated = ReserveEntry.objects.filter(services.due_q(), last_evaluated_on__isnull=True)
    assert never_evaluated.exists()
    seen_in_late_2026 = ReserveEntry.objects.filter(status=EntryStatus.IN_POOL)
    due = seen_in_late_2026.filter(services.due_q(on=date(2026, 11, 27)))
    assert 0 < due.count() < seen_in_late_2026.count()


# -- 精准服务: task forces' members, work plans, monthly reports, lights, meetings ------------------

DEMO_TODAY = date(2026, 11, 27)
LIT = [ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION]
SEED_NAMES = ["花炮产业转型升级", "大围山生态旅游示范区", "数字经济产业园", "精密制造产业园"]
SEED_NAMES += ["生物医药产业化项目", "高性能新材料产业化项目", "浏阳河文旅综合体"]


def months(first, last):
    result, day = [], date(first.year, first.month, 1)
    while day <= last:
        result.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return result


def lit_projects():
    return with_lights(Project.objects.filter(stage__in=LIT).order_by("code"), today=DEMO_TODAY)


def test_the_seed_projects_task_forces_seat_the_departments_the_article_names(seeded):
    """发改、自然资源、生态环境、住建 … (seed, 3.1): every seat names the department it stands for."""
    for name in SEED_NAMES:
        units = set(TaskForce.objects.get(project__name=name).members.values_list("unit__name", flat=True))
        assert "市发展和改革局" in units and len(units) >= 3, (name, units)
    park = TaskForce.objects.get(project__name="数字经济产业园")
    assert set(park.members.values_list("unit__name", flat=True)) >= {
        "市发展和改革局",
        "市自然资源局",
        "长沙市生态环境局浏阳分局",
        "市住房和城乡建设局",
    }
    assert not TaskForceMember.objects.filter(unit__isnull=True).exists()
    for member in TaskForceMember.objects.select_related("user"):
        assert member.unit_id == member.user.unit_id
    rhythms = dict(TaskForce.objects.values_list("project__name", "meeting_weekday"))
    assert (rhythms["花炮产业转型升级"], rhythms["大围山生态旅游示范区"], rhythms["数字经济产业园"]) == (
        1,
        2,
        0,
    )
    assert (
        TaskForce.objects.get(project__name="浏阳河文旅综合体").meeting_frequency == MeetingFrequency.BIWEEKLY
    )


def test_every_lit_project_has_a_work_plan_from_its_template_at_a_realistic_stage(seeded):
    statuses = Counter()
    for project in Project.objects.filter(stage__in=LIT):
        template = MilestoneTemplate.objects.get(project_type=project.project_type)
        nodes = list(project.milestones.with_status(today=DEMO_TODAY).order_by("sort_order"))
        assert [n.name for n in nodes] == list(template.items.values_list("name", flat=True)), project
        first = nodes[0].history.earliest()
        assert first.history_change_reason == f"套用模板“{template.name}”"
        assert nodes[0].history.latest().history_change_reason == "演示数据初始化"
        for node in nodes:
            assert node.planned_date and node.owner_id and node.owner_unit_id, node
            assert node.actual_date is None or node.actual_date < DEMO_TODAY, node
            assert node.actual_date is None or node.started_on <= node.actual_date, node
            statuses[node.status_code] += 1
        if project.stage == ProjectStage.CONSTRUCTION:
            assert nodes[0].status_code == MilestoneStatus.DONE, project
        else:  # nothing built yet
            assert not any(n.actual_date for n in nodes if n.phase == "construction" and n.name != "拆迁")
    assert statuses[MilestoneStatus.DONE] > statuses[MilestoneStatus.NOT_STARTED] > 0
    assert statuses[MilestoneStatus.IN_PROGRESS] >= 20
    assert 0 < statuses[MilestoneStatus.OVERDUE] <= 10
    land = Milestone.objects.get(project__name="数字经济产业园", name="土地征收")
    assert (land.owner.username, land.owner_unit.name) == ("tf_land", "市自然资源局")
    first_phase = Milestone.objects.get(project__name="数字经济产业园", name="部分投产")
    assert first_phase.actual_date == date(2023, 3, 28) and "80亿" in first_phase.note


def test_projects_under_construction_report_every_month_since_they_started(seeded):
    for project in Project.objects.filter(stage=ProjectStage.CONSTRUCTION):
        periods = list(project.reports.order_by("period_start").values_list("period_start", flat=True))
        last = (
            date(2026, 10, 1)
            if project.name.startswith(("新型显示模组项目", "城东区域医疗中心"))
            else date(2026, 11, 1)
        )
        assert periods == months(project.actual_start, last), project
        assert len(periods) >= 12, project
    for project in Project.objects.filter(stage=ProjectStage.PREPARATION):
        periods = list(project.reports.order_by("period_start").values_list("period_start", flat=True))
        assert periods == months(date(2026, 1, 1), date(2026, 11, 1)), project
    assert not ProgressReport.objects.exclude(project__stage__in=LIT).exists()
    assert ProgressReport.objects.count() >= 23 * 13


def test_reports_are_accepted_the_latest_submitted_and_one_returned_with_its_comment(seeded):
    counts = Counter(ProgressReport.objects.values_list("status", flat=True))
    assert set(counts) == {ReportStatus.ACCEPTED, ReportStatus.SUBMITTED, ReportStatus.RETURNED}
    assert counts[ReportStatus.RETURNED] == 1
    assert counts[ReportStatus.SUBMITTED] == Project.objects.filter(stage__in=LIT).count()
    for project in Project.objects.filter(stage__in=LIT):
        latest = project.reports.order_by("-period_start").first()
        assert latest.status == ReportStatus.SUBMITTED and latest.submitted_by.username in (
            "taskforce",
            "taskforce2",
        )
    returned = ProgressReport.objects.get(status=ReportStatus.RETURNED)
    assert (returned.project.name, returned.period_start) == ("精密制造产业园", date(2026, 10, 1))
    assert "付款凭证" in returned.review_comment and returned.reviewed_by.username == "office"
    assert [r.history_change_reason for r in returned.history.order_by("history_date")] == [
        "提交进度",
        f"退回：{returned.review_comment}",
    ]
    accepted = ProgressReport.objects.filter(status=ReportStatus.ACCEPTED).first()
    assert [r.history_change_reason for r in accepted.history.order_by("history_date")] == [
        "提交进度",
        "采纳",
    ]


def test_the_reports_figures_add_up_and_follow_the_seed(seeded):
    rows = list(with_cumulative(ProgressReport.objects.select_related("project")))
    for report in rows:
        parts = report.construction + report.installation + report.equipment + report.other
        assert report.period_total == parts > 0, report
        assert report.cumulative_total <= report.project.total_investment, report
        assert report.physical_progress and 0 <= report.percent_complete <= 100, report
    totals = {p.name: p for p in with_completed(Project.objects.filter(name__in=SEED_NAMES), year=2026)}
    fireworks = totals["花炮产业转型升级"]  # 15亿 of "机器换人", done by the end of 2026
    assert Decimal("140000") <= fireworks.completed_total <= fireworks.total_investment == Decimal("150000")
    assert "机器换人" in fireworks.reports.latest("period_start").physical_progress
    park = totals["数字经济产业园"]  # 100亿 in all, still building in 2027
    assert park.total_investment == Decimal("1000000")
    assert Decimal("700000") < park.completed_total < Decimal("900000")
    assert park.completed_ytd > park.annual_plan_investment * Decimal("0.9")
    latest = park.reports.latest("period_start")
    assert latest.percent_complete == (park.completed_total * 100 / park.total_investment).quantize(
        Decimal("0.1")
    )


def test_the_lights_come_out_mostly_green_some_yellow_a_few_red(seeded):
    projects = list(lit_projects())
    lights = Counter(p.light for p in projects)
    assert lights[Light.GREEN] >= 2 * len(projects) // 3
    assert 5 <= lights[Light.YELLOW] <= 9
    assert 2 <= lights[Light.RED] <= 4
    by_name = {p.name.removesuffix("（示例）"): p for p in projects}
    assert by_name["花炮产业转型升级"].light == by_name["数字经济产业园"].light == Light.GREEN
    assert (
        by_name["精密制造产业园"].light == Light.YELLOW
    )  # its October report was returned: it does not count
    overdue = by_name["工程机械关键零部件项目"]
    assert (overdue.light, reasons(overdue, today=DEMO_TODAY)) == (Light.YELLOW, ["2 个节点逾期"])
    late = by_name["医疗器械产业园二期"]
    assert late.light == Light.YELLOW and "计划开工日期（2026-10-15）" in reasons(late, today=DEMO_TODAY)[0]
    stalled = by_name["用户侧储能电站"]
    assert stalled.light == Light.RED and "3 个节点逾期" in reasons(stalled, today=DEMO_TODAY)


def test_dawei_mountain_is_18_points_behind_the_prorated_plan(seeded):
    project = lit_projects().get(name="大围山生态旅游示范区")
    assert (project.light, reasons(project, today=DEMO_TODAY)) == (Light.YELLOW, ["落后序时进度 18 个百分点"])


def test_the_seed_projects_latest_reports_carry_site_photos(seeded):
    photos = ReportPhoto.objects.select_related("report__project")
    assert photos.count() == 12
    for photo in photos:
        assert photo.report.period_start == date(2026, 11, 1) and photo.caption.startswith("11月")
        assert (photo.width, photo.height) == (480, 360)
        for image in (photo.original, photo.display, photo.thumbnail):
            assert Path(image.path).is_file(), image.name
    assert {p.report.project.name for p in photos} == set(SEED_NAMES) - {"浏阳河文旅综合体"}


def test_task_forces_met_on_their_weekday_with_decisions_and_action_items(seeded):
    for task_force in TaskForce.objects.filter(project__stage__in=LIT).select_related("project"):
        meetings = list(task_force.meetings.order_by("held_on"))
        assert len(meetings) == (4 if task_force.project.name in SEED_NAMES else 2), task_force
        for meeting in meetings:
            assert meeting.held_on <= DEMO_TODAY and meeting.held_on.weekday() == task_force.meeting_weekday
            assert meeting.minutes and meeting.decisions and meeting.chair == task_force.leader
            attendees = set(meeting.attendees.all())
            assert task_force.leader in attendees
            assert {m.user for m in task_force.members.all()} <= attendees
            assert meeting.action_items.exists()
        assert meetings[-1].held_on > DEMO_TODAY - timedelta(days=14)
    items = list(ActionItem.objects.select_related("meeting"))
    assert all(i.owner_id and i.owner_unit_id and i.due_date > i.meeting.held_on for i in items)
    assert all(i.done_on is None or i.meeting.held_on <= i.done_on < DEMO_TODAY for i in items)
    assert sum(i.done_on is not None for i in items) > len(items) // 2
    overdue = [i for i in items if i.done_on is None and i.due_date < DEMO_TODAY]
    assert [(i.meeting.task_force.project.name, i.title) for i in overdue] == [
        ("数字经济产业园", "协调供电公司完成二期10kV专线接入方案")
    ]
    park = TaskForce.objects.get(project__name="数字经济产业园")
    assert next_meeting_date(park, DEMO_TODAY) == date(2026, 11, 30)
