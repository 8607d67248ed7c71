"""A throwaway PostgreSQL cluster for tests: Debian's initdb/pg_ctl in a temporary folder, on a free
127.0.0.1 port, as an unprivileged user when the tests run as root (initdb refuses root)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

USER, PASSWORD = "coach", "coach-test-pw"


def bin_dir() -> Path:
    """The folder with initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    raise RuntimeError("PostgreSQL's initdb is not installed: apt-get install postgresql (.ci/run"
                       " does it).")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """One PostgreSQL server in `folder`; `database()` makes a fresh, empty database on it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.bin = bin_dir()
        self._as: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self._as = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        "--inh-caps=-all"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=120,
                              cwd=self.folder)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        """initdb (password logins over TCP) unless done, and start the server, waiting until it
        accepts connections."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "pw").write_text(PASSWORD)
        if self._as:
            shutil.chown(self.folder, "nobody", "nogroup")
            shutil.chown(self.folder / "pw", "nobody", "nogroup")
        data = self.folder / "data"
        if data.exists():  # a restart of a stopped server
            self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l",
                      str(self.folder / "server.log"), "-o", self._options(), "-w", "-t", "60",
                      "start")
            return
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", USER, "--pwfile",
                  str(self.folder / "pw"), "--auth-local=trust", "--auth-host=scram-sha-256",
                  "-E", "UTF8", "--no-instructions")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "server.log"),
                  "-o", self._options(), "-w", "-t", "60", "start")

    def _options(self) -> str:
        # Durability is not under test here: skip fsyncs so 2 shared cores stay free.
        return (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
                " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                " -c shared_buffers=32MB")

    def stop(self) -> None:
        """Stop the server, dropping every connection (`start` brings it back)."""
        if (self.folder / "data" / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                      "-w", "stop")

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        """A postgresql:// URL for `database` on this server."""
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def running() -> Iterator[Cluster]:
    """A PostgreSQL server in its own temporary folder (one the unprivileged user can reach:
    pytest's are private to root), stopped and removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="interviewer-pg-"))
    folder.chmod(0o755)
    cluster = Cluster(folder / "cluster")
    try:
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL server for the whole test session, torn down at its end."""
    with running() as cluster:
        yield cluster
