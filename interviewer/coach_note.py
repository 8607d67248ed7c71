"""A coaching note a small model can word without contradicting the findings: fields, not prose.

Measured on 100 notes from the default 1.5B model written freely (evals/evaluate_notes.py, with
labels by a reader who never saw the gate's code), 13 of the 76 notes the gate let through still
contradicted the findings and 15 were garbled. So for a small model the note has a fixed shape
and code decides every claim in it:

- code picks the part to praise (one the analyzer found: result, else action, task, situation)
  and the gap to work on (the analyzer's first), and writes both sentence openings;
- the model fills two short fields under a grammar: what the candidate did in that part, in the
  answer's own terms (`you ...`), and one concrete next step for that gap (a verb first, no
  digits);
- each field is checked (the first must be drawn from the answer's words and figures; the second
  must be an instruction) and the note is assembled by code. Anything that fails leaves the
  template note.

A capable model (free wording) still writes the whole note; `feedback.word_summary` chooses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from interviewer import templates
from interviewer.llm.base import ChatMessage, Prompt
from interviewer.prompting import truncate
from interviewer.star import Analysis
from interviewer.text import content_stems

NOTE_ANSWER_TOKENS = 200
FIELD_MAX_WORDS = 25
GROUNDED_SHARE = 0.6
"""Share of the first field's content words (by stem) that must come from the answer."""

# The part praised, in order of preference, and how code opens the sentence about it.
_PRAISE_ORDER = ("result", "action", "task", "situation")
_PRAISE_OPENING = {
    "result": "Your story reaches an outcome",
    "action": "Your own steps come through",
    "task": "Your responsibility is clear",
    "situation": "You set the scene",
}
_PART_HINT = {
    "result": "the outcome they reached",
    "action": "one concrete step they took",
    "task": "what they were responsible for",
    "situation": "the situation they were in",
}
# Gaps a model can make specific, with code's opening and what the model is asked for.
_GAP_OPENING = {
    "missing_result": ("To finish the story,", "what outcome to add at the end"),
    "unquantified_result": ("To show the size of the result,", "which figure to give for the result"),
    "missing_action": ("To show what you did,", "which of their own steps to describe"),
    "missing_task": ("To make your part clear,", "which responsibility or goal to state"),
    "missing_situation": ("To set the scene,", "which context to give first"),
    "we_only": ("To make your own part stand out,", "which step to tell with 'I'"),
    "too_long": ("To keep it tight,", "what to cut"),
    "too_short": ("To give it substance,", "which detail to add"),
}
_IMPERATIVE = frozenset(
    "say add name give tell explain mention describe state open start end finish put cut share "
    "include show quantify measure compare keep drop separate spell note list walk lead close "
    "bring replace use".split())
_PART_WORDS = re.compile(r"\b(?:situation|context|task|responsib\w*|actions?|results?|outcomes?|"
                         r"star|score|candidate|interviewee)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_LINE = re.compile(r"^you (?P<did>[^\n]+)\nnext step: (?P<step>[^\n]+)\n?$", re.IGNORECASE)

# The fields' shape for llama.cpp: two lines of bounded length, the advice opening with one of our
# instruction verbs and holding no digits (so no invented figures).
FIELDS_GBNF = r"""
root ::= "you " word (" " word){1,24} "\nnext step: " verb (" " plain){1,24} "\n"
word ::= [a-zA-Z0-9,'%$-]+
plain ::= [a-zA-Z,'-]+
verb ::= speak | build
speak ::= "say" | "name" | "give" | "tell" | "explain" | "mention" | "describe" | "state" | "share"
build ::= "add" | "open" | "finish" | "end" | "include" | "show" | "compare" | "cut" | "keep" | "put"
"""


@dataclass(frozen=True)
class Plan:
    """What code decided the note says: the part praised, the gap, and the sentence openings."""

    part: str | None
    gap: str | None
    praise: str
    advice: str


def plan(analysis: Analysis) -> Plan:
    """The part to praise and the gap to work on, from the findings alone."""
    part = next((p for p in _PRAISE_ORDER if analysis.star[p].present), None)  # type: ignore[index]
    # An off-topic, hypothetical or non-English answer needs the template's plain advice first.
    gap = analysis.gaps[0] if analysis.gaps and analysis.gaps[0] in _GAP_OPENING else None
    praise = _PRAISE_OPENING[part] if part else ""
    advice = _GAP_OPENING[gap][0] if gap else ""
    return Plan(part, gap, praise, advice)


def prompt(analysis: Analysis, prompts_dir: Path, fallback: str) -> Prompt | None:
    """The fields prompt, or None when there is nothing a model could make specific."""
    decided = plan(analysis)
    if decided.part is None or decided.gap is None:
        return None
    user = templates.render(
        templates.load(prompts_dir, "note_fields"), "note_fields.txt",
        question=analysis.question or "(not given)",
        answer=truncate(analysis.answer, NOTE_ANSWER_TOKENS),
        part=_PART_HINT[decided.part],
        gap=_GAP_OPENING[decided.gap][1],
    )
    system = templates.load(prompts_dir, "critique_system").strip()
    return Prompt((ChatMessage("system", system), ChatMessage("user", user)), draft=fallback,
                  max_tokens=70, temperature=0.2, shape="note_fields")


def field_problem(did: str, step: str, analysis: Analysis) -> str | None:
    """Why the model's fields cannot go into the note, or None."""
    for name, value in (("what you did", did), ("next step", step)):
        words = value.split()
        if not 2 <= len(words) <= FIELD_MAX_WORDS:
            return f"the {name} field has {len(words)} words"
        if _PART_WORDS.search(value):
            return f"the {name} field judges the answer itself ({_PART_WORDS.search(value).group(0)!r})"  # type: ignore[union-attr]
    figures = set(_NUMBER.findall(analysis.answer))
    invented = [n for n in _NUMBER.findall(did) if n not in figures]
    if invented:
        return f"a figure the answer does not contain ({invented[0]})"
    stems = content_stems(did)
    if stems:
        grounded = len(stems & content_stems(analysis.answer)) / len(stems)
        if grounded < GROUNDED_SHARE:
            return f"what you did is not in the answer's words ({grounded:.0%} of it)"
    if step.split()[0].lower() not in _IMPERATIVE:
        return f"the next step does not start with an instruction ({step.split()[0]!r})"
    return None


def assemble(raw: str, analysis: Analysis) -> tuple[str | None, str]:
    """The note from the model's two lines, or None and why not."""
    decided = plan(analysis)
    if decided.part is None or decided.gap is None:
        return None, "nothing in the findings for a model to make specific"
    match = _LINE.match(raw.strip() + "\n")
    if match is None:
        return None, "the model's reply is not the two fields"
    did = match.group("did").strip(" ,-")
    step = match.group("step").strip(" ,-")
    why = field_problem(did, step, analysis)
    if why is not None:
        return None, why
    note = f"{decided.praise}: you {did}. {decided.advice} {step[0].lower()}{step[1:]}."
    return note, "worded in fields"
