from __future__ import annotations

import pytest

from interviewer.star import analyze, has_measured_quantity, split_sentences
from tests.conftest import STRONG_ANSWER, THIN_ANSWER

Q = "Tell me about a time you improved a process."


def texts(answer: str) -> list[str]:
    return [t for t, _, _ in split_sentences(answer)]


def test_split_keeps_abbreviations_and_decimals_together() -> None:
    answer = "We cut load time to 3.2 seconds, e.g. on the Dr. Lee dashboard. Then I left."
    assert texts(answer) == ["We cut load time to 3.2 seconds, e.g. on the Dr. Lee dashboard.",
                             "Then I left."]


def test_split_treats_bullets_as_sentences() -> None:
    answer = "What I did:\n- mapped the process\n- removed two approvals\n1. trained the team"
    assert texts(answer) == ["What I did:", "mapped the process", "removed two approvals",
                             "trained the team"]


def test_split_breaks_long_transcripts_without_punctuation() -> None:
    answer = ("um so last year our team was behind on the release and i was asked to lead the fix"
              " so i set up daily standups with the qa folks and the designers and we shipped two"
              " weeks early which meant the client renewed")
    parts = texts(answer)
    assert len(parts) >= 3
    assert "".join(parts).replace(" ", "") == answer.replace(" ", "")


def test_spans_point_back_into_the_answer() -> None:
    for text, start, end in split_sentences(STRONG_ANSWER):
        assert STRONG_ANSWER[start:end] == text


@pytest.mark.parametrize(
    ("text", "measured"),
    [
        ("Failed runs dropped from 9 a month to zero.", True),
        ("Sales rose 12% in the quarter.", True),
        ("We saved about $40k a year.", True),
        ("It saved the team ten hours a week.", True),
        ("We shipped two weeks early.", True),
        ("We finished within three months.", False),
        ("Things got much better after that.", False),
        ("In 2021 the client was happy.", False),
    ],
)
def test_measured_quantities_exclude_bare_timeframes(text: str, measured: bool) -> None:
    assert has_measured_quantity(text) is measured


def test_strong_answer_has_all_four_parts_and_a_high_score() -> None:
    a = analyze(Q, STRONG_ANSWER)
    assert a.present == ["situation", "task", "action", "result"]
    assert a.quantified_result and a.ownership == "I"
    assert a.score >= 4


def test_thin_we_answer_scores_low_with_reasons() -> None:
    a = analyze(Q, THIN_ANSWER)
    assert a.score <= 2
    assert a.reasons
    assert "too_short" in a.gaps


def test_we_only_actions_are_flagged() -> None:
    answer = ("Our warehouse kept missing pick targets. We reorganised the shelves, we retrained"
              " the night shift and we added scanners. Picks per hour went up 25%.")
    a = analyze(Q, answer)
    assert a.ownership == "we"
    assert "we_only" in a.gaps


def test_fillers_are_counted() -> None:
    a = analyze(Q, "um so I, like, basically fixed it, you know, and uh it worked")
    assert a.filler_words.get("um") == 1 and a.filler_words.get("you know") == 1


@pytest.mark.parametrize("answer", ["", "Yes.", "x" * 50_000, "• one\n• two\n• three",
                                    "Je pense que j'ai beaucoup travaillé sur ce projet."])
def test_bad_input_never_crashes_and_scores_low(answer: str) -> None:
    a = analyze(Q, answer)
    assert 1 <= a.score <= 2
    assert a.reasons


def test_backdrop_in_past_perfect_is_situation_and_outcome_is_result() -> None:
    answer = ("Our late-delivery rate had hit 14% and two customers were threatening to leave."
              " I was asked to fix the routing. I rebuilt the schedule around drop windows and"
              " retrained the planners. Both customers renewed and late deliveries fell to 3%.")
    a = analyze(Q, answer)
    assert a.sentences[0].labels == ("situation",)
    assert "result" in a.sentences[-1].labels and a.quantified_result


def test_lowercase_transcript_is_not_marked_down_for_missing_names() -> None:
    answer = ("so last year our warehouse kept missing pick targets and i was asked to sort it out"
              " so i mapped the routes with the shift leads and i moved the fast sellers near the"
              " dock and by the end of the month picks per hour went up 25 percent")
    a = analyze(Q, answer)
    assert not any("specifics" in r for r in a.reasons)


def test_evaluator_spearman_and_alignment() -> None:
    from evals.evaluate_star import align_labels, average_ranks, spearman

    assert average_ranks([3.0, 1.0, 3.0]) == [2.5, 1.0, 2.5]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    predicted = [((0, 10), ("situation",)), ((10, 40), ("action",))]
    assert align_labels((0, 30), predicted) == {"action"}
    assert align_labels((0, 12), predicted) == {"situation"}
