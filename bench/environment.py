"""The process environment and the PostgreSQL database the benchmark runs in.

Everything here happens before Django is imported: settings read the
environment once, at import.
"""

import os
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/liuyang_bench"
#: static files (collected with the production manifest storage) and media of the run
RUNTIME_DIR = BASE_DIR / "var" / "bench"


class BenchError(Exception):
    """The benchmark cannot run or a request failed; the message says why."""


def configure_environment():
    """Serve like production (DEBUG off, manifest static files) but through django.test.Client."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "liuyang.settings"
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
    if "testserver" not in hosts:
        hosts.append("testserver")
    os.environ["ALLOWED_HOSTS"] = ",".join(hosts)
    os.environ.update(
        {
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "VAR_DIR": str(RUNTIME_DIR),
            # the access line of every measured request would bury the table: warnings only
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )
    # No broker: tasks, if any request enqueues one, run in-process as in the embedded mode.
    os.environ.pop("CELERY_BROKER_URL", None)
    return os.environ["DATABASE_URL"]


def database_params(url):
    params = dj_database_url.parse(url)
    if "postgresql" not in params["ENGINE"]:
        raise BenchError(f"the benchmark needs PostgreSQL; DATABASE_URL points to {params['ENGINE']}")
    name = params["NAME"]
    # The run empties the project and account tables: never point it at a real database.
    if "bench" not in name:
        raise BenchError(
            f"refusing to use database {name!r}: the benchmark empties its tables, "
            "so its database name must contain 'bench' (default liuyang_bench)"
        )
    return params


def _connect_maintenance(params):
    try:
        conn = psycopg2.connect(
            dbname="postgres",
            user=params.get("USER") or None,
            password=params.get("PASSWORD") or None,
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
        )
    except psycopg2.OperationalError as exc:
        raise BenchError(
            f"cannot reach PostgreSQL at {params.get('HOST')}:{params.get('PORT')}: {exc}"
        ) from exc
    conn.autocommit = True
    return conn


def ensure_database(url):
    """Create the benchmark database if it does not exist yet; return its name."""
    params = database_params(url)
    conn = _connect_maintenance(params)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["NAME"])))
    finally:
        conn.close()
    return params["NAME"]


def drop_database(url):
    params = database_params(url)
    conn = _connect_maintenance(params)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(params["NAME"])))
    finally:
        conn.close()
