"""`make load`: locust (headless, loopback only) against gunicorn on PostgreSQL and Redis.

Creates and migrates the load database, seeds the demo, collects the static files, starts
gunicorn with production settings on a free port of 127.0.0.1, runs the journeys of
load/locustfile.py, stops gunicorn, prints requests / failures / median / p95 per journey
and writes var/load.json. Exit status 1 when any request failed or the run could not start.
"""

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULT_PATH = BASE_DIR / "var" / "load.json"
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/liuyang_load",
    "REDIS_URL": "redis://127.0.0.1:6379/4",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/5",
}


class LoadError(Exception):
    """The load test cannot run; the message says why."""


def log(message):
    print(f"load: {message}", file=sys.stderr, flush=True)


def parse_args(argv):
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(env("LOAD_USERS", "50")), help="virtual users (50)")
    parser.add_argument(
        "--spawn-rate", type=float, default=float(env("LOAD_SPAWN_RATE", "10")), help="users/s (10)"
    )
    parser.add_argument("--run-time", default=env("LOAD_RUN_TIME", "2m"), help="locust --run-time (2m)")
    parser.add_argument(
        "--workers", type=int, default=int(env("LOAD_WORKERS", "4")), help="gunicorn workers (4)"
    )
    parser.add_argument(
        "--threads", type=int, default=int(env("LOAD_THREADS", "2")), help="threads per worker (2)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep an existing seeded database instead of creating it anew"
    )
    parser.add_argument("--var-dir", default=env("LOAD_VAR_DIR", str(BASE_DIR / "var" / "load")))
    args = parser.parse_args(argv)
    if args.users < 1 or args.spawn_rate <= 0 or args.workers < 1 or args.threads < 1:
        parser.error("users, spawn rate, workers and threads must be positive")
    return args


def server_environment(var_dir):
    """Production settings (DEBUG off, manifest static files, Redis cache and broker) over plain
    HTTP on loopback: the HTTPS redirect and secure cookies are off, nothing else is."""
    environ = dict(os.environ)
    for name, default in DEFAULTS.items():
        environ[name] = os.environ.get(name) or default
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "liuyang.settings",
            "DEBUG": "0",
            "VAR_DIR": str(var_dir),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "load-test-only-" + os.urandom(16).hex(),
        }
    )
    return environ


def database_params(url):
    params = dj_database_url.parse(url)
    if "postgresql" not in params["ENGINE"]:
        raise LoadError(f"the load test needs PostgreSQL; DATABASE_URL points to {params['ENGINE']}")
    if "load" not in params["NAME"]:
        raise LoadError(
            f"refusing to use database {params['NAME']!r}: the load test drops and seeds it, "
            "so its name must contain 'load' (default liuyang_load)"
        )
    return params


def prepare_database(url, reuse):
    """Drop and create the database (unless reusing an existing one); True when it is new."""
    params = database_params(url)
    try:
        conn = psycopg2.connect(
            dbname="postgres",
            user=params.get("USER") or None,
            password=params.get("PASSWORD") or None,
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
        )
    except psycopg2.OperationalError as exc:
        raise LoadError(
            f"cannot reach PostgreSQL at {params.get('HOST')}:{params.get('PORT')}: {exc}"
        ) from exc
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]])
            exists = cursor.fetchone() is not None
            if exists and reuse:
                return False
            name = sql.Identifier(params["NAME"])
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    finally:
        conn.close()
    return True


def manage(environ, *arguments):
    log("manage.py " + " ".join(arguments))
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
        env=environ,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if result.returncode:
        raise LoadError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")


def flush_cache(environ):
    """A new database must not meet figures cached for the previous one."""
    import redis

    try:
        redis.Redis.from_url(environ["REDIS_URL"], socket_connect_timeout=2).flushdb()
    except redis.RedisError as exc:
        raise LoadError(f"cannot reach Redis at {environ['REDIS_URL']}: {exc}") from exc


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(environ, args, var_dir, port):
    log_path = var_dir / "gunicorn.log"
    log(f"gunicorn on 127.0.0.1:{port}, {args.workers} workers × {args.threads} threads, log {log_path}")
    handle = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop_gunicorn
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "liuyang.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
            # longer than any client's idle gap (locust waits 1-3 s between tasks, as a proxy
            # in front keeps its upstream connections): with gunicorn's 2 s default, a request
            # sent as the server closes the idle connection fails with no response (HTTP 0)
            "--keep-alive",
            "75",
        ],
        env=environ,
        cwd=BASE_DIR,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    process.log_handle = handle
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LoadError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    stop_gunicorn(process)
    raise LoadError(f"gunicorn did not answer /healthz within 60 s; see {log_path}")


def stop_gunicorn(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log_handle.close()


def run_locust(args, port, var_dir):
    prefix = var_dir / "locust"
    samples = var_dir / "samples.json"
    samples.unlink(missing_ok=True)
    environ = dict(os.environ, LOAD_SAMPLES=str(samples), PYTHONPATH=str(BASE_DIR))
    command = [
        str(BIN / "locust"),
        "--locustfile",
        str(BASE_DIR / "load" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        args.run_time,
        "--stop-timeout",
        "30",
        "--csv",
        str(prefix),
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]
    log(f"locust: {args.users} users, spawn rate {args.spawn_rate}/s, run time {args.run_time}")
    with open(var_dir / "locust.log", "w", encoding="utf-8") as handle:
        result = subprocess.run(command, env=environ, cwd=BASE_DIR, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode or not samples.exists():
        raise LoadError(f"locust exited with {result.returncode}; see {var_dir / 'locust.log'}")
    return json.loads(samples.read_text(encoding="utf-8")), prefix


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))  # ceil(fraction × n)
    return float(ordered[min(rank, len(ordered)) - 1])


def figures(samples):
    times = [time for time, _failed in samples]
    return {
        "requests": len(samples),
        "failures": sum(1 for _time, failed in samples if failed),
        "median_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1) if times else 0.0,
    }


def read_csv(path):
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def summarize(samples, prefix, args, elapsed):
    journeys = {name: figures(rows) for name, rows in sorted(samples.items())}
    total = figures([row for rows in samples.values() for row in rows])
    steps = [
        {
            "name": row["Name"],
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"] or 0),
            "p95_ms": float(row["95%"] or 0) if row["95%"] != "N/A" else 0.0,
        }
        for row in read_csv(Path(f"{prefix}_stats.csv"))
        if row["Name"] != "Aggregated"
    ]
    failures = [
        {
            "name": row["Name"],
            "method": row["Method"],
            "error": row["Error"],
            "count": int(row["Occurrences"]),
        }
        for row in read_csv(Path(f"{prefix}_failures.csv"))
    ]
    return {
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "run_time": args.run_time,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "elapsed_s": round(elapsed, 1),
        "requests_per_s": round(total["requests"] / elapsed, 1) if elapsed else 0.0,
        "journeys": journeys,
        "total": total,
        "steps": steps,
        "failures": failures,
    }


def print_table(result):
    header = f"{'journey':<14}{'requests':>10}{'failures':>10}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}"
    lines = [header, "-" * len(header)]
    rows = list(result["journeys"].items()) + [("total", result["total"])]
    for name, row in rows:
        if name == "total":
            lines.append("-" * len(header))
        label = name + " " * max(0, 14 - 2 * len(name)) if not name.isascii() else f"{name:<14}"
        lines.append(
            f"{label}{row['requests']:>10}{row['failures']:>10}{row['median_ms']:>11.0f}"
            f"{row['p95_ms']:>9.0f}{row['max_ms']:>9.0f}"
        )
    print("\n".join(lines))
    print(
        f"{result['users']} users for {result['run_time']}: {result['total']['requests']} requests, "
        f"{result['requests_per_s']} requests/s"
    )
    for failure in result["failures"]:
        print(f"FAILED ×{failure['count']} {failure['method']} {failure['name']}: {failure['error'][:300]}")


def run(args):
    var_dir = Path(args.var_dir).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    environ = server_environment(var_dir)
    fresh = prepare_database(environ["DATABASE_URL"], args.reuse)
    manage(environ, "migrate", "--noinput")
    if fresh:
        flush_cache(environ)
        manage(environ, "seed_demo", "--allow-without-debug")
    manage(environ, "collectstatic", "--noinput", "--clear")
    port = free_port()
    server = start_gunicorn(environ, args, var_dir, port)
    started = time.monotonic()
    try:
        samples, prefix = run_locust(args, port, var_dir)
    finally:
        elapsed = time.monotonic() - started
        stop_gunicorn(server)
    result = summarize(samples, prefix, args, elapsed)
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(result)
    log(f"written {RESULT_PATH}")
    return 1 if result["total"]["failures"] or not result["total"]["requests"] else 0


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    try:
        return run(args)
    except LoadError as error:
        log(str(error))
        return 1


if __name__ == "__main__":
    sys.exit(main())
