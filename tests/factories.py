"""factory_boy factories for the platform's models.

Every factory builds a row that is valid by the model's own rules
(``projects.rules.check_project`` for projects). Roles are the groups created
by migration ``accounts/0002``: ``UserFactory(roles=[Role.KEY_OFFICE])``.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from accounts.choices import UnitKind
from accounts.models import Unit, User
from accounts.roles import Role
from projects.choices import ProjectStage, ProjectType
from projects.models import Industry, Project, TaskForce, TaskForceMember

PASSWORD = "test-pass-123"


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit of any kind; pass ``kind=UnitKind...`` or use the subclasses below."""

    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n:03d}")
    kind = UnitKind.DEPARTMENT
    sort_order = factory.Sequence(lambda n: n)


class DepartmentFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试职能部门{n:03d}")
    kind = UnitKind.DEPARTMENT


class TownFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试镇{n:03d}")
    kind = UnitKind.TOWN
    code = factory.Sequence(lambda n: f"430181{n:06d}")


class EnterpriseFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试企业{n:03d}有限公司")
    kind = UnitKind.ENTERPRISE


class KeyOfficeUnitFactory(UnitFactory):
    name = "浏阳市重点项目建设事务中心"
    kind = UnitKind.KEY_OFFICE


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``roles=[...]`` adds them to those role groups (names from ``accounts.roles.Role``)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    full_name = factory.Sequence(lambda n: f"测试用户{n:04d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    #: hashed with the fast test hasher (see conftest ``_fast_password_hasher``)
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        names = [extracted] if isinstance(extracted, str) else list(extracted)
        groups = list(Group.objects.filter(name__in=names))
        missing = set(names) - {g.name for g in groups}
        if missing:
            raise ValueError(f"unknown role group(s): {sorted(missing)}")
        self.groups.add(*groups)
        # accounts.roles caches the roles on the user object
        self.__dict__.pop("_role_cache", None)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试产业{n:03d}")
    sort_order = factory.Sequence(lambda n: n)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A valid key project: dates in order, annual plan within the total, a real town."""

    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"LY-T-{n:05d}")
    name = factory.Sequence(lambda n: f"测试重点项目{n:05d}")
    project_type = ProjectType.INDUSTRIAL
    industry = factory.SubFactory(IndustryFactory)
    stage = ProjectStage.PREPARATION
    description = "建设标准厂房及配套设施"
    total_investment = Decimal("50000.00")
    annual_plan_investment = Decimal("12000.00")
    responsible_unit = factory.SubFactory(DepartmentFactory)
    responsible_person = "张三"
    responsible_phone = "0731-83000000"
    owner_enterprise = factory.Sequence(lambda n: f"浏阳测试业主{n:03d}有限公司")
    town = factory.SubFactory(TownFactory)
    address = "浏阳经济技术开发区"
    land_area = Decimal("120.50")
    planned_start = datetime.date(2025, 3, 1)
    planned_completion = datetime.date(2027, 6, 30)
    policy_tags = factory.LazyFunction(list)


class TaskForceFactory(factory.django.DjangoModelFactory):
    """The project's task force (one per project: asking again returns the same row)."""

    class Meta:
        model = TaskForce
        django_get_or_create = ("project",)

    project = factory.SubFactory(ProjectFactory)
    name = factory.LazyAttribute(lambda tf: f"{tf.project.name}专班")
    leader = factory.SubFactory(UserFactory, roles=[Role.CITY_LEADER])


class TaskForceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskForceMember

    task_force = factory.SubFactory(TaskForceFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.TASK_FORCE_STAFF])
    duty = "联络协调"


# -- reserve (精准谋划) ---------------------------------------------------------------
# Factories build rows directly (fast, for fixtures). Tests of the pool's rules
# go through reserve.services, which is what pages and API call.


class ReserveEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reserve.ReserveEntry"

    project = factory.SubFactory(ProjectFactory, stage=ProjectStage.RESERVE)
    tier = "near"
    status = "in_pool"
    responsible_unit = factory.SelfAttribute("project.responsible_unit")
    responsible_person = "周建华"
    entered_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class EvaluationCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reserve.EvaluationCriterion"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"指标{n}")
    weight = Decimal("25")
    max_score = 100


def open_round_for(entries, evaluators, office, name="2026 年二季度评估", plan_year=2026):
    """Open a round through the service (criteria snapshot included)."""
    from reserve import services

    return services.open_round(
        name=name, plan_year=plan_year, entries=entries, evaluators=evaluators, actor=office
    )


# -- task forces, work plans, reports (精准服务) ---------------------------------------------


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Milestone"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"节点{n}")
    phase = "construction"
    planned_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A submitted monthly report of last month (figures in 万元)."""

    class Meta:
        model = "projects.ProgressReport"

    project = factory.SubFactory(ProjectFactory, stage=ProjectStage.CONSTRUCTION)
    frequency = "monthly"
    period_start = factory.LazyFunction(
        lambda: (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    )
    period_end = factory.LazyAttribute(
        lambda o: (
            (o.period_start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            - datetime.timedelta(days=1)
        )
    )
    status = "submitted"
    construction = Decimal("1000")
    installation = Decimal("200")
    equipment = Decimal("300")
    other = Decimal("0")
    physical_progress = "主体结构施工"
    percent_complete = Decimal("40")
    created_by = factory.SubFactory(UserFactory)


class DispatchMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.DispatchMeeting"

    task_force = factory.SubFactory(TaskForceFactory)
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    minutes = "听取专班进度汇报，研究解决用地问题。"
    created_by = factory.SubFactory(UserFactory)
