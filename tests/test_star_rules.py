"""STAR rules added in the fourth session (issue 12): measured change, openings, topics, persona questions."""

from __future__ import annotations

import pytest

from interviewer.star import analyze, measured_change, split_sentences
from interviewer.star.question import topic_overlap


@pytest.mark.parametrize(("text", "measured"), [
    # counts brought to zero after the change
    ("We've had no misdirected payslips in the two years since.", True),
    ("It hasn't broken down once in the four months since.", True),
    ("We put a new contract in place and had no further failures that summer.", True),
    ("The authority closed the case with no further action after reviewing our records.", False),
    # rankings, final figures, counts against a standard, money received
    ("Within a quarter we went from ninth to second of the eleven depots.", True),
    ("Six months later we were 12th of 60 stores.", True),
    ("And I ended the quarter on fifty three thousand.", True),
    ("We filed 296 on time.", True),
    ("She paid the rest of the invoice, 18,000 euros.", True),
    ("Count back to 160k in 10 weeks.", True),
    ("We went live eight weeks earlier than the re-forecast.", True),
    # a plan, a target or a habit measures nothing that happened
    ("Then I'd talk to suppliers and aim to cut about 10% from the total.", False),
    ("Now I always leave two days of slack before the print date.", False),
    ("We avoided a two-week delay that would have cost around £20,000.", True),
    # a number near a word that only looks like change
    ("I walked her through it once access came through, over two long calls.", False),
    ("It took us four months in all, but the system went live.", False),
    ("I also live twenty minutes from your depot, so I'm looking to stay.", False),
    ("That's one example, there are probably loads more.", False),
    # settled in LABELLING.md (fifth session): an outcome against the plan counts, time stamps,
    # "zero" alone and no figure at all do not
    ("I was two days late with it.", True),
    ("The flight left only thirty minutes late.", True),
    ("Twice as many people came and everybody enjoyed it.", True),
    ("We had one slip in the following year.", True),
    ("Since then we have had zero failed runs in eighteen months.", True),
    ("She made zero medication errors in her first three months.", False),
    ("Her errors stopped completely once she had glasses.", False),
    ("He recovered within half an hour.", False),
    ("By the end of the second week he was back on time, and he's now one of our best drivers.",
     False),
])
def test_measured_change(text: str, measured: bool) -> None:
    assert measured_change(text) is measured


def test_the_opening_figure_is_the_baseline_not_the_result() -> None:
    a = analyze("Tell me about a time you reduced customer churn.",
                "Our churn was 8% a month. I introduced onboarding calls for every new account."
                " It's now under 3%.")
    assert "result" not in a.sentences[0].labels
    assert a.quantified_result and "label_stuffing" not in a.flags


def test_a_shared_unit_alone_is_not_a_baseline() -> None:
    a = analyze("Tell me about a time you went above and beyond.",
                "I always give 110 percent. At my last job I worked 60 hours a week for 2 years and I"
                " answered every email within 5 minutes. I helped 100% of the people who asked me.")
    assert not a.quantified_result


def test_a_count_of_the_same_thing_is_measured_against_the_first_count() -> None:
    a = analyze("Tell me about a time you improved safety for staff.",
                "I manage a distribution centre, and we had four back injuries from lifting in one year."
                " I had the bench raised to waist height and brought in a roller table. There has been one"
                " lifting injury in the eighteen months since.")
    assert "action" in a.sentences[1].labels  # "I had the bench raised": the speaker had it done
    assert "result" in a.sentences[2].labels and a.quantified_result


def test_dating_an_event_is_not_a_baseline() -> None:
    a = analyze("Tell me about a time you supported a colleague.",
                "A member of my team came back to work after a week, but she was struggling. I talked to"
                " her and moved her to email queries. She moved back to the phones after six weeks.")
    assert not a.quantified_result


def test_how_long_it_really_took_after_an_estimate_is_a_measured_result() -> None:
    answer = ("I'm a builder, and I told a couple their loft conversion would take six weeks. It "
              "took eleven, because the joists were rotten. I told them the moment I found the rot.")
    assert analyze("Tell me about a time you got an estimate wrong.", answer).quantified_result


def test_a_lesson_with_a_figure_and_a_new_habit_are_not_results() -> None:
    answer = ("The office phone was ringing all morning. I wrote a one-page letter with a checklist. "
              "The calls stopped within a week. I learned that ten minutes spent on a clear letter "
              "saves hours on the phone afterwards. Now I send every parent a checklist in June.")
    analysis = analyze("Tell me about a time you explained a change to people.", answer)
    assert analysis.sentences[3].labels == () and analysis.sentences[4].labels == ()
    assert not analysis.quantified_result


def test_a_failures_measured_outcome_is_its_result() -> None:
    answer = ("I left one client's return until the last week because I was waiting for his "
              "figures. The return went in three days late and he was charged a £100 penalty. I told "
              "him straight away that it was my fault.")
    analysis = analyze("Tell me about a time you missed a deadline.", answer)
    assert "result" in analysis.sentences[1].labels and analysis.quantified_result


def test_a_story_opens_on_its_setting_even_with_a_deed() -> None:
    a = analyze("Tell me about a time you made a mistake.",
                "As a payroll officer for a council, I ran the monthly payroll for about 1,100 staff. One"
                " month I loaded the wrong rate file. I spotted it the next morning and told my manager."
                " I ran a correction payment within 48 hours.")
    assert a.sentences[0].labels == ("situation",)
    plan = analyze("How would you handle a late project?", "First I'd talk to the team. Then I'd re-plan."
                   " I'd tell the sponsor.")
    assert "action" in plan.sentences[0].labels


def test_an_outcome_told_before_the_speaker_is_introduced_is_the_result() -> None:
    """A story that ends on its deeds and introduces its speaker second told its outcome first, measured or
    not; an opinion that opens an answer is not an outcome."""
    question = "Tell me about a time you calmed down a situation that could have turned violent."
    story = (" I was on a late shift at a hostel when a resident came back drunk and started throwing chairs."
             " I asked my colleague to take the others to their rooms. I kept my voice low and let him talk."
             " I sat with him until he was ready to go to bed.")
    told_first = analyze(question, "Nobody got hurt and the police never had to come out that night." + story)
    assert told_first.sentences[0].labels == ("result",)
    opinion = analyze(question, "For me calming people down is mostly about listening to them first." + story)
    assert "result" not in opinion.sentences[0].labels


def test_figures_written_out_are_specific() -> None:
    """'thirty rejects' names a figure as '30 rejects' does; 'one evening' does not."""
    from interviewer.star.content import _specific_terms

    figures = _specific_terms("We had thirty rejects, then two in twelve weeks.", {0})
    assert figures == ["thirty", "two", "twelve"]
    assert _specific_terms("It happened one evening.", {0}) == []


@pytest.mark.parametrize("answer", [
    # the outcome said first and put down to the speaker, then the setting
    ("Over six months our branch went from winning one appraisal in four to nearly one in two, and I'd put"
     " most of that down to one change I made. I'm a valuer at a branch of twelve. I started ringing every"
     " vendor the day after the visit. I sent them comparables by hand."),
    ("Our schemes tested at an average air permeability of 2.1, down from about 5 before, and that started"
     " with something I changed on one job. I was site manager on 40 homes. I briefed every trade on"
     " sealing. I checked each plot myself."),
])
def test_an_outcome_put_down_to_the_speaker_first_is_the_result(answer: str) -> None:
    a = analyze("Tell me about a time you improved quality.", answer)
    assert a.sentences[0].labels == ("result",) and a.quantified_result


def test_a_short_answer_ends_on_what_came_of_its_deed() -> None:
    """A deed that reads as the setting, then a measured outcome with no deed in it; fractions and savings a
    year are measured ("a fifth less", "£6,000 a year off")."""
    a = analyze("Tell me about a time you improved a process.",
                "I'm a sander in a chair factory and I suggested we change to a coarser first grit. It cut"
                " sanding time by about a third.")
    assert a.sentences[-1].labels == ("result",) and a.quantified_result
    assert measured_change("We used about a fifth less herbicide that season.")
    assert measured_change("That took about £6,000 a year off the storage bill.")
    assert not measured_change("We spent a fifth of the day on it.")


def test_an_estimate_and_the_outturn_is_a_measured_failure() -> None:
    a = analyze("Tell me about a time you underestimated a task.",
                "I estimated two weeks to migrate our support emails to a new ticketing system. It took seven"
                " weeks, because the old system had about 300 rules. I told my manager and moved the 40 that"
                " mattered first.")
    assert a.sentences[1].labels == ("result",) and a.quantified_result


def test_an_unpunctuated_result_after_the_deeds_is_its_own_sentence() -> None:
    answer = ("yeah so i was working at a gym doing memberships and loads of people were cancelling after"
              " like two months so i started ringing every new member in their third week just to see how"
              " they were getting on and our cancellations went down from about forty percent to twenty five")
    texts = [t for t, _, _ in split_sentences(answer)]
    assert texts[-1].startswith("and our cancellations")
    assert analyze("Tell me about a time you improved customer retention.", answer).quantified_result


def test_qualities_a_story_shows_do_not_make_it_off_topic() -> None:
    story = ("I was a junior buyer, and every season we ordered our stock six months ahead. I convinced my"
             " manager to hold back 10% of the knitwear budget for a fast reorder line. The reorder line sold"
             " out twice and full-price sales rose 14%.")
    assert "off_topic" not in analyze("Tell me about a time you took a risk.", story).flags
    assert "off_topic" not in analyze("Tell me about a time you took initiative.", story).flags
    # a question about a safety incident still needs an answer about one
    emails = ("Our marketing emails had an open rate of 14%. I segmented the list and rewrote the subject"
              " lines. The open rate went up to 27%.")
    assert "off_topic" in analyze("Tell me about a time you handled a safety incident.", emails).flags


def test_a_five_letter_stem_does_not_join_different_words() -> None:
    _, decisive = topic_overlap("Tell me about a time you contributed to a successful project.",
                                "We rolled the booking system out to all 18 salons.")
    assert not decisive  # "contributed" is not "contract" (negotiation)


def test_questions_about_the_candidate_are_judged_on_evidence_and_fit() -> None:
    strong = analyze("Why do you want to work here?",
                     "I've scheduled buses for nine years, and what I like most is making a timetable that"
                     " works on the road. You're the only operator in the county running minibuses in the"
                     " villages, and I'd like to help plan that network.")
    generic = analyze("What are your greatest strengths?",
                      "I'm hardworking, reliable and a fast learner. I'm also very good with people and I"
                      " work well under pressure.")
    assert strong.score >= 4 and generic.score <= 2
    assert "not on STAR parts" in strong.reasons[0]


def test_what_the_candidate_wants_about_the_role_named_ties_the_answer_to_it() -> None:
    """'...into maintenance planning' answered with what the candidate wants to do as a planner is tied to
    the role without saying "this role"; everyday words ("always", "a lot") are not self-praise."""
    from interviewer.star.persona import is_persona, ties_to_the_role

    question = "Why do you want to move from line maintenance into maintenance planning?"
    answer = ("I've been a line engineer for nine years, and a lot of night shifts lose hours because the"
              " work package doesn't match the parts we have. I want to be the planner who builds those"
              " packages, because I always know from the hangar floor what a realistic night looks like.")
    assert ties_to_the_role(question, answer)
    assert analyze(question, answer).score == 4
    assert not ties_to_the_role(question, "I want a change after nine years on nights, honestly.")
    assert is_persona("What made you want to become an electrician?")


def test_an_answer_of_habits_is_told_it_gives_no_one_time() -> None:
    """Habits instead of a story are capped like a plan, and the reason says so in words that fit both."""
    a = analyze("Tell me about a time you showed initiative.",
                "I've been a press operator for about eight years. I'm always the one who will step in when"
                " something needs doing, like if the press goes down I'll have a look before calling the"
                " engineer. I also try to keep my area tidy and help the newer lads out.")
    assert "hypothetical" in a.flags and a.score <= 2
    assert any("usually do, not what you did one time" in reason for reason in a.reasons)
