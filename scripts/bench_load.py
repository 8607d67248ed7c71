"""Many candidates at once against one app: answers per second, p50/p95 per answer, errors, cross-talk.

Usage::

    .venv/bin/python scripts/bench_load.py [--users 20] [--answers 5] [--backend scripted]

Starts the app on a free loopback port (its own data folder) and drives it through its HTTP API
with `gradio_client`, one client per simulated candidate, all at once. Each candidate's answers
carry a marker of its own; a transcript that shows another candidate's marker is cross-talk.
Bounded: at most --users x --answers answers, and 600 s in all.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
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

ANSWER = ("At my last job ({marker}) our nightly billing run kept failing. I was asked to make it"
          " reliable. I traced the failures to a lock, rewrote the job in three stages and added"
          " alerts. Failed runs dropped from nine a month to zero.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _candidate(url: str, user: int, answers: int, users: int, out: dict[str, Any]) -> None:
    from gradio_client import Client

    marker = f"candidate{user:03d}"  # letters and digits: the chat escapes Markdown punctuation
    others = [f"candidate{u:03d}" for u in range(users) if u != user]
    try:
        client = Client(url, verbose=False)
        client.predict({"session": ""}, api_name="/on_load")
        client.predict("hiring_manager", [], api_name="/on_start")
        for _ in range(answers):
            started = time.perf_counter()
            result = client.predict(ANSWER.format(marker=marker), api_name="/on_send")
            out["latencies"].append(time.perf_counter() - started)
            shown = json.dumps(result[0])
            if marker not in shown:
                out["errors"].append(f"{marker}: own answer missing")
            if any(o in shown for o in others):
                out["crosstalk"].append(marker)
    except Exception as exc:  # a failed candidate is counted, not fatal to the run
        out["errors"].append(f"{marker}: {type(exc).__name__}: {exc}")


def run(users: int, answers: int, backend: str) -> dict[str, Any]:
    """Start the app, run the candidates at once, stop the app; the figures."""
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    port = _free_port()
    env = {**os.environ, "INTERVIEWER_PORT": str(port), "INTERVIEWER_DATA_DIR": str(folder / "data"),
           "INTERVIEWER_BACKEND": backend, "INTERVIEWER_QUESTIONS_PER_PERSONA": "10"}
    log = (folder / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError((folder / "app.log").read_text()) from None
                time.sleep(0.5)
        out: dict[str, Any] = {"latencies": [], "errors": [], "crosstalk": []}
        started = time.perf_counter()
        threads = [threading.Thread(target=_candidate, args=(url, u, answers, users, out))
                   for u in range(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, 600 - (time.perf_counter() - started)))
        wall = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lat = out["latencies"]
    return {"users": users, "answers_each": answers, "backend": backend,
            "answers": len(lat), "wall_s": round(wall, 1),
            "answers_per_s": round(len(lat) / wall, 2) if wall else None,
            "p50_s": round(percentile(lat, 0.5), 2) if lat else None,
            "p95_s": round(percentile(lat, 0.95), 2) if lat else None,
            "errors": out["errors"], "crosstalk": sorted(set(out["crosstalk"]))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--backend", default="scripted")
    args = parser.parse_args(argv)
    result = run(min(args.users, 100), min(args.answers, 20), args.backend)
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] or result["crosstalk"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
