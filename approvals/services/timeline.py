"""A case on a working-day axis: which items ran side by side and which one held the case up."""

from django.utils import timezone

from ..choices import TaskStatus


def case_timeline(case, tasks, calendar, today=None):
    """Rows (one per task) with bar start/end and due marker in working days since acceptance.

    ``axis`` is the length of the axis; positions are also given in percent of it
    for the template. The task that ends last is the one that held the case up.
    """
    if case.accepted_on is None:
        return None
    today = today or timezone.localdate()
    start = case.accepted_on
    rows = []
    for task in tasks:
        end_day = task.concluded_on or (case.concluded_on if case.concluded_on else today)
        rows.append(
            {
                "task": task,
                "started": calendar.between(start, timezone.localdate(task.started_at))
                if task.started_at
                else None,
                "end": calendar.between(start, end_day),
                "due": calendar.between(start, task.due_date),
                "paused": task.paused_days
                + (calendar.between(task.paused_since, today) if task.paused_since else 0),
                "overdue": task.is_overdue(today),
                "open": task.is_open,
            }
        )
    serial = sum(task.promised_limit for task in tasks)
    longest = max((row["end"] for row in rows), default=0)
    axis = max([longest, serial, 1] + [row["due"] for row in rows])
    # The one task that held the case up: it ended last; among tasks still open (all "ending"
    # today) the one due last.
    holder = max(rows, key=lambda row: (row["end"], row["due"]), default=None)
    for row in rows:
        row["end_pct"] = round(max(row["end"], 0.25) / axis * 100, 2)
        row["due_pct"] = round(row["due"] / axis * 100, 2)
        row["holds_case"] = row is holder
        row["colour"] = TaskStatus.colour(row["task"].status)
    return {
        "rows": rows,
        "axis": axis,
        "ticks": _ticks(axis),
        "elapsed": longest,
        "serial": serial,
        "serial_pct": round(serial / axis * 100, 2),
        "elapsed_pct": round(max(longest, 0.25) / axis * 100, 2),
    }


def _ticks(axis):
    step = 1 if axis <= 10 else 5 if axis <= 60 else 10
    return [{"day": day, "pct": round(day / axis * 100, 2)} for day in range(0, axis + 1, step)]
