"""Whether an answer addresses its question, measured with the shipped sentence-embedding model.

The analyzer decides off-topic answers by rules (topic groups, shared words) and, when a similarity
function is available, by the cosine similarity between the question's topic and the answer and, with the
shipped `AnswerBank`, by how typical the answer is of the answers given to the closest questions. The
model is optional: `analyze` stays pure and fast without it (what `make eval` measures by default), and
the app and the CLI opt in once at start-up (`Services.answer_similarity`, `use_similarity(...)`), with
MiniLM's relevance tuning (`TUNING_FILE`) laid over the model retrieval uses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Closeness:
    """What the embedding model measures of an answer against its question."""

    cosine: float
    """The cosine similarity of the question's topic and the answer, in [-1, 1]."""
    typical: float | None = None
    """How much closer the answer is to answers given to the most similar questions than to answers in
    general (a z-score over `AnswerBank`); None without a bank."""


Similarity = Callable[[str, str], "float | Closeness"]
"""(question, answer) -> the cosine of the question's topic and the answer, or a `Closeness`."""


def closeness(measured: float | Closeness) -> Closeness:
    """A similarity's measure as a `Closeness` (a bare cosine has no bank evidence)."""
    return measured if isinstance(measured, Closeness) else Closeness(float(measured))


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
`embeddings.MiniLMEmbedder(tuning=TUNING_FILE)`). The relevance measure and the answer bank use this model;
retrieval and the learned quantified layer use the package's own."""
BANK_FILE = Path(__file__).with_name("answer_bank.npz")
NEIGHBOURS = 20
"""How many of the bank's answers, those given to the questions closest to the one asked, stand for what an
answer to it looks like (chosen on the development rounds: 10, 20 and 40 within 0.02 of AUC)."""


class AnswerBank:
    """On-topic development answers and their questions, as vectors of MiniLM with the relevance tuning
    (`TUNING_FILE`), shipped with the package.

    An off-topic story often shares the question's words, so its cosine to the question is high; but it reads
    unlike the answers people gave to that question and to questions like it. `typical` measures that:
    the answer's mean similarity to the answers of the `NEIGHBOURS` closest questions, as a z-score over its
    similarities to every answer in the bank. Each entry carries its writing round, so an evaluation can
    leave out the round it measures (`without`). Written by `evals/fit_relevance.py --export-bank`.
    """

    def __init__(self, questions: np.ndarray, answers: np.ndarray, rounds: Iterable[str]) -> None:
        import numpy as np

        self.questions = np.asarray(questions, dtype=np.float32)
        self.answers = np.asarray(answers, dtype=np.float32)
        self.rounds = np.asarray(list(rounds))
        sizes = {len(self.questions), len(self.answers), len(self.rounds)}
        if len(sizes) > 1 or len(self.answers) <= NEIGHBOURS:
            raise ValueError("an answer bank needs as many question vectors, answer vectors and rounds,"
                             f" and more than {NEIGHBOURS} of them")

    @classmethod
    def load(cls, path: Path = BANK_FILE) -> AnswerBank:
        """The shipped bank (see `evals/fit_relevance.py --export-bank`)."""
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(data["questions"], data["answers"], data["rounds"].tolist())
        except (OSError, KeyError, ValueError) as exc:
            raise RuntimeError(f"The answer bank at {path} cannot be read ({exc}); reinstall the package or"
                               " export it again with `evals/fit_relevance.py --export-bank`.") from exc

    def without(self, rounds: Iterable[str]) -> AnswerBank:
        """The bank without the entries of these writing rounds (to measure a round it does not contain)."""
        import numpy as np

        keep = ~np.isin(self.rounds, list(rounds))
        return AnswerBank(self.questions[keep], self.answers[keep], self.rounds[keep].tolist())

    def typical(self, question: list[float], answer: list[float]) -> float:
        """The z-score of the answer's mean similarity to the answers of the closest questions."""
        import numpy as np

        # einsum, not `@`: a BLAS matrix-vector product starts threads that contend with the embedding
        # model's on two cores (52 ms per answer instead of 1 ms here).
        to_answers = np.einsum("ij,j->i", self.answers, np.asarray(answer, dtype=np.float32))
        to_questions = np.einsum("ij,j->i", self.questions, np.asarray(question, dtype=np.float32))
        nearest = np.argpartition(-to_questions, NEIGHBOURS)
        spread = float(to_answers.std()) or 1.0
        return float((to_answers[nearest[:NEIGHBOURS]].mean() - to_answers.mean()) / spread)


class EmbeddingSimilarity:
    """Question-topic/answer cosine similarity from an embedder, and with a bank how typical the answer is
    of answers to such questions; question vectors are cached."""

    def __init__(self, embedder: _Embedder, bank: AnswerBank | None = None, cache_size: int = 512) -> None:
        self.embedder = embedder
        self.bank = bank
        self._cache: dict[str, list[float]] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def leaving_out(self, rounds: Iterable[str]) -> EmbeddingSimilarity:
        """The same measure with a bank that lacks these writing rounds (for evaluation)."""
        bank = self.bank.without(rounds) if self.bank is not None else None
        other = EmbeddingSimilarity(self.embedder, bank, self._cache_size)
        other._cache = self._cache  # question vectors do not depend on the bank
        other._lock = self._lock
        return other

    def __call__(self, question: str, answer: str) -> Closeness:
        """Cosine similarity (vectors are unit length, so a dot product), and the bank's evidence."""
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
        cosine = float(sum(x * y for x, y in zip(q_vec, a_vec, strict=True)))
        return Closeness(cosine, self.bank.typical(q_vec, a_vec) if self.bank is not None else None)


_default: Similarity | None = None


def use_similarity(similarity: Similarity | None) -> None:
    """Set (or with None, clear) the similarity every later `analyze` call uses by default."""
    global _default
    _default = similarity


def use_embedder(embedder: _Embedder, bank: AnswerBank | None = None) -> None:
    """Measure question-answer relevance with this embedder (e.g. the shipped MiniLM), and this bank of
    answers when given, from now on."""
    use_similarity(EmbeddingSimilarity(embedder, bank))


def current() -> Similarity | None:
    """The similarity `analyze` uses when none is passed (None: rules only)."""
    return _default
