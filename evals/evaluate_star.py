"""Evaluate `interviewer.star.analyze` on the labelled STAR sets: development, frozen test, adversarial.

Usage::

    .venv/bin/python evals/evaluate_star.py [--json] [--split dev|test|all|odd|even] [--data GLOB]
                                            [--analyzer PATH | git:REV] [--embeddings [--no-learned]]
                                            [--round older|sixth|7|8|9|10|11|12|13]

Labelled answers are the rows of `evals/data/star_*.jsonl` (except `star_adversarial.jsonl`); the
labelling guide is `evals/LABELLING.md`. Each row's answer is its gold sentences joined in order, each
preceded by its `prefix` (one space by default, nothing for the first), so every gold sentence has an
exact character span in the answer. Rows carry `split`: `test` (frozen; never tune on it) or `dev`.

Alignment (gold sentence -> predicted labels): the analyzer's sentences carry character offsets
(`Sentence.start`/`end`) into the same answer text. For each gold sentence we collect the predicted
sentences that overlap it, and take the union of the labels of every predicted sentence that covers
at least half of the gold sentence's characters. When no predicted sentence covers half of it (the
analyzer split the gold sentence into several pieces), we take the union of the labels of the
predicted sentences covering the most characters, adding pieces largest first until together they
cover at least half of the gold characters. Sentence-level precision/recall/F1 are then computed per
component over gold sentences (a gold sentence with a component label is a positive for it; a gold
`learning` sentence is a negative for all four, so a `result` predicted on a lesson is a false positive).

Answer-level figures: S/T/A/R presence F1 (positive = "some gold sentence carries the component",
prediction = `Analysis.star[c].present`) and its macro average; `quantified_result`, `ownership` and
`answers_question` accuracy; flag precision/recall (`Analysis.flags`, empty for analyzers without it);
`score` against the gold `grade` (Spearman with average ranks for ties, and mean absolute error); and
the time of each `analyze` call (p50/p95 in ms).

The adversarial set (`star_adversarial.jsonl`) is reported apart: an answer is *handled* when its score
is in the expected range, it carries every expected flag and none of the forbidden ones, and (when
given) its `quantified_result` is as expected.

`--round` evaluates the development answers of one writing round (`ROUNDS`); each round's figures before
any rule was tuned on it are recorded in `docs/star.md`. `--analyzer` evaluates
another copy of the analyzer in place of `interviewer.star`: a copy of the
package directory (for example the code before a change, `cp -r interviewer/star /tmp/star_before`), an
older single-file `star.py`, or `git:REV` for the analyzer at a revision of this repository. All
evaluation logic is in pure functions so tests can call them.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import importlib.util
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from interviewer.star import COMPONENTS, Analysis, analyze  # noqa: E402
from interviewer.text import percentile  # noqa: E402

DATA = ROOT / "evals" / "data"
DEFAULT_GLOB = str(DATA / "star_*.jsonl")
ADVERSARIAL = DATA / "star_adversarial.jsonl"
TEST_HASH = DATA / "test_split.sha256"
FLAGS = ("hypothetical", "off_topic", "not_english", "ownership_unclear", "label_stuffing")

Span = tuple[int, int]
Analyzer = Callable[[str, str], Analysis]


@dataclass(frozen=True)
class GoldSentence:
    """One gold sentence with its character span in the joined answer."""

    text: str
    start: int
    end: int
    labels: frozenset[str]


@dataclass(frozen=True)
class Example:
    """One labelled answer."""

    id: str
    question: str
    answer: str
    sentences: tuple[GoldSentence, ...]
    grade: int
    quantified_result: bool
    ownership: str
    answers_question: bool
    category: str = ""
    split: str = "dev"
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Adversarial:
    """One adversarial answer and what the analyzer must make of it."""

    id: str
    question: str
    answer: str
    score: tuple[int, int]
    flags: frozenset[str]
    not_flags: frozenset[str]
    quantified_result: bool | None = None
    why: str = ""


def parse_example(row: dict[str, Any]) -> Example:
    """Build an Example from one JSON row; the answer is the prefixed sentence texts concatenated."""
    gold: list[GoldSentence] = []
    parts: list[str] = []
    pos = 0
    for i, item in enumerate(row["sentences"]):
        prefix = str(item.get("prefix", " " if i else ""))
        if i == 0:
            prefix = prefix.lstrip("\n")
        text = str(item["text"])
        pos += len(prefix)
        gold.append(GoldSentence(text, pos, pos + len(text), frozenset(item.get("labels", []))))
        parts.append(prefix + text)
        pos += len(text)
    answer = "".join(parts)
    number = id_number(str(row["id"]))
    split = str(row.get("split") or ("test" if number % 2 == 0 else "dev"))
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
        split=split,
        flags=frozenset(row.get("flags", [])),
    )


def parse_adversarial(row: dict[str, Any]) -> Adversarial:
    """Build an Adversarial case from one JSON row of `star_adversarial.jsonl`."""
    low, high = row["score"]
    quantified = row.get("quantified_result")
    return Adversarial(
        id=str(row["id"]), question=str(row["question"]), answer=str(row["answer"]),
        score=(int(low), int(high)), flags=frozenset(row.get("flags", [])),
        not_flags=frozenset(row.get("not_flags", [])),
        quantified_result=None if quantified is None else bool(quantified), why=str(row.get("why", "")),
    )


def _rows(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_examples(pattern: str = DEFAULT_GLOB) -> list[Example]:
    """Every labelled example in the JSONL files matching `pattern` (adversarial rows left out)."""
    examples: list[Example] = []
    for path in sorted(glob.glob(pattern)):
        if Path(path).name == ADVERSARIAL.name:
            continue
        examples.extend(parse_example(row) for row in _rows(path))
    return examples


# The development answers by writing round (`star_dev_NN.jsonl` numbers): each round was written by new
# writers, and a round scored before any rule was tuned on it is the honest measure of unseen answers.
ROUNDS: dict[str, range] = {
    "older": range(1, 20), "sixth": range(20, 38), "7": range(38, 41), "8": range(41, 44),
    "9": range(44, 47), "10": range(47, 50), "11": range(50, 53), "12": range(53, 56), "13": range(56, 59),
    "14": range(59, 62), "15": range(62, 65), "16": range(65, 68), "17": range(68, 71), "18": range(71, 74),
    "19": range(74, 77), "20": range(77, 80), "21": range(80, 83),
    "22": range(83, 86), "23": range(86, 89), "24": range(89, 92),
    "25": range(92, 95), "26": range(95, 98), "27": range(98, 101), "28": range(101, 104),
    "29": range(104, 107), "30": range(107, 110), "31": range(110, 113), "32": range(113, 116),
    "33": range(116, 119), "34": range(119, 122), "35": range(122, 125),
    "36": range(125, 128), "37": range(128, 131), "38": range(131, 134),
    "39": range(134, 137), "40": range(137, 140), "41": range(140, 143),
    "42": range(143, 146), "43": range(146, 149), "44": range(149, 152), "45": range(152, 155),
    "46": range(155, 158),
    "47": range(158, 161), "48": range(161, 164), "49": range(164, 167), "50": range(167, 170),
    "51": range(170, 173), "52": range(173, 176), "53": range(176, 179), "54": range(179, 182),
    "55": range(182, 185), "56": range(185, 188),
}


def load_round(name: str) -> list[Example]:
    """The development answers of one writing round (see `ROUNDS`)."""
    examples: list[Example] = []
    for number in ROUNDS[name]:
        path = DATA / f"star_dev_{number:02d}.jsonl"
        if path.exists():
            examples.extend(parse_example(row) for row in _rows(path))
    return [e for e in examples if e.split == "dev"]


def load_adversarial(path: Path = ADVERSARIAL) -> list[Adversarial]:
    """The adversarial cases (none when the file is missing)."""
    return [parse_adversarial(row) for row in _rows(path)] if path.exists() else []


def id_number(example_id: str) -> int:
    """The numeric suffix of an id such as 'dev-042' (-1 when there is none)."""
    match = re.search(r"(\d+)\s*$", example_id)
    return int(match.group(1)) if match else -1


def select_split(examples: Iterable[Example], split: str) -> list[Example]:
    """Keep all examples, the `dev` or frozen `test` split, or those with an odd or even numeric id."""
    if split == "all":
        return list(examples)
    if split in ("dev", "test"):
        return [e for e in examples if e.split == split]
    parity = 1 if split == "odd" else 0
    return [e for e in examples if id_number(e.id) % 2 == parity]


def test_split_hash(pattern: str = DEFAULT_GLOB) -> str:
    """sha256 of the frozen test rows (canonical JSON, sorted by id): changes when any of them does."""
    rows = [row for path in sorted(glob.glob(pattern)) if Path(path).name != ADVERSARIAL.name
            for row in _rows(path) if parse_example(row).split == "test"]
    rows.sort(key=lambda r: str(r["id"]))
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


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


def flags_of(analysis: Analysis) -> frozenset[str]:
    """The analysis's flags; empty for analyzers that predate them."""
    return frozenset(getattr(analysis, "flags", ()))


def evaluate(examples: Sequence[Example], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """All figures for a list of examples and their analyses (same order)."""
    if len(examples) != len(analyses):
        raise ValueError("examples and analyses differ in length")
    counts = {c: [0, 0, 0] for c in COMPONENTS}  # sentence level: tp, fp, fn
    presence = {c: [0, 0, 0] for c in COMPONENTS}  # answer level: tp, fp, fn
    presence_ok = dict.fromkeys(COMPONENTS, 0)
    flag_counts = {f: [0, 0, 0] for f in FLAGS}
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
        gold_present = gold_presence(example)
        for c in COMPONENTS:
            got = analysis.star[c].present
            presence_ok[c] += got == gold_present[c]
            if got and gold_present[c]:
                presence[c][0] += 1
            elif got:
                presence[c][1] += 1
            elif gold_present[c]:
                presence[c][2] += 1
        got_flags = flags_of(analysis)
        for f in FLAGS:
            if f in got_flags and f in example.flags:
                flag_counts[f][0] += 1
            elif f in got_flags:
                flag_counts[f][1] += 1
            elif f in example.flags:
                flag_counts[f][2] += 1
        quantified_ok += analysis.quantified_result == example.quantified_result
        ownership_ok += analysis.ownership == example.ownership
        on_topic_ok += analysis.answers_question == example.answers_question
        scores.append(float(analysis.score))
        grades.append(float(example.grade))
    n = max(len(examples), 1)
    sentence = {c: prf(*counts[c]) for c in COMPONENTS}
    answer_level = {c: prf(*presence[c]) for c in COMPONENTS}
    return {
        "answers": len(examples),
        "sentence": sentence,
        "macro_f1": sum(m["f1"] for m in sentence.values()) / len(COMPONENTS),
        "presence": answer_level,
        "presence_macro_f1": sum(m["f1"] for m in answer_level.values()) / len(COMPONENTS),
        "presence_accuracy": {c: presence_ok[c] / n for c in COMPONENTS},
        "flags": {f: prf(*flag_counts[f]) for f in FLAGS},
        "quantified_accuracy": quantified_ok / n,
        "ownership_accuracy": ownership_ok / n,
        "answers_question_accuracy": on_topic_ok / n,
        "spearman": spearman(scores, grades),
        "score_mae": sum(abs(s - g) for s, g in zip(scores, grades, strict=True)) / n,
    }


def timed(analyzer: Analyzer, question: str, answer: str) -> tuple[Analysis, float]:
    """One analysis and its wall time in milliseconds."""
    began = time.perf_counter()
    analysis = analyzer(question, answer)
    return analysis, (time.perf_counter() - began) * 1000


def run(examples: Sequence[Example], analyzer: Analyzer = analyze) -> dict[str, Any]:
    """Analyze every example (timing each call) and evaluate."""
    results = [timed(analyzer, e.question, e.answer) for e in examples]
    report = evaluate(examples, [a for a, _ in results])
    times = [ms for _, ms in results]
    report["ms_p50"] = percentile(times, 0.5)
    report["ms_p95"] = percentile(times, 0.95)
    report["ms_max"] = max(times) if times else math.nan
    return report


def check_adversarial(case: Adversarial, analysis: Analysis) -> list[str]:
    """Why an adversarial case is not handled (empty when it is)."""
    problems: list[str] = []
    low, high = case.score
    if not low <= analysis.score <= high:
        problems.append(f"score {analysis.score} not in {low}-{high}")
    flags = flags_of(analysis)
    if missing := sorted(case.flags - flags):
        problems.append(f"missing flags {missing}")
    if extra := sorted(case.not_flags & flags):
        problems.append(f"unwanted flags {extra}")
    if case.quantified_result is not None and analysis.quantified_result != case.quantified_result:
        problems.append(f"quantified_result {analysis.quantified_result}")
    return problems


def run_adversarial(cases: Sequence[Adversarial], analyzer: Analyzer = analyze) -> dict[str, Any]:
    """How many adversarial cases are handled, and what went wrong with the others."""
    failures: dict[str, list[str]] = {}
    for case in cases:
        problems = check_adversarial(case, analyzer(case.question, case.answer))
        if problems:
            failures[case.id] = problems
    return {"cases": len(cases), "handled": len(cases) - len(failures), "failures": failures}


def format_report(report: dict[str, Any], title: str = "") -> str:
    """A human-readable table of the figures for one split."""
    lines = [f"== {title} ({report['answers']} answers)" if title else f"answers: {report['answers']}", "",
             f"{'component':<10} {'prec':>6} {'rec':>6} {'f1':>6} {'support':>8} {'answer-F1':>10} "
             f"{'presence':>9}"]
    for c in COMPONENTS:
        m = report["sentence"][c]
        lines.append(f"{c:<10} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{int(m['support']):8d} {report['presence'][c]['f1']:10.3f} "
                     f"{report['presence_accuracy'][c]:9.3f}")
    flag_text = ", ".join(f"{f} {m['precision']:.2f}/{m['recall']:.2f} (n={int(m['support'])})"
                          for f, m in report["flags"].items() if m["support"] or m["precision"])
    lines += [
        "",
        f"answer-level S/T/A/R macro-F1: {report['presence_macro_f1']:.3f}",
        f"sentence-level macro-F1:       {report['macro_f1']:.3f}",
        f"quantified-result accuracy:    {report['quantified_accuracy']:.3f}",
        f"ownership accuracy:            {report['ownership_accuracy']:.3f}",
        f"answers-question accuracy:     {report['answers_question_accuracy']:.3f}",
        f"score vs grade Spearman:       {report['spearman']:.3f}",
        f"score vs grade MAE:            {report['score_mae']:.3f}",
        f"flags precision/recall:        {flag_text or 'none predicted or expected'}",
        f"analysis time per answer:      p50 {report['ms_p50']:.2f} ms, p95 {report['ms_p95']:.2f} ms, "
        f"max {report['ms_max']:.2f} ms",
    ]
    return "\n".join(lines)


def format_adversarial(report: dict[str, Any]) -> str:
    """The adversarial count and each unhandled case."""
    lines = [f"== adversarial: {report['handled']} of {report['cases']} handled"]
    lines += [f"  {case}: {'; '.join(problems)}" for case, problems in report["failures"].items()]
    return "\n".join(lines)


STAR_PACKAGE = "interviewer.star"


def _is_star_module(name: str) -> bool:
    return name == STAR_PACKAGE or name.startswith(STAR_PACKAGE + ".")


def _git_checkout(spec: str) -> Path:
    """Extract the analyzer at a git revision: the package `interviewer/star/`, else the older `star.py`."""
    import subprocess
    import tempfile

    revision = spec.removeprefix("git:")

    def git(*args: str) -> bytes:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False).stdout

    target = Path(tempfile.mkdtemp(prefix="star_at_"))
    names = git("ls-tree", "-r", "--name-only", revision, "interviewer/star/").decode().split()
    if names:
        for name in (n for n in names if n.endswith(".py")):
            destination = target / "star" / Path(name).relative_to("interviewer/star")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(git("show", f"{revision}:{name}"))
        return target / "star"
    if git("ls-tree", "--name-only", revision, "interviewer/star.py").strip():
        (target / "star.py").write_bytes(git("show", f"{revision}:interviewer/star.py"))
        return target / "star.py"
    raise SystemExit(f"no interviewer/star at git revision {revision!r}")


def load_analyzer(path: str) -> Analyzer:
    """`analyze` from another copy of the analyzer, to compare it with this tree's.

    `path` is a copy of the package (its directory or its `__init__.py`, as in `interviewer/star/`),
    an older single-module `star.py`, or `git:REV` (the analyzer at a git revision of this repository).
    A package copy imports its own modules by their absolute names (`interviewer.star.cues`...), so it is
    loaded *as* `interviewer.star` with its own directory as the search path, and this tree's modules
    are put back afterwards: the copy's functions keep references to the copy's modules, and nothing
    else in the process sees the copy.
    """
    location = _git_checkout(path) if path.startswith("git:") else Path(path)
    if location.name == "__init__.py":
        location = location.parent
    if location.is_dir():
        return _load_package(location)
    spec = importlib.util.spec_from_file_location("star_under_test", location)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load an analyzer from {path!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.analyze


LOADED_COPIES: list[dict[str, Any]] = []
"""The modules of each analyzer copy loaded by `_load_package` (so `--embeddings` can reach its relevance)."""


def _load_package(directory: Path) -> Analyzer:
    import interviewer

    init = directory / "__init__.py"
    spec = importlib.util.spec_from_file_location(STAR_PACKAGE, init,
                                                  submodule_search_locations=[str(directory)])
    if spec is None or spec.loader is None or not init.exists():
        raise SystemExit(f"cannot load an analyzer package from {str(directory)!r}")
    ours = {name: module for name, module in sys.modules.items() if _is_star_module(name)}
    our_attribute = getattr(interviewer, "star", None)
    for name in ours:
        del sys.modules[name]
    try:
        module = importlib.util.module_from_spec(spec)
        sys.modules[STAR_PACKAGE] = module
        spec.loader.exec_module(module)
        analyzer: Analyzer = module.analyze
        LOADED_COPIES.append({name: m for name, m in sys.modules.items() if _is_star_module(name)})
    finally:
        for name in [n for n in sys.modules if _is_star_module(n)]:
            del sys.modules[name]
        sys.modules.update(ours)
        if our_attribute is not None:
            interviewer.star = our_attribute
    return analyzer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--split", choices=("dev+test", "dev", "test", "all", "odd", "even"),
                        default="dev+test", help="which labelled answers (default: dev and test apart)")
    parser.add_argument("--data", default=DEFAULT_GLOB, help="glob of labelled JSONL files")
    parser.add_argument("--analyzer", help="another analyzer to evaluate instead: a copy of the package "
                        "(directory or its __init__.py), an older star.py, or git:REV")
    parser.add_argument("--embeddings", action="store_true",
                        help="as the app runs: relevance with MiniLM's relevance tuning and the learned"
                        " quantified layer")
    parser.add_argument("--no-learned", action="store_true",
                        help="with --embeddings: leave out the learned quantified layer the app uses"
                        " (INTERVIEWER_LEARNED_QUANTIFIED)")
    parser.add_argument("--round", choices=tuple(ROUNDS),
                        help="only the development answers of one writing round (see ROUNDS)")
    parser.add_argument("--update-test-hash", action="store_true",
                        help="record the frozen test split's hash (only after a deliberate relabelling)")
    args = parser.parse_args(argv)
    analyzer = load_analyzer(args.analyzer) if args.analyzer else analyze
    if args.embeddings:
        from interviewer.embeddings import MiniLMEmbedder
        from interviewer.star import relevance

        embedder = MiniLMEmbedder()
        relevance.use_embedder(MiniLMEmbedder(tuning=relevance.TUNING_FILE))
        for copy in LOADED_COPIES:  # an analyzer loaded with --analyzer has its own relevance module
            if hasattr(copy.get(f"{STAR_PACKAGE}.relevance"), "use_embedder"):
                copy[f"{STAR_PACKAGE}.relevance"].use_embedder(embedder)
        relevance.current()("warm up", "load the model before timing")  # type: ignore[misc]
        if not args.no_learned:
            from interviewer.star import learned

            learned.use(MiniLMEmbedder(tuning=learned.TUNING_FILE))
    examples = load_round(args.round) if args.round else load_examples(args.data)
    if not examples:
        print(f"no examples match {args.data!r}", file=sys.stderr)
        return 1
    digest = test_split_hash(args.data)
    if args.update_test_hash:
        TEST_HASH.write_text(digest + "\n", encoding="utf-8")
    frozen = TEST_HASH.read_text(encoding="utf-8").strip() if TEST_HASH.exists() else ""
    splits = ("dev",) if args.round else ("dev", "test") if args.split == "dev+test" else (args.split,)
    output: dict[str, Any] = {"splits": {}, "test_split_sha256": digest,
                              "test_split_frozen": digest == frozen}
    for split in splits:
        chosen = select_split(examples, split)
        if chosen:
            output["splits"][split] = run(chosen, analyzer)
    output["adversarial"] = run_adversarial(load_adversarial(), analyzer)
    if args.json:
        print(json.dumps(output, indent=None, sort_keys=True))
        return 0
    for split, report in output["splits"].items():
        name = "frozen test" if split == "test" else f"round {args.round} dev" if args.round else split
        how = " (with the MiniLM question-answer similarity, as the app runs)" if args.embeddings else ""
        how += " (without the learned quantified layer)" if args.embeddings and args.no_learned else ""
        print(format_report(report, f"{name} split{how}"))
        print()
    print(format_adversarial(output["adversarial"]))
    if not output["test_split_frozen"]:
        print("\nWARNING: the frozen test split differs from evals/data/test_split.sha256", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
