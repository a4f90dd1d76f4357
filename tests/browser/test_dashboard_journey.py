"""The dashboards in real Chromium: the office lands on its dashboard, every chart is drawn (a
canvas with ink on it), a click on the 在建 bar opens the project list filtered to that stage and
town, and the charts follow the window's size; a city leader reads the cockpit on a tablet
(1024×768, then 768 wide) without sideways scrolling, in large type."""

import re

import pytest

from tests.browser.helpers import sign_in
from tests.dashboards.conftest import City

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: the share of a chart's pixels that must be painted for it to count as drawn
INKED = """el => {
  const canvas = el.querySelector('canvas');
  if (!canvas || !canvas.width || !canvas.height) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted / (canvas.width * canvas.height);
}"""

#: where, on the page, the middle of a category's bar is (ECharts' own coordinate conversion)
BAR_MIDDLE = """(el, [category, value]) => {
  const chart = echarts.getInstanceByDom(el);
  const [x, y] = chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [category, value / 2]);
  const box = el.getBoundingClientRect();
  return [box.left + x, box.top + y];
}"""


@pytest.fixture
def city(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return City()


def wait_for_charts(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(el => window.echarts && echarts.getInstanceByDom(el))"
    )


def test_the_office_clicks_a_bar_through_to_the_projects_behind_it(live_server, chromium, city):
    base = live_server.url
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        sign_in(page, base, city.office.username)
        assert page.url == f"{base}/dashboard/"  # the office starts on its dashboard

        page.select_option("select[name=town]", str(city.town_a.pk))
        page.get_by_role("button", name="统计").click()
        page.wait_for_url(re.compile(rf"/dashboard/\?.*town={city.town_a.pk}"))
        wait_for_charts(page)
        charts = page.locator("[data-chart]")
        assert charts.count() >= 8
        for i in range(charts.count()):
            chart = charts.nth(i)
            name = chart.get_attribute("data-chart")
            chart.scroll_into_view_if_needed()
            canvas = chart.locator("canvas")
            assert canvas.count() == 1, name
            box = canvas.bounding_box()
            assert box["width"] > 100 and box["height"] > 100, name
            assert chart.evaluate(INKED) > 0.005, f"chart {name} is blank"

        # the charts follow the window
        stage = page.locator("[data-chart=stage]")
        wide = stage.locator("canvas").bounding_box()["width"]
        page.set_viewport_size({"width": 900, "height": 900})
        page.wait_for_function(
            "w => document.querySelector('[data-chart=stage] canvas').getBoundingClientRect().width !== w",
            arg=wide,
        )

        # a click on the 在建 bar: the project list of 在建 projects in the chosen town
        stage.scroll_into_view_if_needed()
        x, y = stage.evaluate(BAR_MIDDLE, ["在建", 1])
        page.mouse.click(x, y)
        page.wait_for_url(re.compile(r"/projects/\?"))
        query = page.url.split("?", 1)[1]
        assert sorted(query.split("&")) == sorted(["stage=construction", f"town={city.town_a.pk}"])
        table = page.locator("#project-table")
        assert city.built.name in table.inner_text()
        assert city.late.name not in table.inner_text() and city.pooled.name not in table.inner_text()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1024, 768), (768, 1024)])
def test_a_leader_reads_the_cockpit_on_a_tablet(live_server, chromium, city, size):
    base = live_server.url
    width, height = size
    context = chromium.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, base, city.leader.username)
        assert page.url == f"{base}/dashboard/leader/"  # leaders start on the cockpit
        wait_for_charts(page)
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # large type: the headline figures at 32 px or more, the body above the usual 16 px
        size_px = page.locator("[data-figure=projects]").evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert size_px >= 32
        body_px = page.locator(".cockpit").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert body_px > 16
        assert page.locator("[data-figure=projects]").inner_text() == "3"
        assert city.built.name in page.locator("[data-led-projects]").inner_text()
        assert city.overdue.title in page.locator("[data-led-issues]").inner_text()
        chart = page.locator("[data-chart=investment]")
        chart.scroll_into_view_if_needed()
        assert chart.evaluate(INKED) > 0.005
        # a light's big number opens the project list of that light
        page.locator("[data-figure=light-red]").click()
        page.wait_for_url(re.compile(r"/projects/\?light=red$"))
        assert city.late.name in page.locator("#project-table").inner_text()
    finally:
        context.close()
