"""How far two people agree on the grade, and where the analyzer stands between them.

Usage::

    .venv/bin/python evals/reader_agreement.py [--embeddings] [--json]

The development grades were given by each answer's writer. For rounds 24-27 a second blind reader, who saw
only `evals/LABELLING.md` and each question and answer, graded the same answers again
(`data/second_reader_grades.tsv`). Two people grading the same answers do not agree perfectly, so their
rank correlation is the most any score can be expected to reach against one of them. This script prints,
per round: the writer-reader Spearman, how often the two grades are equal, how often they agree on whether
the answer addresses the question, and the analyzer's Spearman against the writer, the reader and their mean.
The analyzer runs on its rules alone unless `--embeddings` (as the app runs: `evaluate_star.py --embeddings`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evals.evaluate_star import ROUNDS, Example, load_round, spearman  # noqa: E402
from interviewer.star import Analysis, analyze  # noqa: E402

READER = Path(__file__).resolve().parent / "data" / "second_reader_grades.tsv"


def load_reader(path: Path = READER) -> dict[str, tuple[int, bool]]:
    """The second reader's (grade, answers the question) by answer id."""
    rows: dict[str, tuple[int, bool]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        answer_id, grade, on_topic, *_ = line.split("\t")
        rows[answer_id] = (int(grade), on_topic.strip() == "1")
    return rows


def agreement(examples: Sequence[Example], reader: dict[str, tuple[int, bool]],
              scores: Sequence[float]) -> dict[str, float]:
    """Writer-reader agreement and the analyzer's rank correlation with each, over the read answers."""
    chosen = [(e, s) for e, s in zip(examples, scores, strict=True) if e.id in reader]
    writer = [float(e.grade) for e, _ in chosen]
    second = [float(reader[e.id][0]) for e, _ in chosen]
    mine = [s for _, s in chosen]
    n = max(len(chosen), 1)
    return {
        "answers": len(chosen),
        "writer_reader_spearman": spearman(writer, second),
        "same_grade": sum(w == r for w, r in zip(writer, second, strict=True)) / n,
        "same_on_topic": sum(reader[e.id][1] == e.answers_question for e, _ in chosen) / n,
        "analyzer_writer_spearman": spearman(mine, writer),
        "analyzer_reader_spearman": spearman(mine, second),
        "analyzer_mean_spearman": spearman(mine, [(w + r) / 2 for w, r in zip(writer, second, strict=True)]),
    }


def as_the_app_runs() -> Callable[[str, str], Analysis]:
    """The analyzer with the relevance model and the learned quantified layer, as `evaluate_star.py
    --embeddings` runs it."""
    from interviewer.embeddings import MiniLMEmbedder
    from interviewer.star import learned, relevance

    relevance.use_embedder(MiniLMEmbedder(tuning=relevance.TUNING_FILE))
    learned.use(MiniLMEmbedder(tuning=learned.TUNING_FILE))
    return analyze


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--embeddings", action="store_true", help="the analyzer as the app runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    reader = load_reader()
    analyzer = as_the_app_runs() if args.embeddings else analyze
    result: dict[str, Any] = {}
    everything: tuple[list[Example], list[float]] = ([], [])
    for name in ROUNDS:
        examples = [e for e in load_round(name) if e.id in reader]
        if not examples:
            continue
        scores = [float(analyzer(e.question, e.answer).score) for e in examples]
        result[name] = agreement(examples, reader, scores)
        everything[0].extend(examples)
        everything[1].extend(scores)
    result["all"] = agreement(everything[0], reader, everything[1])
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return 0
    print("round  answers  writer~reader  same grade  same on-topic  analyzer~writer  ~reader  ~mean")
    for name, row in result.items():
        print(f"{name:>5}  {row['answers']:7d}  {row['writer_reader_spearman']:13.3f}"
              f"  {row['same_grade']:10.3f}"
              f"  {row['same_on_topic']:13.3f}  {row['analyzer_writer_spearman']:15.3f}"
              f"  {row['analyzer_reader_spearman']:7.3f}  {row['analyzer_mean_spearman']:5.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
