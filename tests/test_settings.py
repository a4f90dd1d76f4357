"""Deployment settings, language and time zone, and the real services (Redis, PostgreSQL)."""

import os
import secrets
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from liuyang.exceptions import ConflictError
from projects.models import Project
from tests.conftest import redis_url, service_missing
from tests.factories import ProjectFactory, UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "platform.example.gov.cn",
}


def run_manage(*args, env, tmp_path):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "VAR_DIR": str(tmp_path / "var"),
        "LANG": "C.UTF-8",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_without_warnings_in_production(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?:" not in output, output
    assert "no issues" in output


def test_deploy_check_fails_on_the_development_secret_key(tmp_path):
    """The fallback key exists for `make run` only; the deploy check must refuse it."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_chinese_is_the_default_language_and_shanghai_the_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert "en" in dict(settings.LANGUAGES)
    aware = timezone.make_aware(timezone.datetime(2025, 1, 1, 12, 0))
    assert aware.utcoffset().total_seconds() == 8 * 3600


@pytest.mark.django_db
def test_a_page_renders_in_chinese_by_default(client):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    ProjectFactory()
    response = client.get(reverse("projects:project_list"), {"sort": "code"})
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans"' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_gives_an_english_page_that_still_renders(client):
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    project = ProjectFactory()
    list_url = reverse("projects:project_list")
    switched = client.post(reverse("set_language"), {"language": "en", "next": list_url})
    assert switched.status_code == 302
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    for url in (
        list_url + "?sort=code",
        project.get_absolute_url(),
        reverse("projects:project_edit", args=[project.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "en"
        assert '<html lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_a_browser_set_to_english_still_gets_chinese_until_english_is_chosen(client):
    """Chinese is the platform's language; English is an explicit choice in the switcher."""
    client.force_login(UserFactory(roles=[Role.KEY_OFFICE]))
    ProjectFactory()
    url = reverse("projects:project_list")
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert client.get(url, headers={"Accept-Language": "zh-CN"})["Content-Language"] == "en"


def test_the_english_catalogue_translates_the_platform_name():
    """`make messages` compiles locale/en; without it the English page is Chinese."""
    with translation.override("en"):
        assert str(settings.PLATFORM_NAME) != "浏阳市重点项目管理平台"


# -- Redis ------------------------------------------------------------------------------------


@pytest.mark.redis
def test_redis_cache_round_trips_a_value():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(redis_url(), {})
    key = f"liuyang-test:{uuid.uuid4()}"
    value = {"项目": "数字经济产业园", "投资": "1000000.00"}
    try:
        cache.set(key, value, timeout=30)
        assert cache.get(key) == value
    finally:
        cache.delete(key)
    if os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["BACKEND"] == "liuyang.cache.DegradingRedisCache"


@pytest.mark.redis
def test_celery_app_connects_to_the_broker():
    if not settings.CELERY_BROKER_URL:
        service_missing("needs CELERY_BROKER_URL")
    from liuyang.celery import app

    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.task_always_eager is False
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.connected


# -- PostgreSQL -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db
def test_list_filter_on_policy_tags_and_sort_work_on_postgresql(client, api_client):
    office = UserFactory(roles=[Role.KEY_OFFICE])
    client.force_login(office)
    api_client.force_login(office)
    ProjectFactory(
        code="PG-1", total_investment="300", annual_plan_investment="1", policy_tags=["national_pilot"]
    )
    ProjectFactory(
        code="PG-2", total_investment="900", annual_plan_investment="1", policy_tags=["provincial_pilot"]
    )
    ProjectFactory(
        code="PG-3",
        total_investment="600",
        annual_plan_investment="1",
        policy_tags=["national_pilot", "provincial_key"],
    )
    ProjectFactory(code="PG-4", total_investment="100", annual_plan_investment="1", policy_tags=[])
    params = {"policy_tag": "national_pilot", "sort": "-total_investment", "q": "PG"}
    page = client.get(reverse("projects:project_list"), params)
    assert page.status_code == 200
    assert [row.code for row in page.context["rows"]] == ["PG-3", "PG-1"]
    api = api_client.get(reverse("api:project-list"), params)
    assert [item["code"] for item in api.json()["results"]] == ["PG-3", "PG-1"]
    # "national_pilot" must not match "provincial_pilot" (the tag is matched whole, with its quotes)
    params["policy_tag"] = "provincial_pilot"
    assert [r.code for r in client.get(reverse("projects:project_list"), params).context["rows"]] == ["PG-2"]


@pytest.mark.postgres
def test_two_concurrent_saves_from_the_same_version_exactly_one_wins(transactional_db):
    """The version check locks the row: the second transaction waits for the first to commit,
    then sees the new version and is refused, instead of overwriting it."""
    project = ProjectFactory(name="原名称")
    seen = project.version
    first_saved, results = threading.Event(), {}

    def save(label, before_commit=None, wait_for=None):
        close_old_connections()
        try:
            if wait_for is not None:
                wait_for.wait(10)
            with transaction.atomic():
                obj = Project.objects.get(pk=project.pk)
                obj.name = f"{label}的修改"
                obj.expected_version = seen
                obj.save()
                if before_commit is not None:
                    before_commit()
            results[label] = "saved"
        except ConflictError:
            results[label] = "conflict"
        finally:
            connection.close()

    def hold_the_row():
        first_saved.set()
        time.sleep(0.5)  # the second save starts (and must block) while this one is uncommitted

    first = threading.Thread(target=save, args=("甲",), kwargs={"before_commit": hold_the_row})
    second = threading.Thread(target=save, args=("乙",), kwargs={"wait_for": first_saved})
    first.start()
    second.start()
    first.join(20)
    second.join(20)

    assert results == {"甲": "saved", "乙": "conflict"}
    project.refresh_from_db()
    assert (project.name, project.version) == ("甲的修改", seen + 1)
    assert project.history.count() == 2
