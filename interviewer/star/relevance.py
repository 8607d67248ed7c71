"""Whether an answer addresses its question, measured with the shipped sentence-embedding model.

The analyzer decides off-topic answers by rules (topic groups, shared words) and, when a similarity
function is available, by the cosine similarity between the question's topic and the answer. The
model is optional: `analyze` stays pure and fast without it (what `make eval` measures by default), and
the app and the CLI opt in once at start-up (`Services.answer_similarity`, `use_similarity(...)`), with
MiniLM's relevance tuning (`TUNING_FILE`) laid over the model retrieval uses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

Similarity = Callable[[str, str], float]
"""(question, answer) -> the cosine similarity of the question's topic and the answer, in [-1, 1]."""


# Boilerplate every behavioural question shares; it carries no topic, so it is left out of the vector.
_BOILERPLATE = re.compile(
    r"^\s*(?:can you |could you |please )?(?:tell (?:me|us) about|describe|give (?:me |us )?(?:an |one )?"
    r"examples? of|share (?:an |a )?(?:example|story) of|walk (?:me|us) through|talk (?:me |us )?about)\s+"
    r"(?:a |an |the |one )?(?:specific |particular )?(?:time|situation|occasion|moment|example|project)?\s*"
    r"(?:when|where|that|in which)?\s*(?:you\s+)?",
    re.IGNORECASE,
)


def question_topic(question: str) -> str:
    """The question without its behavioural boilerplate: "Tell me about a time you failed" -> "failed"."""
    core = _BOILERPLATE.sub("", question).strip(" ?.")
    return core or question


class _Embedder(Protocol):
    def embed(self, texts: list[str]) -> list[list[float]]: ...


ANSWER_WORDS = 100
"""Only the answer's first words are embedded: a story says what it is about early, and a shorter input
keeps the model's time per answer within the analysis budget (p95 45 ms instead of 63 ms for the whole
answer on this machine's 2 cores; off-topic flags as good or better on every development round)."""


TUNING_FILE = Path(__file__).with_name("relevance_tuning.npz")
"""Low-rank changes to MiniLM's weights, fine-tuned on this project's development answers to place an answer
near the question it addresses rather than near any question sharing its trade's words
(`evals/tune_relevance_model.py`; laid over the package's weights by
`embeddings.MiniLMEmbedder(tuning=TUNING_FILE)`). The relevance measure uses this model; retrieval and the
learned quantified layer use the package's own."""


class EmbeddingSimilarity:
    """Question-topic/answer cosine similarity from an embedder; question vectors are cached."""

    def __init__(self, embedder: _Embedder, cache_size: int = 512) -> None:
        self.embedder = embedder
        self._cache: dict[str, list[float]] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def __call__(self, question: str, answer: str) -> float:
        """Cosine similarity (vectors are unit length, so a dot product)."""
        topic = question_topic(question)
        answer = " ".join(answer.split()[:ANSWER_WORDS])
        with self._lock:
            q_vec = self._cache.get(topic)
        if q_vec is None:
            # Apart, not in one batch: a batch pads the short question to the answer's length.
            (q_vec,) = self.embedder.embed([topic])
            with self._lock:
                if len(self._cache) >= self._cache_size:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[topic] = q_vec
        (a_vec,) = self.embedder.embed([answer])
        return float(sum(x * y for x, y in zip(q_vec, a_vec, strict=True)))


_default: Similarity | None = None


def use_similarity(similarity: Similarity | None) -> None:
    """Set (or with None, clear) the similarity every later `analyze` call uses by default."""
    global _default
    _default = similarity


def use_embedder(embedder: _Embedder) -> None:
    """Measure question-answer relevance with this embedder (e.g. the shipped MiniLM) from now on."""
    use_similarity(EmbeddingSimilarity(embedder))


def current() -> Similarity | None:
    """The similarity `analyze` uses when none is passed (None: rules only)."""
    return _default
