"""What the interviewer does next: pure decisions from the persona, the progress and the findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from interviewer.personas import Persona, Question
from interviewer.star import Analysis
from interviewer.templates import render

MoveKind = Literal[
    "opening", "handover", "question", "probe", "invite_questions", "answer_candidate",
    "closing",
]

# Gaps worth a probe even when the answer scored well; others only when it scored 3 or lower.
_ALWAYS_PROBE = {"off_topic", "too_short", "missing_result", "unquantified_result", "we_only"}
_DECLINE = re.compile(
    r"^\s*(?:no|nope|none|nothing|not really|no,? thanks?|no,? thank you|no questions?|i'?m good|"
    r"i'?m fine|that'?s (?:all|it|everything)|all good|i think that'?s (?:all|it)|not at the moment|"
    r"nothing (?:else|more|from me))\b[\s\S]{0,60}$",
    re.IGNORECASE,
)


@dataclass
class Progress:
    """Where one persona's part of the interview stands."""

    persona_id: str
    plan: list[str]
    asked: list[str] = field(default_factory=list)
    probes_on_current: int = 0
    candidate_questions: int = 0
    phase: Literal["questions", "candidate_questions", "closed"] = "questions"

    @property
    def current(self) -> str | None:
        """The id of the question now being answered."""
        return self.asked[-1] if self.asked else None

    @property
    def remaining(self) -> list[str]:
        """Planned questions not yet asked."""
        return [q for q in self.plan if q not in self.asked]


@dataclass(frozen=True)
class Move:
    """One interviewer turn as decided by code: what to do and the template wording of it."""

    kind: MoveKind
    persona_id: str
    draft: str
    note: str
    question_id: str | None = None
    question: str | None = None
    """The question as asked (with its resume citation), when this move asks one."""
    probe: str | None = None


def plan_questions(persona: Persona, count: int, offset: int = 0) -> list[str]:
    """Pick `count` questions, interleaving behavioral, situational and persona-specific ones.

    `offset` rotates the choice so repeated sessions meet new questions.
    """
    by_kind: dict[str, list[Question]] = {"behavioral": [], "situational": [], "persona": []}
    for question in persona.questions:
        by_kind[question.kind].append(question)
    for kind, items in by_kind.items():
        if items:
            shift = offset % len(items)
            by_kind[kind] = items[shift:] + items[:shift]
    order = ["behavioral", "situational", "behavioral", "persona", "situational", "persona"]
    chosen: list[str] = []
    while len(chosen) < min(count, len(persona.questions)):
        progressed = False
        for kind in order:
            pool = [q for q in by_kind[kind] if q.id not in chosen]
            if pool and len(chosen) < count:
                chosen.append(pool[0].id)
                progressed = True
        if not progressed:
            break
    return chosen


def question_text(question: Question, highlights: list[str], used: set[str]) -> tuple[str, str | None]:
    """The question as asked: the resume-citing variant when a fresh highlight is available."""
    if question.resume_hook:
        for highlight in highlights:
            if highlight not in used:
                return render(question.resume_hook, question.id, highlight=f"“{highlight}”"), highlight
    return question.text, None


def needs_probe(analysis: Analysis) -> str | None:
    """The gap to probe, or None when the answer is solid enough to move on."""
    if not analysis.gaps:
        return None
    top = analysis.gaps[0]
    if top in _ALWAYS_PROBE or analysis.score <= 3:
        return top
    return None


def is_decline(text: str) -> bool:
    """True when the candidate says they have no (more) questions."""
    return bool(_DECLINE.match(text)) and "?" not in text


def answer_candidate_question(persona: Persona, text: str) -> str:
    """The persona's answer to the candidate's question: the topic whose keywords match most."""
    lowered = text.lower()
    best, best_hits = persona.default_candidate_answer, 0
    for item in persona.candidate_answers:
        hits = sum(1 for keyword in item.keywords if keyword.lower() in lowered)
        if hits > best_hits:
            best, best_hits = item.answer, hits
    return best


_LOGISTICS = re.compile(
    r"\b(?:salary|pay|paid|compensation|bonus|benefits?|vacation|holidays?|pto|leave|remote|"
    r"hybrid|office|hours|overtime|start date|when (?:can|do) i start|parking|dress code|"
    r"relocat\w*|visa|perks?)\b", re.IGNORECASE)
_INSIGHT = re.compile(
    r"\b(?:strateg\w*|priorit\w*|next (?:year|quarter|12 months)|first (?:year|90 days|six months)|"
    r"success|measure\w*|challenges?|industry|market|competit\w*|shift\w*|trends?|vision|"
    r"long[- ]term|roadmap|goals?|decisions?|disagree\w*|culture|values|mission|growth|"
    r"obstacles?|risks?|why (?:is|did) (?:the|this) (?:role|position)|team(?:'s)? (?:biggest|main))\b",
    re.IGNORECASE)
_BASIC = re.compile(r"\b(?:what does (?:the|your) company do|what do you (?:do|sell|make)|"
                    r"how (?:big|many people)|where (?:is|are) (?:the|your) (?:office|headquarters))\b",
                    re.IGNORECASE)


def rate_candidate_question(text: str) -> tuple[str, str]:
    """How a candidate's own question lands in a second round: a rating and why."""
    if _LOGISTICS.search(text):
        return ("logistics", "Logistics question: fine for the recruiter, but it spends a second-round"
                " slot. Ask about the team's strategy or the role's priorities instead.")
    if _BASIC.search(text):
        return ("basic", "Basic research question: the answer is on the company's site. Show you have"
                " done that research and ask what it does not tell you.")
    if _INSIGHT.search(text):
        return ("insightful", "Insightful question: it shows strategic thinking about the role and"
                " the business.")
    return ("general", "A fair question. Sharper still: tie it to strategy, the role's priorities"
            " for the next year, or how the company is responding to shifts in its industry.")
