"""Backup and restore as docs/operations.md describes them, with the real binaries: ``pg_dump -Fc``
of a database holding data, ``pg_restore`` into a new, empty database, and the copy checked
table by table (row counts, ids, change history, sequences). The copy is dropped afterwards."""

import os
import shutil
import subprocess

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from projects.models import Project
from tests.factories import ProgressReportFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def binaries():
    found = {name: shutil.which(name) for name in ("pg_dump", "pg_restore")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        message = f"{', '.join(missing)} not installed (Debian: postgresql-client)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def libpq_args_and_env():
    settings = connection.settings_dict
    args = []
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def connect(dbname):
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
    )
    conn.autocommit = True
    return conn


def snapshot(dbname):
    """Every table's row count and ids, the history rows of projects, and every sequence's position."""
    conn = connect(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                counts[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT id, code, name, total_investment, version FROM projects_project ORDER BY id"
            )
            projects = cursor.fetchall()
            cursor.execute(
                "SELECT history_id, id, name, history_type, history_change_reason "
                "FROM projects_historicalproject ORDER BY history_id"
            )
            history = cursor.fetchall()
            cursor.execute(
                "SELECT id, project_id, period_start, status FROM projects_progressreport ORDER BY id"
            )
            reports = cursor.fetchall()
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename")
            sequences = cursor.fetchall()
    finally:
        conn.close()
    return {
        "counts": counts,
        "projects": projects,
        "history": history,
        "reports": reports,
        "sequences": sequences,
    }


@pytest.fixture
def restore_database():
    """A new database for the restore, named after the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    conn = connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield name
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def test_pg_dump_and_pg_restore_give_back_the_same_data(tmp_path, restore_database):
    tools = binaries()
    user = UserFactory()
    projects = ProjectFactory.create_batch(3)
    for project in projects:
        ProgressReportFactory(project=project, created_by=user)
    # change history: an edit with its reason, and a deletion
    edited = Project.objects.get(pk=projects[0].pk)
    edited.name = "浏阳经开区智能制造产业园（备份测试）"
    edited._change_reason = "备份测试修改"
    edited.save()
    source = connection.settings_dict["NAME"]
    before = snapshot(source)
    assert before["counts"]["projects_project"] == 3
    assert len(before["history"]) >= 4  # three created, one changed

    args, env = libpq_args_and_env()
    dump = tmp_path / "liuyang.dump"
    subprocess.run(
        [tools["pg_dump"], *args, "--format=custom", "--no-owner", "--file", str(dump), source],
        env=env,
        check=True,
        capture_output=True,
    )
    assert dump.stat().st_size > 0
    listing = subprocess.run(
        [tools["pg_restore"], "--list", str(dump)], env=env, check=True, capture_output=True, text=True
    )
    assert "TABLE DATA public projects_project" in listing.stdout
    subprocess.run(
        [
            tools["pg_restore"],
            *args,
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            restore_database,
            str(dump),
        ],
        env=env,
        check=True,
        capture_output=True,
    )

    after = snapshot(restore_database)
    assert after["counts"] == before["counts"]
    assert after["projects"] == before["projects"]
    assert after["history"] == before["history"]
    assert ("备份测试修改",) in {(row[4],) for row in after["history"]}
    assert after["reports"] == before["reports"]
    assert after["sequences"] == before["sequences"]
