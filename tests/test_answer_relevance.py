"""Whether an answer addresses its question: the app's MiniLM similarity, wired by settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.config import load_settings
from interviewer.services import Services
from interviewer.star import analyze, relevance

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
