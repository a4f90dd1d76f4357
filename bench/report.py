"""The table on stdout and the same figures as JSON (var/bench.json)."""

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime
from zoneinfo import ZoneInfo

from .environment import BASE_DIR
from .measure import TIME_RATIO_GOAL, WARM_UP


def verdict(endpoint, by_size, sizes):
    """(ratio, goal met, why not) for one endpoint measured at ``sizes``."""
    first, last = by_size[sizes[0]], by_size[sizes[-1]]
    ratio = last.median_ms / first.median_ms if first.median_ms else float("inf")
    counts = [by_size[s].queries for s in sizes]
    problems = []
    if len(set(counts)) > 1:
        problems.append("queries " + "→".join(map(str, counts)))
    if endpoint.goal == "scale" and ratio > TIME_RATIO_GOAL:
        problems.append(f"time ×{ratio:.3f} > ×{TIME_RATIO_GOAL}")
    return ratio, not problems, "; ".join(problems)


def _size(n):
    return f"{n:,}"


def goal_text(endpoint):
    return f"same queries, time ×≤{TIME_RATIO_GOAL}" if endpoint.goal == "scale" else "same queries"


def markdown(header, rows):
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


def table(endpoints, results, sizes):
    header = ["endpoint", "read as"]
    header += [f"queries @{_size(s)}" for s in sizes]
    header += [f"median ms @{_size(s)}" for s in sizes]
    header += ["ratio", "goal", "met?"]
    rows = []
    for endpoint in endpoints:
        by_size = {s: results[s][endpoint.key] for s in sizes}
        ratio, met, why = verdict(endpoint, by_size, sizes)
        row = [endpoint.label, endpoint.user]
        row += [str(by_size[s].queries) for s in sizes]
        row += [f"{by_size[s].median_ms:.1f}" for s in sizes]
        row += [f"{ratio:.2f}", goal_text(endpoint), "yes" if met else f"NO ({why})"]
        rows.append(row)
    return markdown(header, rows)


def _tables():
    """(label, model, filter) of the rows counted after each size."""
    from approvals.models import ApprovalCase, ApprovalTask
    from assessment.models import IndicatorResult, ProjectAssessment
    from investment.models import InvestmentLead
    from issues.models import LedgerIssue
    from projects.models import Milestone, ProgressReport, Project, TaskForce
    from reserve.models import ReserveEntry

    return [
        ("projects", Project, {}),
        ("reserve entries", ReserveEntry, {}),
        ("task forces", TaskForce, {}),
        ("milestones", Milestone, {}),
        ("progress reports", ProgressReport, {}),
        ("progress reports, weekly", ProgressReport, {"frequency": "weekly"}),
        ("approval cases", ApprovalCase, {}),
        ("approval tasks", ApprovalTask, {}),
        ("ledger issues", LedgerIssue, {}),
        ("investment leads", InvestmentLead, {}),
        ("assessment results", ProjectAssessment, {}),
        ("indicator results", IndicatorResult, {}),
    ]


def row_counts():
    """{table: rows} as built, counted in the database."""
    return {label: model.objects.filter(**where).count() for label, model, where in _tables()}


def rows_table(rows, sizes):
    labels = list(rows[sizes[0]])
    return markdown(
        ["rows built", *(f"@{_size(s)} projects" for s in sizes)],
        [[label, *(f"{rows[s][label]:,}" for s in sizes)] for label in labels],
    )


def nproc():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def load_note(load):
    """One line on how busy the machine was; the run itself counts for about 1."""
    cpus = nproc()
    text = ", ".join(f"{value} @{_size(size)}" for size, value in load.items())
    note = f"load average (1 min) after measuring: {text}; {cpus} CPUs"
    if max(load.values()) > cpus:
        note += " -- other processes competed for the CPUs: times are noisy, run again on a quiet machine"
    return note


def figures(endpoints, results, sizes, repeat, database, pg_version, load):
    entries = []
    for endpoint in endpoints:
        by_size = {s: results[s][endpoint.key] for s in sizes}
        ratio, met, why = verdict(endpoint, by_size, sizes)
        entries.append(
            {
                "key": endpoint.key,
                "endpoint": endpoint.label,
                "user": endpoint.user,
                "goal": endpoint.goal,
                "goal_text": goal_text(endpoint),
                "queries": {str(s): by_size[s].queries for s in sizes},
                "median_ms": {str(s): round(by_size[s].median_ms, 2) for s in sizes},
                "ratio": round(ratio, 3),
                "goal_met": met,
                "missed": why,
            }
        )
    return {
        "date": datetime.now(ZoneInfo("Asia/Shanghai")).isoformat(timespec="seconds"),
        "machine": {
            "nproc": nproc(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
        },
        "postgresql": pg_version,
        "database": database,
        "sizes": sizes,
        "load_average_1min": {str(size): value for size, value in load.items()},
        "repeat": repeat,
        "warm_up": WARM_UP,
        "goals": {
            "queries": "the same number of SQL queries at every size",
            "time_ratio_max": TIME_RATIO_GOAL,
        },
        "endpoints": entries,
    }


def git_commit():
    """The checked-out commit (with ``+dirty`` when the tree has changes), or None without git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "")


def summary(data, rows, sizes):
    """The top of var/bench.json: what was built, when, from which commit, how many goals were met."""
    verdicts = [(e["key"], e["goal_met"]) for e in data["endpoints"]]
    verdicts += [(j["job"], j["goal_met"]) for j in data["jobs"]]
    missed = [key for key, met in verdicts if not met]
    return {
        "date": data["date"],
        "git_commit": git_commit(),
        "sizes": sizes,
        "rows": {label: rows[sizes[-1]][label] for label in rows[sizes[-1]]},
        "measured": len(verdicts),
        "passed": len(verdicts) - len(missed),
        "missed": len(missed),
        "missed_keys": missed,
    }


def write_json(path, data):
    """Write ``path`` atomically: a temporary file in the same directory, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = {"summary": data["summary"], **{k: v for k, v in data.items() if k != "summary"}}
    fd, temporary = tempfile.mkstemp(prefix=".bench-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
