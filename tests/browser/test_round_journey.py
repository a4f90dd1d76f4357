"""The office runs an evaluation round end to end in real Chromium (精准谋划).

Open the round, an evaluator scores on the grid, the office sees the ranking,
decides (into the annual plan, out of the pool), applies — and the projects move,
each move on the project page.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from reserve import services
from reserve.choices import EntryStatus, RoundStatus
from reserve.models import AnnualPlanItem, EvaluationRound
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Pinggu#2026"


def person(username, role, full_name):
    user = User.objects.create_user(username, password=PASSWORD, full_name=full_name)
    user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(browser, base, user):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/**")
    return page


@pytest.fixture
def pool():
    office = person("office1", "key_office", "周雅琴")
    leader = person("leader1", "city_leader", "贺振东")
    entries = []
    for code, name in (("LY2026-201", "数字经济产业园二期"), ("LY2026-202", "稀有金属深加工项目")):
        project = ProjectFactory(code=code, name=name, stage="planning", total_investment=Decimal("80000"))
        entries.append(
            services.enter_pool(
                project=project,
                tier="mid",
                responsible_unit=project.responsible_unit,
                responsible_person="周建华",
                reason="年度谋划入库",
                actor=office,
            )
        )
    return office, leader, entries


def test_office_runs_a_round_from_opening_to_applied_decisions(live_server, chromium, pool):
    office, leader, (good, weak) = pool
    base = live_server.url
    browser = chromium
    # The office opens the round with the leader as evaluator and both projects in scope.
    desk = sign_in(browser, base, office)
    desk.goto(f"{base}/reserve/rounds/add/")
    desk.fill("input[name=name]", "2026 年二季度评估")
    desk.fill("input[name=plan_year]", "2026")
    desk.check(f"input[name=evaluators][value='{leader.pk}']")
    for entry in (good, weak):
        desk.check(f"#round-scope input[name=entries][value='{entry.pk}']")
    desk.click("form[method=post] button[type=submit]:has-text('开启评估')")
    desk.wait_for_url(f"{base}/reserve/rounds/*/")
    evaluation_round = EvaluationRound.objects.get(name="2026 年二季度评估")

    # The evaluator scores every criterion: the first project high, the second low.
    tablet = sign_in(browser, base, leader)
    tablet.goto(f"{base}/reserve/rounds/{evaluation_round.pk}/score/")
    items = {item.entry_id: item.pk for item in evaluation_round.items.all()}
    for entry, value in ((good, "90"), (weak, "40")):
        for cell in tablet.locator(f"input[type=number][name^='s-{items[entry.pk]}-']").all():
            cell.fill(value)
    tablet.click("button[type=submit]:has-text('保存评分')")
    tablet.wait_for_url(f"{base}/reserve/rounds/{evaluation_round.pk}/")

    # The office sees the ranking, decides and applies.
    desk.goto(f"{base}/reserve/rounds/{evaluation_round.pk}/")
    ranking = desk.locator("main").inner_text()
    assert "90.00" in ranking and "40.00" in ranking, ranking
    desk.goto(f"{base}/reserve/rounds/{evaluation_round.pk}/decide/")
    first, second = f"d{items[good.pk]}", f"d{items[weak.pk]}"
    desk.select_option(f"select[name={first}-decision]", "to_plan")
    desk.select_option(f"select[name={first}-plan_category]", "new_start")
    desk.fill(f"input[name={first}-planned_investment]", "20000")
    desk.fill(f"[name={first}-reason]", "评分第一，条件成熟")
    desk.select_option(f"select[name={second}-decision]", "remove")
    desk.fill(f"[name={second}-reason]", "不符合产业导向")
    desk.click("button[type=submit]:has-text('保存决策')")
    desk.wait_for_url(f"{base}/reserve/rounds/{evaluation_round.pk}/")
    desk.goto(f"{base}/reserve/rounds/{evaluation_round.pk}/apply/")
    desk.click("button[type=submit]:has-text('确认生效')")
    desk.wait_for_url(f"{base}/reserve/rounds/{evaluation_round.pk}/")

    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.APPLIED
    good.refresh_from_db()
    weak.refresh_from_db()
    assert good.status == EntryStatus.PLANNED and weak.status == EntryStatus.REMOVED
    plan_item = AnnualPlanItem.objects.get(project=good.project)
    assert (plan_item.plan.year, plan_item.planned_investment) == (2026, Decimal("20000"))

    # Each move is on the project page, with the round's reason.
    desk.goto(f"{base}{weak.project.get_absolute_url()}")
    text = desk.locator("main").inner_text()
    assert "调整出库" in text and "不符合产业导向" in text, text
