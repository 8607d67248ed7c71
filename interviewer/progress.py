"""Progress across stored sessions: competency scores over time, STAR completeness, a summary.

Pure functions over stored sessions, with no I/O: each session is given as
`(session_id, name, created, turns)`, where `turns` are the dicts `InterviewSession.turn_record`
returns (a `store.TurnRow` works too). Scores and STAR parts are recomputed from each critique's
question and answer with the deterministic analyzer, the way a restored session recomputes them,
so the charts always agree with what the transcript shows.

Which answers count: as in an end-of-interview report, the last critique for each question of
each interviewer in a session (a reply to a follow-up probe is judged together with the answer it
completes, so the last critique covers the whole answer). Sessions are ordered by creation time;
`session_index` is 1-based in that order and is the same in every table, so a session without
answers leaves a gap rather than shifting the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import mean
from typing import Any

from interviewer.errors import InterviewerError
from interviewer.personas import PersonaLibrary
from interviewer.star import COMPONENTS, Analysis, analyze

StoredSession = tuple[str, str, float, Sequence[Any]]
"""(session_id, name, created as a Unix time, turns as stored)."""

GENERAL = "general"
"""The competency of an answer whose question is not in any persona file (renamed or removed)."""


@dataclass(frozen=True)
class _Answer:
    session_index: int
    session: str
    created: str
    persona: str
    competency: str
    analysis: Analysis


def _get(turn: Any, key: str) -> Any:
    if isinstance(turn, Mapping):
        return turn.get(key)
    return getattr(turn, key, None)


def _date(created: float) -> str:
    """ISO date (UTC) of a Unix time; an unusable time gives ''."""
    try:
        return datetime.fromtimestamp(float(created), tz=UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _competency(personas: PersonaLibrary | None, persona_id: str, question_id: str | None) -> str:
    if personas is None or not question_id:
        return GENERAL
    try:
        return personas.get(persona_id).question(question_id).competency
    except InterviewerError:
        return GENERAL


def _ordered(sessions: Sequence[StoredSession]) -> list[tuple[int, StoredSession]]:
    ordered = sorted(sessions, key=lambda s: float(s[2] or 0.0))  # stable: ties keep input order
    return [(i, s) for i, s in enumerate(ordered, start=1)]


def _answers(sessions: Sequence[StoredSession], personas: PersonaLibrary | None,
             cache: dict[tuple[str, str], Analysis]) -> list[_Answer]:
    """The counted answers of every session, in session order, analyses cached per input."""
    out: list[_Answer] = []
    for index, (_sid, name, created, turns) in _ordered(sessions):
        last: dict[tuple[str, str], tuple[str | None, Mapping[str, Any]]] = {}
        for turn in turns or ():
            critique = _get(turn, "critique")
            if _get(turn, "role") != "candidate" or not isinstance(critique, Mapping):
                continue
            answer = critique.get("answer")
            if not isinstance(answer, str) or not answer.strip():
                continue
            persona = str(_get(turn, "persona") or "")
            question_id = _get(turn, "question_id")
            key = (persona, str(question_id or _get(turn, "question") or critique.get("question") or ""))
            last.pop(key, None)  # re-insert so the order is that of the last critique
            last[key] = (question_id, critique)
        for (persona, _q), (question_id, critique) in last.items():
            question = str(critique.get("question") or "")
            inputs = (question, str(critique["answer"]))
            if inputs not in cache:
                cache[inputs] = analyze(*inputs)
            out.append(_Answer(index, str(name), _date(created), persona,
                               _competency(personas, persona, question_id), cache[inputs]))
    return out


def _by_session_competency(answers: list[_Answer]) -> dict[tuple[int, str], list[_Answer]]:
    groups: dict[tuple[int, str], list[_Answer]] = {}
    for a in answers:
        groups.setdefault((a.session_index, a.competency), []).append(a)
    return groups


def _score_rows(answers: list[_Answer]) -> list[dict[str, Any]]:
    rows = []
    for (index, competency), group in _by_session_competency(answers).items():
        rows.append({"session": group[0].session, "session_index": index, "created": group[0].created,
                     "competency": competency,
                     "score": round(mean(a.analysis.score for a in group), 2),
                     "answers": len(group)})
    rows.sort(key=lambda r: (r["session_index"], r["competency"]))
    return rows


def _star_rows(answers: list[_Answer]) -> list[dict[str, Any]]:
    sessions: dict[int, list[_Answer]] = {}
    for a in answers:
        sessions.setdefault(a.session_index, []).append(a)
    rows = []
    for index in sorted(sessions):
        group = sessions[index]
        for component in COMPONENTS:
            share = sum(a.analysis.star[component].present for a in group) / len(group)
            rows.append({"session": group[0].session, "session_index": index, "component": component,
                         "share": round(share, 3), "answers": len(group)})
    return rows


def competency_scores(sessions: Sequence[StoredSession],
                      personas: PersonaLibrary | None) -> list[dict[str, Any]]:
    """Mean answer score per competency per session, in session order, for a line plot.

    Rows: `{"session", "session_index", "created", "competency", "score", "answers"}`; `created`
    is the session's ISO date (UTC), `score` the mean 1-5 score, `answers` how many answers it
    averages. A session with no answers has no rows. Without a persona library every answer
    counts under "general"."""
    return _score_rows(_answers(sessions, personas, {}))


def star_completeness(sessions: Sequence[StoredSession]) -> list[dict[str, Any]]:
    """Share (0-1) of a session's answers that contain each STAR component, per session.

    Rows: `{"session", "session_index", "component", "share", "answers"}`, four per session that
    has answers, components in STAR order."""
    return _star_rows(_answers(sessions, None, {}))


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def summary(sessions: Sequence[StoredSession], personas: PersonaLibrary | None) -> dict[str, Any]:
    """Overall averages, the change from first to latest session per competency, and the weakest
    competency to practise. Safe on empty input: counts are 0 and averages None."""
    answers = _answers(sessions, personas, {})
    scored_sessions = sorted({a.session_index for a in answers})
    base: dict[str, Any] = {
        "sessions": len(sessions),
        "sessions_with_answers": len(scored_sessions),
        "answers": len(answers),
        "average_score": None,
        "first_average": None,
        "latest_average": None,
        "change": None,
        "star_completeness": {},
        "quantified_results": None,
        "competencies": [],
        "weakest": None,
        "practise": "",
        "lines": [],
    }
    if not answers:
        base["practise"] = ("No answers yet: finish an interview to see your progress." if sessions
                            else "No sessions yet: start an interview to see your progress.")
        base["lines"] = [base["practise"]]
        return base

    def session_mean(index: int) -> float:
        return mean(a.analysis.score for a in answers if a.session_index == index)

    first, latest = scored_sessions[0], scored_sessions[-1]
    base["average_score"] = round(mean(a.analysis.score for a in answers), 2)
    base["first_average"] = round(session_mean(first), 2)
    base["latest_average"] = round(session_mean(latest), 2)
    base["change"] = (round(session_mean(latest) - session_mean(first), 2)
                      if latest != first else None)
    base["star_completeness"] = {
        c: round(sum(a.analysis.star[c].present for a in answers) / len(answers), 3) for c in COMPONENTS
    }
    base["quantified_results"] = round(sum(a.analysis.quantified_result for a in answers) / len(answers), 3)

    groups = _by_session_competency(answers)
    names = sorted({a.competency for a in answers})
    competencies: list[dict[str, Any]] = []
    for name in names:
        indexes = sorted(i for i, c in groups if c == name)
        first_score = mean(a.analysis.score for a in groups[(indexes[0], name)])
        latest_score = mean(a.analysis.score for a in groups[(indexes[-1], name)])
        every = [a.analysis.score for a in answers if a.competency == name]
        if len(indexes) < 2:
            change, trend = None, "assessed in one session so far"
        else:
            change = round(latest_score - first_score, 2)
            if abs(change) < 0.05:
                trend = f"unchanged since {groups[(indexes[0], name)][0].session}"
            elif change > 0:
                trend = f"improved by {_signed(change)}"
            else:
                trend = f"dropped by {_signed(change)}"
        competencies.append({
            "competency": name,
            "label": name.replace("_", " "),
            "average": round(mean(every), 2),
            "answers": len(every),
            "sessions": len(indexes),
            "first": round(first_score, 2),
            "latest": round(latest_score, 2),
            "change": change,
            "trend": trend,
        })
    base["competencies"] = competencies
    # Practise where you stand lowest now: the latest score, then the overall average, then the name.
    weakest = min(competencies, key=lambda c: (c["latest"], c["average"], c["competency"]))
    base["weakest"] = {"competency": weakest["competency"], "label": weakest["label"],
                       "latest": weakest["latest"], "average": weakest["average"]}
    missing = min(COMPONENTS, key=lambda c: (base["star_completeness"][c], COMPONENTS.index(c)))
    base["practise"] = (f"Practise {weakest['label']}: your latest score there is {weakest['latest']:.1f}/5"
                        f" (average {weakest['average']:.1f} over {weakest['answers']} answer(s)).")
    lines = [f"{len(answers)} answer(s) over {len(scored_sessions)} session(s); average score"
             f" {base['average_score']:.1f}/5."]
    if base["change"] is not None:
        lines.append(f"First session {base['first_average']:.1f}/5, latest {base['latest_average']:.1f}/5"
                     f" ({_signed(base['change'])}).")
    for c in competencies:
        lines.append(f"{c['label'].capitalize()}: {c['latest']:.1f}/5, {c['trend']}.")
    if base["star_completeness"][missing] < 1:
        lines.append(f"STAR part most often missing: {missing}"
                     f" (present in {round(base['star_completeness'][missing] * 100)}% of answers).")
    lines.append(base["practise"])
    base["lines"] = lines
    return base


def summary_markdown(data: Mapping[str, Any]) -> str:
    """A summary from `summary` as Markdown, for the UI."""
    lines = ["## Your progress", ""]
    lines += [f"- {line}" for line in data.get("lines", [])]
    return "\n".join(lines)
