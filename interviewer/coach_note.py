"""A coaching note a small model can word without contradicting the findings: code's claims, one
model field.

Measured on 100 notes from the default 1.5B model written freely (evals/evaluate_notes.py, with
labels by a reader who never saw the gate's code), 13 of the 76 notes the gate let through still
contradicted the findings and 15 were garbled. A first version in two model fields ("you ..." and
a next step) garbled or drifted in every one of five trial notes: the small model retold the
answer at length and was cut off. So for a small model code states every claim:

- code picks the part to praise (one the analyzer found, in order result, action, task,
  situation) and the gap to work on (the analyzer's first), and writes both sentences;
- the model fills one short field under a grammar: what the story is about (its focus, a noun
  phrase of the answer's own words, such as "the monthly board reports"), which code puts into
  the praise ("Your story about the monthly board reports reaches an outcome."); a second trial
  where the model wrote the whole next step copied the prompt's example story or advised on parts
  the answer already had in 7 of 8 notes;
- code keeps the head of the phrase (up to a clause word or a word the answer lacks, at most
  seven words), checks it (the answer's words, no STAR part, judgement or figure) and assembles
  the note. Anything that fails leaves the template note.

A third version quoted the candidate's sentence for the praised part: an independent reader found
39 of 83 shown notes false about the answer, mostly because the quoted sentence was not that part
(the analyzer's sentence labels are less reliable than its answer-level findings), and 12 read
"tell what you did yourself" as saying the actions were missing where the analyzer found them
(a "we"-only answer). So the note names the part without quoting. The next round (no quotes)
still had 15/110 contradictions, all that "we" advice; and notes on "How would you handle...?"
questions praised stories that were not there. So a "we"-only note first says the team's steps
come through, and questions that do not ask for a past story get the template note.

A capable model (free wording) still writes the whole note; `feedback.word_summary` chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interviewer import focus as focus_field
from interviewer.llm.base import Prompt
from interviewer.star import Analysis, is_behavioural

# The part praised, in order of preference, and how code says it is there, around the story's focus.
_PRAISE_ORDER = ("result", "action", "task", "situation")
_PRAISE = {
    "result": "Your story about {focus} reaches an outcome.",
    "action": "Your own steps on {focus} come through.",
    "task": "Your responsibility in {focus} is clear.",
    "situation": "You set the scene for {focus}.",
}
# Gaps a model can make specific: code's advice, in full.
_GAP = {
    "missing_result": "To finish the story, say what came of it in the end.",
    "unquantified_result": "To show the size of the result, put a number on what changed.",
    "missing_action": "To show what you did, walk through the steps you took yourself.",
    "missing_task": "To set out the task, say what you were asked to do or aimed to achieve.",
    "missing_situation": "To set the scene, open with where things stood and why it mattered.",
    "we_only": "To make your own part stand out, say which of them you took, with 'I'.",
}
# A "we"-only story has actions (the team's): the praise says so, so the advice reads as asking
# for the candidate's share of them, not as saying there were none.
_TEAM_PRAISE = "Your team's steps on {focus} come through."
# Steps told in the passive or about others: there, but nobody's in particular.
_UNOWNED_PRAISE = "You lay out the steps taken on {focus}."


@dataclass(frozen=True)
class Plan:
    """What code decided the note says: the part praised, the gap, and both sentences (the praise
    waits for the story's focus)."""

    part: str | None
    gap: str | None
    praise: str
    advice: str


def plan(analysis: Analysis) -> Plan:
    """The part to praise and the gap to work on, from the findings alone."""
    part = next((p for p in _PRAISE_ORDER if analysis.star[p].present), None)  # type: ignore[index]
    if analysis.question and not is_behavioural(analysis.question):
        # "How would you handle...", "Why should we hire you?": no story to praise a part of.
        part = None
    # An off-topic, hypothetical or non-English answer needs the template's plain advice first.
    gap = analysis.gaps[0] if analysis.gaps and analysis.gaps[0] in _GAP else None
    praise = _PRAISE[part] if part else ""
    if gap == "we_only" and part is not None and analysis.star["action"].present:
        part, praise = "action", _TEAM_PRAISE
    elif part == "action" and analysis.ownership in {"we", "unclear"}:
        # The steps are there but not told as the candidate's own: praise never says "your own".
        praise = _TEAM_PRAISE if analysis.ownership == "we" else _UNOWNED_PRAISE
    advice = _GAP[gap] if gap else ""
    return Plan(part, gap, praise, advice)


def prompt(analysis: Analysis, prompts_dir: Path, fallback: str) -> Prompt | None:
    """The focus prompt, or None when there is nothing a model could make specific."""
    decided = plan(analysis)
    if decided.part is None or decided.gap is None:
        return None
    return focus_field.prompt(analysis.question, analysis.answer, prompts_dir, draft=fallback)


def assemble(raw: str, analysis: Analysis) -> tuple[str | None, str]:
    """The note from the model's field, or None and why not."""
    decided = plan(analysis)
    if decided.part is None or decided.gap is None:
        return None, "nothing in the findings for a model to make specific"
    focus, why = focus_field.read(raw, analysis.answer)
    if focus is None:
        return None, why
    return f"{decided.praise.format(focus=focus)} {decided.advice}", "worded in fields"
