"""The interviewer listens: conversations from tests/data/conversations.json, run for every persona
with no model, and through an OpenAI-compatible stub that words turns freely."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from interviewer.config import PROJECT_ROOT
from interviewer.llm.base import Backend
from interviewer.llm.openai_chat import OpenAIChatBackend
from interviewer.llm.scripted import ScriptedBackend
from interviewer.personas import PersonaLibrary
from interviewer.session import InterviewSession
from tests.conftest import PERSONA_IDS, STRONG_ANSWER
from tests.stub_server import running_stub

DATA = json.loads((Path(__file__).parent / "data" / "conversations.json").read_text(encoding="utf-8"))
SCENARIOS = DATA["scenarios"]
PARTIAL = ("In my last role a complex problem landed on me: our customer onboarding took weeks,"
           " a colleague and I disagreed about why, and the organisation's goal that year was to grow"
           " accounts. I was asked to fix it, so I changed my plans. I interviewed five new customers,"
           " wrote a checklist for the first week and paired each new account with a buddy.")
STAND_INS = {"STRONG": STRONG_ANSWER, "PARTIAL": PARTIAL, "LONG": (STRONG_ANSWER + " ") * 60}
PRAISE = re.compile(r"\b(?:great|good|excellent|impressive|helpful|interesting|appreciate\w*|nice|"
                    r"love|wonderful|fantastic|amazing|brilliant|perfect|well done)\b", re.IGNORECASE)


def _session(personas: PersonaLibrary, persona_id: str, backend: Backend) -> InterviewSession:
    return InterviewSession(personas=personas, backend=backend, prompts_dir=PROJECT_ROOT / "prompts",
                            persona_id=persona_id, questions_per_persona=4)


def _says_back(reply: str, words: str) -> bool:
    """The reply quotes at least three consecutive words of the candidate's, after 'you'."""
    tokens = re.findall(r"[a-z0-9']+", reply.lower())
    said = " ".join(re.findall(r"[a-z0-9']+", words.lower()))
    return any(tokens[i] == "you" and " ".join(tokens[i + 1:i + 4]) in said
               for i in range(len(tokens) - 3))


def _check(session: InterviewSession, turn: dict[str, Any], said: str, reply: str,
           before: dict[str, Any], free: bool) -> None:
    persona = session.personas.get(before["persona"])
    interviewer = session.turns[-1]
    candidate = session.turns[-2]
    context = f"{persona.id}: {said[:60]!r} -> {reply!r}"
    expected = turn["move"] if isinstance(turn["move"], list) else [turn["move"]]
    assert interviewer.kind in expected, context
    lead = reply[: len(reply) - len(session.last_ask)] if reply.endswith(session.last_ask) else reply
    for prop in turn["props"]:
        if prop == "no_praise":
            assert not PRAISE.search(lead), context
        elif prop == "same_question":
            assert interviewer.question_id == before["question_id"], context
            if not free:
                assert reply.endswith(before["last_ask"]), context
        elif prop == "asks_again":
            assert interviewer.question_id == before["question_id"] and reply.endswith("?"), context
        elif prop == "answers_candidate":
            known = [a.answer for a in persona.candidate_answers] + [persona.default_candidate_answer,
                                                                     persona.brief]
            assert free or any(lead.strip()[:40] in k for k in known), context
        elif prop == "refers_to_words":
            assert free or _says_back(reply, said), context
        elif prop == "differs_from_previous":
            assert reply != before["reply"], context
        elif prop == "new_question":
            assert interviewer.question_id not in before["asked"], context
        elif prop == "skipped":
            assert before["question_id"] in session.progress[persona.id].skipped, context
        elif prop == "closes":
            assert session.ended, context
        elif prop == "scored":
            assert candidate.critique is not None and candidate.kind == "answer", context
        elif prop == "not_scored":
            assert candidate.critique is None and candidate.note, context
        else:
            raise AssertionError(f"unknown property {prop!r} in conversations.json")


def _run(session: InterviewSession, scenario: dict[str, Any], free: bool = False) -> None:
    reply = "".join(session.start())
    for turn in scenario["turns"]:
        said = STAND_INS.get(turn["say"], turn["say"])
        progress = session.progress[session.persona_id]
        before = {"persona": session.persona_id, "question_id": progress.current,
                  "asked": list(progress.asked), "last_ask": session.last_ask, "reply": reply}
        reply = "".join(session.answer(said))
        assert reply == session.turns[-1].text  # what was shown is what was kept
        _check(session, turn, said, reply, before, free)


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_every_kind_of_turn_gets_a_fitting_reaction(
    personas: PersonaLibrary, persona_id: str, scenario: dict[str, Any]
) -> None:
    _run(_session(personas, persona_id, ScriptedBackend()), scenario)


def _capable_model(body: dict[str, Any]) -> str:
    """A stand-in for a capable model: a short acknowledgement, then the question it must ask."""
    last = body["messages"][-1]["content"]
    if '"kind"' in body["messages"][0]["content"]:
        return "I think it is probably an answer."  # not the JSON asked for: code's reading stands
    must = re.search(r'must ask, in your own words: "([^"]+)"', last)
    if must is None:
        plain = re.search(r'our plain wording: "([^"]+)"', last)
        return plain.group(1) if plain else "Thank you."
    return f"Okay. {must.group(1)}"


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
def test_a_capable_model_words_every_turn_freely_and_the_same_moves_are_made(
    personas: PersonaLibrary, persona_id: str
) -> None:
    with running_stub() as (url, state):
        state.responder = _capable_model
        backend = OpenAIChatBackend(name="compatible", model="stub", api_key="x", base_url=url,
                                    timeout=5, max_retries=0)
        for scenario in SCENARIOS:
            session = _session(personas, persona_id, backend)
            _run(session, scenario, free=True)
            modes = {t.trace.mode for t in session.turns if t.trace and t.kind != "repeat"
                     and t.kind != "closing" and t.kind != "redirect"}
            assert modes <= {"free"}, (scenario["name"], [t.trace for t in session.turns if t.trace])


def test_off_intent_wording_from_a_model_is_refused_and_never_shown(personas: PersonaLibrary) -> None:
    with running_stub() as (url, state):
        backend = OpenAIChatBackend(name="compatible", model="stub", api_key="x", base_url=url,
                                    timeout=5, max_retries=0)
        session = _session(personas, "peer", backend)
        state.reply = "Okay. Tell me about a time you disagreed with a teammate?"
        "".join(session.start())
        state.reply = "Cool. What's your favourite programming language?"
        shown = "".join(session.answer(PARTIAL))
        turn = session.turns[-1]
        assert turn.kind == "probe" and "favourite" not in shown and shown == turn.text
        assert turn.trace is not None and "refused" in turn.trace.note
        assert "gap" in turn.trace.note
