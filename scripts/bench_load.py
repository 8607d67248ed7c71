"""Many candidates at once against the app: answers per second, p50/p95 per answer, errors, cross-talk.

Usage::

    .venv/bin/python scripts/bench_load.py [--users 20] [--answers 5] [--backend scripted]
    .venv/bin/python scripts/bench_load.py --compare --users 50   # 1 replica on SQLite, then
                                                                  # 2 replicas on PostgreSQL
    .venv/bin/python scripts/bench_load.py --replicas 2 --database postgresql --proxy --users 50

Starts the app (or --replicas app processes over one throwaway PostgreSQL cluster, --database
postgresql) on free loopback ports, each with its own data folder, and drives it through its HTTP
API with `gradio_client`, one client per simulated candidate, all at once; candidate i talks to
replica i mod N, or, with --proxy, every candidate talks to Debian's nginx running the deployment
example's configuration (deploy/nginx.conf.template, via tests/proxy.py) in front of the two
replicas, which spreads them as it would in production. Each candidate's answers carry a marker of
its own; a transcript that shows another candidate's marker is cross-talk. Bounded: at most
--users x --answers answers, and 600 s per run.
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
from contextlib import ExitStack
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


def _start(folder: Path, backend: str, extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """One app process on a free loopback port, with its own data folder; (process, url)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {**os.environ, "INTERVIEWER_PORT": str(port), "INTERVIEWER_DATA_DIR": str(folder / "data"),
           "INTERVIEWER_BACKEND": backend, "INTERVIEWER_QUESTIONS_PER_PERSONA": "10", **extra}
    log = (folder / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=folder)
    return proc, f"http://127.0.0.1:{port}"


def _wait(proc: subprocess.Popen[bytes], url: str, folder: Path) -> None:
    port = int(url.rsplit(":", 1)[1])
    deadline = time.monotonic() + 420  # replicas load the embedder at once on few cores
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError((folder / "app.log").read_text()) from None
            time.sleep(0.5)


def run(users: int, answers: int, backend: str, replicas: int = 1,
        database: str = "sqlite", proxy: bool = False) -> dict[str, Any]:
    """Start the app (N replicas; over a throwaway PostgreSQL cluster when asked; behind the
    deployment example's nginx when asked), run the candidates at once, stop everything; the
    figures."""
    if proxy and (replicas != 2 or database != "postgresql"):
        raise SystemExit("--proxy runs the deployment example: --replicas 2 --database postgresql.")
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    with ExitStack() as stack:
        extra: dict[str, str] = {}
        if database == "postgresql":
            from tests.pg import running

            cluster = stack.enter_context(running())
            extra["INTERVIEWER_DATABASE_URL"] = cluster.database()
            extra["INTERVIEWER_STORAGE_DIR"] = str(folder / "shared")
        elif replicas > 1:
            raise SystemExit("Several replicas need a shared database: add --database postgresql.")
        procs = [_start(folder / f"replica{n}", backend, extra) for n in range(replicas)]
        for proc, _url in procs:
            stack.callback(proc.wait, 30)
            stack.callback(proc.terminate)
        for n, (proc, url) in enumerate(procs):
            _wait(proc, url, folder / f"replica{n}")
        urls = [url for _proc, url in procs]
        nginx = None
        if proxy:
            from tests.proxy import running as proxied

            nginx = stack.enter_context(proxied([url.removeprefix("http://") for url in urls]))
            urls = [nginx.url]
        out: dict[str, Any] = {"latencies": [], "errors": [], "crosstalk": []}
        started = time.perf_counter()
        threads = [threading.Thread(target=_candidate,
                                    args=(urls[u % len(urls)], u, answers, users, out))
                   for u in range(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, 600 - (time.perf_counter() - started)))
        wall = time.perf_counter() - started
        spread = _spread(nginx) if nginx is not None else None
    lat = out["latencies"]
    return {"users": users, "answers_each": answers, "backend": backend, "replicas": replicas,
            "database": database, "proxy": proxy,
            "answers": len(lat), "wall_s": round(wall, 1),
            "answers_per_s": round(len(lat) / wall, 2) if wall else None,
            "p50_s": round(percentile(lat, 0.5), 2) if lat else None,
            "p95_s": round(percentile(lat, 0.95), 2) if lat else None,
            "errors": out["errors"], "crosstalk": sorted(set(out["crosstalk"])),
            **({"proxy_spread": spread} if spread is not None else {})}


def _spread(nginx: Any) -> dict[str, Any]:
    """From nginx's access log: events started (queue/join) per replica, page views (session
    hashes) seen on more than one replica, requests retried on the other replica, and 5xx replies."""
    hits = nginx.hits()
    joins = [h for h in hits if h.uri.endswith("/queue/join")]
    per_replica: dict[str, int] = {}
    for h in joins:
        per_replica[h.served_by] = per_replica.get(h.served_by, 0) + 1
    replicas_of: dict[str, set[str]] = {}
    for h in hits:
        if "/queue/" in h.uri:
            replicas_of.setdefault(h.key, set()).add(h.served_by)
    return {"events_per_replica": dict(sorted(per_replica.items())),
            "page_views": len(replicas_of),
            "page_views_split": sum(len(r) > 1 for r in replicas_of.values()),
            "retried": sum(len(h.upstreams) > 1 for h in hits),
            "status_5xx": sum(h.status >= 500 for h in hits)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--backend", default="scripted")
    parser.add_argument("--replicas", type=int, default=1, choices=[1, 2, 3, 4])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--proxy", action="store_true",
                        help="every candidate through nginx running deploy/nginx.conf.template"
                             " (needs --replicas 2 --database postgresql)")
    parser.add_argument("--compare", action="store_true",
                        help="one replica on SQLite, then two replicas on PostgreSQL")
    args = parser.parse_args(argv)
    if args.proxy and args.compare:
        parser.error("--proxy is one setup of its own: leave out --compare")
    users, answers = min(args.users, 100), min(args.answers, 20)
    setups = [(1, "sqlite"), (2, "postgresql")] if args.compare else [(args.replicas, args.database)]
    results = [run(users, answers, args.backend, replicas, database, args.proxy)
               for replicas, database in setups]
    print(json.dumps(results if args.compare else results[0], indent=2))
    return 1 if any(r["errors"] or r["crosstalk"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
