"""SQLite persistence: sessions, turns with traces and critiques, documents' metadata.

One database file under the data folder. The schema is created and migrated by the app
(`PRAGMA user_version`). Every candidate answer is written as soon as it is recorded, before
any model is called, so a crash or a model failure loses nothing.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer.errors import InterviewerError

SCHEMA_VERSION = 5
log = logging.getLogger("interviewer.store")

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        name TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        backend TEXT NOT NULL,
        model TEXT NOT NULL,
        state TEXT NOT NULL
    );
    CREATE INDEX sessions_owner ON sessions(owner, updated);
    CREATE TABLE turns (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL,
        persona TEXT NOT NULL,
        kind TEXT NOT NULL,
        question_id TEXT,
        question TEXT,
        text TEXT NOT NULL,
        critique TEXT,
        trace TEXT,
        created REAL NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    """,
    2: """
    CREATE TABLE documents (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        chars INTEGER NOT NULL,
        created REAL NOT NULL,
        PRIMARY KEY (session_id, kind)
    );
    """,
    3: """
    ALTER TABLE turns ADD COLUMN note TEXT NOT NULL DEFAULT '';
    """,
    4: """
    CREATE TABLE story_banks (
        owner TEXT PRIMARY KEY,
        stories TEXT NOT NULL
    );
    """,
    5: """
    ALTER TABLE turns ADD COLUMN audio TEXT;
    """,
}


class StoreError(InterviewerError):
    """The session database cannot be used; the message says how to fix it."""


class NotFoundError(StoreError):
    """No such session for this user."""


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


def _explain(exc: sqlite3.Error, path: Path) -> StoreError:
    """What a database failure means for the user, without server paths (those go to the log)."""
    log.error("session database %s: %s", path, exc)
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError("The session database is locked by another program. Close it (or the"
                          " other app instance) and try again; nothing was lost.")
    if "readonly" in text or "read-only" in text:
        return StoreError("The session database is read-only. Give the app's user write access to"
                          " its data folder, or set INTERVIEWER_DATA_DIR to a writable folder.")
    if ("disk" in text and ("full" in text or "i/o" in text)) or _disk_nearly_full(path):
        return StoreError("The disk holding the session database is full, so this was not saved."
                          " Free some space, then send it again; what was saved before is kept.")
    if "not a database" in text or "malformed" in text:
        return StoreError("The session database file is not readable. Move it aside (it is kept"
                          " for you; the server log names it) and restart to create a new one.")
    return StoreError(f"The session database failed ({exc}). The server log has the details.")


def _disk_nearly_full(path: Path, floor: int = 1024 * 1024) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < floor
    except OSError:
        return False


class Store:
    """Sessions for many users in one SQLite file; every call checks the owner."""

    def __init__(self, path: Path, timeout: float = 5.0) -> None:
        self.path = path
        self.timeout = timeout
        self._lock = threading.Lock()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.timeout)
        except (OSError, sqlite3.Error) as exc:
            log.error("cannot open the session database %s: %s", self.path, exc)
            raise StoreError("Cannot open the session database. Set INTERVIEWER_DATA_DIR to a"
                             " writable folder with free space (the server log has the"
                             " details).") from exc
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.row_factory = sqlite3.Row
            with connection:
                yield connection
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc
        finally:
            connection.close()

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the version now in the file."""
        with self._lock, self._connect() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(f"The session database {self.path.name} was written by a newer"
                                 f" version of this app (schema {version}, this app knows"
                                 f" {SCHEMA_VERSION}). Upgrade the app.")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                db.executescript(_MIGRATIONS[target])
                db.execute(f"PRAGMA user_version = {target}")
            db.execute("PRAGMA journal_mode = WAL")
            self._ready = True
            return SCHEMA_VERSION

    def _db(self) -> Any:
        if not self._ready:
            self.migrate()
        return self._connect()

    # --- sessions ----------------------------------------------------------------------------

    def create(self, session_id: str, owner: str, name: str, backend: str, model: str,
               state: dict[str, Any]) -> None:
        """Record a new session."""
        now = time.time()
        with self._db() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (session_id, owner, name, now, now, backend, model, json.dumps(state)))

    def _owned(self, db: sqlite3.Connection, session_id: str, owner: str) -> sqlite3.Row:
        row = db.execute("SELECT * FROM sessions WHERE id = ? AND owner = ?",
                         (session_id, owner)).fetchone()
        if row is None:
            raise NotFoundError(f"No session {session_id!r} for you. List your sessions with"
                                " `interviewer sessions` or in the Sessions tab.")
        return row

    def save_state(self, session_id: str, owner: str, state: dict[str, Any]) -> None:
        """Replace a session's engine state."""
        with self._db() as db:
            self._owned(db, session_id, owner)
            db.execute("UPDATE sessions SET state = ?, updated = ? WHERE id = ?",
                       (json.dumps(state), time.time(), session_id))

    def put_turn(self, session_id: str, owner: str, seq: int, turn: dict[str, Any]) -> None:
        """Insert or replace one turn (a critique worded later replaces the stored one)."""
        with self._db() as db:
            self._owned(db, session_id, owner)
            db.execute(
                "INSERT OR REPLACE INTO turns (session_id, seq, role, persona, kind, question_id,"
                " question, text, critique, trace, created, note, audio)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, seq, turn["role"], turn["persona"], turn["kind"],
                 turn.get("question_id"), turn.get("question"), turn["text"],
                 json.dumps(turn["critique"]) if turn.get("critique") else None,
                 json.dumps(turn["trace"]) if turn.get("trace") else None, time.time(),
                 turn.get("note") or "", json.dumps(turn["audio"]) if turn.get("audio") else None),
            )
            db.execute("UPDATE sessions SET updated = ? WHERE id = ?", (time.time(), session_id))

    def put_document(self, session_id: str, owner: str, kind: str, name: str, chars: int) -> None:
        """Remember which document a session indexed (the text itself lives only in Chroma)."""
        with self._db() as db:
            self._owned(db, session_id, owner)
            db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                       (session_id, kind, name, chars, time.time()))

    def documents(self, session_id: str, owner: str) -> list[dict[str, Any]]:
        """Documents indexed for a session."""
        with self._db() as db:
            self._owned(db, session_id, owner)
            rows = db.execute("SELECT kind, name, chars FROM documents WHERE session_id = ?",
                              (session_id,)).fetchall()
        return [dict(r) for r in rows]

    def load(self, session_id: str, owner: str) -> tuple[dict[str, Any], list[TurnRow]]:
        """A session's stored row and turns, in order."""
        with self._db() as db:
            row = self._owned(db, session_id, owner)
            turns = db.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY seq",
                               (session_id,)).fetchall()
        info = dict(row)
        info["state"] = json.loads(info["state"])
        return info, [TurnRow(t["seq"], t["role"], t["persona"], t["kind"], t["question_id"],
                              t["question"], t["text"],
                              json.loads(t["critique"]) if t["critique"] else None,
                              json.loads(t["trace"]) if t["trace"] else None, t["note"],
                              json.loads(t["audio"]) if t["audio"] else None)
                      for t in turns]

    def stories(self, owner: str) -> list[dict[str, Any]]:
        """The owner's story bank (a list of story dicts)."""
        with self._db() as db:
            row = db.execute("SELECT stories FROM story_banks WHERE owner = ?", (owner,)).fetchone()
        return list(json.loads(row["stories"])) if row else []

    def put_stories(self, owner: str, stories: list[dict[str, Any]]) -> None:
        """Replace the owner's story bank."""
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO story_banks VALUES (?, ?)", (owner, json.dumps(stories)))

    def sessions(self, owner: str) -> list[SessionRow]:
        """The owner's sessions, newest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT s.id, s.name, s.created, s.updated, s.backend, s.model,"
                " (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turns"
                " FROM sessions s WHERE owner = ? ORDER BY updated DESC", (owner,)).fetchall()
        return [SessionRow(**dict(r)) for r in rows]

    def rename(self, session_id: str, owner: str, name: str) -> None:
        """Give a session a new name."""
        name = name.strip()
        if not name:
            raise StoreError("A session name cannot be empty.")
        with self._db() as db:
            self._owned(db, session_id, owner)
            db.execute("UPDATE sessions SET name = ? WHERE id = ?", (name[:120], session_id))

    def delete(self, session_id: str, owner: str) -> None:
        """Delete a session and its turns (the caller removes its vectors)."""
        with self._db() as db:
            self._owned(db, session_id, owner)
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

