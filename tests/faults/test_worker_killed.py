"""A Celery worker killed (SIGKILL) in the middle of an export job: the job completes once.

The export task is acks_late, so Redis gives the unacknowledged message back once the
visibility timeout has passed; the restarted worker must run the job again (it was left
"running" by the dead worker) and finish it with one file, not skip it and not run it twice.
The weekly digest has the same proof in tests/issues/test_workers.py.
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from exports.choices import JobStatus
from exports.models import ExportJob
from notifications.choices import TaskRunStatus
from notifications.models import TaskRun
from projects.choices import ProjectStage
from tests.exports.test_worker import site_broker  # noqa: F401  (fixture)
from tests.factories import ProjectFactory, UserFactory
from tests.issues.test_workers import broker_url, wait_for, workers  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def files_under(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_an_export_worker_killed_mid_job_the_job_completes_once(
    client,
    workers,  # noqa: F811
    site_broker,  # noqa: F811
    settings,
    tmp_path,
):
    media = tmp_path / "var" / "media"
    settings.MEDIA_ROOT = media
    for _ in range(3):
        ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    office = UserFactory(roles=[Role.KEY_OFFICE])
    hooks = {
        "MEDIA_ROOT": media,
        "ALLOW_TEST_HOOKS": 1,
        "EXPORT_TEST_DELAY": 3,  # the job waits this long once running: time to kill its worker
        # Redis gives an unacknowledged task back after 3 s, and the worker looks every second
        "CELERY_VISIBILITY_TIMEOUT": 3,
        "CELERY_UNACKED_RESTORE_INTERVAL": 1,
    }
    first = workers.start(pool="solo", concurrency=1, **hooks)
    client.force_login(office)
    response = client.post(reverse("exports:start", args=["projects"]) + "?stage=construction")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists(),
        workers,
        what="the job to start",
    )

    workers.kill(first)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.file, "killed in the middle of the job"
    assert files_under(media) == []

    workers.start(pool="solo", concurrency=1, **hooks)
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=[JobStatus.DONE, JobStatus.FAILED]).exists(),
        workers,
        timeout=60,
        what="the redelivered export job",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.rows_total, job.rows_done) == (3, 3)
    assert files_under(media) == [media / job.file.name], "one workbook, the job's"
    runs = TaskRun.objects.filter(name="exports.run_export")
    assert [run.summary for run in runs.filter(status=TaskRunStatus.SUCCEEDED)] == [{"done": 1}]
    assert runs.filter(status=TaskRunStatus.RUNNING).count() == 1  # the killed run, left as it was
