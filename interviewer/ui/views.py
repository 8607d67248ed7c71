"""What the interview tab shows: transcript, badge, feedback panel, and streaming updates."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import gradio as gr

from interviewer import delivery, feedback, llm
from interviewer.documents import Document
from interviewer.errors import BackendError, InterviewerError
from interviewer.personas import questions_to_ask
from interviewer.services import Services
from interviewer.session import InterviewSession

Messages = list[dict[str, str]]
NO_FEEDBACK = "_Answer a question to see STAR feedback here._"


class Holder:
    """Per-browser-tab slot for the interview. The slot object never changes, so events that
    overlap (a click while a reply still streams) all see the same session."""

    def __init__(self) -> None:
        self.session: InterviewSession | None = None
        self.resume: Document | None = None
        self.resume_file = ""
        self.job: Document | None = None
        self.owner = ""

    @property
    def documents(self) -> list[Document]:
        """The candidate's documents given so far (resume, job description)."""
        return [d for d in (self.resume, self.job) if d is not None]


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def plain(text: str) -> str:
    """Text shown as written: no HTML, no Markdown (so no remote images, links or scripts)."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "  \n")


def messages(session: InterviewSession | None, partial: str | None = None) -> Messages:
    """The transcript in Gradio's messages format, with a reply still streaming at the end.
    What anyone typed or a model wrote is shown as plain text."""
    out: Messages = []
    if session is not None:
        for turn in session.turns:
            if turn.role == "interviewer":
                name = session.persona_for(turn.persona_id).display_name
                out.append({"role": "assistant", "content": f"**{name}:** {plain(turn.text)}"})
            else:
                out.append({"role": "user", "content": plain(turn.text)})
    if partial is not None and session is not None:
        out.append({"role": "assistant",
                    "content": f"**{session.persona.display_name}:** {plain(partial)}▌"})
    return out


def badge(session: InterviewSession | None, services: Services) -> str:
    if session is None:
        try:
            name = llm.resolve_name(services.settings)
            why = llm.explain_auto(services.settings)
        except InterviewerError as exc:
            return f"⚠️ {exc}"
        return f"Backend: **{name}**. {why}"
    b = session.backend
    last = next((t.trace for t in reversed(session.turns) if t.trace), None)
    timing = f" · last turn {last.latency_ms:.0f} ms, {last.completion_tokens} tokens" if last else ""
    used = f" · based on: {', '.join(last.retrieved)}" if last and last.retrieved else ""
    return f"Backend: **{b.name}** · model: **{b.model}**{timing}{used}"


def feedback_views(session: InterviewSession | None) -> tuple[str, list[tuple[str, str | None]]]:
    if session is None:
        return NO_FEEDBACK, []
    last = next((t for t in reversed(session.turns) if t.role == "candidate"), None)
    if last is not None and last.note and last.critique is None:
        head = "Your question" if last.kind == "candidate_question" else "Your reply"
        return f"### {head}\n\n“{plain(last.text)}”\n\n{last.note}", []
    answer = next((t for t in reversed(session.turns) if t.critique is not None), None)
    if answer is None or answer.critique is None:
        return NO_FEEDBACK, []
    text = feedback.render_markdown(answer.critique)
    marks = feedback.highlighted(answer.critique.analysis)
    if answer.audio:
        measured = delivery.Delivery.from_dict(answer.audio["delivery"])
        text = delivery.render_markdown(measured) + "\n\n" + text
        times = answer.audio.get("sentence_times", {})
        marks = [(f"[{delivery.clock(times[s.strip()])}] {s}" if s.strip() in times else s, label)
                 for s, label in marks]
    if answer.note:
        text = f"⚠️ {answer.note}\n\n{text}"
    attempts = [t.critique for t in session.attempts(answer) if t.critique is not None]
    if len(attempts) >= 2:
        text = "### Your attempts at this question\n\n" + feedback.compare_attempts(attempts) + (
            "\n\n" + text)
    return text, marks


def questions_markdown(services: Services) -> str:
    """Suggested questions per stakeholder, and the logistics ones to keep for the recruiter."""
    data = questions_to_ask(services.settings.prompts_dir)
    parts = []
    for persona in services.personas.all():
        items = data.get(persona.id, {}).get("insightful", [])
        if items:
            parts.append(f"**{persona.role} ({persona.display_name})**\n"
                         + "\n".join(f"- {q}" for q in items))
    logistics = data.get("recruiter", {}).get("logistics", [])
    if logistics:
        parts.append("**Keep these for the recruiter (logistics)**\n"
                     + "\n".join(f"- {q}" for q in logistics))
    return "\n\n".join(parts)


def past_choices(session: InterviewSession | None) -> Any:
    """Choices for the earlier-answers picker: (label, index into session.answers())."""
    answers = session.answers() if session else []
    choices = [(f"{i + 1}. {(t.question or 'Answer')[:60]} — “{t.text[:40]}…”", i)
               for i, t in enumerate(answers)]
    return gr.update(choices=choices, value=None)


RETRY_HINT = "The interviewer's reply did not come through; your answer is saved. Press **Retry**."


def view(session: InterviewSession | None, services: Services, status: str = "",
         partial: str | None = None) -> tuple[Any, ...]:
    """Everything the interview tab shows, from the session: transcript, status, Retry (shown
    exactly when a decided turn is still to be said), feedback, badge, earlier answers."""
    pending = session is not None and session.pending is not None and partial is None
    if pending and not status:
        status = RETRY_HINT
    return (messages(session, partial), status, gr.update(visible=pending),
            *feedback_views(session), badge(session, services), past_choices(session))


def stream(
    session: InterviewSession, steps: Iterator[str], services: Services
) -> Iterator[tuple[Any, ...]]:
    """Run one engine step, yielding UI updates as text streams in."""
    with session.lock:
        yield from stream_locked(session, steps, services)


def stream_locked(
    session: InterviewSession, steps: Iterator[str], services: Services
) -> Iterator[tuple[Any, ...]]:
    """Show a turn as it is said; on failure, the transcript as stored and Retry."""
    text = ""
    try:
        yield view(session, services, "", partial="")
        for piece in steps:
            text += piece
            yield view(session, services, "", partial=text)
    except BackendError as exc:
        yield view(session, services, f"⚠️ {exc} Your answer is saved; press **Retry**.")
        return
    except InterviewerError as exc:
        yield view(session, services, f"⚠️ {exc}")
        return
    yield view(session, services, "Interview ended: see the report below." if session.ended else "")
