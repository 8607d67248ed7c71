"""The STAR analyzer's data model: components, flags, sentences and the analysis of one answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Component = Literal["situation", "task", "action", "result"]
COMPONENTS: tuple[Component, ...] = ("situation", "task", "action", "result")
Ownership = Literal["I", "we", "mixed", "unclear"]
Flag = Literal["hypothetical", "off_topic", "not_english", "ownership_unclear", "label_stuffing"]
FLAGS: tuple[Flag, ...] = ("hypothetical", "off_topic", "not_english", "ownership_unclear",
                           "label_stuffing")

WORDS_PER_MINUTE = 150
TARGET_SECONDS = 120
TOO_SHORT_WORDS = 40
TOO_LONG_WORDS = 420
BRIEF_WORDS = 70  # under ~30 seconds spoken: rarely room for all four parts with detail
BASE_POINTS = 1.0
POINTS: dict[str, float] = {
    "situation": 0.75, "task": 0.75, "action": 0.75, "result": 0.75, "hollow_part": 0.2, "steps": 0.5,
    "quantified": 0.5, "plan": 0.5, "lesson": 0.25, "we_only": -0.5, "too_long": -0.5, "too_short": -1.0,
    "brief": -0.5, "generic": -0.5, "fillers": -0.5, "hedges": -0.5, "ownership_unclear": -0.5,
}
"""The points each finding adds to `BASE_POINTS` (a 1-5 score is the rounded sum, capped by flags): a STAR
part with content, a part made of label words only (`hollow_part`), each sentence of what the candidate
did beyond the first (`steps`, per unit of log(1 + sentences) over `STEPS_TOLD`), a measured result, a plan
for a "What would you do if..." question (`plan`: it cannot tell an outcome yet), the lesson of a story about
a mistake (`lesson`: such stories seldom have a task of their own), and what marks an answer down; fewer
steps are never marked down. Set by hand and measured on writers the rules never saw (docs/star.md);
`evals/fit_score.py` fits them to the development grades for comparison (the fitted points gained on the
rounds they were fitted to, not on new writers or the frozen test, and were not adopted)."""
STEPS_TOLD = 1
"""Sentences of what the candidate did that `steps` does not credit (the first is the action part's)."""
CLAUSES_PER_SPOKEN_STEP = 2.0
"""A transcript without punctuation is cut into clauses at discourse markers ("and then", "so"), about
1.35 to a sentence its writer marked; counted whole, its clauses earned steps the writers did not grade
(transcripts scored 0.2 over their grade). Counted half, Spearman rose on 12 of rounds 24-40 and fell on 3
(by at most 0.006; 1.5 did less)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer, with its character span and STAR labels."""

    index: int
    text: str
    start: int
    end: int
    labels: tuple[Component, ...] = ()


@dataclass(frozen=True)
class ComponentFinding:
    """Whether a STAR component is present, and in which sentences."""

    present: bool
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class Analysis:
    """Everything the analyzer measured about one answer; all later feedback rests on this."""

    question: str
    answer: str
    sentences: tuple[Sentence, ...]
    star: dict[Component, ComponentFinding]
    quantified_result: bool
    ownership: Ownership
    i_count: int
    we_count: int
    specificity: float
    specific_terms: tuple[str, ...]
    word_count: int
    estimated_seconds: int
    filler_words: dict[str, int]
    hedges: dict[str, int]
    answers_question: bool
    score: int
    reasons: tuple[str, ...]
    gaps: tuple[str, ...] = field(default_factory=tuple)
    flags: tuple[str, ...] = field(default_factory=tuple)
    """Named findings from `FLAGS` (hypothetical, off_topic, not_english, ownership_unclear, ...)."""
    learning: tuple[int, ...] = field(default_factory=tuple)
    """Sentences that state a lesson or a changed habit (not counted as the Result)."""
    hollow: tuple[int, ...] = field(default_factory=tuple)
    """Labelled sentences with no content beyond STAR cue words, vague words and the question's words."""
    off_topic_missing: str = ""
    """What the question asks about that an off-topic story lacks ("your manager"), when that is why."""
    grade_features: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    """The findings the score adds up, each with its value (names are the keys of `POINTS`); empty when the
    score did not come from them (too short, another language, a question about the candidate)."""

    @property
    def missing(self) -> list[Component]:
        """STAR components with no sentence."""
        return [c for c in COMPONENTS if not self.star[c].present]

    @property
    def present(self) -> list[Component]:
        """STAR components with at least one sentence."""
        return [c for c in COMPONENTS if self.star[c].present]

    def evidence(self, component: Component) -> list[str]:
        """The sentences that carry a component."""
        return [self.sentences[i].text for i in self.star[component].sentences]

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape used by `interviewer critique`."""
        return {
            "sentences": [s.text for s in self.sentences],
            "labels": [list(s.labels) for s in self.sentences],
            "star": {c: {"present": f.present, "sentences": list(f.sentences)}
                     for c, f in self.star.items()},
            "quantified_result": self.quantified_result,
            "ownership": self.ownership,
            "specificity": round(self.specificity, 2),
            "specific_terms": list(self.specific_terms),
            "word_count": self.word_count,
            "estimated_seconds": self.estimated_seconds,
            "filler_words": dict(self.filler_words),
            "hedges": dict(self.hedges),
            "answers_question": self.answers_question,
            "score": self.score,
            "reasons": list(self.reasons),
            "gaps": list(self.gaps),
            "flags": list(self.flags),
            "learning": list(self.learning),
            "hollow": list(self.hollow),
        }
