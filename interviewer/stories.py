"""A story bank: the candidate's STAR stories, drafted from resume lines and strong answers.

Pure functions. Resume achievement lines become draft stories whose result is the line and whose
other parts are marked prompts to fill in; answers that scored 4 or more become stories split into
Situation/Task/Action/Result by the analyzer's sentence labels. `find_repeat` spots an answer that
retells a story already told, so the coach can ask for a fresh example in the second round.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from interviewer.documents import highlights
from interviewer.star import COMPONENTS, Analysis, Component, analyze
from interviewer.text import content_stems

Source = Literal["resume", "answer"]

MIN_SCORE = 4
"""An answer enters the bank when it scores at least this (out of 5)."""

REPEAT_THRESHOLD = 0.2
"""Jaccard similarity of content words above which an answer retells a banked story.

Measured on the cases in tests/test_stories.py: the same story retold in other words scores
0.3-0.5; a different story from the same company and domain (billing, invoices) about 0.1, and
one from another domain under 0.05. 0.2 sits in the middle of the gap."""

FILL_IN = "[To fill in: "
PROMPTS: dict[Component, str] = {
    "situation": FILL_IN + "where and when was this? What was at stake?]",
    "task": FILL_IN + "what were you asked to do, or what did you decide needed doing?]",
    "action": FILL_IN + "what did you do yourself, step by step? Say I, not we.]",
    "result": FILL_IN + "how did it end? Put a number on it.]",
}

_TITLE_CHARS = 70


@dataclass(frozen=True)
class Story:
    """One STAR story in the bank."""

    id: str
    title: str
    situation: str
    task: str
    action: str
    result: str
    source: Source
    origin: str
    """The resume line, or "session name · persona · question" for an answer."""
    score: int | None = None
    """The answer's 1-5 score; None for a resume draft."""
    used_in: list[str] = field(default_factory=list)
    """Where the story has been told (origins of answers that retold it)."""

    def part(self, component: Component) -> str:
        """The text of one STAR part ('' when empty)."""
        return str(getattr(self, component))

    def is_filled(self, component: Component) -> bool:
        """True when the part has the candidate's own text, not a prompt to fill in."""
        text = self.part(component).strip()
        return bool(text) and not text.startswith(FILL_IN)

    @property
    def is_draft(self) -> bool:
        """True while any STAR part is still a prompt or empty."""
        return not all(self.is_filled(c) for c in COMPONENTS)

    def text(self) -> str:
        """The story's own words: the filled parts, in STAR order."""
        return " ".join(self.part(c) for c in COMPONENTS if self.is_filled(c))

    def to_dict(self) -> dict[str, Any]:
        """JSON form, for storage."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Story:
        """Inverse of `to_dict`; unknown keys are ignored."""
        source: Source = "resume" if data.get("source") == "resume" else "answer"
        score = data.get("score")
        return cls(id=str(data["id"]), title=str(data.get("title", "")),
                   situation=str(data.get("situation", "")), task=str(data.get("task", "")),
                   action=str(data.get("action", "")), result=str(data.get("result", "")),
                   source=source, origin=str(data.get("origin", "")),
                   score=None if score is None else int(score),
                   used_in=[str(u) for u in data.get("used_in", [])])


def story_id(source: str, *parts: str) -> str:
    """A stable id: the same source text always gives the same id, across runs and machines."""
    normal = "\n".join(" ".join(p.split()).lower() for p in parts)
    return hashlib.sha1(f"{source}\n{normal}".encode()).hexdigest()[:12]


def origin_label(session: str, persona: str, question: str) -> str:
    """Where an answer was given, as shown in the bank and in repeat warnings."""
    return " · ".join(p.strip() for p in (session, persona, question) if p and p.strip())


_LEAD_IN = re.compile(
    r"^(?:as a result|in the end|by the end|eventually|finally|overall|so|and|then|after that|"
    r"afterwards|this meant that|which meant that)\s*,?\s+", re.IGNORECASE)


def make_title(text: str, limit: int = _TITLE_CHARS) -> str:
    """A short title from a sentence: lead-in words dropped, first letter capitalised, cut at a word
    boundary with an ellipsis when longer than `limit`."""
    text = " ".join(text.split()).rstrip(".;:!")
    text = _LEAD_IN.sub("", text)
    clause = re.split(r"[;:(]|\s[–—-]\s", text, maxsplit=1)[0].strip()
    if len(clause.split()) >= 4:
        text = clause
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;: ")
        text = cut + "…"
    return text[:1].upper() + text[1:]


def from_resume(text: str, limit: int = 8) -> list[Story]:
    """Draft stories from a resume's achievement lines: the line is the result, and the other parts
    are marked prompts for the candidate to fill in."""
    stories = []
    for line in highlights(text, limit=limit):
        stories.append(Story(
            id=story_id("resume", line), title=make_title(line),
            situation=PROMPTS["situation"], task=PROMPTS["task"], action=PROMPTS["action"],
            result=line[:1].upper() + line[1:] + ".", source="resume", origin=line,
        ))
    return stories


def _split(analysis: Analysis) -> dict[Component, str]:
    """Each sentence to one STAR part. A sentence with two labels goes to the later part (a task
    stated inside the scene-setting belongs to the task); an unlabelled sentence joins the part of
    the sentence before it (a detail of the same step), or the next one at the start."""
    chosen: list[Component | None] = [s.labels[-1] if s.labels else None for s in analysis.sentences]
    for i in range(len(chosen)):
        if chosen[i] is None and i > 0:
            chosen[i] = chosen[i - 1]
    for i in range(len(chosen) - 2, -1, -1):
        if chosen[i] is None:
            chosen[i] = chosen[i + 1]
    parts: dict[Component, list[str]] = {c: [] for c in COMPONENTS}
    for sentence, component in zip(analysis.sentences, chosen, strict=True):
        if component is not None:
            parts[component].append(sentence.text)
    return {c: " ".join(texts) for c, texts in parts.items()}


def from_answer(critique_record: Mapping[str, Any], where: str) -> Story | None:
    """A story from a stored critique (`{"question", "answer", ...}` as in `turn_record`) when the
    answer scores at least `MIN_SCORE`; None otherwise. The score is recomputed from the question
    and answer, so it matches what a restored session shows. `where` is its `origin_label`."""
    question = str(critique_record.get("question") or "")
    answer = str(critique_record.get("answer") or "")
    if not answer.strip():
        return None
    analysis = analyze(question, answer)
    if analysis.score < MIN_SCORE:
        return None
    parts = _split(analysis)
    headline = (analysis.evidence("result") or analysis.evidence("action")
                or [s.text for s in analysis.sentences[:1]])
    return Story(
        id=story_id("answer", question, answer), title=make_title(headline[0]),
        situation=parts["situation"], task=parts["task"], action=parts["action"],
        result=parts["result"], source="answer", origin=where, score=analysis.score,
        used_in=[where] if where else [],
    )


# --- repeats ------------------------------------------------------------------------------

# Words every story uses ("result", "team", "month"): they say nothing about which story it is.
_STORY_STOP = frozenset("""
asked result results outcome end ended went kept last previous current first next then after finally
job role company team manager time day days week weeks month months year years quarter made make
""".split())


def content_words(text: str) -> set[str]:
    """The stemmed content words of a text (shared stemmer and stop words), figures kept as digits."""
    return content_stems(text, _STORY_STOP)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity (0-1) of the content words of two texts."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def find_repeat(answer_text: str, stories: Iterable[Story],
                threshold: float = REPEAT_THRESHOLD) -> Story | None:
    """The story already told (non-empty `used_in`) that a new answer retells: the most similar at
    or above `threshold`, or None. Only the stories' own words count, never the fill-in prompts;
    resume drafts not yet told are not repeats. Check before adding the new answer to the bank."""
    best: tuple[float, Story] | None = None
    for story in stories:
        own = story.text()
        if not own or not story.used_in:
            continue
        score = similarity(answer_text, own)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, story)
    return best[1] if best else None


def repeat_warning(story: Story) -> str:
    """The coaching note for a retold story."""
    where = story.used_in[0] if story.used_in else story.origin
    return (f"You told this story before ({where}): bring a new example to the second round, so"
            " each interviewer hears something different.")


def add(stories: Sequence[Story], story: Story, threshold: float = REPEAT_THRESHOLD) -> list[Story]:
    """The bank with `story` added. The same story (same id, or a retelling above `threshold`) is
    not added twice: the banked one records where it was told again, and keeps the better-scored
    wording."""
    bank = list(stories)
    if any(old.id == story.id for old in bank):
        return bank
    match = find_repeat(story.text(), bank, threshold)
    if match is None:
        return [*bank, story]
    i = bank.index(match)
    used = list(dict.fromkeys([*match.used_in, *story.used_in]))
    better = story if (story.score or 0) > (match.score or 0) else match
    bank[i] = replace(better, id=match.id, used_in=used)
    return bank


# --- rendering ------------------------------------------------------------------------------

_LABEL = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}


def _md(text: str) -> str:
    """Text safe inside a Markdown line: no line breaks, no accidental emphasis or tables."""
    text = " ".join(text.split())
    return re.sub(r"([\\`*_|<>#\[\]])", r"\\\1", text)


def bank_markdown(stories: Sequence[Story]) -> str:
    """The story bank as Markdown: answers first (best score first), then resume drafts."""
    if not stories:
        return ("## Story bank\n\nNo stories yet. Upload a resume to draft some from your achievements,"
                " or give an answer that scores 4/5 or more to save it here.")
    ordered = sorted(stories, key=lambda s: (s.source != "answer", -(s.score or 0), s.title.lower()))
    lines = ["## Story bank", "", f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'}."]
    for story in ordered:
        tag = f"{story.score}/5" if story.score is not None else "draft from your resume"
        if story.source == "answer" and story.is_draft:
            tag += ", incomplete"
        where = f" · from {_md(story.origin)}" if story.source == "answer" and story.origin else ""
        lines += ["", f"### {_md(story.title)}", f"*{tag}*{where}", ""]
        for component in COMPONENTS:
            text = story.part(component)
            if story.is_filled(component):
                lines.append(f"- **{_LABEL[component]}:** {_md(text)}")
            else:
                prompt = text.strip() or PROMPTS[component]
                lines.append(f"- **{_LABEL[component]}:** _{_md(prompt)}_")
        told = [u for u in story.used_in if u]
        if len(told) > 1 or (told and story.source == "resume"):
            lines.append(f"- **Told in:** {'; '.join(_md(u) for u in told)}")
    return "\n".join(lines)
