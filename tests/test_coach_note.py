"""The coaching note in fields: code decides every claim, a model fills two checked fields."""

from __future__ import annotations

from pathlib import Path

from interviewer import coach_note
from interviewer.coach_note import assemble, field_problem, plan
from interviewer.feedback import note_claims
from interviewer.star import analyze

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
QUESTION = "Tell me about a time you had to meet a tight deadline."
UNMEASURED = ("Last spring our data vendor changed formats overnight and the monthly reports broke."
              " I had to get them running again before the board meeting. I read the new format"
              " documentation, rewrote the ingest job and tested it against last month's files."
              " The reports were back before the meeting and the board never noticed.")


def test_code_picks_the_part_to_praise_and_the_gap_from_the_findings() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    decided = plan(analysis)
    assert decided.part is not None and analysis.star[decided.part].present  # type: ignore[index]
    assert decided.gap == analysis.gaps[0]
    assert decided.praise and decided.advice


def test_fields_are_assembled_into_a_note_that_claims_only_what_the_findings_say() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    raw = ("you rewrote the ingest job and tested it against last month's files\n"
           "next step: say how many reports were late and how soon they were back\n")
    note, why = assemble(raw, analysis)
    assert note is not None, why
    assert note.startswith(plan(analysis).praise + ": you rewrote the ingest job")
    claims = note_claims(note)
    for part, present in claims.parts.items():
        assert not present or analysis.star[part].present  # type: ignore[index]
    assert not claims.third_person and not claims.mentions_score


def test_fields_not_drawn_from_the_answer_are_refused() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    assert "not in the answer's words" in (field_problem(
        "you persuaded the whole executive board overnight", "say more about it", analysis) or "")
    assert "figure" in (field_problem("you rewrote 40 ingest jobs", "say how many", analysis) or "")
    assert "instruction" in (field_problem("you rewrote the ingest job", "maybe the reports", analysis)
                             or "")
    assert "judges the answer" in (field_problem("you gave a great result", "say how", analysis) or "")
    note, why = assemble("The candidate rewrote the job.", analysis)
    assert note is None and "two fields" in why


def test_answers_a_model_cannot_make_specific_keep_the_template() -> None:
    # a hypothetical answer needs the template's plain advice first, not a specific next step
    hypothetical = analyze(QUESTION, "I would make a plan, talk to everyone on the team and work"
                                     " late if needed to get it done on time.")
    assert hypothetical.gaps[0] == "hypothetical"
    assert plan(hypothetical).gap is None
    assert coach_note.prompt(hypothetical, PROMPTS, "template") is None
    empty = analyze(QUESTION, "ok")
    assert plan(empty).part is None
    assert coach_note.prompt(empty, PROMPTS, "template") is None
    assert assemble("you did it\nnext step: say more", empty)[0] is None


def test_the_prompt_has_the_fields_shape_and_the_answer_fenced() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    prompt = coach_note.prompt(analysis, PROMPTS, "the template note")
    assert prompt is not None
    assert prompt.shape == "note_fields" and prompt.draft == "the template note"
    user = prompt.messages[-1].content
    assert "<candidate_answer>" in user and "rewrote the ingest job" in user
