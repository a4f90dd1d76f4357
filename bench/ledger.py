"""The synthetic city's issue ledger (问题清零), built with bulk_create, and the background jobs measured on it.

Benchmark data, like ``bench.city``; the demo's ledger goes through ``issues.services``.
``grow_issues`` gives the projects added since the last call ``PER_PROJECT`` issues each
(50,000 at 10,000 projects, 500 at 100): raised between 1 January and 27 November 2026
(``AS_OF``) on a department with its clerk, deadline 15–60 days later; by then 55 %
closed off (已销号), 7 % waiting for the office (待销号), 25 % being handled and 13 %
just assigned. Open issues raised long ago are past their deadline: about 12 % of all
issues are open and overdue on ``AS_OF`` (6,000 at 10,000 projects), at the level their
nature gave them (65 % unit, 25 % office, 7 % city leader with the task force's leader,
3 % reported upward). Project *i*'s issues draw from a random stream seeded with its id.
No journal, evidence or history rows: the sweep and the digest do not read them.

``measure_sweep`` times ``issues.services.escalation.escalate_overdue(today=AS_OF)`` inside
a transaction that is rolled back, so every repeat escalates the same issues (and flags the
same late approval tasks and milestones). ``measure_digests`` does the same for
``issues.services.digests.send_weekly_digests`` over at most ``DIGEST_TASK_FORCES`` task forces,
when the build has it.
"""

import gc
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module
from unittest import mock

from django.db import connection, transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from accounts.roles import Role
from issues.choices import NATURE_LEVEL, IssueNature, IssueSource, IssueStatus
from issues.models import EscalationStep, IssueCategory, IssueJournal, LedgerIssue, OverdueFlag
from projects.models import Project

from .city import BATCH
from .environment import BenchError

AS_OF = date(2026, 11, 27)
YEAR_START = date(2026, 1, 1)
PER_PROJECT = 5
DIGEST_TASK_FORCES = 1000
STATUS_WEIGHTS = {
    IssueStatus.CLOSED: 55,
    IssueStatus.PENDING_CLOSURE: 7,
    IssueStatus.IN_PROGRESS: 25,
    IssueStatus.ASSIGNED: 13,
}
NATURE_WEIGHTS = {
    IssueNature.ORDINARY: 65,
    IssueNature.CROSS_DEPARTMENT: 25,
    IssueNature.COMPLEX: 7,
    IssueNature.NEEDS_HIGHER: 3,
}
#: an open issue is overdue with these odds (the rest still have time)
OPEN_OVERDUE = 0.32
TITLES = ["用地报批", "资金到位", "施工许可", "征地拆迁", "供电接入", "环评批复", "管线迁改", "林地手续"]
TABLES = [LedgerIssue, EscalationStep, IssueJournal, OverdueFlag]


def _pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Context:
    def __init__(self):
        self.categories = list(IssueCategory.objects.order_by("pk").values_list("pk", flat=True))
        departments = list(
            User.objects.filter(groups__name=Role.DEPARTMENT_STAFF).values_list("unit_id", "pk")
        )
        self.clerks = {}
        for unit_id, user_id in departments:
            self.clerks.setdefault(unit_id, []).append(user_id)
        self.units = sorted(unit_id for unit_id in self.clerks if unit_id is not None)
        self.office = (
            User.objects.filter(groups__name=Role.KEY_OFFICE).order_by("pk").values_list("pk", flat=True)[0]
        )


def _issue(project, n, ctx, rng):
    raised = YEAR_START + timedelta(days=rng.randrange((AS_OF - YEAR_START).days))
    status = _pick(rng, STATUS_WEIGHTS)
    nature = _pick(rng, NATURE_WEIGHTS)
    unit = rng.choice(ctx.units)
    span = rng.randint(15, 60)
    if status in (IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS):
        # open: overdue with OPEN_OVERDUE odds, else still in time
        if rng.random() < OPEN_OVERDUE:
            deadline = AS_OF - timedelta(days=rng.randint(1, 40))
            raised = min(raised, deadline - timedelta(days=span))
        else:
            deadline = AS_OF + timedelta(days=rng.randint(0, 45))
            raised = max(min(raised, AS_OF), deadline - timedelta(days=span))
    else:
        deadline = raised + timedelta(days=span)
        raised = min(raised, AS_OF - timedelta(days=5))
        deadline = raised + timedelta(days=span)
    issue = LedgerIssue(
        project_id=project.pk,
        title=f"{rng.choice(TITLES)}问题{n + 1}",
        category_id=rng.choice(ctx.categories),
        source=IssueSource.OTHER,
        nature=nature,
        raised_by_id=ctx.office,
        raised_on=raised,
        responsible_unit_id=unit,
        responsible_person_id=rng.choice(ctx.clerks[unit]),
        leader_id=project.task_force_leader if nature == IssueNature.COMPLEX else None,
        deadline=deadline,
        level=NATURE_LEVEL[nature],
        listed=rng.random() < 0.02,
        status=status,
    )
    if status in (IssueStatus.PENDING_CLOSURE, IssueStatus.CLOSED):
        issue.resolution = "已解决。"
        issue.resolved_on = min(raised + timedelta(days=rng.randint(3, span)), AS_OF)
    if status == IssueStatus.CLOSED:
        issue.closed_on = min(issue.resolved_on + timedelta(days=rng.randint(0, 5)), AS_OF)
        issue.closed_by_id = ctx.office
    return issue


@transaction.atomic
def grow_issues():
    """PER_PROJECT issues for each project added since the last call; the number added."""
    done_up_to = LedgerIssue.objects.aggregate(n=Max("project_id"))["n"] or 0
    ctx = _Context()
    if not ctx.units or not ctx.categories:
        return 0
    projects = list(
        Project.objects.filter(pk__gt=done_up_to)
        .order_by("pk")
        .annotate(task_force_leader=Max("task_force__leader_id"))
        .only("pk")
    )
    added = 0
    for first in range(0, len(projects), BATCH):
        rows = []
        for project in projects[first : first + BATCH]:
            rng = random.Random(f"liuyang-bench-issues-{project.pk}")
            rows += [_issue(project, n, ctx, rng) for n in range(PER_PROJECT)]
        LedgerIssue.objects.bulk_create(rows, batch_size=BATCH * 5)
        added += len(rows)
    return added


@dataclass
class JobMeasurement:
    label: str
    queries: int
    median_ms: float
    done: dict
    units: int = 1  # task forces a digest run covered
    sql: list = field(default_factory=list)

    @property
    def per_unit(self):
        return self.queries / self.units if self.units else float("nan")


#: SQL kept per job run for --sql (the count is exact however many queries run)
KEEP_SQL = 200


def _rolled_back(call):
    """Run ``call`` in a transaction rolled back afterwards: (its result, its SQL, seconds).

    Queries are counted with an execute wrapper, not CaptureQueriesContext: the
    connection's query log keeps only the last 9,000, and a digest run makes more.
    """
    sql = []
    count = 0

    def counter(execute, statement, params, many, context):
        nonlocal count
        count += 1
        if len(sql) < KEEP_SQL:
            sql.append(statement)
        return execute(statement, params, many, context)

    with transaction.atomic():
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            result = call()
            elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return result, count, sql, elapsed


def _measure(label, call, repeat, units_of=lambda result: 1):
    gc.collect()
    result, count, sql, first = _rolled_back(call)
    timings = [first]
    for _ in range(repeat - 1):
        again, _count, _sql, elapsed = _rolled_back(call)
        if again != result:
            raise BenchError(f"{label} did different work on a repeat: {result} then {again}")
        timings.append(elapsed)
    return JobMeasurement(label, count, statistics.median(timings) * 1000, result, units_of(result), sql)


def measure_sweep(repeat=3):
    from issues.services.escalation import escalate_overdue

    return _measure("escalate_overdue(today=2026-11-27)", lambda: escalate_overdue(today=AS_OF), repeat)


def digests_available():
    try:
        module = import_module("issues.services.digests")
    except ImportError:
        return None
    if not hasattr(module, "send_weekly_digests"):
        return None
    try:  # a digest's notification links to its page
        reverse("issues:digest_detail", args=[1])
    except NoReverseMatch:
        return None
    return module


def measure_digests(repeat=3):
    """send_weekly_digests over the first DIGEST_TASK_FORCES task forces, or None if the build has none."""
    module = digests_available()
    if module is None:
        return None
    due = module.due_task_forces

    def limited(today):
        return due(today)[:DIGEST_TASK_FORCES]

    def call():
        with mock.patch.object(module, "due_task_forces", limited):
            return module.send_weekly_digests(today=AS_OF)

    return _measure(
        f"send_weekly_digests (≤{DIGEST_TASK_FORCES:,} task forces)",
        call,
        repeat,
        units_of=lambda result: result.get("created", 0),
    )


def overdue_count():
    return LedgerIssue.objects.filter(
        status__in=(IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS), deadline__lt=AS_OF
    ).count()


def table(results, sizes):
    """The jobs' table: queries, queries per task force (digests), median ms, what it did."""
    header = ["job"] + [f"queries @{s:,}" for s in sizes] + [f"median ms @{s:,}" for s in sizes]
    header += [f"did @{s:,}" for s in sizes] + ["goal met?"]
    rows = []
    for key in results[sizes[0]]:
        by_size = {s: results[s][key] for s in sizes}
        if key == "digests":
            counts = [f"{m.queries} ({m.per_unit:.1f}/tf)" for m in by_size.values()]
            per = {round(m.per_unit, 1) for m in by_size.values()}
            met = "yes" if len(per) == 1 else "NO (queries per task force " + "→".join(map(str, per)) + ")"
        elif key == "workbook":
            counts = [str(m.queries) for m in by_size.values()]
            met = _workbook_goal(by_size, sizes)
        elif key.startswith("export-"):
            counts = [str(m.queries) for m in by_size.values()]
            met = job_verdict(key, by_size, sizes)
            met = "yes" if met[0] else f"NO ({met[1]})"
        else:
            counts = [str(m.queries) for m in by_size.values()]
            met = "yes" if len({m.queries for m in by_size.values()}) == 1 else "NO (queries grow)"
        did = [", ".join(f"{k} {v:,}" for k, v in m.done.items()) for m in by_size.values()]
        rows.append(
            [by_size[sizes[0]].label, *counts, *(f"{m.median_ms:.0f}" for m in by_size.values()), *did, met]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def _workbook_goal(by_size, sizes):
    """The same queries at every size, and write() within RATIO_GOAL of openpyxl alone at the largest."""
    from .workbook import RATIO_GOAL

    problems = []
    if len({m.queries for m in by_size.values()}) > 1:
        problems.append("queries grow")
    ratio = by_size[sizes[-1]].done["ratio"]
    if ratio > RATIO_GOAL:
        problems.append(f"×{ratio} openpyxl alone > ×{RATIO_GOAL}")
    return f"NO ({'; '.join(problems)})" if problems else "yes"


def job_verdict(key, by_size, sizes):
    """(goal met, why not) of one job."""
    if key == "digests":
        per = {round(m.per_unit, 1) for m in by_size.values()}
        return len(per) == 1, "" if len(per) == 1 else "queries per task force grow"
    if key == "workbook":
        text = _workbook_goal(by_size, sizes)
        return text == "yes", "" if text == "yes" else text
    if key.startswith("export-"):
        from .exportjobs import verdict

        return verdict(by_size, sizes)
    same = len({m.queries for m in by_size.values()}) == 1
    return same, "" if same else "queries grow"


JOB_GOALS = {
    "digests": "same queries per task force",
    "workbook": "same queries, write() ≤ ×1.3 openpyxl alone",
}


def figures(results, sizes):
    return [
        {
            "goal": JOB_GOALS.get(
                key,
                "< 0.01 queries per extra row, time per row ×≤1.5"
                if key.startswith("export-")
                else "same queries",
            ),
            "goal_met": job_verdict(key, {s: results[s][key] for s in sizes}, sizes)[0],
            "missed": job_verdict(key, {s: results[s][key] for s in sizes}, sizes)[1],
            "job": key,
            "label": results[sizes[0]][key].label,
            "queries": {str(s): results[s][key].queries for s in sizes},
            "queries_per_task_force": {str(s): round(results[s][key].per_unit, 2) for s in sizes}
            if key == "digests"
            else None,
            "median_ms": {str(s): round(results[s][key].median_ms, 1) for s in sizes},
            "did": {str(s): results[s][key].done for s in sizes},
        }
        for key in results[sizes[0]]
    ]
