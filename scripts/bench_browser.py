"""The per-answer wait as a candidate meets it: the real app, Debian's chromium, a 20-answer interview.

Usage::

    .venv/bin/python scripts/bench_browser.py [--backend local|scripted|stub] [--answers 20]
        [--json] [--out FILE.json]

For every answer it measures, from the click on Send:
- findings: the feedback panel shows the new answer's STAR findings;
- first words: the interviewer's new turn shows its first word;
- turn complete: the app is idle again, which is also when the next answer can be sent;
and, from the stored session, the turn's prompt tokens and the tokens taken from a saved model
state (local backend). `stub` runs the OpenAI-compatible path against a loopback stub server that
answers after 0.3 s. Figures are printed as p50/p95 for answers 1-5 and 16-20.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from interviewer.text import percentile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSWERS = [
    "At my last job our nightly billing run kept failing and invoices went out two days late. I was"
    " asked to make it reliable before the quarter closed. I traced the failures to a lock on the"
    " shipments table, rewrote the batch job in three stages and added alerts. Failed runs dropped"
    " from nine a month to zero.",
    "We worked hard on it and it went well.",
    "Our onboarding took weeks, so I was asked to shorten it. I wrote a checklist and paired each new"
    " hire with a buddy.",
    "Time to first commit fell from three weeks to four days.",
    "Sorry, can you say that again?",
    "When two stakeholders wanted different launch dates, I set up a thirty-minute call, laid out"
    " the costs of each date, and we agreed on a phased launch. Both teams hit their targets and"
    " support tickets fell by a fifth.",
    "What does success look like in this role in the first six months?",
    "I led the migration of our reporting to a new warehouse. I planned it in four stages, ran both"
    " systems side by side for a month and trained twelve analysts. Report run times went from an"
    " hour to six minutes.",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stub(delay: float) -> str:
    """A loopback OpenAI-compatible server that answers every request after `delay` seconds."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            time.sleep(delay)
            last = body["messages"][-1]["content"]
            start = last.find('own words: "')
            text = last[start + 12:last.find('"', start + 12)] if start >= 0 else "Thank you."
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in text.split(" "):
                chunk = {"choices": [{"index": 0, "delta": {"content": word + " "}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def _start_app(folder: Path, backend: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "INTERVIEWER_PORT": str(port), "INTERVIEWER_DATA_DIR": str(folder / "data"),
           "INTERVIEWER_QUESTIONS_PER_PERSONA": "20"}
    if backend == "stub":
        env.update(INTERVIEWER_BACKEND="compatible", INTERVIEWER_BASE_URL=_stub(0.3),
                   INTERVIEWER_MODEL="stub")
    else:
        env["INTERVIEWER_BACKEND"] = backend
    log = (folder / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=folder)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((folder / "app.log").read_text()) from None
            time.sleep(0.5)
    raise RuntimeError("the app did not start within 180 s")


_STATE = """() => {
  const bubbles = [...document.querySelectorAll('#chat .message-row, #chat [data-testid="bot"],'
                 + ' #chat [data-testid="user"]')];
  const bots = [...document.querySelectorAll('#chat [data-testid="bot"]')];
  const last = bots.length ? bots[bots.length - 1].innerText : '';
  const tracker = document.querySelector("#chat [data-testid='status-tracker']");
  return {bots: bots.length, last: last, feedback: document.querySelector('#feedback').innerText,
          busy: tracker ? !tracker.classList.contains('hide') : false, n: bubbles.length};
}"""


def _words_after_name(text: str) -> int:
    body = text.split(":", 1)[1] if ":" in text else text
    return len(body.replace("▌", " ").split())


def run(backend: str, answers: int) -> dict[str, Any]:
    """Drive one interview and return per-turn timings and the summary."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    proc, url = _start_app(folder, backend)
    rows: list[dict[str, Any]] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.locator("#start").wait_for(timeout=60_000)
            # A second-round loop through all four interviewers: enough questions for 20 answers.
            from interviewer.config import PROJECT_ROOT
            from interviewer.personas import PersonaLibrary

            for persona in PersonaLibrary(PROJECT_ROOT / "prompts" / "personas").all():
                page.locator("#round input").click()
                page.get_by_role("option", name=f"{persona.role}: {persona.display_name}").click()
            page.keyboard.press("Escape")
            page.locator("#start").click()
            _wait_idle(page, 600)
            for i in range(answers):
                before = page.evaluate(_STATE)
                page.locator("#answer textarea").fill(ANSWERS[i % len(ANSWERS)])
                started = time.perf_counter()
                page.locator("#send").click()
                found = first = None
                while True:
                    state = page.evaluate(_STATE)
                    now = time.perf_counter() - started
                    if found is None and state["feedback"] != before["feedback"]:
                        found = now
                    if first is None and state["bots"] > before["bots"] and _words_after_name(
                            state["last"]) > 0:
                        first = now
                    # Gradio hides its tracker while a reply streams: the turn is complete when
                    # the tracker is hidden and the streaming mark has left the last bubble.
                    if now > 0.5 and not state["busy"] and first is not None \
                            and "▌" not in state["last"]:
                        break
                    if now > 600 or (now > 5 and not state["busy"] and first is None):
                        raise RuntimeError(f"answer {i + 1}: no interviewer turn followed"
                                           f" (status: {page.locator('#status').inner_text()!r})")
                    time.sleep(0.03)
                done = time.perf_counter() - started
                rows.append({"answer": i + 1, "findings_s": round(found or done, 3),
                             "first_words_s": round(first, 3), "turn_s": round(done, 3),
                             "next_answer_s": round(done, 3)})
                print(f"answer {i + 1:2}: findings {rows[-1]['findings_s']:6.2f}s, first words"
                      f" {first:6.2f}s, complete {done:6.2f}s", file=sys.stderr, flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    _add_tokens(folder / "data" / "interviewer.sqlite3", rows)
    return {"backend": backend, "answers": rows, "summary": summarize(rows)}


def _wait_idle(page: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = page.evaluate(_STATE)
        if state["bots"] and not state["busy"] and "▌" not in state["last"]:
            return
        time.sleep(0.1)
    raise RuntimeError("the interview did not start")


def _add_tokens(database: Path, rows: list[dict[str, Any]]) -> None:
    """Prompt and cached tokens of the interviewer turn that followed each answer."""
    with sqlite3.connect(database) as db:
        traces = [json.loads(t) for (t,) in db.execute(
            "SELECT trace FROM turns WHERE role = 'interviewer' ORDER BY seq")]
    for row, trace in zip(rows, traces[1:], strict=False):  # traces[0] is the opening
        row["prompt_tokens"] = trace.get("prompt_tokens")
        row["cached_tokens"] = trace.get("cached_tokens")
        row["mode"] = trace.get("mode")
        row["refused"] = bool(trace.get("note"))


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """p50/p95 of each timing for answers 1-5 and 16-20 (and all)."""
    out: dict[str, Any] = {}
    for label, part in (("1-5", rows[:5]), ("16-20", rows[15:20]), ("all", rows)):
        if not part:
            continue
        out[label] = {key: {"p50": round(percentile([r[key] for r in part], 0.5), 2),
                            "p95": round(percentile([r[key] for r in part], 0.95), 2)}
                      for key in ("findings_s", "first_words_s", "turn_s")}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="local", choices=["local", "scripted", "stub"])
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = run(args.backend, args.answers)
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for label, figures in result["summary"].items():
            shown = ", ".join(f"{k} p50 {v['p50']} s / p95 {v['p95']} s" for k, v in figures.items())
            print(f"answers {label}: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
