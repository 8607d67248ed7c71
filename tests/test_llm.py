from __future__ import annotations

import pytest

from interviewer import llm
from interviewer.config import load_settings
from interviewer.errors import BackendUnavailableError, ConfigError, UnknownNameError
from interviewer.llm.base import ChatMessage, Prompt
from interviewer.llm.openai_chat import OpenAIChatBackend
from tests.stub_server import running_stub

PROMPT = Prompt((ChatMessage("system", "You are an interviewer."),
                 ChatMessage("user", "Say hello.")), draft="Hello.", max_tokens=32)


def test_unknown_backend_lists_the_valid_names() -> None:
    with pytest.raises(UnknownNameError) as info:
        llm.create(load_settings(), "gpt5")
    for name in ("scripted", "openai", "compatible", "local", "auto"):
        assert name in str(info.value)


def test_openai_without_a_key_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        llm.create(load_settings(), "openai")


def test_compatible_without_base_url_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="INTERVIEWER_BASE_URL"):
        llm.create(load_settings(), "compatible")
    with pytest.raises(ConfigError, match="INTERVIEWER_MODEL"):
        llm.create(load_settings(base_url="http://127.0.0.1:1/v1"), "compatible")


def test_auto_prefers_a_key_then_a_base_url_then_local_then_scripted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert llm.resolve_name(load_settings()) == "scripted"
    assert "make local-model" in llm.explain_auto(load_settings())
    monkeypatch.setenv("INTERVIEWER_LOCAL_MODEL", "smollm2-135m")  # installed by make test
    assert llm.resolve_name(load_settings()) == "local"
    monkeypatch.setenv("INTERVIEWER_BASE_URL", "http://127.0.0.1:9/v1")
    assert llm.resolve_name(load_settings()) == "compatible"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert llm.resolve_name(load_settings()) == "openai"
    assert llm.resolve_name(load_settings(), "scripted") == "scripted"


def test_scripted_says_the_draft() -> None:
    backend = llm.create(load_settings(), "scripted")
    assert "".join(backend.stream(PROMPT)) == "Hello."
    assert backend.uses_model is False


def _compatible(url: str, timeout: float = 5.0) -> OpenAIChatBackend:
    backend = llm.create(load_settings(base_url=url, model="stub-model", timeout_seconds=timeout,
                                       max_retries=0), "compatible")
    assert isinstance(backend, OpenAIChatBackend)
    return backend


def test_compatible_streams_from_an_openai_style_server() -> None:
    with running_stub() as (url, state):
        backend = _compatible(url)
        pieces = list(backend.stream(PROMPT))
    assert len(pieces) > 3
    assert "".join(pieces).strip() == state.reply
    request = state.requests[-1]
    assert request["stream"] is True
    assert request["model"] == "stub-model"
    assert request["max_tokens"] == 32
    assert request["messages"][0] == {"role": "system", "content": "You are an interviewer."}


def test_compatible_reports_a_500_clearly() -> None:
    with running_stub() as (url, state):
        state.mode = "error500"
        with pytest.raises(BackendUnavailableError, match="HTTP 500"):
            list(_compatible(url).stream(PROMPT))


def test_compatible_reports_a_timeout_clearly() -> None:
    with running_stub() as (url, state):
        state.mode, state.delay = "slow", 2.0
        with pytest.raises(BackendUnavailableError, match="INTERVIEWER_TIMEOUT_SECONDS"):
            list(_compatible(url, timeout=0.5).stream(PROMPT))


def test_compatible_reports_a_malformed_reply_clearly() -> None:
    with running_stub() as (url, state):
        state.mode = "malformed"
        with pytest.raises(BackendUnavailableError, match="could not read"):
            list(_compatible(url).stream(PROMPT))


def test_compatible_reports_a_server_that_is_down() -> None:
    with running_stub() as (url, _state):
        pass  # the stub is stopped: its port now refuses connections
    with pytest.raises(BackendUnavailableError, match="Cannot reach"):
        list(_compatible(url).stream(PROMPT))
