"""Evaluate how the candidate's own questions are rated (`interviewer/question_rating.py`).

Usage::

    .venv/bin/python evals/evaluate_question_rating.py [--json] [--embedder minilm|hash]

Splits:
- development: `prompts/candidate_question_examples.jsonl`, the labelled examples the app itself
  compares questions with. The rules were tuned on its first 52 questions; its last 26 (dq101-
  dq126) were written afterwards in other voices (spoken, polite wrappers, paraphrases without
  topic words) and scored before anything changed: the rules alone got 11 of 26, rules plus the
  embedding centroids of the first 52 got 25 of 26. Its figures with centroids use leave-one-out
  (each question is rated by centroids built without it).
- test: `evals/data/candidate_questions_test.jsonl`, 48 questions written before the rules and
  FROZEN (its hash is checked); never tuned on. Before these rules, the old three-regex rater got
  24 of 48.

Labels follow the guidance: insightful (strategy, the role's priorities, what success looks like,
problems, change in the industry, how decisions are made), general (a fair open question about the
day, the team or the interviewer), basic (facts about the company its own site gives), logistics
(pay, benefits, hours, place, the hiring process).
Exit status 0, or 2 when a data file is missing or malformed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from interviewer import embeddings  # noqa: E402
from interviewer.errors import ConfigError  # noqa: E402
from interviewer.question_rating import RATINGS, QuestionRater, Rating, load_examples, rate  # noqa: E402

DEV = ROOT / "prompts" / "candidate_question_examples.jsonl"
TEST = ROOT / "evals" / "data" / "candidate_questions_test.jsonl"
FROZEN_TEST_SHA256 = "1867ca4d289ccb34bd1399aac9580e1b0d9a19de9720030ad0dfc502c04c5942"


def scores(gold: list[Rating], predicted: list[Rating]) -> dict[str, Any]:
    """Accuracy, per-rating precision/recall and the confusion counts (gold -> predicted)."""
    per: dict[str, dict[str, float]] = {}
    for rating in RATINGS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == rating)
        said = sum(1 for p in predicted if p == rating)
        real = sum(1 for g in gold if g == rating)
        per[rating] = {"precision": tp / said if said else 0.0, "recall": tp / real if real else 0.0,
                       "support": real}
    right = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    confusion = Counter(f"{g}->{p}" for g, p in zip(gold, predicted, strict=True) if g != p)
    return {"n": len(gold), "correct": right, "accuracy": right / len(gold) if gold else 0.0,
            "per_rating": per, "errors": dict(confusion)}


class _Examples:
    """A QuestionRater over an in-memory list (for leave-one-out)."""

    def __init__(self, embedder: embeddings.Embedder, rows: list[tuple[str, Rating]],
                 tmp: Path) -> None:
        tmp.write_text("".join(json.dumps({"text": t, "rating": r}) + "\n" for t, r in rows),
                       encoding="utf-8")
        self.rater = QuestionRater(embedder, tmp)


def evaluate(embedder: embeddings.Embedder, tmp_dir: Path) -> dict[str, Any]:
    """Figures on both splits, rules alone and rules plus example centroids."""
    dev = load_examples(DEV)
    test = load_examples(TEST)
    digest = hashlib.sha256(TEST.read_bytes()).hexdigest()
    out: dict[str, Any] = {"test_frozen": digest == FROZEN_TEST_SHA256}
    gold = [r for _, r in dev]
    out["dev_rules"] = scores(gold, [rate(t) for t, _ in dev])
    # leave-one-out: centroids from the other examples only (the rules see every question as new)
    vectors = embedder.embed([t for t, _ in dev])
    predicted: list[Rating] = []
    for i, (text, _) in enumerate(dev):
        rule = rate(text)
        if rule != "general":
            predicted.append(rule)
            continue
        best, best_score = rule, -2.0
        for rating in RATINGS:
            members = [vectors[j] for j, (_, r) in enumerate(dev) if r == rating and j != i]
            if not members:
                continue
            centre = [sum(c) / len(members) for c in zip(*members, strict=True)]
            norm = sum(v * v for v in centre) ** 0.5 or 1.0
            score = sum(a * b / norm for a, b in zip(vectors[i], centre, strict=True))
            if score > best_score:
                best, best_score = rating, score
        predicted.append(best)
    out["dev_with_examples_loo"] = scores(gold, predicted)
    rater = _Examples(embedder, dev, tmp_dir / "examples.jsonl").rater
    test_gold = [r for _, r in test]
    out["test_rules"] = scores(test_gold, [rate(t) for t, _ in test])
    out["test_with_examples"] = scores(test_gold, [rater.rate(t) for t, _ in test])
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--embedder", default="minilm", choices=("minilm", "hash"))
    args = parser.parse_args(argv)
    import tempfile

    try:
        with tempfile.TemporaryDirectory() as tmp:
            report = evaluate(embeddings.create(args.embedder), Path(tmp))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    if not report["test_frozen"]:
        print("warning: the frozen test split has changed; its figures are not comparable")
    for key in ("dev_rules", "dev_with_examples_loo", "test_rules", "test_with_examples"):
        r = report[key]
        per = ", ".join(f"{k} {v['precision']:.2f}/{v['recall']:.2f}" for k, v in r["per_rating"].items())
        print(f"{key:24} {r['correct']}/{r['n']} accuracy {r['accuracy']:.3f}  (precision/recall: {per})")
        if r["errors"]:
            print(f"{'':24} errors: {r['errors']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
