"""Shared test set-up.

Tests that need a real service are marked ``postgres``, ``redis`` or ``browser``.
On a bare machine they are skipped with the reason; with ``REQUIRE_SERVICES=1``
(CI) a missing service makes them fail instead, so CI can never pass by skipping.
"""

import os
import shutil

import pytest
from django.db import connection

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def service_missing(reason):
    """Skip on a bare machine, fail when REQUIRE_SERVICES=1."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url():
    return os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") or ""


def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.exists(path) else ""


@pytest.fixture(autouse=True)
def _services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        service_missing(f"needs PostgreSQL (DATABASE_URL), running on {connection.vendor}")
    if request.node.get_closest_marker("redis"):
        url = redis_url()
        if not url:
            service_missing("needs Redis: set REDIS_URL")
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            service_missing(f"needs Redis at {url}: {exc}")
    if request.node.get_closest_marker("browser"):
        if not chromium_path():
            service_missing("needs Chromium (apt-get install chromium fonts-noto-cjk)")
        try:
            import playwright  # noqa: F401
        except ImportError:
            service_missing("needs the playwright package (requirements-dev.txt)")


@pytest.fixture(scope="session", autouse=True)
def _plain_http(django_test_environment):
    """Tests talk plain HTTP to the test client and the live server.

    Production defaults to HTTPS-only (redirect, secure cookies, HSTS); those
    are checked by test_settings' ``check --deploy`` run, not here. Session
    scope and autouse, so this happens before the live server builds its
    middleware (SecurityMiddleware reads its settings once, at start).
    """
    from django.conf import settings
    from django.test.utils import override_settings

    plain = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
        # No collectstatic in tests: plain storage instead of the hashed manifest.
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    plain.enable()
    yield
    plain.disable()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash a password for every user; PBKDF2 would make that the slowest part of the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_work_calendar():
    """Each test reads the working-day overrides afresh (a rolled-back test leaves no remembered row)."""
    from approvals import workdays

    workdays.forget()
    yield
    workdays.forget()


@pytest.fixture
def api_client():
    """DRF's test client (JSON in and out); log in with ``force_login`` or ``force_authenticate``."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def eager_celery():
    """Tasks in-process, as in the embedded default without a broker (CI sets one)."""
    from liuyang.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager
