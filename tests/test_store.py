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
from interviewer.store import NotFoundError, Store, StoreError
from tests.conftest import STRONG_ANSWER, THIN_ANSWER, FakeModel

RESUME = "Alex Moreno\n- Cut event latency from 9 minutes to 40 seconds at Tidewater Freight"


def fresh() -> Services:
    """A new app process's services over the same data folder (the env points at tmp)."""
    return Services(load_settings())


def test_a_restart_resumes_the_session_where_it_was() -> None:
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
    fake_model: FakeModel,
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


def test_two_users_in_parallel_never_see_each_other() -> None:
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


def test_rename_list_and_delete_remove_documents_and_vectors() -> None:
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


def test_an_older_schema_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as db:
        from interviewer.store import _MIGRATIONS

        db.executescript(_MIGRATIONS[1])
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO sessions VALUES ('old1', 'ana', 'Old', 0, 0, 'scripted', 't', '{}')")
    store = Store(path)
    assert store.migrate() == 5
    store.put_document("old1", "ana", "resume", "cv.txt", 10)
    assert store.sessions("ana")[0].name == "Old"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version"):
        Store(path).migrate()


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
    services = fresh()
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    with sqlite3.connect(services.sessions.path) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    # Simulate a full disk: cap the database at its current size on every connection.
    original = services.sessions._connect

    def capped():  # type: ignore[no-untyped-def]
        manager = original()
        connection = manager.__enter__()
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return _Wrapped(manager, connection)

    class _Wrapped:
        def __init__(self, manager, connection):  # type: ignore[no-untyped-def]
            self.manager, self.connection = manager, connection

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self.connection

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return self.manager.__exit__(*exc)

    services.sessions._connect = capped  # type: ignore[method-assign]
    with pytest.raises(StoreError, match="full"):
        "".join(session.answer(STRONG_ANSWER * 40))
    assert session.turns[-1].role == "interviewer"  # memory and storage stay in step
    services.sessions._connect = original  # type: ignore[method-assign]
    "".join(session.answer(STRONG_ANSWER))
    assert session.turns[-2].text == STRONG_ANSWER


def test_story_bank_drafts_from_the_resume_and_warns_on_a_retold_story() -> None:
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


def test_documents_added_mid_interview_are_recorded_for_the_session() -> None:
    services = fresh()
    session = services.new_session("peer", ScriptedBackend(), owner="ana")
    "".join(session.start())
    notes = services.add_documents(session, [Document("cv.txt", "resume", RESUME)], owner="ana")
    assert notes and "indexed" in notes[0]
    assert [d["name"] for d in services.sessions.documents(session.session_id, "ana")] == ["cv.txt"]
    assert any(s.source == "resume" for s in services.story_bank("ana"))
