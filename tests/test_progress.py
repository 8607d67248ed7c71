from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from interviewer import progress
from interviewer.config import PROJECT_ROOT
from interviewer.llm.scripted import ScriptedBackend
from interviewer.personas import PersonaLibrary
from interviewer.progress import GENERAL, competency_scores, star_completeness, summary, summary_markdown
from interviewer.session import InterviewSession
from interviewer.star import COMPONENTS, Analysis, analyze
from interviewer.store import TurnRow
from tests.conftest import STRONG_ANSWER, THIN_ANSWER

MID_ANSWER = "I worked at a bank. We had a slow report. I rewrote the query and it got faster."
DAY = 86_400.0
T0 = datetime(2025, 3, 1, 12, tzinfo=UTC).timestamp()


def interview(personas: PersonaLibrary, answers: list[str], persona_id: str = "hiring_manager") -> list[
        dict[str, Any]]:
    """A real scripted interview, stored the way the app stores it."""
    session = InterviewSession(personas=personas, backend=ScriptedBackend(),
                               prompts_dir=PROJECT_ROOT / "prompts", persona_id=persona_id)
    "".join(session.start())
    for answer in answers:
        "".join(session.answer(answer))
    return [InterviewSession.turn_record(t) for t in session.turns]


def answer_turn(persona: str, question_id: str | None, question: str, answer: str) -> dict[str, Any]:
    return {"role": "candidate", "persona": persona, "kind": "answer", "question_id": question_id,
            "question": question, "text": answer,
            "critique": {"question": question, "answer": answer, "summary": "", "sources": [],
                         "score": analyze(question, answer).score},
            "trace": None}


def test_empty_input_gives_empty_tables_and_a_summary_that_says_so(personas: PersonaLibrary) -> None:
    assert competency_scores([], personas) == []
    assert star_completeness([]) == []
    data = summary([], personas)
    assert data["answers"] == 0 and data["sessions"] == 0
    assert data["average_score"] is None and data["weakest"] is None and data["competencies"] == []
    assert "No sessions yet" in data["practise"]
    assert "No sessions yet" in summary_markdown(data)


def test_a_session_without_answers_has_no_rows(personas: PersonaLibrary) -> None:
    sessions = [("s1", "Just started", T0, interview(personas, []))]
    assert competency_scores(sessions, personas) == []
    assert star_completeness(sessions) == []
    data = summary(sessions, personas)
    assert (data["sessions"], data["sessions_with_answers"], data["answers"]) == (1, 0, 0)
    assert "No answers yet" in data["practise"]


def test_scores_by_competency_follow_the_persona_questions_and_the_analyzer(
    personas: PersonaLibrary,
) -> None:
    turns = interview(personas, [STRONG_ANSWER, STRONG_ANSWER])
    rows = competency_scores([("s1", "Monday", T0, turns)], personas)
    persona = personas.get("hiring_manager")
    answered = [t for t in turns if t["critique"]]
    expected: dict[str, list[int]] = {}
    for t in answered:
        competency = persona.question(t["question_id"]).competency
        expected.setdefault(competency, []).append(analyze(t["question"], t["critique"]["answer"]).score)
    assert {r["competency"]: r["score"] for r in rows} == {
        k: round(sum(v) / len(v), 2) for k, v in expected.items()}
    assert all(r["competency"] in persona.competencies for r in rows)
    assert all(r["session"] == "Monday" and r["session_index"] == 1 for r in rows)
    assert all(r["created"] == "2025-03-01" for r in rows)
    assert sum(r["answers"] for r in rows) == len(answered)


def test_a_probe_reply_counts_once_with_the_answer_it_completes(personas: PersonaLibrary) -> None:
    # The thin answer draws a probe; the reply is critiqued together with it.
    turns = interview(personas, [THIN_ANSWER, STRONG_ANSWER])
    critiques = [t["critique"] for t in turns if t["critique"]]
    assert len(critiques) == 2 and critiques[0]["question"] == critiques[1]["question"]
    rows = competency_scores([("s1", "Probed", T0, turns)], personas)
    assert len(rows) == 1 and rows[0]["answers"] == 1
    assert rows[0]["score"] == analyze(critiques[1]["question"], critiques[1]["answer"]).score
    shares = {r["component"]: r["share"] for r in star_completeness([("s1", "Probed", T0, turns)])}
    assert shares == {c: 1.0 for c in COMPONENTS}


def test_sessions_are_ordered_by_creation_and_keep_their_index(personas: PersonaLibrary) -> None:
    q = "Tell me about a complex problem you solved."
    sessions = [  # newest first, as a store lists them; the middle one has no answers
        ("c", "Third", T0 + 2 * DAY, [answer_turn("hiring_manager", "hm-complex-problem", q, STRONG_ANSWER)]),
        ("b", "Second", T0 + DAY, []),
        ("a", "First", T0, [answer_turn("hiring_manager", "hm-complex-problem", q, THIN_ANSWER)]),
    ]
    rows = competency_scores(sessions, personas)
    assert [(r["session"], r["session_index"], r["created"]) for r in rows] == [
        ("First", 1, "2025-03-01"), ("Third", 3, "2025-03-03")]
    assert [r["score"] for r in rows] == [analyze(q, THIN_ANSWER).score, analyze(q, STRONG_ANSWER).score]
    star = star_completeness(sessions)
    assert [(r["session_index"], r["component"]) for r in star] == [
        (i, c) for i in (1, 3) for c in COMPONENTS]
    thin = analyze(q, THIN_ANSWER)
    assert [r["share"] for r in star[:4]] == [float(thin.star[c].present) for c in COMPONENTS]
    assert all(0.0 <= r["share"] <= 1.0 for r in star)


def test_summary_reports_change_per_competency_and_the_weakest_to_practise(
    personas: PersonaLibrary,
) -> None:
    problem = "Tell me about a complex problem you solved."
    mistake = "Tell me about a mistake you owned."
    first = [answer_turn("hiring_manager", "hm-complex-problem", problem, THIN_ANSWER),
             answer_turn("hiring_manager", "hm-ownership-mistake", mistake, MID_ANSWER)]
    latest = [answer_turn("hiring_manager", "hm-complex-problem", problem, STRONG_ANSWER),
              answer_turn("hiring_manager", "hm-ownership-mistake", mistake, MID_ANSWER)]
    thin, mid, strong = (analyze(problem, THIN_ANSWER).score, analyze(mistake, MID_ANSWER).score,
                         analyze(problem, STRONG_ANSWER).score)
    assert thin < mid < strong  # the fixture's premise
    data = summary([("a", "Week 1", T0, first), ("b", "Week 2", T0 + 7 * DAY, latest)], personas)

    assert data["answers"] == 4 and data["sessions_with_answers"] == 2
    assert data["average_score"] == round((thin + 2 * mid + strong) / 4, 2)
    assert data["first_average"] == (thin + mid) / 2 and data["latest_average"] == (strong + mid) / 2
    assert data["change"] == round((strong - thin) / 2, 2)
    by_key = {c["competency"]: c for c in data["competencies"]}
    assert by_key["problem_solving"]["change"] == strong - thin
    assert by_key["problem_solving"]["trend"] == f"improved by +{strong - thin:.1f}"
    assert by_key["ownership"]["trend"].startswith("unchanged")
    # Weakest now: ownership (mid) is below problem solving's latest (strong).
    assert data["weakest"]["competency"] == "ownership"
    assert data["practise"].startswith("Practise ownership")
    assert data["star_completeness"]["result"] == round(
        sum(analyze(q, a).star["result"].present
            for q, a in [(problem, THIN_ANSWER), (mistake, MID_ANSWER), (problem, STRONG_ANSWER),
                         (mistake, MID_ANSWER)]) / 4, 3)
    text = summary_markdown(data)
    assert "improved by +" in text and "Practise ownership" in text


def test_a_drop_is_reported_with_its_sign(personas: PersonaLibrary) -> None:
    q = "Tell me about a complex problem you solved."
    strong, thin = (answer_turn("hiring_manager", "hm-complex-problem", q, a)
                    for a in (STRONG_ANSWER, THIN_ANSWER))
    data = summary([("a", "One", T0, [strong]), ("b", "Two", T0 + DAY, [thin])], personas)
    (row,) = data["competencies"]
    assert row["trend"].startswith("dropped by -")
    assert data["change"] is not None and data["change"] < 0


def test_unknown_questions_and_personas_count_as_general_and_store_rows_work(
    personas: PersonaLibrary,
) -> None:
    q = "Tell me about a complex problem you solved."
    row = TurnRow(seq=1, role="candidate", persona="retired_persona", kind="answer", question_id="gone",
                  question=q, text=STRONG_ANSWER,
                  critique={"question": q, "answer": STRONG_ANSWER, "summary": "", "sources": [], "score": 4},
                  trace=None)
    skipped = {"role": "candidate", "persona": "peer", "kind": "candidate_question", "text": "Any perks?",
               "critique": None}
    rows = competency_scores([("s", "Old", T0, [row, skipped])], personas)
    assert [(r["competency"], r["score"]) for r in rows] == [(GENERAL, analyze(q, STRONG_ANSWER).score)]
    assert [r["competency"] for r in competency_scores([("s", "Old", T0, [row])], None)] == [GENERAL]


def test_each_distinct_answer_is_analyzed_once_per_call(
    personas: PersonaLibrary, monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, str]] = []

    def counting(question: str, answer: str) -> Analysis:
        calls.append((question, answer))
        return analyze(question, answer)

    monkeypatch.setattr(progress, "analyze", counting)
    q = "Tell me about a complex problem you solved."
    turn = answer_turn("hiring_manager", "hm-complex-problem", q, STRONG_ANSWER)
    sessions = [(str(i), f"S{i}", T0 + i, [turn]) for i in range(200)]
    started = time.perf_counter()
    data = summary(sessions, personas)
    assert time.perf_counter() - started < 2.0
    assert data["answers"] == 200 and len(calls) == 1
