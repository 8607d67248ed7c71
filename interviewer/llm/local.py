"""The embedded local backend: a GGUF model run in process by llama.cpp (llama-cpp-python).

The model loads lazily, once per process, and is shared by every session. One generation runs
at a time per model; others wait in line and can ask how many are ahead of them. The system
prompt and persona preamble never change within a persona, so llama.cpp reuses their KV cache
(prefix match) and a follow-up turn only pays for the new tokens.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from interviewer.errors import BackendUnavailableError, ConfigError, InterviewerError
from interviewer.llm.base import Prompt


@dataclass
class _Engine:
    llama: Any
    load_seconds: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: int = 0
    guard: threading.Lock = field(default_factory=threading.Lock)


_ENGINES: dict[tuple[str, int, int, int], _Engine] = {}
_ENGINES_LOCK = threading.Lock()


@atexit.register
def _close_engines() -> None:
    """Free models before the interpreter tears down the modules llama.cpp's destructor needs."""
    for engine in _ENGINES.values():
        close = getattr(engine.llama, "close", None)
        if close:
            close()
    _ENGINES.clear()


def load_llama(path: Path, n_ctx: int, n_threads: int, n_threads_batch: int) -> Any:
    """Open a GGUF model with llama.cpp; errors say what to do."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ConfigError("The local backend needs llama-cpp-python. Run `make local-model` (it"
                          " compiles llama.cpp once, about 8 minutes on 2 cores).") from exc
    try:
        return Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads,
                     n_threads_batch=n_threads_batch, n_batch=512, verbose=False)
    except MemoryError as exc:
        raise InterviewerError(f"Not enough memory to load {path.name}. Choose a smaller GGUF"
                               " (INTERVIEWER_LOCAL_MODEL) or close other programs.") from exc
    except (ValueError, RuntimeError, OSError) as exc:
        raise InterviewerError(f"llama.cpp could not load {path}: {exc}. If it is a model you"
                               " supplied, check that it is a complete GGUF file that fits in"
                               " memory.") from exc


# One question sentence: starts with a capital letter, no line breaks, no tags, no second "?".
QUESTION_GBNF = r"""
root ::= [A-Z] [^?\n<>]* "?"
"""


@cache
def _question_grammar() -> Any:
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(QUESTION_GBNF, verbose=False)


class LocalBackend:
    """Streams chat completions from an in-process llama.cpp model."""

    name = "local"
    uses_model = True
    free_wording = False  # a small model words only the question sentence, grammar-constrained

    def __init__(self, resolve_path: Callable[[], Path], label: str, *, n_ctx: int = 4096,
                 n_threads: int = 2, n_threads_batch: int = 2) -> None:
        self.model = label
        self._resolve_path = resolve_path
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.n_threads_batch = n_threads_batch
        self._engine: _Engine | None = None

    def engine(self) -> _Engine:
        """The shared engine for this model and thread setting, loaded on first use."""
        path = self._resolve_path()
        key = (str(path), self.n_ctx, self.n_threads, self.n_threads_batch)
        with _ENGINES_LOCK:
            engine = _ENGINES.get(key)
            if engine is None:
                started = time.perf_counter()
                llama = load_llama(path, self.n_ctx, self.n_threads, self.n_threads_batch)
                engine = _Engine(llama, time.perf_counter() - started)
                _ENGINES[key] = engine
        self._engine = engine
        return engine

    def queue_status(self) -> str | None:
        """'N ahead of you' while other generations hold the model, else None."""
        engine = self._engine
        if engine is None or not engine.lock.locked():
            return None
        return f"waiting for the local model: {engine.waiting + 1} ahead of you"

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """Yield the reply as llama.cpp produces it; closing the iterator stops generation."""
        engine = self.engine()
        with engine.guard:
            engine.waiting += 1
        acquired = False
        try:
            engine.lock.acquire()
            acquired = True
            with engine.guard:
                engine.waiting -= 1
            messages = [{"role": m.role, "content": m.content} for m in prompt.messages]
            try:
                chunks = engine.llama.create_chat_completion(
                    messages=messages, max_tokens=prompt.max_tokens,
                    temperature=prompt.temperature, stop=list(prompt.stop) or None, stream=True,
                    grammar=_question_grammar() if prompt.shape == "question" else None,
                )
            except (ValueError, RuntimeError) as exc:
                raise BackendUnavailableError(f"The local model failed: {exc}. Retry the turn.") from exc
            try:
                for chunk in chunks:
                    delta = chunk["choices"][0].get("delta", {})
                    text = delta.get("content")
                    if text:
                        yield text
            finally:
                close = getattr(chunks, "close", None)
                if close:
                    close()
        finally:
            if acquired:
                engine.lock.release()
            else:
                with engine.guard:
                    engine.waiting -= 1
