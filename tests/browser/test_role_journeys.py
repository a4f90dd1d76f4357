"""Each role's main journey of the day in real Chromium, from the login form, with screenshots.

One test per role; every step saves a full-page screenshot to ``$ARTIFACTS_DIR/<role>/NN-step.png``
(default ``var/artifacts/journeys/``, git-ignored) and checks that the page shows what the
role expects there: its heading, its rows, its figures. The office and the city leaders work
at a desk (1280 wide); the staff in the field on a phone (390 wide).
"""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from approvals.choices import TaskStatus
from exports.models import ExportJob
from investment.models import LeadJournal
from issues.choices import IssueStatus
from issues.models import IssueCategory, IssueJournal, LedgerIssue
from projects.choices import ReportStatus
from projects.models import ProgressReport
from tests.approvals.factories import Scene
from tests.browser.helpers import sign_in
from tests.dashboards.conftest import City, issue
from tests.factories import TaskForceMemberFactory, UserFactory
from tests.investment.factories import (
    ChainLinkFactory,
    IndustryChainFactory,
    InvestmentLeadFactory,
    InvestmentTeamFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def artifacts_dir():
    default = Path(settings.BASE_DIR) / "var" / "artifacts" / "journeys"
    return Path(os.environ.get("ARTIFACTS_DIR") or default)


class Journey:
    """A signed-in page of one role that numbers and saves its screenshots."""

    def __init__(self, chromium, base, role, viewport):
        self.base, self.role, self.step = base, role, 0
        self.context = chromium.new_context(locale="zh-CN", viewport=viewport)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.folder = artifacts_dir() / role
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def shot(self, name):
        """Save the whole page as NN-name.png; return its path."""
        self.step += 1
        self.page.wait_for_load_state("networkidle")
        path = self.folder / f"{self.step:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000, path
        return path

    def heading(self):
        return self.page.locator("main h1").first.inner_text().strip()

    def main(self):
        return self.page.locator("main").inner_text()

    def close(self):
        self.context.close()
        assert not self.errors, self.errors


@pytest.fixture
def journey(live_server, chromium, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    opened = []

    def start(role, username, viewport=DESK):
        walk = Journey(chromium, live_server.url, role, viewport)
        opened.append(walk)
        sign_in(walk.page, live_server.url, username)
        return walk

    yield start
    for walk in opened:
        walk.close()


def test_the_office_dashboard_projects_ledger_approvals_and_an_export(journey):
    city = City()
    walk = journey("key_office", city.office.username)
    page, base = walk.page, walk.base

    assert page.url == f"{base}/dashboard/"
    assert walk.heading() == "市重点办看板"
    walk.shot("dashboard")

    page.goto(f"{base}/projects/?stage=construction")
    main = walk.main()
    assert city.built.name in main and city.late.name not in main
    walk.shot("projects-under-construction")
    page.goto(f"{base}/projects/?town={city.town_b.pk}")
    main = walk.main()
    assert city.late.name in main and city.built.name not in main
    walk.shot("projects-of-a-town")

    page.goto(f"{base}/issues/ledger/")
    assert walk.heading() == "问题清零 · 问题清单"
    rows = walk.main()
    assert city.in_time.title in rows and city.overdue.title in rows
    walk.shot("ledger")

    page.goto(f"{base}/approvals/statistics/")
    assert walk.heading() == "审批统计"
    walk.shot("approval-statistics")

    page.goto(f"{base}/projects/?stage=construction")
    page.locator("form[data-export] button[type=submit]").first.click()
    page.wait_for_url("**/exports/jobs/*/")
    assert walk.heading() == "导出 Excel"
    job = ExportJob.objects.get(requested_by=city.office)
    assert job.kind == "projects" and job.params.get("stage") == ["construction"]
    walk.shot("export")


def test_a_city_leader_cockpit_a_lagging_project_and_an_issue_they_lead(journey):
    city = City()
    walk = journey("city_leader", city.leader.username)
    page, base = walk.page, walk.base

    assert page.url == f"{base}/dashboard/leader/"
    assert walk.heading() == "领导驾驶舱"
    assert page.locator("[data-figure=led-projects]").inner_text() == "1"
    # the open issue they lead, overdue (the closed one is not on their desk any more)
    assert page.locator("[data-figure=led-issues]").inner_text() == "1"
    assert page.locator("[data-figure=led-overdue]").count() == 1
    assert page.locator(f"[data-led-projects] tr[data-project='{city.built.pk}']").count() == 1
    walk.shot("cockpit")

    # the red light: the project whose planned start passed four months ago
    page.locator("[data-figure=light-red]").click()
    page.wait_for_url("**/projects/?**")
    assert city.late.name in walk.main() and city.built.name not in walk.main()
    walk.shot("red-projects")
    page.get_by_role("link", name=city.late.name).first.click()
    page.wait_for_url(f"**/projects/{city.late.pk}/")
    assert city.late.name in walk.heading()
    walk.shot("lagging-project")

    page.goto(f"{base}/dashboard/leader/")
    page.locator(f"[data-led-issues] tr[data-issue='{city.overdue.pk}'] a").first.click()
    page.wait_for_url(f"**/issues/ledger/{city.overdue.pk}/")
    assert walk.heading() == city.overdue.title
    assert city.leader.full_name in walk.main()
    walk.shot("led-issue")


def test_a_task_force_member_files_a_report_and_raises_an_issue(journey):
    city = City()
    member = TaskForceMemberFactory(
        task_force=city.built.task_force,
        user=UserFactory(roles=[Role.TASK_FORCE_STAFF], full_name="专班队员李强"),
    ).user
    walk = journey("task_force_staff", member.username, PHONE)
    page, base = walk.page, walk.base

    assert page.url == f"{base}/projects/mine/"
    assert walk.heading() == "我的项目"
    cards = page.locator("article[data-project]")
    assert cards.count() == 1 and city.built.name in cards.first.inner_text()
    walk.shot("my-projects")

    cards.first.locator("[data-action=file-report]").click()
    page.wait_for_url("**/reports/new/**")
    page.fill("input[name=construction]", "800")
    page.fill("input[name=installation]", "100")
    page.fill("input[name=equipment]", "100")
    page.fill("input[name=other]", "0")
    page.fill("textarea[name=physical_progress]", "主体结构施工至第 3 层")
    page.fill("input[name=percent_complete]", "30")
    walk.shot("report-form")
    page.click("button[name=action][value=submit]")
    page.wait_for_url("**/projects/reports/*/")
    report = ProgressReport.objects.get(project=city.built, period_start=timezone.localdate().replace(day=1))
    assert report.status == ReportStatus.SUBMITTED and report.period_total == Decimal("1000")
    assert page.locator("[data-report-status]").inner_text() == "已提交"
    walk.shot("report-submitted")

    page.goto(f"{base}/issues/ledger/add/?project={city.built.pk}")
    page.select_option("select[name=project]", str(city.built.pk))
    page.fill("input[name=title]", "施工便道占用林地需办理临时用地手续")
    page.fill("textarea[name=description]", "便道约 300 米，需林业部门出具意见")
    page.select_option("select[name=category]", str(IssueCategory.objects.order_by("pk").first().pk))
    page.select_option("select[name=responsible_unit]", str(city.unit.pk))
    page.fill("input[name=deadline]", (timezone.localdate() + datetime.timedelta(days=15)).isoformat())
    walk.shot("issue-form")
    page.get_by_role("button", name="登记并交办").click()
    page.wait_for_url("**/issues/ledger/*/")
    raised = LedgerIssue.objects.get(title="施工便道占用林地需办理临时用地手续")
    assert raised.raised_by == member and raised.responsible_unit == city.unit
    assert walk.heading() == raised.title
    walk.shot("issue-raised")


def test_a_department_clerk_acts_on_a_task_and_replies_to_an_issue(journey):
    scene = Scene()
    case = scene.submit(when=timezone.localdate())
    task = case.tasks.get(item=scene.item_a)
    assigned = issue(scene.project, scene.dept_a)
    walk = journey("department_staff", scene.staff_a.username, PHONE)
    page, base = walk.page, walk.base

    page.goto(f"{base}/approvals/inbox/")
    assert walk.heading() == "部门收件箱"
    row = page.locator(f"tr[data-task='{task.pk}']")
    assert "待审查" in row.locator("[data-task-status]").inner_text()
    assert page.locator("tr[data-task]").count() == 1  # not department B's task
    walk.shot("inbox")
    row.locator("[data-action=start]").click()
    page.wait_for_url(f"{base}/approvals/inbox/")
    assert "已开始审查" in page.locator(".app-messages").inner_text()
    task.refresh_from_db()
    assert task.status == TaskStatus.REVIEWING
    walk.shot("review-started")

    page.goto(f"{base}/issues/ledger/{assigned.pk}/")
    assert walk.heading() == assigned.title
    update = page.locator("details[data-action=update]")
    if update.get_attribute("open") is None:
        update.locator("summary").click()
    update.locator("textarea[name=text]").fill("已与业主对接，本周内完成现场踏勘")
    walk.shot("issue-reply")
    update.locator("button[type=submit]").click()
    page.wait_for_url(f"**/issues/ledger/{assigned.pk}/")
    assert "已记录办理进展" in page.locator(".app-messages").inner_text()
    assert "已与业主对接，本周内完成现场踏勘" in walk.main()
    assert IssueJournal.objects.filter(issue=assigned, text__contains="现场踏勘").exists()
    walk.shot("issue-replied")


def test_an_investment_team_member_pipeline_lead_and_journal(journey):
    member = UserFactory(roles=[Role.INVESTMENT_TEAM], full_name="招商队员王敏")
    team = InvestmentTeamFactory(name="长三角招商小分队", members=[member])
    link = ChainLinkFactory(chain=IndustryChainFactory(name="测试高端装备链"), name="精密零部件")
    lead = InvestmentLeadFactory(
        team=team, owner=member, link=link, company="苏州精密机械有限公司", project_name="测试精密制造产业园"
    )
    walk = journey("investment_team", member.username, PHONE)
    page, base = walk.page, walk.base

    page.goto(f"{base}/investment/")
    assert walk.heading() == "精准招商"
    assert page.locator(f"[data-lead='{lead.pk}']").count() == 1
    walk.shot("pipeline")

    page.get_by_role("link", name=lead.company).first.click()
    page.wait_for_url(f"**/investment/leads/{lead.pk}/")
    assert lead.company in walk.main()
    walk.shot("lead")

    contact = page.locator("details[data-action=contact]")
    if contact.get_attribute("open") is None:
        contact.locator("summary").click()
    form = contact.locator("form")
    form.locator("select[name=way]").select_option("visit")
    form.locator("textarea[name=text]").fill("上门拜访，企业有意在浏阳设立生产基地")
    form.locator("input[name=next_step]").fill("邀请企业来浏考察")
    walk.shot("journal-form")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/investment/leads/{lead.pk}/")
    assert "上门拜访，企业有意在浏阳设立生产基地" in walk.main()
    assert LeadJournal.objects.filter(lead=lead, actor=member).count() == 1
    walk.shot("journal-saved")


def test_a_service_commissioner_their_projects_and_an_issue(journey):
    scene = Scene()
    served = issue(scene.project, scene.dept_a)
    walk = journey("service_commissioner", scene.commissioner.username, PHONE)
    page, base = walk.page, walk.base

    assert page.url == f"{base}/projects/mine/"
    assert walk.heading() == "我的项目"
    cards = page.locator("article[data-project]")
    assert cards.count() == 1 and scene.project.name in cards.first.inner_text()
    walk.shot("my-projects")

    page.goto(f"{base}/issues/ledger/?project={scene.project.pk}")
    assert served.title in walk.main()
    walk.shot("issues-of-my-project")
    page.get_by_role("link", name=served.title).first.click()
    page.wait_for_url(f"**/issues/ledger/{served.pk}/")
    assert walk.heading() == served.title
    assert served.status == IssueStatus.ASSIGNED and scene.dept_a.name in walk.main()
    walk.shot("issue")
