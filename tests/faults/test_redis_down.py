"""Redis stopped: pages and saves keep working; the emails and the export wait in the database
and go out, each once, when Redis is back.

The test runs a Redis of its own (tests/faults/servers.py) as the site's cache and broker and
stops it. With Redis down: the pages render, an issue is raised through its form (its
notifications wait in the outbox, email pending), an export is started (the page answers at
once; the job stays queued), and the cache answers misses with a warning. Redis starts again on
the same port, a real worker runs what beat sends (the export sweep twice, the outbox), and the
site queues a new export straight away: both jobs are done with one file each, every email
is sent once.
"""

import datetime
import logging
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from exports.choices import JobStatus
from exports.models import ExportJob
from issues.models import LedgerIssue
from notifications.choices import EmailStatus
from notifications.models import Notification, TaskRun
from projects.choices import ProjectStage
from tests.conftest import service_missing
from tests.exports.test_worker import site_broker  # noqa: F401  (fixture)
from tests.factories import ProjectFactory, UserFactory
from tests.faults.servers import RedisServer
from tests.faults.test_worker_killed import files_under
from tests.issues.test_pages import Scene
from tests.issues.test_workers import broker, wait_for, workers  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: a request that must not wait on the dead broker or cache longer than this (seconds)
PROMPT = 10


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker_url(own_redis):
    """The broker of the worker, of the site (site_broker) and of beat (broker): our Redis, db 1."""
    return own_redis.url(1)


@pytest.fixture
def site_cache(own_redis, settings):
    """The site's cache, as configured (liuyang.cache.DegradingRedisCache), on our Redis, db 0."""
    if not django_settings.REDIS_URL:
        service_missing("needs REDIS_URL (the site's Redis cache)")
    settings.CACHES = {"default": {**django_settings.CACHES["default"], "LOCATION": own_redis.url(0)}}
    settings.REDIS_URL = own_redis.url(0)
    cache.set("fault-test", "up")
    assert cache.get("fault-test") == "up"


def timed_post(client, url, data=None):
    started = time.monotonic()
    response = client.post(url, data or {})
    return response, time.monotonic() - started


def test_with_redis_stopped_pages_and_saves_work_and_queued_work_goes_out_once_it_returns(
    client,
    own_redis,
    site_cache,
    site_broker,  # noqa: F811
    workers,  # noqa: F811
    broker,  # noqa: F811
    settings,
    tmp_path,
    caplog,
):
    media = tmp_path / "var" / "media"
    settings.MEDIA_ROOT = media
    scene = Scene()
    for _ in range(2):
        ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    person = UserFactory(
        roles=scene.handler.roles if hasattr(scene.handler, "roles") else [], unit=scene.unit
    )
    assert PeriodicTask.objects.filter(task="exports.requeue_exports", enabled=True).exists()

    own_redis.stop()
    caplog.set_level(logging.WARNING)

    # pages render; the cache answers a miss with a warning, healthz names Redis as down
    client.force_login(scene.office)
    for url in (
        reverse("projects:project_list"),
        reverse("dashboards:office"),
        reverse("projects:project_detail", args=[scene.project.pk]),
        reverse("exports:job_list"),
    ):
        assert client.get(url).status_code == 200, url
    assert cache.get("fault-test", "miss") == "miss"
    assert any("Redis unavailable" in r.getMessage() for r in caplog.records if r.name == "liuyang.cache")
    health = client.get(reverse("healthz"))
    assert health.status_code == 503 and health.json()["checks"] == {"database": "ok", "redis": "down"}

    # a save: an issue raised through its form; its notifications wait in the outbox
    client.force_login(scene.staff)
    data = {
        "project": scene.project.pk,
        "title": "Redis停机期间登记的问题",
        "category": scene.category.pk,
        "nature": "ordinary",
        "responsible_unit": scene.unit.pk,
        "responsible_person": person.pk,
        "deadline": (scene.today + datetime.timedelta(days=10)).isoformat(),
    }
    response, took = timed_post(client, reverse("issues:issue_add"), data)
    issue = LedgerIssue.objects.get(title=data["title"])
    assert response.status_code == 302 and took < PROMPT, took
    waiting = Notification.objects.filter(key=f"issue:{issue.pk}:assigned")
    assert waiting.exists() and set(waiting.values_list("email_status", flat=True)) == {EmailStatus.PENDING}

    # an export: the page answers at once, the job stays queued for the sweep
    client.force_login(scene.office)
    response, took = timed_post(client, reverse("exports:start", args=["projects"]) + "?stage=construction")
    assert response.status_code == 302 and took < PROMPT, took
    first = ExportJob.objects.get()
    assert first.status == JobStatus.QUEUED
    assert any("not enqueued" in r.getMessage() for r in caplog.records if r.name == "exports.services")

    # Redis is back (empty: it kept nothing); a worker runs what beat sends
    own_redis.start()
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING).count()
    workers.start(pool="solo", concurrency=1, MEDIA_ROOT=media)
    late = timezone.now() - datetime.timedelta(minutes=settings.EXPORT_REQUEUE_MINUTES + 1)
    ExportJob.objects.filter(pk=first.pk).update(created_at=late)  # as if the sweep's time had come
    for _ in range(2):  # two sweeps before the job runs: two messages for one job
        broker.send_task("exports.requeue_exports")
    broker.send_task("notifications.send_outbox")
    # and the site's own publishing has recovered: a new export is queued straight away
    response, took = timed_post(client, reverse("exports:start", args=["projects"]) + "?stage=construction")
    assert response.status_code == 302 and took < PROMPT, took

    wait_for(
        lambda: (
            ExportJob.objects.filter(status__in=[JobStatus.DONE, JobStatus.FAILED]).count() == 2
            and not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
        ),
        workers,
        timeout=60,
        what="the exports and the outbox",
    )
    for job in ExportJob.objects.all():
        assert job.status == JobStatus.DONE, job.error
    assert sorted(files_under(media)) == sorted(media / job.file.name for job in ExportJob.objects.all())
    runs = [r.summary for r in TaskRun.objects.filter(name="exports.run_export")]
    assert runs.count({"done": 1}) == 2, runs
    assert {"skipped": 1} in runs, "the second sweep's message found the job taken"
    assert (
        sum(r.summary.get("requeued", 0) for r in TaskRun.objects.filter(name="exports.requeue_exports")) == 2
    )

    assert set(Notification.objects.values_list("email_status", flat=True)) <= {
        EmailStatus.SENT,
        EmailStatus.SKIPPED,
    }
    sent = Notification.objects.filter(email_status=EmailStatus.SENT)
    assert sent.count() == pending and all(n.emailed_at and n.email_attempts == 1 for n in sent), (
        "each sent once"
    )
    outbox = [r.summary for r in TaskRun.objects.filter(name="notifications.send_outbox")]
    assert sum(summary.get("sent", 0) for summary in outbox) == pending, outbox
