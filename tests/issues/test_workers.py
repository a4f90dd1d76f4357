"""Background work on a real Celery worker, against Redis and the test PostgreSQL database.

Each test starts ``celery -A liuyang worker`` as a subprocess pointed at the test
database and at a Redis database of its own (flushed before and after), puts
tasks on the broker the way beat does, and reads the outcome from the database:

- two digest runs at once make one digest per task force and one message per person;
- the overdue sweep run twice takes each escalation step once and journals it once;
- a worker killed (SIGKILL) in the middle of a digest run: the task is redelivered
  (acks_late; Redis gives an unacknowledged task back after the visibility timeout)
  and the run completes on the restarted worker without duplicates;
- the email outbox is sent by the worker.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

from issues.choices import IssueLevel, JournalKind
from issues.models import EscalationStep, IssueCategory, IssueJournal, LedgerIssue, WeeklyDigest
from notifications.choices import EmailStatus, NotificationKind, TaskRunStatus
from notifications.models import Notification, TaskRun
from projects.choices import ProjectStage
from tests.conftest import redis_url
from tests.factories import ProjectFactory, TaskForceFactory, TaskForceMemberFactory, UserFactory
from tests.issues.test_digests import digest_urlconf

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
FRIDAY = "2026-03-13"
#: Redis databases the worker tests may claim (the cache and other runs use the low ones)
BROKER_DBS = range(15, 9, -1)
CLAIM = "liuyang:worker-test:claim"


def _database_url():
    """The test database (pytest-django's ``test_<name>``) as a DATABASE_URL for the worker."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def broker_url():
    """A Redis database used by nothing else, claimed for this test and flushed after it."""
    import redis

    base = redis_url().rsplit("/", 1)[0] if redis_url().count("/") > 2 else redis_url().rstrip("/")
    for number in BROKER_DBS:
        url = f"{base}/{number}"
        client = redis.Redis.from_url(url)
        if client.dbsize() == 0 and client.set(CLAIM, os.getpid(), nx=True, ex=900):
            break
    else:
        pytest.fail("no free Redis database (10–15) for the worker test")
    yield url
    client.flushdb()


class Workers:
    """Start and stop ``celery worker`` subprocesses sharing one broker and the test database."""

    def __init__(self, broker, tmp_path):
        self.broker = broker
        self.tmp_path = tmp_path
        self.running = []
        self.logs = []

    def env(self, **extra):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "liuyang.settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": self.broker,
            "VAR_DIR": str(self.tmp_path / "var"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TEST_ROOT_URLCONF": digest_urlconf(),
            "PYTHONPATH": str(ROOT),
        }
        env.pop("CELERY_RESULT_BACKEND", None)
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def start(self, *, pool="prefork", concurrency=2, **env):
        """Start a worker and wait until it consumes; ``env`` adds environment variables."""
        log = self.tmp_path / f"worker-{len(self.logs)}.log"
        self.logs.append(log)
        # Set the URLconf before Celery sets Django up (the digest pages may not be in the site's
        # URLs yet), then run the ordinary `celery` command line.
        bootstrap = (
            "import os, sys\n"
            "from django.conf import settings\n"
            "settings.ROOT_URLCONF = os.environ['TEST_ROOT_URLCONF']\n"
            "from celery.__main__ import main\n"
            "sys.argv[0] = 'celery'\n"
            "sys.exit(main())\n"
        )
        args = [
            sys.executable,
            "-c",
            bootstrap,
            "-A",
            "liuyang",
            "worker",
            "-P",
            pool,
            "-c",
            str(concurrency),
        ]
        args += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"]
        args += ["-n", f"test{len(self.logs)}@%h"]
        with open(log, "wb") as out:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=self.env(**env),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the worker exited ({process.returncode}):\n{self.tail(log)}")
            if b" ready." in log.read_bytes():
                return process
            time.sleep(0.2)
        pytest.fail(f"the worker did not start in 60 s:\n{self.tail(log)}")

    def kill(self, process):
        """SIGKILL the worker and its pool (a machine losing power, the OOM killer)."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        self.running.remove(process)

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.running = []

    @staticmethod
    def tail(log, lines=60):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])

    def all_logs(self):
        return "\n\n".join(f"== {log.name}\n{self.tail(log)}" for log in self.logs)


@pytest.fixture
def workers(transactional_db, broker_url, tmp_path):
    workers = Workers(broker_url, tmp_path)
    yield workers
    workers.stop_all()  # before pytest-django empties the tables


@pytest.fixture
def broker(broker_url, monkeypatch):
    """What beat does: put a task on the queue by name."""
    # Celery lets CELERY_BROKER_URL from the environment (CI sets it) win over broker=…
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    # not the current app: shared tasks (run_export.delay …) resolve to the current app, and the
    # site must keep publishing through its own app after this client is gone
    client = Celery("liuyang-test-client", broker=broker_url, set_as_current=False)
    client.conf.task_serializer = "json"
    yield client
    client.close()


def wait_for(condition, workers, timeout=90, what="the workers to finish"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}\n{workers.all_logs()}")


def runs(name, status=TaskRunStatus.SUCCEEDED):
    return TaskRun.objects.filter(name=name, status=status).count()


def task_forces(count, members=2):
    made = []
    for _ in range(count):
        task_force = TaskForceFactory(project=ProjectFactory(stage=ProjectStage.CONSTRUCTION))
        for _ in range(members):
            TaskForceMemberFactory(task_force=task_force)
        made.append(task_force)
    return made


def assert_one_digest_and_one_message_per_person(made):
    assert WeeklyDigest.objects.count() == len(made)
    for task_force in made:
        digest = WeeklyDigest.objects.get(task_force=task_force)
        assert (digest.iso_year, digest.iso_week) == (2026, 11)
        key = f"digest:{task_force.pk}:2026-W11"
        people = {m.user_id for m in task_force.members.all()} | {task_force.leader_id}
        got = list(Notification.objects.filter(key=key).values_list("recipient_id", flat=True))
        assert sorted(got) == sorted(people), "each member and the leader get the digest exactly once"
        assert Notification.objects.filter(key=key, kind=NotificationKind.DIGEST).count() == len(people)


def test_two_digest_runs_at_once_make_one_digest_per_task_force(workers, broker):
    made = task_forces(3)
    # a short pause per task force keeps the two runs side by side, racing for the same rows
    workers.start(concurrency=2, ALLOW_TEST_HOOKS=1, DIGEST_TEST_DELAY=0.3)
    for _ in range(2):
        broker.send_task("issues.send_weekly_digests", kwargs={"today": FRIDAY})

    wait_for(lambda: runs("issues.send_weekly_digests") == 2, workers)

    assert_one_digest_and_one_message_per_person(made)
    one, two = TaskRun.objects.filter(name="issues.send_weekly_digests")
    assert one.started_at < two.finished_at and two.started_at < one.finished_at, "the runs overlapped"
    assert one.summary["created"] + two.summary["created"] == 3


def test_the_overdue_sweep_run_twice_escalates_each_issue_once(workers, broker):
    project = ProjectFactory(stage=ProjectStage.CONSTRUCTION)
    category, _ = IssueCategory.objects.get_or_create(name="用地")
    issues = [
        LedgerIssue.objects.create(
            project=project,
            title=f"征拆协调滞后{n}",
            category=category,
            raised_by=UserFactory(),
            raised_on=datetime.date(2026, 2, 20),
            responsible_unit=project.responsible_unit,
            responsible_person=UserFactory(),
            deadline=datetime.date(2026, 3, 10),
        )
        for n in range(3)
    ]
    workers.start(concurrency=2)
    for _ in range(2):
        broker.send_task("issues.escalate_overdue", kwargs={"today": FRIDAY})

    wait_for(lambda: runs("issues.escalate_overdue") == 2, workers)

    for issue in issues:
        issue.refresh_from_db()
        assert issue.level == IssueLevel.OFFICE
        assert list(EscalationStep.objects.filter(issue=issue).values_list("to_level", flat=True)) == [2]
        assert IssueJournal.objects.filter(issue=issue, kind=JournalKind.ESCALATED).count() == 1
        assert Notification.objects.filter(key=f"issue:{issue.pk}:level:2").count() >= 1
    assert sum(r.summary["escalated"] for r in TaskRun.objects.filter(name="issues.escalate_overdue")) == 3


def test_a_worker_killed_mid_run_the_task_is_redelivered_and_completes_once(workers, broker):
    made = task_forces(4, members=1)
    hooks = {
        "ALLOW_TEST_HOOKS": 1,
        "DIGEST_TEST_DELAY": 1.5,
        # Redis gives an unacknowledged task back after 3 s, and the worker looks every second
        "CELERY_VISIBILITY_TIMEOUT": 3,
        "CELERY_UNACKED_RESTORE_INTERVAL": 1,
    }
    first = workers.start(pool="solo", concurrency=1, **hooks)
    broker.send_task("issues.send_weekly_digests", kwargs={"today": FRIDAY})
    wait_for(lambda: WeeklyDigest.objects.exists(), workers, what="the first digest")

    workers.kill(first)
    done_before = WeeklyDigest.objects.count()
    assert 1 <= done_before < 4, "the worker was killed in the middle of the run"
    assert runs("issues.send_weekly_digests") == 0
    assert runs("issues.send_weekly_digests", TaskRunStatus.RUNNING) == 1  # the killed run, left as it was

    workers.start(pool="solo", concurrency=1, **hooks)
    wait_for(lambda: runs("issues.send_weekly_digests") >= 1, workers, what="the redelivered run")

    assert_one_digest_and_one_message_per_person(made)
    redelivered = TaskRun.objects.get(name="issues.send_weekly_digests", status=TaskRunStatus.SUCCEEDED)
    assert redelivered.summary["created"] == 4 - done_before


def test_the_worker_sends_the_outbox(workers, broker):
    users = [UserFactory(), UserFactory()]
    for n, user in enumerate(users):
        Notification.objects.create(
            recipient=user, kind=NotificationKind.OVERDUE, key=f"test:outbox:{n}", title=f"逾期提醒{n}"
        )
    workers.start(concurrency=1)
    broker.send_task("notifications.send_outbox")

    wait_for(
        lambda: not Notification.objects.filter(email_status=EmailStatus.PENDING).exists(),
        workers,
        what="the outbox to be sent",
    )
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert all(n.emailed_at for n in Notification.objects.all())
