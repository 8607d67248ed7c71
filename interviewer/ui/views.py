"""What the interview tab shows: transcript, badge, feedback panel, and streaming updates."""

from __future__ import annotations

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
        self.documents: list[Document] = []
        self.owner = ""


def messages(session: InterviewSession | None, partial: str | None = None) -> Messages:
    """The transcript in Gradio's messages format, with a reply still streaming at the end."""
    out: Messages = []
    if session is not None:
        for turn in session.turns:
            if turn.role == "interviewer":
                name = session.personas.get(turn.persona_id).display_name
                out.append({"role": "assistant", "content": f"**{name}:** {turn.text}"})
            else:
                out.append({"role": "user", "content": turn.text})
    if partial is not None and session is not None:
        out.append({"role": "assistant",
                    "content": f"**{session.persona.display_name}:** {partial}▌"})
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
        return f"### Your question\n\n“{last.text}”\n\n{last.note}", []
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


def stream(
    session: InterviewSession, steps: Iterator[str], services: Services
) -> Iterator[tuple[Any, ...]]:
    """Run one engine step, yielding UI updates as text streams in."""
    with session.lock:
        yield from stream_locked(session, steps, services)


def stream_locked(
    session: InterviewSession, steps: Iterator[str], services: Services
) -> Iterator[tuple[Any, ...]]:
    text = ""
    md, marks = feedback_views(session)
    try:
        for piece in steps:
            text += piece
            yield (messages(session, text), "", gr.update(visible=False), md, marks,
                   badge(session, services), past_choices(session))
    except BackendError as exc:
        yield (messages(session), f"⚠️ {exc} Your answer is saved; press **Retry**.",
               gr.update(visible=True), *feedback_views(session), badge(session, services),
               past_choices(session))
        return
    except InterviewerError as exc:
        yield (messages(session), f"⚠️ {exc}", gr.update(visible=False),
               *feedback_views(session), badge(session, services), past_choices(session))
        return
    status = "Interview ended: see the report below." if session.ended else ""
    answers = session.answers()
    if answers and session.backend.uses_model and not answers[-1].critique.summary:  # type: ignore[union-attr]
        yield (messages(session), "Writing the coach's note…", gr.update(visible=False),
               *feedback_views(session), badge(session, services), past_choices(session))
        try:
            session.word_critique(answers[-1])
        except BackendError as exc:
            status = f"The coach's note could not be worded ({exc}); the findings stand."
    yield (messages(session), status, gr.update(visible=False), *feedback_views(session),
           badge(session, services), past_choices(session))
