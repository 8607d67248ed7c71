"""Two app replicas that share nothing but the stores (PostgreSQL and a `chroma run` server): a
session started on one continues on the other, a stale tab is told so, and two candidates never see
each other's data on either."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from interviewer import identity
from interviewer.store import Store
from tests.pg import Cluster, postgres
from tests.webapp import App

__all__ = ["postgres"]  # fixture

pytestmark = pytest.mark.slow

ANSWER = ("At my last job ({marker}) our nightly billing run kept failing. I was asked to make it"
          " reliable. I traced the failures to a lock, rewrote the job in three stages and added"
          " alerts. Failed runs dropped from nine a month to zero.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A `chroma run` server on 127.0.0.1 (its port)."""
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path",
                             str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data / "server.log").read_text())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def replicas(postgres: Cluster, chroma: int, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[App, App, str]]:
    """Two app processes, each with its own data folder, over one database, one Chroma server and
    one shared storage folder; and the database URL."""
    url = postgres.database()
    shared = tmp_path_factory.mktemp("shared-storage")
    env = {"INTERVIEWER_DATABASE_URL": url, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma),
           "INTERVIEWER_STORAGE_DIR": str(shared), "INTERVIEWER_EMBEDDINGS": "hash",
           "INTERVIEWER_BACKEND": "scripted"}
    apps = [App(tmp_path_factory.mktemp(f"replica{n}"), **env) for n in (1, 2)]
    failures: list[BaseException] = []

    def start(app: App) -> None:
        try:
            app.start()
        except BaseException as exc:  # re-raised below, in the test's thread
            failures.append(exc)

    # Started together, as a deployment does: the schema is migrated once, the key made once.
    threads = [threading.Thread(target=start, args=(app,)) for app in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    try:
        if failures:
            raise failures[0]
        yield apps[0], apps[1], url
    finally:
        for app in apps:
            app.stop()


def _browser(app: App) -> str:
    """A new browser's identity cookie, as the app issues it."""
    reply = httpx.get(app.url, timeout=30)
    return reply.cookies[identity.COOKIE]


def _client(app: App, cookie: str) -> Any:
    from gradio_client import Client

    return Client(app.url, verbose=False, headers={"Cookie": f"{identity.COOKIE}={cookie}"})


def _stored(url: str, cookie: str) -> list[Any]:
    return Store(url).sessions(identity.browser_owner(cookie.split(".")[0]))


def test_a_session_moves_between_replicas_and_candidates_stay_apart(
    replicas: tuple[App, App, str],
) -> None:
    one, two, url = replicas
    ana = _browser(one)
    # Every replica signs with the key kept in the database: replica 2 trusts replica 1's cookie.
    again = httpx.get(two.url, cookies={identity.COOKIE: ana}, timeout=30)
    assert identity.COOKIE not in again.headers.get("set-cookie", "")

    tab1 = _client(one, ana)
    tab1.predict({"session": ""}, api_name="/on_load")
    tab1.predict("hiring_manager", [], api_name="/on_start")
    first = tab1.predict(ANSWER.format(marker="alpha1"), api_name="/on_send")
    assert "alpha1" in json.dumps(first[0])
    [row] = _stored(url, ana)

    # The next request lands on replica 2: the same session, where it was.
    tab2 = _client(two, ana)
    loaded = tab2.predict({"session": row.id}, api_name="/on_load")
    assert loaded[0] == {"session": row.id}
    assert "alpha1" in json.dumps(loaded[1]) and "Welcome back" in str(loaded[2])
    second = tab2.predict(ANSWER.format(marker="alpha2"), api_name="/on_send")
    assert "alpha1" in json.dumps(second[0]) and "alpha2" in json.dumps(second[0])
    _, turns = Store(url).load(row.id, identity.browser_owner(ana.split(".")[0]))
    assert [t.seq for t in turns] == [0, 1, 2, 3, 4]
    assert [t.role for t in turns] == ["interviewer", "candidate"] * 2 + ["interviewer"]

    # The first tab, still on replica 1 and one answer behind, is told; nothing is recorded twice.
    stale = tab1.predict(ANSWER.format(marker="alpha3"), api_name="/on_send")
    assert "moved on in another tab" in str(stale[1])
    _, after = Store(url).load(row.id, identity.browser_owner(ana.split(".")[0]))
    assert [(t.seq, t.text) for t in after] == [(t.seq, t.text) for t in turns]

    # A second candidate, on either replica, sees none of it, even naming the session.
    ben = _browser(two)
    for app in (one, two):
        other = _client(app, ben)
        out = other.predict({"session": row.id}, api_name="/on_load")
        assert "alpha" not in json.dumps(out)
        assert not out[-1] or not out[-1].get("choices")
    bens_tab = _client(two, ben)
    bens_tab.predict({"session": ""}, api_name="/on_load")
    bens_tab.predict("peer", [], api_name="/on_start")
    bens = bens_tab.predict(ANSWER.format(marker="bravo1"), api_name="/on_send")
    assert "bravo1" in json.dumps(bens[0]) and "alpha" not in json.dumps(bens[0])
    assert [s.id for s in _stored(url, ana)] == [row.id]
    assert len(_stored(url, ben)) == 1 and _stored(url, ben)[0].id != row.id
    listed = _client(one, ana).predict({"session": ""}, api_name="/on_load")[-1]
    assert [c[1] for c in listed["choices"]] == [row.id]
