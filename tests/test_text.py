from __future__ import annotations

import math

import pytest

from interviewer.text import (
    content_stems,
    count_fillers,
    count_hedges,
    filler_positions,
    looks_english,
    looks_past_tense,
    percentile,
    stem,
    words,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [("reduced", "reducing"), ("conflicts", "conflict"), ("prioritise", "prioritizing"),
     ("managed", "management"), ("failed", "failure"), ("leadership", "leader"), ("two", "2")],
)
def test_stem_joins_inflections_and_spellings(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_content_stems_drop_stop_words_and_extra_words() -> None:
    stems = content_stems("Tell me about a time you resolved a conflict", extra_stop={"tell", "time"})
    assert stems == {stem("resolved"), stem("conflict")}


def test_words_keep_decimals_and_drop_edge_punctuation() -> None:
    assert words("We cut it to 3.2 seconds, (e-mail)!") == ["we", "cut", "it", "to", "3.2", "seconds",
                                                         "e-mail"]


def test_fillers_count_like_only_as_a_filler() -> None:
    text = "um so I, like, basically fixed it, you know, and uh I'd like to say it worked"
    assert count_fillers(text) == {"basically": 1, "like": 1, "uh": 1, "um": 1, "you know": 1}
    assert count_fillers(text.split()) == count_fillers(text)


def test_you_know_in_a_question_is_not_a_filler() -> None:
    assert filler_positions("Do you know?".split()) == []


def test_hedges_are_counted_by_phrase() -> None:
    assert count_hedges("I think it maybe worked, I think.") == {"i think": 2, "maybe": 1}


@pytest.mark.parametrize(
    ("word", "past"),
    [("Traced", True), ("rewrote", True), ("Profiled", True), ("shut", True), ("need", False),
     ("speed", False), ("hundred", False), ("trace", False)],
)
def test_past_tense_by_form(word: str, past: bool) -> None:
    assert looks_past_tense(word) is past


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("so i went there and like fixed the scheduling problem", True),
        ("I have collected the crash logs and I have seen that all crashes are coming", True),
        ("Je pense que j'ai beaucoup travaillé sur ce projet.", False),
        ("El año pasado tuve un cliente muy enfadado porque su pedido llegó tarde.", False),
        ("Ich habe letztes Jahr ein Team von acht Entwicklern geleitet.", False),
        ("Прошлым летом я руководил проектом по переезду склада.", False),
        ("Yes.", True),
    ],
)
def test_looks_english(text: str, english: bool) -> None:
    assert looks_english(text) is english


def test_percentile_interpolates_and_handles_edges() -> None:
    assert percentile([1, 2, 3, 4], 0.5) == pytest.approx(2.5)
    assert percentile([4, 1, 3, 2], 1.0) == 4
    assert percentile([7], 0.95) == 7
    assert math.isnan(percentile([], 0.5))
    with pytest.raises(ValueError):
        percentile([1.0], 1.5)
