"""A decided Move into the words the candidate sees: prompt, stream, check, fallback, trace.

Four modes, by what the backend can do:
- `draft`: no model (the scripted backend), or a move whose words must stay ours (a question
  repeated word for word, a closing): our draft, as written.
- `question`: a small local model words only the question sentence; our lead (the
  acknowledgement or the answer to the candidate's question) is shown at once, and the model's
  question is shown only after `guard` has accepted it, so no text the candidate read is replaced.
- `focus`: a small local model names what the candidate's answer was about (a short noun phrase,
  under a grammar, every word the candidate's own: `focus.py`); our acknowledgement is shown at
  once, then a line of the persona's around that phrase, then our question. A refused phrase
  leaves the line out, so no text the candidate read is replaced.
- `free`: a capable model (OpenAI or an OpenAI-compatible server) writes the whole turn from the
  move's intent, the candidate's reply and the persona; it is buffered and checked against the
  move's intent (not the draft's words) before it is shown.
A refused wording falls back to the draft, and the trace records the mode and why.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from dataclasses import dataclass, replace
from pathlib import Path

from interviewer import focus, guard
from interviewer.errors import BackendError
from interviewer.llm.base import Backend, ChatMessage, Prompt
from interviewer.personas import Persona
from interviewer.plan import Move
from interviewer.prompting import (
    ContextChunk,
    Line,
    count_messages,
    count_tokens,
    free_prompt,
    prompt_version,
    question_prompt,
)
from interviewer.turns import Trace
from interviewer.understand import TURN_KINDS, Understanding, confirmation_messages, parse_confirmation

# Moves whose words stay ours whatever the backend: a repeat must be word for word, a closing
# and a redirect say only what the persona file says.
_OURS = frozenset({"repeat", "closing", "redirect"})
# Moves whose question sentence a small model may word.
_REWORDED = frozenset({"opening", "handover", "question", "probe", "clarify", "nudge", "hint"})
# Moves after an answer whose acknowledgement may say what the answer was about.
_FOCUSED = frozenset({"question", "probe"})
FOCUS_MIN_WORDS = 25
"""A reply shorter than this is not a story a model could name the subject of."""
FOCUS_ANSWER_TOKENS = 50
"""The head of the answer the model reads for a turn's focus: its subject is named early (more
kept with 50 tokens than with 100, and a focus turn's p95 4.1 s against 6.6 s)."""


@dataclass(frozen=True)
class Worded:
    """An interviewer turn as the candidate saw it, and how it was made."""

    text: str
    trace: Trace


def mode_for(backend: Backend, move: Move, reply: str | None = None) -> str:
    """Which wording mode a move gets on a backend (`reply`: the candidate's words it follows)."""
    if not backend.uses_model or move.kind in _OURS:
        return "draft"
    if getattr(backend, "free_wording", False):
        return "free"
    if getattr(backend, "names_focus", False):
        # After a plain acknowledgement of a story: a strong answer's acknowledgement and a probe's
        # lead already say the candidate's own words back.
        story = reply is not None and len(reply.split()) >= FOCUS_MIN_WORDS
        # Not when steering an answer back (off topic, not in English): naming it would welcome it.
        return "focus" if (move.kind in _FOCUSED and move.ask and not move.quotes and story
                           and move.probe not in {"off_topic", "not_english"}) else "draft"
    if not getattr(backend, "words_questions", True):
        return "draft"  # a small model reined in by setting (INTERVIEWER_LOCAL_WORDING)
    # A small model words the question only when our lead can be shown while it works: a move
    # with nothing to say first would keep the candidate waiting for its first words.
    return "question" if move.kind in _REWORDED and move.ask and move.lead else "draft"


def speak(
    move: Move,
    persona: Persona,
    backend: Backend,
    *,
    prompts_dir: Path,
    history: list[Line],
    reply: str | None,
    chunks: list[ContextChunk],
    budget: int,
    max_tokens: int,
    temperature: float,
) -> Generator[str, None, Worded]:
    """Yield the turn's visible text in pieces; return what was said and its trace.

    Raises BackendError when the model fails; nothing partial has then been shown beyond our own
    lead, which the caller keeps out of the transcript until the turn completes."""
    started = time.perf_counter()
    mode = mode_for(backend, move, reply)
    first: float | None = None
    prompt: Prompt | None = None
    note = ""
    if mode == "draft":
        text = move.draft
        first = (time.perf_counter() - started) * 1000
        yield text
    elif mode == "question":
        if move.lead:
            first = (time.perf_counter() - started) * 1000
            yield move.lead
        prompt = question_prompt(persona, prompts_dir, move, max_tokens=max_tokens,
                                 temperature=temperature)
        worded, model_first = _collect(backend, prompt, started)
        first = first if first is not None else model_first
        ask = guard.repair(worded)
        why = guard.question_problem(move, ask, persona.display_name)
        if why is not None:
            ask, note = move.ask, f"model wording refused ({why}); our question was used"
        yield (" " if move.lead else "") + ask
        text = f"{move.lead} {ask}".strip()
    elif mode == "focus":
        # Our acknowledgement first (a probe that says nothing first gets the persona's plain one,
        # so the first words never wait for the model), then the line around the focus.
        lead = move.lead or _pick_line(persona.lines.neutral_acks, reply or "")
        first = (time.perf_counter() - started) * 1000
        yield lead
        prompt = focus.prompt("", reply or "", prompts_dir, template="turn_focus",
                              answer_tokens=FOCUS_ANSWER_TOKENS, grammar=focus.TURN_GBNF)
        raw, _ = _collect(backend, prompt, started)
        named, why = focus.spoken(raw, reply or "")
        line = _pick_line(persona.lines.focus_acks, reply or "").format(focus=named) if named else ""
        text = " ".join(part for part in (lead, line, move.ask) if part)
        # checked as the turn it is: our lead and ask (a probe's planned question is not asked)
        refused = why or guard.problem(replace(move, draft=f"{lead} {move.ask}", question=move.ask),
                                       text, persona.display_name)
        if refused:
            line, note = "", f"model focus refused ({refused}); our acknowledgement was used"
            text = f"{lead} {move.ask}"
        yield " " + " ".join(part for part in (line, move.ask) if part)
    else:
        prompt = free_prompt(persona, prompts_dir, move, history, reply, chunks, budget=budget,
                             max_tokens=max_tokens, temperature=temperature)
        worded, first = _collect(backend, prompt, started)
        text = guard.repair(worded)
        known = " ".join([move.draft, reply or "", *(c.text for c in chunks)])
        why = guard.intent_problem(move, text, persona.display_name, known)
        if why is not None:
            text, note = move.draft, f"model wording refused ({why}); the draft was used"
            mode = "draft"
        yield text
    usage = getattr(backend, "last_usage", None) if prompt is not None else None
    trace = Trace(
        persona=persona.id,
        prompt_version=prompt_version(persona, prompts_dir),
        backend=backend.name,
        model=backend.model,
        move=move.kind + (f":{move.probe}" if move.probe else ""),
        prompt_tokens=(usage or {}).get("prompt_tokens") or (
            count_messages(prompt.messages) if prompt is not None else 0),
        completion_tokens=count_tokens(text),
        latency_ms=(time.perf_counter() - started) * 1000,
        first_token_ms=first,
        retrieved=tuple(c.chunk_id for c in chunks),
        note=note,
        mode=mode,
        reason=move.reason,
        cached_tokens=(usage or {}).get("cached_tokens"),
    )
    return Worded(text, trace)


def _pick_line(lines: list[str], reply: str) -> str:
    """One of a persona's lines, chosen by the reply so a retry says the same."""
    return lines[len(reply) % len(lines)]


def _collect(backend: Backend, prompt: Prompt, started: float) -> tuple[str, float | None]:
    """The model's whole reply (buffered: it is checked before anyone sees it)."""
    first: float | None = None
    pieces: list[str] = []
    stream = backend.stream(prompt)
    try:
        for piece in stream:
            if first is None:
                first = (time.perf_counter() - started) * 1000
            pieces.append(piece)
    except BackendError:
        raise
    finally:
        close = getattr(stream, "close", None)
        if close:
            close()
    return "".join(pieces).strip(), first


def confirm_kind(backend: Backend, understood: Understanding, reply: str,
                 question: str) -> Understanding:
    """Ask a capable model to confirm an uncertain reading of the candidate's turn under a strict
    JSON schema. Only kinds that fit the moment are allowed; an invalid or failed answer leaves
    the code's reading in place."""
    allowed = tuple(k for k in TURN_KINDS if k != "stop" or understood.kind == "stop")
    prompt = Prompt(tuple(ChatMessage(m["role"], m["content"])  # type: ignore[arg-type]
                          for m in confirmation_messages(reply, question, allowed)),
                    draft="", max_tokens=20, temperature=0.0)
    try:
        raw = "".join(backend.stream(prompt))
    except BackendError:
        return understood
    kind = parse_confirmation(raw, allowed)
    if kind is None or kind == understood.kind:
        return understood
    return replace(understood, kind=kind, confidence=0.6,
                   reason=f"{understood.reason}; a model confirmed {kind}")
