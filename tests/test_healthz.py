"""/healthz: 200 when the database and Redis answer; 503 naming the part that does not."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_configured(settings):
    if not settings.REDIS_URL:
        pytest.skip("no REDIS_URL: the embedded default has no Redis to check")
    return settings


def test_healthy_when_the_database_and_redis_answer(client, redis_configured):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_a_database_that_does_not_answer_is_a_503(client):
    with mock.patch(
        "liuyang.pages.connection.cursor", side_effect=OperationalError("server closed the connection")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_redis_that_does_not_answer_is_a_503(client, redis_configured, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    # (Django's setting_changed handler rebuilds the cache handlers, here and on restore)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "ok", "redis": "down"} and body["status"] == "fail"
