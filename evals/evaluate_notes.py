"""Coaching notes worded by a model, checked against the STAR analyzer's findings.

Usage::

    .venv/bin/python evals/evaluate_notes.py [--json]            # re-check the stored notes
    .venv/bin/python evals/evaluate_notes.py --generate 120 [--model KEY_OR_PATH] [--threads N]

`--generate` words a note for each of the first N development answers with the local model
(`feedback.summary_prompt`, as the app asks for it) and stores the model's raw text in
`evals/data/notes_local.jsonl`, with the question and answer it was written for (an interrupted
run resumes; delete the file to start over). Without it, the
stored notes are checked again (this is what `make eval` runs; it needs no model):

- raw contradictions: the model's own notes whose claims (`feedback.note_claims`: STAR parts called
  present, a result called measured, figures, the score, the candidate in the third person)
  disagree with the findings of `star.analyze` on the same answer;
- shown contradictions: the same check on the note the candidate would see (the model's note when
  it passed, else the template note). The target is zero;
- second person: shown notes that speak to the candidate ("you") and never about them.

The claim reader is pure code that never sees how the note was made; it is tested on its own in
tests/test_feedback.py against wordings seen from models ("the results were quantified", "the
candidate", "The scoring is 2/5").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evals.evaluate_star import load_examples  # noqa: E402
from interviewer import feedback  # noqa: E402
from interviewer.config import PROJECT_ROOT, load_settings  # noqa: E402
from interviewer.star import analyze  # noqa: E402

NOTES = ROOT / "evals" / "data" / "notes_local.jsonl"
_YOU = re.compile(r"\byou(?:r|'re|'ve)?\b", re.IGNORECASE)


def generate(count: int, model: str, threads: int) -> None:
    """Word `count` notes with the local model and store them."""
    from interviewer import llm

    settings = load_settings(backend="local", local_model=model, local_threads=threads,
                             local_threads_batch=threads)
    backend = llm.create(settings, "local")
    examples = [e for e in load_examples() if e.split == "dev"][:count]
    done = set()
    if NOTES.exists():  # resume an interrupted run: notes already worded are kept
        done = {json.loads(line)["id"] for line in NOTES.read_text(encoding="utf-8").splitlines()
                if line}
    with NOTES.open("a", encoding="utf-8") as out:
        for i, example in enumerate(examples, 1):
            if example.id in done:
                continue
            item = feedback.critique(analyze(example.question, example.answer))
            prompt = feedback.summary_prompt(item, PROJECT_ROOT / "prompts")
            started = time.perf_counter()
            raw = "".join(backend.stream(prompt)).strip()
            row = {"id": example.id, "question": example.question, "answer": example.answer,
                   "model": backend.model, "note": raw,
                   "seconds": round(time.perf_counter() - started, 2)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(f"[{i:3}] {row['seconds']:5.1f}s {raw[:100]!r}", file=sys.stderr, flush=True)


def check(path: Path = NOTES) -> dict[str, object]:
    """Re-check stored notes; returns the figures."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    raw_problems: dict[str, int] = {}
    shown_problems: list[str] = []
    second_person = 0
    kept = 0
    for row in rows:
        analysis = analyze(row["question"], row["answer"])
        item = feedback.critique(analysis)
        problem = feedback.summary_contradicts(row["note"], analysis) if row["note"] else "empty"
        if problem:
            kind = problem.split(" (")[0].split(",")[0]
            raw_problems[kind] = raw_problems.get(kind, 0) + 1
            shown = feedback.template_summary(item)
        else:
            kept += 1
            shown = row["note"]
        again = feedback.summary_contradicts(shown, analysis)
        if again:
            shown_problems.append(f"{row['id']}: {again}")
        claims = feedback.note_claims(shown)
        if _YOU.search(shown) and not claims.third_person:
            second_person += 1
    total = len(rows)
    return {
        "notes": total,
        "model": rows[0]["model"] if rows else None,
        "raw_contradictions": sum(raw_problems.values()),
        "raw_by_kind": raw_problems,
        "model_notes_kept": kept,
        "shown_contradictions": len(shown_problems),
        "shown_problems": shown_problems,
        "second_person": second_person,
        "seconds_p50": sorted(r.get("seconds", 0) for r in rows)[total // 2] if rows else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, metavar="N")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.generate, args.model, args.threads)
    if not NOTES.exists():
        print(f"No stored notes at {NOTES}: run with --generate N first.", file=sys.stderr)
        return 2
    result = check()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        n = result["notes"]
        print(f"notes checked: {n} (model {result['model']})")
        print(f"model's own notes contradicting the findings: {result['raw_contradictions']}/{n}"
              f" {result['raw_by_kind']}")
        print(f"model notes kept: {result['model_notes_kept']}/{n}")
        print(f"shown notes contradicting the findings: {result['shown_contradictions']}/{n}")
        print(f"shown notes in the second person: {result['second_person']}/{n}")
    return 1 if result["shown_contradictions"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
