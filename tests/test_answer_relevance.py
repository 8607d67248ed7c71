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


class _Stories:
    """The conflict question's topic on axis 0; a story of a falling-out close to it, a stock count far."""

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if "conflict" in t else [0.6, 0.8] if "fell out" in t else [0.1, 0.995]
                for t in texts]


def test_the_similarity_and_the_topic_evidence_decide_together() -> None:
    similarity = relevance.EmbeddingSimilarity(_Stories())
    cosine = similarity(CONFLICT, STOCK_COUNT)
    assert cosine == pytest.approx(0.1)
    features = question.relevance_features(CONFLICT, STOCK_COUNT, cosine)
    assert features["similarity"] == cosine
    assert question.on_topic_odds(CONFLICT, STOCK_COUNT, cosine) == pytest.approx(
        question.RELEVANCE_BIAS + sum(question.RELEVANCE_WEIGHTS[name] * value
                                      for name, value in features.items()))
    assert "off_topic" in analyze(CONFLICT, STOCK_COUNT, similarity=similarity).flags
    told = ("Two of my pickers fell out over who got the early shifts, and it was starting to split the team."
            " I sat them down together, heard both sides and agreed a rota that alternated the early"
            " starts. They have worked side by side without a complaint since.")
    assert "off_topic" not in analyze(CONFLICT, told, similarity=similarity).flags


@pytest.mark.slow
def test_the_real_model_tells_a_story_that_answers_from_one_that_does_not(tmp_path: Path) -> None:
    from interviewer.star.question import ON_TOPIC_ODDS, on_topic_odds

    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm"))
    measure = services.answer_similarity
    assert isinstance(measure, relevance.EmbeddingSimilarity)
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
    told, other = measure(manager, disagreed), measure(manager, new_starter)
    assert told > other
    assert on_topic_odds(manager, disagreed, told) >= ON_TOPIC_ODDS
    assert on_topic_odds(manager, disagreed, told) > on_topic_odds(manager, new_starter, other)
    assert on_topic_odds(secret, printer, measure(secret, printer)) >= ON_TOPIC_ODDS
    assert on_topic_odds(manager, printer, measure(manager, printer)) < ON_TOPIC_ODDS
