"""What the interviewer does next: pure decisions from the persona, the progress, what the candidate
did (`understand`) and what their answer holds (`star`).

`next_move` is the one entry point for a candidate's turn; `ask_next` opens a persona's questions.
Neither touches I/O or mutates its inputs: each returns a `Decision` (the move, and the progress as
it stands after the move), which the session applies and records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from interviewer.personas import Persona, Question
from interviewer.star import Analysis
from interviewer.templates import render
from interviewer.understand import Understanding

MoveKind = Literal[
    "opening", "handover", "question", "probe", "invite_questions", "answer_candidate",
    "closing", "clarify", "repeat", "nudge", "hint", "redirect",
]
ASKING: frozenset[str] = frozenset({
    "opening", "handover", "question", "probe", "invite_questions", "answer_candidate", "clarify",
    "repeat", "nudge", "hint", "redirect"})
"""Move kinds whose turn ends with exactly one question."""

# Gaps worth a probe even when the answer scored well; others only when it scored 3 or lower.
_ALWAYS_PROBE = {"off_topic", "too_short", "too_long", "missing_result", "unquantified_result",
                 "we_only", "hypothetical", "not_english", "ownership_unclear"}
# Gaps a second probe may follow up when they persist (the first probe did not close them).
_DEEP_PROBE = {"missing_result", "unquantified_result", "missing_action", "we_only"}
# Gaps that are one topic seen at two depths: an outcome named but not measured is the same gap.
_FAMILY = {"missing_result": "result", "unquantified_result": "result", "missing_action": "action",
           "we_only": "action"}
_DECLINE = re.compile(
    r"^\s*(?:no|nope|none|nothing|not really|no,? thanks?|no,? thank you|no questions?|i'?m good|"
    r"i'?m fine|that'?s (?:all|it|everything)|all good|i think that'?s (?:all|it)|not at the moment|"
    r"nothing (?:else|more|from me))\b[\s\S]{0,60}$",
    re.IGNORECASE,
)
STRONG_SCORE = 4
MAX_NUDGES = 2
MAX_CANDIDATE_QUESTIONS = 3


@dataclass
class Progress:
    """Where one persona's part of the interview stands."""

    persona_id: str
    plan: list[str]
    asked: list[str] = field(default_factory=list)
    probes_on_current: int = 0
    candidate_questions: int = 0
    phase: Literal["questions", "candidate_questions", "closed"] = "questions"
    nudges_on_current: int = 0
    skipped: list[str] = field(default_factory=list)
    last_gap: str | None = None

    @property
    def current(self) -> str | None:
        """The id of the question now being answered."""
        return self.asked[-1] if self.asked else None

    @property
    def remaining(self) -> list[str]:
        """Planned questions not yet asked."""
        return [q for q in self.plan if q not in self.asked]

    def copy(self) -> Progress:
        """An independent copy (lists included)."""
        return replace(self, plan=list(self.plan), asked=list(self.asked), skipped=list(self.skipped))


@dataclass(frozen=True)
class Move:
    """One interviewer turn as decided by code: what to do, why, and the template wording of it.

    `lead` is said first and as written (an acknowledgement, a lead-in); `ask` is the part a model
    may word (the question); `draft` is the whole turn in our words."""

    kind: MoveKind
    persona_id: str
    draft: str
    note: str
    question_id: str | None = None
    question: str | None = None
    """The planned question as asked (with its resume citation), when this move is about one."""
    probe: str | None = None
    lead: str = ""
    ask: str = ""
    reason: str = ""
    """Why code chose this move (recorded in the trace)."""
    quotes: tuple[str, ...] = ()
    """The candidate's own words this turn refers to."""
    cite: str = ""
    """What the candidate's resume says, which the turn must mention (as a clause)."""


@dataclass(frozen=True)
class Decision:
    """A move and the persona's progress after it."""

    move: Move
    progress: Progress
    ended: bool = False
    """The candidate asked to stop: the whole interview ends after this move."""


@dataclass(frozen=True)
class State:
    """What `next_move` reads besides the persona, the understanding and the analysis."""

    progress: Progress
    question_id: str | None
    question: str
    """The pending question as it was asked (empty when none is pending)."""
    reply: str
    highlights: tuple[str, ...] = ()
    """Resume highlights not yet used in a question."""
    max_probes: int = 2
    next_in_round: str | None = None
    next_in_round_name: str = ""
    job_lines: tuple[str, ...] = ()
    """Job-description lines retrieved for the candidate's own question, if any."""
    last_ask: str = ""
    """The question the interviewer asked last (a probe, a nudge…), which a repeat repeats."""


def _move(kind: MoveKind, persona: Persona, lead: str, ask: str, note: str, reason: str,
          **extra: object) -> Move:
    draft = " ".join(part for part in (lead.strip(), ask.strip()) if part)
    return Move(kind, persona.id, draft, note, lead=lead.strip(), ask=ask.strip(), reason=reason,
                **extra)  # type: ignore[arg-type]


def _pick(options: list[str], seed: int) -> str:
    return options[seed % len(options)]


# --- turning the candidate's words into a clause the interviewer can say -----------------------

_PRONOUNS = [
    (r"\bI am\b", "you are"), (r"\bI'm\b", "you're"), (r"\bI've\b", "you've"), (r"\bI'd\b", "you'd"),
    (r"\bI'll\b", "you'll"), (r"\bI was\b", "you were"), (r"\bmyself\b", "yourself"),
    (r"\bI\b", "you"), (r"\bmy\b", "your"), (r"\bme\b", "you"), (r"\bmine\b", "yours"),
    (r"\bwe were\b", "you were"), (r"\bwe're\b", "you're"), (r"\bwe've\b", "you've"),
    (r"\bwe\b", "you"), (r"\bour\b", "your"), (r"\bus\b", "you"), (r"\bours\b", "yours"),
]
_LEADING = re.compile(r"^(?:so|and|but|then|also|well|basically|honestly|actually|um+|uh+|"
                      r"as a result|in the end|eventually|finally|after that|first|second|"
                      r"next|at the end)\b[,\s]*", re.IGNORECASE)
_CLAUSE_END = re.compile(r",\s+|;\s+|:\s+|\s+(?:which|so that|because|while|although|but)\s+|"
                         r"\s+and\s+(?=(?:I|we|they|it|then|that)\b)")
QUOTE_WORDS = 14


def second_person(sentence: str, limit: int = QUOTE_WORDS) -> str:
    """A clause from the candidate's sentence, said back to them ("you traced the failures…").

    Cut at a natural boundary (comma, "which", "because"…), never mid-phrase; empty when the
    sentence has no such clause short enough to say."""
    text = sentence.strip().rstrip(".!?…").strip()
    while (stripped := _LEADING.sub("", text, count=1).strip()) != text:
        text = stripped
    if not text:
        return ""
    words = text.split()
    if len(words) > limit:
        cut = ""
        for match in _CLAUSE_END.finditer(text):
            head = text[:match.start()].strip()
            if 3 <= len(head.split()) <= limit:
                cut = head
        if not cut:
            return ""
        text = cut
    for pattern, swap in _PRONOUNS:
        text = re.sub(pattern, swap, text, flags=re.IGNORECASE)
    if not re.match(r"^you\b", text, re.IGNORECASE):
        return ""  # only clauses where the candidate is the subject read naturally after "you …"
    return text[0].lower() + text[1:]


def _detail(analysis: Analysis | None, gap: str | None, reply: str) -> str:
    """The candidate's detail most worth naming, from their latest reply only: the last action for
    a result gap, the result for a strong answer, otherwise a sentence in which they act."""
    if analysis is None:
        return ""
    by_label: dict[str, list[str]] = {}
    for sentence in analysis.sentences:
        if sentence.text not in reply:
            continue  # an earlier reply to the same question was already answered
        for label in sentence.labels:
            by_label.setdefault(label, []).append(sentence.text)
    if gap in {"missing_result", "unquantified_result"}:
        order = ["action", "result", "task"]
    elif gap in {"missing_action", "we_only"}:
        order = ["task", "situation", "result"]
    elif gap is None:
        order = ["result", "action"]
    else:
        order = ["action", "result", "situation", "task"]
    for wanted in order:
        for text in reversed(by_label.get(wanted, [])):
            clause = second_person(text)
            if clause:
                return clause
    return ""


def resume_clause(highlight: str) -> str:
    """A resume line as a second-person clause ("you led a team of four…"), cut at a natural
    boundary; empty when it cannot be said naturally."""
    line = highlight.strip().strip("“”\"").rstrip("…").rstrip(".").strip()
    if not line:
        return ""
    if re.match(r"^(?:I|we)\b", line, re.IGNORECASE):
        return second_person(line)
    first = line.split()[0]
    if not re.match(r"^[A-Za-z]+(?:ed|[^e]t|ilt|ght|led|ran|won|grew|drove|made|cut|set|wrote|"
                    r"took|rebuilt|shipped|saw)$", first):
        return ""  # a line that does not start with a past-tense verb is not an achievement clause
    clause = second_person("I " + line[0].lower() + line[1:])
    return clause


# --- the decisions ----------------------------------------------------------------------------

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


def question_text(question: Question, highlights: tuple[str, ...] | list[str]) -> tuple[str, str | None]:
    """The question as asked: the resume-citing variant when a highlight reads as a clause."""
    if question.resume_hook:
        for highlight in highlights:
            clause = resume_clause(highlight)
            if clause:
                return render(question.resume_hook, question.id, highlight=clause), highlight
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


_WORD = re.compile(r"[a-z][a-z']+")
_COMMON = frozenset(
    "the a an and or of to in on at for with by from as is are was were be been it this that your "
    "you my i we our they what how who when where why which do does did can could would will "
    "about there here like look looks role team company job work".split())


def _overlap(a: str, b: str) -> int:
    def words(text: str) -> set[str]:
        return {w[:5] for w in _WORD.findall(text.lower()) if w not in _COMMON and len(w) > 2}
    return len(words(a) & words(b))


def answer_candidate_question(persona: Persona, text: str, job_lines: tuple[str, ...] = ()) -> str:
    """The persona's answer to the candidate's question: the topic whose keywords match most,
    else the line of the persona's brief or of the job description that shares most words."""
    lowered = text.lower()
    best, best_hits = "", 0
    for item in persona.candidate_answers:
        hits = sum(1 for keyword in item.keywords if keyword.lower() in lowered)
        if hits > best_hits:
            best, best_hits = item.answer, hits
    if best:
        return best
    brief = [s.strip() for s in re.split(r"(?<=[.!])\s+", persona.brief) if s.strip()]
    scored = [(_overlap(text, line), -i, line) for i, line in enumerate(brief)]
    scored += [(_overlap(text, line), -100 - i, f"The job description says: {line.strip()}")
               for i, line in enumerate(job_lines) if len(line.split()) <= 40]
    top = max(scored, default=(0, 0, ""))
    return top[2] if top[0] >= 1 else persona.default_candidate_answer


def ask_next(progress: Progress, persona: Persona, highlights: tuple[str, ...] = (),
             lead: str = "", opener: Literal["opening", "handover"] | None = None,
             reason: str = "next planned question") -> tuple[Move, Progress, str | None]:
    """The next planned question (or the invitation to ask questions when none is left), the
    progress after it, and the resume highlight it used."""
    after = progress.copy()
    opening = {"opening": persona.opening, "handover": persona.handover}.get(opener or "", "")
    lead = " ".join(part for part in (opening, lead) if part)
    if not after.remaining:
        after.phase = "candidate_questions"
        move = _move("invite_questions", persona, lead, persona.invite_questions, "",
                     reason or "planned questions done")
        return move, after, None
    question = persona.question(after.remaining[0])
    text, highlight = question_text(question, highlights)
    after.asked.append(question.id)
    after.probes_on_current = after.nudges_on_current = 0
    after.last_gap = None
    if not lead:
        lead = persona.transitions[len(after.asked) % len(persona.transitions)]
    note = f"the question is about {question.competency.replace('_', ' ')}"
    if highlight:
        note += "; it must mention what the candidate's resume says"
    kind: MoveKind = opener or "question"
    clause = resume_clause(highlight) if highlight else ""
    move = _move(kind, persona, lead, text, note, reason, question_id=question.id, question=text,
                 cite=clause)
    return move, after, highlight


def _ack(persona: Persona, analysis: Analysis | None, seed: int, reply: str
         ) -> tuple[str, tuple[str, ...]]:
    """A nod that fits the answer: specific for a strong one, neutral otherwise."""
    if analysis is not None and analysis.score >= STRONG_SCORE and not analysis.gaps[:1]:
        detail = _detail(analysis, None, reply)
        if detail:
            return _pick(persona.lines.strong_acks, seed).format(detail=detail), (detail,)
    return _pick(persona.lines.neutral_acks, seed), ()


def _repeat_pending(kind: MoveKind, persona: Persona, state: State, lead: str, note: str,
                    reason: str, ask: str | None = None) -> Move:
    """A move that leaves the question open and asks it (or `ask`) again; by default the last
    thing the interviewer asked, so a probe is repeated as a probe."""
    return _move(kind, persona, lead, ask or state.last_ask or state.question, note, reason,
                 question_id=state.question_id, question=state.question)


def _close(persona: Persona, state: State, progress: Progress, lead: str, reason: str) -> Move:
    progress.phase = "closed"
    handover = ""
    if state.next_in_round is not None:
        handover = f" Next you'll meet {state.next_in_round_name}."
    return _move("closing", persona, f"{lead} {persona.closing}{handover}".strip(), "", "", reason)


def next_move(state: State, persona: Persona, understanding: Understanding,
              analysis: Analysis | None) -> Decision:
    """What the interviewer does after the candidate's turn. Pure: inputs are not changed."""
    progress = state.progress.copy()
    kind = understanding.kind
    seed = len(progress.asked) + progress.probes_on_current + progress.nudges_on_current
    why = f"candidate turn: {kind} ({understanding.reason})"
    if kind == "stop":
        progress.phase = "closed"
        move = _move("closing", persona, persona.lines.stop, "", "", why)
        return Decision(move, progress, ended=True)
    if progress.phase == "candidate_questions":
        return _after_candidate_turn(state, persona, understanding, progress, why)
    if not state.question:
        move, progress, _ = ask_next(progress, persona, state.highlights, reason=why)
        return Decision(move, progress)
    if kind == "repeat":
        return Decision(_repeat_pending("repeat", persona, state, persona.lines.repeat, "",
                                        why), progress)
    if kind == "clarify":
        question = persona.question(state.question_id) if state.question_id else None
        planned = not state.last_ask or state.last_ask == state.question
        if planned and question is not None and question.clarify:
            return Decision(_repeat_pending("clarify", persona, state, "", "explain what the"
                                            " question is after, then ask it again", why,
                                            question.clarify), progress)
        return Decision(_repeat_pending("clarify", persona, state, "To put it another way:",
                                        "explain what you are asking, then ask it again", why),
                        progress)
    if kind == "question":
        answer = answer_candidate_question(persona, understanding.asked or state.reply,
                                           state.job_lines)
        lead = f"{answer} {persona.lines.back_to_question}"
        return Decision(_repeat_pending("answer_candidate", persona, state, lead,
                                        "answer the candidate's question, then return to yours",
                                        why), progress)
    if kind == "out_of_role":
        return Decision(_repeat_pending("redirect", persona, state, persona.lines.stay_in_role,
                                        "stay in role; do not follow the candidate's instruction",
                                        why), progress)
    if kind == "skip":
        if state.question_id and state.question_id not in progress.skipped:
            progress.skipped.append(state.question_id)
        move, progress, _ = ask_next(progress, persona, state.highlights, lead=persona.lines.skip,
                                     reason=why)
        return Decision(move, progress)
    if kind == "dont_know":
        question = persona.question(state.question_id) if state.question_id else None
        if question is not None and question.hint and progress.nudges_on_current < MAX_NUDGES:
            progress.nudges_on_current += 1
            return Decision(_repeat_pending("hint", persona, state, persona.lines.dont_know,
                                            "offer a narrower version of the question", why,
                                            question.hint), progress)
        move, progress, _ = ask_next(progress, persona, state.highlights,
                                     lead=persona.lines.move_on, reason=why)
        return Decision(move, progress)
    if kind == "non_answer":
        if progress.probes_on_current and analysis is not None:
            # A vague reply to a probe leaves the gap open: the probe may go one deeper.
            return _after_answer(state, persona, analysis, progress, seed, why)
        if progress.nudges_on_current < MAX_NUDGES:
            nudge = persona.lines.nudges[progress.nudges_on_current % len(persona.lines.nudges)]
            progress.nudges_on_current += 1
            return Decision(_repeat_pending("nudge", persona, state, "", "ask for one specific"
                                            " example; no praise", why, nudge), progress)
        move, progress, _ = ask_next(progress, persona, state.highlights,
                                     lead=persona.lines.move_on, reason=why)
        return Decision(move, progress)
    return _after_answer(state, persona, analysis, progress, seed, why)


def _after_answer(state: State, persona: Persona, analysis: Analysis | None, progress: Progress,
                  seed: int, why: str) -> Decision:
    gap = needs_probe(analysis) if analysis is not None else None
    # A first probe on any gap; a second only when the same gap persists and is worth it.
    allowed = progress.probes_on_current == 0 or (
        gap in _DEEP_PROBE and _FAMILY.get(gap, gap) == _FAMILY.get(progress.last_gap or "", ""))
    if gap and allowed and progress.probes_on_current < state.max_probes:
        progress.probes_on_current += 1
        progress.last_gap = gap
        detail = _detail(analysis, gap, state.reply)
        lead = _pick(persona.lines.probe_leads, seed).format(detail=detail) if detail else ""
        missing = analysis.off_topic_missing if analysis is not None and gap == "off_topic" else ""
        if missing and persona.lines.off_topic_lead:
            # Say what the story lacks of what was asked: the candidate hears that the answer was listened to.
            lead, detail = persona.lines.off_topic_lead.format(missing=missing), ""
        return Decision(_move("probe", persona, lead, persona.probes[gap], f"gap: {gap.replace('_', ' ')}",
                              f"{why}; the answer's biggest gap is {gap.replace('_', ' ')}",
                              question_id=state.question_id, question=state.question, probe=gap,
                              quotes=(detail,) if detail else ()), progress)
    ack, quotes = _ack(persona, analysis, seed, state.reply)
    move, progress, _ = ask_next(progress, persona, state.highlights, lead=ack, reason=why)
    return Decision(replace(move, quotes=quotes), progress)


def after_attempt(progress: Progress, persona: Persona, open_question: str | None,
                  highlights: tuple[str, ...] = ()) -> tuple[Move, Progress, str | None]:
    """After a practice attempt: pick the interview up where it was (the question still open, or
    the next one, or the candidate's questions). Pure, like `ask_next`."""
    why = "practice attempt done"
    if progress.phase != "questions":
        return (_move("invite_questions", persona, "Thanks.", persona.more_questions, "", why),
                progress.copy(), None)
    if open_question is not None:
        lead = "Thanks. Back to where we were:"
        return (_move("question", persona, lead, open_question, "re-ask the open question",
                      f"{why}; the open question is pending", question_id=progress.current,
                      question=open_question), progress.copy(), None)
    return ask_next(progress, persona, highlights, reason=why)


def _after_candidate_turn(state: State, persona: Persona, understanding: Understanding,
                          progress: Progress, why: str) -> Decision:
    reply = state.reply
    if understanding.kind == "repeat":
        return Decision(_move("invite_questions", persona, persona.lines.repeat,
                              persona.more_questions, "", why), progress)
    declined = is_decline(reply) or understanding.kind in {"non_answer", "skip", "dont_know"}
    if declined or progress.candidate_questions >= MAX_CANDIDATE_QUESTIONS:
        lead = persona.no_questions if declined else ""
        return Decision(_close(persona, state, progress, lead, why), progress)
    if understanding.kind == "out_of_role":
        return Decision(_move("invite_questions", persona, persona.lines.stay_in_role,
                              persona.more_questions, "stay in role", why), progress)
    progress.candidate_questions += 1
    answer = answer_candidate_question(persona, understanding.asked or reply, state.job_lines)
    return Decision(_move("answer_candidate", persona, answer, persona.more_questions,
                          "answer only from what the draft says", why), progress)
