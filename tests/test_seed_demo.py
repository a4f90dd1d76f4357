"""seed_demo: the demo data a first start shows, and that running it twice changes nothing."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role
from liuyang.policies import policy_for
from projects.choices import ProjectStage, ProjectType
from projects.models import Industry, Project, TaskForce, TaskForceMember
from reserve import services
from reserve.choices import Decision, EntryStatus, MoveKind, PlanCategory, PlanSource, RoundStatus, Tier
from reserve.models import AnnualPlan, EvaluationRound, ReserveEntry, ReserveMove, Score

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


@pytest.fixture
def seeded(db):
    return seed()


def test_refuses_a_server_database_without_debug_unless_told(db, settings, monkeypatch):
    """Public demo passwords must not land in production by accident."""
    from django.db import connection

    settings.DEBUG = False
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("seed_demo", stdout=StringIO())
    assert not Project.objects.exists()
    assert not User.objects.exists()


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


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    counts = {label: len(rows) for label, rows in before.items()}
    # One creation per project; every later record is a stage change the pool made (谋划→储备, 出库).
    assert Project.history.filter(history_type="+").count() == 60
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
    projects = list(Project.objects.select_related("town"))
    assert len(projects) == 60
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
    assert len(entries) == 26
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
