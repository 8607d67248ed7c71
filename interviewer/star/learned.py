"""A learned check of the quantified-result finding, for when the sentence-embedding model is loaded.

The rules pick the sentences that could carry the result's measure (`candidate_texts`): the result sentences,
and any sentence but a lesson with a figure in it, each written as "<its labels>: <text>". MiniLM with the
shipped quantified tuning (low-rank weight changes, `quantified_tuning.npz`) embeds them, and a linear head
(`quantified_head.json`) gives each the log-odds that it states a measured change. The verdict weighs the
best candidate's log-odds with the rules' own verdict (`Verdict`: the model alone reads a count in a
setting, "I speak 4 languages", as a measure). Both files are written by `evals/tune_quantified_model.py`,
which trains the model on the development answers (an answer is measured when one of its candidates is) and
fits the verdict on rounds a second model, trained without them, never saw. The layer runs only when set
(`use`, from the app's settings), never for label stuffing (a number there stands in for substance whatever
the model reads) and never to turn a plan's "no" into a "yes" (`weighs`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from interviewer.star.content import measured_change, names_a_figure

EMBEDDING_DIMENSIONS = 384
SCALE = 10.0
"""The head reads the unit sentence vector times this (the cosine range is too narrow for a plain linear
head to learn from quickly)."""
TUNING_FILE = Path(__file__).with_name("quantified_tuning.npz")
HEAD_FILE = Path(__file__).with_name("quantified_head.json")


def candidate_texts(sentences: Sequence[str], labels: Sequence[Sequence[str]], result: Sequence[int],
                    learning: Sequence[int]) -> list[str]:
    """The texts the model reads: each result sentence, and each other sentence that is not a lesson and
    has a figure or a measured change, as "<its labels, or 'other'>[ lesson]: <text>"."""
    texts = []
    for i, text in enumerate(sentences):
        lesson = i in learning
        if i in result or (not lesson and (names_a_figure(text) or measured_change(text))):
            texts.append(f"{' '.join(labels[i]) or 'other'}{' lesson' if lesson else ''}: {text}")
    return texts


def weighs(quantified: bool, stuffing: bool, plan: bool) -> bool:
    """Whether the layer checks this finding: never in label stuffing, and in a plan (a hypothetical answer,
    or any answer to "what would you do") only a "yes": the model reads a figure in what would be done as a
    measure of what was."""
    return not stuffing and (quantified or not plan)


@dataclass(frozen=True)
class Verdict:
    """The answer's log-odds: `odds` x the best candidate's log-odds + `rules` x the rules' verdict (0 or 1)
    + `intercept`; measured at zero or above."""

    odds: float = 1.0
    rules: float = 0.0
    intercept: float = 0.0

    def measured(self, best: float, rules: bool) -> bool:
        return self.odds * best + self.rules * float(rules) + self.intercept >= 0.0


@dataclass(frozen=True)
class QuantifiedHead:
    """Log-odds of a measured change: `bias` + `weight` . (`SCALE` x the unit sentence vector), and how the
    answer's verdict weighs the best of them with the rules'."""

    weight: tuple[float, ...]
    bias: float
    verdict: Verdict = Verdict()

    def odds(self, vector: Sequence[float]) -> float:
        if len(vector) != len(self.weight):
            raise ValueError(f"the quantified head expects {len(self.weight)} dimensions, got {len(vector)}")
        return self.bias + SCALE * sum(w * x for w, x in zip(self.weight, vector, strict=True))


def load(path: Path = HEAD_FILE) -> QuantifiedHead:
    """The shipped head (see `evals/tune_quantified_model.py`)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        verdict = Verdict(**{k: float(v) for k, v in data["verdict"].items() if k in ("odds", "rules",
                                                                                     "intercept")})
        return QuantifiedHead(tuple(float(w) for w in data["weight"]), float(data["bias"]), verdict)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RuntimeError(f"The quantified head at {path} cannot be read ({exc}); reinstall the package or"
                           " train it again with `evals/tune_quantified_model.py`.") from exc


class _Embedder(Protocol):
    def embed(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class _Active:
    head: QuantifiedHead
    embedder: _Embedder


_active: _Active | None = None
_lock = threading.Lock()


def use(embedder: _Embedder | None, head: QuantifiedHead | None = None) -> None:
    """Check every later `analyze` call's quantified finding with the head and this embedder (MiniLM with
    `TUNING_FILE`: the head was trained on its vectors). None turns the layer off."""
    global _active
    with _lock:
        _active = None if embedder is None else _Active(head or load(), embedder)


def best_odds(texts: Sequence[str]) -> float | None:
    """The highest log-odds among the candidate texts, or None when the layer is off or there is none."""
    active = _active
    if active is None or not texts:
        return None
    unique = list(dict.fromkeys(texts))
    return max(active.head.odds(v) for v in active.embedder.embed(unique))


def decide(quantified: bool, sentences: Sequence[str], labels: Sequence[Sequence[str]], result: Sequence[int],
           learning: Sequence[int]) -> bool:
    """The quantified finding: the layer's verdict when it is set, else the rules' own (`quantified`). With
    no candidate sentence nothing is measured."""
    active = _active
    if active is None:
        return quantified
    odds = best_odds(candidate_texts(sentences, labels, result, learning))
    return odds is not None and active.head.verdict.measured(odds, quantified)
