"""Two app replicas that share nothing but the stores (PostgreSQL and a `chroma run` server): a
session started on one continues on the other, a stale tab is told so, and two candidates never see
each other's data on either; then the same through the deployment example's nginx configuration
(deploy/nginx.conf.template, run by Debian's nginx: tests/proxy.py)."""

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
from tests import proxy as nginx
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


# Through the proxy. A page view (a browser tab, one gradio_client Client) is one Gradio
# session_hash: the config hashes its requests (queue/join's body, queue/data's query, the heartbeat's
# path) to one replica and spreads everything else at random. An interview outlives page views.

def _via(proxy: nginx.Proxy, cookie: str) -> Any:
    from gradio_client import Client

    return Client(proxy.url, verbose=False, headers={"Cookie": f"{identity.COOKIE}={cookie}"})


def _route(proxy: nginx.Proxy, session_hash: str) -> str:
    """The replica the proxy sends `session_hash`'s requests to, asked with a request that names it
    and changes nothing."""
    reply = httpx.get(f"{proxy.url}/config", params={"session_hash": session_hash}, timeout=30)
    assert reply.status_code == 200
    return proxy.wait_for(session_hash)[-1].served_by


def _view_on(proxy: nginx.Proxy, cookie: str, replica: str) -> Any:
    """A new page view that the proxy's hashing happens to send to `replica` (host:port)."""
    tab = _via(proxy, cookie)
    for _ in range(40):  # each new session_hash lands on either replica: 1 in 2**40 to miss
        if _route(proxy, tab.session_hash) == replica:
            return tab
        tab.reset_session()
    raise AssertionError(f"no session_hash of 40 was routed to {replica}")


def _served(proxy: nginx.Proxy, session_hash: str) -> set[str]:
    """The replicas that answered the requests naming `session_hash`; checks that its event went
    through the proxy (queue/join, then queue/data) and that nothing failed."""
    hits = proxy.wait_for(session_hash, count=3)
    paths = {h.uri.rsplit("/", 2)[-2] + "/" + h.uri.rsplit("/", 1)[-1] for h in hits}
    assert {"queue/join", "queue/data"} <= paths, hits
    assert all(h.status < 500 for h in hits), hits
    return {h.served_by for h in hits}


def test_the_deploy_proxy_config_in_front_of_both_replicas(replicas: tuple[App, App, str]) -> None:
    one, two, url = replicas
    apps = {f"127.0.0.1:{one.port}": one, f"127.0.0.1:{two.port}": two}
    with nginx.running(list(apps)) as proxy:
        try:
            _through_the_proxy(proxy, apps, url)
        except BaseException:
            # pytest shows this with the failure
            print(f"nginx error log:\n{proxy.errors()}\naccess log (tail):")
            print("\n".join(map(str, proxy.hits()[-40:])))
            raise


def _through_the_proxy(proxy: nginx.Proxy, apps: dict[str, App], url: str) -> None:
    page = httpx.get(proxy.url, timeout=30)
    assert page.status_code == 200 and "gradio" in page.text.lower()
    ana = page.cookies[identity.COOKIE]
    # The page's root, from which Gradio builds its download and audio links, is the proxy's
    # address with its port (X-Forwarded-Host), not a replica's nor the port-less host.
    assert httpx.get(f"{proxy.url}/config", timeout=30).json()["root"] == proxy.url
    # A never-ending event stream passes through at once: the heartbeat says ALIVE on connecting.
    with httpx.stream("GET", f"{proxy.url}/gradio_api/heartbeat/probe-stream",
                      timeout=httpx.Timeout(30, read=10)) as beat:
        assert beat.headers["content-type"].startswith("text/event-stream")
        assert next(beat.iter_lines()) == "data: ALIVE"

    # First page view: started, answered, streamed (findings, then the interviewer's turn, as
    # separate updates), every request of it on one replica.
    tab1 = _via(proxy, ana)
    tab1.predict({"session": ""}, api_name="/on_load")
    tab1.predict("hiring_manager", [], api_name="/on_start")
    job = tab1.submit(ANSWER.format(marker="alpha1"), api_name="/on_send")
    first = job.result(timeout=60)
    assert len(job.outputs()) >= 2 and "alpha1" in json.dumps(first[0])
    [home] = _served(proxy, tab1.session_hash)
    [other] = set(apps) - {home}
    [row] = _stored(url, ana)

    # A reload that the proxy sends to the other replica: the same interview, where it was.
    tab2 = _view_on(proxy, ana, other)
    loaded = tab2.predict({"session": row.id}, api_name="/on_load")
    assert "alpha1" in json.dumps(loaded[1]) and "Welcome back" in str(loaded[2])
    second = tab2.predict(ANSWER.format(marker="alpha2"), api_name="/on_send")
    assert "alpha1" in json.dumps(second[0]) and "alpha2" in json.dumps(second[0])
    assert _served(proxy, tab2.session_hash) == {other}

    # The first tab still reaches its own replica (its page state lives there: elsewhere it would
    # be asked to start an interview) and is told the interview moved on; nothing is recorded twice.
    stale = tab1.predict(ANSWER.format(marker="alpha3"), api_name="/on_send")
    assert "moved on in another tab" in str(stale[1])
    assert _served(proxy, tab1.session_hash) == {home}
    owner = identity.browser_owner(ana.split(".")[0])
    _, turns = Store(url).load(row.id, owner)
    assert [t.seq for t in turns] == [0, 1, 2, 3, 4]

    # A second candidate, one page view on each replica, naming Ana's session: none of it.
    ben = httpx.get(proxy.url, timeout=30).cookies[identity.COOKIE]
    for replica in (home, other):
        out = _view_on(proxy, ben, replica).predict({"session": row.id}, api_name="/on_load")
        assert "alpha" not in json.dumps(out)
    # Both answer at the same moment, through the proxy, each on a different replica.
    bens_tab = _view_on(proxy, ben, home)
    bens_tab.predict({"session": ""}, api_name="/on_load")
    bens_tab.predict("peer", [], api_name="/on_start")
    results: dict[str, Any] = {}

    def answer(who: str, tab: Any, marker: str) -> None:
        results[who] = tab.predict(ANSWER.format(marker=marker), api_name="/on_send")

    sends = [threading.Thread(target=answer, args=("ana", tab2, "alpha4")),
             threading.Thread(target=answer, args=("ben", bens_tab, "bravo1"))]
    for t in sends:
        t.start()
    for t in sends:
        t.join(timeout=60)
    assert "alpha4" in json.dumps(results["ana"][0]) and "bravo" not in json.dumps(results["ana"])
    assert "bravo1" in json.dumps(results["ben"][0]) and "alpha" not in json.dumps(results["ben"])
    assert _served(proxy, bens_tab.session_hash) == {home}
    assert [s.id for s in _stored(url, ana)] == [row.id]
    assert len(_stored(url, ben)) == 1 and _stored(url, ben)[0].id != row.id

    # A replica goes down: a page view hashed to it is sent to the survivor (proxy_next_upstream)
    # and the interview goes on there.
    tab3 = _view_on(proxy, ana, other)
    stopped_at = len(proxy.hits())
    apps[other].stop()
    try:
        loaded = tab3.predict({"session": row.id}, api_name="/on_load")
        assert "alpha4" in json.dumps(loaded[1])
        after = tab3.predict(ANSWER.format(marker="alpha5"), api_name="/on_send")
        assert "alpha4" in json.dumps(after[0]) and "alpha5" in json.dumps(after[0])
        assert _served(proxy, tab3.session_hash) == {home, other}  # the probe before; then:
        since = [h for h in proxy.hits()[stopped_at:]
                 if h.key == tab3.session_hash and "/queue/" in h.uri]
        assert since and {h.served_by for h in since} == {home}, since
        assert all(h.status == 200 for h in since), since
        _, turns = Store(url).load(row.id, owner)
        assert [t.seq for t in turns] == list(range(len(turns)))
        answers = [t.text for t in turns if t.role == "candidate"]
        assert [m for a in answers for m in ("alpha1", "alpha2", "alpha3", "alpha4", "alpha5")
                if m in a] == ["alpha1", "alpha2", "alpha4", "alpha5"]
    finally:
        apps[other].start()
