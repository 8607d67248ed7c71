"""Delivery metrics on hand-built timed words: fast, no audio."""

from __future__ import annotations

import pytest

from interviewer.delivery import (
    Word,
    count_fillers,
    measure,
    normalise,
    render_markdown,
    star_time,
    transcript_text,
)
from interviewer.star import analyze


def timed(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    """One Word per space-separated token, each `step` seconds long, back to back."""
    return [Word(round(start + i * step, 2), round(start + (i + 1) * step, 2), token)
            for i, token in enumerate(text.split())]


def test_normalise_strips_punctuation_and_case() -> None:
    assert normalise("Um,") == "um"
    assert normalise("I’m") == "i'm"
    assert normalise("...") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, so I, uh, fixed it.", {"uh": 1, "um": 1}),
        ("Umm erm hmm ah", {"ah": 1, "er": 1, "hmm": 1, "um": 1}),
        ("It was, like, really slow.", {"like": 1}),
        ("I'd like to say it looks like rain.", {}),
        ("So um like we shipped.", {"like": 1, "um": 1}),
        ("You know, it broke. I mean, badly.", {"i mean": 1, "you know": 1}),
        ("What I mean is that you know the code.", {}),
        ("Do you know? I mean it.", {"i mean": 1}),
        ("We basically rewrote it, literally.", {"basically": 1, "literally": 1}),
    ],
)
def test_filler_words(text: str, expected: dict[str, int]) -> None:
    assert count_fillers(timed(text)) == expected


def test_rates_use_speaking_time_and_pauses_are_passed_through() -> None:
    # 60 words over 30 s of speech, after 2 s of silence: 120 words a minute, 3 fillers -> 6 a minute.
    words = timed(" ".join(["um"] * 3 + ["word"] * 57), start=2.0, step=0.5)
    d = measure(words, [(10.0, 12.5), (20.0, 20.6)], duration_seconds=33.0)
    assert d.word_count == 60
    assert d.speaking_seconds == pytest.approx(30.0)
    assert d.words_per_minute == pytest.approx(120.0)
    assert d.filler_words == {"um": 3}
    assert d.fillers_per_minute == pytest.approx(6.0)
    assert d.long_pauses == [(10.0, 12.5)]  # the 0.6 s pause is not long
    assert d.length == "short"
    assert d.vs_target_seconds == pytest.approx(-87.0)
    assert d.star_time == {}
    assert any("filler" in tip for tip in d.advice)


def test_length_against_the_target() -> None:
    words = timed("word " * 10)
    assert measure(words, [], 120.0).length == "on target"
    assert measure(words, [], 200.0).length == "long"
    assert measure(words, [], 200.0, target_seconds=240).length == "on target"
    assert "past the 2:00 target" in " ".join(measure(words, [], 200.0).advice)


def test_no_words() -> None:
    d = measure([], [], 5.0)
    assert d.words_per_minute == 0.0
    assert d.fillers_per_minute == 0.0
    assert d.filler_words == {}


def test_star_time_maps_sentences_to_word_times() -> None:
    situation = "At my last job our nightly billing run kept failing and invoices went out late."
    task = "I was asked to make the run reliable before the quarter closed."
    action = "I traced the failures to a lock and rewrote the batch job in three stages."
    result = "As a result failed runs dropped from 9 a month to zero."
    words = (timed(situation, 0.0, 1.0) + timed(task, 20.0, 0.5) + timed(action, 30.0, 1.0)
             + timed(result, 50.0, 0.5))
    text = transcript_text(words)
    analysis = analyze("Tell me about a time you fixed something", text)
    assert [s.labels for s in analysis.sentences] == [("situation",), ("task",), ("action",), ("result",)]
    times = star_time(words, analysis)
    # Each word owns the time up to the next word's start, so the gap after a sentence goes to it.
    assert times == {"situation": 20.0, "task": 10.0, "action": 20.0, "result": 6.0, "none": 0.0}
    assert sum(times.values()) == pytest.approx(words[-1].end - words[0].start)
    d = measure(words, [], 56.0, analysis)
    assert d.star_time == times
    assert d.to_dict()["star_time"] == times


def test_star_time_survives_text_that_differs_from_the_words() -> None:
    words = timed("I rewrote the job. As a result runs dropped by 50%.", step=1.0)
    analysis = analyze("q", "I rewrote the job. As a result runs dropped by 50%.  (edited)")
    times = star_time(words, analysis)
    assert sum(times.values()) == pytest.approx(11.0)
    unrelated = analyze("q", "Nothing in common here.")
    assert star_time(words, unrelated)["none"] == pytest.approx(11.0)


def test_advice_on_setup_heavy_slow_answer() -> None:
    situation = " ".join(["Our team had a long and complicated history with the billing system."] * 6)
    action = "I rewrote the batch job."
    words = timed(situation, 0.0, 0.8) + timed(action, 70.0, 0.8)
    analysis = analyze("q", transcript_text(words))
    d = measure(words, [(5.0, 9.0)], 75.0, analysis)
    advice = " ".join(d.advice)
    assert "words a minute" in advice  # 77 words in ~74 s
    assert "situation and task" in advice
    assert "result" in advice
    assert "pauses over a second" in advice  # one 4 s pause


def test_to_dict_shape_and_markdown() -> None:
    words = timed("Um, I fixed it. You know, it worked.")
    d = measure(words, [(1.0, 2.5)], 4.0, analyze("q", transcript_text(words)))
    data = d.to_dict()
    for key in ("duration_seconds", "words_per_minute", "fillers_per_minute", "filler_words",
                "long_pauses", "star_time", "advice", "target_seconds", "length"):
        assert key in data
    assert data["long_pauses"] == [[1.0, 2.5]]
    text = render_markdown(d)
    assert "## Delivery" in text and "um ×1" in text and "1.0-2.5 s" in text


# --- thinking time -------------------------------------------------------------------------

PLANNED = "At my last job the billing run failed every night. I was asked to fix it. I rewrote it."
STUMBLING = "Um, so, uh, at my last job, um, the billing run failed. I rewrote it and it worked."


def test_thinking_time_is_the_gap_plus_the_first_word() -> None:
    words = timed(PLANNED, start=1.2)
    d = measure(words, [], 30.0, thinking_before_recording=2.5)
    assert d.first_word_seconds == 1.2
    assert d.thinking_seconds == pytest.approx(3.7)
    assert not any("before your first word" in tip or "pick your example" in tip for tip in d.advice)
    assert "Thinking time: 3.7 s" in render_markdown(d)


def test_thinking_time_is_absent_without_the_question_end() -> None:
    d = measure(timed(PLANNED, start=1.2), [], 30.0)
    assert d.thinking_seconds is None and d.first_word_seconds == 1.2
    assert "Thinking time" not in render_markdown(d)
    assert d.to_dict()["thinking_seconds"] is None


def test_long_thinking_time_is_advised() -> None:
    d = measure(timed(PLANNED, start=3.0), [], 30.0, thinking_before_recording=6.0)
    assert d.thinking_seconds == 9.0
    assert any("You took 9 s before your first word" in tip for tip in d.advice)


def test_starting_without_a_plan_is_measured() -> None:
    words = timed(STUMBLING, start=0.3)
    quick = measure(words, [(3.0, 4.5)], 30.0, thinking_before_recording=0.4)
    assert quick.opening_stumbles >= 3  # um, uh, um, and the 1.5 s pause
    assert quick.started_without_plan
    assert any("pick your example" in tip for tip in quick.advice)
    # The same opening after five seconds of thought is not "without a plan".
    considered = measure(words, [(3.0, 4.5)], 30.0, thinking_before_recording=5.0)
    assert not considered.started_without_plan
    # A quick, clean start is fine.
    clean = measure(timed(PLANNED, start=0.3), [], 30.0, thinking_before_recording=0.2)
    assert clean.opening_stumbles == 0 and not clean.started_without_plan


def test_thinking_time_added_later_and_older_records() -> None:
    from interviewer.delivery import Delivery, with_thinking_time

    d = measure(timed(STUMBLING, start=0.3), [], 30.0)
    later = with_thinking_time(d, 0.5)
    assert later.thinking_seconds == 0.8 and later.started_without_plan
    assert later.advice != d.advice
    assert with_thinking_time(d, None) is d
    stored = d.to_dict()
    for key in ("first_word_seconds", "opening_stumbles", "thinking_seconds"):
        stored.pop(key)  # a record stored before thinking time existed
    assert Delivery.from_dict(stored).thinking_seconds is None
    assert Delivery.from_dict(later.to_dict()) == later
