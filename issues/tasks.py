"""Celery tasks of the ledger. Beat schedules them from the database (django-celery-beat)."""

import datetime

from celery import shared_task

from notifications.tasks import TASK_OPTIONS, recorded


@shared_task(name="issues.escalate_overdue", **TASK_OPTIONS)
@recorded
def escalate_overdue(self, today=None):
    """The daily overdue sweep (see issues.services.escalation); ``today`` as YYYY-MM-DD for a catch-up run."""
    from .services.escalation import escalate_overdue as sweep

    day = datetime.date.fromisoformat(today) if today else None
    return sweep(today=day)


@shared_task(name="issues.send_weekly_digests", **TASK_OPTIONS)
@recorded
def send_weekly_digests(self, today=None):
    """Each task force's weekly dispatch digest, once per ISO week (see issues.services.digests)."""
    from .services.digests import send_weekly_digests as send

    return send(today=datetime.date.fromisoformat(today) if today else None)


@shared_task(name="issues.remind_missing_reports", **TASK_OPTIONS)
@recorded
def remind_missing_reports(self, today=None):
    """Remind the people of projects whose last period's report is late (see issues.services.reminders)."""
    from .services.reminders import remind_missing_reports as remind

    return remind(today=datetime.date.fromisoformat(today) if today else None)
