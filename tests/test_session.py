from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.config import PROJECT_ROOT
from interviewer.documents import highlights
from interviewer.errors import BackendError, InvalidAnswerError, SessionStateError
from interviewer.llm.openai_chat import OpenAIChatBackend
from interviewer.llm.scripted import ScriptedBackend
from interviewer.personas import PersonaLibrary
from interviewer.prompting import ContextChunk
from interviewer.session import InterviewSession
from tests.conftest import STRONG_ANSWER, THIN_ANSWER, FakeModel
from tests.stub_server import running_stub

PROMPTS = PROJECT_ROOT / "prompts"
# An answer to the manager's first question ("a complex problem with incomplete information")
# with no outcome.
NO_RESULT = ("At my last company onboarding was a complex problem: it took weeks and nobody had the"
             " full information on why. I was asked to shorten it. I wrote a checklist, paired each"
             " new hire with a buddy and recorded short videos.")


def _session(personas: PersonaLibrary, backend=None, **kwargs) -> InterviewSession:  # type: ignore[no-untyped-def]
    return InterviewSession(personas=personas, backend=backend or ScriptedBackend(),
                            prompts_dir=PROMPTS, persona_id=kwargs.pop("persona_id",
                                                                       "hiring_manager"), **kwargs)


def say(stream) -> str:  # type: ignore[no-untyped-def]
    return "".join(stream)


def test_opening_greets_and_asks_the_first_planned_question(personas: PersonaLibrary) -> None:
    session = _session(personas)
    text = say(session.start())
    persona = personas.get("hiring_manager")
    first = persona.question(session.progress["hiring_manager"].plan[0])
    assert text.startswith(persona.opening)
    assert text.endswith(first.text)
    assert session.turns[-1].kind == "opening"


def test_a_non_answer_is_asked_for_one_example_without_praise(personas: PersonaLibrary) -> None:
    session = _session(personas)
    say(session.start())
    nudge = say(session.answer(THIN_ANSWER))
    persona = personas.get("hiring_manager")
    assert nudge == persona.lines.nudges[0]
    assert session.turns[-1].kind == "nudge"
    # A second non-answer gets the request in other words; the question stays open.
    again = say(session.answer("I always give my best."))
    assert again == persona.lines.nudges[1]
    # The reply that finally answers is critiqued together with what came before it.
    say(session.answer(STRONG_ANSWER))
    critique = session.turns[-2].critique
    assert critique is not None and THIN_ANSWER in critique.analysis.answer


def test_a_partial_answer_gets_a_probe_that_names_the_candidates_detail(
    personas: PersonaLibrary,
) -> None:
    session = _session(personas)
    say(session.start())
    no_result = NO_RESULT
    probe = say(session.answer(no_result))
    persona = personas.get("hiring_manager")
    assert probe.endswith(persona.probes["missing_result"])
    assert "you wrote a checklist" in probe  # the candidate's own words, said back to them
    assert session.turns[-1].kind == "probe"


def test_a_result_still_missing_after_the_probe_is_probed_once_more(personas: PersonaLibrary) -> None:
    session = _session(personas)
    say(session.start())
    no_result = NO_RESULT
    say(session.answer(no_result))
    second = say(session.answer("I also set up a weekly check-in with each new hire and their"
                                " manager, and I rewrote the first-week plan."))
    assert session.turns[-1].kind == "probe" and session.turns[-1].trace is not None
    assert "missing_result" in session.turns[-1].trace.move or "unquantified" in second.lower() \
        or session.turns[-1].trace.move.startswith("probe:")
    say(session.answer("Time to first commit fell from 3 weeks to 4 days."))
    assert session.turns[-1].kind == "question"  # never a third probe on the same question


def test_strong_answer_moves_to_the_next_question(personas: PersonaLibrary) -> None:
    session = _session(personas)
    say(session.start())
    say(session.answer(STRONG_ANSWER))
    progress = session.progress["hiring_manager"]
    assert len(progress.asked) == 2
    assert session.turns[-1].question_id == progress.plan[1]


def test_full_interview_reaches_questions_segment_close_and_report(personas: PersonaLibrary) -> None:
    session = _session(personas, questions_per_persona=2, max_probes_per_question=0)
    say(session.start())
    say(session.answer(STRONG_ANSWER))
    invite = say(session.answer(STRONG_ANSWER))
    assert personas.get("hiring_manager").invite_questions in invite
    reply = say(session.answer("What would the priorities be for this role in the next year?"))
    assert "first year" in reply
    closing = say(session.answer("No, that's all from me."))
    assert personas.get("hiring_manager").closing in closing
    assert session.ended
    report = session.reports()["hiring_manager"]
    assert report["answers"] == 2
    assert report["star_completeness"] == {"situation": 1.0, "task": 1.0, "action": 1.0,
                                           "result": 1.0}
    with pytest.raises(SessionStateError, match="ended"):
        say(session.answer("One more thing"))


def test_switching_persona_keeps_the_transcript_and_hands_over(personas: PersonaLibrary) -> None:
    session = _session(personas)
    say(session.start())
    say(session.answer(STRONG_ANSWER))
    before = len(session.turns)
    text = say(session.switch_persona("peer"))
    peer = personas.get("peer")
    assert text.startswith(peer.handover)
    assert len(session.turns) == before + 1
    assert session.turns[-1].persona_id == "peer"
    say(session.answer(STRONG_ANSWER))
    # Back to the manager: their plan continues where it stopped, not from the start.
    say(session.switch_persona("hiring_manager"))
    manager = session.progress["hiring_manager"]
    assert len(manager.asked) == 3
    assert session.turns[-1].question_id == manager.plan[2]
    with pytest.raises(SessionStateError):
        say(session.switch_persona("hiring_manager"))


def test_empty_and_whitespace_answers_are_refused_and_nothing_changes(
    personas: PersonaLibrary,
) -> None:
    session = _session(personas)
    say(session.start())
    before = list(session.turns)
    for text in ("", "   \n\t "):
        with pytest.raises(InvalidAnswerError, match="empty"):
            say(session.answer(text))
    assert session.turns == before


def test_a_50000_character_answer_is_kept_and_critiqued(personas: PersonaLibrary) -> None:
    session = _session(personas)
    say(session.start())
    huge = (STRONG_ANSWER + " ") * (50_000 // len(STRONG_ANSWER) + 1)
    huge = huge[:50_000]
    say(session.answer(huge))
    answer = next(t for t in session.turns if t.role == "candidate")
    assert answer.text == huge.strip()
    assert answer.critique is not None
    assert "too_long" in answer.critique.analysis.gaps


def test_answers_over_the_limit_are_refused_with_the_figures(personas: PersonaLibrary) -> None:
    session = _session(personas, max_answer_chars=1000)
    say(session.start())
    with pytest.raises(InvalidAnswerError, match="1,000"):
        say(session.answer("x" * 1001))


def test_model_failure_keeps_the_answer_and_retry_completes_the_turn(
    personas: PersonaLibrary, fake_model: FakeModel
) -> None:
    session = _session(personas, backend=fake_model.backend())
    fake_model.enqueue("Tell me about a hard problem you solved?")
    say(session.start())
    fake_model.enqueue(RuntimeError("connection reset"))
    with pytest.raises(BackendError, match="connection reset"):
        say(session.answer(STRONG_ANSWER))
    assert session.turns[-1].role == "candidate"
    assert session.turns[-1].text == STRONG_ANSWER
    assert session.pending is not None  # the decided move waits, stored, for Retry
    with pytest.raises(SessionStateError, match="Retry"):
        say(session.answer("another answer"))
    decided = session.pending.move
    fake_model.enqueue("How would you handle three urgent requests landing at once?")
    say(session.retry())
    assert [t.role for t in session.turns] == ["interviewer", "candidate", "interviewer"]
    assert session.turns[-1].question_id == decided.question_id  # the same decision, said now
    assert session.pending is None


def test_submit_records_and_decides_before_any_model_is_called(
    personas: PersonaLibrary, fake_model: FakeModel
) -> None:
    session = _session(personas, backend=fake_model.backend())
    fake_model.enqueue("Tell me about a hard problem you solved?")
    say(session.start())
    calls = fake_model.calls
    turn = session.submit(STRONG_ANSWER)
    assert fake_model.calls == calls  # findings and the decision cost no model call
    assert turn.critique is not None and session.turns[-1] is turn
    assert session.pending is not None and session.pending.move.kind == "question"


def test_empty_model_reply_falls_back_to_the_draft(personas: PersonaLibrary) -> None:
    with running_stub() as (url, state):
        state.mode = "empty"
        backend = OpenAIChatBackend(name="compatible", model="stub", api_key="x", base_url=url,
                                    timeout=5, max_retries=0)
        session = _session(personas, backend=backend)
        text = say(session.start())
    assert text.startswith(personas.get("hiring_manager").opening)
    trace = session.turns[-1].trace
    assert trace is not None and "draft" in trace.note


def test_every_interviewer_turn_has_a_trace(
    personas: PersonaLibrary, fake_model: FakeModel
) -> None:
    session = _session(personas, backend=fake_model.backend())
    fake_model.enqueue("Tell me about a complex problem?",
                       "What was the outcome, and how did you measure it?")
    say(session.start())
    say(session.answer(NO_RESULT))
    for turn in session.turns:
        if turn.role == "interviewer":
            trace = turn.trace
            assert trace is not None
            assert trace.persona == "hiring_manager"
            assert trace.backend == "fake" and trace.model == "fake-chat"
            assert trace.prompt_version.startswith("hiring_manager@1+")
            assert trace.prompt_tokens > 100
            assert trace.completion_tokens > 5
            assert trace.latency_ms >= 0
    assert session.turns[-1].trace.move.startswith("probe:")  # type: ignore[union-attr]


class ResumeContext:
    def __init__(self, text: str) -> None:
        self.text = text
        self.asked: list[str] = []

    def highlights(self) -> list[str]:
        return highlights(self.text)

    def for_question(self, question: str) -> list[ContextChunk]:
        self.asked.append(question)
        return [ContextChunk("resume#0", "resume §1", "resume", self.text)]


def test_resume_highlights_are_quoted_in_questions(personas: PersonaLibrary) -> None:
    context = ResumeContext("Jordan Lee\n- Cut event latency from 9 minutes to 40 seconds by moving"
                            " to streaming\n- Led a team of 4 engineers")
    session = _session(personas, context=context)
    text = say(session.start())
    assert "cut event latency from 9 minutes to 40 seconds" in text
    # The question asked is what retrieval was queried with, and the chunk is in the trace.
    assert "cut event latency" in context.asked[0]
    assert session.turns[-1].trace.retrieved == ("resume#0",)  # type: ignore[union-attr]


def test_actions_before_start_are_refused(personas: PersonaLibrary) -> None:
    session = _session(personas)
    with pytest.raises(SessionStateError, match="Start"):
        say(session.answer("hello"))
    with pytest.raises(SessionStateError):
        say(session.retry())


def test_unknown_persona_fails_at_construction(personas: PersonaLibrary) -> None:
    with pytest.raises(Exception, match="Valid personas"):
        _session(personas, persona_id="ceo")


def test_prompt_tokens_stay_bounded_over_a_long_interview(
    personas: PersonaLibrary, fake_model: FakeModel
) -> None:
    session = _session(personas, backend=fake_model.backend(), questions_per_persona=6,
                       context_tokens=2000)
    fake_model.enqueue(*["Next: tell me about a time you changed course."] * 60)
    say(session.start())
    for pid in ["hiring_manager", "peer", "executive_panel", "practical"]:
        if pid != session.persona_id:
            say(session.switch_persona(pid))
        for _ in range(5):
            say(session.answer(STRONG_ANSWER))
    tokens = [t.trace.prompt_tokens for t in session.turns if t.trace]
    assert len(tokens) > 20
    assert max(tokens) <= 2000
    # Once the window is full the prompt stops growing: a plateau, not a ramp.
    late = tokens[-10:]
    assert max(late) - min(late) < 400


def test_scripted_turns_are_said_as_decided(personas: PersonaLibrary, tmp_path: Path) -> None:
    session = _session(personas)
    said = say(session.start())
    assert said == session.turns[-1].text
    assert session.turns[-1].trace is not None and session.turns[-1].trace.mode == "draft"


def test_second_round_loop_hands_over_in_the_chosen_order(personas: PersonaLibrary) -> None:
    session = _session(personas, persona_id="peer", questions_per_persona=1,
                       max_probes_per_question=0)
    session.round_plan = ["peer", "executive_panel"]
    say(session.start())
    say(session.answer(STRONG_ANSWER))
    text = say(session.answer("No, that's all from me."))
    assert "Next you'll meet Priya Raman" in text
    assert session.persona_id == "executive_panel" and not session.ended
    assert [t.kind for t in session.turns[-2:]] == ["closing", "handover"]
    say(session.answer(STRONG_ANSWER))
    say(session.answer("No questions, thanks."))
    assert session.ended
    assert set(session.reports()) == {"peer", "executive_panel"}


def test_try_again_keeps_every_attempt_and_resumes_the_interview(personas: PersonaLibrary) -> None:
    session = _session(personas, max_probes_per_question=0)
    say(session.start())
    say(session.answer(THIN_ANSWER))
    first = session.answers()[0]
    pending_question = session.turns[-1].question
    text = say(session.try_again(first))
    assert text.startswith("Let's try that one again.") and first.question and first.question in text
    back = say(session.answer(STRONG_ANSWER))
    assert pending_question and back.endswith(pending_question)  # the open question is asked again
    attempts = session.attempts(first)
    assert [t.kind for t in attempts] == ["non_answer", "attempt"]
    scores = [t.critique.analysis.score for t in attempts if t.critique]
    assert scores[1] > scores[0]
    # The plan did not move: the next answer goes to the open question.
    say(session.answer(STRONG_ANSWER))
    assert session.progress["hiring_manager"].asked[:2] == session.progress["hiring_manager"].plan[:2]


def test_candidate_questions_are_rated(personas: PersonaLibrary) -> None:
    session = _session(personas, questions_per_persona=1, max_probes_per_question=0)
    say(session.start())
    say(session.answer(STRONG_ANSWER))
    say(session.answer("What is the salary range for this role?"))
    assert session.turns[-2].note.startswith("Logistics question")
    say(session.answer("How is the company responding to shifts in the industry?"))
    assert session.turns[-2].note.startswith("Insightful question")


def test_a_turn_abandoned_mid_stream_stays_pending_and_is_retried_once(
    personas: PersonaLibrary, fake_model: FakeModel
) -> None:
    """A closed browser tab stops the generator: nothing half-said is recorded, Retry says it."""
    session = _session(personas, backend=fake_model.backend())
    fake_model.enqueue("Tell me about a hard problem you solved?")
    say(session.start())
    session.submit(NO_RESULT)
    stream = session.respond()
    first = next(stream)  # our lead is on its way...
    assert first
    stream.close()  # ...and the tab closes
    assert session.turns[-1].role == "candidate" and session.pending is not None
    fake_model.enqueue("What was the outcome, and how did you measure it?")
    say(session.retry())
    assert [t.role for t in session.turns] == ["interviewer", "candidate", "interviewer"]
    assert session.pending is None
    with pytest.raises(SessionStateError, match="nothing to retry"):
        say(session.retry())


def test_two_quick_sends_are_recorded_once_each_in_order(personas: PersonaLibrary) -> None:
    session = _session(personas)
    say(session.start())
    session.submit(NO_RESULT)
    with pytest.raises(SessionStateError, match="Retry"):
        session.submit("a second send before the interviewer spoke")
    say(session.respond())
    say(session.answer("Time to first commit fell from 3 weeks to 4 days."))
    answers = [t.text for t in session.turns if t.role == "candidate"]
    assert answers == [NO_RESULT, "Time to first commit fell from 3 weeks to 4 days."]


def test_an_answer_can_be_practised_after_the_interview_ended(personas: PersonaLibrary) -> None:
    session = _session(personas, questions_per_persona=1, max_probes_per_question=0)
    say(session.start())
    say(session.answer(STRONG_ANSWER))
    say(session.end())
    first = session.answers()[0]
    say(session.try_again(first))
    say(session.answer(STRONG_ANSWER))
    assert [t.kind for t in session.attempts(first)] == ["answer", "attempt"]
