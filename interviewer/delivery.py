"""How an answer was spoken: pace, fillers, long pauses, length, time per STAR part, thinking time.

Pure functions over timed words (from `interviewer.speech`, or built by hand in tests), the pauses
measured from the audio, and the STAR analysis of the transcript. No audio libraries; deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from interviewer import text
from interviewer.star import COMPONENTS, TARGET_SECONDS, Analysis
from interviewer.text import normalise

SHORT_SHARE = 0.75  # under 90 s of a 120 s target: rarely room for all four STAR parts with detail
LONG_SHARE = 1.25  # past 150 s of a 120 s target an interviewer stops listening
LONG_PAUSE_SECONDS = 1.0
SLOW_WPM = 110
FAST_WPM = 170
MANY_FILLERS_PER_MINUTE = 3.0
# Thinking time: from the end of the question to the first word of the answer. A few seconds to
# choose an example reads as composure; past 8 s the silence starts to feel long in a live interview.
LONG_THINKING_SECONDS = 8.0
# Starting without a plan, measured: the first word came within 1.5 s of the question ending, and the
# opening 15 s of speech held two or more stumbles (fillers, or pauses of a second or more).
QUICK_START_SECONDS = 1.5
OPENING_SECONDS = 15.0
OPENING_STUMBLES = 2

StarKey = str  # "situation" | "task" | "action" | "result" | "none"


@dataclass(frozen=True)
class Word:
    """One spoken word with its start and end in seconds and the recogniser's confidence."""

    start: float
    end: float
    text: str
    probability: float = 1.0


@dataclass(frozen=True)
class Delivery:
    """Delivery measurements of one spoken answer, and advice worded from them."""

    duration_seconds: float
    speaking_seconds: float
    word_count: int
    words_per_minute: float
    filler_words: dict[str, int]
    filler_count: int
    fillers_per_minute: float
    long_pauses: list[tuple[float, float]]
    target_seconds: int
    vs_target_seconds: float
    length: str  # "short" | "on target" | "long"
    star_time: dict[StarKey, float]
    advice: list[str] = field(default_factory=list)
    first_word_seconds: float | None = None
    """When the first word starts in the recording."""
    opening_stumbles: int = 0
    """Fillers and long pauses in the first OPENING_SECONDS of speech."""
    thinking_seconds: float | None = None
    """End of the question to the first word (None when unknown, as in the CLI)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        """Rebuild from `to_dict()` output (as stored with a spoken answer; older records lack the
        thinking-time fields)."""
        values = dict(data)
        values["long_pauses"] = [tuple(p) for p in values.get("long_pauses", [])]
        return cls(**values)

    @property
    def started_without_plan(self) -> bool:
        """A quick start followed by a stumbling opening (see QUICK_START_SECONDS)."""
        return (self.thinking_seconds is not None and self.thinking_seconds < QUICK_START_SECONDS
                and self.opening_stumbles >= OPENING_STUMBLES)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape under `delivery` in `interviewer critique --audio --json`."""
        return {
            "duration_seconds": self.duration_seconds,
            "speaking_seconds": self.speaking_seconds,
            "word_count": self.word_count,
            "words_per_minute": self.words_per_minute,
            "filler_words": dict(self.filler_words),
            "filler_count": self.filler_count,
            "fillers_per_minute": self.fillers_per_minute,
            "long_pauses": [[start, end] for start, end in self.long_pauses],
            "target_seconds": self.target_seconds,
            "vs_target_seconds": self.vs_target_seconds,
            "length": self.length,
            "star_time": dict(self.star_time),
            "advice": list(self.advice),
            "first_word_seconds": self.first_word_seconds,
            "opening_stumbles": self.opening_stumbles,
            "thinking_seconds": self.thinking_seconds,
        }


# --- words ---------------------------------------------------------------------------------

def filler_positions(words: Sequence[Word]) -> list[tuple[int, str]]:
    """Which words are fillers: (index of the filler's first word, filler name), in order. The
    same rule as the STAR analyzer's filler count (`text.filler_positions`), on timed words."""
    return text.filler_positions([w.text for w in words])


def count_fillers(words: Sequence[Word]) -> dict[str, int]:
    """Filler counts by name, sorted by name."""
    return text.count_fillers([w.text for w in words])


def transcript_text(words: Sequence[Word]) -> str:
    """The transcript as one string: the words joined by single spaces."""
    return " ".join(w.text.strip() for w in words if w.text.strip())


def _char_spans(words: Sequence[Word], text: str) -> list[tuple[int, int] | None]:
    """Where each word sits in `text`, found in order; None for a word the text does not contain."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for word in words:
        needle = word.text.strip()
        at = text.find(needle, cursor) if needle else -1
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(needle)))
        cursor = at + len(needle)
    return spans


def star_time(words: Sequence[Word], analysis: Analysis) -> dict[StarKey, float]:
    """Seconds spent on each STAR component, from each analysed sentence's span of the transcript.

    A word owns the time from its start to the next word's start (the last word: to its end), so
    the parts add up to the speaking time. A sentence with two labels shares its time equally;
    words in unlabelled sentences, or not found in the analysed text, count under "none".
    """
    seconds: dict[StarKey, float] = {c: 0.0 for c in (*COMPONENTS, "none")}
    spans = _char_spans(words, analysis.answer)
    sentences = analysis.sentences
    for i, word in enumerate(words):
        until = words[i + 1].start if i + 1 < len(words) else word.end
        length = max(0.0, until - word.start)
        span = spans[i]
        labels: tuple[str, ...] = ()
        if span is not None:
            for sentence in sentences:
                if sentence.start <= span[0] < sentence.end:
                    labels = sentence.labels
                    break
        if not labels:
            seconds["none"] += length
            continue
        for label in labels:
            seconds[label] += length / len(labels)
    return {key: round(value, 1) for key, value in seconds.items()}


def sentence_starts(words: Sequence[Word], analysis: Analysis) -> list[float | None]:
    """When each analysed sentence starts in the recording (None when no word maps to it)."""
    spans = _char_spans(words, analysis.answer)
    starts: list[float | None] = []
    for sentence in analysis.sentences:
        start = next((w.start for w, span in zip(words, spans, strict=True)
                      if span is not None and sentence.start <= span[0] < sentence.end), None)
        starts.append(start)
    return starts


def clock(seconds: float) -> str:
    """Seconds as m:ss."""
    return _clock(seconds)


# --- the measurements ----------------------------------------------------------------------

def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _advice(d: Delivery) -> list[str]:
    tips: list[str] = []
    if d.thinking_seconds is not None and d.thinking_seconds > LONG_THINKING_SECONDS:
        tips.append(f"You took {d.thinking_seconds:.0f} s before your first word; a few seconds is"
                    " fine, but past 8 s say so (\"Let me think of a good example\") and keep a"
                    " story ready for each competency.")
    elif d.started_without_plan:
        assert d.thinking_seconds is not None
        tips.append(f"You started {d.thinking_seconds:.1f} s after the question and stumbled"
                    f" {d.opening_stumbles} times in the first {OPENING_SECONDS:.0f} s; take two or"
                    " three seconds to pick your example and its result before you begin.")
    if d.length == "long":
        tips.append(f"At {_clock(d.duration_seconds)} the answer runs past the {_clock(d.target_seconds)}"
                    " target; keep the situation to two sentences and get to what you did sooner.")
    elif d.length == "short":
        tips.append(f"At {_clock(d.duration_seconds)} the answer is well short of the"
                    f" {_clock(d.target_seconds)} target; add the steps you took and a measured result.")
    if d.word_count >= 20 and d.words_per_minute < SLOW_WPM:
        tips.append(f"Your pace was {d.words_per_minute:.0f} words a minute; aim for 130-160 so the story"
                    " keeps moving.")
    elif d.words_per_minute > FAST_WPM:
        tips.append(f"Your pace was {d.words_per_minute:.0f} words a minute; slow to 130-160 so the"
                    " interviewer can take notes.")
    if d.fillers_per_minute > MANY_FILLERS_PER_MINUTE:
        top = ", ".join(f"{name!r} ×{n}" for name, n in
                        sorted(d.filler_words.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        tips.append(f"{d.filler_count} filler words ({d.fillers_per_minute:.1f} a minute: {top}); a short"
                    " silent pause sounds more confident than a filler.")
    if d.long_pauses:
        longest = max(end - start for start, end in d.long_pauses)
        if len(d.long_pauses) >= 3 or longest >= 3.0:
            tips.append(f"{len(d.long_pauses)} pauses over a second (longest {longest:.1f} s); know the"
                        " order of your story (situation, task, action, result) so it does not stall.")
    spoken = sum(d.star_time.values())
    if spoken >= 20:
        setup = d.star_time.get("situation", 0.0) + d.star_time.get("task", 0.0)
        action = d.star_time.get("action", 0.0)
        result = d.star_time.get("result", 0.0)
        if setup > 0.5 * spoken:
            tips.append(f"You spent {setup:.0f} s of {spoken:.0f} s on the situation and task and"
                        f" {action:.0f} s on what you did; give most of the time to your actions.")
        if result < 0.05 * spoken:
            tips.append(f"Only {result:.0f} s went on the result; close with the outcome and a number.")
    return tips


def measure(
    words: Sequence[Word],
    pauses: Sequence[tuple[float, float]],
    duration_seconds: float,
    analysis: Analysis | None = None,
    target_seconds: int = TARGET_SECONDS,
    long_pause_seconds: float = LONG_PAUSE_SECONDS,
    thinking_before_recording: float | None = None,
) -> Delivery:
    """Delivery figures for one spoken answer.

    Rates are per minute of speaking time (first word's start to last word's end), so silence
    before the first word or after the last does not lower them. `pauses` are silences measured
    from the audio; those of at least `long_pause_seconds` are reported as long pauses.
    `thinking_before_recording` is the time from the end of the question to the start of the
    recording (voice mode in the browser); with it, thinking time is measured and advised on.
    """
    counted = [w for w in words if normalise(w.text)]
    speaking = max(0.0, counted[-1].end - counted[0].start) if counted else 0.0
    minutes = speaking / 60
    fillers = count_fillers(counted)
    filler_count = sum(fillers.values())
    long_pauses = [(round(start, 2), round(end, 2)) for start, end in pauses
                   if end - start >= long_pause_seconds]
    if duration_seconds < SHORT_SHARE * target_seconds:
        length = "short"
    elif duration_seconds > LONG_SHARE * target_seconds:
        length = "long"
    else:
        length = "on target"
    times = star_time(counted, analysis) if analysis is not None else {}
    first = counted[0].start if counted else None
    stumbles = 0
    if first is not None:
        opening_end = first + OPENING_SECONDS
        stumbles = sum(1 for i, _ in filler_positions(counted) if counted[i].start < opening_end)
        stumbles += sum(1 for start, _ in long_pauses if first <= start < opening_end)
    result = Delivery(
        duration_seconds=round(duration_seconds, 2),
        speaking_seconds=round(speaking, 2),
        word_count=len(counted),
        words_per_minute=round(len(counted) / minutes, 1) if minutes > 0 else 0.0,
        filler_words=fillers,
        filler_count=filler_count,
        fillers_per_minute=round(filler_count / minutes, 2) if minutes > 0 else 0.0,
        long_pauses=long_pauses,
        target_seconds=target_seconds,
        vs_target_seconds=round(duration_seconds - target_seconds, 1),
        length=length,
        star_time=times,
        first_word_seconds=round(first, 2) if first is not None else None,
        opening_stumbles=stumbles,
        thinking_seconds=(round(max(0.0, thinking_before_recording) + first, 2)
                          if thinking_before_recording is not None and first is not None else None),
    )
    return replace(result, advice=_advice(result))


def with_thinking_time(d: Delivery, before_recording_seconds: float | None) -> Delivery:
    """`d` with its thinking time set: the seconds from the question's end to the start of the
    recording, plus the first word's offset in it; advice worded again. None or an unknown first
    word leaves it unknown."""
    if before_recording_seconds is None or d.first_word_seconds is None:
        return d
    thinking = round(max(0.0, before_recording_seconds) + d.first_word_seconds, 2)
    updated = replace(d, thinking_seconds=thinking)
    return replace(updated, advice=_advice(updated))


def render_markdown(d: Delivery) -> str:
    """A short Markdown block for the terminal or the web app."""
    fillers = ", ".join(f"{name} ×{n}" for name, n in d.filler_words.items()) or "none"
    pauses = ", ".join(f"{start:.1f}-{end:.1f} s" for start, end in d.long_pauses) or "none"
    lines = [
        "## Delivery",
        f"- Length: {_clock(d.duration_seconds)} ({d.length}; target {_clock(d.target_seconds)})",
        f"- Pace: {d.words_per_minute:.0f} words a minute",
        f"- Fillers: {d.filler_count} ({d.fillers_per_minute:.1f} a minute): {fillers}",
        f"- Long pauses: {pauses}",
    ]
    if d.thinking_seconds is not None:
        lines.append(f"- Thinking time: {d.thinking_seconds:.1f} s from the end of the question to"
                     " your first word")
    if d.star_time:
        lines.append("- Time per part: " + ", ".join(f"{k} {v:.0f} s" for k, v in d.star_time.items()))
    lines.extend(f"- {tip}" for tip in d.advice)
    return "\n".join(lines)
