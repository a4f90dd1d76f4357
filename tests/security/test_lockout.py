"""等保2.0 三级 登录失败处理: five failures within 15 minutes lock the username for 30 minutes."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginLock, SecurityEvent, SecurityEventKind
from accounts.roles import AdminRole, Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


SIGN_IN_KINDS = [
    SecurityEventKind.LOGIN,
    SecurityEventKind.LOGIN_FAILED,
    SecurityEventKind.LOCKED,
    SecurityEventKind.UNLOCKED,
    SecurityEventKind.LOGOUT,
]


def kinds(username):
    events = SecurityEvent.objects.filter(username=username, kind__in=SIGN_IN_KINDS).order_by("id")
    return list(events.values_list("kind", flat=True))


@pytest.fixture
def person():
    return UserFactory(username="zhangsan", roles=[Role.KEY_OFFICE])


def test_five_failures_lock_the_account_and_the_page_says_until_when(client, person, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = sign_in(client, "zhangsan", "wrong-password")
        assert response.status_code == 200 and "锁定" not in response.content.decode()
    response = sign_in(client, "zhangsan", "wrong-password")
    page = response.content.decode()
    lock = LoginLock.objects.get(username="zhangsan")
    until = timezone.localtime(lock.locked_until)
    assert "已被锁定" in page and until.strftime("%Y-%m-%d %H:%M") in page
    assert lock.locked_until - timezone.now() > timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES - 1)
    # the right password no longer opens it, through the form or any other path
    response = sign_in(client, "zhangsan", PASSWORD)
    assert response.status_code == 200 and "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Client().login(username="zhangsan", password=PASSWORD) is False
    token = Client().post(reverse("api-token"), {"username": "zhangsan", "password": PASSWORD})
    assert token.status_code == 400
    assert kinds("zhangsan")[: settings.LOGIN_FAILURE_LIMIT + 1] == [SecurityEventKind.LOGIN_FAILED] * 5 + [
        SecurityEventKind.LOCKED
    ]


def test_the_lock_ends_by_itself(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    sign_in(client, "zhangsan", "x")
    sign_in(client, "zhangsan", "x")
    LoginLock.objects.filter(username="zhangsan").update(locked_until=timezone.now() - timedelta(seconds=1))
    response = sign_in(client, "zhangsan", PASSWORD)
    assert response.status_code == 302
    assert not LoginLock.objects.filter(username="zhangsan").exists()


def test_a_success_resets_the_count(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, "zhangsan", "x")
    sign_in(client, "zhangsan", "x")
    assert sign_in(client, "zhangsan", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "zhangsan", "x")
    sign_in(client, "zhangsan", "x")
    assert sign_in(client, "zhangsan", PASSWORD).status_code == 302
    assert SecurityEventKind.LOCKED not in kinds("zhangsan")


def test_failures_outside_the_window_start_a_new_count(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    sign_in(client, "zhangsan", "x")
    LoginLock.objects.filter(username="zhangsan").update(
        first_failure_at=timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES + 1)
    )
    sign_in(client, "zhangsan", "x")
    assert LoginLock.objects.get(username="zhangsan").locked_until is None


def test_an_unknown_username_is_locked_too_so_nothing_tells_which_names_exist(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    sign_in(client, "nobody", "x")
    response = sign_in(client, "nobody", "x")
    assert "已被锁定" in response.content.decode()


def test_the_security_administrator_unlocks_and_it_is_recorded(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    sign_in(client, "zhangsan", "x")
    lock = LoginLock.objects.get(username="zhangsan")
    assert lock.is_locked
    secadmin = UserFactory(username="secadmin", roles=[AdminRole.SECURITY], is_staff=True)
    admin = Client()
    admin.force_login(secadmin)
    changelist = reverse("admin:accounts_loginlock_changelist")
    assert admin.get(changelist).status_code == 200
    response = admin.post(changelist, {"action": "unlock_accounts", "_selected_action": [lock.pk]})
    assert response.status_code == 302
    assert not LoginLock.objects.filter(username="zhangsan").exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.UNLOCKED)
    assert (event.username, event.actor) == ("zhangsan", "secadmin")
    assert sign_in(client, "zhangsan", PASSWORD).status_code == 302


@pytest.mark.parametrize("role", [AdminRole.SYSTEM, AdminRole.AUDIT, Role.KEY_OFFICE])
def test_no_one_else_unlocks(client, person, settings, role):
    settings.LOGIN_FAILURE_LIMIT = 1
    sign_in(client, "zhangsan", "x")
    lock = LoginLock.objects.get(username="zhangsan")
    other = Client()
    other.force_login(UserFactory(roles=[role], is_staff=True))
    changelist = reverse("admin:accounts_loginlock_changelist")
    assert other.get(changelist).status_code == 403
    other.post(changelist, {"action": "unlock_accounts", "_selected_action": [lock.pk]})
    assert LoginLock.objects.get(username="zhangsan").is_locked


def test_sign_in_and_out_are_recorded_with_the_address(client, person):
    assert sign_in(client, "zhangsan", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    events = SecurityEvent.objects.filter(username="zhangsan", kind__in=SIGN_IN_KINDS).order_by("id")
    assert [e.kind for e in events] == [SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT]
    assert events[0].ip_address == "127.0.0.1"


def test_the_admin_sign_in_says_locked_too(client, settings):
    UserFactory(username="office", roles=[Role.KEY_OFFICE], is_staff=True)
    settings.LOGIN_FAILURE_LIMIT = 1
    url = reverse("admin:login")
    client.post(url, {"username": "office", "password": "x"})
    response = client.post(url, {"username": "office", "password": PASSWORD})
    assert "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
