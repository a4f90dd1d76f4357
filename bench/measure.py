"""Request the pages and the API through django.test.Client: SQL query count and median server time."""

import gc
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .environment import BenchError

WARM_UP = 2
#: at the largest size a list may take at most this many times as long as at the smallest
TIME_RATIO_GOAL = 1.5


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    #: may hold {pk} (the measured project), {period} (the assessment period, bench/assessment.py)
    #: or the key of any row of ``objects.OBJECTS`` (``{issue}``, ``{case}``…)
    path: str
    user: str = "office"  # or "task_force_staff", "task_force_member", "department_staff", "leader"
    #: "scale": same query count and time within TIME_RATIO_GOAL; "queries": same query count only
    goal: str = "scale"
    #: a URL name whose reverse() is the path (``path`` is then only its query string, if any)
    url_name: str = ""
    #: the key (``pk``, ``period`` or a key of ``objects.OBJECTS``) whose value is the URL name's
    #: one argument, if it takes one
    url_arg: str = ""
    #: timed requests at most (0: ``--repeat``), for pages that take seconds at the largest size
    max_repeat: int = 0

    def url(self, pk=None, period=None, **objects):
        keys = {"pk": pk, "period": period, **objects}
        base = (
            reverse(self.url_name, args=[keys[self.url_arg]] if self.url_arg else []) if self.url_name else ""
        )
        return base + self.path.format_map(keys)

    @property
    def needs_period(self):
        return "period" in self.needs

    @property
    def needs(self):
        """The keys the URL is made of."""
        from string import Formatter

        keys = {name for _text, name, _spec, _conv in Formatter().parse(self.path) if name}
        return keys | ({self.url_arg} if self.url_arg else set())

    def available(self):
        """Whether the page or API exists in this build (a URL name reverses, a path resolves)."""
        try:
            resolve(self.url(**dict.fromkeys(self.needs | {"pk", "period"}, 1)).split("?")[0])
        except (NoReverseMatch, Resolver404):
            return False
        return True


ENDPOINTS = [
    Endpoint("page-list", "page /projects/", "/projects/"),
    Endpoint(
        "page-list-filtered",
        "page /projects/?stage=construction&sort=-total_investment",
        "/projects/?stage=construction&sort=-total_investment",
    ),
    Endpoint("page-list-sorted", "page /projects/?sort=-planned_start", "/projects/?sort=-planned_start"),
    Endpoint("page-list-staff", "page /projects/ (task-force staff)", "/projects/", user="task_force_staff"),
    Endpoint("page-detail", "page /projects/<pk>/", "/projects/{pk}/", goal="queries"),
    Endpoint("api-list", "api /api/projects/", "/api/projects/"),
    Endpoint(
        "api-list-filtered",
        "api /api/projects/?stage=construction&sort=-total_investment",
        "/api/projects/?stage=construction&sort=-total_investment",
    ),
    Endpoint("api-detail", "api /api/projects/<pk>/", "/api/projects/{pk}/", goal="queries"),
    # 精准谋划: every project has its reserve entry, so the pool grows with the city. Only 20 of
    # the first 100 entries are in the pool: the filtered lists show pages of 20 rows, so both
    # sizes render as many rows and the time compares what the database does.
    Endpoint("page-entries", "page /reserve/entries/", "/reserve/entries/"),
    Endpoint(
        "page-entries-filtered",
        "page /reserve/entries/?status=in_pool&sort=-total_investment&page_size=20",
        "/reserve/entries/?status=in_pool&sort=-total_investment&page_size=20",
    ),
    Endpoint("api-entries", "api /api/reserve/entries/", "/api/reserve/entries/"),
    Endpoint(
        "api-entries-filtered",
        "api /api/reserve/entries/?status=in_pool&sort=-total_investment&page_size=20",
        "/api/reserve/entries/?status=in_pool&sort=-total_investment&page_size=20",
    ),
]
# 精准服务: the lights are computed in the database for the rows shown (/projects/ above shows
# them too); every project under construction has 12 monthly reports, every planned one its
# work-plan nodes (bench/work.py).
ENDPOINTS += [
    Endpoint("page-list-red", "page /projects/?light=red", "/projects/?light=red&page_size=20"),
    Endpoint(
        "page-mine", "page /projects/mine/ (task-force member)", "/projects/mine/", user="task_force_member"
    ),
    Endpoint("page-attention", "page /projects/reports/attention/", "/projects/reports/attention/"),
    Endpoint(
        "page-task-force", "page /projects/<pk>/task-force/", "/projects/{pk}/task-force/", goal="queries"
    ),
    Endpoint("api-reports", "api /api/progress-reports/", "/api/progress-reports/"),
    Endpoint(
        "api-reports-filtered",
        "api /api/progress-reports/?status=submitted&sort=-period_start",
        "/api/progress-reports/?status=submitted&sort=-period_start",
    ),
    Endpoint("api-lights", "api /api/project-lights/", "/api/project-lights/"),
]
# 精准服务: 并联审批. About 3 approval tasks per project (30,000 at 10,000 projects, bench/approvals.py).
# The inbox is read by a clerk of 住建 (the department with the most tasks) and by the office (every
# department's); the statistics aggregate every case and task the reader sees, so only their query
# count is judged. Measured only where the URL exists in the build (``Endpoint.available``).
ENDPOINTS += [
    Endpoint(
        "page-inbox",
        "page /approvals/inbox/?page_size=20 (department staff)",
        "?page_size=20",
        user="department_staff",
        url_name="approvals:inbox",
    ),
    Endpoint("page-inbox-office", "page /approvals/inbox/ (office)", "", url_name="approvals:inbox"),
    Endpoint(
        "page-approval-statistics",
        "page /approvals/statistics/",
        "",
        goal="queries",
        url_name="approvals:statistics",
    ),
    Endpoint("api-approval-tasks", "api /api/approval-tasks/", "/api/approval-tasks/"),
    Endpoint(
        "api-approval-statistics",
        "api /api/approval-statistics/",
        "/api/approval-statistics/",
        goal="queries",
    ),
]
# 精准服务: 问题清零. Five ledger issues per project (50,000 at 10,000 projects, bench/ledger.py);
# the office reads the whole ledger. Measured only where the URL exists in the build.
ENDPOINTS += [
    Endpoint("page-issues", "page /issues/ledger/", "", url_name="issues:issue_list"),
    Endpoint("api-issues", "api /api/issues/", "/api/issues/"),
]
# 精准考核: one annual period over every project in scope (preparation to operating, about 79 %
# of them), computed before measuring (bench/assessment.py). The ranking and the API show 50
# results a page; the units page aggregates every result by responsible unit (about 30 rows),
# so only its query count is judged. The tolerance register holds the same applications at
# every size (filed on the first 100 projects). Measured only where the URL exists.
ENDPOINTS += [
    Endpoint(
        "page-assessment-ranking",
        "page /assessment/periods/<period>/ (ranking)",
        "",
        url_name="assessment:period_detail",
        url_arg="period",
    ),
    Endpoint(
        "page-assessment-units",
        "page /assessment/periods/<period>/units/",
        "",
        goal="queries",
        url_name="assessment:units",
        url_arg="period",
    ),
    Endpoint(
        "api-assessment-results",
        "api /api/assessment-results/?period=<period>",
        "/api/assessment-results/?period={period}",
    ),
    Endpoint("page-tolerance", "page /assessment/tolerance/", "", url_name="assessment:tolerance_list"),
]
# 精准招商: two leads per project (20,000 at 10,000 projects, bench/investment.py), read by the
# office. The pipeline aggregates every lead by stage and shows the first cards of each, so
# only its query count is judged. Measured only where the URL exists in the build.
ENDPOINTS += [
    Endpoint(
        "page-pipeline", "page /investment/ (pipeline)", "", goal="queries", url_name="investment:pipeline"
    ),
    Endpoint("page-leads", "page /investment/leads/", "", url_name="investment:lead_list"),
    Endpoint("api-leads", "api /api/investment-leads/", "/api/investment-leads/"),
]
# Issue 10: every other list page and its API list, every detail page and API detail, both
# dashboards. A detail shows the same row at both sizes (``bench.objects``: picked after the
# smallest size is built, among the first 100 projects' rows); a page whose table the benchmark
# leaves empty (funds, element requests, meetings, digests, export jobs…) is measured as a list
# that shows nothing, and its detail is left out with a note. Aggregates over every row the
# reader may see (dashboards, overviews, the industry map, the calendar) are judged on their
# query count only, as the statistics above.
DETAIL, AGGREGATE = "queries", "queries"
ENDPOINTS += [
    Endpoint(
        "page-dashboard",
        "page /dashboard/ (office)",
        "",
        goal=AGGREGATE,
        url_name="dashboards:office",
        max_repeat=5,
    ),
    Endpoint(
        "page-dashboard-leader",
        "page /dashboard/leader/ (city leader)",
        "",
        user="leader",
        goal=AGGREGATE,
        url_name="dashboards:leader",
        max_repeat=5,
    ),
    # projects and their work
    Endpoint(
        "page-report-list",
        "page /projects/<pk>/reports/",
        "",
        goal=DETAIL,
        url_name="projects:report_list",
        url_arg="pk",
    ),
    Endpoint(
        "page-report-detail",
        "page /projects/reports/<report>/",
        "",
        goal=DETAIL,
        url_name="projects:report_detail",
        url_arg="report",
    ),
    Endpoint(
        "page-meeting-detail",
        "page /projects/meetings/<meeting>/",
        "",
        goal=DETAIL,
        url_name="projects:meeting_detail",
        url_arg="meeting",
    ),
    Endpoint(
        "api-report-detail",
        "api /api/progress-reports/<report>/",
        "/api/progress-reports/{report}/",
        goal=DETAIL,
    ),
    Endpoint("api-task-forces", "api /api/task-forces/", "/api/task-forces/"),
    Endpoint(
        "api-task-force-detail",
        "api /api/task-forces/<task_force>/",
        "/api/task-forces/{task_force}/",
        goal=DETAIL,
    ),
    Endpoint("api-task-force-members", "api /api/task-force-members/", "/api/task-force-members/"),
    Endpoint("api-milestones", "api /api/milestones/", "/api/milestones/"),
    Endpoint(
        "api-milestone-detail",
        "api /api/milestones/<milestone>/",
        "/api/milestones/{milestone}/",
        goal=DETAIL,
    ),
    Endpoint("api-milestone-templates", "api /api/milestone-templates/", "/api/milestone-templates/"),
    Endpoint("api-report-photos", "api /api/report-photos/", "/api/report-photos/"),
    Endpoint("api-lights-detail", "api /api/project-lights/<pk>/", "/api/project-lights/{pk}/", goal=DETAIL),
    Endpoint("api-meetings", "api /api/meetings/", "/api/meetings/"),
    Endpoint("api-action-items", "api /api/action-items/", "/api/action-items/"),
    # 精准谋划
    Endpoint(
        "page-reserve-overview", "page /reserve/ (overview)", "", goal=AGGREGATE, url_name="reserve:overview"
    ),
    Endpoint(
        "page-entry-detail",
        "page /reserve/entries/<entry>/",
        "",
        goal=DETAIL,
        url_name="reserve:entry_detail",
        url_arg="entry",
    ),
    Endpoint("page-rounds", "page /reserve/rounds/", "", url_name="reserve:round_list"),
    Endpoint(
        "page-round-detail",
        "page /reserve/rounds/<round>/",
        "",
        goal=DETAIL,
        url_name="reserve:round_detail",
        url_arg="round",
    ),
    Endpoint("page-plans", "page /reserve/plans/", "", url_name="reserve:plan_list"),
    Endpoint(
        "page-plan-detail", "page /reserve/plans/<year>/", "", url_name="reserve:plan_detail", url_arg="year"
    ),
    Endpoint(
        "api-entry-detail", "api /api/reserve/entries/<entry>/", "/api/reserve/entries/{entry}/", goal=DETAIL
    ),
    Endpoint("api-reserve-moves", "api /api/reserve/moves/", "/api/reserve/moves/"),
    Endpoint("api-reserve-criteria", "api /api/reserve/criteria/", "/api/reserve/criteria/"),
    Endpoint("api-reserve-rounds", "api /api/reserve/rounds/", "/api/reserve/rounds/"),
    Endpoint("api-reserve-scores", "api /api/reserve/scores/", "/api/reserve/scores/"),
    Endpoint("api-reserve-plans", "api /api/reserve/plans/", "/api/reserve/plans/"),
    Endpoint("api-reserve-plan-items", "api /api/reserve/plan-items/", "/api/reserve/plan-items/"),
    # 并联审批
    Endpoint("page-window", "page /approvals/window/", "", url_name="approvals:window", max_repeat=5),
    Endpoint("page-cases", "page /approvals/cases/", "", url_name="approvals:case_list"),
    Endpoint(
        "page-case-detail",
        "page /approvals/cases/<case>/",
        "",
        goal=DETAIL,
        url_name="approvals:case_detail",
        url_arg="case",
    ),
    Endpoint("page-catalogue", "page /approvals/catalogue/", "", url_name="approvals:catalogue"),
    Endpoint("page-calendar", "page /approvals/calendar/", "", goal=AGGREGATE, url_name="approvals:calendar"),
    Endpoint("api-cases", "api /api/approval-cases/", "/api/approval-cases/"),
    Endpoint(
        "api-case-detail", "api /api/approval-cases/<case>/", "/api/approval-cases/{case}/", goal=DETAIL
    ),
    Endpoint(
        "api-task-detail", "api /api/approval-tasks/<task>/", "/api/approval-tasks/{task}/", goal=DETAIL
    ),
    Endpoint(
        "api-task-moves",
        "api /api/approval-tasks/<task>/moves/",
        "/api/approval-tasks/{task}/moves/",
        goal=DETAIL,
    ),
    Endpoint("api-supplements", "api /api/approval-supplements/", "/api/approval-supplements/"),
    Endpoint("api-approval-stages", "api /api/approval-stages/", "/api/approval-stages/"),
    Endpoint("api-approval-items", "api /api/approval-items/", "/api/approval-items/"),
    Endpoint("api-item-materials", "api /api/item-materials/", "/api/item-materials/"),
    Endpoint("api-workdays", "api /api/workdays/?year=2026", "/api/workdays/?year=2026"),
    Endpoint("api-workday-overrides", "api /api/workday-overrides/", "/api/workday-overrides/"),
    Endpoint("api-dishonest", "api /api/dishonest-applicants/", "/api/dishonest-applicants/"),
    # 问题清零
    Endpoint(
        "page-issue-detail",
        "page /issues/ledger/<issue>/",
        "",
        goal=DETAIL,
        url_name="issues:issue_detail",
        url_arg="issue",
    ),
    Endpoint(
        "page-weekly",
        "page /issues/weekly/ (every overdue issue)",
        "",
        goal=AGGREGATE,
        url_name="issues:weekly",
        max_repeat=3,
    ),
    Endpoint("page-digests", "page /issues/digests/", "", url_name="issues:digest_list"),
    Endpoint(
        "page-digest-detail",
        "page /issues/digests/<digest>/",
        "",
        goal=DETAIL,
        url_name="issues:digest_detail",
        url_arg="digest",
    ),
    Endpoint("api-issue-detail", "api /api/issues/<issue>/", "/api/issues/{issue}/", goal=DETAIL),
    Endpoint(
        "api-issue-journal", "api /api/issues/<issue>/journal/", "/api/issues/{issue}/journal/", goal=DETAIL
    ),
    Endpoint("api-journal", "api /api/issue-journal/", "/api/issue-journal/"),
    Endpoint("api-overdue-flags", "api /api/overdue-flags/", "/api/overdue-flags/"),
    Endpoint("api-digests", "api /api/digests/", "/api/digests/"),
    Endpoint("api-issue-categories", "api /api/issue-categories/", "/api/issue-categories/"),
    # 精准考核
    Endpoint("page-periods", "page /assessment/ (periods)", "", url_name="assessment:period_list"),
    Endpoint(
        "page-result-detail",
        "page /assessment/results/<result>/",
        "",
        goal=DETAIL,
        url_name="assessment:result_detail",
        url_arg="result",
    ),
    Endpoint(
        "page-tolerance-detail",
        "page /assessment/tolerance/<tolerance>/",
        "",
        goal=DETAIL,
        url_name="assessment:tolerance_detail",
        url_arg="tolerance",
    ),
    Endpoint("api-periods", "api /api/assessment-periods/", "/api/assessment-periods/"),
    Endpoint(
        "api-period-detail",
        "api /api/assessment-periods/<period>/",
        "/api/assessment-periods/{period}/",
        goal=DETAIL,
    ),
    Endpoint(
        "api-period-units",
        "api /api/assessment-periods/<period>/units/",
        "/api/assessment-periods/{period}/units/",
        goal=AGGREGATE,
    ),
    Endpoint(
        "api-result-detail",
        "api /api/assessment-results/<result>/",
        "/api/assessment-results/{result}/",
        goal=DETAIL,
    ),
    Endpoint("api-schemes", "api /api/assessment-schemes/", "/api/assessment-schemes/"),
    Endpoint("api-indicators", "api /api/assessment-indicators/", "/api/assessment-indicators/"),
    Endpoint("api-tolerance", "api /api/tolerance-applications/", "/api/tolerance-applications/"),
    Endpoint(
        "api-tolerance-detail",
        "api /api/tolerance-applications/<tolerance>/",
        "/api/tolerance-applications/{tolerance}/",
        goal=DETAIL,
    ),
    # 精准招商
    Endpoint(
        "page-map", "page /investment/map/ (industry map)", "", goal=AGGREGATE, url_name="investment:map"
    ),
    Endpoint(
        "page-lead-detail",
        "page /investment/leads/<lead>/",
        "",
        goal=DETAIL,
        url_name="investment:lead_detail",
        url_arg="lead",
    ),
    Endpoint("page-funds", "page /investment/funds/", "", url_name="investment:fund_list"),
    Endpoint(
        "page-fund-detail",
        "page /investment/funds/<fund>/",
        "",
        goal=DETAIL,
        url_name="investment:fund_detail",
        url_arg="fund",
    ),
    Endpoint("page-elements", "page /investment/elements/", "", url_name="investment:element_list"),
    Endpoint(
        "page-element-detail",
        "page /investment/elements/<element>/",
        "",
        goal=DETAIL,
        url_name="investment:element_detail",
        url_arg="element",
    ),
    Endpoint(
        "api-lead-detail", "api /api/investment-leads/<lead>/", "/api/investment-leads/{lead}/", goal=DETAIL
    ),
    Endpoint(
        "api-lead-journal",
        "api /api/investment-leads/<lead>/journal/",
        "/api/investment-leads/{lead}/journal/",
        goal=DETAIL,
    ),
    Endpoint("api-lead-journal-list", "api /api/lead-journal/", "/api/lead-journal/"),
    Endpoint("api-chains", "api /api/industry-chains/", "/api/industry-chains/"),
    Endpoint("api-chain-links", "api /api/chain-links/", "/api/chain-links/"),
    Endpoint("api-teams", "api /api/investment-teams/", "/api/investment-teams/"),
    Endpoint("api-funds", "api /api/funds/", "/api/funds/"),
    Endpoint("api-fund-investments", "api /api/fund-investments/", "/api/fund-investments/"),
    Endpoint("api-elements", "api /api/element-requests/", "/api/element-requests/"),
    # notifications, scheduled-task runs, exports
    Endpoint("page-notifications", "page /notifications/", "", url_name="notifications:inbox"),
    Endpoint(
        "page-preferences",
        "page /notifications/preferences/",
        "",
        goal=DETAIL,
        url_name="notifications:preferences",
    ),
    Endpoint("page-task-runs", "page /notifications/task-runs/", "", url_name="notifications:task_runs"),
    Endpoint("page-exports", "page /exports/ (export jobs)", "", url_name="exports:job_list"),
    Endpoint(
        "page-export-detail",
        "page /exports/jobs/<job>/",
        "",
        goal=DETAIL,
        url_name="exports:job_detail",
        url_arg="job",
    ),
    Endpoint("api-notifications", "api /api/notifications/", "/api/notifications/"),
    Endpoint(
        "api-unread-count",
        "api /api/notifications/unread-count/",
        "/api/notifications/unread-count/",
        goal=DETAIL,
    ),
    Endpoint(
        "api-preferences",
        "api /api/notification-preferences/me/",
        "/api/notification-preferences/me/",
        goal=DETAIL,
    ),
    Endpoint("api-task-runs", "api /api/task-runs/", "/api/task-runs/"),
    Endpoint("api-root", "api /api/ (root)", "/api/", goal=DETAIL),
]
ENDPOINT_KEYS = [e.key for e in ENDPOINTS]
#: background jobs (bench/ledger.py, bench/assessment.py, bench/workbook.py), selected with --endpoints
#: like the pages
JOB_KEYS = [
    "job-sweep",
    "job-digests",
    "job-assess",
    "job-workbook",
    "job-export-projects",
    "job-export-leads",
    "job-export-leadership",
]


@dataclass
class Measurement:
    queries: int
    median_ms: float
    sql: list = field(default_factory=list)


def _get(client, path):
    try:
        response = client.get(path)
    except Exception as exc:
        exc.add_note(f"bench: raised while serving GET {path}")
        raise
    if response.status_code != 200:
        where = response.get("Location", "")
        body = response.content[:400].decode("utf-8", "replace")
        raise BenchError(
            f"GET {path} answered {response.status_code}"
            + (f" → {where}" if where else "")
            + (f"\n{body}" if body and not where else "")
        )
    return response


def _fresh_activity(client):
    """Stamp the session's last activity now, so that the idle-timeout middleware
    (``liuyang.security``, which saves the session when the stamp is a minute old) does not add
    its session UPDATE to the one request whose queries are counted."""
    try:
        from liuyang.security import LAST_ACTIVITY_KEY
    except ImportError:
        return
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time()
    session.save()


def count_queries(client, path, warm_up=WARM_UP):
    """Warm up, then return the SQL of one request."""
    for _ in range(warm_up):
        _get(client, path)
    _fresh_activity(client)
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    # Read now: the next request clears the connection's query log.
    return [q["sql"] for q in captured.captured_queries]


def clients(people):
    """One logged-in client per user the endpoints are read as."""
    result = {}
    for role, user in (
        ("office", people.office),
        ("task_force_staff", people.task_force_staff),
        ("task_force_member", people.task_force_member),
        ("department_staff", people.department_staff),
        ("leader", people.leader),
    ):
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


def measure_all(endpoints, people, project, repeat, progress=None, period=None, objects=None):
    """Query counts, then ``repeat`` rounds of one timed request per endpoint.

    ``period`` (an assessment period) fills the ``{period}`` of the endpoints that need one,
    ``objects`` (``bench.objects.pick``) the other rows a detail page shows.

    Rounds rather than one endpoint after another, so that a burst of load from
    another process slows every endpoint a little instead of one a lot.
    """
    by_user = clients(people)
    period_pk = period.pk if period is not None else None
    targets = [
        (e, by_user[e.user], e.url(pk=project.pk, period=period_pk, **(objects or {}))) for e in endpoints
    ]
    sql = {e.key: count_queries(client, path, 1 if e.max_repeat else WARM_UP) for e, client, path in targets}
    timings = {e.key: [] for e in endpoints}
    gc.collect()
    for round_ in range(repeat):
        for endpoint, client, path in targets:
            if endpoint.max_repeat and round_ >= endpoint.max_repeat:
                continue
            start = time.perf_counter()
            _get(client, path)
            timings[endpoint.key].append(time.perf_counter() - start)
    results = {}
    for endpoint in endpoints:
        m = results[endpoint.key] = Measurement(
            queries=len(sql[endpoint.key]),
            median_ms=statistics.median(timings[endpoint.key]) * 1000,
            sql=sql[endpoint.key],
        )
        if progress:
            progress(f"  {endpoint.label}: {m.queries} queries, {m.median_ms:.1f} ms")
    return results
