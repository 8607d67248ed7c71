"""Rating the candidate's own questions: rules, examples by embedding, the evaluator."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from interviewer.embeddings import HashEmbedder
from interviewer.errors import ConfigError
from interviewer.question_rating import QuestionRater, load_examples, rate, rate_candidate_question

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("question", "rating"), [
    ("What's the salary range for this role?", "logistics"),
    ("Is the position hybrid?", "logistics"),
    ("When can I expect to hear back?", "logistics"),
    ("What will the pay look like next year?", "logistics"),  # pay first, whatever the horizon
    ("What does your company actually sell?", "basic"),
    ("How many employees does the company have?", "basic"),
    ("Who founded the company?", "basic"),
    ("How is the company responding to new competitors?", "insightful"),  # not a company fact
    ("What would you expect me to own by my ninety-day mark?", "insightful"),
    ("What's the biggest risk to the roadmap?", "insightful"),
    ("How do you decide what not to build?", "insightful"),
    ("What does a typical day look like?", "general"),
    ("What do you enjoy most about working here?", "general"),
])
def test_rules_rate_by_what_the_question_is_about(question: str, rating: str) -> None:
    assert rate(question) == rating


def test_every_rating_comes_with_advice_for_the_candidate() -> None:
    rating, why = rate_candidate_question("Is there a dress code?")
    assert rating == "logistics" and why.startswith("Logistics question")
    assert rate_candidate_question("Who are your main customers?")[1].startswith("Basic research")


def _examples(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "examples.jsonl"
    path.write_text("".join(json.dumps({"text": t, "rating": r}) + "\n" for t, r in rows))
    return path


def test_a_question_with_no_topic_word_takes_the_nearest_examples_rating(tmp_path: Path) -> None:
    path = _examples(tmp_path, [
        ("How does the company stay ahead of rivals on price?", "insightful"),
        ("What keeps the company ahead of rivals?", "insightful"),
        ("What's the team like to work with?", "general"),
        ("What is the team like day to day?", "general"),
    ])
    rater = QuestionRater(HashEmbedder(), path)
    assert rate("How do you stay ahead of rivals?") == "general"  # the rules find no topic word
    assert rater.rate("How do you stay ahead of rivals?") == "insightful"
    assert rater("What is the team like?") == ("general", rate_candidate_question("x")[1])
    # when the rules find a topic, the examples are not consulted
    assert rater.rate("What's the salary?") == "logistics"


def test_bad_example_files_say_where_and_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read the question examples"):
        load_examples(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Why?", "rating": "clever"}\n')
    with pytest.raises(ConfigError, match=r"bad.jsonl:1: unknown rating 'clever'"):
        load_examples(bad)
    bad.write_text('{"text": "Why?"}\n')
    with pytest.raises(ConfigError, match=r"bad.jsonl:1: expected"):
        load_examples(bad)


def test_the_shipped_examples_cover_every_rating() -> None:
    examples = load_examples(ROOT / "prompts" / "candidate_question_examples.jsonl")
    assert {r for _, r in examples} == {"insightful", "general", "basic", "logistics"}
    assert len(examples) >= 70


def test_the_evaluator_reports_both_splits_and_checks_the_frozen_one(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "evals"))
    import evaluate_question_rating as ev

    report = ev.evaluate(HashEmbedder(), tmp_path)
    assert report["test_frozen"] is True
    assert report["test_rules"]["n"] == 48
    assert report["dev_rules"]["n"] == len(load_examples(ev.DEV))
    assert 0.0 <= report["dev_with_examples_loo"]["accuracy"] <= 1.0
    assert ev.scores(["basic", "general"], ["basic", "basic"])["errors"] == {"general->basic": 1}
