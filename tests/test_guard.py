from __future__ import annotations

import pytest

from interviewer.guard import problem
from interviewer.plan import Move

QUESTION = Move("question", "peer", "Thanks. Tell me about a time you disagreed with a teammate.", "")
CITED = Move("question", "hiring_manager", "Your resume says you cut event latency from 9 minutes"
             " to 40 seconds. Walk me through it?", "",
             cite="you cut event latency from 9 minutes to 40 seconds")


@pytest.mark.parametrize(
    ("move", "reply", "reason"),
    [
        (QUESTION, "Got it. Can you tell me about a time you disagreed with a teammate?", None),
        (QUESTION, "Sure, I can handle that. How would you prioritize these requests?", "assistant"),
        (Move("question", "hiring_manager", "Okay. How would you handle three urgent requests"
              " landing on the same day?", "", question="How would you handle three urgent requests"
              " landing on the same day?"),
         "Can you provide more details about your background?", "meaning"),
        (QUESTION, "Great. What happened? And how did you feel?", "2 questions"),
        (QUESTION, "I would prioritize the requests by impact.", "0 questions"),
        (QUESTION, "Candidate: In my last role I disagreed with Sam. What next?", "out of persona"),
        (QUESTION, "As an AI, I cannot interview you. Shall we start?", "out of persona"),
        (QUESTION, "Per my interviewer_notes, what was the conflict?", "leaks"),
        (QUESTION, "So " + "really " * 70 + "what happened?", "too long"),
        (CITED, "I read that you cut latency from 9 minutes to 40 seconds: how?", None),
        (CITED, "Tell me about a project you are proud of?", "resume citation"),
        (Move("closing", "peer", "Thanks, that's all.", ""), "Thanks! Any questions?", "closing"),
        (Move("closing", "peer", "Thanks, that's all.", ""), "Thanks, I enjoyed it.", None),
        (Move("answer_candidate", "peer", "We pair a lot. Anything else?", ""),
         "I enjoy working with talented people.", "0 questions"),
    ],
)
def test_worded_turns_are_checked_against_the_move(move: Move, reply: str, reason: str | None) -> None:
    found = problem(move, reply)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


def test_greeting_the_interviewer_by_name_is_out_of_persona() -> None:
    reply = "Hi, Dana Okafor. I'm your manager. Can you tell me about a hard problem?"
    found = problem(QUESTION, reply, speaker="Dana Okafor")
    assert found is not None and "Dana" in found
    assert problem(QUESTION, "Hi, I'm Dana. Can you tell me about a time you disagreed with a"
                   " teammate?", "Dana Okafor") is None


def test_a_refused_wording_is_never_shown(personas, fake_model) -> None:  # type: ignore[no-untyped-def]
    from interviewer.config import PROJECT_ROOT
    from interviewer.session import InterviewSession

    session = InterviewSession(personas=personas, backend=fake_model.backend(),
                               prompts_dir=PROJECT_ROOT / "prompts", persona_id="peer")
    fake_model.enqueue("Hi, I'm Jordan, the candidate. In my last role I led the migration.")
    text = "".join(session.start())
    assert "Jordan" not in text  # the model's words were checked before anyone saw them
    turn = session.turns[-1]
    assert text == turn.text and turn.text.startswith(personas.get("peer").opening)
    assert turn.trace is not None and "refused" in turn.trace.note and turn.trace.mode == "question"


def test_free_wording_is_checked_against_the_moves_intent() -> None:
    from interviewer.guard import intent_problem

    probe = Move("probe", "peer", "You mentioned the canary stage. How did it turn out?",
                 "gap: missing result", probe="missing_result", lead="You mentioned the canary"
                 " stage.", ask="How did it turn out?")
    known = probe.draft + " I rolled the release out through a canary stage at Tidewater."
    assert intent_problem(probe, "The canary stage sounds careful. What was the outcome in the"
                          " end?", "Sam Ruiz", known) is None
    off = intent_problem(probe, "Nice. What other tools do you enjoy using?", "Sam Ruiz", known)
    assert off is not None and "gap" in off
    invented = intent_problem(probe, "You said it cut errors by 45%. What was the outcome?",
                              "Sam Ruiz", known)
    assert invented is not None and "figure" in invented
    named = intent_problem(probe, "Did Brandon approve the canary stage, and how did it turn out?",
                           "Sam Ruiz", known)
    assert named is not None and "name" in named


def test_an_assistant_style_opener_is_dropped_before_the_checks() -> None:
    from interviewer.guard import repair

    assert repair("Sure, can you tell me about a time you disagreed with a teammate?") == (
        "Can you tell me about a time you disagreed with a teammate?")
    assert repair("Great. Tell me more?") == "Tell me more?"
    assert repair("Sure") == "Sure"
    assert repair("Surely you can tell me more?") == "Surely you can tell me more?"


def test_a_worded_question_is_only_the_question() -> None:
    from interviewer.guard import question_problem

    nudge = Move("nudge", "hiring_manager", "I need something concrete. Can you give me one time?",
                 "", ask="I need something concrete. Can you give me one specific time?")
    meta = ("Here's a specific example of what Dana Okafor might ask a job candidate:"
            ' "Can you give me one specific time?')
    assert question_problem(nudge, meta, "Dana Okafor") is not None
    assert "greets" in (question_problem(nudge, "Hello, can you give me one specific time?",
                                         "Dana Okafor") or "")
    assert question_problem(nudge, "Could you give me one specific time it happened?",
                            "Dana Okafor") is None
    assert question_problem(nudge, "That is fine", "Dana Okafor") == "not a question"


def test_a_model_may_settle_an_uncertain_reading_but_never_against_the_schema(fake_model) -> None:  # type: ignore[no-untyped-def]
    from interviewer.understand import Understanding
    from interviewer.wording import confirm_kind

    unsure = Understanding("answer", 0.4, "short and vague")
    backend = fake_model.backend()
    fake_model.enqueue('{"kind": "clarify"}')
    assert confirm_kind(backend, unsure, "In general?", "Tell me about a conflict?").kind == "clarify"
    fake_model.enqueue("It is clearly a clarification.")  # not the JSON asked for
    assert confirm_kind(backend, unsure, "In general?", "Q?") == unsure
    fake_model.enqueue('{"kind": "stop"}')  # stop is only confirmed when the rules saw one
    assert confirm_kind(backend, unsure, "In general?", "Q?") == unsure
