"""Transcript records: one Turn per line of the interview, with the Trace of how it was made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from interviewer.feedback import Critique


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
