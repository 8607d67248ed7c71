"""Adapter for any LangChain chat model (used by tests with a fake model, and for extensions)."""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from interviewer.errors import BackendError, BackendUnavailableError
from interviewer.llm.base import ChatMessage, Prompt


def to_langchain(messages: tuple[ChatMessage, ...]) -> list[BaseMessage]:
    """Our messages as LangChain messages."""
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


class ChatModelBackend:
    """Streams from a LangChain `BaseChatModel`."""

    uses_model = True

    def __init__(self, chat_model: BaseChatModel, *, name: str, model: str,
                 free_wording: bool = False, names_focus: bool = False) -> None:
        self.name = name
        self.model = model
        self.free_wording = free_wording
        self.names_focus = names_focus
        self._chat_model = chat_model

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """Yield text chunks from the chat model."""
        try:
            for chunk in self._chat_model.stream(
                to_langchain(prompt.messages), stop=list(prompt.stop) or None
            ):
                text = str(chunk.text)
                if text:
                    yield text
        except BackendError:
            raise
        except Exception as exc:  # a plug-in model may raise anything; keep the turn retryable
            raise BackendUnavailableError(
                f"The chat model {self.model!r} failed: {exc}. Retry the turn."
            ) from exc
