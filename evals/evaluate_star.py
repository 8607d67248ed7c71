"""Evaluate `interviewer.star.analyze` on the labelled STAR development set.

Usage::

    .venv/bin/python evals/evaluate_star.py [--json] [--split all|odd|even] [--data GLOB]

Each line of `evals/data/star_dev_*.jsonl` is one answer whose text is its gold sentences joined by
single spaces, so each gold sentence has an exact character span in the answer.

Alignment (gold sentence -> predicted labels): the analyzer's sentences carry character offsets
(`Sentence.start`/`end`) into the same answer text. For each gold sentence we collect the predicted
sentences that overlap it, and take the union of the labels of every predicted sentence that covers
at least half of the gold sentence's characters. When no predicted sentence covers half of it (the
analyzer split the gold sentence into several pieces), we take the union of the labels of the
predicted sentences covering the most characters, adding pieces largest first until together they
cover at least half of the gold characters. Sentence-level precision/recall/F1 are then computed per
component over gold sentences (a gold sentence with a component label is a positive for it).

Answer-level figures compare `Analysis.star[c].present` with "some gold sentence carries c",
`quantified_result`, `ownership` and `answers_question` with their gold fields, and `score` with
the gold `grade` (Spearman rank correlation with average ranks for ties, and mean absolute error).

`--split odd|even` keeps answers whose numeric id suffix is odd or even, a cheap over-fitting check.
All evaluation logic is in pure functions so tests can call them.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from interviewer.star import COMPONENTS, Analysis, analyze  # noqa: E402

DEFAULT_GLOB = str(ROOT / "evals" / "data" / "star_dev_*.jsonl")

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldSentence:
    """One gold sentence with its character span in the joined answer."""

    text: str
    start: int
    end: int
    labels: frozenset[str]


@dataclass(frozen=True)
class Example:
    """One labelled answer of the development set."""

    id: str
    question: str
    answer: str
    sentences: tuple[GoldSentence, ...]
    grade: int
    quantified_result: bool
    ownership: str
    answers_question: bool
    category: str = ""


def parse_example(row: dict[str, Any]) -> Example:
    """Build an Example from one JSON row; the answer is the sentence texts joined by single spaces."""
    gold: list[GoldSentence] = []
    pos = 0
    for item in row["sentences"]:
        text = str(item["text"])
        gold.append(GoldSentence(text, pos, pos + len(text), frozenset(item.get("labels", []))))
        pos += len(text) + 1
    answer = " ".join(s.text for s in gold)
    return Example(
        id=str(row["id"]),
        question=str(row["question"]),
        answer=answer,
        sentences=tuple(gold),
        grade=int(row["grade"]),
        quantified_result=bool(row["quantified_result"]),
        ownership=str(row["ownership"]),
        answers_question=bool(row["answers_question"]),
        category=str(row.get("category", "")),
    )


def load_examples(pattern: str = DEFAULT_GLOB) -> list[Example]:
    """Load every example from the JSONL files matching `pattern`, in file then line order."""
    examples: list[Example] = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    examples.append(parse_example(json.loads(line)))
    return examples


def id_number(example_id: str) -> int:
    """The numeric suffix of an id such as 'dev-042' (-1 when there is none)."""
    match = re.search(r"(\d+)\s*$", example_id)
    return int(match.group(1)) if match else -1


def select_split(examples: Iterable[Example], split: str) -> list[Example]:
    """Keep all examples, or those with an odd or even numeric id."""
    if split == "all":
        return list(examples)
    parity = 1 if split == "odd" else 0
    return [e for e in examples if id_number(e.id) % 2 == parity]


def overlap(a: Span, b: Span) -> int:
    """Number of characters shared by two half-open spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align_labels(gold: Span, predicted: Sequence[tuple[Span, Iterable[str]]]) -> frozenset[str]:
    """Labels the prediction gives one gold sentence (the rule is described in the module docstring)."""
    length = max(gold[1] - gold[0], 1)
    covering = [(overlap(gold, span), frozenset(labels)) for span, labels in predicted]
    covering = [(chars, labels) for chars, labels in covering if chars > 0]
    if not covering:
        return frozenset()
    majority = [labels for chars, labels in covering if 2 * chars >= length]
    if majority:
        return frozenset().union(*majority)
    covering.sort(key=lambda item: item[0], reverse=True)
    chosen: set[str] = set()
    covered = 0
    for chars, labels in covering:
        chosen |= labels
        covered += chars
        if 2 * covered >= length:
            break
    return frozenset(chosen)


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = rank
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; 0.0 when either side is constant or there are fewer than two points."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    if vx == 0 or vy == 0:
        return 0.0
    return cov / math.sqrt(vx * vy)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman rank correlation (Pearson on average ranks)."""
    return pearson(average_ranks(xs), average_ranks(ys))


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": float(tp + fn)}


def gold_presence(example: Example) -> dict[str, bool]:
    """Whether some gold sentence of the answer carries each component."""
    return {c: any(c in s.labels for s in example.sentences) for c in COMPONENTS}


def evaluate(examples: Sequence[Example], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """All figures for a list of examples and their analyses (same order)."""
    if len(examples) != len(analyses):
        raise ValueError("examples and analyses differ in length")
    counts = {c: [0, 0, 0] for c in COMPONENTS}  # tp, fp, fn
    presence_ok = dict.fromkeys(COMPONENTS, 0)
    quantified_ok = ownership_ok = on_topic_ok = 0
    scores: list[float] = []
    grades: list[float] = []
    for example, analysis in zip(examples, analyses, strict=True):
        predicted = [((s.start, s.end), s.labels) for s in analysis.sentences]
        for gold in example.sentences:
            labels = align_labels((gold.start, gold.end), predicted)
            for c in COMPONENTS:
                if c in labels and c in gold.labels:
                    counts[c][0] += 1
                elif c in labels:
                    counts[c][1] += 1
                elif c in gold.labels:
                    counts[c][2] += 1
        presence = gold_presence(example)
        for c in COMPONENTS:
            presence_ok[c] += analysis.star[c].present == presence[c]
        quantified_ok += analysis.quantified_result == example.quantified_result
        ownership_ok += analysis.ownership == example.ownership
        on_topic_ok += analysis.answers_question == example.answers_question
        scores.append(float(analysis.score))
        grades.append(float(example.grade))
    n = max(len(examples), 1)
    sentence = {c: prf(*counts[c]) for c in COMPONENTS}
    return {
        "answers": len(examples),
        "sentence": sentence,
        "macro_f1": sum(m["f1"] for m in sentence.values()) / len(COMPONENTS),
        "presence_accuracy": {c: presence_ok[c] / n for c in COMPONENTS},
        "quantified_accuracy": quantified_ok / n,
        "ownership_accuracy": ownership_ok / n,
        "answers_question_accuracy": on_topic_ok / n,
        "spearman": spearman(scores, grades),
        "score_mae": sum(abs(s - g) for s, g in zip(scores, grades, strict=True)) / n,
    }


def run(examples: Sequence[Example]) -> dict[str, Any]:
    """Analyze every example, time it, and evaluate."""
    began = time.perf_counter()
    analyses = [analyze(e.question, e.answer) for e in examples]
    elapsed = time.perf_counter() - began
    report = evaluate(examples, analyses)
    report["seconds"] = elapsed
    report["answers_per_second"] = len(examples) / elapsed if elapsed > 0 else float("inf")
    return report


def format_report(report: dict[str, Any]) -> str:
    """A human-readable table of the figures."""
    lines = [f"answers: {report['answers']}", "",
             f"{'component':<10} {'prec':>6} {'rec':>6} {'f1':>6} {'support':>8} {'presence':>9}"]
    for c in COMPONENTS:
        m = report["sentence"][c]
        lines.append(f"{c:<10} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{int(m['support']):8d} {report['presence_accuracy'][c]:9.3f}")
    lines += [
        "",
        f"macro-F1 (sentence level):   {report['macro_f1']:.3f}",
        f"quantified-result accuracy:  {report['quantified_accuracy']:.3f}",
        f"ownership accuracy:          {report['ownership_accuracy']:.3f}",
        f"answers-question accuracy:   {report['answers_question_accuracy']:.3f}",
        f"score vs grade Spearman:     {report['spearman']:.3f}",
        f"score vs grade MAE:          {report['score_mae']:.3f}",
        f"timing: {report['answers']} answers in {report['seconds']:.3f}s "
        f"({report['answers_per_second']:.0f} answers/s)",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--split", choices=("all", "odd", "even"), default="all",
                        help="evaluate all answers or only odd / even ids")
    parser.add_argument("--data", default=DEFAULT_GLOB, help="glob of JSONL files")
    args = parser.parse_args(argv)
    examples = select_split(load_examples(args.data), args.split)
    if not examples:
        print(f"no examples match {args.data!r}", file=sys.stderr)
        return 1
    report = run(examples)
    report["split"] = args.split
    if args.json:
        print(json.dumps(report, indent=None, sort_keys=True))
    else:
        print(format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
