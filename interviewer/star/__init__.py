"""STAR analysis in pure code: sentences, Situation/Task/Action/Result labels, and measured findings.

Deterministic and offline. Each sentence is labelled by weighted cue patterns (explainable: the
UI shows the label of every sentence and the reasons behind the score). STAR cue words are only
scaffolding: a sentence whose words are all cues, vague words or the question's own words is
"hollow" and earns a part no credit, and a result counts as measured only when a number is attached
to something that changed. Answers that are not in English, hypothetical answers to behavioural
questions, off-topic answers and answers where nobody acts in the first person are flagged.
Figures for the method are in `docs/star.md` and come from `evals/evaluate_star.py`.

The package is split by concern: `model` (the data types), `sentences` (splitting), `cues` (the
per-sentence labeller), `content` (hollow sentences and measured change), `question` (behavioural
questions, hypotheticals, topic), `persona` (questions about the candidate, graded without STAR parts)
and `analysis` (findings, flags and the grade). Import from here.
"""

from __future__ import annotations

from interviewer.star.analysis import analyze
from interviewer.star.content import content_words, is_hollow, measured_change
from interviewer.star.cues import has_measured_quantity, is_learning, label_sentence, opens_with_past_verb
from interviewer.star.model import (
    BASE_POINTS,
    BRIEF_WORDS,
    COMPONENTS,
    FLAGS,
    POINTS,
    TARGET_SECONDS,
    TOO_LONG_WORDS,
    TOO_SHORT_WORDS,
    WORDS_PER_MINUTE,
    Analysis,
    Component,
    ComponentFinding,
    Flag,
    Ownership,
    Sentence,
)
from interviewer.star.question import is_behavioural, topic_overlap
from interviewer.star.sentences import split_sentences

__all__ = [
    "BASE_POINTS", "BRIEF_WORDS", "COMPONENTS", "FLAGS", "POINTS",
    "TARGET_SECONDS", "TOO_LONG_WORDS", "TOO_SHORT_WORDS", "WORDS_PER_MINUTE", "Analysis", "Component",
    "ComponentFinding", "Flag", "Ownership", "Sentence", "analyze", "content_words", "has_measured_quantity",
    "is_behavioural", "is_hollow", "is_learning", "label_sentence", "measured_change", "opens_with_past_verb",
    "split_sentences", "topic_overlap",
]
