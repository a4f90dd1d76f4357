"""The synthetic Liuyang's projects, built fast with bulk_create: benchmark data, not demo data.

``reset`` empties every account, project, reserve-pool and approvals table; ``bench.people``
then creates the units, industries and users; ``grow_to`` adds projects (each
with its task force, members and history) until there are ``n``; ``bench.pool``
gives each its reserve entry. Project *i* is the same
whatever sizes a run grows through: its random stream is seeded by *i*.
"""

import math
import random
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, transaction

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role
from projects.choices import PolicyTag, ProjectStage, ProjectType
from projects.models import Industry, Project, TaskForce, TaskForceMember

from . import names
from .people import person, phone

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: "today" of the synthetic city, fixed so every run builds the same rows
TODAY = date(2026, 6, 30)
BATCH = 1000

TYPE_WEIGHTS = {ProjectType.INDUSTRIAL: 55, ProjectType.INFRASTRUCTURE: 30, ProjectType.LIVELIHOOD: 15}
STAGE_WEIGHTS = {
    ProjectStage.PLANNING: 8,
    ProjectStage.RESERVE: 10,
    ProjectStage.PREPARATION: 20,
    ProjectStage.CONSTRUCTION: 42,
    ProjectStage.COMPLETED: 10,
    ProjectStage.OPERATING: 7,
    ProjectStage.REMOVED: 3,
}
STARTED = {ProjectStage.CONSTRUCTION, ProjectStage.COMPLETED, ProjectStage.OPERATING}
FINISHED = {ProjectStage.COMPLETED, ProjectStage.OPERATING}
#: median total investment (万元) and spread of its log-normal distribution, by type
INVESTMENT = {
    ProjectType.INDUSTRIAL: (30000, 1.1),
    ProjectType.INFRASTRUCTURE: (20000, 1.0),
    ProjectType.LIVELIHOOD: (8000, 0.9),
}
#: departments (by short name) that answer for each type of project
RESPONSIBLE = {
    ProjectType.INDUSTRIAL: [
        "浏阳经开区",
        "浏阳高新区",
        "两型产业园",
        "工信局",
        "商务局",
        "发改局",
        "农业农村局",
    ],
    ProjectType.INFRASTRUCTURE: ["交通局", "水利局", "住建局", "城建集团", "城管局", "发改局"],
    ProjectType.LIVELIHOOD: ["教育局", "卫健局", "民政局", "住建局", "文旅广体局"],
}
POLICY_ODDS = {
    PolicyTag.CHANGSHA_KEY: 0.30,
    PolicyTag.PROVINCIAL_KEY: 0.10,
    PolicyTag.NATIONAL_14TH_FYP: 0.20,
    PolicyTag.HUNAN_SANGAO_SIXIN: 0.20,
    PolicyTag.NATIONAL_PILOT: 0.03,
    PolicyTag.PROVINCIAL_PILOT: 0.06,
}
ROADS = ["金阳大道", "永安大道", "康天路", "健康大道", "北园路", "湘赣大道", "天马山路", "人民路", "花炮大道"]
DUTIES = ["联络员", "要素保障", "审批服务", "征拆协调", "安全监管", "资金保障"]
#: every TASK_FORCE_EVERY-th project has the benchmark's task-force user among its members
TASK_FORCE_EVERY = 40
#: ``bench_member`` (我的项目) sits in every MEMBER_EVERY-th of the first MEMBER_SPAN projects:
#: the same ten projects at every size, so their page compares like with like
MEMBER_SPAN, MEMBER_EVERY = 100, 10


#: tables of those apps that ``reset`` keeps: the evaluation criteria and the work-plan templates
#: come with the migrations, the working-day overrides are the office's. (The approval catalogue
#: points at departments, so it goes with the units; ``bench.approvals.prepare`` restores it.)
KEEP = {
    "reserve.EvaluationCriterion",
    "reserve.HistoricalEvaluationCriterion",
    "projects.MilestoneTemplate",
    "projects.HistoricalMilestoneTemplate",
    "projects.MilestoneTemplateItem",
    "approvals.WorkdayOverride",
}


def reset():
    """Empty the account, project, reserve and approvals tables (and whatever points at them); restart ids."""
    tables = {"django_session"}
    for label in ("accounts", "projects", "reserve", "approvals"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label not in KEEP:
                tables.add(model._meta.db_table)
    # a model whose migration is still being written has no table yet
    tables &= set(connection.introspection.table_names())
    quoted = ", ".join(connection.ops.quote_name(t) for t in sorted(tables))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


class _Context:
    """What ``grow_to`` draws from, loaded once per growth step."""

    def __init__(self):
        units = list(Unit.objects.order_by("pk"))
        self.towns = [u for u in units if u.kind == UnitKind.TOWN]
        self.town_weights = [w for _name, _code, w in names.TOWNS]
        by_short = {u.short_name: u for u in units if u.kind == UnitKind.DEPARTMENT}
        self.responsible = {t: [by_short[s] for s in shorts] for t, shorts in RESPONSIBLE.items()}
        self.enterprises = [u.name for u in units if u.kind == UnitKind.ENTERPRISE]
        industries = {i.name: i for i in Industry.objects.all()}
        self.industries = {
            t: (
                [industries[n] for n, it, _w in names.INDUSTRIES if it == t],
                [w for _n, it, w in names.INDUSTRIES if it == t],
            )
            for t in ProjectType.values
        }
        users = User.objects.prefetch_related("groups").order_by("pk")
        by_role = {}
        for user in users:
            for group in user.groups.all():
                by_role.setdefault(group.name, []).append(user)
        self.office = by_role[Role.KEY_OFFICE]
        self.leaders = by_role[Role.CITY_LEADER]
        self.commissioners = by_role[Role.SERVICE_COMMISSIONER]
        named = {"bench_taskforce", "bench_member"}
        self.staff = [u for u in by_role[Role.TASK_FORCE_STAFF] if u.username not in named]
        self.bench_staff = next(u for u in by_role[Role.TASK_FORCE_STAFF] if u.username == "bench_taskforce")
        self.bench_member = next(u for u in by_role[Role.TASK_FORCE_STAFF] if u.username == "bench_member")


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _money(value):
    return Decimal(max(0, round(value))).quantize(Decimal("0.01"))


def _at(day, rng):
    """A moment on ``day`` during office hours, Asia/Shanghai."""
    moment = datetime.combine(day, time(8, 30), SHANGHAI) + timedelta(minutes=rng.randrange(9 * 60))
    return moment.astimezone(UTC)


def _project(i, ctx):
    rng = random.Random(f"liuyang-bench-project-{i}")
    project_type = _weighted(rng, TYPE_WEIGHTS)
    stage = _weighted(rng, STAGE_WEIGHTS)
    industry_pool, industry_weights = ctx.industries[project_type]
    industry = rng.choices(industry_pool, weights=industry_weights)[0]
    town = rng.choices(ctx.towns, weights=ctx.town_weights)[0]
    responsible_unit = town if rng.random() < 0.25 else rng.choice(ctx.responsible[project_type])

    median, sigma = INVESTMENT[project_type]
    total = min(max(median * math.exp(rng.gauss(0, sigma)), 500), 3_000_000)
    if stage in {ProjectStage.PREPARATION, ProjectStage.CONSTRUCTION}:
        annual = total * rng.uniform(0.15, 0.6)
    elif stage in FINISHED:
        annual = total * rng.uniform(0, 0.1)
    else:
        annual = 0

    year = rng.choices([2021, 2022, 2023, 2024, 2025, 2026], weights=[4, 6, 10, 16, 22, 18])[0]
    planned_start = date(year, rng.randint(1, 12), rng.randint(1, 28))
    if stage == ProjectStage.PLANNING and rng.random() < 0.5:
        planned_start = None
    planned_completion = planned_start + timedelta(days=rng.randint(300, 1500)) if planned_start else None
    actual_start = actual_completion = None
    if stage in STARTED:
        actual_start = min((planned_start or TODAY) + timedelta(days=rng.randint(-30, 120)), TODAY)
    if stage in FINISHED:
        actual_completion = actual_start + timedelta(days=rng.randint(240, 1200))

    output = tax = jobs = None
    if project_type == ProjectType.INDUSTRIAL:
        output = total * rng.uniform(0.8, 3.0)
        tax = output * rng.uniform(0.03, 0.08)
        jobs = int(output / 100 * rng.uniform(0.5, 2))
    tags = [tag for tag, odds in POLICY_ODDS.items() if rng.random() < odds * (2 if total > 100000 else 1)]
    land = rng.uniform(5, 80) if project_type == ProjectType.LIVELIHOOD else rng.uniform(20, 500)

    if project_type == ProjectType.INDUSTRIAL:
        owner = rng.choice(ctx.enterprises)
    elif project_type == ProjectType.INFRASTRUCTURE:
        owner = rng.choice(
            ["浏阳市城市建设集团有限公司", "浏阳市交通建设投资有限公司", f"浏阳市{town.short_name}人民政府"]
        )
    else:
        owner = responsible_unit.name
    name = (
        f"{town.short_name}{industry.name}{rng.choice(names.PROJECT_SUFFIXES[project_type])}"
        f"{rng.choice(names.PHASES)}"
    )
    area = round(land * 666.7 * rng.uniform(0.8, 2.5), -2)
    description = (
        f"项目位于{town.short_name}{rng.choice(ROADS)}沿线，总用地面积约{land:.0f}亩，"
        f"总建筑面积约{area:.0f}平方米。主要建设{industry.name}相关的主体工程、配套用房及室外附属设施，"
        f"同步实施道路、给排水、供电、绿化等配套工程。"
    )
    created_day = (planned_start or TODAY) - timedelta(days=rng.randint(30, 240))
    created_at = _at(min(created_day, TODAY), rng)
    updated_at = max(created_at, _at(TODAY - timedelta(days=rng.randint(0, 180)), rng))
    project = Project(
        code=f"LY{year}{i + 1:05d}",
        name=name,
        project_type=project_type,
        industry=industry,
        stage=stage,
        description=description,
        total_investment=_money(total),
        annual_plan_investment=_money(annual),
        responsible_unit=responsible_unit,
        responsible_person=person(rng),
        responsible_phone=phone(rng),
        owner_enterprise=owner,
        town=town,
        address=f"{town.short_name}{rng.choice(ROADS)}",
        land_area=None if rng.random() < 0.1 else Decimal(f"{land:.2f}"),
        planned_start=planned_start,
        planned_completion=planned_completion,
        actual_start=actual_start,
        actual_completion=actual_completion,
        expected_output_value=_money(output) if output is not None else None,
        expected_tax=_money(tax) if tax is not None else None,
        expected_jobs=jobs,
        expected_targets="力争当年开工、当年见效。" if rng.random() < 0.3 else "",
        policy_tags=tags,
        service_commissioner=rng.choice(ctx.commissioners)
        if rng.random() < (0.7 if project_type == ProjectType.INDUSTRIAL else 0.3)
        else None,
        created_at=created_at,
        updated_at=updated_at,
    )
    project._history_date = created_at
    project._history_user = rng.choice(ctx.office)
    return project, rng


@contextmanager
def keep_timestamps(model=Project):
    """Let bulk_create store the synthetic created_at/updated_at instead of "now"."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _history(projects):
    """One "+" record per project; started projects also get the "~" that moved them to their stage."""
    created = []
    changed = []
    for project in projects:
        if project.stage in STARTED:
            snapshot = Project(
                **{f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields}
            )
            snapshot.stage = ProjectStage.PREPARATION
            snapshot.actual_start = snapshot.actual_completion = None
            snapshot._history_date = project._history_date
            snapshot._history_user = project._history_user
            created.append(snapshot)
            project._history_date = max(
                project._history_date, _at(project.actual_start, random.Random(project.pk))
            )
            project._change_reason = "项目开工"
            changed.append(project)
        else:
            created.append(project)
    Project.history.bulk_history_create(created, batch_size=BATCH)
    Project.history.bulk_history_create(changed, batch_size=BATCH, update=True)


@transaction.atomic
def grow_to(n):
    """Add projects (with task force, members and history) until there are ``n``."""
    start = Project.objects.count()
    if start >= n:
        return 0
    ctx = _Context()
    for first in range(start, n, BATCH):
        drawn = [(i, *_project(i, ctx)) for i in range(first, min(first + BATCH, n))]
        with keep_timestamps():
            Project.objects.bulk_create([p for _i, p, _rng in drawn])
        _history([p for _i, p, _rng in drawn])
        forces = []
        for i, project, rng in drawn:
            if project.stage != ProjectStage.REMOVED:
                force = TaskForce(project=project, name=f"{project.name}专班", leader=rng.choice(ctx.leaders))
                forces.append((i, force, rng))
        TaskForce.objects.bulk_create([force for _i, force, _rng in forces])
        members = []
        for i, force, rng in forces:
            people = rng.sample(ctx.staff, rng.randint(3, 7))
            if i % TASK_FORCE_EVERY == 0:
                people.append(ctx.bench_staff)
            if i < MEMBER_SPAN and i % MEMBER_EVERY == 0:
                people.append(ctx.bench_member)
            members += [
                TaskForceMember(
                    task_force=force, user=user, duty="专班班长" if k == 0 else rng.choice(DUTIES)
                )
                for k, user in enumerate(people)
            ]
        TaskForceMember.objects.bulk_create(members, batch_size=BATCH * 5)
    return n - start


def analyze(extra=()):
    """What autovacuum would do after a bulk load: fresh planner statistics."""
    tables = [
        m._meta.db_table
        for m in (Project, Project.history.model, TaskForce, TaskForceMember, Unit, User, *extra)
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")


def detail_project():
    """The project whose page is measured: the first one under construction (the same at every size)."""
    return Project.objects.filter(stage=ProjectStage.CONSTRUCTION).order_by("pk").first()
