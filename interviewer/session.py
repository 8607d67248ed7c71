"""The interview state machine: opening, planned questions, probes, candidate questions, close.

No UI here. Every public step records the candidate's words before any model is called, so a
model failure loses nothing: the failed interviewer turn can be retried with `retry()`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from interviewer import feedback, guard, plan
from interviewer.errors import (
    BackendError,
    InterviewerError,
    InvalidAnswerError,
    SessionStateError,
)
from interviewer.feedback import AnswerRecord, Critique
from interviewer.llm.base import Backend
from interviewer.personas import Persona, PersonaLibrary
from interviewer.prompting import (
    ContextChunk,
    Line,
    count_messages,
    count_tokens,
    interviewer_prompt,
    prompt_version,
)
from interviewer.star import analyze
from interviewer.turns import Trace, Turn

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
    max_probes_per_question: int = 1
    max_answer_chars: int = 100_000
    context_tokens: int = 3000
    max_tokens: int = 160
    temperature: float = 0.4
    context: ContextSource = field(default_factory=NoContext)
    guidance: GuidanceSource | None = None
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
        return self.personas.get(self.persona_id)

    def start(self) -> Iterator[str]:
        """Open the interview: greeting and first question."""
        if self.started:
            raise SessionStateError("The interview has already started; answer the question, or"
                                    " start a new session.")
        self.started = True
        progress = self._progress(self.persona_id)
        yield from self._speak(self._ask_next(progress, opener="opening"), reply=None)

    def answer(self, text: str, audio: dict[str, Any] | None = None) -> Iterator[str]:
        """Take the candidate's reply, record it with its critique, and stream the next turn.

        `audio` (for a spoken answer) is kept with the answer: recording path and delivery."""
        reply = self._validate(text)
        if not self.started:
            raise SessionStateError("Start the interview first (press Start).")
        if self.ended:
            raise SessionStateError("This interview has ended. Start a new one, or switch to another"
                                    " interviewer to keep practising.")
        if self.pending is not None:
            raise SessionStateError("The interviewer's last turn failed. Press Retry before"
                                    " answering, so the conversation stays in order.")
        progress = self._progress(self.persona_id)
        self._audio = audio
        if self.practice is not None:
            move = self._after_attempt(progress, reply)
        elif progress.phase == "questions":
            move = self._after_answer(progress, reply)
        elif progress.phase == "candidate_questions":
            _, why = plan.rate_candidate_question(reply)
            self._record(Turn("candidate", reply, self.persona_id, "candidate_question", note=why))
            move = self._after_candidate_question(progress, reply)
        else:
            raise SessionStateError(f"{self.persona.display_name} has finished. Switch to another"
                                    " interviewer or start a new session.")
        yield from self._speak(move, reply)
        following = self._next_in_round() if move.kind == "closing" else None
        if following is not None:
            self.persona_id = following
            self.ended = False
            yield "\n\n"
            yield from self._speak(self._ask_next(self._progress(following), "handover"), None)

    def try_again(self, answer: Turn) -> Iterator[str]:
        """Ask an answered question again, so the candidate can practise it; attempts are kept."""
        if answer.role != "candidate" or answer.critique is None or answer not in self.turns:
            raise SessionStateError("Pick one of your answers in this session to try again.")
        if self.pending is not None:
            raise SessionStateError("The interviewer's last turn failed. Press Retry first.")
        question = answer.critique.analysis.question or answer.question or ""
        self.practice = {"persona": answer.persona_id, "question_id": answer.question_id or "",
                         "question": question}
        self.ended = False
        self.persona_id = answer.persona_id
        draft = f"Let's try that one again. {question}"
        yield from self._speak(plan.Move("question", answer.persona_id, draft, "practice attempt",
                                         question_id=answer.question_id, question=question), None)

    def attempts(self, answer: Turn) -> list[Turn]:
        """Every critiqued answer to the same question as `answer`, in order."""
        key = (answer.persona_id, answer.critique.analysis.question if answer.critique else None)
        return [t for t in self.turns if t.role == "candidate" and t.critique is not None
                and (t.persona_id, t.critique.analysis.question) == key]

    def switch_persona(self, persona_id: str) -> Iterator[str]:
        """Hand over to another interviewer; the transcript stays and their plan continues."""
        new = self.personas.get(persona_id)
        if persona_id == self.persona_id:
            raise SessionStateError(f"{new.display_name} is already interviewing you.")
        if self.pending is not None:
            raise SessionStateError("The interviewer's last turn failed. Press Retry first.")
        self.persona_id = persona_id
        self.ended = False
        if not self.started:
            self.started = True
            yield from self._speak(self._ask_next(self._progress(persona_id), "opening"), None)
            return
        progress = self._progress(persona_id)
        if progress.phase == "closed":
            progress.phase = "questions" if progress.remaining else "candidate_questions"
        if progress.phase == "candidate_questions":
            move = plan.Move("invite_questions", persona_id,
                             f"{new.handover} {new.invite_questions}", "returning interviewer")
        else:
            move = self._ask_next(progress, opener="handover")
        yield from self._speak(move, None)

    def end(self) -> Iterator[str]:
        """Close with the current interviewer; reports are then available."""
        if not self.started:
            raise SessionStateError("The interview has not started yet.")
        if self.ended:
            return
        progress = self._progress(self.persona_id)
        progress.phase = "closed"
        self.ended = True
        yield from self._speak(plan.Move("closing", self.persona_id, self.persona.closing, ""), None)

    def retry(self) -> Iterator[str]:
        """Produce the interviewer turn that failed, with the same decision and inputs."""
        if self.pending is None:
            raise SessionStateError("There is nothing to retry.")
        pending = self.pending
        yield from self._speak(pending.move, pending.reply)

    # --- results ---------------------------------------------------------------------------

    def answers_for(self, persona_id: str) -> list[AnswerRecord]:
        """The critiqued answers given to one persona, one per question (the last critique)."""
        persona = self.personas.get(persona_id)
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
        return {pid: feedback.report(self.personas.get(pid), self.answers_for(pid))
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
        if text is None or not str(text).strip():
            raise InvalidAnswerError("Your answer is empty. Type or say your answer, then send it.")
        reply = str(text).strip()
        if len(reply) > self.max_answer_chars:
            raise InvalidAnswerError(
                f"Your answer is {len(reply):,} characters; the limit is {self.max_answer_chars:,}"
                " (well over an hour spoken). Shorten it and send it again: your text is still in"
                " the box."
            )
        return reply

    def _progress(self, persona_id: str) -> plan.Progress:
        if persona_id not in self.progress:
            persona = self.personas.get(persona_id)
            self.progress[persona_id] = plan.Progress(
                persona_id, plan.plan_questions(persona, self.questions_per_persona)
            )
        return self.progress[persona_id]

    def _ask_next(self, progress: plan.Progress, opener: str | None = None) -> plan.Move:
        persona = self.personas.get(progress.persona_id)
        remaining = progress.remaining
        if not remaining:
            progress.phase = "candidate_questions"
            lead = {"opening": persona.opening, "handover": persona.handover}.get(opener or "", "")
            draft = f"{lead} {persona.invite_questions}".strip()
            return plan.Move("invite_questions", persona.id, draft, "")
        question = persona.question(remaining[0])
        text, highlight = plan.question_text(question, self.context.highlights(),
                                             self._used_highlights)
        if highlight:
            self._used_highlights.add(highlight)
        progress.asked.append(question.id)
        progress.probes_on_current = 0
        if opener == "opening":
            lead, kind = persona.opening, "opening"
        elif opener == "handover":
            lead, kind = persona.handover, "handover"
        else:
            lead = persona.transitions[len(progress.asked) % len(persona.transitions)]
            kind = "question"
        note = f"the question is about {question.competency.replace('_', ' ')}"
        if highlight:
            note += "; it must mention the candidate's resume line quoted in it"
        return plan.Move(kind, persona.id, f"{lead} {text}", note,  # type: ignore[arg-type]
                         question_id=question.id, question=text)

    def _current_question(self, progress: plan.Progress) -> tuple[str | None, str]:
        persona = self.personas.get(progress.persona_id)
        if progress.current is None:
            return None, ""
        for turn in reversed(self.turns):
            if turn.role == "interviewer" and turn.question_id == progress.current:
                return progress.current, turn.question or persona.question(progress.current).text
        return progress.current, persona.question(progress.current).text

    def _after_answer(self, progress: plan.Progress, reply: str) -> plan.Move:
        persona = self.personas.get(progress.persona_id)
        question_id, question = self._current_question(progress)
        # A reply to a probe is judged together with the answer it completes.
        earlier = [t.text for t in self.turns
                   if t.role == "candidate" and t.question_id == question_id and question_id
                   and t.persona_id == persona.id]
        combined = " ".join([*earlier[-self.max_probes_per_question:], reply]) if earlier else reply
        analysis = analyze(question, combined)
        item = feedback.critique(analysis, persona)
        if self.guidance is not None:
            query = f"{question} " + " ".join(g.replace("_", " ") for g in analysis.gaps[:2])
            item = replace(item, sources=tuple(h.label() for h in self.guidance.search(query, 2)))
        self._record(Turn("candidate", reply, persona.id, "answer", question_id, question, item))
        gap = plan.needs_probe(analysis)
        if gap and progress.probes_on_current < self.max_probes_per_question:
            progress.probes_on_current += 1
            return plan.Move("probe", persona.id, persona.probes[gap], f"gap: {gap.replace('_', ' ')}",
                             question_id=question_id, probe=gap)
        return self._ask_next(progress)

    def _after_attempt(self, progress: plan.Progress, reply: str) -> plan.Move:
        """Critique a practice attempt, then pick the interview up where it was."""
        assert self.practice is not None
        question, question_id = self.practice["question"], self.practice["question_id"] or None
        persona = self.personas.get(self.practice["persona"])
        item = feedback.critique(analyze(question, reply), persona)
        self._record(Turn("candidate", reply, persona.id, "attempt", question_id, question, item))
        self.practice = None
        if progress.phase != "questions":
            return plan.Move("invite_questions", persona.id,
                             f"Thanks, that was better practice. {persona.more_questions}", "")
        open_question = self._unanswered_question(progress)
        if open_question is not None:
            return plan.Move("question", persona.id, f"Thanks. Back to where we were: {open_question}",
                             "re-ask the open question", question_id=progress.current,
                             question=open_question)
        return self._ask_next(progress)

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

    def _next_in_round(self) -> str | None:
        """The next interviewer of a second-round loop who has not finished, if any."""
        for persona_id in self.round_plan:
            progress = self.progress.get(persona_id)
            if progress is None or progress.phase != "closed":
                return persona_id
        return None

    def _after_candidate_question(self, progress: plan.Progress, reply: str) -> plan.Move:
        persona = self.personas.get(progress.persona_id)
        if plan.is_decline(reply) or progress.candidate_questions >= 3:
            progress.phase = "closed"
            self.ended = all(p.phase == "closed" for p in self.progress.values())
            lead = persona.no_questions if plan.is_decline(reply) else ""
            nxt = self._next_in_round()
            handover = ""
            if nxt is not None:
                other = self.personas.get(nxt)
                handover = f" Next you'll meet {other.display_name} ({other.role.lower()})."
                self.ended = False
            return plan.Move("closing", persona.id, f"{lead} {persona.closing}{handover}".strip(), "")
        progress.candidate_questions += 1
        answer = plan.answer_candidate_question(persona, reply)
        return plan.Move("answer_candidate", persona.id, f"{answer} {persona.more_questions}",
                         "answer only from what the draft says")

    def _history(self) -> list[Line]:
        return [Line(t.role, t.text) for t in self.turns]

    def _speak(self, move: plan.Move, reply: str | None) -> Iterator[str]:
        persona = self.personas.get(move.persona_id)
        chunks = self.context.for_question(move.question) if move.question else []
        history = self._history()
        if reply is not None and history and history[-1].role == "candidate":
            history = history[:-1]  # the reply goes in the final message, fenced, not twice
        prompt = interviewer_prompt(
            persona, self.prompts_dir, move, history, reply, chunks,
            budget=self.context_tokens, max_tokens=self.max_tokens, temperature=self.temperature,
        )
        started = time.perf_counter()
        first: float | None = None
        pieces: list[str] = []
        try:
            for piece in self.backend.stream(prompt):
                if first is None:
                    first = (time.perf_counter() - started) * 1000
                pieces.append(piece)
                yield piece
        except BackendError as exc:
            self.pending = _Pending(move, reply, str(exc))
            self._changed(None)
            raise
        text = "".join(pieces).strip()
        note = ""
        if not text:
            text, note = move.draft, "the model returned nothing; the draft was used"
            yield text
        elif self.backend.uses_model and (
            why := guard.problem(move, text := guard.repair(text), persona.display_name)
        ) is not None:
            # The transcript keeps what our code decided; the UI redraws from the transcript.
            text, note = move.draft, f"model wording rejected ({why}); the draft was used"
        self.pending = None
        trace = Trace(
            persona=persona.id,
            prompt_version=prompt_version(persona, self.prompts_dir),
            backend=self.backend.name,
            model=self.backend.model,
            move=move.kind + (f":{move.probe}" if move.probe else ""),
            prompt_tokens=count_messages(prompt.messages) if self.backend.uses_model else 0,
            completion_tokens=count_tokens(text),
            latency_ms=(time.perf_counter() - started) * 1000,
            first_token_ms=first,
            retrieved=tuple(c.chunk_id for c in chunks),
            note=note,
        )
        try:
            self._record(Turn("interviewer", text, persona.id, move.kind, move.question_id,
                              move.question, trace=trace))
        except InterviewerError as exc:
            self.pending = _Pending(move, reply, str(exc))
            raise

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
        }

    @staticmethod
    def turn_record(turn: Turn) -> dict[str, Any]:
        """A turn as stored: the critique keeps its inputs, so it can be recomputed exactly."""
        critique = None
        if turn.critique is not None:
            a = turn.critique.analysis
            critique = {"question": a.question, "answer": a.answer, "summary": turn.critique.summary,
                        "sources": list(turn.critique.sources), "score": a.score}
        return {"role": turn.role, "persona": turn.persona_id, "kind": turn.kind,
                "question_id": turn.question_id, "question": turn.question, "text": turn.text,
                "critique": critique, "trace": turn.trace.to_dict() if turn.trace else None,
                "note": turn.note, "audio": turn.audio}

    def restore(self, state: dict[str, Any], turns: list[dict[str, Any]]) -> None:
        """Load stored state and turns into this (fresh) session."""
        self.persona_id = state["persona_id"]
        self.started, self.ended = bool(state["started"]), bool(state["ended"])
        self.progress = {pid: plan.Progress(**p) for pid, p in state["progress"].items()}
        pending = state.get("pending")
        self.pending = None if not pending else _Pending(plan.Move(**pending["move"]),
                                                         pending["reply"], pending["error"])
        self._used_highlights = set(state.get("used_highlights", []))
        self.notes = list(state.get("notes", []))
        self.round_plan = list(state.get("round_plan", []))
        self.practice = state.get("practice")
        self.turns = []
        for row in turns:
            critique = None
            if row.get("critique"):
                c = row["critique"]
                persona = self.personas.get(row["persona"])
                critique = replace(feedback.critique(analyze(c["question"], c["answer"]), persona),
                                   summary=c.get("summary", ""), sources=tuple(c.get("sources", [])))
            trace = None
            if row.get("trace"):
                t = dict(row["trace"])
                t["retrieved"] = tuple(t.get("retrieved", ()))
                trace = Trace(**t)
            self.turns.append(Turn(row["role"], row["text"], row["persona"], row["kind"],
                                   row.get("question_id"), row.get("question"), critique, trace,
                                   row.get("note") or "", row.get("audio")))
