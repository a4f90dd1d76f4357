"""The office dashboard and the leaders' cockpit: who may open them, that every figure is what the
database holds and equals the length of the list behind it, that every link opens (200), that
the filters narrow the figures, and that a bad filter is a 400."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from assessment.models import ProjectAssessment
from assessment.services import periods
from projects.choices import Light, ProjectStage
from tests.approvals.factories import Scene as ApprovalScene
from tests.factories import UserFactory

from .conftest import drill_links, today

pytestmark = pytest.mark.django_db

OFFICE = reverse("dashboards:office")
LEADER = reverse("dashboards:leader")


def get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:800])
    return response


def listed(client, url):
    """How many rows the list page at ``url`` finds (its paginator's count)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:800])
    return response.context["paginator"].count


# -- who may open them ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [OFFICE, LEADER])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "roles",
    [
        [Role.DEPARTMENT_STAFF],
        [Role.TASK_FORCE_STAFF],
        [Role.SERVICE_COMMISSIONER],
        [Role.INVESTMENT_TEAM],
        [],
    ],
)
@pytest.mark.parametrize("url", [OFFICE, LEADER])
def test_everyone_but_the_office_and_leaders_is_refused(client, roles, url):
    get(client, UserFactory(roles=roles), url, status=403)


@pytest.mark.parametrize("roles", [[Role.KEY_OFFICE], [Role.CITY_LEADER]])
@pytest.mark.parametrize("url", [OFFICE, LEADER])
def test_the_office_and_leaders_open_both(client, city, roles, url):
    get(client, UserFactory(roles=roles), url)


def test_a_superuser_opens_both(client, city):
    admin = UserFactory(is_superuser=True, is_staff=True)
    get(client, admin, OFFICE)
    get(client, admin, LEADER)


@pytest.mark.parametrize(
    "roles, landing",
    [
        ([Role.KEY_OFFICE], "dashboards:office"),
        ([Role.KEY_OFFICE, Role.CITY_LEADER], "dashboards:office"),
        ([Role.CITY_LEADER], "dashboards:leader"),
        ([Role.CITY_LEADER, Role.TASK_FORCE_STAFF], "dashboards:leader"),
        ([Role.DEPARTMENT_STAFF], "projects:my_projects"),
        ([Role.INVESTMENT_TEAM], "projects:project_list"),
    ],
)
def test_home_sends_the_office_to_its_dashboard_and_leaders_to_the_cockpit(client, roles, landing):
    client.force_login(UserFactory(roles=roles))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


def test_the_navbar_shows_the_dashboard_link_to_the_office_and_leaders_only(client, city):
    assert f'href="{OFFICE}"' in get(client, city.office, reverse("projects:project_list")).content.decode()
    assert f'href="{LEADER}"' in get(client, city.leader, reverse("projects:project_list")).content.decode()
    page = get(client, city.staff, reverse("projects:my_projects")).content.decode()
    assert OFFICE not in page and LEADER not in page


# -- the figures ----------------------------------------------------------------------------------


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_the_office_dashboard_figures_are_what_the_database_holds(client, city):
    ctx = get(client, city.office, OFFICE).context
    assert ctx["project_total"] == 3
    stages = by_key(ctx["stages"])
    assert stages[ProjectStage.CONSTRUCTION]["count"] == 1
    assert stages[ProjectStage.PREPARATION]["count"] == 1
    assert stages[ProjectStage.RESERVE]["count"] == 1
    assert stages[ProjectStage.OPERATING]["count"] == 0
    assert {row["key"]: row["count"] for row in ctx["types"]} == {
        "industrial": 1,
        "infrastructure": 1,
        "livelihood": 1,
    }
    assert {row["label"]: row["count"] for row in ctx["industries"]} == {"测试文旅": 2, "测试新材料": 1}
    assert {row["label"]: row["count"] for row in ctx["towns"]} == {"测试永安镇": 2, "测试大瑶镇": 1}
    assert {row["key"]: row["count"] for row in ctx["tiers"]} == {"near": 0, "mid": 1, "long": 0}
    assert {row["key"]: row["count"] for row in ctx["lights"]} == {"red": 1, "yellow": 0, "green": 1}
    assert [p.pk for p in ctx["lagging"]] == [city.late.pk]

    money = ctx["investment"]
    assert money["plan"] == Decimal("10500")  # this year's plan of the three projects
    assert money["completed"] == Decimal("3000")  # January's two counted reports
    assert money["rate"] == Decimal("28.6")
    assert money["months"][0]["completed"] == Decimal("3000")
    assert money["months"][0]["prorated_plan"] == Decimal("875.00")
    assert money["months"][11]["prorated_plan"] == Decimal("10500.00")

    issues = ctx["issues"]
    assert (issues["open"], issues["overdue"]) == (2, 1)  # the closed one counts in neither
    levels = by_key(issues["levels"])
    assert (levels[1]["open"], levels[1]["overdue"]) == (1, 0)
    assert (levels[3]["open"], levels[3]["overdue"]) == (1, 1)
    assert {row["label"]: (row["open"], row["overdue"]) for row in issues["units"]} == {
        "测试水利局": (1, 1),
        "测试住建局": (1, 0),
    }
    assert ctx["period"] is None and ctx["ranking"] == []


def test_every_figure_equals_the_length_of_the_list_behind_it(client, city):
    ctx = get(client, city.office, OFFICE).context
    rows = ctx["stages"] + ctx["types"] + ctx["industries"] + ctx["towns"] + ctx["tiers"] + ctx["lights"]
    for row in rows:
        assert listed(client, row["url"]) == row["count"], row
    for row in ctx["issues"]["levels"] + ctx["issues"]["units"]:
        assert listed(client, row["open_url"]) == row["open"], row
        assert listed(client, row["overdue_url"]) == row["overdue"], row
    assert listed(client, ctx["projects_url"]) == ctx["project_total"]
    assert listed(client, ctx["issues"]["open_url"]) == ctx["issues"]["open"]
    assert listed(client, ctx["issues"]["overdue_url"]) == ctx["issues"]["overdue"]
    assert listed(client, ctx["lagging_url"]) == len(ctx["lagging"])


def test_a_stage_link_carries_the_filters_and_lists_the_stage(client, city):
    query = f"?town={city.town_a.pk}"
    ctx = get(client, city.office, OFFICE + query).context
    url = by_key(ctx["stages"])[ProjectStage.CONSTRUCTION]["url"]
    assert parse_qs(urlsplit(url).query) == {"stage": ["construction"], "town": [str(city.town_a.pk)]}
    response = client.get(url)
    assert [p.pk for p in response.context["rows"]] == [city.built.pk]


def test_every_link_on_both_pages_opens(client, city):
    scene = ApprovalScene()
    case = scene.submit(when=today() - datetime.timedelta(days=2))
    period = periods.open_period(city.office, year=today().year)
    periods.compute(city.office, period)
    periods.close_period(city.office, period)
    periods.publish(city.office, period)
    for user in (city.office, city.leader):
        for url in (OFFICE, LEADER, f"{OFFICE}?town={city.town_b.pk}&project_type=infrastructure"):
            links = drill_links(get(client, user, url))
            assert links, url
            for link in links:
                assert client.get(link).status_code == 200, (user, url, link)
    ctx = get(client, city.office, OFFICE).context
    assert {row["department"] for row in ctx["approvals"]["departments"]} == {
        "测试自然资源局",
        "测试生态环境局",
    }
    for row in ctx["approvals"]["departments"]:
        assert listed(client, row["url"]) == row["total"]
        assert listed(client, row["open_url"]) == row["open"]
        assert listed(client, row["overdue_url"]) == row["overdue"]
    assert case.tasks.count() == 2
    assert ctx["period"] == period
    ranked = ProjectAssessment.objects.filter(period=period).order_by("rank", "project_id")
    assert [r.pk for r in ctx["ranking"]] == [r.pk for r in ranked[:10]]
    assert (
        f'href="{reverse("assessment:result_detail", args=[ranked[0].pk])}"'
        in client.get(OFFICE).content.decode()
    )


def test_chart_points_carry_the_url_of_their_list(client, city):
    ctx = get(client, city.office, OFFICE).context
    stage_chart = ctx["charts"]["stage"]["series"][0]["data"]
    assert [point["url"] for point in stage_chart] == [row["url"] for row in ctx["stages"]]
    light_chart = ctx["charts"]["light"]["series"][0]["data"]
    assert [point["url"] for point in light_chart] == [row["url"] for row in ctx["lights"]]
    assert parse_qs(urlsplit(light_chart[0]["url"]).query) == {"light": [Light.RED]}


# -- filters --------------------------------------------------------------------------------------


def test_the_filters_narrow_the_figures(client, city):
    ctx = get(client, city.office, f"{OFFICE}?industry={city.ind_b.pk}").context
    assert ctx["project_total"] == 2
    assert {row["key"]: row["count"] for row in ctx["lights"]} == {"red": 1, "yellow": 0, "green": 0}
    assert ctx["investment"]["plan"] == Decimal("9000")
    assert ctx["investment"]["completed"] == Decimal("1500")
    ctx = get(client, city.office, f"{OFFICE}?project_type=industrial&town={city.town_a.pk}").context
    assert ctx["project_total"] == 1
    assert {row["key"]: row["count"] for row in ctx["tiers"]} == {"near": 0, "mid": 0, "long": 0}
    assert "data-narrowed-note" in client.get(f"{OFFICE}?project_type=industrial").content.decode()


def test_an_earlier_year_shows_that_years_reports(client, city):
    ctx = get(client, city.office, f"{OFFICE}?year={today().year - 1}").context
    assert ctx["investment"]["completed"] == Decimal("1500")  # last year's report of the built project
    assert ctx["investment"]["plan"] == Decimal("0")  # no annual plan recorded for last year
    assert ctx["investment"]["plan_url"] is None
    assert all(m["completed"] is not None for m in ctx["investment"]["months"])


@pytest.mark.parametrize(
    "query",
    [
        "?colour=red",
        "?year=1990",
        "?project_type=rocket",
        "?town=999999",
        "?industry=abc",
        "?stage=construction",
    ],
)
@pytest.mark.parametrize("url", [OFFICE, LEADER])
def test_a_bad_filter_is_a_400_with_the_reason(client, city, url, query):
    response = get(client, city.office, url + query, status=400)
    assert "is-invalid" in response.content.decode() or "未知的筛选参数" in response.content.decode()


# -- the cockpit ----------------------------------------------------------------------------------


def test_the_cockpit_shows_the_leaders_projects_and_the_issues_escalated_to_them(client, city):
    response = get(client, city.leader, LEADER)
    ctx = response.context
    assert [p.pk for p in ctx["led_projects"]] == [city.built.pk]
    assert ctx["led_projects"][0].light == Light.GREEN
    assert [i.pk for i in ctx["led_issues"]] == [city.overdue.pk]  # the closed one is left out
    assert ctx["led_overdue"] == 1
    assert ctx["project_total"] == 3
    assert (ctx["issues"]["open"], ctx["issues"]["overdue"]) == (2, 1)
    html = response.content.decode()
    assert city.built.name in html and city.overdue.title in html
    assert f'data-project="{city.built.pk}"' in html and f'data-project="{city.late.pk}"' not in html
    other = get(client, city.other_leader, LEADER).context
    assert [p.pk for p in other["led_projects"]] == [city.late.pk]
    assert other["led_issues"] == []


def test_the_office_sees_the_cockpit_without_projects_of_its_own(client, city):
    response = get(client, city.office, LEADER)
    assert response.context["led_projects"] == [] and response.context["led_issues"] == []
    assert "您没有牵头的项目专班" in response.content.decode()


@pytest.mark.parametrize("url", [OFFICE, LEADER])
def test_both_pages_offer_the_leadership_workbook_for_their_year_only(
    client, city, url, eager_celery, django_capture_on_commit_callbacks
):
    from exports.choices import JobStatus
    from exports.models import ExportJob

    year = timezone.localdate().year - 1
    body = get(client, city.office, f"{url}?year={year}&project_type=industrial").content.decode()
    start = f"{reverse('exports:start', args=['leadership'])}?year={year}"
    assert f'action="{start}"' in body  # the year only: the workbook is city-wide, whatever the filters
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start)
    job = ExportJob.objects.get(kind="leadership")
    assert response.status_code == 302 and job.params == {"year": [str(year)]}
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
