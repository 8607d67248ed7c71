"""Sentence splitting robust to abbreviations, decimals, bullet lists and unpunctuated speech."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "approx", "no", "inc", "ltd",
    "jr", "sr", "st", "co", "corp", "dept", "est", "fig", "min", "max", "avg", "a.m", "p.m",
    "u.s", "u.k", "sept", "oct", "nov", "dec", "jan", "feb", "aug", "mt", "ph.d", "cf", "al",
}
_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", re.IGNORECASE)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
_RUNON_BREAK = re.compile(
    # "then" breaks a run-on, not inside "since then", "until then", "by then", "from then on", "back then"
    r"\s+(?=(?:and then|so then|so|(?<!since )(?<!until )(?<!by )(?<!from )(?<!back )then|but|"
    r"after that|in the end|eventually|which meant|"
    r"and that|because of that|as a result|at the end|and (?:i|we|they|he|she|it|our|now|my|the)|by the end|"
    r"and after|after (?:a|about|the|that|two|three|four|six) (?:week|month|year|day|quarter)s?)\b)",
    re.IGNORECASE,
)
_RUNON_WORDS = 22


def _is_abbreviation(text: str, dot_at: int) -> bool:
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot_at])
    if not match:
        return False
    if match.start(1) and text[match.start(1) - 1] in "'’":
        return False  # the end of a contraction ("it didn't."), not an initial
    token = match.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token not in {"i", "a"})


def _split_line(line: str, offset: int, runon: bool = True) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(line):
        dot_at = match.start()
        if line[dot_at] == "." and _is_abbreviation(line, dot_at):
            continue
        end = match.end()
        if line[start:end].strip():
            spans.append((start, end))
        start = end
    if line[start:].strip():
        spans.append((start, len(line)))
    result: list[tuple[int, int]] = []
    for s, e in spans:
        result.extend(_split_runon(line, s, e) if runon else [(s, e)])
    return [(offset + s, offset + e) for s, e in result]


def _split_runon(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Break long unpunctuated stretches (speech transcripts) at discourse markers."""
    piece = line[start:end]
    if len(piece.split()) <= _RUNON_WORDS:
        return [(start, end)]
    cuts = [start] + [start + m.start() for m in _RUNON_BREAK.finditer(piece) if m.start() > 0]
    spans: list[tuple[int, int]] = []
    last = cuts[0]
    for cut in cuts[1:]:
        if len(line[last:cut].split()) >= 6:
            spans.append((last, cut))
            last = cut
    spans.append((last, end))
    return spans


_FIRST_LETTER = re.compile(r"[A-Za-z]")


def is_unpunctuated(text: str) -> bool:
    """True for speech-like text: on average more than 30 words per sentence end or line break, unless it
    is written prose: three or more sentences, most of them opening on a capital (a writer's long sentences
    stay whole)."""
    ends = len(_END.findall(text)) + text.count("\n")
    if len(text.split()) <= 30 * max(ends, 1):
        return False
    pieces = [p for p in re.split(r"[.!?…]+\s+|\n", text) if _FIRST_LETTER.search(p)]
    cased = sum(1 for p in pieces if (m := _FIRST_LETTER.search(p)) and m.group(0).isupper())
    return not (len(pieces) >= 3 and 2 * cased > len(pieces))


def split_sentences(text: str) -> list[tuple[str, int, int]]:
    """Split an answer into sentences: (text, start, end), robust to abbreviations, decimals,
    bullet lists and transcripts without capitals or punctuation."""
    spans: list[tuple[int, int]] = []
    offset = 0
    # Discourse markers split only speech that lacks punctuation; a writer's long sentence stays whole.
    runon = is_unpunctuated(text)
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        bullet = _BULLET.match(body)
        skip = bullet.end() if bullet else 0
        spans.extend(_split_line(body[skip:], offset + skip, runon))
        offset += len(line)
    out = []
    for s, e in spans:
        raw = text[s:e]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if stripped:
            out.append((stripped, s + lead, s + lead + len(stripped)))
    return out
