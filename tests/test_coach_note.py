"""The coaching note in fields: code states every claim, a small model fills one checked field."""

from __future__ import annotations

from pathlib import Path

from interviewer import coach_note
from interviewer.coach_note import assemble, plan
from interviewer.feedback import note_claims, summary_contradicts
from interviewer.focus import FOCUS_WORDS, focus_problem, trim_focus
from interviewer.star import analyze

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
QUESTION = "Tell me about a time you had to meet a tight deadline."
UNMEASURED = ("Last spring our data vendor changed formats overnight and the monthly reports broke."
              " I had to get them running again before the board meeting. I read the new format"
              " documentation, rewrote the ingest job and tested it against last month's files."
              " The reports were back before the meeting and the board never noticed.")

WE_STORY = ("Last year our release pipeline kept breaking in the week before every launch, and the"
            " product team was losing patience with us. We had to get releases out on the agreed"
            " dates again. We traced the failures to a flaky integration test suite, we rewrote"
            " the slowest tests, we split the suite into parallel jobs and we added a nightly run"
            " that warned us early. Releases went out on 40% more of the agreed dates for the"
            " rest of the year.")


def test_code_picks_the_part_and_the_gap_from_the_findings() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    decided = plan(analysis)
    assert decided.part is not None and analysis.star[decided.part].present  # type: ignore[index]
    assert decided.gap == analysis.gaps[0]
    assert "{focus}" in decided.praise and decided.advice


def test_the_focus_is_assembled_into_a_note_that_claims_only_what_the_findings_say() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    note, why = assemble("focus: the monthly reports\n", analysis)
    assert note is not None, why
    decided = plan(analysis)
    assert note == f"{decided.praise.format(focus='the monthly reports')} {decided.advice}"
    claims = note_claims(note)
    for part, present in claims.parts.items():
        assert not present or analysis.star[part].present  # type: ignore[index]
    assert not claims.third_person and not claims.mentions_score
    assert summary_contradicts(note, analysis) is None


def test_a_focus_not_copied_from_the_answer_or_judging_it_is_refused() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    assert "not in the answer's words" in (focus_problem("the quarterly sales forecast", analysis.answer)
                                           or "")
    # words the model ran together are not the answer's words either
    assert "not in the answer's words" in (focus_problem("the monthlyreports", analysis.answer) or "")
    assert focus_problem("the ingest job", analysis.answer) is None
    assert "'40'" in (focus_problem("the 40 reports", analysis.answer) or "")  # a figure it never gave
    assert "judges" in (focus_problem("the great result", analysis.answer) or "")
    assert "words" in (focus_problem("the monthly board reports for the vendor and the ingest job",
                                     analysis.answer) or "")
    assert focus_problem("the", analysis.answer) is not None
    note, why = assemble("The candidate rewrote the job.", analysis)
    assert note is None and "focus field" in why
    # the candidate's "our" becomes the note's "the"
    note, _ = assemble("focus: the our monthly reports\n", analysis)
    assert note is not None and " our " not in note


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
    assert assemble("focus: the reports", empty)[0] is None


def test_the_prompt_has_the_fields_shape_and_the_answer_fenced() -> None:
    analysis = analyze(QUESTION, UNMEASURED)
    prompt = coach_note.prompt(analysis, PROMPTS, "the template note")
    assert prompt is not None
    assert prompt.shape == "focus" and prompt.draft == "the template note"
    user = prompt.messages[-1].content
    assert "<candidate_answer>" in user and "rewrote the ingest job" in user
    assert "focus: the" in user


def test_the_focus_keeps_the_noun_phrase_at_the_head_of_what_the_model_wrote() -> None:
    answer = UNMEASURED
    assert trim_focus("the monthly reports because the vendor changed", answer) == "the monthly reports"
    # stops at the first word the answer lacks, and never ends on a dangling "for"/"the"
    assert trim_focus("the ingest job for the forDup", answer) == "the ingest job"
    assert trim_focus("the board meeting is discussed in detail", answer) == "the board meeting"
    long = "the new format documentation for the monthly reports of the board meeting"
    assert len(trim_focus(long, answer).split()) <= FOCUS_WORDS[1]
    analysis = analyze(QUESTION, answer)
    note, why = assemble("focus: the monthly reports because the vendor changed formats\n", analysis)
    assert note is not None, why
    assert "the monthly reports" in note and "because" not in note


def test_a_we_only_story_is_told_its_team_steps_come_through_before_the_advice() -> None:

    analysis = analyze(QUESTION, WE_STORY)
    decided = plan(analysis)
    assert decided.gap == "we_only" and analysis.star["action"].present
    note, why = assemble("focus: the release pipeline\n", analysis)
    assert note is not None, why
    assert note.startswith("Your team's steps on the release pipeline come through.")
    assert "which of them you took" in note


def test_a_question_that_asks_for_no_past_story_gets_the_template_note() -> None:
    analysis = analyze("How would you handle a project that is falling behind schedule?", UNMEASURED)
    assert plan(analysis).part is None
    assert coach_note.prompt(analysis, PROMPTS, "template") is None
    # nor does a "we" story told to such a question get the team's praise
    assert plan(analyze("How would you handle a failing release?", WE_STORY)).part is None


def test_steps_told_without_anyone_owning_them_are_never_praised_as_your_own() -> None:
    # Cases read by an independent labeller as "own part called present" on answers the analyzer
    # reads as "we" or passive: the praise follows the ownership finding.
    passive = ("A delivery of medicines was left outside the pharmacy overnight in the rain. The "
               "supplier was contacted and the damaged stock was returned and replaced. Patients "
               "who were waiting were called and told about the delay.")
    analysis = analyze("Tell me about a time you handled a supply problem.", passive)
    assert analysis.ownership == "unclear"
    note, why = assemble("focus: the delivery of medicines\n", analysis)
    assert note is not None, why
    assert "own steps" not in note
    assert note.startswith("You lay out the steps taken on the delivery of medicines")


def test_a_focus_cut_mid_phrase_ends_on_a_noun() -> None:
    # Each from a stored model field that the word cap or a foreign word cut mid-way; the readers
    # marked the old trims garbled ("...for the museum's", "...of fourteen in one", "...you").
    answer = ("I led the scaffolding crew of fourteen in one quarter. We built the new membership "
              "scheme for the museum's first year. The app fixed itself after I patched the "
              "project you mentioned. I negotiated a contract over six figures.")
    assert trim_focus("the scaffolding crew of fourteen in one quarter and beyond that", answer) \
        == "the scaffolding crew"
    assert trim_focus("the client's", answer + " The client's team.") == "the client"
    assert trim_focus("the project you", answer) == "the project"
    assert trim_focus("the app fixed", answer) == "the app"
    # a phrase that runs on into a verb is a clause: it ends before the verb
    assert trim_focus("the app went down", answer + " It went down.") == "the app"
    assert trim_focus("the project route route", answer + " The route.") == "the project route route"
    # a cut mid-phrase drops its whole prepositional tail: we cannot tell where it would have ended
    assert trim_focus("the negotiation of a contract over six figures bonus", answer) \
        == "the negotiation of a contract"
