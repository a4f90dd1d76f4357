"""Background work shared by every app: a recorded task run, and sending the email outbox."""

import datetime
import functools
import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .choices import TaskRunStatus
from .models import TaskRun

log = logging.getLogger(__name__)

#: failures a task survives by retrying later (database restarting, network blips)
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
TASK_OPTIONS = {
    "bind": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 540,
    "time_limit": 600,
}


def recorded(func):
    """Run a task body with a TaskRun row: succeeded with its summary, or failed with the error.

    The failure is recorded (where the office sees it) and re-raised, so Celery's
    retry with backoff still applies.
    """

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        # A run still "running" past the hard time limit lost its worker (killed, OOM): say so.
        stale = timezone.now() - datetime.timedelta(seconds=TASK_OPTIONS["time_limit"] * 2)
        TaskRun.objects.filter(name=self.name, status=TaskRunStatus.RUNNING, started_at__lt=stale).update(
            status=TaskRunStatus.FAILED,
            finished_at=timezone.now(),
            error="WorkerLost: 超过时限仍未结束（进程被终止？）",
        )
        run = TaskRun.objects.create(
            name=self.name, started_at=timezone.now(), attempt=(self.request.retries or 0) + 1
        )
        try:
            summary = func(self, *args, **kwargs)
        except Exception as exc:  # recorded, then re-raised for Celery's retry and logging
            TaskRun.objects.filter(pk=run.pk).update(
                status=TaskRunStatus.FAILED,
                finished_at=timezone.now(),
                error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            raise
        if getattr(func, "forget_idle_runs", False) and not any(summary.values()):
            TaskRun.objects.filter(pk=run.pk).delete()  # a frequent run that found nothing to do
        else:
            TaskRun.objects.filter(pk=run.pk).update(
                status=TaskRunStatus.SUCCEEDED, finished_at=timezone.now(), summary=summary or {}
            )
        return summary

    return wrapper


def _send_outbox(self, limit=200):
    """Send the pending emails of the outbox (one per recipient per batch)."""
    from . import services

    return services.send_outbox(limit=limit)


_send_outbox.forget_idle_runs = True
send_outbox = shared_task(name="notifications.send_outbox", **TASK_OPTIONS)(recorded(_send_outbox))


def enqueue_outbox():
    """Ask a worker to send the outbox now. Without a broker the emails simply wait in the
    outbox for the next scheduled send: nothing is lost."""
    try:
        send_outbox.delay()
    except (BrokerError, ConnectionError, OSError, DatabaseError) as exc:
        log.warning("outbox not enqueued (%s); it will go with the next scheduled send", exc)
