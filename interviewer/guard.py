"""Checks on a model-worded interviewer turn before it enters the transcript.

Code decides what the interviewer says; a model only words it. When the wording drifts (a second
question, the model answering as the candidate, a leaked note, a dropped resume citation, a
ramble), the turn falls back to the draft our code wrote, and the trace records why.
"""

from __future__ import annotations

import re
from dataclasses import replace

from interviewer.plan import ASKING, Move
from interviewer.text import STOP_WORDS, content_stems, words

WORD_LIMIT = 60
_LEAKS = re.compile(r"interviewer_notes|next move|system prompt|hidden notes|these notes|"
                    r"<\s*/?\s*[a-z_]+\s*>|\bdraft\b|instructions", re.IGNORECASE)
_AS_CANDIDATE = re.compile(
    r"\bas an ai\b|\blanguage model\b|^\s*(?:candidate|interviewer)\s*:|\bthank you for (?:the|this)"
    r" question\b|\bgreat question\b|\bin my (?:last|previous) (?:role|job)\b|\bmy resume\b",
    re.IGNORECASE | re.MULTILINE)


def _content_words(text: str) -> set[str]:
    """Whole content words (a cited highlight must be echoed word for word, not by stem)."""
    return {w for w in words(text) if w not in STOP_WORDS and len(w) > 2}


def _stems(text: str) -> set[str]:
    """Content stems from the shared text utilities, so the guard and the analyzer agree on words."""
    return content_stems(text)


_ASSISTANT = re.compile(r"^\s*(?:sure|certainly|of course|absolutely|i can|i'd be happy|happy to)\b",
                        re.IGNORECASE)
KEEP_MEANING = 0.4
"""Share of the question's content words (by 5-letter stem) a rewording must keep."""


_INTERJECTION = re.compile(r"^\s*(?:sure|certainly|of course|absolutely|okay|ok|alright|great)"
                           r"(?:,? (?:thing|no problem))?\s*[,.!:]\s+(?=\S)", re.IGNORECASE)


def repair(reply: str) -> str:
    """Drop an assistant-style opener ("Sure, ...") that a small model puts before the line."""
    text = reply.strip()
    stripped = _INTERJECTION.sub("", text, count=1)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


def problem(move: Move, reply: str, speaker: str = "") -> str | None:
    """Why a worded reply cannot stand in for the draft, or None when it can.

    `speaker` is the interviewer's display name: a reply that greets or thanks them by name has
    the model speaking as the candidate."""
    text = reply.strip()
    if not text:
        return "empty reply"
    first = speaker.split()[0] if speaker else ""
    if first and re.search(rf"\b(?:hi|hello|hey|thanks|thank you|dear),?\s+{re.escape(first)}\b",
                           text, re.IGNORECASE):
        return f"out of persona (addresses {first} as if speaking to them)"
    if len(text.split()) >= WORD_LIMIT:
        return f"too long ({len(text.split())} words)"
    leak = _LEAKS.search(text)
    if leak and leak.group(0).lower() not in move.draft.lower():
        return f"leaks private notes ({leak.group(0)!r})"
    speaking_as = _AS_CANDIDATE.search(text)
    if speaking_as and speaking_as.group(0).lower() not in move.draft.lower():
        return f"out of persona ({speaking_as.group(0).strip()!r})"
    if _ASSISTANT.search(text) and not _ASSISTANT.search(move.draft):
        return "answers like an assistant instead of asking"
    questions = text.count("?")
    if move.kind in ASKING and questions != 1:
        return f"{questions} questions instead of one"
    if move.kind == "closing" and questions:
        return "a question in a closing turn"
    if move.cite and move.cite in move.draft:
        needed = _content_words(move.cite)
        if len(needed & _content_words(text)) < min(2, len(needed)):
            return "dropped the resume citation"
    if move.kind in {"question", "probe", "opening", "handover"}:
        asked = _stems(move.question or move.draft)
        if asked and len(asked & _stems(text)) / len(asked) < KEEP_MEANING:
            return "changed the question's meaning"
    return None


QUESTION_SLACK_WORDS = 12
"""How many words longer than our question a model's wording of it may be."""
_META = re.compile(r"[\"“”]|\b(?:candidate|interviewer|mock interview|example of|might ask|here'?s|"
                   r"question for you)\b", re.IGNORECASE)
_GREETING = re.compile(r"\b(?:hello|hi|hey|welcome|I'?m|my name)\b", re.IGNORECASE)


def question_problem(move: Move, question: str, speaker: str = "") -> str | None:
    """Why a model's wording of the move's question sentence cannot be shown, or None."""
    if not question.strip().endswith("?"):
        return "not a question"
    greeting = _GREETING.search(question)
    if greeting and not _GREETING.search(move.ask):
        return f"greets or introduces itself again ({greeting.group(0)!r})"
    if speaker and speaker.split()[0].lower() in question.lower():
        return "names the interviewer (it talks about the turn instead of saying it)"
    meta = _META.search(question)
    if meta and not _META.search(move.ask):
        return f"talks about the interview instead of asking ({meta.group(0)!r})"
    if len(question.split()) > len(move.ask.split()) + QUESTION_SLACK_WORDS:
        return f"much longer than the question ({len(question.split())} words)"
    return problem(replace(move, draft=move.ask, question=move.ask), question, speaker)


# What a probe must still ask about, whatever its words: one pattern per gap.
_GAP_INTENT = {
    "missing_situation": r"context|background|situation|going on|picture|scene|set ?up|when|where"
                         r"|what was happening",
    "missing_task": r"\byour (?:own )?(?:role|part|responsib\w*|job|goal|bit|task)|on the hook"
                    r"|asked to|expected|own\w*|accountab",
    "missing_action": r"\bdo\b|\bdid\b|steps?|approach|handle|walk me|actions?",
    "missing_result": r"outcome|result|impact|turn(?:ed)? out|end(?:ed)? up|in the end|measure"
                      r"|difference|change|achiev|happen|worked",
    "unquantified_result": r"how (?:much|many|big|far|long)|number|percent|%|measure|quantif|figure"
                           r"|metric|roughly|size|scale|data",
    "we_only": r"\byou (?:personally|yourself)\b|\byour (?:own )?(?:part|role|contribution|bit)"
               r"|\bwhat did you\b|\byou\b.{0,20}\b(?:do|did)\b",
    "too_short": r"more|detail|example|walk me|tell me",
    "too_long": r"short|brief|summar|headline|key|main|version|sentences?|quick|stop you|jump in"
                r"|nutshell",
    "off_topic": r"example|fits?|question|relate|specific|instead|directly",
}
_NUMBER = re.compile(r"\b\d[\d,.]*%?")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


def intent_problem(move: Move, text: str, speaker: str = "", known: str = "") -> str | None:
    """Why a freely worded turn fails the decided move, or None: the generic checks, then the
    move's intent (the gap a probe must ask about, the planned question kept), then no invented
    figures or names. `known` is everything the turn may draw on (draft, reply, documents)."""
    generic = problem(replace(move, question=None), text, speaker)
    if generic is not None and "question's meaning" not in generic:
        return generic
    if move.kind == "probe" and move.probe in _GAP_INTENT:
        if not re.search(_GAP_INTENT[move.probe], text, re.IGNORECASE):
            return f"does not ask about the gap ({move.probe.replace('_', ' ')})"
    elif move.kind in {"question", "opening", "handover", "clarify", "hint"} and move.question:
        asked = _stems(move.question if move.kind not in {"clarify", "hint"} else move.ask)
        if asked and len(asked & _stems(text)) / len(asked) < KEEP_MEANING_FREE:
            return "does not ask the planned question"
    invented = [n for n in _NUMBER.findall(text) if n.rstrip(".,") not in known]
    if invented:
        return f"invents a figure ({invented[0]})"
    names = {w for w in _PROPER.findall(text) if w not in known and w not in speaker
             and w.lower() not in _CAPITALISED_WORDS}
    if names:
        return f"invents a name ({sorted(names)[0]})"
    return None


KEEP_MEANING_FREE = 0.3
"""Share of the planned question's content words a free wording must keep (it may rephrase)."""
_CAPITALISED_WORDS = frozenset("i i'm i've i'd i'll okay ok thanks thank so and but now let let's "
                               "could can would tell what how why when where which who great "
                               "right sure".split())
