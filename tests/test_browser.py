"""The app in a real browser: Debian's chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import STRONG_ANSWER, THIN_ANSWER
from tests.webapp import ARTIFACTS, App, app, app_url, idle, page, pick_persona, send

pytestmark = [pytest.mark.slow, pytest.mark.browser]
__all__ = ["app", "app_url", "page"]  # fixtures


def test_interview_in_the_browser(app_url: str, page: Page, tmp_path: Path) -> None:
    resume = tmp_path / "resume.md"
    resume.write_text("# Alex Moreno\n\n- Cut event latency from 9 minutes to 40 seconds at"
                      " Tidewater Freight\n- Led a team of 4 engineers\n", encoding="utf-8")
    page.goto(app_url)
    expect(page.locator("#start")).to_be_visible(timeout=30_000)
    page.get_by_text("Your resume and the job description (optional)").click()
    page.locator("#resume input[type=file]").set_input_files(str(resume))
    expect(page.locator("#docs-status")).to_contain_text("Resume loaded", timeout=20_000)
    page.locator("#job textarea").fill("Senior data engineer: streaming pipelines, Kafka, SQL.")
    page.locator("#job textarea").blur()
    pick_persona(page, "Hiring manager: Dana Okafor")
    page.locator("#start").click()
    chat = page.locator("#chat")
    expect(chat).to_contain_text("I'm Dana Okafor", timeout=20_000)
    # The first question cites the uploaded resume.
    expect(chat).to_contain_text("cut event latency from 9 minutes to 40 seconds")
    expect(page.locator("#badge")).to_contain_text("scripted")
    expect(page.locator("#badge")).to_contain_text("resume#")
    # The new session is listed in the Sessions tab at once, without a reload.
    idle(page)
    page.get_by_role("tab", name="Sessions").click()
    page.locator("#sessions input").click()
    expect(page.get_by_role("option").first).to_contain_text("Hiring manager practice",
                                                              timeout=10_000)
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Interview").click()

    send(page, THIN_ANSWER)
    expect(chat).to_contain_text(THIN_ANSWER, timeout=20_000)
    expect(page.locator("#feedback")).to_contain_text("Score", timeout=20_000)
    send(page, STRONG_ANSWER)
    expect(chat).to_contain_text("Tidewater Freight", timeout=20_000)

    pick_persona(page, "Peer interviewer, future teammate: Sam Ruiz")
    expect(chat).to_contain_text("Sam", timeout=20_000)
    send(page, STRONG_ANSWER)
    expect(page.locator("#feedback")).to_contain_text("Result", timeout=20_000)
    # The whole transcript survived the switch.
    expect(chat).to_contain_text(THIN_ANSWER)
    expect(chat).to_contain_text("Dana Okafor")
    expect(page.locator("#highlights")).to_contain_text("Tidewater")

    send(page, "   ")
    expect(page.locator("#status")).to_contain_text("empty", timeout=10_000)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "interview.png"), full_page=True)

    # A refresh resumes the session where it was.
    idle(page)
    page.reload()
    expect(page.locator("#chat")).to_contain_text(THIN_ANSWER, timeout=30_000)
    expect(page.locator("#status")).to_contain_text("Welcome back")

    # Reopen it from the Sessions tab and download its report.
    page.get_by_role("tab", name="Sessions").click()
    page.locator("#sessions input").click()
    page.get_by_role("option").first.click()
    page.locator("#reopen").click()
    expect(page.locator("#status")).to_contain_text("reopened", timeout=20_000)
    page.locator("#export").click()
    expect(page.locator("#download")).to_contain_text("interview-", timeout=30_000)
    with page.expect_download() as download:
        page.locator("#download a").first.click()
    saved = download.value.path()
    assert saved is not None and Path(saved).read_bytes().startswith(b"%PDF")
    export_url = page.locator("#download a").first.get_attribute("href")
    assert export_url and page.request.get(export_url).status == 200
    page.screenshot(path=str(ARTIFACTS / "sessions.png"), full_page=True)

    # Progress is plotted from the stored sessions.
    page.get_by_role("tab", name="Progress").click()
    page.locator("#progress-refresh").click()
    expect(page.locator("#progress-summary")).to_contain_text("progress", timeout=20_000)
    expect(page.locator("#progress-scores canvas, #progress-scores svg").first).to_be_visible(
        timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "progress.png"), full_page=True)

    # Delete leaves nothing behind: not the export's URL, not the answers in the browser.
    page.get_by_role("tab", name="Sessions").click()
    page.locator("#sessions input").click()
    page.get_by_role("option").first.click()
    page.locator("#delete").click()
    expect(page.locator("#sessions-status")).to_contain_text("Deleted", timeout=20_000)
    assert page.request.get(export_url).status in {403, 404}  # Gradio: 403 for a file gone
    assert "Tidewater" not in page.evaluate("() => JSON.stringify(window.localStorage)")


def test_a_restarted_app_shows_the_interview_where_it_was(app: App, page: Page) -> None:
    page.goto(app.url)
    expect(page.locator("#start")).to_be_visible(timeout=30_000)
    page.locator("#start").click()
    expect(page.locator("#chat")).to_contain_text("I'm Dana Okafor", timeout=20_000)
    send(page, STRONG_ANSWER)
    expect(page.locator("#chat")).to_contain_text("Tidewater Freight", timeout=20_000)
    idle(page)
    app.stop()
    app.start()
    page.goto(app.url)
    expect(page.locator("#chat")).to_contain_text("Tidewater Freight", timeout=30_000)
    expect(page.locator("#status")).to_contain_text("Welcome back")
    send(page, STRONG_ANSWER)  # and the interview goes on
    expect(page.locator("#chat")).to_contain_text("Dana Okafor", timeout=20_000)
    expect(page.locator("#feedback")).to_contain_text("Score", timeout=20_000)


def test_a_spoken_answer_in_the_browser(app_url: str, page: Page, tmp_path: Path) -> None:
    wav = tmp_path / "answer.wav"
    script = ("At my last job our billing run kept failing. I was asked to fix it. Um, I rewrote"
              " the batch job and added alerts. As a result, failures dropped by ninety percent.")
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), script], check=True, timeout=60)
    page.goto(app_url)
    expect(page.locator("#start")).to_be_visible(timeout=30_000)
    page.locator("#start").click()
    expect(page.locator("#chat")).to_contain_text("I'm Dana Okafor", timeout=20_000)
    idle(page)
    page.locator("#recording button[aria-label='Upload file']").click()
    page.locator("#recording input[type=file]").set_input_files(str(wav))
    page.wait_for_timeout(1000)
    page.locator("#send-audio").click()
    expect(page.locator("#chat")).to_contain_text("billing", timeout=90_000)
    expect(page.locator("#feedback")).to_contain_text("Delivery", timeout=30_000)
    expect(page.locator("#feedback")).to_contain_text("words a minute")
    expect(page.locator("#highlights")).to_contain_text("[0:0")
    page.screenshot(path=str(ARTIFACTS / "spoken.png"), full_page=True)
