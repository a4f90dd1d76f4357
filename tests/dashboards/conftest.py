"""A small city for the dashboards: projects in two towns and industries at every interesting
stage, this year's reports, reserve entries, ledger issues at several levels, an approval case
and a published assessment."""

import datetime
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from accounts.roles import Role
from issues.choices import IssueLevel, IssueStatus
from issues.models import IssueCategory, LedgerIssue
from projects.choices import ProjectStage, ProjectType
from tests.factories import (
    DepartmentFactory,
    IndustryFactory,
    ProgressReportFactory,
    ProjectFactory,
    ReserveEntryFactory,
    TaskForceFactory,
    TownFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def today():
    return timezone.localdate()


def issue(project, unit, *, level=IssueLevel.UNIT, status=IssueStatus.ASSIGNED, late=False, leader=None):
    """A ledger issue straight into the table (the services' rules are tested in tests/issues)."""
    now = today()
    return LedgerIssue.objects.create(
        project=project,
        title=f"{project.name}的问题{LedgerIssue.objects.count() + 1}",
        category=IssueCategory.objects.order_by("pk").first(),
        raised_by=UserFactory(),
        raised_on=now - datetime.timedelta(days=30),
        responsible_unit=unit,
        leader=leader,
        deadline=now - datetime.timedelta(days=3) if late else now + datetime.timedelta(days=10),
        level=level,
        status=status,
    )


def report(project, month, *, status="submitted", year=None, amount=Decimal("1000")):
    """A monthly report of ``month`` (this year by default) worth ``amount`` + 500 万元."""
    start = datetime.date(year or today().year, month, 1)
    return ProgressReportFactory(project=project, period_start=start, status=status, construction=amount)


class City:
    def __init__(self):
        self.town_a, self.town_b = TownFactory(name="测试永安镇"), TownFactory(name="测试大瑶镇")
        self.ind_a, self.ind_b = IndustryFactory(name="测试新材料"), IndustryFactory(name="测试文旅")
        self.unit, self.other_unit = (
            DepartmentFactory(name="测试住建局"),
            DepartmentFactory(name="测试水利局"),
        )
        self.office = UserFactory(roles=[Role.KEY_OFFICE])
        self.leader = UserFactory(roles=[Role.CITY_LEADER], full_name="测试市领导")
        self.other_leader = UserFactory(roles=[Role.CITY_LEADER])
        self.staff = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=self.unit)
        now = today()
        # 在建, this year's plan already done: green; 前期, planned start missed 4 months ago: red
        self.built = ProjectFactory(
            name="测试新材料产业园",
            project_type=ProjectType.INDUSTRIAL,
            stage=ProjectStage.CONSTRUCTION,
            industry=self.ind_a,
            town=self.town_a,
            responsible_unit=self.unit,
            annual_plan_investment=Decimal("1500"),
            planned_start=datetime.date(now.year - 1, 3, 1),
            actual_start=datetime.date(now.year - 1, 3, 1),
        )
        self.late = ProjectFactory(
            name="测试文旅综合体",
            project_type=ProjectType.INFRASTRUCTURE,
            stage=ProjectStage.PREPARATION,
            industry=self.ind_b,
            town=self.town_b,
            responsible_unit=self.other_unit,
            annual_plan_investment=Decimal("9000"),
            planned_start=now - datetime.timedelta(days=130),
        )
        self.pooled = ReserveEntryFactory(
            project__name="测试储备民生项目",
            project__project_type=ProjectType.LIVELIHOOD,
            project__industry=self.ind_b,
            project__town=self.town_a,
            project__annual_plan_investment=Decimal("0"),
            tier="mid",
        ).project
        TaskForceFactory(project=self.built, leader=self.leader)
        TaskForceFactory(project=self.late, leader=self.other_leader)
        # this year's counted reports: January 1,500 + 1,500; a draft and last year's do not count
        report(self.built, 1)
        report(self.late, 1)
        report(self.built, 1, year=now.year - 1)
        self.draft = report(self.late, 1, status="draft", year=now.year - 2)
        # ledger: open in time (level 1), open and late (level 3, led by the leader), closed
        self.in_time = issue(self.built, self.unit)
        self.overdue = issue(
            self.late, self.other_unit, level=IssueLevel.LEADER, late=True, leader=self.leader
        )
        self.closed = issue(
            self.late, self.other_unit, status=IssueStatus.CLOSED, late=True, leader=self.leader
        )

    @property
    def projects(self):
        return [self.built, self.late, self.pooled]


@pytest.fixture
def city(db):
    return City()


# -- reading a dashboard's links ---------------------------------------------------------------------

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*\bdata-drill\b')


def drill_links(response):
    """Every figure's link on the page (``data-drill``) and every chart point's URL."""
    html = response.content.decode()
    links = {unescape(href) for href in HREF.findall(html)}
    for script in re.findall(r'<script id="chart-[^"]+" type="application/json">(.*?)</script>', html, re.S):
        for series in json.loads(script)["series"]:
            links.update(point["url"] for point in series["data"] if point.get("url"))
    return links
