"""Shared fixtures: settings in a temporary folder, personas, and fake backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from interviewer.config import PROJECT_ROOT, Settings, load_settings
from interviewer.llm.chat_model import ChatModelBackend
from interviewer.personas import PersonaLibrary
from interviewer.services import Services

PERSONA_IDS = ["hiring_manager", "peer", "executive_panel", "practical"]

STRONG_ANSWER = (
    "At my last job at Tidewater Freight, our nightly billing run kept failing and invoices went"
    " out two days late. I was asked to make the run reliable before the quarter closed. I traced"
    " the failures to a lock on the shipments table, rewrote the batch job in three stages, and"
    " added alerts in Grafana. As a result, failed runs dropped from 9 a month to zero and"
    " invoices went out 2 days sooner, which cut late-payment disputes by 30%."
)
THIN_ANSWER = "We worked hard on it and it went well."


@pytest.fixture(autouse=True)
def _rules_only_afterwards() -> Iterator[None]:
    """A test that wires the embedding model into the analyzer (`Services.measure_relevance`) leaves the rules
    alone for the next one."""
    from interviewer.star import learned, relevance

    yield
    relevance.use_similarity(None)
    learned.use(None)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys or .env, and data goes to a temporary folder."""
    for key in ("OPENAI_API_KEY", "INTERVIEWER_BACKEND", "INTERVIEWER_BASE_URL", "INTERVIEWER_MODEL",
                "INTERVIEWER_API_KEY", "INTERVIEWER_DATABASE_URL", "INTERVIEWER_STORAGE_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("INTERVIEWER_DATA_DIR", str(tmp_path / "data"))
    # Fast deterministic vectors; tests marked `slow` load the real embedding model.
    monkeypatch.setenv("INTERVIEWER_EMBEDDINGS", "hash")
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    # `auto` must not pick up a local model installed on the developer's machine.
    monkeypatch.setenv("INTERVIEWER_LOCAL_MODEL", str(tmp_path / "no-model.gguf"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def services(settings: Settings) -> Services:
    return Services(settings)


@pytest.fixture
def personas() -> PersonaLibrary:
    return PersonaLibrary(PROJECT_ROOT / "prompts" / "personas")


class FakeModel:
    """A fake chat model at our own boundary; `enqueue` replies (or exceptions) it should give."""

    def __init__(self) -> None:
        self.replies: list[str | Exception] = []
        self.calls = 0

    def enqueue(self, *replies: str | Exception) -> None:
        self.replies.extend(replies)

    def __iter__(self) -> Iterator[AIMessage]:
        return self

    def __next__(self) -> AIMessage:
        self.calls += 1
        if not self.replies:
            raise AssertionError("the fake model was called with no reply enqueued")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return AIMessage(content=reply)

    def backend(self, free_wording: bool = False, names_focus: bool = False) -> ChatModelBackend:
        return ChatModelBackend(GenericFakeChatModel(messages=self), name="fake",
                                model="fake-chat", free_wording=free_wording,
                                names_focus=names_focus)


@pytest.fixture
def fake_model() -> FakeModel:
    return FakeModel()
