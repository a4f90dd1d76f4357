"""The notification outbox: once per event, one email per recipient per batch, nothing lost on failure."""

import smtplib

import pytest
from django.core import mail

from notifications.choices import EmailStatus, NotificationKind
from notifications.models import Notification, NotificationPreference
from notifications.services import (
    MAX_EMAIL_ATTEMPTS,
    mark_read,
    notify,
    notify_many,
    send_outbox,
    unread_count,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def message(key, title="问题交办：高压线迁改"):
    return {
        "kind": NotificationKind.ISSUE_ASSIGNED,
        "key": key,
        "title": title,
        "body": "",
        "url": "/issues/1/",
    }


def test_an_event_notifies_each_recipient_once_however_often_it_is_raised():
    a, b = UserFactory(), UserFactory()
    assert notify_many([([a, b, a], message("issue:1:assigned"))]) == 2
    assert notify_many([([a, b], message("issue:1:assigned"))]) == 0
    assert Notification.objects.count() == 2


def test_the_outbox_sends_one_email_per_recipient_per_batch(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    a, b = UserFactory(), UserFactory()
    notify([a], kind=NotificationKind.OVERDUE, key="k1", title="逾期提醒一")
    notify([a], kind=NotificationKind.OVERDUE, key="k2", title="逾期提醒二")
    notify([b], kind=NotificationKind.OVERDUE, key="k1", title="逾期提醒一")
    mail.outbox.clear()
    assert send_outbox() == {"sent": 3, "failed": 0}
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1]
    assert {m.to[0] for m in mail.outbox} == {a.email, b.email}
    assert "等 2 条消息" in next(m.subject for m in mail.outbox if m.to == [a.email])
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert send_outbox() == {"sent": 0, "failed": 0}


def test_a_user_who_turned_email_off_gets_none_but_keeps_the_inbox():
    user = UserFactory()
    NotificationPreference.objects.create(user=user, email_enabled=False)
    notify([user], kind=NotificationKind.DIGEST, key="d", title="每周调度简报")
    assert Notification.objects.get().email_status == EmailStatus.SKIPPED
    assert unread_count(user) == 1


def test_a_failing_mail_server_leaves_the_email_in_the_outbox_until_it_gives_up(monkeypatch):
    user = UserFactory()
    notify([user], kind=NotificationKind.OVERDUE, key="k", title="逾期提醒")

    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "service not available")

    monkeypatch.setattr("notifications.services.send_mail", refuse)
    assert send_outbox() == {"sent": 0, "failed": 1}
    row = Notification.objects.get()
    assert row.email_status == EmailStatus.PENDING and row.email_attempts == 1
    for _attempt in range(MAX_EMAIL_ATTEMPTS - 1):
        send_outbox()
    row.refresh_from_db()
    assert row.email_status == EmailStatus.FAILED and "service not available" in row.email_error


def test_mark_read_touches_only_the_users_own_notifications():
    a, b = UserFactory(), UserFactory()
    notify([a, b], kind=NotificationKind.OVERDUE, key="k", title="逾期提醒")
    assert mark_read(a) == 1
    assert unread_count(a) == 0 and unread_count(b) == 1


def test_the_outbox_is_sent_once_after_the_transaction_commits(
    django_capture_on_commit_callbacks, settings, eager_celery
):
    from notifications.models import TaskRun

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([user], kind=NotificationKind.OVERDUE, key="k1", title="逾期提醒一")
        notify([user], kind=NotificationKind.OVERDUE, key="k2", title="逾期提醒二")
        assert not mail.outbox  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    run = TaskRun.objects.get()
    assert run.name == "notifications.send_outbox" and run.summary == {"sent": 2, "failed": 0}


def test_a_run_that_lost_its_worker_is_marked_failed_by_the_next_run(eager_celery):
    import datetime

    from django.utils import timezone

    from notifications.choices import TaskRunStatus
    from notifications.models import TaskRun
    from notifications.tasks import send_outbox as task

    lost = TaskRun.objects.create(
        name="notifications.send_outbox", started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    recent = TaskRun.objects.create(name="notifications.send_outbox", started_at=timezone.now())
    task.apply()
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.status == TaskRunStatus.FAILED and "WorkerLost" in lost.error
    assert recent.status == TaskRunStatus.RUNNING
