"""Trust nothing the browser sends, lose nothing when things fail: identity, files, faults."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from interviewer import identity
from interviewer.config import load_settings
from interviewer.errors import DiskFullError
from interviewer.llm.scripted import ScriptedBackend
from interviewer.services import Services
from interviewer.session import InterviewSession
from interviewer.ui.views import messages, plain
from tests.conftest import STRONG_ANSWER
from tests.stub_server import running_stub
from tests.webapp import App, idle, page, send

__all__ = ["page"]  # fixture

KEY = b"k" * 32


# --- identity: issued and verified by the server ------------------------------------------------

def test_a_cookie_is_only_trusted_when_this_server_signed_it() -> None:
    token = identity.issue(KEY)
    browser = identity.verify(token, KEY)
    assert browser is not None and len(browser) == 32
    assert identity.verify(token, b"another key" * 3) is None
    forged = token.split(".")[0] + "." + "0" * 64
    for bad in (forged, "local", "", None, "../../etc.passwd", token + "x", "a.b.c"):
        assert identity.verify(bad, KEY) is None
    assert identity.owner_of(None, token, KEY) == f"browser:{browser}"
    assert identity.owner_of("ana", token, KEY) == "user:ana"  # a login wins
    assert identity.owner_of(None, "local", KEY) is None  # never the command line's owner


def test_owner_folders_are_digests_whatever_the_owner_says(tmp_path: Path) -> None:
    root = tmp_path / "exports"
    for owner in ("../../..", "/some/absolute/path", "local", "a/b", "\x00", "C:\\Windows"):
        folder = identity.owner_folder(root, owner)
        assert folder.parent == root and len(folder.name) == 32
        assert folder.resolve().is_relative_to(root.resolve())
    assert identity.owner_folder(root, "x") != identity.owner_folder(root, "y")


def test_export_paths_stay_in_the_exports_folder(tmp_path: Path) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data"))
    path = services.export_path("/some/absolute/path", "0" * 32, "pdf")
    assert path.resolve().is_relative_to((tmp_path / "data" / "exports").resolve())
    with pytest.raises(Exception, match="not a session id"):
        services.export_path("me", "../../../etc/passwd", "pdf")


def test_logins_are_rate_limited_and_failures_logged(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    guard = identity.LoginGuard([("ana", "right")], max_failures=5, max_failures_all=30,
                                window_seconds=60, lock_seconds=60, clock=lambda: now[0])
    caplog.set_level(logging.WARNING, logger="interviewer.identity")
    assert guard("ana", "right")
    results = [guard("ana", f"wrong{i}") for i in range(40)]
    assert not any(results)
    assert not guard("ana", "right")  # locked, even with the right password
    assert sum("login failed" in r.message for r in caplog.records) == 5
    assert any("locked" in r.message for r in caplog.records)
    now[0] += 61
    assert guard("ana", "right")  # the lock expires
    # Guessing across many names locks every login for a while.
    for i in range(30):
        guard(f"user{i}", "guess")
    assert not guard("ana", "right")


# --- files and faults -------------------------------------------------------------------------

def test_delete_removes_recordings_exports_and_the_web_copies(tmp_path: Path) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="hash"))
    owner = "browser:" + "a" * 32
    session = services.new_session("peer", ScriptedBackend(), owner=owner)
    "".join(session.start())
    "".join(session.answer(STRONG_ANSWER))
    sid = session.session_id
    recording = services.settings.data_dir / "recordings" / sid / "0001.wav"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"RIFF")
    exported = services.export_path(owner, sid, "md")
    exported.parent.mkdir(parents=True)
    exported.write_text("transcript")
    web_copy = services.web_cache() / "f00d" / f"interview-{sid}.md"
    web_copy.parent.mkdir(parents=True)
    web_copy.write_text("transcript")
    assert services.delete_session(sid, owner) == []
    assert not recording.parent.exists() and not exported.exists() and not web_copy.exists()
    assert services.sessions.sessions(owner) == []


def test_a_full_disk_refuses_new_files_with_a_clear_message(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)],
                             capture_output=True).returncode == 0
    try:
        services = Services(load_settings(data_dir=full / "data", embeddings="hash"))
        if not mounted:  # not root: the same check, with the disk's free space reported as low
            services.settings.data_dir.mkdir(parents=True)
            import shutil

            real = shutil.disk_usage
            shutil.disk_usage = lambda _p: real(tmp_path)._replace(free=1024)  # type: ignore[assignment]
        try:
            with pytest.raises(DiskFullError, match=r"full.*Free some space"):
                services.check_space()
            # An answer that cannot be stored says so, and stays in memory for a retry.
            owner = "browser:" + "b" * 32
            with pytest.raises(Exception, match=r"full|space") as caught:
                session = services.new_session("peer", ScriptedBackend(), owner=owner)
                "".join(session.start())
                for _ in range(200):
                    "".join(session.answer(STRONG_ANSWER * 20))
            assert str(full) not in str(caught.value)  # no server paths in what users see
        finally:
            services.sessions.close()  # the database's pooled connection holds the mount busy
            if not mounted:
                shutil.disk_usage = real  # type: ignore[assignment]
    finally:
        if mounted:
            subprocess.run(["umount", str(full)], check=True)


def test_a_candidates_markup_is_shown_as_text(tmp_path: Path) -> None:
    hostile = '<img src=x onerror=alert(1)> ![t](http://198.51.100.1/t.png) **bold** [a](b)'
    shown = plain(hostile)
    assert "<img" not in shown and "](" not in shown and "**" not in shown.replace("\\*", "")
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="hash"))
    session: InterviewSession = services.new_session("peer", ScriptedBackend())
    "".join(session.start())
    "".join(session.answer(hostile))
    user = [m["content"] for m in messages(session) if m["role"] == "user"]
    assert user and "<img" not in user[0] and "![" not in user[0]


def test_emoji_and_nul_only_replies_are_not_scored(tmp_path: Path) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="hash"))
    session = services.new_session("peer", ScriptedBackend())
    "".join(session.start())
    for reply in ("🙂🙂🙂", "😀 🎉"):
        "".join(session.answer(reply))
        turn = [t for t in session.turns if t.role == "candidate"][-1]
        assert turn.critique is None and "no words" in turn.note
    with pytest.raises(Exception, match="empty"):
        "".join(session.answer("\x00\x00\x00"))
    assert all("\x00" not in t.text for t in session.turns)


# --- the real app: the API called directly, and the browser -----------------------------------

@pytest.mark.slow
def test_a_forged_owner_through_the_api_opens_nothing(tmp_path: Path) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text(STRONG_ANSWER, encoding="utf-8")
    env = {"INTERVIEWER_DATA_DIR": str(tmp_path / "data"), "INTERVIEWER_BACKEND": "scripted"}
    cli = subprocess.run([sys.executable, "-m", "interviewer", "interview", "--answers",
                          str(answers), "--json"], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, **env}, cwd=tmp_path, timeout=120)
    cli_session = json.loads(cli.stdout)["session_id"]
    app = App(tmp_path)
    app.start()
    try:
        from gradio_client import Client

        client = Client(app.url, verbose=False)
        for forged in ({"owner": "local", "session": cli_session}, {"session": cli_session},
                       {"owner": "../../..", "session": cli_session}):
            out = client.predict(forged, api_name="/on_load")
            chat, listed = out[1], out[-1]
            assert chat == [] or not any("Tidewater" in str(m) for m in chat)
            assert "Tidewater" not in json.dumps(out)
            assert not listed or not listed.get("choices")
        # A made-up cookie is replaced, never believed.
        reply = httpx.get(app.url, cookies={identity.COOKIE: "local"})
        assert identity.COOKIE in reply.headers.get("set-cookie", "")
        assert "local" not in reply.headers["set-cookie"].split(";")[0]
        # The export route cannot be pointed outside its folder.
        assert not (tmp_path / "data" / "exports" / "local").exists()
    finally:
        app.stop()


@pytest.mark.slow
@pytest.mark.browser
def test_retry_after_a_failure_before_the_first_word_and_typing_is_never_erased(
    tmp_path: Path, page: Page
) -> None:
    with running_stub() as (url, state):
        state.reply = "Could you tell me about a hard problem you solved?"
        app = App(tmp_path, INTERVIEWER_BACKEND="compatible", INTERVIEWER_BASE_URL=url,
                  INTERVIEWER_MODEL="stub", INTERVIEWER_MAX_RETRIES="0",
                  INTERVIEWER_TIMEOUT_SECONDS="3")
        app.start()
        try:
            page.goto(app.url)
            expect(page.locator("#start")).to_be_visible(timeout=30_000)
            page.locator("#start").click()
            chat = page.locator("#chat")
            expect(chat).to_contain_text("Dana Okafor", timeout=20_000)
            for mode in ("error500", "malformed", "slow"):
                state.mode, state.delay = mode, 5.0
                send(page, STRONG_ANSWER)
                expect(page.locator("#retry")).to_be_visible(timeout=30_000)
                expect(page.locator("#status")).to_contain_text("Retry")
                # Every later action waits for Retry; a reload keeps the Retry offer.
                page.reload()
                expect(page.locator("#retry")).to_be_visible(timeout=30_000)
                state.mode = "ok"
                page.locator("#retry").click()
                expect(page.locator("#retry")).to_be_hidden(timeout=30_000)
                idle(page)
            # Text typed while the interviewer's turn is on its way stays in the box.
            state.mode, state.delay = "slow", 2.5
            send(page, STRONG_ANSWER)
            page.wait_for_timeout(300)
            page.locator("#answer textarea").fill("my next thought, typed while waiting")
            idle(page)
            expect(page.locator("#answer textarea")).to_have_value(
                "my next thought, typed while waiting")
            assert page.evaluate("() => JSON.stringify(window.localStorage)").count("Tidewater") == 0
        finally:
            app.stop()
