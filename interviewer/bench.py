"""Performance figures: the embedded local model, and the app's own per-turn overhead.

`interviewer bench` prints a table (or `--json`) with:

- local model (llama.cpp): load time; decode tokens/s through our `LocalBackend` and through raw
  `llama_cpp.Llama.create_chat_completion` on the same loaded model and prompt (ratio ours/raw);
  time to first token on an interview's first turn, on a follow-up turn of the same session
  (sharing the system-prompt prefix in llama.cpp's cache) and on that follow-up with the cache
  cleared; decode and prompt tokens/s with 1 and 2 threads.
- the app without a model: per-turn overhead of `InterviewSession.answer()` (STAR analysis,
  retrieval with the configured embedder and embedded Chroma in a temporary folder, prompt
  assembly) with the scripted backend over a long interview, p50 / p95 in ms; and the prompt
  tokens recorded in traces at interviewer turns 2 and 20 with a LangChain fake chat model.
- the machine: CPU model, cores, RAM.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer import llm
from interviewer.config import Settings, load_settings
from interviewer.documents import Document
from interviewer.llm.base import Backend, ChatMessage, Prompt
from interviewer.services import Services
from interviewer.session import InterviewSession
from interviewer.star import relevance

PERSONA_ORDER = ("hiring_manager", "peer", "executive_panel", "practical")
GEN_TOKENS = 96
RESUME = """Jordan Lee
Senior Software Engineer, Tidewater Freight (2019-2024)
- Cut nightly billing failures from 9 a month to zero by rewriting the batch job in three stages
- Led a team of 4 engineers to migrate 120 services from a data centre to Kubernetes
- Reduced cloud spend by 28% in one quarter by right-sizing clusters and adding autoscaling
- Built a patient reminder service that reduced missed appointments by 15%
"""
ANSWERS = (
    "We worked hard on it and it went well.",
    "At Tidewater Freight our nightly billing run kept failing and invoices went out two days late."
    " I was asked to make it reliable before the quarter closed. I traced the failures to a lock on"
    " the shipments table, rewrote the batch job in three stages and added alerts. As a result,"
    " failed runs dropped from 9 a month to zero and invoices went out 2 days sooner.",
    "We had a migration with a tight deadline. We split the work, we met every morning, we tested"
    " everything twice and we shipped it on time.",
    "My teammate and I disagreed about rewriting our deployment scripts. I set up a call, listened,"
    " and prototyped my approach on one service. In the end the team adopted it and deploys got"
    " much better.",
)


def machine() -> dict[str, object]:
    """CPU model, cores and RAM of this machine (Linux /proc when available)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    affinity = getattr(os, "sched_getaffinity", None)
    return {"cpu": cpu, "cores": len(affinity(0)) if affinity else os.cpu_count(), "ram_gb": ram_gb,
            "python": platform.python_version(), "platform": platform.platform()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


# --- the local model -------------------------------------------------------------------------

@dataclass
class _Timed:
    text: str
    first_s: float
    total_s: float
    tokens: int

    @property
    def decode_tps(self) -> float:
        """Tokens per second after the first token (prompt processing excluded)."""
        span = self.total_s - self.first_s
        return (self.tokens - 1) / span if self.tokens > 1 and span > 0 else float("nan")


def _time_stream(pieces: Iterator[str], count: Callable[[str], int]) -> _Timed:
    started = time.perf_counter()
    first: float | None = None
    parts: list[str] = []
    for piece in pieces:
        if first is None:
            first = time.perf_counter() - started
        parts.append(piece)
    total = time.perf_counter() - started
    text = "".join(parts)
    return _Timed(text, first if first is not None else total, total, count(text))


def _raw_stream(llama: Any, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
    for chunk in llama.create_chat_completion(messages=messages, max_tokens=max_tokens,
                                              temperature=0.0, stream=True):
        text = chunk["choices"][0].get("delta", {}).get("content")
        if text:
            yield text


def _local_backend(settings: Settings, threads: int) -> Any:
    from interviewer.llm.local import LocalBackend

    # The model words each question here, so its time per turn is measured even when the app's
    # default (INTERVIEWER_LOCAL_WORDING=focus) asks it only for what an answer was about.
    backend = llm.create(settings.model_copy(update={"local_threads": threads,
                                                     "local_threads_batch": threads,
                                                     "local_wording": "question"}), "local")
    if not isinstance(backend, LocalBackend):  # pragma: no cover - the registry builds this type
        raise TypeError("the local backend is not a LocalBackend")
    return backend


def bench_local(settings: Settings, threads: int, sweep: bool = True, repeats: int = 2) -> dict[str, object]:
    """Figures for the embedded local model (loads it; about 1.1 GB for the default)."""
    backend = _local_backend(settings, threads)
    engine = backend.engine()
    llama = engine.llama

    def count(text: str) -> int:
        return len(llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)) if text else 0

    # Time to first token through a real session: first turn (cold cache), then a follow-up.
    services = Services(settings.model_copy(update={"embeddings": "hash"}))
    session = services.new_session("hiring_manager", backend, [])
    for _ in session.start():
        pass
    first_turn = session.turns[-1].trace
    for _ in session.answer(ANSWERS[0]):
        pass
    follow = session.turns[-1].trace
    assert first_turn is not None and follow is not None

    # The follow-up prompt again, with the prefix cache cleared: what the cache saved.
    prompts: list[Prompt] = []

    class _Capture:
        name, model, uses_model, free_wording = backend.name, backend.model, True, False

        def stream(self, prompt: Prompt) -> Iterator[str]:
            prompts.append(prompt)
            yield "Thanks. What happened next?"

    capture = services.new_session("hiring_manager", _Capture(), [])
    for _ in capture.start():
        pass
    for _ in capture.answer(ANSWERS[0]):
        pass
    follow_prompt = prompts[-1]
    llama.reset()
    cold = _time_stream(backend.stream(Prompt(follow_prompt.messages, follow_prompt.draft,
                                              max_tokens=8, temperature=0.0)), count)

    # Decode speed, ours vs raw, same model, same prompt, greedy so both produce the same tokens.
    messages = [{"role": m.role, "content": m.content} for m in follow_prompt.messages]
    prompt = Prompt(tuple(ChatMessage(m.role, m.content) for m in follow_prompt.messages),
                    follow_prompt.draft, max_tokens=GEN_TOKENS, temperature=0.0)
    ours: list[_Timed] = []
    raw: list[_Timed] = []
    for _ in range(repeats):
        ours.append(_time_stream(backend.stream(prompt), count))
        raw.append(_time_stream(_raw_stream(llama, messages, GEN_TOKENS), count))
    ours_tps = max(t.decode_tps for t in ours)
    raw_tps = max(t.decode_tps for t in raw)

    result: dict[str, object] = {
        "model": backend.model,
        "threads": threads,
        "load_s": round(engine.load_seconds, 2),
        "ttft_first_turn_ms": round(first_turn.first_token_ms or 0.0, 1),
        "first_turn_prompt_tokens": first_turn.prompt_tokens,
        "ttft_follow_up_ms": round(follow.first_token_ms or 0.0, 1),
        "follow_up_prompt_tokens": follow.prompt_tokens,
        "ttft_follow_up_cache_cleared_ms": round(cold.first_s * 1000, 1),
        "decode_tps_ours": round(ours_tps, 2),
        "decode_tps_raw": round(raw_tps, 2),
        "ratio_ours_raw": round(ours_tps / raw_tps, 3) if raw_tps else None,
        "generated_tokens": ours[-1].tokens,
    }
    if sweep:
        result["threads_sweep"] = _thread_sweep(settings, messages, count)
    return result


def _thread_sweep(settings: Settings, messages: list[dict[str, str]],
                  count: Callable[[str], int]) -> dict[str, dict[str, float]]:
    """Decode and prompt-processing tokens/s with 1 and 2 threads (same model file, mmap-shared)."""
    sweep: dict[str, dict[str, float]] = {}
    for threads in (1, 2):
        backend = _local_backend(settings, threads)
        llama = backend.engine().llama
        prompt_tokens = len(llama.tokenize(
            "".join(m["content"] for m in messages).encode("utf-8"), add_bos=False))
        llama.reset()
        timed = _time_stream(_raw_stream(llama, messages, 48), count)
        sweep[str(threads)] = {
            "decode_tps": round(timed.decode_tps, 2),
            "prefill_tps": round(prompt_tokens / timed.first_s, 1) if timed.first_s else float("nan"),
        }
    return sweep


# --- the app without a model -----------------------------------------------------------------

def _long_interview(session: InterviewSession, answers: int,
                    on_answer: Callable[[float], None] | None = None) -> None:
    """Drive a session through `answers` candidate replies, switching personas as each one closes."""
    for _ in session.start():
        pass
    order = list(PERSONA_ORDER)
    given = 0
    while given < answers:
        progress = session.progress[session.persona_id]
        if progress.phase == "closed":
            remaining = [p for p in order if p not in session.progress]
            nxt = remaining[0] if remaining else order[(order.index(session.persona_id) + 1) % len(order)]
            for _ in session.switch_persona(nxt):
                pass
            continue
        reply = ("No, thank you. That's all from me." if progress.phase == "candidate_questions"
                 else ANSWERS[given % len(ANSWERS)])
        started = time.perf_counter()
        for _ in session.answer(reply):
            pass
        if on_answer is not None:
            on_answer((time.perf_counter() - started) * 1000)
        given += 1


def _fake_backend() -> Backend:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from interviewer.llm.chat_model import ChatModelBackend

    def replies() -> Iterator[AIMessage]:
        while True:
            yield AIMessage(content="Thanks for that. Could you tell me more about what you did?")

    return ChatModelBackend(GenericFakeChatModel(messages=replies()), name="fake", model="fake-chat")


def bench_app(settings: Settings, answers: int = 40) -> dict[str, object]:
    """Per-turn overhead with the scripted backend, and prompt tokens with a fake chat model."""
    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as tmp:
        app_settings = settings.model_copy(update={"data_dir": Path(tmp), "questions_per_persona": 20,
                                                   "chroma_host": None})
        services = Services(app_settings)
        services.measure_relevance()  # as the app does at start-up: off-topic by similarity with MiniLM
        resume = [Document("resume.txt", "resume", RESUME)]
        started = time.perf_counter()
        warm = services.new_session("hiring_manager", llm.create(app_settings, "scripted"), resume)
        for _ in warm.start():
            pass
        for _ in warm.answer(ANSWERS[1]):
            pass
        warm_up_s = time.perf_counter() - started

        times: list[float] = []
        session = services.new_session("hiring_manager", llm.create(app_settings, "scripted"), resume)
        _long_interview(session, answers, times.append)

        fake = services.new_session("hiring_manager", _fake_backend(), resume)
        _long_interview(fake, answers)
        traces = [t.trace for t in fake.turns if t.role == "interviewer" and t.trace is not None]
        services.delete_documents(session)
        services.delete_documents(fake)
        relevance.use_similarity(None)

    def tokens_at(n: int) -> int | None:
        return traces[n - 1].prompt_tokens if len(traces) >= n else None

    return {
        "embeddings": settings.embeddings,
        "answers_timed": len(times),
        "turn_overhead_ms_p50": round(statistics.median(times), 1),
        "turn_overhead_ms_p95": round(_percentile(times, 0.95), 1),
        "turn_overhead_ms_max": round(max(times), 1),
        "warm_up_s": round(warm_up_s, 2),
        "prompt_tokens_turn_2": tokens_at(2),
        "prompt_tokens_turn_20": tokens_at(20),
        "prompt_tokens_max": max((t.prompt_tokens for t in traces), default=None),
        "interviewer_turns": len(traces),
        "context_tokens_budget": settings.context_tokens,
    }


def run(settings: Settings | None = None, *, model: str | None = None, threads: int | None = None,
        local: bool = True, sweep: bool = True) -> dict[str, object]:
    """Every figure, as one JSON-ready dict."""
    settings = settings or load_settings()
    if model:
        settings = settings.model_copy(update={"local_model": model})
    out: dict[str, object] = {"machine": machine()}
    try:
        import llama_cpp

        out["machine"] = {**machine(), "llama_cpp": getattr(llama_cpp, "__version__", "?")}
    except ImportError:
        local = False
        out["local"] = {"skipped": "llama-cpp-python is not installed"}
    if local:
        out["local"] = bench_local(settings, threads or settings.local_threads, sweep=sweep)
    out["app"] = bench_app(settings)
    return out


def render(result: dict[str, object]) -> str:
    """The figures as an aligned two-column table."""
    rows: list[tuple[str, str]] = []

    def add(prefix: str, data: object) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                add(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            rows.append((prefix, str(data)))

    add("", result)
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{key:<{width}}  {value}" for key, value in rows)
