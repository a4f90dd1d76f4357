"""精准考核 in real Chromium: the office opens a project's score card from the ranking, enters the
tax figure with its source and a scanned certificate, recomputes, closes and publishes the
period; the unit's clerk then finds the project's result and its evidence, and nothing of
another unit."""

import pytest

from accounts.roles import Role
from assessment.choices import PeriodStatus
from assessment.models import AssessmentPeriod, IndicatorResult, ProjectAssessment
from assessment.services import periods
from projects.choices import ProjectStage, ProjectType
from tests.browser.helpers import pdf_file, sign_in
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def scene(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    unit = DepartmentFactory(name="测试高新区管委会")
    other = DepartmentFactory(name="测试住建局")
    office = UserFactory(roles=[Role.KEY_OFFICE])
    clerk = UserFactory(roles=[Role.DEPARTMENT_STAFF], unit=unit)
    mine = ProjectFactory(
        name="测试新材料产业化项目",
        project_type=ProjectType.INDUSTRIAL,
        stage=ProjectStage.CONSTRUCTION,
        responsible_unit=unit,
    )
    theirs = ProjectFactory(
        name="测试老旧小区改造",
        project_type=ProjectType.LIVELIHOOD,
        stage=ProjectStage.CONSTRUCTION,
        responsible_unit=other,
    )
    period = periods.open_period(office, year=2026)
    periods.compute(office, period)
    return {"office": office, "clerk": clerk, "mine": mine, "theirs": theirs, "period": period}


def test_the_office_enters_a_figure_with_evidence_publishes_and_the_unit_reads_it(
    live_server, chromium, scene
):
    base = live_server.url
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    period, mine = scene["period"], scene["mine"]
    result = ProjectAssessment.objects.get(period=period, project=mine)
    tax = IndicatorResult.objects.get(assessment=result, indicator__code="tax")
    try:
        sign_in(page, base, scene["office"].username)
        page.goto(f"{base}/assessment/")
        page.get_by_role("link", name=period.name).click()
        page.wait_for_url(f"**/assessment/periods/{period.pk}/")
        page.get_by_role("link", name=mine.name).click()
        page.wait_for_url(f"**/assessment/results/{result.pk}/")

        # the tax figure: first without evidence (refused, said where), then with it
        form = page.locator(f"form[action$='/figures/{tax.pk}/']")
        form.locator("input[name=figure]").fill("95")
        form.locator("input[name=source_note]").fill("市税务局 2026 年入库税收")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        form = page.locator(f"form[action$='/figures/{tax.pk}/']")
        assert "须附佐证材料" in form.inner_text()
        form.locator("input[name=evidence]").set_input_files(pdf_file("完税证明.pdf"))
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"**/assessment/results/{result.pk}/")
        row = page.locator("tr[data-indicator=tax]")
        assert "95" in row.inner_text() and "佐证材料" in row.inner_text()
        tax.refresh_from_db()
        assert tax.figure == 95 and tax.evidence

        # recompute: 22.5 points for 95 % (the 90 % band); close; publish
        page.goto(f"{base}/assessment/periods/{period.pk}/")
        page.get_by_role("button", name="计算得分").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="关闭（冻结数据）").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="公布结果").click()
        page.wait_for_load_state()
        assert AssessmentPeriod.objects.get(pk=period.pk).status == PeriodStatus.PUBLISHED
        tax.refresh_from_db()
        assert str(tax.points) == "22.50"
        context.clear_cookies()

        # the unit's clerk: their project, its evidence; not the other unit's
        sign_in(page, base, scene["clerk"].username)
        page.goto(f"{base}/assessment/periods/{period.pk}/")
        table = page.locator("table").first.inner_text()
        assert mine.name in table and scene["theirs"].name not in table
        page.get_by_role("link", name=mine.name).click()
        page.wait_for_url(f"**/assessment/results/{result.pk}/")
        assert page.locator("form[action*='/figures/']").count() == 0  # no entering for a unit
        with page.expect_download() as download:
            page.locator("tr[data-indicator=tax]").get_by_role("link", name="佐证材料").click()
        assert download.value.suggested_filename.endswith(".pdf")
    finally:
        context.close()
