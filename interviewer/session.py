"""One interview, orchestrated: record the candidate's turn, understand it, analyse it, let
`plan.next_move` decide, let `wording` say it, record the interviewer's turn.

No UI and no decisions here. The candidate's words are stored before any model is called, and the
decided move is stored as pending until it has been said, so a model failure or a crash loses
nothing: `retry()` says the same move again.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from interviewer import feedback, plan, question_rating, wording
from interviewer.errors import (
    InterviewerError,
    InvalidAnswerError,
    SessionStateError,
)
from interviewer.feedback import AnswerRecord, Critique
from interviewer.llm.base import Backend
from interviewer.personas import Persona, PersonaLibrary
from interviewer.prompting import ContextChunk, Line
from interviewer.star import analyze
from interviewer.turns import Trace, Turn, decode, encode
from interviewer.understand import Understanding, understand
from interviewer.wording import Worded

__all__ = ["ContextSource", "GuidanceSource", "InterviewSession", "NoContext", "Trace", "Turn"]


class ContextSource(Protocol):
    """What the interviewer may know about the candidate (resume, job description)."""

    def highlights(self) -> list[str]:
        """Short quotable achievements from the candidate's documents."""
        ...

    def for_question(self, question: str) -> list[ContextChunk]:
        """Passages relevant to a question, most relevant first."""
        ...


class GuidanceSource(Protocol):
    """Guidance passages that critiques rest on."""

    def search(self, query: str, k: int = 4) -> list[Any]:
        """Passages with `chunk_id` and `label()`, closest first."""
        ...


class NoContext:
    """No documents uploaded."""

    def highlights(self) -> list[str]:
        return []

    def for_question(self, question: str) -> list[ContextChunk]:
        return []


@dataclass
class _Pending:
    move: plan.Move
    reply: str | None
    error: str


@dataclass
class InterviewSession:
    """One mock interview with one or more personas."""

    personas: PersonaLibrary
    backend: Backend
    prompts_dir: Path
    persona_id: str
    questions_per_persona: int = 4
    max_probes_per_question: int = 2
    max_answer_chars: int = 100_000
    context_tokens: int = 3000
    max_tokens: int = 160
    temperature: float = 0.4
    context: ContextSource = field(default_factory=NoContext)
    guidance: GuidanceSource | None = None
    rate_question: Callable[[str], tuple[str, str]] = question_rating.rate_candidate_question
    """How a candidate's own question lands (rules only by default; services add the examples)."""
    notes: list[str] = field(default_factory=list)
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    on_change: Callable[[InterviewSession, Turn | None], None] | None = None
    """Called after every recorded turn (with it) and every other state change (with None)."""
    turns: list[Turn] = field(default_factory=list)
    progress: dict[str, plan.Progress] = field(default_factory=dict)
    pending: _Pending | None = None
    started: bool = False
    ended: bool = False
    round_plan: list[str] = field(default_factory=list)
    """Second-round mode: interviewers met in this order, each handing over to the next."""
    practice: dict[str, str] | None = None
    """A question the candidate asked to try again: persona, question_id, question."""
    candidate_name: str | None = None
    """The candidate's name from their resume: no interviewer shares it."""
    last_ask: str = ""
    """The question the interviewer asked last, in our words (what a repeat repeats)."""
    _used_highlights: set[str] = field(default_factory=set)
    _audio: dict[str, Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """Held by callers that drive the session from several threads (the web UI), one step at a time."""

    def __post_init__(self) -> None:
        self.personas.get(self.persona_id)  # fail early on an unknown persona, listing valid ones

    # --- public steps ---------------------------------------------------------------------

    @property
    def persona(self) -> Persona:
        """The interviewer now across the table."""
        return self.persona_for(self.persona_id)

    def persona_for(self, persona_id: str) -> Persona:
        """A persona as this candidate meets it (renamed if it shares the candidate's name)."""
        return self.personas.get(persona_id).facing(self.candidate_name)

    def start(self) -> Iterator[str]:
        """Open the interview: greeting and first question."""
        if self.started:
            raise SessionStateError("The interview has already started; answer the question, or"
                                    " start a new session.")
        self.started = True
        self._decide(self._ask_next(self._progress(self.persona_id), "opening"), None)
        yield from self.respond()

    def submit(self, text: str, audio: dict[str, Any] | None = None) -> Turn:
        """Record the candidate's reply with what it was and its critique, and decide the next
        move (kept as pending until `respond` says it). Returns the recorded turn at once: the
        findings never wait for a model."""
        reply = self._validate(text)
        if not self.started:
            raise SessionStateError("Start the interview first (press Start).")
        if self.ended:
            raise SessionStateError("This interview has ended. Start a new one, or switch to another"
                                    " interviewer to keep practising.")
        if self.pending is not None:
            raise SessionStateError("The interviewer's last turn did not complete. Press Retry"
                                    " before answering, so the conversation stays in order.")
        progress = self._progress(self.persona_id)
        self._audio = audio
        if self.practice is not None:  # a practice attempt may follow a finished interviewer
            turn, move = self._after_attempt(progress, reply)
            self._decide(move, reply)
            return turn
        if progress.phase == "closed":
            raise SessionStateError(f"{self.persona.display_name} has finished. Switch to another"
                                    " interviewer or start a new session.")
        question_id, question = self._current_question(progress)
        phase = "candidate_questions" if progress.phase == "candidate_questions" else "questions"
        understood = self._confirm(understand(reply, question, phase), reply, question)
        persona = self.persona
        analysis = None
        if phase == "questions" and understood.kind in _SCORED and "no_words" not in understood.flags:
            earlier = [t.text for t in self.turns if t.role == "candidate" and question_id
                       and t.question_id == question_id and t.persona_id == persona.id
                       and t.kind in _SCORED]
            combined = " ".join([*earlier[-self.max_probes_per_question:], reply])
            analysis = analyze(question, combined)
            item = feedback.critique(analysis, persona)
            if self.guidance is not None:
                query = f"{question} " + " ".join(g.replace("_", " ") for g in analysis.gaps[:2])
                item = replace(item, sources=tuple(h.label() for h in self.guidance.search(query, 2)))
            turn = Turn("candidate", reply, persona.id, understood.kind, question_id, question, item,
                        note=_NOTES.get(understood.kind, ""))
        elif phase == "candidate_questions" and understood.kind == "question":
            _, why = self.rate_question(reply)
            turn = Turn("candidate", reply, persona.id, "candidate_question", note=why)
        else:
            turn = Turn("candidate", reply, persona.id, understood.kind, question_id, question,
                        note=_note(understood))
        self._record(turn)
        state = plan.State(
            progress=progress, question_id=question_id, question=question, reply=reply,
            highlights=self._fresh_highlights(), max_probes=self.max_probes_per_question,
            next_in_round=(nxt := self._next_in_round(after=self.persona_id)),
            next_in_round_name=(f"{self.persona_for(nxt).display_name}"
                                f" ({self.persona_for(nxt).role.lower()})" if nxt else ""),
            job_lines=self._job_lines(understood.asked or reply) if understood.kind == "question"
            else (),
            last_ask=self.last_ask,
        )
        decision = plan.next_move(state, persona, understood, analysis)
        self.progress[persona.id] = decision.progress
        if decision.ended:
            self.ended = True
            self.round_plan = []
        elif decision.move.kind == "closing":
            self.ended = self._next_in_round() is None and all(
                p.phase == "closed" for p in self.progress.values())
        self._decide(decision.move, reply)
        return turn

    def respond(self) -> Iterator[str]:
        """Say the pending interviewer move (and, after a closing in a second round, the next
        interviewer's opening). A failure leaves the move pending, for `retry`."""
        while self.pending is not None:
            pending = self.pending
            worded = yield from self._speak(pending.move, pending.reply)
            self.pending = None
            if pending.move.ask:
                self.last_ask = pending.move.ask
            try:
                self._record(Turn("interviewer", worded.text, pending.move.persona_id,
                                  pending.move.kind, pending.move.question_id,
                                  pending.move.question, trace=worded.trace))
            except InterviewerError:
                self.pending = pending
                raise
            following = self._next_in_round() if pending.move.kind == "closing" and not self.ended \
                else None
            if following is not None and following != self.persona_id:
                self.persona_id = following
                self.ended = False
                yield "\n\n"
                self._decide(self._ask_next(self._progress(following), "handover"), None)

    def answer(self, text: str, audio: dict[str, Any] | None = None) -> Iterator[str]:
        """Take the candidate's reply and stream the next turn (`submit`, then `respond`)."""
        self.submit(text, audio)
        yield from self.respond()

    def try_again(self, answer: Turn) -> Iterator[str]:
        """Ask an answered question again, so the candidate can practise it; attempts are kept."""
        if answer.role != "candidate" or answer.critique is None or answer not in self.turns:
            raise SessionStateError("Pick one of your answers in this session to try again.")
        if self.pending is not None:
            raise SessionStateError("The interviewer's last turn did not complete. Press Retry"
                                    " first.")
        question = answer.critique.analysis.question or answer.question or ""
        self.practice = {"persona": answer.persona_id, "question_id": answer.question_id or "",
                         "question": question}
        self.ended = False
        self.persona_id = answer.persona_id
        self._decide(plan.Move("question", answer.persona_id, f"Let's try that one again. {question}",
                               "practice attempt", question_id=answer.question_id,
                               question=question, lead="Let's try that one again.", ask=question,
                               reason="the candidate asked to practise this question"), None)
        yield from self.respond()

    def attempts(self, answer: Turn) -> list[Turn]:
        """Every critiqued answer to the same question as `answer`, in order."""
        key = (answer.persona_id, answer.critique.analysis.question if answer.critique else None)
        return [t for t in self.turns if t.role == "candidate" and t.critique is not None
                and (t.persona_id, t.critique.analysis.question) == key]

    def switch_persona(self, persona_id: str) -> Iterator[str]:
        """Hand over to another interviewer; the transcript stays and their plan continues."""
        new = self.persona_for(persona_id)
        if persona_id == self.persona_id:
            raise SessionStateError(f"{new.display_name} is already interviewing you.")
        if self.pending is not None:
            raise SessionStateError("The interviewer's last turn did not complete. Press Retry"
                                    " first.")
        self.persona_id = persona_id
        self.ended = False
        if not self.started:
            self.started = True
            self._decide(self._ask_next(self._progress(persona_id), "opening"), None)
            yield from self.respond()
            return
        progress = self._progress(persona_id)
        if progress.phase == "closed":
            progress.phase = "questions" if progress.remaining else "candidate_questions"
        if progress.phase == "candidate_questions":
            move = plan.Move("invite_questions", persona_id, f"{new.handover} {new.invite_questions}",
                             "returning interviewer", lead=new.handover, ask=new.invite_questions,
                             reason="the candidate switched back to this interviewer")
        else:
            move = self._ask_next(progress, "handover")
        self._decide(move, None)
        yield from self.respond()

    def end(self) -> Iterator[str]:
        """Close with the current interviewer; reports are then available."""
        if not self.started:
            raise SessionStateError("The interview has not started yet.")
        if self.ended:
            return
        if self.pending is not None:
            self.pending = None  # the candidate ends instead of retrying; their answers are kept
        progress = self._progress(self.persona_id)
        progress.phase = "closed"
        self.ended = True
        self.round_plan = []
        self._decide(plan.Move("closing", self.persona_id, self.persona.closing, "",
                               lead=self.persona.closing, reason="the candidate ended the interview"),
                     None)
        yield from self.respond()

    def retry(self) -> Iterator[str]:
        """Produce the interviewer turn that did not complete, with the same decision and inputs."""
        if self.pending is None:
            raise SessionStateError("There is nothing to retry.")
        yield from self.respond()

    # --- results ---------------------------------------------------------------------------

    def answers_for(self, persona_id: str) -> list[AnswerRecord]:
        """The critiqued answers given to one persona, one per question (the last critique)."""
        persona = self.persona_for(persona_id)
        records: dict[str, AnswerRecord] = {}
        for turn in self.turns:
            if turn.role == "candidate" and turn.persona_id == persona_id and turn.critique:
                key = turn.question_id or turn.question or str(len(records))
                competency = (persona.question(turn.question_id).competency
                              if turn.question_id else None)
                records[key] = AnswerRecord(turn.question_id, turn.question or "", competency,
                                            turn.critique)
        return list(records.values())

    def reports(self) -> dict[str, dict[str, object]]:
        """A report for every persona met in this session."""
        return {pid: feedback.report(self.persona_for(pid), self.answers_for(pid))
                for pid in self.progress}

    def answers(self) -> list[Turn]:
        """Every answer given in this session, in order."""
        return [t for t in self.turns if t.role == "candidate" and t.critique is not None]

    def word_critique(self, turn: Turn) -> Critique:
        """Have the backend word the coaching note of an answer's critique (findings unchanged)."""
        if turn.critique is None:
            raise SessionStateError("That turn has no critique to word.")
        if turn.critique.summary:
            return turn.critique
        worded, _note = feedback.word_summary(turn.critique, self.backend, self.prompts_dir)
        turn.critique = worded
        self._changed(turn)
        return worded

    def last_critique(self) -> Critique | None:
        """The critique of the most recent answer, if any."""
        for turn in reversed(self.turns):
            if turn.critique is not None:
                return turn.critique
        return None

    # --- internals -------------------------------------------------------------------------

    def _validate(self, text: str) -> str:
        reply = _CONTROL.sub("", str(text if text is not None else "")).strip()
        if not reply:
            raise InvalidAnswerError("Your answer is empty. Type or say your answer, then send it.")
        if len(reply) > self.max_answer_chars:
            raise InvalidAnswerError(
                f"Your answer is {len(reply):,} characters; the limit is {self.max_answer_chars:,}"
                " (well over an hour spoken). Shorten it and send it again."
            )
        return reply

    def _progress(self, persona_id: str) -> plan.Progress:
        if persona_id not in self.progress:
            persona = self.personas.get(persona_id)
            self.progress[persona_id] = plan.Progress(
                persona_id, plan.plan_questions(persona, self.questions_per_persona)
            )
        return self.progress[persona_id]

    def _fresh_highlights(self) -> tuple[str, ...]:
        return tuple(h for h in self.context.highlights() if h not in self._used_highlights)

    def _ask_next(self, progress: plan.Progress, opener: Literal["opening", "handover"] | None = None
                  ) -> plan.Move:
        move, after, highlight = plan.ask_next(progress, self.persona_for(progress.persona_id),
                                               self._fresh_highlights(), opener=opener,
                                               reason=opener or "next planned question")
        self.progress[progress.persona_id] = after
        if highlight:
            self._used_highlights.add(highlight)
        return move

    def _current_question(self, progress: plan.Progress) -> tuple[str | None, str]:
        if progress.current is None or progress.phase != "questions":
            return None, ""
        for turn in reversed(self.turns):
            if turn.role == "interviewer" and turn.question_id == progress.current and turn.question:
                return progress.current, turn.question
        return progress.current, self.personas.get(progress.persona_id).question(progress.current).text

    def _confirm(self, understood: Understanding, reply: str, question: str) -> Understanding:
        """Let a capable model settle an uncertain reading; the code's reading stands otherwise."""
        if not understood.uncertain or not getattr(self.backend, "free_wording", False):
            return understood
        return wording.confirm_kind(self.backend, understood, reply, question)

    def _job_lines(self, text: str) -> tuple[str, ...]:
        chunks = [c for c in self.context.for_question(text) if c.kind == "job"]
        return tuple(line.strip() for c in chunks for line in re.split(r"(?<=[.!?])\s+|\n+", c.text)
                     if len(line.split()) >= 4)

    def _after_attempt(self, progress: plan.Progress, reply: str) -> tuple[Turn, plan.Move]:
        """Critique a practice attempt; `plan.after_attempt` decides where the interview resumes."""
        assert self.practice is not None
        question, question_id = self.practice["question"], self.practice["question_id"] or None
        persona = self.persona_for(self.practice["persona"])
        item = feedback.critique(analyze(question, reply), persona)
        turn = Turn("candidate", reply, persona.id, "attempt", question_id, question, item)
        self._record(turn)
        self.practice = None
        move, after, highlight = plan.after_attempt(progress, persona,
                                                    self._unanswered_question(progress),
                                                    self._fresh_highlights())
        self.progress[progress.persona_id] = after
        if highlight:
            self._used_highlights.add(highlight)
        return turn, move

    def _unanswered_question(self, progress: plan.Progress) -> str | None:
        """The current planned question if the candidate has not answered it yet."""
        for turn in reversed(self.turns):
            if turn.persona_id != progress.persona_id or turn.kind == "attempt":
                continue
            if turn.role == "candidate" and turn.question_id == progress.current:
                return None
            if turn.role == "interviewer" and turn.question_id == progress.current and turn.question:
                return turn.question
        return None

    def _next_in_round(self, after: str | None = None) -> str | None:
        """The next interviewer of a second-round loop who has not finished, if any."""
        for persona_id in self.round_plan:
            if persona_id == after:
                continue
            progress = self.progress.get(persona_id)
            if progress is None or progress.phase != "closed":
                return persona_id
        return None

    def _history(self) -> list[Line]:
        return [Line(t.role, t.text) for t in self.turns]

    def _decide(self, move: plan.Move, reply: str | None) -> None:
        """Keep the decided move as pending (stored), so a failure or a crash can retry it."""
        self.pending = _Pending(move, reply, "")
        self._changed(None)

    def _speak(self, move: plan.Move, reply: str | None) -> Generator[str, None, Worded]:
        chunks = self.context.for_question(move.question) if move.question else []
        history = self._history()
        if reply is not None and history and history[-1].role == "candidate":
            history = history[:-1]  # the reply goes in the final message, fenced, not twice
        return (yield from wording.speak(
            move, self.persona_for(move.persona_id), self.backend, prompts_dir=self.prompts_dir,
            history=history, reply=reply, chunks=chunks, budget=self.context_tokens,
            max_tokens=self.max_tokens, temperature=self.temperature))

    def _record(self, turn: Turn) -> None:
        if turn.role == "candidate" and self._audio is not None:
            turn.audio, self._audio = self._audio, None
        self.turns.append(turn)
        try:
            self._changed(turn)
        except Exception:
            self.turns.pop()  # memory and storage stay in step; the caller reports the failure
            raise

    def _changed(self, turn: Turn | None) -> None:
        if self.on_change is not None:
            self.on_change(self, turn)

    # --- persistence -----------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The engine state besides the turns, as JSON-ready data."""
        return {
            "persona_id": self.persona_id,
            "started": self.started,
            "ended": self.ended,
            "progress": {pid: asdict(p) for pid, p in self.progress.items()},
            "pending": None if self.pending is None else {
                "move": asdict(self.pending.move), "reply": self.pending.reply,
                "error": self.pending.error},
            "used_highlights": sorted(self._used_highlights),
            "notes": list(self.notes),
            "round_plan": list(self.round_plan),
            "practice": self.practice,
            "candidate_name": self.candidate_name,
            "last_ask": self.last_ask,
        }

    turn_record = staticmethod(encode)

    def restore(self, state: dict[str, Any], records: list[dict[str, Any]]) -> None:
        """Load stored state and turns into this (fresh) session."""
        self.persona_id = state["persona_id"]
        self.started, self.ended = bool(state["started"]), bool(state["ended"])
        self.progress = {pid: plan.Progress(**p) for pid, p in state["progress"].items()}
        pending = state.get("pending")
        if pending:
            known = set(plan.Move.__dataclass_fields__)
            move = {k: v for k, v in pending["move"].items() if k in known}
            move["quotes"] = tuple(move.get("quotes", ()))
            self.pending = _Pending(plan.Move(**move), pending["reply"], pending["error"])
        else:
            self.pending = None
        self._used_highlights = set(state.get("used_highlights", []))
        self.notes = list(state.get("notes", []))
        self.round_plan = list(state.get("round_plan", []))
        self.practice = state.get("practice")
        self.candidate_name = state.get("candidate_name")
        self.last_ask = state.get("last_ask", "")
        self.turns = [decode(r, self._known_persona(r["persona"])) for r in records]

    def _known_persona(self, persona_id: str) -> Persona | None:
        try:
            return self.personas.get(persona_id)
        except InterviewerError:
            return None


_SCORED = frozenset({"answer", "non_answer"})
"""Turn kinds that get STAR findings (a non-answer is told why it falls short)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOTES = {"non_answer": "That reply stays general: give one real example, with what you did and"
                        " what changed."}


def _note(understood: Understanding) -> str:
    """What the feedback panel says about a turn that is not an answer."""
    if "no_words" in understood.flags:
        return "There were no words to respond to. Type or say your answer, then send it."
    return {
        "dont_know": "It's fine not to have an example at once: the interviewer offers a narrower"
                     " version. Keep a few stories ready for each competency.",
        "clarify": "Asking what a question means is fine in a real interview too.",
        "repeat": "The interviewer repeats the question.",
        "skip": "Skipped: practise this question later from your report.",
        "question": "Your question is answered, then the interview goes on.",
        "out_of_role": "The interviewer stays in role: treat this like a real interview.",
        "stop": "Interview stopped: your report is ready.",
    }.get(understood.kind, "")
