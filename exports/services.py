"""Starting an export (a job row, queued for Celery after the commit) and running it.

Without a broker (the embedded default) Celery runs the task eagerly, so the job is
done in-process when the request that started it returns.
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

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
    from .tasks import run_export

    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def _failed(job, reason):
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    return {"failed": 1}


def run(job_id):
    """Write the job's workbook; the job ends done (with its file) or failed (with why)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return {"skipped": 1}
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
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
