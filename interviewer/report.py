"""Typed end-of-interview reports and critique flags, each with its own Markdown and plain renderers.

`Report` (one interviewer) and `OverallReport` (every interviewer met) replace the plain dicts the UI
used to inspect at run time. Their `to_dict()` is the JSON shape the CLI prints and exports store;
`from_dict()` reads that shape back, so stored reports and fresh ones render the same way.
`FlagNote` names an analyzer flag (hypothetical, off-topic, not English, unclear ownership, label
stuffing) in words a candidate understands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interviewer.star import COMPONENTS, Analysis

_LABEL = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}

FLAG_TITLES: dict[str, str] = {
    "hypothetical": "Hypothetical answer",
    "off_topic": "Off-topic",
    "not_english": "Not in English",
    "ownership_unclear": "Unclear ownership",
    "label_stuffing": "STAR label stuffing",
}
"""Every analyzer flag and the name the critique shows for it."""

FLAG_EXPLANATIONS: dict[str, str] = {
    "hypothetical": "you said what you would do or usually do, not what you did one time; the question"
    " asks for a real example (score capped at 2).",
    "off_topic": "the story does not answer the question asked (score capped at 2).",
    "not_english": "the answer does not look like English, so it was not analysed for STAR parts.",
    "ownership_unclear": "nobody acts in the first person (passive voice or 'the team'), so your own"
    " part is unclear.",
    "label_stuffing": "STAR cue words ('the situation was', 'as a result') stand in for the story:"
    " say what happened, what you did and what changed (score capped at 2).",
}


@dataclass(frozen=True)
class FlagNote:
    """One analyzer flag as the critique names it."""

    flag: str
    title: str
    explanation: str

    @classmethod
    def of(cls, flag: str) -> FlagNote:
        """The note for a flag; an unknown flag keeps its own name so nothing is hidden."""
        return cls(flag, FLAG_TITLES.get(flag, flag.replace("_", " ").capitalize()),
                   FLAG_EXPLANATIONS.get(flag, ""))

    def markdown(self) -> str:
        """One Markdown bullet: the flag's name in bold, then why it was raised."""
        return f"- ⚑ **{self.title}**" + (f": {self.explanation}" if self.explanation else "")

    def plain(self) -> str:
        """One plain-text line: the flag's name, then why it was raised."""
        return f"[{self.title}]" + (f" {self.explanation}" if self.explanation else "")


def flag_notes(analysis: Analysis) -> tuple[FlagNote, ...]:
    """The flags of an analysis, in the analyzer's order, as notes."""
    return tuple(FlagNote.of(f) for f in analysis.flags)


@dataclass(frozen=True)
class CompetencyScore:
    """One competency of a persona: its description, the average score and the best evidence."""

    description: str
    score: float | None
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """The stored shape: description, score (None when not assessed), evidence."""
        return {"description": self.description, "score": self.score, "evidence": self.evidence}


@dataclass(frozen=True)
class AnswerScore:
    """A question and the score its answer got (the strongest or weakest of a report)."""

    question: str
    score: int

    def to_dict(self) -> dict[str, Any]:
        """The stored shape: question and score."""
        return {"question": self.question, "score": self.score}


def _number(value: Any) -> float | None:
    # Keep an int an int: a stored "5" must render as "5", as it did before the report was typed.
    return None if value is None else value if isinstance(value, int | float) else float(value)


@dataclass(frozen=True)
class Report:
    """The end-of-interview report for one persona."""

    persona: str
    interviewer: str
    answers: int
    summary: str
    competencies: dict[str, CompetencyScore] = field(default_factory=dict)
    star_completeness: dict[str, float] = field(default_factory=dict)
    practice_next: tuple[str, ...] = ()
    average_score: float | None = None
    quantified_results: float | None = None
    strongest: AnswerScore | None = None
    weakest: AnswerScore | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the CLI prints and exports store (a report with no answers omits the scores)."""
        data: dict[str, Any] = {"persona": self.persona, "interviewer": self.interviewer,
                                "answers": self.answers}
        if self.answers:
            data["average_score"] = self.average_score
        data["summary"] = self.summary
        data["competencies"] = {k: v.to_dict() for k, v in self.competencies.items()}
        data["star_completeness"] = dict(self.star_completeness)
        if self.answers:
            data["quantified_results"] = self.quantified_results
            data["strongest"] = self.strongest.to_dict() if self.strongest else None
            data["weakest"] = self.weakest.to_dict() if self.weakest else None
        data["practice_next"] = list(self.practice_next)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Read the shape `to_dict` writes (missing keys take their empty values)."""
        def answer(value: Any) -> AnswerScore | None:
            return AnswerScore(str(value["question"]), int(value["score"])) if value else None

        return cls(
            persona=str(data.get("persona", "")),
            interviewer=str(data.get("interviewer", "")),
            answers=int(data.get("answers") or 0),
            summary=str(data.get("summary", "")),
            competencies={str(k): CompetencyScore(str(v.get("description", "")), _number(v.get("score")),
                                                  str(v.get("evidence", "")))
                          for k, v in (data.get("competencies") or {}).items()},
            star_completeness={str(k): float(v) for k, v in (data.get("star_completeness") or {}).items()},
            practice_next=tuple(str(p) for p in data.get("practice_next") or ()),
            average_score=_number(data.get("average_score")),
            quantified_results=_number(data.get("quantified_results")),
            strongest=answer(data.get("strongest")),
            weakest=answer(data.get("weakest")),
        )

    @classmethod
    def coerce(cls, value: Report | Mapping[str, Any]) -> Report:
        """A Report from a Report or from its stored dict shape."""
        return value if isinstance(value, Report) else cls.from_dict(value)

    def _completeness(self) -> str:
        return ", ".join(f"{_LABEL.get(c, c)} {round(v * 100)}%" for c, v in self.star_completeness.items())

    def _ranked(self) -> list[tuple[str, AnswerScore]]:
        return [(name, item) for name, item in (("Strongest", self.strongest), ("Weakest", self.weakest))
                if item is not None]

    def markdown(self) -> str:
        """The report as Markdown: summary, competency table, completeness, best/worst, practice."""
        lines = [f"## Report: {self.interviewer}", "", self.summary]
        if self.competencies:
            lines += ["", "| competency | score | evidence |", "| --- | --- | --- |"]
            for key, value in self.competencies.items():
                score = value.score if value.score is not None else "–"
                lines.append(f"| {key} | {score} | {value.evidence} |")
        if self.star_completeness:
            lines += ["", "STAR completeness: " + self._completeness()]
        lines += [f"{name} answer: “{item.question}” ({item.score}/5)" for name, item in self._ranked()]
        if self.practice_next:
            lines += ["", "**Practise next**"] + [f"- {p}" for p in self.practice_next]
        return "\n".join(lines)

    def plain(self) -> str:
        """The report as plain text for a terminal or an email."""
        lines = [f"Report: {self.interviewer}", self.summary]
        for key, value in self.competencies.items():
            score = value.score if value.score is not None else "-"
            lines.append(f"  {key}: {score}" + (f" ({value.evidence})" if value.evidence else ""))
        if self.star_completeness:
            lines.append("STAR completeness: " + self._completeness())
        lines += [f"{name} answer: \"{item.question}\" ({item.score}/5)" for name, item in self._ranked()]
        if self.practice_next:
            lines += ["Practise next:"] + [f"  - {p}" for p in self.practice_next]
        return "\n".join(lines)


@dataclass(frozen=True)
class OverallReport:
    """One report across every interviewer met."""

    stakeholders: int
    summary: str
    answers: int = 0
    average_score: float | None = None
    star_completeness: dict[str, float] = field(default_factory=dict)
    strongest_stakeholder: str = ""
    weakest_stakeholder: str = ""
    practice_next: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the CLI prints (only `stakeholders` and `summary` when nobody was met)."""
        if not self.stakeholders:
            return {"stakeholders": 0, "summary": self.summary}
        return {
            "stakeholders": self.stakeholders,
            "answers": self.answers,
            "average_score": self.average_score,
            "star_completeness": dict(self.star_completeness),
            "strongest_stakeholder": self.strongest_stakeholder,
            "weakest_stakeholder": self.weakest_stakeholder,
            "practice_next": list(self.practice_next),
            "summary": self.summary,
        }

    def markdown(self) -> str:
        """The overall picture as Markdown."""
        lines = ["## Overall", "", self.summary]
        if self.practice_next:
            lines += ["", "**Practise next**"] + [f"- {p}" for p in self.practice_next]
        return "\n".join(lines)

    def plain(self) -> str:
        """The overall picture as plain text."""
        return "\n".join(["Overall", self.summary] + [f"  - {p}" for p in self.practice_next])


def overall(reports: Mapping[str, Report | Mapping[str, Any]]) -> OverallReport:
    """One report across every stakeholder met: averages, completeness and what to practise."""
    met = [r for r in (Report.coerce(v) for v in reports.values()) if r.answers]
    if not met:
        return OverallReport(0, "No answers yet, so there is no overall picture.")
    total = sum(r.answers for r in met)
    average = round(sum((r.average_score or 0.0) * r.answers for r in met) / total, 1)
    completeness: dict[str, float] = {
        c: round(sum(r.star_completeness.get(c, 0.0) * r.answers for r in met) / total, 2)
                    for c in COMPONENTS}
    counts: dict[str, int] = {}
    for r in met:
        for p in r.practice_next:
            counts[p] = counts.get(p, 0) + 1
    practice = tuple(sorted(counts, key=lambda p: -counts[p])[:3])
    ranked = sorted(met, key=lambda r: r.average_score or 0.0)
    return OverallReport(
        stakeholders=len(met), answers=total, average_score=average, star_completeness=completeness,
        strongest_stakeholder=ranked[-1].interviewer, weakest_stakeholder=ranked[0].interviewer,
        practice_next=practice,
        summary=f"{total} answers across {len(met)} interviewer(s), average {average}/5;"
                f" strongest with {ranked[-1].interviewer}, weakest with {ranked[0].interviewer}.",
    )
