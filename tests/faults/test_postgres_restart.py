"""PostgreSQL restarted under a running server: the next request is answered, no restart needed.

The test runs a PostgreSQL cluster of its own (initdb, tests/faults/servers.py) holding a copy of
the test database, and the site on it under gunicorn with persistent connections
(DB_CONN_MAX_AGE=60). A logged-in page is 200; PostgreSQL is restarted (pg_ctl restart -m fast,
which ends every connection); the very next request must be 200 again: the dead persistent
connection is found by the health check (conn_health_checks) and replaced.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
import requests
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from tests.factories import ProjectFactory, UserFactory
from tests.faults.servers import PostgresCluster, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "liuyang_fault"
PASSWORD = "Fault-test-2026"


@pytest.fixture
def cluster():
    # a short path: the server's socket lives in it (Unix socket paths are limited to ~100 bytes)
    parent = Path(tempfile.mkdtemp(prefix="pgfault-"))
    parent.chmod(0o755)
    made = None
    try:
        made = PostgresCluster(parent / "pg")
        made.init()
        made.start()
        yield made
    finally:
        if made:
            made.remove()
        subprocess.run(["rm", "-rf", str(parent)], check=False)


def copy_test_database(cluster):
    """Create DATABASE on the cluster with the test database's schema and rows (pg_dump | psql)."""
    admin = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres")
    try:
        admin.autocommit = True
        admin.cursor().execute(f"CREATE DATABASE {DATABASE}")
    finally:
        admin.close()
    source = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
    dump = subprocess.run(
        [
            str(cluster.bin / "pg_dump"),
            "--no-owner",
            "--no-privileges",
            "-h",
            source.get("HOST") or "127.0.0.1",
        ]
        + ["-p", str(source.get("PORT") or 5432), "-U", source["USER"], source["NAME"]],
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    subprocess.run(
        [str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(cluster.port)]
        + ["-U", "postgres", "-d", DATABASE],
        input=dump.stdout,
        capture_output=True,
        timeout=60,
        check=True,
    )


@pytest.fixture
def site(cluster, tmp_path):
    """gunicorn serving the site on the cluster's copy, one worker with a persistent connection."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.server_settings",
        DATABASE_URL=cluster.url(DATABASE),
        DB_CONN_MAX_AGE="60",
        VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
    )
    log = tmp_path / "gunicorn.log"
    args = [sys.executable, "-m", "gunicorn", "liuyang.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", "1", "--timeout", "60"]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{log.read_text()[-3000:]}")
            try:
                requests.get(f"{base}/login/", timeout=20)
                break
            except (requests.ConnectionError, requests.Timeout):
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer in 60 s:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
        yield base, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=10)


def site_connections(cluster):
    with psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres") as admin:
        cursor = admin.cursor()
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [DATABASE]
        )
        found = sorted(row[0] for row in cursor.fetchall())
    admin.close()
    return found


@pytest.fixture
def office(settings):
    # the server checks the password with the production hasher, not the tests' fast one
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = UserFactory(roles=[Role.KEY_OFFICE])
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(base, user):
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/login/",
        data={"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=20,
    )
    assert response.status_code == 302, response.text[-2000:]
    return session


def test_a_running_server_recovers_from_a_postgresql_restart(cluster, office, tmp_path, request):
    project = ProjectFactory(name="故障演练项目")
    copy_test_database(cluster)
    base, log = request.getfixturevalue("site")
    session = log_in(base, office)
    page = f"{base}{reverse('projects:project_detail', args=[project.pk])}"

    response = session.get(page, timeout=20)
    assert response.status_code == 200 and project.name in response.text
    before = site_connections(cluster)
    assert before, "the server keeps its connection open between requests (CONN_MAX_AGE)"

    cluster.restart()
    assert site_connections(cluster) == [], "the restart ended the server's connection"

    for target in (page, f"{base}{reverse('projects:project_list')}", f"{base}{reverse('healthz')}"):
        response = session.get(target, timeout=20)
        assert response.status_code == 200, f"{target}: {response.status_code}\n{log.read_text()[-3000:]}"
    assert project.name in session.get(page, timeout=20).text
    after = site_connections(cluster)
    assert after and not set(after) & set(before), "a new connection replaced the dead one"
