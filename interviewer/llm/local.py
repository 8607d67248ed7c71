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
from interviewer.focus import FOCUS_GBNF
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


# One question sentence: a capital letter first; no line breaks, tags, sentence ends or second
# "?" (so no greeting or statement before the question).
QUESTION_GBNF = r"""
root ::= [A-Z] [^?\n<>.!]+ "?"
"""


# A coaching note spoken to the candidate: it starts with "You"/"Your", one paragraph, no tags
# (bounded by max_tokens: a counted repetition here made sampling several times slower).
NOTE_GBNF = r"""
root ::= ("You " | "Your ") [^\n<>]+
"""
_GRAMMARS = {"question": QUESTION_GBNF, "note": NOTE_GBNF, "focus": FOCUS_GBNF}


@cache
def _grammar(shape: str) -> Any:
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(_GRAMMARS[shape], verbose=False)


def _own_grammar(text: str) -> Any:
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(text, verbose=False)


STATE_CACHE_BYTES = 1 << 30
"""Room for saved model states: one per prompt prefix (each persona's interview turns, notes),
so switching between them reloads a state instead of reading the prompt again."""


@cache
def compact_cache_class() -> Any:
    """llama.cpp's RAM cache of states, kept within its capacity.

    Each state llama-cpp-python saves carries the logits of every prompt token (tokens x vocabulary
    floats: 180 MB for a 300-token prompt on Qwen's 152k vocabulary), and its RAM cache counts
    only the context's own bytes against the capacity: measured here, a process wording notes
    grew by about 180 MB per note (12 GB after 51). Only the last row matters when a state is
    reloaded (the rest of the prompt is evaluated again and we never ask for log-probabilities),
    so the cache keeps that row and counts every byte it holds."""
    from llama_cpp import LlamaRAMCache

    class CompactRAMCache(LlamaRAMCache):
        @property
        def cache_size(self) -> int:
            return sum(state.llama_state_size + state.scores.nbytes + state.input_ids.nbytes
                       for state in self.cache_state.values())

        def __setitem__(self, key: Any, value: Any) -> None:
            if getattr(value, "scores", None) is not None and len(value.scores) > 1:
                value.scores = value.scores[-1:].copy()
            super().__setitem__(key, value)

    return CompactRAMCache


def _keep_states(llama: Any) -> None:
    try:
        cache_class = compact_cache_class()
    except ImportError:  # a test double without llama.cpp
        return
    llama.set_cache(cache_class(capacity_bytes=STATE_CACHE_BYTES))


def _reset_counters(llama: Any) -> None:
    try:
        import llama_cpp

        llama_cpp.llama_perf_context_reset(llama.ctx)
    except (ImportError, AttributeError, TypeError):
        return


def _usage(llama: Any, completion_pieces: int) -> dict[str, int] | None:
    """Prompt tokens, and how many of them came from a cached state rather than being read."""
    try:
        import llama_cpp

        evaluated = int(llama_cpp.llama_perf_context(llama.ctx).n_p_eval)
        prompt = max(int(llama.n_tokens) - completion_pieces, 0)
    except (ImportError, AttributeError, TypeError):
        return None
    return {"prompt_tokens": prompt, "cached_tokens": max(prompt - evaluated, 0)}


class LocalBackend:
    """Streams chat completions from an in-process llama.cpp model."""

    name = "local"
    uses_model = True
    free_wording = False  # a small model words only the question sentence, grammar-constrained

    def __init__(self, resolve_path: Callable[[], Path], label: str, *, n_ctx: int = 4096,
                 n_threads: int = 2, n_threads_batch: int = 2, wording: str = "draft") -> None:
        self.model = label
        self.words_questions = wording == "question"
        """The model words the question sentence of a turn (`wording.mode_for`)."""
        self.names_focus = wording == "focus"
        """The model names what the candidate's answer was about, for the acknowledgement."""
        self._resolve_path = resolve_path
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.n_threads_batch = n_threads_batch
        self._engine: _Engine | None = None
        self.last_usage: dict[str, int] | None = None
        """Token counts of the last completed generation (prompt, cached)."""

    def engine(self) -> _Engine:
        """The shared engine for this model and thread setting, loaded on first use."""
        path = self._resolve_path()
        key = (str(path), self.n_ctx, self.n_threads, self.n_threads_batch)
        with _ENGINES_LOCK:
            engine = _ENGINES.get(key)
            if engine is None:
                started = time.perf_counter()
                llama = load_llama(path, self.n_ctx, self.n_threads, self.n_threads_batch)
                _keep_states(llama)
                engine = _Engine(llama, time.perf_counter() - started)
                _ENGINES[key] = engine
        self._engine = engine
        return engine

    def warm_up(self, prompt: Prompt) -> None:
        """Load the model and read a prompt's prefix once, so the first real turn starts at once
        (its state is saved for that prefix). Errors are left for the first real turn to report."""
        try:
            for _ in self.stream(Prompt(prompt.messages, "", max_tokens=1, temperature=0.0)):
                break
        except InterviewerError:
            return

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
                    grammar=_own_grammar(prompt.grammar) if prompt.grammar else (
                        _grammar(prompt.shape) if prompt.shape in _GRAMMARS else None),
                )
            except (ValueError, RuntimeError) as exc:
                raise BackendUnavailableError(f"The local model failed: {exc}. Retry the turn.") from exc
            _reset_counters(engine.llama)
            produced = 0
            try:
                for chunk in chunks:
                    delta = chunk["choices"][0].get("delta", {})
                    text = delta.get("content")
                    if text:
                        produced += 1
                        yield text
                self.last_usage = _usage(engine.llama, produced)
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
