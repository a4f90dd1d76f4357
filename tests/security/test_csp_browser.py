"""The Content-Security-Policy in real Chromium: the main pages run with no violation reported.

A violation shows in the console as "Refused to … because it violates the following Content Security
Policy directive"; any such message on any of these pages fails the test, as does a page error.
"""

import pytest
from django.urls import reverse

from accounts.models import User
from reserve import services
from tests.browser.conftest import chromium  # noqa: F401  (fixture)
from tests.browser.test_round_journey import pool  # noqa: F401  (fixture)
from tests.dashboards.conftest import City

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Csp#Check2026"


@pytest.fixture
def city(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return City()


def test_main_pages_report_no_csp_violation(live_server, chromium, city, pool):  # noqa: F811
    office, leader, entries = pool
    evaluation_round = services.open_round(
        name="CSP 检查轮次", plan_year=2026, entries=entries, evaluators=[leader], actor=office
    )
    User.objects.create_superuser("cspcheck", password=PASSWORD, full_name="安全检查")
    project = city.built
    base = live_server.url
    pages = [
        reverse("dashboards:office"),
        reverse("dashboards:leader"),
        project.get_absolute_url(),
        reverse("projects:task_force", args=[project.pk]),
        reverse("projects:report_new", args=[project.pk]),
        reverse("projects:project_list"),
        reverse("reserve:round_list"),
        "/reserve/rounds/add/",
        f"/reserve/rounds/{evaluation_round.pk}/",
        f"/reserve/rounds/{evaluation_round.pk}/decide/",
        reverse("api-docs"),
        "/admin/",
    ]
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations, errors = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", "cspcheck")
        page.fill("input[name=password]", PASSWORD)
        page.click("form [type=submit]")
        page.wait_for_url(f"{base}/**")
        for path in pages:
            response = page.goto(f"{base}{path}")
            assert response.status == 200, (path, response.status)
            assert "script-src 'self'" in response.headers["content-security-policy"], path
            page.wait_for_load_state("networkidle")
        # the charts were drawn under the policy
        page.goto(f"{base}{reverse('dashboards:office')}")
        page.wait_for_function("() => document.querySelector('[data-chart] canvas') !== null")
        # swagger rendered its operations from our own static files
        page.goto(f"{base}{reverse('api-docs')}")
        page.wait_for_selector(".opblock", timeout=30_000)
    finally:
        context.close()
    assert violations == [], "\n".join(violations)
    assert errors == [], "\n".join(errors)
