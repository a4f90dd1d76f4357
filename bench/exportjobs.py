"""Export jobs through the real code path: ``exports.services.start`` (the right, the filters, the
job row) then ``exports.services.run`` (claim, count, write the .xlsx into the job's file, done),
as the 导出 button and the worker do, inside a transaction rolled back so every repeat exports
the same rows (the written files stay in the run's media directory, ``var/bench/media``).

A list export reads its rows ``CHUNK`` (1,000) at a time and records its progress every 500 rows,
so its queries grow with the rows by design; what must not grow is the queries *per row*: the
goal is fewer than ``PER_ROW_GOAL`` more queries per extra row at the largest size (a per-row
query, an N+1, gives 1 or more), and the time per row at most ``TIME_RATIO_GOAL`` times the
smallest size's.
"""

from django.http import QueryDict

from .ledger import _measure

#: (job key, export key, query string) of the exports measured
EXPORTS = [
    ("job-export-projects", "projects", ""),
    ("job-export-leads", "leads", ""),
    ("job-export-leadership", "leadership", ""),
]
PER_ROW_GOAL = 0.01
TIME_RATIO_GOAL = 1.5


def available(export_key):
    from exports.registry import REGISTRY

    return export_key in REGISTRY


def measure_export(user, export_key, query, repeat):
    from exports import services
    from exports.models import ExportJob

    def call():
        job = services.start(user, export_key, QueryDict(query, mutable=True))
        outcome = services.run(job.pk)
        job = ExportJob.objects.get(pk=job.pk)
        if outcome != {"done": 1}:
            raise RuntimeError(f"export {export_key} ended {outcome}: {job.error}")
        return {"rows": job.rows_total or 0}

    return _measure(f"export job {export_key} (start + run)", call, repeat, units_of=lambda r: r["rows"])


def verdict(by_size, sizes):
    """(goal met, why not) for one export measured at ``sizes``."""
    first, last = by_size[sizes[0]], by_size[sizes[-1]]
    problems = []
    extra_rows = last.units - first.units
    if extra_rows > 0:
        per_row = (last.queries - first.queries) / extra_rows
        if per_row >= PER_ROW_GOAL:
            problems.append(f"{per_row:.3f} queries per extra row")
        ms_small = first.median_ms / max(first.units, 1)
        ms_large = last.median_ms / max(last.units, 1)
        if ms_small and ms_large / ms_small > TIME_RATIO_GOAL:
            problems.append(f"time per row ×{ms_large / ms_small:.2f} > ×{TIME_RATIO_GOAL}")
    elif last.queries != first.queries:
        problems.append("queries " + "→".join(str(by_size[s].queries) for s in sizes))
    return not problems, "; ".join(problems)
