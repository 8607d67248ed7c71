"""Interviewer turns in `focus` mode: our acknowledgement at once, then a persona line around what
the candidate's answer was about (a phrase a small model names, checked by code), then our question.
Nothing the candidate has read is ever replaced."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from interviewer import wording
from interviewer.config import PROJECT_ROOT
from interviewer.errors import BackendUnavailableError
from interviewer.personas import PersonaLibrary
from interviewer.plan import Move
from interviewer.prompting import Line
from tests.conftest import FakeModel

PROMPTS = PROJECT_ROOT / "prompts"
ASKED = "Tell me about a time you fixed something that kept breaking."
REPLY = ("At Tidewater our nightly billing run kept failing and invoices went out two days late. "
         "I traced the failures to a lock on the shipments table, rewrote the batch job in three "
         "stages and added alerts, and failed runs dropped from nine a month to zero.")
NEXT = Move("question", "peer", "Okay, thanks. How do you handle disagreements on your team?", "",
            lead="Okay, thanks.", ask="How do you handle disagreements on your team?",
            question="How do you handle disagreements on your team?")


def _speak(backend: object, personas: PersonaLibrary, move: Move = NEXT, reply: str = REPLY
           ) -> Generator[str, None, wording.Worded]:
    return wording.speak(move, personas.get("peer"), backend,  # type: ignore[arg-type]
                         prompts_dir=PROMPTS,
                         history=[Line("interviewer", ASKED)], reply=reply, chunks=[],
                         budget=2000, max_tokens=160, temperature=0.2)


def _run(stream: Generator[str, None, wording.Worded]) -> tuple[list[str], wording.Worded]:
    pieces: list[str] = []
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as stop:
            return pieces, stop.value


def test_the_acknowledgement_is_shown_before_the_model_is_asked(
        personas: PersonaLibrary, fake_model: FakeModel) -> None:
    fake_model.enqueue("focus: the nightly billing run\n")
    stream = _speak(fake_model.backend(names_focus=True), personas)
    assert next(stream) == "Okay, thanks."
    assert fake_model.calls == 0  # the first words never wait for the model
    pieces, worded = _run(stream)
    said = "Okay, thanks." + "".join(pieces)
    line = [ack.format(focus="the nightly billing run")
            for ack in personas.get("peer").lines.focus_acks]
    assert said == worded.text and any(f" {one} " in said for one in line)
    assert said.endswith(NEXT.ask) and said.count("?") == 1
    assert worded.trace.mode == "focus" and worded.trace.note == ""


@pytest.mark.parametrize("raw", [
    "focus: the quarterly sales forecast\n",  # not the candidate's words
    "focus: the great result\n",              # a judgement, not a subject
    "I think the answer was about billing.",  # not the field at all
])
def test_a_refused_focus_leaves_the_line_out_and_nothing_is_replaced(
        personas: PersonaLibrary, fake_model: FakeModel, raw: str) -> None:
    fake_model.enqueue(raw)
    pieces, worded = _run(_speak(fake_model.backend(names_focus=True), personas))
    assert "".join(pieces) == worded.text == NEXT.draft
    assert worded.trace.mode == "focus" and "refused" in worded.trace.note


def test_a_reply_too_short_to_be_a_story_is_not_offered_to_the_model(
        personas: PersonaLibrary, fake_model: FakeModel) -> None:
    _, worded = _run(_speak(fake_model.backend(names_focus=True), personas,
                            reply="We worked hard on it and it went well."))
    assert fake_model.calls == 0 and worded.text == NEXT.draft and worded.trace.mode == "draft"


def test_moves_that_already_say_the_candidates_words_back_are_not_offered(
        personas: PersonaLibrary, fake_model: FakeModel) -> None:
    backend = fake_model.backend(names_focus=True)
    quoted = Move("question", "peer", NEXT.draft, "", lead="Nice: you rewrote the batch job.",
                  ask=NEXT.ask, quotes=("you rewrote the batch job",))
    probe = Move("probe", "peer", "You said that you traced it. How did it turn out?", "",
                 lead="You said that you traced it.", ask="How did it turn out?",
                 probe="missing_result", quotes=("you traced it",))
    assert wording.mode_for(backend, quoted, REPLY) == "draft"
    assert wording.mode_for(backend, probe, REPLY) == "draft"
    steer = Move("probe", "peer", "Let me bring us back. Do you have an example that fits?", "",
                 ask="Do you have an example that fits?", probe="off_topic")
    assert wording.mode_for(backend, steer, REPLY) == "draft"
    assert wording.mode_for(backend, NEXT, REPLY) == "focus"
    assert wording.mode_for(fake_model.backend(), NEXT, REPLY) == "question"


def test_a_probe_with_nothing_to_say_first_opens_with_the_personas_plain_acknowledgement(
        personas: PersonaLibrary, fake_model: FakeModel) -> None:
    probe = Move("probe", "peer", "How did it turn out?", "gap: missing result", ask="How did it"
                 " turn out?", probe="missing_result")
    fake_model.enqueue("focus: the batch job\n")
    stream = _speak(fake_model.backend(names_focus=True), personas, move=probe)
    first = next(stream)
    assert first in personas.get("peer").lines.neutral_acks and fake_model.calls == 0
    pieces, worded = _run(stream)
    assert first + "".join(pieces) == worded.text
    assert "the batch job" in worded.text and worded.text.endswith("How did it turn out?")


def test_a_model_failure_after_the_acknowledgement_is_raised_for_the_retry(
        personas: PersonaLibrary, fake_model: FakeModel) -> None:
    fake_model.enqueue(BackendUnavailableError("the local model stopped"))
    stream = _speak(fake_model.backend(names_focus=True), personas)
    assert next(stream) == "Okay, thanks."
    with pytest.raises(BackendUnavailableError):
        next(stream)


def test_every_persona_has_focus_lines_that_read_as_a_sentence(personas: PersonaLibrary) -> None:
    for persona_id in ("hiring_manager", "peer", "executive_panel", "practical"):
        for line in personas.get(persona_id).lines.focus_acks:
            said = line.format(focus="the nightly billing run")
            assert said[0].isupper() and said.endswith(".") and "?" not in said


def test_a_probe_is_checked_against_its_own_question_not_the_planned_one(
        personas: PersonaLibrary, fake_model: FakeModel) -> None:
    # The guard once compared a probe with the question it probes and refused every focus line.
    probe = Move("probe", "peer", "Roughly how much of a difference did it make, in numbers?",
                 "gap: unquantified result", ask="Roughly how much of a difference did it make,"
                 " in numbers?", probe="unquantified_result", question=ASKED)
    fake_model.enqueue("focus: the batch job\n")
    _, worded = _run(_speak(fake_model.backend(names_focus=True), personas, move=probe))
    assert worded.trace.note == "" and "the batch job" in worded.text
    assert worded.text.lower().count("thank") <= 1  # never "Okay, thanks. Thanks, ..."


def test_a_focus_that_repeats_itself_is_refused() -> None:
    from interviewer.focus import focus_problem

    said = "the route planning for the route"
    assert "repeats" in (focus_problem("the route route route", said) or "")
    assert focus_problem("the route planning", said) is None


def test_the_spoken_focus_keeps_the_first_item_and_names_something() -> None:
    from interviewer.focus import spoken

    answer = "I fixed the repair process for the customer and rebuilt the project tracker."
    assert spoken("focus: the repair process and customer\n", answer) == ("the repair process", "")
    named, why = spoken("focus: the project\n", answer)
    assert named is None and "nothing in particular" in why


def test_the_turn_grammar_keeps_the_phrase_off_project_and_problem() -> None:
    from llama_cpp import LlamaGrammar

    from interviewer.focus import TURN_GBNF, prompt

    LlamaGrammar.from_string(TURN_GBNF, verbose=False)
    asked = prompt("", REPLY, PROMPTS, template="turn_focus", grammar=TURN_GBNF)
    assert asked.grammar == TURN_GBNF
