"""The real app in a subprocess and Debian's chromium driven by Playwright, shared by the
browser and security tests (never `playwright install`)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class App:
    """The real app in a subprocess, on a fixed port and data folder, that can be restarted."""

    def __init__(self, folder: Path, **env: str) -> None:
        self.folder = folder
        self.env = env
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "INTERVIEWER_BACKEND": "scripted", "INTERVIEWER_PORT": str(self.port),
               "INTERVIEWER_DATA_DIR": str(self.folder / "data"), **self.env}
        log = (self.folder / "app.log").open("a")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log,
                                     stderr=subprocess.STDOUT, cwd=self.folder)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((self.folder / "app.log").read_text())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the app did not start within 90 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    running = App(tmp_path)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def app_url(app: App) -> str:
    return app.url


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        browser.close()


def idle(page: Page) -> None:
    """Wait until no event is running (the chat's progress tracker is hidden)."""
    expect(page.locator("#chat [data-testid='status-tracker']")).to_have_class(
        re.compile(r"\bhide\b"), timeout=20_000)
    page.wait_for_timeout(300)


def send(page: Page, text: str) -> None:
    idle(page)
    page.locator("#answer textarea").fill(text)
    page.locator("#send").click()


def pick_persona(page: Page, label: str) -> None:
    idle(page)
    page.locator("#persona input").click()
    page.get_by_role("option", name=label).click()
