"""Outcome rules from the seventeenth session (issue 12): figures that say when or pick things out, outcomes
against the plan or over the period after, and which sentence reports what a slip cost. The sentences are
written for these tests; the evaluation data stays in `evals/data/`."""

from __future__ import annotations

import pytest

from interviewer.star import analyze, measured_change
from interviewer.star.cues import has_measured_quantity
from interviewer.star.question import asks_about_a_failure


@pytest.mark.parametrize(("text", "measured"), [
    # times of day, idioms and spans that name a thing are no amounts
    ("I was up till about five walking the rows and relighting the burners.", False),
    ("At about three one of the drivers rang to say the load had shifted.", False),
    ("Visitors were called one by one and met at the side gate.", False),
    ("I built a spare half-day into the middle of the trip in case of delays.", False),
    ("Every family that wanted a Saturday slot got one.", False),  # "one" stands for a slot
    ("The pump failed on a night shoot, so I borrowed one from the farm next door.", False),
    ("The year after, we had one fall on the ward.", True),
    ("We cut the changeover to about five minutes.", True),
])
def test_amounts_and_what_only_looks_like_one(text: str, measured: bool) -> None:
    assert has_measured_quantity(text) is measured


@pytest.mark.parametrize(("text", "measured"), [
    # how many of something there are is no count of what changed
    ("The weekly check is now done at our other two depots as well.", False),
    # late or early against the plan, by a stated or a single unit
    ("The inspector failed the north run, which put us five days past the handover date.", True),
    ("The lorry left about an hour late, but with every crate on it.", True),
    ("The last two classrooms weren't ready until the Monday, a week late.", True),
    # a count out of the whole, or of a named group
    ("In the end we only had to move one fitting out of fourteen that week.", True),
    ("I'd taken on all nine apprentices by June, and seven of the new starters stayed the year.", True),
    # none, once or twice over the period after
    ("The compactor hasn't jammed on cardboard in seven months.", True),
    ("Over the rest of that term he was late twice.", True),
    # a count of a count, later than it would have been, how often since, from one count to another far apart
    ("Since then she has sent us four referrals, three of whom have booked.", True),
    ("The van reached the farm twenty minutes later than it would have.", True),
    ("and since then the pump has tripped like once in about four months", True),
    ("We went from around twenty trolleys a night coming back from the wards short of linen to two or three.",
     True),
    # time in hand, a share of the plan or of an earlier period, how often the period after, a figure on
    # both sides of "from ... to" told further apart
    ("The crew got the walkers off with about fifteen minutes to spare before the tide came in.", True),
    ("I closed the year at 118% of target.", True),
    ("We took about 80% of the previous year's summer takings with half the car park shut.", True),
    ("The next winter we only had to call the other depot in to cover for us twice.", True),
    ("and my time on each job went from like forty minutes on average to under fifteen", True),
    # the work spread over so many sittings is no amount
    ("I did the course over three evenings and was signed off by the Friday.", False),
    # spoken hedges between the word that moves a figure and the figure
    ("so by the spring it was down to maybe four call-outs a month", True),
    ("and sales were up by i think it was about forty percent on the month before", True),
])
def test_outcomes_told_against_the_plan_the_whole_or_the_period_after(text: str, measured: bool) -> None:
    assert measured_change(text) is measured


def test_a_short_answer_whose_one_deed_comes_last_reports_what_came_of_it() -> None:
    analysis = analyze("Tell me about a time you took on extra work.",
                       "When I moved to the permits desk there were 48 applications waiting."
                       " I took them all on myself and had them down to six within a month.")
    assert analysis.sentences[1].labels == ("action", "result")
    assert analysis.quantified_result


def test_a_slip_told_as_the_setting_is_the_deed_and_what_it_cost_is_the_result() -> None:
    analysis = analyze("Tell me about a time you got something wrong at work.",
                       "I run the goods-in bay at a garden centre warehouse. One Friday I was in a hurry to"
                       " get home, and I didn't check the last delivery against the order."
                       " Thirty trays of bedding plants for another branch went out to our shop floor."
                       " I rang the other branch on Monday and drove the trays over myself."
                       " Now I check every delivery note before I sign it, however late it is.")
    assert "action" in analysis.sentences[1].labels
    assert analysis.sentences[2].labels == ("result",)
    assert analysis.quantified_result


def test_a_slip_with_a_figure_in_it_is_still_the_deed_that_went_wrong() -> None:
    analysis = analyze("Tell me about a time you had to own up to an error.",
                       "I did the weekly order for a farm shop. One week I misread the pack size and ordered"
                       " 30 cases instead of 30 packs, and I didn't check the delivery when it came in."
                       " We had nowhere to keep it, and about £450 of yoghurt went past its date and was"
                       " thrown away. I told the owner straight away and sold what I could to the cafe next"
                       " door.")
    assert analysis.sentences[2].labels == ("result",)
    assert analysis.quantified_result


def test_a_slip_and_its_cost_in_one_sentence_stay_the_result() -> None:
    analysis = analyze("Tell me about a time you missed a target.",
                       "Head office set every branch a target of 60 service plans a month."
                       " I had to bring ours up from about 20 in one quarter."
                       " I put a poster up at the counter and had the team mention the plans at every sale."
                       " But I didn't train the team on the small print, so most customers said no, and by"
                       " the end of the quarter we were selling 38 a month, which was 22 short of the target."
                       " I brought in the area trainer to take the team through the small print.")
    assert "result" in analysis.sentences[3].labels
    assert analysis.quantified_result


def test_a_rate_after_the_change_measures_against_the_rate_before_it() -> None:
    analysis = analyze("Tell me about a time you fixed a recurring fault.",
                       "The bottle labeller on our line stalled four or five times a shift."
                       " I stripped the feed rollers, found one worn flat and replaced it."
                       " I also wrote the settings for each bottle size on a card by the machine."
                       " Since then the labeller stalls about once a fortnight.")
    assert analysis.quantified_result


def test_a_passive_story_ends_on_its_measured_outcome() -> None:
    analysis = analyze("Tell me about a time you reduced complaints.",
                       "Missed bin collections were being reported about thirty times a month on our round."
                       " Most of them could not be checked, because no record was kept of which streets were"
                       " done. It was decided that every street had to be ticked off on the handheld as it"
                       " was finished. By the spring, missed-bin reports had fallen to four or five a month.")
    assert "result" in analysis.sentences[-1].labels
    assert analysis.quantified_result


def test_a_preamble_praising_the_question_is_no_part_of_the_story() -> None:
    analysis = analyze("Tell me about a time you coached someone.",
                       "Oh, that's a good one. I manage a 30-place nursery, and one of our apprentices was"
                       " struggling with her written observations. I sat with her every Friday for a month"
                       " and showed her how to write one up. She passed her level 3 in the summer.")
    assert analysis.sentences[0].labels == ()


@pytest.mark.parametrize("question", [
    "Tell me about a time something you organised was a disappointment.",
    "Tell me about a decision you regret.",
    "Tell me about a time you lost a client.",
])
def test_questions_about_a_disappointment_ask_about_a_failure(question: str) -> None:
    assert asks_about_a_failure(question)


PRESENT_TENSE_STORY = (
    "I am warehouse supervisor in Rotterdam, and in my team we are people from six countries."
    " Almost every week we have a complaint from the driver about the loading."
    " My manager ask me to find a way so the loading go better."
    " I make a card with pictures of the loading plan, so I can show the drivers without words."
    " Also before we start, I walk with the driver around the trailer and he say what he want."
    " The next two months we have zero complaints, and the drivers now wait for my team.")


def test_a_story_told_in_the_present_tense_is_not_a_plan() -> None:
    analysis = analyze("Tell me about a time you improved how your team worked with drivers.",
                       PRESENT_TENSE_STORY)
    assert "hypothetical" not in analysis.flags
    assert analysis.score >= 4


def test_in_a_story_told_in_the_present_tense_the_speakers_deeds_are_actions() -> None:
    analysis = analyze("Tell me about a time you helped a family stay safe.",
                       "I am fire safety advocate, and one time I visit a family who arrive from Sudan last"
                       " winter. The father was using a paraffin heater in the bedroom of the children."
                       " I explain to him in Arabic about the fumes and why it is dangerous, and I fit two"
                       " alarms. I also help him to call the landlord about the boiler, because this is the"
                       " reason. The landlord fix the boiler the next week, and the family stop to use the"
                       " heater.")
    assert [s.labels for s in analysis.sentences[2:]] == [("action",), ("action",), ("result",)]


def test_an_off_topic_flag_on_weak_evidence_caps_at_three() -> None:
    from interviewer.star.question import OFF_TOPIC_DOUBT_ODDS, ON_TOPIC_ODDS, on_topic_odds

    question = "Tell me about a time you worked closely with another department."
    story = ("I run the evening restaurant at a holiday park, and on weekday evenings it was half empty"
             " because families ate in their caravans. I suggested a kids-eat-free hour before the shows and"
             " asked the entertainment team to announce it from the stage. I also moved the bingo to start"
             " straight after the hour. Within a month weekday covers went from about 40 to 95.")
    grid = [i / 400 for i in range(400)]
    weak = next(s for s in grid if OFF_TOPIC_DOUBT_ODDS <= on_topic_odds(question, story, s) < ON_TOPIC_ODDS)
    strong = next(s for s in grid if on_topic_odds(question, story, s) < OFF_TOPIC_DOUBT_ODDS)
    doubted = analyze(question, story, similarity=lambda q, a: weak)
    assert "off_topic" in doubted.flags and doubted.score == 3
    assert any("may not address the question" in r and "capped at 3" in r for r in doubted.reasons)
    flagged = analyze(question, story, similarity=lambda q, a: strong)
    assert "off_topic" in flagged.flags and flagged.score <= 2


def test_in_a_present_tense_story_what_the_speaker_does_not_know_is_no_deed() -> None:
    analysis = analyze("Tell me about a time you helped a customer.",
                       "I am shop assistant in a big store. One day a lady come with a broken kettle."
                       " I don't know the policy for this. I ask my manager and I give her a new kettle."
                       " The lady is very happy and she come back next week.")
    assert "action" not in analysis.sentences[2].labels
    assert "action" in analysis.sentences[3].labels and "result" in analysis.sentences[4].labels
