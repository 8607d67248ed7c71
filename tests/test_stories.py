from __future__ import annotations

import pytest

from interviewer.star import analyze
from interviewer.stories import (
    FILL_IN,
    PROMPTS,
    REPEAT_THRESHOLD,
    Story,
    add,
    bank_markdown,
    find_repeat,
    from_answer,
    from_resume,
    make_title,
    origin_label,
    repeat_warning,
    similarity,
    story_id,
)
from tests.conftest import STRONG_ANSWER, THIN_ANSWER

QUESTION = "Tell me about a complex problem you solved."
WHERE = origin_label("Monday practice", "Dana (hiring manager)", QUESTION)

RESUME = """Alex Moreno
Senior engineer, Tidewater Freight (2019-2024)
- Cut late-payment disputes by 30% by rewriting the nightly billing run
- Led a team of 4 to migrate 120 services to Kubernetes in 6 months
- Enjoys hiking
"""

# The same story as STRONG_ANSWER, told again in other words.
RETOLD = (
    "When I was at Tidewater Freight, the billing job that ran every night failed again and again, so"
    " invoices reached customers two days late. My manager asked me to fix it before quarter end. I found"
    " that a table lock on shipments was the cause, split the batch job into three stages and set up"
    " Grafana alerts. Failures went from nine per month to none, invoices left two days earlier and"
    " late-payment disputes fell by 30%."
)
RETOLD_LOOSELY = (
    "So the overnight invoicing batch kept crashing at Tidewater, and customers got their bills late."
    " It was on me to stabilise it. I dug in, found the shipments table was locked during the run, broke"
    " the job into three steps and put alerts on it in Grafana. After that we had zero failed runs and"
    " disputes over late payment went down 30%."
)
# Different stories from the same company and domain (billing, invoices, slow systems).
SAME_DOMAIN = [
    "At my last job at Tidewater Freight, our monthly invoice reconciliation was done by hand and took the"
    " finance team three days. I was asked to automate it before the audit. I wrote a Python job that"
    " matched payments to invoices, flagged exceptions for review and posted a daily report. As a result,"
    " reconciliation went from three days to two hours and the audit found no errors.",
    "At Tidewater Freight our customer portal search was slow, and support tickets about it were piling"
    " up. I was responsible for the search service. I profiled the queries, added an index on the orders"
    " table and cached the top results in Redis. As a result, search latency fell from 4 seconds to 300"
    " milliseconds and search tickets dropped by half.",
]
OTHER_DOMAIN = (
    "In my previous role a teammate and I disagreed about whether to rewrite our deployment scripts. I"
    " set up a meeting, we listed the risks of each option, and I suggested a two-week trial of his"
    " approach. The trial worked, we adopted it, and deployments got 40% faster."
)


def critique(answer: str, question: str = QUESTION) -> dict[str, object]:
    return {"question": question, "answer": answer, "summary": "", "sources": [],
            "score": analyze(question, answer).score}


def banked() -> Story:
    story = from_answer(critique(STRONG_ANSWER), WHERE)
    assert story is not None
    return story


def test_resume_lines_become_marked_drafts_with_the_line_as_result() -> None:
    stories = from_resume(RESUME)
    assert [s.origin for s in stories] == [
        "cut late-payment disputes by 30% by rewriting the nightly billing run",
        "led a team of 4 to migrate 120 services to Kubernetes in 6 months",
    ]
    first = stories[0]
    assert first.source == "resume" and first.score is None and first.used_in == []
    assert first.result == "Cut late-payment disputes by 30% by rewriting the nightly billing run."
    assert first.title == "Cut late-payment disputes by 30% by rewriting the nightly billing run"
    for part in (first.situation, first.task, first.action):
        assert part.startswith(FILL_IN) and part.endswith("]")
    assert first.situation == PROMPTS["situation"]
    assert "What was at stake?" in first.situation
    assert first.is_draft and first.is_filled("result") and not first.is_filled("action")
    assert first.text() == first.result  # prompts are never the candidate's words
    assert from_resume("no achievements here") == []


def test_ids_are_stable_and_distinct() -> None:
    assert [s.id for s in from_resume(RESUME)] == [s.id for s in from_resume(RESUME)]
    assert len({s.id for s in from_resume(RESUME)}) == 2
    assert story_id("answer", "Q", "An  answer") == story_id("answer", "q", "an answer")
    assert story_id("answer", "Q", "one") != story_id("resume", "Q", "one")
    assert banked().id == banked().id


def test_a_strong_answer_is_split_by_the_analyzer_labels() -> None:
    story = banked()
    analysis = analyze(QUESTION, STRONG_ANSWER)
    assert story.source == "answer" and story.score == analysis.score >= 4
    assert story.origin == WHERE and story.used_in == [WHERE]
    assert story.situation == " ".join(analysis.evidence("situation"))
    assert story.situation.startswith("At my last job at Tidewater Freight")
    assert story.task == "I was asked to make the run reliable before the quarter closed."
    assert story.action.startswith("I traced the failures")
    assert story.result.startswith("As a result, failed runs dropped from 9 a month to zero")
    assert story.title.startswith("Failed runs dropped from 9 a month to zero")
    assert len(story.title) <= 71 and story.title.endswith("…")
    assert not story.is_draft


def test_unlabelled_sentences_join_the_part_before_them() -> None:
    answer = STRONG_ANSWER.replace(" added alerts in Grafana.", " added alerts in Grafana. Grafana is nice.")
    labels = [s.labels for s in analyze(QUESTION, answer).sentences]
    assert () in labels  # the premise: one sentence has no label
    story = from_answer(critique(answer), WHERE)
    assert story is not None and story.action.endswith("Grafana is nice.")
    total = " ".join(story.part(c) for c in ("situation", "task", "action", "result"))
    assert len(total.split()) == len(answer.split())  # every sentence kept, none twice


def test_weak_or_empty_answers_make_no_story() -> None:
    assert analyze(QUESTION, THIN_ANSWER).score < 4
    assert from_answer(critique(THIN_ANSWER), WHERE) is None
    assert from_answer({"question": QUESTION, "answer": "  "}, WHERE) is None


def test_threshold_separates_retellings_from_other_stories() -> None:
    for retelling in (RETOLD, RETOLD_LOOSELY):
        assert similarity(STRONG_ANSWER, retelling) >= REPEAT_THRESHOLD + 0.1
    for other in [*SAME_DOMAIN, OTHER_DOMAIN]:
        assert similarity(STRONG_ANSWER, other) <= REPEAT_THRESHOLD - 0.07


def test_find_repeat_spots_a_retold_story_and_ignores_new_ones() -> None:
    story = banked()
    others = [s for s in (from_answer(critique(t), "Tuesday · Sam · q") for t in SAME_DOMAIN) if s]
    bank = [*others, story]
    assert find_repeat(RETOLD, bank) == story
    assert find_repeat(RETOLD_LOOSELY, bank) == story
    assert find_repeat(OTHER_DOMAIN, bank) is None
    assert find_repeat(RETOLD, []) is None
    warning = repeat_warning(story)
    assert warning.startswith(f"You told this story before ({WHERE})")
    assert "new example to the second round" in warning


def test_resume_drafts_not_yet_told_are_not_repeats() -> None:
    draft = from_resume(RESUME)[0]
    assert find_repeat(draft.result, [draft], threshold=0.0) is None
    told = Story(**{**draft.to_dict(), "used_in": ["Monday · Dana · q"]})
    assert find_repeat(draft.result, [told]) == told


def test_add_records_a_retelling_instead_of_a_second_story() -> None:
    story = banked()
    bank = add([], story)
    assert add(bank, story) == bank
    again = from_answer(critique(RETOLD), "Friday · Lee · q")
    assert again is not None
    bank = add(bank, again)
    assert len(bank) == 1 and bank[0].id == story.id
    assert bank[0].used_in == [WHERE, "Friday · Lee · q"]
    other = from_answer(critique(SAME_DOMAIN[0]), "Friday · Lee · q2")
    assert other is not None and len(add(bank, other)) == 2


def test_stories_round_trip_through_dicts() -> None:
    for story in (banked(), from_resume(RESUME)[0]):
        assert Story.from_dict(story.to_dict()) == story


@pytest.mark.parametrize(("text", "title"), [
    ("as a result, churn fell by 12%.", "Churn fell by 12%"),
    ("shipped the new onboarding flow: signups rose 20% in a month", "Shipped the new onboarding flow"),
    ("a" + " word" * 30, "A" + " word" * 13 + "…"),
])
def test_titles_are_short_and_clean(text: str, title: str) -> None:
    assert make_title(text) == title


def test_bank_markdown_shows_parts_prompts_and_where_told() -> None:
    assert "No stories yet" in bank_markdown([])
    story = add([banked()], from_answer(critique(RETOLD), "Friday · Lee · q"))  # type: ignore[arg-type]
    draft = from_resume(RESUME)[0]
    text = bank_markdown([draft, *story])
    assert text.startswith("## Story bank")
    assert text.index(story[0].title[:20]) < text.index("Cut late-payment")  # answers first
    assert f"*{story[0].score}/5* · from" in text
    assert "- **Task:** I was asked to make the run reliable" in text
    assert "- **Situation:** _\\[To fill in: where and when was this? What was at stake?\\]_" in text
    assert "*draft from your resume*\n" in text
    assert "- **Told in:** Monday practice" in text and "Friday · Lee · q" in text
    assert "late\\-payment" not in text  # only Markdown-significant characters are escaped
