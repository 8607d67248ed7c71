"""Persistence of sessions, turns with traces and critiques, documents' metadata and story banks.

One storage layer, two engines, through SQLAlchemy Core: a SQLite file under the data folder (the
default) or PostgreSQL when INTERVIEWER_DATABASE_URL names one, so several app replicas share it.
The schema is created and upgraded by Alembic at start-up (`interviewer/migrations`). Every
candidate answer is written as soon as it is recorded, before any model is called, so a crash or
a model failure loses nothing.
"""

from __future__ import annotations

import json
import logging
import secrets as random_secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError

from interviewer import migrations, schema
from interviewer.errors import InterviewerError
from interviewer.migrations import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "ConflictError", "NotFoundError", "SessionRow", "Store", "StoreError",
           "TurnRow"]

_MIGRATION_LOCK = 0x696E7476  # PostgreSQL advisory lock key ("intv"): one replica migrates at a time
_T = TypeVar("_T")

log = logging.getLogger("interviewer.store")


class StoreError(InterviewerError):
    """The session database cannot be used; the message says how to fix it."""


class NotFoundError(StoreError):
    """No such session for this user."""


class ConflictError(StoreError):
    """Another tab (on this or another replica) moved the interview on; this one is stale."""


STALE = ("This interview moved on in another tab or window; reload the page to continue from"
         " there (nothing was recorded twice).")


@dataclass(frozen=True)
class SessionRow:
    """A stored session as listed to its owner."""

    id: str
    name: str
    created: float
    updated: float
    backend: str
    model: str
    turns: int


@dataclass(frozen=True)
class TurnRow:
    """A stored turn."""

    seq: int
    role: str
    persona: str
    kind: str
    question_id: str | None
    question: str | None
    text: str
    critique: dict[str, Any] | None
    trace: dict[str, Any] | None
    note: str = ""
    audio: dict[str, Any] | None = None


def database_url(value: str | Path) -> URL:
    """The SQLAlchemy URL for a setting: a path (SQLite), sqlite:///…, or postgresql://… (psycopg)."""
    if isinstance(value, Path):
        return URL.create("sqlite", database=str(value))
    try:
        url = make_url(value.strip())
    except ArgumentError as exc:
        raise StoreError("INTERVIEWER_DATABASE_URL is not a database URL. Use"
                         " postgresql://user:password@host:5432/dbname or sqlite:///path/to/file"
                         " (or leave it unset for the file under INTERVIEWER_DATA_DIR).") from exc
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return url
    raise StoreError(f"INTERVIEWER_DATABASE_URL names {url.drivername!r}, which this app does not"
                     " use. Valid: postgresql://… (PostgreSQL through psycopg) or sqlite:///….")


def _where(url: URL) -> str:
    """The database as users may see it: never the password, never a server path."""
    if url.get_backend_name() == "sqlite":
        return "the session database"
    return f"the PostgreSQL database {url.database or ''!r} at {url.host or 'localhost'}:{url.port or 5432}"


_UNREACHABLE = ("connection refused", "could not connect", "timeout expired", "timed out",
                "could not translate host name", "server closed the connection",
                "terminating connection", "connection is closed", "connection has been closed",
                "connection not open", "consuming input failed", "the connection is lost",
                "no route to host", "network is unreachable", "connection reset",
                "the database system is starting up", "the database system is shutting down",
                "the database system is in recovery mode")


def _transient(exc: DBAPIError) -> bool:
    """A failure to reach the server, worth trying again shortly (never a SQLite error)."""
    if isinstance(exc, IntegrityError):
        return False
    state = str(getattr(exc.orig, "sqlstate", "") or "")
    text_ = str(exc.orig).lower()
    return bool(exc.connection_invalidated or state.startswith("08")
                or state in ("57P01", "57P02", "57P03")
                or any(cue in text_ for cue in _UNREACHABLE))


def _explain(exc: DBAPIError | OSError | sqlite3.Error, url: URL, path: Path | None) -> StoreError:
    """What a database failure means for the user, without secrets or server paths (those go to
    the log)."""
    log.error("session database %s: %s", url.render_as_string(hide_password=True), exc)
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    text_ = str(orig).lower()
    state = str(getattr(orig, "sqlstate", "") or "")
    where = _where(url)
    where = where[0].upper() + where[1:]
    if state == "28P01" or "password authentication failed" in text_:
        return StoreError(f"{where} refused the login: the user name or password in"
                          " INTERVIEWER_DATABASE_URL is wrong. Fix it and restart.")
    if state == "3D000" or ("database" in text_ and "does not exist" in text_):
        return StoreError(f"{where} does not exist. Create it (createdb NAME) or fix the database"
                          " name in INTERVIEWER_DATABASE_URL.")
    if state.startswith("28") or ("role" in text_ and "does not exist" in text_):
        return StoreError(f"{where} refused this user. Check the user in INTERVIEWER_DATABASE_URL"
                          " and the server's pg_hba.conf.")
    if state == "53300" or "too many clients" in text_:
        return StoreError(f"{where} has no free connections. Raise its max_connections or run fewer"
                          " replicas; nothing was lost, try again in a moment.")
    if isinstance(exc, DBAPIError) and _transient(exc):
        return StoreError(f"Cannot reach {_where(url)}, so this was not saved. Start the server (or"
                          " fix INTERVIEWER_DATABASE_URL) and try again: what was saved before is"
                          " kept.")
    if "locked" in text_ or "busy" in text_:
        return StoreError("The session database is locked by another program. Close it (or the"
                          " other app instance) and try again; nothing was lost.")
    if state == "25006" or "readonly" in text_ or "read-only" in text_:
        return StoreError("The session database is read-only. Give the app's user write access to"
                          " its data folder, or set INTERVIEWER_DATA_DIR to a writable folder.")
    if (state == "53100" or "no space left" in text_ or "could not extend file" in text_
            or ("disk" in text_ and ("full" in text_ or "i/o" in text_))
            or (path is not None and _disk_nearly_full(path))):
        return StoreError("The disk holding the session database is full, so this was not saved."
                          " Free some space, then send it again; what was saved before is kept.")
    if "not a database" in text_ or "malformed" in text_:
        return StoreError("The session database file is not readable. Move it aside (it is kept"
                          " for you; the server log names it) and restart to create a new one.")
    if "unable to open" in text_ or isinstance(exc, OSError):
        return StoreError("Cannot open the session database. Set INTERVIEWER_DATA_DIR to a"
                          " writable folder with free space (the server log has the details).")
    return StoreError(f"The session database failed ({type(orig).__name__}). The server log has"
                      " the details.")


def _disk_nearly_full(path: Path, floor: int = 1024 * 1024) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < floor
    except OSError:
        return False


def _sqlite_engine(url: URL, timeout: float) -> Engine:
    """A SQLite engine whose transactions really are transactions (DDL included), with foreign
    keys on; writers take the lock when they begin, so two writers never deadlock on upgrade."""
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _write_ahead(driver_connection: Any, timeout: float) -> None:
    """Switch the file to write-ahead logging. The switch needs the file to itself, and SQLite
    reports "locked" at once (without waiting out the busy timeout) while another connection,
    such as a replica starting at the same moment, holds it; so it waits here instead."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            driver_connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _json(value: Any) -> str | None:
    return json.dumps(value) if value else None


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


class Store:
    """Sessions for many users in one database (SQLite or PostgreSQL); every call checks the owner."""

    def __init__(self, target: Path | str, timeout: float = 5.0, retry_seconds: float = 6.0) -> None:
        self.url = database_url(target)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self.path: Path | None = Path(self.url.database) if self.sqlite and self.url.database \
            and self.url.database != ":memory:" else None
        self.timeout = timeout
        self.retry_seconds = retry_seconds
        """How long a write keeps retrying while the server is unreachable (then it says so)."""
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._ready = False

    @property
    def engine(self) -> Engine:
        """The engine, made on first use (no I/O before that)."""
        if self._engine is None:
            if self.sqlite:
                if self.path is not None:
                    try:
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise _explain(exc, self.url, self.path) from exc
                self._engine = _sqlite_engine(self.url, self.timeout)
            else:
                try:
                    self._engine = create_engine(
                        self.url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                        connect_args={"connect_timeout": max(1, round(self.timeout))})
                except NoSuchModuleError as exc:
                    raise StoreError("PostgreSQL needs the psycopg package: pip install"
                                     " 'psycopg[binary]'.") from exc
        return self._engine

    def close(self) -> None:
        """Close pooled connections (a new call opens them again)."""
        if self._engine is not None:
            self._engine.dispose()

    def _retrying(self, work: Callable[[], _T]) -> _T:
        """Run `work`, trying again with backoff while the server is unreachable, for a short
        while; any other failure at once, as a StoreError that says how to fix it."""
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.2
        while True:
            try:
                return work()
            except DBAPIError as exc:
                if _transient(exc) and time.monotonic() + delay < deadline:
                    log.warning("cannot reach %s (%s); trying again in %.1f s", _where(self.url),
                                type(exc.orig).__name__, delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 2.0)
                    continue
                raise _explain(exc, self.url, self.path) from exc

    @contextmanager
    def _begin(self, write: bool) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            if self.sqlite and write:
                connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    def _run(self, work: Callable[[Connection], _T], write: bool = True) -> _T:
        """`work` in one transaction (migrating first, once); retried whole on a lost connection."""
        if not self._ready:
            self.migrate()

        def attempt() -> _T:
            with self._begin(write) as connection:
                return work(connection)

        return self._retrying(attempt)

    # --- schema ------------------------------------------------------------------------------

    def migrate(self) -> int:
        """Create or upgrade the schema (once, even with several replicas starting together);
        returns the version now in the database."""
        with self._lock:
            if not self._ready:
                self._retrying(self._migrate_locked)
                self._ready = True
        return SCHEMA_VERSION

    def _migrate_locked(self) -> None:
        with self.engine.connect() as connection:
            if not self.sqlite:  # replicas starting together: one upgrades, the others wait
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
                connection.commit()
            try:
                connection.execution_options(sqlite_begin="IMMEDIATE")
                with connection.begin():
                    migrations.upgrade(connection)
            finally:
                if not self.sqlite:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                    connection.commit()
            if self.sqlite:  # outside any transaction, as SQLite requires
                try:
                    _write_ahead(connection.connection.driver_connection, self.timeout)
                except sqlite3.Error as exc:
                    raise _explain(exc, self.url, self.path) from exc

    # --- sessions ----------------------------------------------------------------------------

    def create(self, session_id: str, owner: str, name: str, backend: str, model: str,
               state: dict[str, Any]) -> None:
        """Record a new session."""
        now = time.time()
        self._run(lambda db: db.execute(schema.sessions.insert().values(
            id=session_id, owner=owner, name=name, created=now, updated=now, backend=backend,
            model=model, state=json.dumps(state))))

    def _owned(self, db: Connection, session_id: str, owner: str, lock: bool = False) -> Any:
        """The session's row; `lock` holds it until the transaction ends, so writes to one session
        from several replicas take turns."""
        s = schema.sessions
        query = select(s).where(s.c.id == session_id, s.c.owner == owner)
        row = db.execute(query.with_for_update() if lock and not self.sqlite else query).first()
        if row is None:
            raise NotFoundError(f"No session {session_id!r} for you. List your sessions with"
                                " `interviewer sessions` or in the Sessions tab.")
        return row._mapping

    def _count(self, db: Connection, session_id: str) -> int:
        t = schema.turns
        return int(db.execute(select(func.count()).where(t.c.session_id == session_id)).scalar_one())

    def save_state(self, session_id: str, owner: str, state: dict[str, Any],
                   turns: int | None = None) -> None:
        """Replace a session's engine state; with `turns`, only if that many turns are stored
        (else another tab moved on and ConflictError says so)."""
        def work(db: Connection) -> None:
            self._owned(db, session_id, owner, lock=True)
            if turns is not None and self._count(db, session_id) != turns:
                raise ConflictError(STALE)
            db.execute(schema.sessions.update().where(schema.sessions.c.id == session_id)
                       .values(state=json.dumps(state), updated=time.time()))

        self._run(work)

    def put_turn(self, session_id: str, owner: str, seq: int, turn: dict[str, Any],
                 new: bool = False) -> None:
        """Store one turn. `new`: a turn just recorded, whose number must be free (a stale tab gets
        ConflictError, never a duplicate or an overwrite); else it replaces the stored one (a
        critique worded later)."""
        values = {"role": turn["role"], "persona": turn["persona"], "kind": turn["kind"],
                  "question_id": turn.get("question_id"), "question": turn.get("question"),
                  "text": turn["text"], "critique": _json(turn.get("critique")),
                  "trace": _json(turn.get("trace")), "created": time.time(),
                  "note": turn.get("note") or "", "audio": _json(turn.get("audio"))}
        t = schema.turns

        def work(db: Connection) -> None:
            self._owned(db, session_id, owner, lock=True)
            here = (t.c.session_id == session_id) & (t.c.seq == seq)
            stored = db.execute(select(t.c.role, t.c.text).where(here)).first()
            if new and stored is not None:
                if (stored.role, stored.text) == (values["role"], values["text"]):
                    return  # our own write, committed before a lost connection: already there
                raise ConflictError(STALE)
            if new and seq != self._count(db, session_id):
                raise ConflictError(STALE)
            if stored is None:
                try:
                    db.execute(t.insert().values(session_id=session_id, seq=seq, **values))
                except IntegrityError as exc:  # the primary key caught a write racing this one
                    raise ConflictError(STALE) from exc
            else:
                db.execute(t.update().where(here).values(**values))
            db.execute(schema.sessions.update().where(schema.sessions.c.id == session_id)
                       .values(updated=time.time()))

        self._run(work)

    def put_document(self, session_id: str, owner: str, kind: str, name: str, chars: int) -> None:
        """Remember which document a session indexed (the text itself lives only in Chroma)."""
        def work(db: Connection) -> None:
            self._owned(db, session_id, owner)
            self._upsert(db, schema.documents, {"session_id": session_id, "kind": kind,
                                                "name": name, "chars": chars,
                                                "created": time.time()}, ["session_id", "kind"])

        self._run(work)

    def documents(self, session_id: str, owner: str) -> list[dict[str, Any]]:
        """Documents indexed for a session."""
        d = schema.documents

        def work(db: Connection) -> list[dict[str, Any]]:
            self._owned(db, session_id, owner)
            rows = db.execute(select(d.c.kind, d.c.name, d.c.chars).where(d.c.session_id == session_id)
                              .order_by(d.c.kind))
            return [dict(r._mapping) for r in rows]

        return self._run(work, write=False)

    def load(self, session_id: str, owner: str) -> tuple[dict[str, Any], list[TurnRow]]:
        """A session's stored row and turns, in order."""
        t = schema.turns

        def work(db: Connection) -> tuple[dict[str, Any], list[Any]]:
            info = dict(self._owned(db, session_id, owner))
            rows = db.execute(select(t).where(t.c.session_id == session_id).order_by(t.c.seq))
            return info, list(rows)

        info, rows = self._run(work, write=False)
        info["state"] = json.loads(info["state"])
        return info, [TurnRow(r.seq, r.role, r.persona, r.kind, r.question_id, r.question, r.text,
                              _loads(r.critique), _loads(r.trace), r.note or "", _loads(r.audio))
                      for r in rows]

    def stories(self, owner: str) -> list[dict[str, Any]]:
        """The owner's story bank (a list of story dicts)."""
        b = schema.story_banks
        value = self._run(lambda db: db.execute(select(b.c.stories).where(b.c.owner == owner))
                          .scalar(), write=False)
        return list(json.loads(value)) if value else []

    def put_stories(self, owner: str, stories: list[dict[str, Any]]) -> None:
        """Replace the owner's story bank."""
        self._run(lambda db: self._upsert(db, schema.story_banks,
                                          {"owner": owner, "stories": json.dumps(stories)}, ["owner"]))

    def sessions(self, owner: str) -> list[SessionRow]:
        """The owner's sessions, newest first."""
        s, t = schema.sessions, schema.turns
        count = select(func.count()).where(t.c.session_id == s.c.id).scalar_subquery()
        query = (select(s.c.id, s.c.name, s.c.created, s.c.updated, s.c.backend, s.c.model,
                        count.label("turns"))
                 .where(s.c.owner == owner).order_by(s.c.updated.desc()))
        rows = self._run(lambda db: db.execute(query).all(), write=False)
        return [SessionRow(**r._mapping) for r in rows]

    def rename(self, session_id: str, owner: str, name: str) -> None:
        """Give a session a new name."""
        name = name.strip()
        if not name:
            raise StoreError("A session name cannot be empty.")

        def work(db: Connection) -> None:
            self._owned(db, session_id, owner)
            db.execute(schema.sessions.update().where(schema.sessions.c.id == session_id)
                       .values(name=name[:120]))

        self._run(work)

    def delete(self, session_id: str, owner: str) -> None:
        """Delete a session and its turns (the caller removes its vectors)."""
        def work(db: Connection) -> None:
            self._owned(db, session_id, owner)
            db.execute(schema.sessions.delete().where(schema.sessions.c.id == session_id))

        self._run(work)

    # --- shared secrets ----------------------------------------------------------------------

    def secret(self, name: str, default: str | None = None) -> str:
        """The named secret every replica shares: made once (from `default`, else at random) by
        whichever replica asks first; later callers all read the same value."""
        a = schema.app_secrets

        def work(db: Connection) -> str:
            value = db.execute(select(a.c.value).where(a.c.name == name)).scalar()
            if value is None:
                made = default or random_secrets.token_hex(32)
                # Two replicas racing here: the first insert wins, the other's is dropped.
                self._insert_new(db, a, {"name": name, "value": made, "created": time.time()})
                value = db.execute(select(a.c.value).where(a.c.name == name)).scalar_one()
            return str(value)

        return self._run(work)

    def _upsert(self, db: Connection, table: Any, values: dict[str, Any], keys: list[str]) -> None:
        insert = (sqlite_insert if self.sqlite else pg_insert)(table).values(**values)
        db.execute(insert.on_conflict_do_update(
            index_elements=keys, set_={k: insert.excluded[k] for k in values if k not in keys}))

    def _insert_new(self, db: Connection, table: Any, values: dict[str, Any]) -> None:
        insert = (sqlite_insert if self.sqlite else pg_insert)(table).values(**values)
        db.execute(insert.on_conflict_do_nothing())
