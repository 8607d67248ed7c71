"""After the interview: a specific thank-you note per interviewer met, and a decision check-in."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from interviewer import templates
from interviewer.session import InterviewSession, Turn

SEND_WITHIN = "Send each note within 24 hours of the interview, to each person separately."


@dataclass(frozen=True)
class Note:
    """A drafted message and who it is for."""

    to: str
    persona_id: str
    text: str


def _detail(turns: list[Turn]) -> tuple[str, str]:
    """Something specific from this conversation, and a sentence tying it to the candidate."""
    asked = [t for t in turns if t.role == "candidate" and t.kind == "candidate_question"]
    answers = [t for t in turns if t.role == "candidate" and t.critique is not None]
    if asked:
        question = asked[-1].text.strip().rstrip("?")
        reply = next((t for t in turns if t.role == "interviewer" and t.kind == "answer_candidate"
                      and turns.index(t) > turns.index(asked[-1])), None)
        connection = ("Your answer gave me a clearer picture of what success looks like in the role."
                      if reply else "")
        return f"hearing your view when I asked: “{question}?”", connection
    if answers:
        best = max(answers, key=lambda t: t.critique.analysis.score if t.critique else 0)
        question = (best.question or "").strip()
        if question:
            return (f"talking through your question “{question}”",
                    "It made me even more confident that my experience fits what the team needs.")
    return "learning more about the team and its priorities", ""


def thank_you_notes(session: InterviewSession, prompts_dir: Path, candidate: str = "[Your name]"
                    ) -> list[Note]:
    """One note per interviewer met, each citing something from that conversation."""
    notes: list[Note] = []
    for persona_id in session.progress:
        turns = [t for t in session.turns if t.persona_id == persona_id]
        if not any(t.role == "candidate" for t in turns):
            continue
        persona = session.personas.get(persona_id)
        detail, connection = _detail(turns)
        text = templates.render(templates.load(prompts_dir, "thank_you"), "thank_you.txt",
                                interviewer=persona.display_name, detail=detail,
                                connection=connection, candidate=candidate)
        notes.append(Note(persona.display_name, persona_id, text.replace("\n\n\n", "\n\n")))
    return notes


def check_in_email(session: InterviewSession, prompts_dir: Path, candidate: str = "[Your name]",
                   recruiter: str = "[Recruiter's name]", date: str | None = None) -> str:
    """A short, polite email for when the promised decision date has passed."""
    met = [session.personas.get(pid).display_name for pid in session.progress]
    names = ", ".join(met[:-1]) + (" and " if len(met) > 1 else "") + met[-1] if met else "the team"
    return templates.render(templates.load(prompts_dir, "check_in"), "check_in.txt",
                            recruiter=recruiter, interviewers=names,
                            date=date or time.strftime("%d %B %Y"), candidate=candidate)
