"""PostgreSQL's own faults: logins, missing databases, a server that goes away and comes back,
replicas migrating together, a database from a newer app. (The shared storage tests in
test_store.py run on PostgreSQL too.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from interviewer.config import load_settings
from interviewer.llm.scripted import ScriptedBackend
from interviewer.services import Services
from interviewer.store import SCHEMA_VERSION, Store, StoreError
from tests.conftest import STRONG_ANSWER, THIN_ANSWER
from tests.pg import PASSWORD, Cluster, postgres, running

__all__ = ["postgres"]  # fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[Cluster]:
    """A server of this module's own, which the tests stop and start again."""
    with running() as cluster:
        yield cluster


def test_a_wrong_password_a_missing_database_and_no_server_are_told_apart(postgres: Cluster) -> None:
    url = postgres.database()
    name = url.rsplit("/", 1)[1]
    with pytest.raises(StoreError, match="user name or password in INTERVIEWER_DATABASE_URL") as bad:
        Store(postgres.url(name, password="wrong-pw")).migrate()
    assert "wrong-pw" not in str(bad.value) and PASSWORD not in str(bad.value)
    with pytest.raises(StoreError, match=r"does not exist\. Create it"):
        Store(postgres.url("no_such_db")).migrate()
    closed = url.replace(f":{postgres.port}/", ":1/")
    with pytest.raises(StoreError, match=r"Cannot reach .*127\.0\.0\.1:1.*Start the server"):
        Store(closed, retry_seconds=0.5).migrate()


def test_replicas_starting_together_migrate_once(postgres: Cluster) -> None:
    url = postgres.database()
    results: list[object] = []

    def start() -> None:
        try:
            results.append(Store(url).migrate())
        except Exception as exc:  # reported by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=start) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results == [SCHEMA_VERSION] * 5
    with psycopg.connect(url) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0006",)]


def test_a_database_from_a_newer_app_is_refused(postgres: Cluster) -> None:
    url = postgres.database()
    Store(url).migrate()
    with psycopg.connect(url) as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StoreError, match=r"newer version of this app \(schema 0099.*Upgrade the app"):
        Store(url).migrate()


def test_dropped_connections_are_replaced_without_the_candidate_noticing(postgres: Cluster) -> None:
    services = Services(load_settings(database_url=postgres.database()))
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        # What a failover or a server restart does to every open connection.
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                      " OR datname LIKE 't\\_%%' AND pid <> pg_backend_pid()")
    "".join(session.answer(STRONG_ANSWER))
    stored = services.sessions.load(session.session_id, "ana")[1]
    assert [r.role for r in stored] == ["interviewer", "candidate", "interviewer"]


def test_a_server_gone_mid_interview_loses_nothing_and_the_interview_goes_on(
    own_cluster: Cluster,
) -> None:
    services = Services(load_settings(database_url=own_cluster.database()))
    services.sessions.retry_seconds = 1.0
    session = services.new_session("hiring_manager", ScriptedBackend(), owner="ana")
    "".join(session.start())
    own_cluster.stop()
    try:
        with pytest.raises(StoreError, match=r"Cannot reach .*not saved"):
            "".join(session.answer(STRONG_ANSWER))
        # Memory and storage stay in step: the answer is not half-recorded (the UI keeps the
        # typed text in the answer box for the candidate to send again).
        assert [t.role for t in session.turns] == ["interviewer"]
    finally:
        own_cluster.start()
    "".join(session.answer(STRONG_ANSWER))
    stored = services.sessions.load(session.session_id, "ana")[1]
    assert [(r.role, r.text) for r in stored][1] == ("candidate", STRONG_ANSWER)


def test_a_write_waits_for_a_server_that_comes_back_soon(own_cluster: Cluster) -> None:
    services = Services(load_settings(database_url=own_cluster.database()))
    services.sessions.retry_seconds = 60.0  # generous: the restart below takes a second or two
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    own_cluster.stop()
    back = threading.Thread(target=own_cluster.start)
    back.start()
    try:
        "".join(session.answer(THIN_ANSWER))  # retried with backoff until the server is back
    finally:
        back.join(timeout=120)
    stored = services.sessions.load(session.session_id, "ana")[1]
    assert [r.text for r in stored if r.role == "candidate"] == [THIN_ANSWER]
