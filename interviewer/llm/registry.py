"""Backends by name. Built-ins register the same way an extension would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interviewer.config import Settings
from interviewer.errors import ConfigError, UnknownNameError
from interviewer.llm.base import Backend
from interviewer.llm.openai_chat import OpenAIChatBackend
from interviewer.llm.scripted import ScriptedBackend

Factory = Callable[[Settings], Backend]


@dataclass(frozen=True)
class BackendSpec:
    """A registered backend: how to build it and whether settings make it usable."""

    name: str
    description: str
    factory: Factory
    configured: Callable[[Settings], bool]


_REGISTRY: dict[str, BackendSpec] = {}

# Order of preference when the user names no backend ("auto").
AUTO_ORDER = ("openai", "compatible", "local", "scripted")


def register(spec: BackendSpec) -> None:
    """Add or replace a backend."""
    _REGISTRY[spec.name] = spec


def names() -> list[str]:
    """Every registered backend name."""
    return sorted(_REGISTRY)


def resolve_name(settings: Settings, requested: str | None = None) -> str:
    """The backend to use: the one requested, else the first configured one in AUTO_ORDER."""
    name = (requested or settings.backend or "auto").strip().lower()
    if name != "auto":
        if name not in _REGISTRY:
            raise UnknownNameError("backend", name, [*names(), "auto"])
        return name
    for candidate in AUTO_ORDER:
        spec = _REGISTRY.get(candidate)
        if spec is not None and spec.configured(settings):
            return candidate
    return "scripted"


def create(settings: Settings, requested: str | None = None) -> Backend:
    """Build the backend named (or chosen by `auto`); errors say which setting is missing."""
    name = resolve_name(settings, requested)
    return _REGISTRY[name].factory(settings)


def _openai(settings: Settings) -> Backend:
    if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value():
        raise ConfigError(
            "The openai backend needs an API key: set OPENAI_API_KEY (in the environment or .env),"
            " or choose another backend with --backend / INTERVIEWER_BACKEND (scripted needs none)."
        )
    return OpenAIChatBackend(
        name="openai",
        model=settings.openai_model,
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=None,
        timeout=settings.timeout_seconds,
        max_retries=settings.max_retries,
        token_param="max_completion_tokens",
    )


def _compatible(settings: Settings) -> Backend:
    if not settings.base_url:
        raise ConfigError(
            "The compatible backend needs the server's address: set INTERVIEWER_BASE_URL, for"
            " example http://127.0.0.1:11434/v1 for Ollama or http://127.0.0.1:8000/v1 for vLLM."
        )
    if not settings.model:
        raise ConfigError(
            "The compatible backend needs a model name: set INTERVIEWER_MODEL to a model the"
            f" server at {settings.base_url} serves (for Ollama, e.g. qwen2.5:1.5b-instruct)."
        )
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    return OpenAIChatBackend(
        name="compatible",
        model=settings.model,
        api_key=key,
        base_url=settings.base_url,
        timeout=settings.timeout_seconds,
        max_retries=settings.max_retries,
    )


def _local_spec(settings: Settings) -> tuple[str, Callable[[], Path]]:
    """The local model's label and a resolver that verifies (and if needed joins) its file."""
    from interviewer import local_model

    choice = settings.local_model
    if choice in local_model.CATALOG:
        spec = local_model.CATALOG[choice]
        cache = settings.data_dir / "models"
        return spec.display, lambda: local_model.resolve(spec, cache, local_model.print_progress)
    path = Path(choice).expanduser()

    def user_file() -> Path:
        local_model.check_gguf(path)
        return path

    return path.name, user_file


def _local(settings: Settings) -> Backend:
    from interviewer.llm.local import LocalBackend

    label, resolver = _local_spec(settings)
    return LocalBackend(resolver, label, n_ctx=settings.local_context,
                        n_threads=settings.local_threads,
                        n_threads_batch=settings.local_threads_batch,
                        wording=settings.local_wording)


def local_available(settings: Settings) -> bool:
    """True when llama-cpp-python and the chosen model are installed."""
    import importlib.util

    from interviewer import local_model

    if importlib.util.find_spec("llama_cpp") is None:
        return False
    spec = local_model.CATALOG.get(settings.local_model)
    if spec is None:
        return Path(settings.local_model).expanduser().is_file()
    return local_model.available(spec, settings.data_dir / "models")


def explain_auto(settings: Settings) -> str:
    """Why `auto` picks what it picks, in one sentence for the UI and the CLI."""
    name = resolve_name(settings)
    if name == "scripted" and (settings.backend or "auto") == "auto":
        return ("No model is configured and the local model is not installed, so the built-in"
                " scripted interviewer runs. Run `make local-model` for an offline LLM, or set"
                " OPENAI_API_KEY or INTERVIEWER_BASE_URL.")
    return f"Using the {name} backend."


register(BackendSpec(
    "scripted", "Built-in interviewer with no language model: question bank and templates.",
    lambda settings: ScriptedBackend(), lambda settings: True,
))
register(BackendSpec(
    "openai", "OpenAI's hosted models (needs OPENAI_API_KEY).",
    _openai, lambda s: s.openai_api_key is not None and bool(s.openai_api_key.get_secret_value()),
))
register(BackendSpec(
    "local", "A GGUF model run in process by llama.cpp (INTERVIEWER_LOCAL_MODEL).",
    _local, local_available,
))
register(BackendSpec(
    "compatible", "Any OpenAI-compatible server by INTERVIEWER_BASE_URL: Ollama, vLLM, llama.cpp,"
    " LM Studio.", _compatible, lambda s: bool(s.base_url),
))
