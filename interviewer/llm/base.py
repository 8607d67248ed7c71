"""The one narrow interface every model backend implements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    """One chat message as sent to a model."""

    role: Role
    content: str


@dataclass(frozen=True)
class Prompt:
    """What one turn asks of a backend.

    `draft` is the reply our code decided on, in template words: model backends reword it in the
    persona's voice following `messages`; the scripted backend says it as it is.
    """

    messages: tuple[ChatMessage, ...]
    draft: str
    max_tokens: int = 160
    temperature: float = 0.4
    stop: tuple[str, ...] = field(default_factory=tuple)
    shape: Literal["free", "question", "note", "focus"] = "free"
    """"question": the reply must be one question sentence; "note": prose spoken to the candidate
    ("You…"). A backend that can constrain its output (llama.cpp, with a grammar) enforces it."""
    grammar: str | None = None
    """A GBNF grammar for this prompt alone (built from the candidate's words), used instead of the
    shape's by a backend that can constrain its output; others ignore it."""


@runtime_checkable
class Backend(Protocol):
    """A source of interviewer wording. Constructors do no I/O; `stream` may raise BackendError."""

    name: str
    model: str
    uses_model: bool
    free_wording: bool
    """True for capable models that may write a turn from the move's intent; small ones word only
    the question."""

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """Yield the reply in pieces as they are produced."""
        ...
