"""Transcript records: one Turn per line of the interview, with the Trace of how it was made."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from interviewer import feedback
from interviewer.feedback import Critique
from interviewer.personas import Persona
from interviewer.star import analyze


@dataclass(frozen=True)
class Trace:
    """How one interviewer turn was produced."""

    persona: str
    prompt_version: str
    backend: str
    model: str
    move: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    first_token_ms: float | None
    retrieved: tuple[str, ...] = ()
    note: str = ""
    """Why a model's wording was refused, when it was."""
    mode: str = "draft"
    """How the turn was worded: draft (our words), question (a model worded the question), free."""
    reason: str = ""
    """Why code chose this move."""
    cached_tokens: int | None = None
    """Prompt tokens a local model took from a saved state instead of reading them."""

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "persona": self.persona,
            "prompt_version": self.prompt_version,
            "backend": self.backend,
            "model": self.model,
            "move": self.move,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "latency_ms": round(self.latency_ms, 1),
            "first_token_ms": None if self.first_token_ms is None else round(self.first_token_ms, 1),
            "retrieved": list(self.retrieved),
            "note": self.note,
            "mode": self.mode,
            "reason": self.reason,
            "cached_tokens": self.cached_tokens,
        }


@dataclass
class Turn:
    """One line of the transcript."""

    role: Literal["interviewer", "candidate"]
    text: str
    persona_id: str
    kind: str
    question_id: str | None = None
    question: str | None = None
    critique: Critique | None = None
    trace: Trace | None = None
    note: str = ""
    """A short remark on the turn, e.g. how a candidate's own question rates."""
    audio: dict[str, Any] | None = None
    """For a spoken answer: the stored recording's path, delivery figures and sentence times."""

    def to_dict(self) -> dict[str, object]:
        """JSON form, as printed by `interviewer interview --json`."""
        data: dict[str, object] = {"role": self.role, "text": self.text, "persona": self.persona_id,
                                   "kind": self.kind}
        if self.question_id:
            data["question_id"] = self.question_id
        if self.critique is not None:
            data["feedback"] = self.critique.to_dict()
        if self.trace is not None:
            data["trace"] = self.trace.to_dict()
        if self.note:
            data["note"] = self.note
        if self.audio:
            data["audio"] = self.audio
        return data


def encode(turn: Turn) -> dict[str, Any]:
    """A turn as stored (database, progress, story bank): the critique keeps its inputs, so it is
    recomputed exactly when read back. The one stored shape of a turn."""
    critique = None
    if turn.critique is not None:
        a = turn.critique.analysis
        critique = {"question": a.question, "answer": a.answer, "summary": turn.critique.summary,
                    "sources": list(turn.critique.sources), "score": a.score}
    return {"role": turn.role, "persona": turn.persona_id, "kind": turn.kind,
            "question_id": turn.question_id, "question": turn.question, "text": turn.text,
            "critique": critique, "trace": turn.trace.to_dict() if turn.trace else None,
            "note": turn.note, "audio": turn.audio}


def decode(record: dict[str, Any], persona: Persona | None) -> Turn:
    """A stored turn back as a Turn; `persona` scores the critique (None if it no longer exists)."""
    critique = None
    if record.get("critique"):
        c = record["critique"]
        critique = replace(feedback.critique(analyze(c["question"], c["answer"]), persona),
                           summary=c.get("summary", ""), sources=tuple(c.get("sources", [])))
    trace = None
    if record.get("trace"):
        t = dict(record["trace"])
        t["retrieved"] = tuple(t.get("retrieved", ()))
        known = set(Trace.__dataclass_fields__)
        trace = Trace(**{k: v for k, v in t.items() if k in known})
    return Turn(record["role"], record["text"], record["persona"], record["kind"],
                record.get("question_id"), record.get("question"), critique, trace,
                record.get("note") or "", record.get("audio"))
