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
