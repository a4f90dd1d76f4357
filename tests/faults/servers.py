"""Throwaway Redis and PostgreSQL servers for the fault tests: each on a free port, owned by the
test that starts it, stopped and removed by the test's fixture even when the test fails."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import service_missing


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """``redis-server`` as a subprocess (no persistence) that a test stops and starts again on its port."""

    def __init__(self, folder):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            service_missing("needs redis-server (apt-get install redis-server) to stop and start Redis")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        args += ["--daemonize", "no", "--dir", str(self.folder)]
        with open(self.folder / "redis.log", "ab") as log:
            self.process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited:\n{(self.folder / 'redis.log').read_text()[-2000:]}")
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        pytest.fail("redis-server did not answer in 20 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


class PostgresCluster:
    """A PostgreSQL cluster of its own (initdb, pg_ctl) on a free port, restartable by the test.

    initdb refuses to run as root: as root the cluster belongs to the ``postgres`` user.
    """

    def __init__(self, folder):
        self.bin = _postgres_bin()
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if not runuser:
                service_missing("running as root and runuser is missing: cannot run initdb as postgres")
            self.as_user = [runuser, "-u", "postgres", "--"]
        self.folder.mkdir(parents=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self.started = False

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def run(self, tool, *args, timeout=60):
        result = subprocess.run(
            [*self.as_user, str(self.bin / tool), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.folder,
        )
        if result.returncode:
            pytest.fail(
                f"{tool} {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def init(self):
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def _options(self):
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start(self):
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            self._options(),
            "-l",
            str(self.folder / "pg.log"),
            "-w",
            "start",
        )
        self.started = True

    def restart(self):
        log = str(self.folder / "pg.log")  # without a log file the server would hold our pipes open
        self.run(
            "pg_ctl", "-D", str(self.data), "-o", self._options(), "-l", log, "-m", "fast", "-w", "restart"
        )

    def stop(self):
        if self.started:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _postgres_bin():
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    if shutil.which("initdb") and shutil.which("pg_ctl"):
        return Path(shutil.which("initdb")).parent
    service_missing("needs PostgreSQL's initdb and pg_ctl (PG_BIN, or apt-get install postgresql)")
