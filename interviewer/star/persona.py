"""Questions about the candidate rather than a story ("Why do you want to work here?"): their grade.

A STAR story is not what such a question asks for, so counting Situation/Task/Action/Result marks a
good answer down. A good interviewer looks for two things instead: evidence from the candidate's own
experience, and a reason tied to this employer or role; generic self-praise and hedging count against.
"""

from __future__ import annotations

import re

from interviewer.star.cues import _rx
from interviewer.star.model import TOO_SHORT_WORDS
from interviewer.star.question import _past_narrative, is_behavioural
from interviewer.text import content_stems

_PERSONA_Q = _rx(r"\bwhy (?:do|did|are|would|should) (?:you|we)\b", r"\bwhy (?:this|our|here)\b",
                 r"\bwhat (?:motivates|drives|interests|excites|attracts) you\b",
                 r"\bwhat (?:are|is) your (?:greatest |biggest |main |key )?(?:strengths?|weakness(?:es)?|"
                 r"motivations?|goals?|ambitions?)\b", r"\bwhere do you see yourself\b",
                 r"\btell (?:me|us) (?:a bit )?about yourself\b",
                 r"\bwhat made you (?:want|choose|decide)\b", r"\bhow would you describe yourself\b",
                 r"\bwhat do you know about (?:us|our)\b", r"\bwhat would you (?:change|bring)\b")
# Experience the candidate can point to: "I've spent five years as a ward nurse", "in my last job".
_EXPERIENCE = _rx(r"\b(?:i've|i have|i had|i'd)\s+(?:been|spent|worked|run|led|managed|built|taught|driven|"
                  r"got|done|trained|studied)\b",
                  r"\bin my (?:last|current|previous|old) (?:job|role|position|team)\b",
                  r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+years\b")
# A reason tied to this employer or role: "your restaurant", "this role", "you're the only operator".
_FIT = _rx(r"\b(?:your|you're|you are)\b", r"\bthis (?:role|job|position|team|company|trust|school|firm)\b",
           r"\bwork(?:ing)? here\b")
# What the candidate wants from the move: "I want to be the person who...", "that's what draws me".
_WANTS = _rx(r"\bi (?:really )?(?:want|wanted)\b", r"\bi(?:'d| would) (?:really )?(?:like|love)\b",
             r"\bi(?:'m| am) (?:keen|looking|ready|drawn)\b", r"\b(?:that's|that is) (?:what|why)\b",
             r"\bdraws? me\b", r"\bappeals? to me\b", r"\bthe chance to\b")
# Where the question says the candidate is going: "...into maintenance planning", "...work as a registrar".
_TARGET = re.compile(r"\b(?:into|become|as an?|join|joining|in|at|for)\s+(?!order\b)(.*)$", re.IGNORECASE)
# Self-description with nothing behind it.
_CLAIMS = _rx(r"\bhard[- ]?work(?:ing|er)\b", r"\breliable\b", r"\bfast learner\b", r"\bgood with people\b",
              r"\bpeople person\b", r"\bteam player\b", r"\bgreat fit\b", r"\bunder pressure\b",
              r"\bget on with everyone\b", r"\bperfectionist\b", r"\bpassionate\b",
              r"\bi'm (?:a|the) (?:kind|type) of person\b")


def is_persona(question: str) -> bool:
    """True for a question about the candidate (motivation, strengths, fit), not a story or a scenario."""
    return bool(_PERSONA_Q.search(question)) and not is_behavioural(question)


# Words of any question about a move that name no place in particular.
_MOVING = frozenset("move moving role job work working position career".split())


def ties_to_the_role(question: str, answer: str) -> bool:
    """The answer says why this employer or role: it addresses them ("your firm", "this role"), or says what
    the candidate wants about the place the question names ("...into maintenance planning": "I want to be the
    planner who builds those packages")."""
    if _FIT.search(answer):
        return True
    target = _TARGET.search(question.rstrip("?. "))
    return bool(target and _WANTS.search(answer)
                and content_stems(target.group(1), _MOVING) & content_stems(answer))


def persona_grade(question: str, answer: str, sentences: list[str], word_count: int,
                  hedges: int) -> tuple[float, list[str]]:
    """Points (before flag caps) and reasons for an answer to a question about the candidate."""
    points = 2.0
    reasons = ["A question about you rather than a story: judged on evidence from your own experience and"
               " a reason tied to this role, not on STAR parts."]
    if _EXPERIENCE.search(answer) or any(_past_narrative(s) for s in sentences):
        points += 1
        reasons.append("You point to your own experience (+1).")
    else:
        reasons.append("Point to something you have done that shows it.")
    if ties_to_the_role(question, answer):
        points += 1
        reasons.append("You tie it to this employer or role (+1).")
    else:
        reasons.append("Say why this employer or role in particular.")
    claims = len(_CLAIMS.findall(answer))
    if claims >= 2:
        points -= 1
        reasons.append("Self-praise without evidence ('hard-working', 'team player') counts against (-1).")
    if hedges >= 2:
        points -= 1
        reasons.append(f"{hedges} hedges ('maybe', 'I think'): say it with conviction (-1).")
    if word_count < TOO_SHORT_WORDS:
        points = min(points, 2.0)
        reasons.append(f"{word_count} words is too short to convince (at most 2).")
    if re.search(r"\?\s*$", answer.strip()):
        reasons.append("Answer the question before asking your own.")
    return points, reasons
