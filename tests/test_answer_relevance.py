"""Whether an answer addresses its question: the app's MiniLM similarity, wired by settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.config import load_settings
from interviewer.services import Services
from interviewer.star import analyze, question, relevance

CONFLICT = "Tell me about a time you resolved a conflict between two people in your team."
STOCK_COUNT = ("At my last job the monthly stock count took the whole warehouse team two full days. I brought"
               " in cycle counting, so a tenth of the shelves were counted each week. The monthly count went"
               " from two days to none at all.")


@pytest.fixture(autouse=True)
def rules_only_afterwards() -> Iterator[None]:
    yield
    relevance.use_similarity(None)


class _Recorder:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return [[1.0, 0.0] for _ in texts]


def test_only_the_answers_first_words_are_embedded() -> None:
    recorder = _Recorder()
    similarity = relevance.EmbeddingSimilarity(recorder)
    similarity("Tell me about a time you failed.", " ".join(["word"] * 500))
    assert len(recorder.texts[-1].split()) == relevance.ANSWER_WORDS


@pytest.mark.parametrize(("embeddings", "on", "measured"), [
    ("minilm", True, True), ("minilm", False, False), ("hash", True, False),
])
def test_the_similarity_is_used_only_with_minilm_and_the_setting_on(
        tmp_path: Path, embeddings: str, on: bool, measured: bool) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings=embeddings,
                                      answer_relevance=on))
    assert (services.answer_similarity is not None) is measured
    services.measure_relevance()
    assert (relevance.current() is not None) is measured


@pytest.mark.slow
def test_the_real_model_flags_a_strong_story_to_the_wrong_question(tmp_path: Path) -> None:
    assert "off_topic" not in analyze(CONFLICT, STOCK_COUNT).flags  # the rules alone miss it
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm"))
    services.measure_relevance()
    flagged = analyze(CONFLICT, STOCK_COUNT)
    assert "off_topic" in flagged.flags and flagged.score <= 2
    told = ("Two of my pickers fell out over who got the early shifts, and it was starting to split the team."
            " I sat them down together, heard both sides and agreed a rota that alternated the early"
            " starts. They have worked side by side without a complaint since.")
    assert "off_topic" not in analyze(CONFLICT, told).flags


def _bank(n: int = 30) -> relevance.AnswerBank:
    """Two kinds of question (axes 0 and 1) whose answers lie along axes 2 and 3, n of each, two rounds."""
    import numpy as np

    rng = np.random.default_rng(0)
    base = np.eye(4, dtype=np.float32)
    questions = np.vstack([base[0] + 0.05 * rng.standard_normal((n, 4)),
                           base[1] + 0.05 * rng.standard_normal((n, 4))])
    answers = np.vstack([base[2] + 0.1 * rng.standard_normal((n, 4)),
                         base[3] + 0.1 * rng.standard_normal((n, 4))])
    return relevance.AnswerBank(questions, answers, ["7", "8"] * n)


def test_an_answer_like_the_answers_to_similar_questions_is_typical() -> None:
    bank = _bank()
    assert bank.typical([1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]) > 0.8
    assert bank.typical([1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]) < -0.8
    smaller = bank.without(["8"])
    assert len(smaller.answers) == 30 and set(smaller.rounds.tolist()) == {"7"}


def test_a_bank_that_cannot_be_read_says_how_to_fix_it(tmp_path: Path) -> None:
    broken = tmp_path / "bank.npz"
    broken.write_bytes(b"not a bank")
    with pytest.raises(RuntimeError, match="--export-bank"):
        relevance.AnswerBank.load(broken)
    with pytest.raises(ValueError, match="as many"):
        relevance.AnswerBank([[1.0]] * 30, [[1.0]] * 29, ["7"] * 30)


class _Axes:
    """Questions about conflict embed on axis 0; stories of conflict on axis 2, of stock counts on axis 3."""

    def embed(self, texts: list[str]) -> list[list[float]]:
        def vector(text: str) -> list[float]:
            if "conflict" in text and "Tell" not in text and "fell out" not in text:
                return [1.0, 0.0, 0.0, 0.0]
            return [0.0, 0.0, 0.6, 0.8] if "fell out" in text else [0.34, 0.0, 0.0, 0.94]
        return [vector(t) for t in texts]


def test_with_a_bank_the_similarity_weighs_how_typical_the_story_is(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = relevance.EmbeddingSimilarity(_Axes())
    banked = relevance.EmbeddingSimilarity(_Axes(), _bank())
    measured = banked(CONFLICT, STOCK_COUNT)
    assert plain(CONFLICT, STOCK_COUNT).typical is None and measured.typical is not None
    assert measured.cosine == plain(CONFLICT, STOCK_COUNT).cosine
    # The stock-count story shares its cosine with the question but reads like no answer to it.
    assert measured.typical < -0.8
    # The bank's evidence enters the odds with its fitted weight (small since the fourteenth session's tuning,
    # which separates such stories by the cosine itself) ...
    features = question.relevance_features(CONFLICT, STOCK_COUNT, measured)
    assert features["typical"] == measured.typical
    assert question.on_topic_odds(CONFLICT, STOCK_COUNT, measured) == pytest.approx(
        question.BANK_BIAS + sum(question.BANK_WEIGHTS[name] * value for name, value in features.items()))
    # ... and where it weighs, a story unlike any answer to the question is flagged though the cosine passed.
    monkeypatch.setitem(question.BANK_WEIGHTS, "typical", 2.0)
    assert "off_topic" in analyze(CONFLICT, STOCK_COUNT, similarity=banked).flags
    assert "off_topic" not in analyze(CONFLICT, STOCK_COUNT, similarity=plain).flags
    assert banked.leaving_out(["8"]).bank is not None and len(banked.leaving_out(["8"]).bank.answers) == 30


def test_the_shipped_bank_holds_the_on_topic_development_answers_only() -> None:
    from evals.evaluate_star import ROUNDS, load_round

    bank = relevance.AnswerBank.load()
    expected = {name: sum(e.answers_question for e in load_round(name)) for name in ROUNDS}
    assert bank.answers.shape == (sum(expected.values()), 384) == bank.questions.shape
    assert {name: int((bank.rounds == name).sum()) for name in ROUNDS} == expected


@pytest.mark.slow
def test_the_real_model_and_bank_tell_a_story_that_answers_from_one_that_does_not(tmp_path: Path) -> None:
    from interviewer.star.question import ON_TOPIC_ODDS, on_topic_odds

    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm"))
    banked = services.answer_similarity
    assert isinstance(banked, relevance.EmbeddingSimilarity) and banked.bank is not None
    manager = "Tell me about a time you disagreed with your manager."
    new_starter = ("My manager at the distribution centre asked me to take on a new starter, because we had"
                   " lost two experienced pickers in a month. I paired him with me for the first three days,"
                   " then gave him the simpler aisles and checked every tenth order. By the end of the second"
                   " week he was picking on his own at full rate.")
    disagreed = ("My manager wanted to move the whole night shift onto twelve-hour rotas, and I"
                 " disagreed, because our pick errors doubled after the tenth hour. I took her the error"
                 " logs by hour and proposed a trial of ten-hour shifts on one aisle. She agreed to the"
                 " trial, and errors there fell by a third, so the ten-hour pattern went site-wide.")
    secret = "Tell me about a time you had to handle confidential information."
    printer = ("A colleague in HR left a printed list of staff salaries on the shared printer. I took it to"
               " her desk in a sealed envelope and suggested she use secure print. I also raised it with our"
               " data protection lead, who turned secure print on for the whole floor within the week.")
    told, other = banked(manager, disagreed), banked(manager, new_starter)
    assert told.cosine > other.cosine
    assert on_topic_odds(manager, disagreed, told) >= ON_TOPIC_ODDS
    assert on_topic_odds(manager, disagreed, told) > on_topic_odds(manager, new_starter, other)
    assert on_topic_odds(secret, printer, banked(secret, printer)) >= ON_TOPIC_ODDS
    assert on_topic_odds(manager, printer, banked(manager, printer)) < ON_TOPIC_ODDS
