"""Query-count baselines (NetBox's habit): a page's query count must not grow with the data,
and must equal a pinned number, so a change that adds a query is seen and decided on."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def capture(fetch):
    """Run ``fetch()`` and return (its result, the SQL statements it ran)."""
    with CaptureQueriesContext(connection) as ctx:
        result = fetch()
    return result, [q["sql"] for q in ctx.captured_queries]


def _format(label, statements):
    lines = [f"--- {label}: {len(statements)} queries"]
    lines += [f"{i:3d}. {sql}" for i, sql in enumerate(statements, 1)]
    return "\n".join(lines)


def assert_num_queries_stable(fetch, grow, sizes, expected):
    """Assert ``fetch()`` runs ``expected`` queries at every data size in ``sizes``.

    ``grow(n)`` brings the data to size ``n`` (sizes ascending); ``fetch()``
    performs the request and checks its response. The first fetch is a warm-up
    (caches of content types and the like) and is not counted. On failure the
    message lists the SQL of every measured run.
    """
    runs = []
    for index, size in enumerate(sizes):
        grow(size)
        if index == 0:
            fetch()
        _, statements = capture(fetch)
        runs.append((size, statements))
    counts = {size: len(statements) for size, statements in runs}
    if len(set(counts.values())) != 1 or counts[sizes[0]] != expected:
        report = "\n".join(_format(f"size {size}", statements) for size, statements in runs)
        raise AssertionError(
            f"query counts {counts}, expected {expected} at every size "
            f"(pinned baseline; update it only for a deliberate change)\n{report}"
        )
