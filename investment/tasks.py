"""Celery tasks of 精准招商. Beat schedules them from the database (django-celery-beat)."""

import datetime

from celery import shared_task

from notifications.tasks import TASK_OPTIONS, recorded


@shared_task(name="investment.remind_overdue_leads", **TASK_OPTIONS)
@recorded
def remind_overdue_leads(self, today=None):
    """Remind the owners and team leaders of leads past their next step (see investment.services.reminders);
    ``today`` as YYYY-MM-DD for a catch-up run."""
    from .services.reminders import remind_overdue_leads as remind

    return remind(today=datetime.date.fromisoformat(today) if today else None)
