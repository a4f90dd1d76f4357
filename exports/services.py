"""Starting an export (a job row, queued for Celery after the commit) and running it.

Without a broker (the embedded default) Celery runs the task eagerly, so the job is
done in-process when the request that started it returns.
"""

import datetime
import logging
import tempfile
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from . import registry
from .choices import JobStatus
from .models import ExportJob

log = logging.getLogger(__name__)


def as_querydict(params):
    query = QueryDict(mutable=True)
    for name, values in (params or {}).items():
        query.setlist(name, values if isinstance(values, list) else [values])
    return query


@transaction.atomic
def start(user, key, params):
    """Check the right and the filters, record the job, queue it; return the job."""
    export = registry.get(key)
    if not export.allowed(user):
        raise PermissionDenied(_("您没有导出此内容的权限。"))
    params = params.copy()
    for name in ("page", "export"):
        params.pop(name, None)
    export.prepare(user, params)
    job = ExportJob.objects.create(
        kind=key,
        title=export.title(user, params)[:200],
        params={name: params.getlist(name) for name in params},
        requested_by=user,
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id):
    """Put the job's run on the broker. With the broker down the request still answers: the job
    stays queued and ``requeue_waiting`` (every few minutes) queues it once the broker is back."""
    from .tasks import run_export

    try:
        run_export.delay(job_id)
    except (BrokerError, ConnectionError, OSError) as exc:
        log.warning("export job %s not enqueued (%s); the requeue sweep will queue it", job_id, exc)
        return False
    return True


def _failed(job, reason):
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    return {"failed": 1}


#: first key of the PostgreSQL advisory lock a running export holds (the second is the job's id)
RUN_LOCK = 0x6578  # "ex"


def _lock(job_id):
    """Take the job's run lock on this connection: a PostgreSQL session lock, which the database
    drops when the worker's connection goes, killed or not. Elsewhere (SQLite) always True."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUN_LOCK, job_id & 0x7FFFFFFF])
        return cursor.fetchone()[0]


def _unlock(job_id):
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK, job_id & 0x7FFFFFFF])
    except DatabaseError:  # the connection is gone, and the lock with it
        log.warning("export job %s: run lock not released (connection lost)", job_id)


def _claim(job_id):
    """The job, now running in this worker, or None when there is nothing to do.

    A queued job is claimed once (the row is locked while it turns running: of two messages for
    one job, one runs it). A job already "running" is claimed again only when no live worker holds
    its run lock: its worker died (SIGKILL, OOM, power) and Redis gave the acks_late message back.
    """
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
            return None
        if not _lock(job.pk):
            return None  # a live worker is running it
        if job.status == JobStatus.RUNNING:
            log.warning("export job %s: the worker running it is gone; running it again", job.pk)
        try:
            job.status, job.started_at, job.rows_done = JobStatus.RUNNING, timezone.now(), 0
            job.save(update_fields=["status", "started_at", "rows_done"])
        except BaseException:
            _unlock(job.pk)
            raise
    return job


def run(job_id):
    """Write the job's workbook; the job ends done (with its file) or failed (with why)."""
    job = _claim(job_id)
    if job is None:
        return {"skipped": 1}
    try:
        if settings.EXPORT_TEST_DELAY:  # test hook (ALLOW_TEST_HOOKS only): time to kill the worker
            time.sleep(settings.EXPORT_TEST_DELAY)
        return _write(job)
    finally:
        _unlock(job.pk)


def _write(job):
    user, params = job.requested_by, as_querydict(job.params)
    try:
        export = registry.get(job.kind)
        if not user.is_active or not export.allowed(user):
            raise PermissionDenied(_("导出人已无导出此内容的权限。"))
        total = export.count(user, params)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total)

        def progress(done):
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

        filename = export.filename(user, params)
        with tempfile.TemporaryFile() as out:
            export.write(user, params, out, progress)
            out.seek(0)
            job.file.save(filename, File(out), save=False)
    except (ValidationError, PermissionDenied) as exc:  # the user's to fix: say what
        if hasattr(exc, "error_dict"):
            reason = "；".join(f"{name}：{' '.join(errors)}" for name, errors in exc.message_dict.items())
        else:
            reason = " ".join(getattr(exc, "messages", None) or [str(exc)])
        return _failed(job, reason)
    except Exception:  # ours: the log keeps the traceback, the job says so plainly
        log.exception("export job %s (%s) failed", job.pk, job.kind)
        return _failed(job, _("生成文件时出错，已记录日志，请稍后重试或联系管理员。"))
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, file=job.file.name, filename=filename[:200], finished_at=timezone.now()
    )
    return {"done": 1}


def requeue_waiting(now=None):
    """Queue again the jobs still queued EXPORT_REQUEUE_MINUTES after they were started (their
    message never reached the broker, or was lost with it). A job runs once however many
    messages it has (``_claim``). Returns the number queued."""
    now = now or timezone.now()
    before = now - datetime.timedelta(minutes=settings.EXPORT_REQUEUE_MINUTES)
    waiting = ExportJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=before).order_by("created_at")
    return sum(enqueue(pk) for pk in waiting.values_list("pk", flat=True))


def purge(now=None):
    """Delete export jobs (and their files) finished more than EXPORT_KEEP_DAYS ago, and jobs
    stuck queued or running for a day (their worker is gone). Returns the number deleted."""
    now = now or timezone.now()
    done_before = now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    stuck_before = now - datetime.timedelta(days=1)
    old = ExportJob.objects.filter(finished_at__lt=done_before) | ExportJob.objects.filter(
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING), created_at__lt=stuck_before
    )
    deleted = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    return deleted
