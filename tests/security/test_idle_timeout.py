"""等保2.0 三级 登录连接超时: a session idle longer than SESSION_IDLE_TIMEOUT minutes is signed out."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind
from accounts.roles import Role
from liuyang.security import LAST_ACTIVITY_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory(username="zhangsan", roles=[Role.KEY_OFFICE])
    client.force_login(user)
    return user


def idle_for(client, seconds):
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - seconds
    session.save()


def test_defaults():
    assert settings.SESSION_IDLE_TIMEOUT == 30
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_activity_keeps_the_session(client, person):
    url = reverse("projects:project_list")
    assert client.get(url).status_code == 200
    idle_for(client, settings.SESSION_IDLE_TIMEOUT * 60 - 60)
    assert client.get(url).status_code == 200
    assert "_auth_user_id" in client.session


def test_an_idle_session_is_signed_out_and_sent_to_the_login_page(client, person):
    url = reverse("projects:project_list")
    client.get(url)
    idle_for(client, settings.SESSION_IDLE_TIMEOUT * 60 + 1)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) and "next=" in response["Location"]
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "未操作" in login_page.content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.IDLE_TIMEOUT, username="zhangsan").exists()


def test_an_htmx_request_gets_a_client_redirect_to_the_login_page(client, person):
    client.get(reverse("projects:project_list"))
    idle_for(client, settings.SESSION_IDLE_TIMEOUT * 60 + 1)
    response = client.get(
        reverse("projects:project_list"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/projects/?q=1"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert "next=/projects/%3Fq%3D1" in response["HX-Redirect"]
    assert "_auth_user_id" not in client.session


def test_the_api_answers_for_itself_after_a_timeout(client, person):
    client.get(reverse("projects:project_list"))
    idle_for(client, settings.SESSION_IDLE_TIMEOUT * 60 + 1)
    assert client.get("/api/projects/").status_code in (401, 403)


def test_last_activity_is_written_at_most_once_a_minute(client, person):
    url = reverse("projects:project_list")
    client.get(url)
    first = client.session[LAST_ACTIVITY_KEY]
    client.get(url)
    assert client.session[LAST_ACTIVITY_KEY] == first
