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
    path: str  # may hold {pk}: the measured project, {period}: the assessment period (bench/assessment.py)
    user: str = "office"  # or "task_force_staff", "task_force_member", "department_staff"
    #: "scale": same query count and time within TIME_RATIO_GOAL; "queries": same query count only
    goal: str = "scale"
    #: a URL name whose reverse() is the path (``path`` is then only its query string, if any)
    url_name: str = ""
    #: the format key ("pk" or "period") whose value is the URL name's one argument, if it takes one
    url_arg: str = ""

    def url(self, pk=None, period=None):
        keys = {"pk": pk, "period": period}
        base = (
            reverse(self.url_name, args=[keys[self.url_arg]] if self.url_arg else []) if self.url_name else ""
        )
        return base + self.path.format(**keys)

    @property
    def needs_period(self):
        return self.url_arg == "period" or "{period}" in self.path

    def available(self):
        """Whether the page or API exists in this build (a URL name reverses, a path resolves)."""
        try:
            resolve(self.url(pk=1, period=1).split("?")[0])
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
ENDPOINT_KEYS = [e.key for e in ENDPOINTS]
#: background jobs (bench/ledger.py, bench/assessment.py, bench/workbook.py), selected with --endpoints
#: like the pages
JOB_KEYS = ["job-sweep", "job-digests", "job-assess", "job-workbook"]


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


def count_queries(client, path):
    """Warm up, then return the SQL of one request."""
    for _ in range(WARM_UP):
        _get(client, path)
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
    ):
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


def measure_all(endpoints, people, project, repeat, progress=None, period=None):
    """Query counts, then ``repeat`` rounds of one timed request per endpoint.

    ``period`` (an assessment period) fills the ``{period}`` of the endpoints that need one.

    Rounds rather than one endpoint after another, so that a burst of load from
    another process slows every endpoint a little instead of one a lot.
    """
    by_user = clients(people)
    period_pk = period.pk if period is not None else None
    targets = [(e, by_user[e.user], e.url(pk=project.pk, period=period_pk)) for e in endpoints]
    sql = {e.key: count_queries(client, path) for e, client, path in targets}
    timings = {e.key: [] for e in endpoints}
    gc.collect()
    for _ in range(repeat):
        for endpoint, client, path in targets:
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
