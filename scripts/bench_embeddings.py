"""Benchmark the MiniLM embedder on its two runtimes: ONNX Runtime (the default) and PyTorch.

For each runtime, in a fresh Python process (so imports count): the load (the first `embed` call,
with the ONNX export already made), then single-text calls of the lengths the analyzer embeds per answer
(a 10-word and a 30-word sentence, the answer's first 100 words): p50 and p95 in milliseconds over 60 calls
each, and a batch of 32 passages of about 80 words (texts/s). The largest difference between the two
runtimes' vectors is printed too.

    .venv/bin/python scripts/bench_embeddings.py          # Markdown table
    .venv/bin/python scripts/bench_embeddings.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from interviewer.embeddings import MODEL_CACHE, MiniLMEmbedder
cache = None if sys.argv[2] == "torch" else MODEL_CACHE
story = ("When the night shift kept missing its handover I was asked to fix it before the audit, so I"
         " wrote a one-page checklist with the ward sisters, moved the handover to the quiet half hour"
         " before the drug round, and sat in on the first two weeks to coach it; missed handover items"
         " fell from about twelve a week to two and the audit passed without a finding. ") * 3
words = story.split()
start = time.perf_counter()
embedder = MiniLMEmbedder(cache_dir=cache)
embedder.embed(["warm the model up"])
out = {"runtime": embedder.runtime, "load_s": time.perf_counter() - start}
for n in (10, 30, 100):
    text = " ".join(words[:n])
    times = []
    for _ in range(60):
        t = time.perf_counter(); embedder.embed([text]); times.append(time.perf_counter() - t)
    times.sort()
    out[f"{n}_words_ms"] = [1000 * times[30], 1000 * times[56]]
batch = [" ".join(words[i:i + 80]) for i in range(32)]
t = time.perf_counter(); embedder.embed(batch); out["batch_texts_per_s"] = 32 / (time.perf_counter() - t)
out["probe"] = embedder.embed([story])[0]
print(json.dumps(out))
"""


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def measure(runtime: str) -> dict[str, Any]:
    """One runtime's figures, from a fresh process."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), runtime], capture_output=True,
                          text=True, check=True, env={**os.environ, "TQDM_DISABLE": "1"})
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    measure("onnx")  # makes the export when it is missing, so the load below is a reload
    results = {name: measure(name) for name in ("onnx", "torch")}
    difference = max(abs(a - b) for a, b in zip(results["onnx"].pop("probe"), results["torch"].pop("probe"),
                                                strict=True))
    machine = f"{_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if args.json:
        print(json.dumps({"machine": machine, "max_vector_difference": difference, **results}))
        return 0
    print(f"Machine: {machine}; largest vector difference between runtimes {difference:.1e}\n")
    print("| | ONNX Runtime | PyTorch |\n|---|---|---|")
    onnx, torch = results["onnx"], results["torch"]
    print(f"| load (fresh process, first embed) | {onnx['load_s']:.2f} s | {torch['load_s']:.2f} s |")
    for n in (10, 30, 100):
        a, b = onnx[f"{n}_words_ms"], torch[f"{n}_words_ms"]
        print(f"| one text of {n} words, p50 / p95 | {a[0]:.1f} / {a[1]:.1f} ms"
              f" | {b[0]:.1f} / {b[1]:.1f} ms |")
    print(f"| batch of 32 passages of 80 words | {onnx['batch_texts_per_s']:.0f} texts/s |"
          f" {torch['batch_texts_per_s']:.0f} texts/s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
