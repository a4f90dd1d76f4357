"""The table on stdout and the same figures as JSON (var/bench.json)."""

import json
import os
import platform
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

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


def table(endpoints, results, sizes):
    header = ["endpoint"]
    header += [f"queries @{_size(s)}" for s in sizes]
    header += [f"median ms @{_size(s)}" for s in sizes]
    header += ["ratio", "goal met?"]
    rows = []
    for endpoint in endpoints:
        by_size = {s: results[s][endpoint.key] for s in sizes}
        ratio, met, why = verdict(endpoint, by_size, sizes)
        goal = "yes" if met else f"NO ({why})"
        if endpoint.goal == "queries" and met:
            goal = "yes (queries only)"
        row = [endpoint.label]
        row += [str(by_size[s].queries) for s in sizes]
        row += [f"{by_size[s].median_ms:.1f}" for s in sizes]
        row += [f"{ratio:.2f}", goal]
        rows.append(row)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


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


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
