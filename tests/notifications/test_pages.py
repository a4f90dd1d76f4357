"""The inbox (own notifications only, unread first, mark read), the unread badge, the email
settings, and the office's page of background task runs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from notifications.choices import NotificationKind, TaskRunStatus
from notifications.models import Notification, NotificationPreference, TaskRun
from notifications.services import notify
from tests.factories import UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

# session, user, roles (the nav), unread count (badge), page count, rows
INBOX = 6


def send(user, key, title="问题交办：测试", url="/issues/ledger/"):
    notify([user], kind=NotificationKind.ISSUE_ASSIGNED, key=key, title=title, url=url)
    return Notification.objects.get(recipient=user, key=key)


def test_anonymous_goes_to_login(client):
    for name in ("notifications:inbox", "notifications:preferences", "notifications:task_runs"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_inbox_shows_only_own_notifications_unread_first(client):
    me, other = UserFactory(), UserFactory()
    old = send(me, "a", "已读的消息")
    old.read_at = timezone.now()
    old.save()
    send(me, "b", "未读的消息")
    send(other, "c", "别人的消息")
    client.force_login(me)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert "别人的消息" not in body
    assert body.index("未读的消息") < body.index("已读的消息")
    assert "data-unread-badge" in body


def test_mark_one_and_all_read(client):
    me, other = UserFactory(), UserFactory()
    first, second = send(me, "a"), send(me, "b")
    theirs = send(other, "c")
    client.force_login(me)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("notifications:mark_read", args=[first.pk]), {"follow": "1"})
    assert response.status_code == 302 and response["Location"] == "/issues/ledger/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at and not second.read_at
    client.post(reverse("notifications:mark_all_read"))
    second.refresh_from_db()
    theirs.refresh_from_db()
    assert second.read_at and not theirs.read_at


def test_the_badge_counts_unread(client):
    me = UserFactory()
    send(me, "a")
    send(me, "b")
    client.force_login(me)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert 'rounded-pill text-bg-danger">2<' in body


def test_preferences_are_the_users_own(client):
    me = UserFactory()
    client.force_login(me)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    response = client.post(reverse("notifications:preferences"), {"email": "me@example.gov.cn"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=me)
    assert preference.email == "me@example.gov.cn" and not preference.email_enabled
    assert client.post(reverse("notifications:preferences"), {"email": "not-an-address"}).status_code == 400


def test_task_runs_are_for_the_office(client):
    TaskRun.objects.create(
        name="issues.escalate_overdue", started_at=timezone.now(), status=TaskRunStatus.FAILED, error="boom"
    )
    client.force_login(UserFactory(roles=[Role.DEPARTMENT_STAFF]))
    assert client.get(reverse("notifications:task_runs")).status_code == 403
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    response = client.get(reverse("notifications:task_runs"))
    assert response.status_code == 200 and "boom" in response.content.decode()


def test_inbox_query_count_is_stable(client):
    me = UserFactory()
    client.force_login(me)

    def grow(n):
        while Notification.objects.filter(recipient=me).count() < n:
            send(me, f"k{Notification.objects.count()}")

    def fetch():
        assert client.get(reverse("notifications:inbox")).status_code == 200

    assert_num_queries_stable(fetch, grow, sizes=(2, 10), expected=INBOX)
