"""The notifications API: each user's own inbox (list, read, read-all, unread count), their email
settings, and the office's log of background runs.

Notifications are private: a user sees and marks only their own (another user's is a 404 and
stays unread), a superuser too. Task runs are the office's (403 for the others). The inbox's
query count does not grow with its rows.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from notifications.choices import NotificationKind, TaskRunStatus
from notifications.models import Notification, NotificationPreference, TaskRun
from notifications.services import notify
from tests.factories import UserFactory
from tests.queries import assert_num_queries_stable

pytestmark = pytest.mark.django_db

# session + user (no role check: every signed-in user has an inbox) + count + page
NOTIFICATION_LIST = 4


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def rows(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


def tell(user, key, title="问题交办：高压线迁改"):
    notify(
        [user], kind=NotificationKind.ISSUE_ASSIGNED, key=key, title=title, body="办结时限", url="/issues/1/"
    )
    return Notification.objects.get(recipient=user, key=key)


@pytest.fixture
def people():
    me = UserFactory(roles=[Role.DEPARTMENT_STAFF])
    other = UserFactory(roles=[Role.KEY_OFFICE])
    return me, other


def test_a_user_lists_only_their_own_notifications(people):
    me, other = people
    mine = tell(me, "k1")
    tell(other, "k2")
    for user in (me, UserFactory(is_superuser=True), UserFactory()):
        listed = client_for(user).get(reverse("api:notification-list"))
        assert listed.status_code == 200
        expected = [mine.pk] if user == me else []
        assert [row["id"] for row in rows(listed.json())] == expected
    data = rows(client_for(me).get(reverse("api:notification-list")).json())[0]
    assert (
        data["kind"] == "issue_assigned" and data["kind_display"] == "问题交办" and data["is_read"] is False
    )


def test_anonymous_callers_get_401(people):
    me, _other = people
    notification = tell(me, "k1")
    client = client_for(None)
    assert client.get(reverse("api:notification-list")).status_code == 401
    assert client.post(reverse("api:notification-read", args=[notification.pk])).status_code == 401
    assert client.post(reverse("api:notification-read-all")).status_code == 401
    assert client.get(reverse("api:notification-unread-count")).status_code == 401
    assert client.get(reverse("api:notification-preference-me")).status_code == 401
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_read_marks_one_of_ones_own(people):
    me, other = people
    mine, second = tell(me, "k1"), tell(me, "k2")
    theirs = tell(other, "k3")
    client = client_for(me)
    assert client.get(reverse("api:notification-unread-count")).json() == {"count": 2}
    response = client.post(reverse("api:notification-read", args=[mine.pk]))
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get(reverse("api:notification-unread-count")).json() == {"count": 1}
    assert client.post(reverse("api:notification-read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("api:notification-detail", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    unread = client.get(reverse("api:notification-list"), {"unread": "true"})
    assert [row["id"] for row in rows(unread.json())] == [second.pk]


def test_read_all_marks_only_ones_own(people):
    me, other = people
    tell(me, "k1"), tell(me, "k2")
    theirs = tell(other, "k3")
    response = client_for(me).post(reverse("api:notification-read-all"))
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_are_not_written_as_records(people):
    me, _other = people
    notification = tell(me, "k1")
    client = client_for(UserFactory(is_superuser=True))
    url = reverse("api:notification-detail", args=[notification.pk])
    assert client.post(reverse("api:notification-list"), {}, format="json").status_code == 405
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url, {}, format="json").status_code == 405


def test_an_unknown_filter_is_a_400(people):
    me, _other = people
    assert client_for(me).get(reverse("api:notification-list"), {"unraed": "1"}).status_code == 400


def test_preferences_default_then_saved_for_oneself_only(people):
    me, other = people
    client = client_for(me)
    url = reverse("api:notification-preference-me")
    got = client.get(url)
    assert got.status_code == 200
    assert got.json() == {"email_enabled": True, "email": "", "account_email": me.email}
    assert not NotificationPreference.objects.exists()
    put = client.put(url, {"email_enabled": False, "email": "me@example.gov.cn"}, format="json")
    assert put.status_code == 200, put.content
    saved = NotificationPreference.objects.get()
    assert saved.user == me and saved.email_enabled is False and saved.email == "me@example.gov.cn"
    again = client.put(url, {"email_enabled": True, "email": ""}, format="json")
    assert again.status_code == 200 and NotificationPreference.objects.get().email_enabled is True
    bad = client.put(url, {"email_enabled": True, "email": "not-an-address"}, format="json")
    assert bad.status_code == 400 and "email" in bad.json()
    assert client_for(other).get(url).json()["email_enabled"] is True


@pytest.mark.parametrize(
    "role, status",
    [(Role.KEY_OFFICE, 200), (Role.CITY_LEADER, 403), (Role.DEPARTMENT_STAFF, 403), (None, 403)],
)
def test_task_runs_are_the_offices(role, status):
    run = TaskRun.objects.create(
        name="escalate_overdue", started_at=timezone.now(), status=TaskRunStatus.FAILED
    )
    user = UserFactory(roles=[role] if role else [])
    client = client_for(user)
    listed = client.get(reverse("api:task-run-list"), {"status": "failed"})
    assert listed.status_code == status
    assert client.get(reverse("api:task-run-detail", args=[run.pk])).status_code == status
    if status == 200:
        assert [row["id"] for row in rows(listed.json())] == [run.pk]
    assert client.delete(reverse("api:task-run-detail", args=[run.pk])).status_code in (403, 405)
    assert client_for(None).get(reverse("api:task-run-list")).status_code == 401


def test_inbox_query_count_is_stable(people):
    me, other = people

    def grow(n):
        while Notification.objects.filter(recipient=me).count() < n:
            count = Notification.objects.count()
            tell(me, f"k{count}")
            tell(other, f"o{count}")

    client = client_for(me)

    def fetch():
        response = client.get(reverse("api:notification-list"))
        assert response.status_code == 200
        return response

    assert_num_queries_stable(fetch, grow, sizes=(2, 8), expected=NOTIFICATION_LIST)
