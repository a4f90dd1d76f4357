"""An export job on a real Celery worker, against Redis and the test PostgreSQL database.

The page starts the job (not eager): the job row is committed, ``exports.run_export`` goes to
the broker after the commit, a ``celery worker`` subprocess (as in tests/issues/test_workers.py)
picks it up, and the job ends done with its workbook, written where the site keeps its media.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from exports.choices import JobStatus
from exports.models import ExportJob
from liuyang.celery import app
from notifications.choices import TaskRunStatus
from notifications.models import TaskRun
from projects.choices import ProjectStage
from tests.factories import ProjectFactory, UserFactory
from tests.issues.test_workers import broker_url, wait_for, workers  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site_broker(broker_url, monkeypatch):  # noqa: F811
    """The site's own Celery app sends to the worker's broker, not eagerly (as in production)."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    saved = (app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager = broker_url, None, False
    # connections are pooled per app: a fresh pool for this broker, and a fresh one after
    app._pool, app.amqp._producer_pool = None, None
    yield broker_url
    app._pool, app.amqp._producer_pool = None, None
    app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager = saved


def test_a_real_worker_runs_the_export_queued_after_the_commit(
    client,
    workers,  # noqa: F811
    site_broker,
    settings,
    tmp_path,
):
    media = tmp_path / "var" / "media"
    settings.MEDIA_ROOT = media
    built = [ProjectFactory(stage=ProjectStage.CONSTRUCTION) for _ in range(3)]
    ProjectFactory(stage=ProjectStage.PREPARATION)
    office = UserFactory(roles=[Role.KEY_OFFICE])
    workers.start(pool="solo", concurrency=1, MEDIA_ROOT=media)

    client.force_login(office)
    response = client.post(reverse("exports:start", args=["projects"]) + "?stage=construction&sort=code")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    # the request returned with the job queued; the worker, not this process, runs it
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=[JobStatus.DONE, JobStatus.FAILED]).exists(),
        workers,
        what="the export job",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.file.name and job.filename.endswith(".xlsx")
    assert (job.rows_total, job.rows_done) == (3, 3)
    assert (media / job.file.name).exists()
    with job.file.open("rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    assert [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] == sorted(p.code for p in built)
    assert TaskRun.objects.filter(name="exports.run_export", status=TaskRunStatus.SUCCEEDED).count() == 1
