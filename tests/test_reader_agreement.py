"""Agreement between the writers' grades and a second reader's (evals/reader_agreement.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.evaluate_star import ROUNDS, Example, load_round
from evals.reader_agreement import READER, agreement, load_reader


def _example(answer_id: str, grade: int, on_topic: bool = True) -> Example:
    return Example(id=answer_id, question="Tell me about a time you fixed a fault.", answer="I fixed it.",
                   sentences=(), grade=grade, quantified_result=False, ownership="I",
                   answers_question=on_topic)


def test_agreement_counts_only_the_answers_the_reader_graded() -> None:
    examples = [_example("a", 5), _example("b", 2, on_topic=False), _example("c", 4), _example("d", 3)]
    reader = {"a": (5, True), "b": (2, True), "c": (3, True)}
    row = agreement(examples, reader, [5.0, 4.0, 3.0, 1.0])
    assert row["answers"] == 3
    assert row["same_grade"] == pytest.approx(2 / 3)
    assert row["same_on_topic"] == pytest.approx(2 / 3)  # the reader took "b" as on topic
    assert row["writer_reader_spearman"] == pytest.approx(1.0)  # same order: 5 > 4 > 2 and 5 > 3 > 2
    assert row["analyzer_writer_spearman"] == pytest.approx(0.5)


def test_reader_file_is_read_with_comments_skipped(tmp_path: Path) -> None:
    path = tmp_path / "grades.tsv"
    path.write_text("# a comment\n# id\tgrade\tonq\twhy\ndev-1\t4\t1\tthin task\ndev-2\t2\t0\n",
                    encoding="utf-8")
    assert load_reader(path) == {"dev-1": (4, True), "dev-2": (2, False)}


def test_the_shipped_second_reading_covers_rounds_24_to_27_whole() -> None:
    reader = load_reader(READER)
    read = {e.id for name in ("24", "25", "26", "27") if name in ROUNDS for e in load_round(name)}
    assert set(reader) == read
    assert all(1 <= grade <= 5 for grade, _ in reader.values())
