"""A learned check of the quantified-result finding, for when the sentence-embedding model is loaded.

The rules decide whether the result is measured; this layer weighs their verdict together with counts of
figures and change words in the result sentences and the last two sentences, and the MiniLM vectors of the
result sentences (their mean) and of the last sentence. It is a logistic model fitted by
`evals/learned_quantified.py --export` on the development answers and shipped as `quantified_layer.json`
beside this module. It runs only when set (`use`, from the app's settings) and never for label stuffing,
where a number stands in for substance whatever the model says.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

_NUM_WORD = (r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
             r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
             r"seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|"
             r"half|third|quarter|dozen|dozens|double|doubled|triple|tripled|halved|quadrupled)\b")
_NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|" + _NUM_WORD + r")"
_TIME_UNIT = (r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|quarters?|"
              r"years?|yrs?)")
PATTERNS: dict[str, re.Pattern[str]] = {
    "digits": re.compile(r"\d[\d,]*(?:\.\d+)?"),
    "number_words": re.compile(_NUM_WORD, re.IGNORECASE),
    "percent": re.compile(r"(?:\d|" + _NUM_WORD + r")\s?(?:%|percent\b|per cent\b)", re.IGNORECASE),
    "currency": re.compile(r"[$£€]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn)?\s?(?:dollars|pounds|euros|usd|gbp|eur)\b"
                           r"|\b\d[\d,.]*\s?k\b", re.IGNORECASE),
    "time_after_number": re.compile(r"(?:\d[\d,.]*|" + _NUM_WORD + r"|an?)\s*-?\s*"
                                    r"(?:working\s+|full\s+)?" + _TIME_UNIT + r"\b", re.IGNORECASE),
    "arrow": re.compile(r"->|→|=>"),
}
WORDS = ("late", "early", "ahead", "behind", "since", "from", "to", "down", "up", "fewer", "more",
         "less", "over", "under", "by")
_WORD_PATTERNS = {w: re.compile(rf"\b{w}\b", re.IGNORECASE) for w in WORDS}
_ANY_NUMBER = re.compile(_NUMBER, re.IGNORECASE)
COUNT_NAMES = tuple(PATTERNS) + WORDS
EMBEDDING_DIMENSIONS = 384
LAYER_FILE = Path(__file__).with_name("quantified_layer.json")
CLIP = 20.0


def count_features(text: str) -> list[float]:
    """log(1 + count) of each figure pattern and each change word in `text`."""
    counts = [len(p.findall(text)) for p in PATTERNS.values()]
    counts += [len(p.findall(text)) for p in _WORD_PATTERNS.values()]
    return [math.log1p(c) for c in counts]


def hand_features(quantified: bool, stuffing: bool, sentences: Sequence[str], result: Sequence[int],
                  learning: Sequence[int]) -> list[float]:
    """The rules' verdict and flags, then counts over the result sentences and the last two sentences."""
    first = min(result) if result else len(sentences)
    before = sum(bool(_ANY_NUMBER.search(s)) for s in sentences[:first])
    return [float(quantified), float(stuffing), float(len(result)), float(bool(result)), float(before > 0),
            math.log1p(before), float(any(i in learning for i in result)),
            *count_features(" ".join(sentences[i] for i in result)),
            *count_features(" ".join(sentences[-2:]))]


def texts_to_embed(sentences: Sequence[str], result: Sequence[int]) -> tuple[list[str], str]:
    """The result sentences and the last sentence, whose vectors the layer weighs."""
    return [sentences[i] for i in result], (sentences[-1] if sentences else "")


def features(hand: Sequence[float], result_vectors: Sequence[Sequence[float]],
             last_vector: Sequence[float]) -> list[float]:
    """One row: hand features, the mean result-sentence vector (zeros without one), the last sentence's."""
    if result_vectors:
        mean = [sum(column) / len(result_vectors) for column in zip(*result_vectors, strict=True)]
    else:
        mean = [0.0] * EMBEDDING_DIMENSIONS
    return [*hand, *mean, *last_vector]


@dataclass(frozen=True)
class QuantifiedLayer:
    """A standardised logistic model: (x - mean) / scale, weighted by `coef`, plus `intercept`."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def odds(self, row: Sequence[float]) -> float:
        """Log-odds that the result is measured. A standardised value is clipped to +-`CLIP`: a few MiniLM
        dimensions are zero up to float noise, and their scale is that noise."""
        if len(row) != len(self.coef):
            raise ValueError(f"the quantified layer expects {len(self.coef)} features, got {len(row)}")
        return self.intercept + sum(w * max(-CLIP, min(CLIP, (x - m) / s)) for w, x, m, s in
                                    zip(self.coef, row, self.mean, self.scale, strict=True))


def load(path: Path = LAYER_FILE) -> QuantifiedLayer:
    """The shipped layer (see `evals/learned_quantified.py --export`)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"The quantified layer at {path} cannot be read ({exc}); reinstall the package or"
                           " export it again with `evals/learned_quantified.py --export`.") from exc
    return QuantifiedLayer(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                           float(data["intercept"]))


class _Embedder(Protocol):
    def embed(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class _Active:
    layer: QuantifiedLayer
    embedder: _Embedder


_active: _Active | None = None
_lock = threading.Lock()


def use(embedder: _Embedder | None, layer: QuantifiedLayer | None = None) -> None:
    """Check every later `analyze` call's quantified finding with the layer and this embedder (the shipped
    MiniLM; the layer was fitted on its vectors). None turns the layer off."""
    global _active
    with _lock:
        _active = None if embedder is None else _Active(layer or load(), embedder)


def decide(quantified: bool, stuffing: bool, sentences: Sequence[str], result: Sequence[int],
           learning: Sequence[int]) -> bool:
    """The quantified finding: the layer's verdict when it is set, else the rules' own (`quantified`)."""
    active = _active
    if active is None or stuffing or not sentences:
        return quantified
    texts, last = texts_to_embed(sentences, result)
    unique = list(dict.fromkeys([*texts, last]))  # the last sentence is often a result sentence too
    vector_of = dict(zip(unique, active.embedder.embed(unique), strict=True))
    hand = hand_features(quantified, stuffing, sentences, result, learning)
    row = features(hand, [vector_of[t] for t in texts], vector_of[last])
    return active.layer.odds(row) >= 0.0
