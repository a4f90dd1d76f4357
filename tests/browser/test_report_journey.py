"""A task-force member files this month's progress report with a site photo, in real Chromium on a
phone-sized screen; the project's light and cumulative figures move; the office returns the report
with a comment and the member sees why; a member of another task force is refused its edit page."""

import datetime
import io
from decimal import ROUND_CEILING, Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from accounts.models import Unit, User
from projects.choices import Light, ReportStatus
from projects.models import Industry, ProgressReport, Project, TaskForce, TaskForceMember
from projects.services.lights import prorated_percent, with_lights
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Tianbao#2026"
ANNUAL_PLAN = Decimal("12000.00")
EARLIER = Decimal("1500.00")  # reported for December of last year: counts since the start, not this year


def make_user(username, full_name, role):
    user = User.objects.create_user(username, password=PASSWORD, full_name=full_name)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def journey(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    prorated = prorated_percent(today)
    if prorated < 40:
        # Early in the year the prorated plan is small: scale the thresholds so that nothing
        # reported this year is still red, and reporting the prorated share is green.
        settings.LIGHT_RED_BEHIND_POINTS = prorated / 2
        settings.LIGHT_YELLOW_BEHIND_POINTS = prorated / 4
    town = Unit.objects.create(name="集里街道", kind="town", code="430181002")
    unit = Unit.objects.create(name="市工业和信息化局", kind="department")
    industry = Industry.objects.create(name="数字经济")

    def project(code, name):
        return Project.objects.create(
            code=code,
            name=name,
            project_type="industrial",
            industry=industry,
            stage="construction",
            total_investment="100000.00",
            annual_plan_investment=ANNUAL_PLAN,
            responsible_unit=unit,
            responsible_person="李明",
            owner_enterprise="浏阳数字产业发展有限公司",
            town=town,
            planned_start=datetime.date(today.year - 1, 3, 1),
            actual_start=datetime.date(today.year - 1, 3, 10),
        )

    own = project("LY2026-201", "数字经济产业园")
    other = project("LY2026-202", "新材料产业园")
    member = make_user("zhangsan", "张三", "task_force_staff")
    outsider = make_user("lisi", "李四", "task_force_staff")
    office = make_user("wangke", "王科长", "key_office")
    TaskForceMember.objects.create(
        task_force=TaskForce.objects.create(project=own), user=member, duty="进度填报"
    )
    TaskForceMember.objects.create(task_force=TaskForce.objects.create(project=other), user=outsider)
    ProgressReport.objects.create(
        project=own,
        frequency="monthly",
        period_start=datetime.date(today.year - 1, 12, 1),
        period_end=datetime.date(today.year - 1, 12, 31),
        status=ReportStatus.ACCEPTED,
        construction=EARLIER,
        physical_progress="场平完成",
        percent_complete=Decimal("10"),
        created_by=member,
    )
    # This month's share of the year's plan: enough to reach the prorated plan (序时进度).
    amount = (ANNUAL_PLAN * prorated / 100).quantize(Decimal("1"), rounding=ROUND_CEILING)
    return {"own": own, "member": member, "outsider": outsider, "office": office, "amount": amount}


def light_of(project):
    return with_lights(Project.objects.filter(pk=project.pk)).get()


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 140, 90)).save(out, "PNG")
    return out.getvalue()


def money(value):
    return f"{value:,.2f}"


def test_member_files_a_report_with_a_photo_the_office_returns_it_and_the_member_sees_why(
    live_server, chromium, browser_page, journey
):
    base, page = live_server.url, browser_page
    own, amount = journey["own"], journey["amount"]
    before = light_of(own)
    assert before.light == Light.RED
    assert (before.completed_total, before.completed_ytd) == (EARLIER, Decimal("0"))

    # A member lands on 我的项目: a red light, nothing done this year, the big button.
    sign_in(page, base, "zhangsan", PASSWORD)
    page.wait_for_url(f"{base}/projects/mine/")
    card = page.locator(f"article[data-project='{own.code}']")
    assert card.locator("[data-light]").get_attribute("data-light") == "red"
    assert card.locator("[data-figure=ytd]").inner_text().startswith("0.00")
    assert money(EARLIER) in card.locator("[data-figure=total]").inner_text()

    # This month's report: four figures, the live sums, progress, a photo; submit.
    card.locator("[data-action=file-report]").click()
    page.wait_for_url("**/reports/new/**")
    page.fill("input[name=construction]", str(amount - 300))
    page.fill("input[name=installation]", "100")
    page.fill("input[name=equipment]", "200")
    page.fill("input[name=other]", "0")
    assert page.locator("[data-total=period]").inner_text() == money(amount)
    assert page.locator("[data-total=since-start]").inner_text() == money(EARLIER + amount)
    assert page.locator("[data-total=since-jan]").inner_text() == money(amount)
    page.fill("textarea[name=physical_progress]", "主体结构施工至第 6 层")
    page.fill("input[name=percent_complete]", "35")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.click("button[name=action][value=submit]")
    page.wait_for_url("**/projects/reports/*/")

    report = ProgressReport.objects.get(project=own, period_start=timezone.localdate().replace(day=1))
    assert report.status == ReportStatus.SUBMITTED and report.period_total == amount
    assert report.photos.count() == 1
    assert page.locator("[data-report-status]").inner_text() == "已提交"
    assert page.locator("[data-figure=total]").inner_text() == money(EARLIER + amount)
    thumbnail = page.locator("[data-photo] img")
    thumbnail.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())

    # The light and the cumulative figures moved, on the page and in the database.
    after = light_of(own)
    assert after.light == Light.GREEN
    assert (after.completed_total, after.completed_ytd) == (EARLIER + amount, amount)
    page.goto(f"{base}/projects/mine/")
    card = page.locator(f"article[data-project='{own.code}']")
    assert card.locator("[data-light]").get_attribute("data-light") == "green"
    assert card.locator("[data-figure=ytd]").inner_text().startswith(money(amount))
    assert money(EARLIER + amount) in card.locator("[data-figure=total]").inner_text()
    assert card.locator("[data-report-status]").inner_text() == "已提交"

    # The office returns it with a comment.
    office_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    office_page = office_context.new_page()
    try:
        sign_in(office_page, base, "wangke", PASSWORD)
        office_page.wait_for_url(f"{base}/dashboard/")  # the office starts on its dashboard
        office_page.goto(f"{base}{report.get_absolute_url()}")
        office_page.fill("textarea[name=return-comment]", "设备购置金额缺少合同依据，请补充后重新提交")
        office_page.click("#review form[action$='/return/'] [type=submit]")
        office_page.wait_for_url(f"{base}{report.get_absolute_url()}")
        assert "已退回" in office_page.locator("[data-report-status]").inner_text()
    finally:
        office_context.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert light_of(own).completed_total == EARLIER  # a returned report no longer counts

    # The member sees why, on the report page.
    page.goto(f"{base}{report.get_absolute_url()}")
    reason = page.locator("[data-return-reason]")
    assert "退回原因：设备购置金额缺少合同依据，请补充后重新提交" in reason.inner_text()
    assert page.locator(f"a[href='/projects/reports/{report.pk}/edit/']").count() == 1

    # A member of another task force is refused that report's edit page, and nothing changes.
    outsider_context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    outsider_page = outsider_context.new_page()
    try:
        sign_in(outsider_page, base, "lisi", PASSWORD)
        outsider_page.wait_for_url(f"{base}/projects/mine/")
        response = outsider_page.goto(f"{base}/projects/reports/{report.pk}/edit/")
        assert response.status == 403
        assert "权限" in outsider_page.content()
    finally:
        outsider_context.close()
    version = report.version
    report.refresh_from_db()
    assert report.version == version and report.status == ReportStatus.RETURNED
