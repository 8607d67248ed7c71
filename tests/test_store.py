from __future__ import annotations

import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from interviewer import export
from interviewer.config import load_settings
from interviewer.documents import Document
from interviewer.errors import BackendError, InterviewerError
from interviewer.llm.scripted import ScriptedBackend
from interviewer.services import Services
from interviewer.session import InterviewSession
from interviewer.store import (
    SCHEMA_VERSION,
    ConflictError,
    NotFoundError,
    Store,
    StoreError,
    _write_ahead,
)
from tests.conftest import STRONG_ANSWER, THIN_ANSWER, FakeModel
from tests.pg import Cluster, postgres

__all__ = ["postgres"]  # fixture

RESUME = "Alex Moreno\n- Cut event latency from 9 minutes to 40 seconds at Tidewater Freight"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once on the SQLite default and once on a fresh PostgreSQL database (slow)."""
    if request.param == "postgresql":
        cluster: Cluster = request.getfixturevalue("postgres")
        monkeypatch.setenv("INTERVIEWER_DATABASE_URL", cluster.database())
    else:
        monkeypatch.delenv("INTERVIEWER_DATABASE_URL", raising=False)
    return str(request.param)


def fresh() -> Services:
    """A new app process's services over the same data folder and database (the env says which)."""
    return Services(load_settings())


def test_a_restart_resumes_the_session_where_it_was(database: str) -> None:
    first = fresh()
    session = first.new_session("hiring_manager", ScriptedBackend(),
                                [Document("cv.txt", "resume", RESUME)], owner="ana")
    "".join(session.start())
    "".join(session.answer(STRONG_ANSWER))
    transcript = [(t.role, t.text) for t in session.turns]

    again = fresh().open_session(session.session_id, "ana", ScriptedBackend())
    assert [(t.role, t.text) for t in again.turns] == transcript
    assert again.turns[1].critique is not None
    assert again.turns[1].critique.analysis.score == session.turns[1].critique.analysis.score  # type: ignore[union-attr]
    assert again.context.highlights() == session.context.highlights()
    # The plan continues: the next question is the third planned one.
    "".join(again.answer(STRONG_ANSWER))
    progress = again.progress["hiring_manager"]
    assert again.turns[-1].question_id == progress.plan[2]


def test_the_answer_is_stored_before_the_model_is_called_and_retry_works_after_restart(
    fake_model: FakeModel, database: str
) -> None:
    services = fresh()
    fake_model.enqueue("Hi, I'm Dana. Tell me about a complex problem.",
                       RuntimeError("model crashed"))
    session = services.new_session("hiring_manager", fake_model.backend(), owner="ana")
    "".join(session.start())
    with pytest.raises(BackendError):
        "".join(session.answer(STRONG_ANSWER))
    _, rows = fresh().sessions.load(session.session_id, "ana")
    assert [r.role for r in rows] == ["interviewer", "candidate"]
    assert rows[-1].text == STRONG_ANSWER

    reopened = fresh().open_session(session.session_id, "ana", ScriptedBackend())
    assert reopened.pending is not None
    text = "".join(reopened.retry())
    assert text and reopened.turns[-1].role == "interviewer"
    assert [r.role for r in fresh().sessions.load(session.session_id, "ana")[1]][-1] == "interviewer"


def test_two_users_in_parallel_never_see_each_other(database: str) -> None:
    services = fresh()
    made: dict[str, str] = {}

    def user(owner: str, resume: str) -> None:
        session = services.new_session("peer", ScriptedBackend(),
                                       [Document("cv.txt", "resume", resume)], owner=owner)
        "".join(session.start())
        "".join(session.answer(STRONG_ANSWER))
        made[owner] = session.session_id

    threads = [threading.Thread(target=user, args=("ana", RESUME)),
               threading.Thread(target=user, args=("ben", "Ben Lee\n- Reduced patient falls by 35%"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [r.id for r in services.sessions.sessions("ana")] == [made["ana"]]
    assert [r.id for r in services.sessions.sessions("ben")] == [made["ben"]]
    with pytest.raises(NotFoundError, match="No session"):
        services.open_session(made["ben"], "ana", ScriptedBackend())
    ana = services.open_session(made["ana"], "ana", ScriptedBackend())
    assert all("patient" not in c.text for c in ana.context.for_question("patient falls"))


def test_rename_list_and_delete_remove_documents_and_vectors(database: str) -> None:
    services = fresh()
    session = services.new_session("peer", ScriptedBackend(), [Document("cv.txt", "resume", RESUME)],
                                   owner="ana")
    "".join(session.start())
    services.sessions.rename(session.session_id, "ana", "Acme, round two")
    assert services.sessions.sessions("ana")[0].name == "Acme, round two"
    assert services.sessions.documents(session.session_id, "ana")[0]["name"] == "cv.txt"
    with pytest.raises(StoreError, match="empty"):
        services.sessions.rename(session.session_id, "ana", "  ")
    services.delete_session(session.session_id, "ana")
    assert services.sessions.sessions("ana") == []
    assert session.context.search("latency", 3) == []
    with pytest.raises(NotFoundError):
        services.delete_session(session.session_id, "ana")


def test_exports_open_and_contain_the_interview(tmp_path: Path) -> None:
    services = fresh()
    session = services.new_session("hiring_manager", ScriptedBackend(), owner="ana")
    "".join(session.start())
    "".join(session.answer(THIN_ANSWER))
    "".join(session.answer(STRONG_ANSWER))
    "".join(session.switch_persona("peer"))
    "".join(session.answer(STRONG_ANSWER))
    "".join(session.end())
    prompts = services.settings.prompts_dir
    md = export.export(session, prompts, "md").decode()
    assert "## Transcript" in md and "Tidewater Freight" in md and "[Situation]" in md
    data = json.loads(export.export(session, prompts, "json"))
    assert data["session_id"] == session.session_id
    assert {n["to"] for n in data["thank_you_notes"]} == {"Dana Okafor", "Sam Ruiz"}
    assert all("“" in n["text"] for n in data["thank_you_notes"])  # each cites its conversation
    pdf = PdfReader(io.BytesIO(export.export(session, prompts, "pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Transcript" in text and "Dana Okafor" in text and "Thank-you notes" in text


def test_exporting_an_empty_session_says_why() -> None:
    session = fresh().new_session("peer", ScriptedBackend(), owner="ana")
    with pytest.raises(InterviewerError, match="empty"):
        export.export(session, fresh().settings.prompts_dir, "pdf")
    with pytest.raises(InterviewerError, match="Valid formats"):
        export.export(session, fresh().settings.prompts_dir, "docx")


def test_cli_interview_is_stored_and_exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from interviewer.cli import main

    answers = tmp_path / "a.txt"
    answers.write_text(STRONG_ANSWER, encoding="utf-8")
    assert main(["interview", "--answers", str(answers), "--backend", "scripted", "--json"]) == 0
    session_id = json.loads(capsys.readouterr().out)["session_id"]
    assert main(["sessions"]) == 0
    assert session_id in capsys.readouterr().out
    out = tmp_path / "s.pdf"
    assert main(["export", session_id, "--format", "pdf", "--output", str(out)]) == 0
    assert "Transcript" in PdfReader(out).pages[0].extract_text()
    assert main(["export", "nope", "--format", "md"]) == 2
    assert "No session" in capsys.readouterr().err


# The schema as the hand-written steps before Alembic wrote it (PRAGMA user_version 1 to 5).
LEGACY_SQL = {
    1: """
    CREATE TABLE sessions (id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
        created REAL NOT NULL, updated REAL NOT NULL, backend TEXT NOT NULL, model TEXT NOT NULL,
        state TEXT NOT NULL);
    CREATE INDEX sessions_owner ON sessions(owner, updated);
    CREATE TABLE turns (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        role TEXT NOT NULL, persona TEXT NOT NULL, kind TEXT NOT NULL, question_id TEXT,
        question TEXT, text TEXT NOT NULL, critique TEXT, trace TEXT, created REAL NOT NULL,
        PRIMARY KEY (session_id, seq));
    """,
    2: """
    CREATE TABLE documents (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, kind TEXT NOT NULL,
        name TEXT NOT NULL, chars INTEGER NOT NULL, created REAL NOT NULL,
        PRIMARY KEY (session_id, kind));
    """,
    3: "ALTER TABLE turns ADD COLUMN note TEXT NOT NULL DEFAULT '';",
    4: "CREATE TABLE story_banks (owner TEXT PRIMARY KEY, stories TEXT NOT NULL);",
    5: "ALTER TABLE turns ADD COLUMN audio TEXT;",
}


def _legacy_file(path: Path, version: int) -> None:
    with sqlite3.connect(path) as db:
        for step in range(1, version + 1):
            db.executescript(LEGACY_SQL[step])
        db.execute(f"PRAGMA user_version = {version}")


def test_a_database_from_before_alembic_is_upgraded_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "data" / "interviewer.sqlite3"
    path.parent.mkdir()
    _legacy_file(path, 5)
    (tmp_path / "data" / "browser.secret").write_text("old-key-" + "7" * 56)
    critique = {"analysis": {"score": 3}}
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO sessions VALUES ('old1', 'ana', 'Acme', 1, 2, 'scripted', 't',"
                   " '{\"persona_id\": \"peer\"}')")
        db.execute("INSERT INTO turns VALUES ('old1', 0, 'interviewer', 'peer', 'opening', 'q1',"
                   " 'Why?', 'Tell me', NULL, '{\"backend\": \"scripted\"}', 1, '', NULL)")
        db.execute("INSERT INTO turns VALUES ('old1', 1, 'candidate', 'peer', 'answer', 'q1', 'Why?',"
                   f" 'Because', '{json.dumps(critique)}', NULL, 2, 'a note', '{{\"recording\": \"r\"}}')")
        db.execute("INSERT INTO documents VALUES ('old1', 'resume', 'cv.txt', 10, 1)")
        db.execute("INSERT INTO story_banks VALUES ('ana', '[{\"title\": \"billing\"}]')")
    services = Services(load_settings(data_dir=tmp_path / "data"))
    info, turns = services.sessions.load("old1", "ana")
    assert info["name"] == "Acme" and info["state"] == {"persona_id": "peer"}
    assert [(t.seq, t.role, t.text, t.note) for t in turns] == [
        (0, "interviewer", "Tell me", ""), (1, "candidate", "Because", "a note")]
    assert turns[1].critique == critique and turns[1].audio == {"recording": "r"}
    assert turns[0].trace == {"backend": "scripted"}
    assert services.sessions.documents("old1", "ana") == [{"kind": "resume", "name": "cv.txt",
                                                          "chars": 10}]
    assert services.sessions.stories("ana") == [{"title": "billing"}]
    assert services.sessions.sessions("ana")[0].turns == 2
    # The key that signed existing browsers' cookies is carried over, so they keep their sessions.
    assert services.browser_secret() == "old-key-" + "7" * 56
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0006"


def test_an_older_schema_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    _legacy_file(path, 1)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO sessions VALUES ('old1', 'ana', 'Old', 0, 0, 'scripted', 't', '{}')")
    store = Store(path)
    assert store.migrate() == SCHEMA_VERSION
    store.put_document("old1", "ana", "resume", "cv.txt", 10)
    assert store.sessions("ana")[0].name == "Old"
    assert Store(path).migrate() == SCHEMA_VERSION  # a second start changes nothing
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StoreError, match=r"newer version.*schema 0099.*Upgrade the app"):
        Store(path).migrate()
    older_app = tmp_path / "older.sqlite3"
    _legacy_file(older_app, 5)
    with sqlite3.connect(older_app) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version"):
        Store(older_app).migrate()


def test_replicas_starting_together_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    results: list[object] = []

    def start() -> None:
        try:
            results.append(Store(path, timeout=30).migrate())
        except Exception as exc:  # reported by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == [SCHEMA_VERSION] * 6
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0006",)]


def test_switching_to_write_ahead_waits_for_another_connection(tmp_path: Path) -> None:
    """SQLite refuses the switch at once, busy timeout or not, while another connection holds the
    file (a replica starting at the same moment): the store waits its timeout instead."""
    path = tmp_path / "db.sqlite3"
    sqlite3.connect(path).close()
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN EXCLUSIVE")
    threading.Timer(0.3, blocker.rollback).start()
    switcher = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switcher.execute("PRAGMA journal_mode = WAL")  # what SQLite does by itself
    _write_ahead(switcher, timeout=10)
    assert switcher.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    blocker.close()
    switcher.close()
    late = sqlite3.connect(path, isolation_level=None)
    late.execute("PRAGMA journal_mode = DELETE")
    late.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError, match="locked"):  # a holder that never lets go: said plainly
        Store(path, timeout=0.2).migrate()
    late.rollback()
    late.close()


def test_a_locked_database_says_so(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3", timeout=0.1)
    store.migrate()
    blocker = sqlite3.connect(tmp_path / "db.sqlite3")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            store.create("s1x", "ana", "x", "scripted", "t", {})
    finally:
        blocker.rollback()
        blocker.close()
    store.create("s1x", "ana", "x", "scripted", "t", {})  # nothing was lost or broken


def test_a_full_disk_keeps_the_answer_in_memory_and_says_so(tmp_path: Path) -> None:
    from sqlalchemy import event

    services = fresh()
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    assert services.sessions.path is not None
    with sqlite3.connect(services.sessions.path) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    engine = services.sessions.engine

    def cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # A full disk, simulated: the database may not grow past its current size.
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    event.listen(engine, "connect", cap)
    with pytest.raises(StoreError, match="full"):
        "".join(session.answer(STRONG_ANSWER * 40))
    assert session.turns[-1].role == "interviewer"  # memory and storage stay in step
    event.remove(engine, "connect", cap)
    engine.dispose()
    "".join(session.answer(STRONG_ANSWER))
    assert session.turns[-2].text == STRONG_ANSWER


def test_story_bank_drafts_from_the_resume_and_warns_on_a_retold_story(database: str) -> None:
    services = fresh()
    first = services.new_session("hiring_manager", ScriptedBackend(),
                                 [Document("cv.txt", "resume", RESUME)], owner="ana")
    bank = services.story_bank("ana")
    assert any(s.source == "resume" and "latency" in s.result for s in bank)
    "".join(first.start())
    "".join(first.answer(STRONG_ANSWER))
    assert any(s.source == "answer" for s in services.story_bank("ana"))
    assert first.turns[1].note == ""  # first telling: no warning

    second = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(second.start())
    retold = STRONG_ANSWER.replace("At my last job", "In my previous role")
    "".join(second.answer(retold))
    answer = next(t for t in second.turns if t.role == "candidate")
    assert "told this story before" in answer.note
    stored = fresh().sessions.load(second.session_id, "ana")[1]
    assert "told this story before" in next(r.note for r in stored if r.role == "candidate")
    assert services.story_bank("ben") == []


def test_documents_added_mid_interview_are_recorded_for_the_session(database: str) -> None:
    services = fresh()
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    notes = services.add_documents(session, [Document("cv.txt", "resume", RESUME)], owner="ana")
    assert notes and "indexed" in notes[0]
    assert [d["name"] for d in services.sessions.documents(session.session_id, "ana")] == ["cv.txt"]
    assert any(s.source == "resume" for s in services.story_bank("ana"))


def test_a_stale_tab_gets_a_clear_message_and_no_turn_is_duplicated_or_lost(database: str) -> None:
    first = fresh()  # a tab on one replica
    session = first.new_session("hiring_manager", ScriptedBackend(), owner="ana")
    "".join(session.start())
    other = fresh().open_session(session.session_id, "ana", ScriptedBackend())  # another replica
    "".join(other.answer(STRONG_ANSWER))
    stored = [(r.seq, r.role, r.text) for r in fresh().sessions.load(session.session_id, "ana")[1]]
    with pytest.raises(ConflictError, match="moved on in another tab"):
        "".join(session.answer(THIN_ANSWER))  # the stale tab, still at the first question
    assert [(t.role, t.text) for t in session.turns] == [("interviewer", session.turns[0].text)]
    after = fresh().sessions.load(session.session_id, "ana")
    assert [(r.seq, r.role, r.text) for r in after[1]] == stored
    assert after[0]["state"] == other.snapshot()  # the stale tab's state did not win either
    # Reloading continues from the newer transcript.
    again = fresh().open_session(session.session_id, "ana", ScriptedBackend())
    "".join(again.answer(THIN_ANSWER))
    seqs = [r.seq for r in fresh().sessions.load(session.session_id, "ana")[1]]
    assert seqs == list(range(len(seqs))) and len(seqs) == len(stored) + 2


def test_two_tabs_answering_at_once_record_one_answer(database: str) -> None:
    services = fresh()
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    tabs = [fresh().open_session(session.session_id, "ana", ScriptedBackend()) for _ in range(4)]
    outcomes: list[str] = []

    def send(tab: InterviewSession, n: int) -> None:
        try:
            tab.submit(f"{STRONG_ANSWER} (tab {n})")
            outcomes.append("stored")
        except ConflictError:
            outcomes.append("stale")

    threads = [threading.Thread(target=send, args=(tab, n)) for n, tab in enumerate(tabs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["stale", "stale", "stale", "stored"]
    rows = fresh().sessions.load(session.session_id, "ana")[1]
    assert [r.seq for r in rows] == [0, 1] and rows[1].role == "candidate"


def test_the_browser_key_is_made_once_and_shared(database: str) -> None:
    keys: list[str] = []
    threads = [threading.Thread(target=lambda: keys.append(fresh().browser_secret()))
               for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(keys) == 5 and len(set(keys)) == 1 and len(keys[0]) == 64
    assert Services(load_settings(secret_key="set-by-the-operator")).browser_secret() == (
        "set-by-the-operator")


def test_the_storage_folder_holds_recordings_and_exports(tmp_path: Path) -> None:
    services = Services(load_settings(storage_dir=tmp_path / "shared"))
    owner = "browser:" + "c" * 32
    assert services.export_path(owner, "0" * 32, "md").is_relative_to(tmp_path / "shared" / "exports")
    assert services.web_cache().is_relative_to(tmp_path / "shared")
    session = services.new_session("peer", ScriptedBackend(), owner=owner)
    "".join(session.start())
    recording = services.storage_dir / "recordings" / session.session_id / "0001.wav"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"RIFF")
    assert services.delete_session(session.session_id, owner) == []
    assert not recording.parent.exists()


def test_a_bad_database_url_says_what_is_valid() -> None:
    with pytest.raises(StoreError, match=r"postgresql://"):
        Store("mysql://u:p@h/db")
    with pytest.raises(StoreError, match="not a database URL"):
        Store("not a url at all")
    assert Store("postgres://u:p@h/db").url.drivername == "postgresql+psycopg"
