"""The Gradio interface: layout and callbacks only. All decisions live in the session engine."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from interviewer import coach, delivery, export, feedback, followup, progress, stories
from interviewer.documents import Document, extract_text
from interviewer.errors import BackendError, ConfigError, InterviewerError
from interviewer.personas import questions_to_ask
from interviewer.services import Services
from interviewer.session import InterviewSession
from interviewer.star import analyze

Messages = list[dict[str, str]]
_NO_FEEDBACK = "_Answer a question to see STAR feedback here._"


class Holder:
    """Per-browser-tab slot for the interview. The slot object never changes, so events that
    overlap (a click while a reply still streams) all see the same session."""

    def __init__(self) -> None:
        self.session: InterviewSession | None = None
        self.documents: list[Document] = []
        self.owner = ""


def _messages(session: InterviewSession | None, partial: str | None = None) -> Messages:
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


def _badge(session: InterviewSession | None, services: Services) -> str:
    if session is None:
        name = services.settings.backend
        return f"Backend: **{name}** (chosen when the interview starts)"
    b = session.backend
    last = next((t.trace for t in reversed(session.turns) if t.trace), None)
    timing = f" · last turn {last.latency_ms:.0f} ms, {last.completion_tokens} tokens" if last else ""
    used = f" · based on: {', '.join(last.retrieved)}" if last and last.retrieved else ""
    return f"Backend: **{b.name}** · model: **{b.model}**{timing}{used}"


def _feedback_views(session: InterviewSession | None) -> tuple[str, list[tuple[str, str | None]]]:
    if session is None:
        return _NO_FEEDBACK, []
    last = next((t for t in reversed(session.turns) if t.role == "candidate"), None)
    if last is not None and last.note and last.critique is None:
        return f"### Your question\n\n“{last.text}”\n\n{last.note}", []
    answer = next((t for t in reversed(session.turns) if t.critique is not None), None)
    if answer is None or answer.critique is None:
        return _NO_FEEDBACK, []
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


def _questions_markdown(services: Services) -> str:
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


def _past(session: InterviewSession | None) -> Any:
    """Choices for the earlier-answers picker: (label, index into session.answers())."""
    answers = session.answers() if session else []
    choices = [(f"{i + 1}. {(t.question or 'Answer')[:60]} — “{t.text[:40]}…”", i)
               for i, t in enumerate(answers)]
    return gr.update(choices=choices, value=None)


def _stream(
    session: InterviewSession, steps: Iterator[str], services: Services
) -> Iterator[tuple[Any, ...]]:
    """Run one engine step, yielding UI updates as text streams in."""
    with session.lock:
        yield from _stream_locked(session, steps, services)


def _stream_locked(
    session: InterviewSession, steps: Iterator[str], services: Services
) -> Iterator[tuple[Any, ...]]:
    text = ""
    md, marks = _feedback_views(session)
    try:
        for piece in steps:
            text += piece
            yield (_messages(session, text), "", gr.update(visible=False), md, marks,
                   _badge(session, services), _past(session))
    except BackendError as exc:
        yield (_messages(session), f"⚠️ {exc} Your answer is saved; press **Retry**.",
               gr.update(visible=True), *_feedback_views(session), _badge(session, services),
               _past(session))
        return
    except InterviewerError as exc:
        yield (_messages(session), f"⚠️ {exc}", gr.update(visible=False),
               *_feedback_views(session), _badge(session, services), _past(session))
        return
    status = "Interview ended: see the report below." if session.ended else ""
    answers = session.answers()
    if answers and session.backend.uses_model and not answers[-1].critique.summary:  # type: ignore[union-attr]
        yield (_messages(session), "Writing the coach's note…", gr.update(visible=False),
               *_feedback_views(session), _badge(session, services), _past(session))
        try:
            session.word_critique(answers[-1])
        except BackendError as exc:
            status = f"The coach's note could not be worded ({exc}); the findings stand."
    yield (_messages(session), status, gr.update(visible=False), *_feedback_views(session),
           _badge(session, services), _past(session))


def build(services: Services) -> gr.Blocks:
    """The whole interface."""
    personas = services.personas.all()
    choices = [(f"{p.role}: {p.display_name}", p.id) for p in personas]

    with gr.Blocks(title="Interview coach") as demo:
        gr.Markdown("# Second-round interview coach\nPractise with a hiring manager, a peer, an"
                    " executive panel or a practical assessment, and get STAR feedback on every"
                    " answer.")
        holder_state = gr.State(Holder())
        with gr.Tab("Interview"):
            with gr.Row():
                persona = gr.Dropdown(choices, value=personas[0].id, label="Interviewer",
                                      elem_id="persona", scale=3)
                start = gr.Button("Start interview", variant="primary", elem_id="start", scale=1)
                end = gr.Button("End interview", elem_id="end", scale=1)
            round_pick = gr.Dropdown(choices, value=[], multiselect=True, elem_id="round",
                                     label="Second round: meet several interviewers in turn (pick"
                                     " them in the order you want; leave empty for one)")
            badge = gr.Markdown(_badge(None, services), elem_id="badge")
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Interview", height=460, elem_id="chat")
                    answer = gr.Textbox(label="Your answer", lines=4, elem_id="answer",
                                        placeholder="Type your answer, then press Send.")
                    with gr.Row():
                        send = gr.Button("Send", variant="primary", elem_id="send")
                        retry = gr.Button("Retry", visible=False, elem_id="retry")
                    with gr.Row():
                        recording = gr.Audio(sources=["microphone", "upload"], type="filepath",
                                             label="Or answer out loud (record, or upload wav, mp3,"
                                             " m4a, webm, ogg)", elem_id="recording", scale=3)
                        send_audio = gr.Button("Send recording", elem_id="send-audio", scale=1)
                    status = gr.Markdown("", elem_id="status")
                with gr.Column(scale=2):
                    past = gr.Dropdown([], label="Critique an earlier answer", elem_id="past",
                                       value=None)
                    try_again = gr.Button("Try this question again", elem_id="try-again")
                    feedback_md = gr.Markdown(_NO_FEEDBACK, elem_id="feedback")
                    marks = gr.HighlightedText(label="Your last answer, sentence by sentence",
                                               elem_id="highlights", combine_adjacent=False)
            with gr.Accordion("Your resume and the job description (optional)", open=False,
                              elem_id="documents"):
                resume = gr.File(label="Resume (PDF, DOCX, TXT, MD)", elem_id="resume",
                                 file_types=[".pdf", ".docx", ".txt", ".md"])
                job = gr.Textbox(label="Job description", lines=4, elem_id="job")
                docs_status = gr.Markdown("", elem_id="docs-status")
            with gr.Accordion("Questions worth asking each interviewer", open=False):
                gr.Markdown(_questions_markdown(services))
            report = gr.Markdown("", elem_id="report")

        with gr.Tab("Ask the coach"):
            ask_in = gr.Textbox(label="Your preparation question", elem_id="ask",
                                placeholder="How soon should I send thank-you notes?")
            ask_btn = gr.Button("Ask", variant="primary", elem_id="ask-btn")
            ask_out = gr.Markdown("", elem_id="ask-answer")

        with gr.Tab("Critique an answer"):
            question_in = gr.Textbox(label="Question", elem_id="cq")
            answer_in = gr.Textbox(label="Your answer", lines=6, elem_id="ca")
            critique_btn = gr.Button("Critique", variant="primary", elem_id="critique")
            critique_md = gr.Markdown("")
            critique_marks = gr.HighlightedText(label="Sentences", combine_adjacent=False)

        outputs = [chat, status, retry, feedback_md, marks, badge, past]

        def idle(holder: Holder, message: str) -> tuple[Any, ...]:
            session = holder.session
            return (_messages(session), message, gr.update(visible=False),
                    *_feedback_views(session), _badge(session, services), _past(session))

        def on_pick(holder: Holder, index: int | None) -> tuple[Any, ...]:
            session = holder.session
            if session is None or index is None:
                return gr.skip(), gr.skip()
            answers = session.answers()
            if not 0 <= int(index) < len(answers):
                return "⚠️ That answer is no longer in this session.", []
            turn = answers[int(index)]
            item = turn.critique
            assert item is not None
            if session.backend.uses_model:
                try:
                    with session.lock:
                        item = session.word_critique(turn)
                except InterviewerError as exc:
                    note = f"\n\n⚠️ The coach's note could not be worded ({exc}); the findings stand."
                    return feedback.render_markdown(item) + note, feedback.highlighted(item.analysis)
            return feedback.render_markdown(item), feedback.highlighted(item.analysis)

        def load_documents(holder: Holder, file: str | None, job_text: str) -> str:
            docs: list[Document] = []
            notes: list[str] = []
            if file:
                path = Path(file)
                try:
                    docs.append(Document(path.name, "resume",
                                         extract_text(path.name, path.read_bytes())))
                    notes.append(f"Resume loaded: {path.name}.")
                except InterviewerError as exc:
                    notes.append(f"⚠️ {exc} The interview goes on without it.")
            if job_text and job_text.strip():
                docs.append(Document("job description", "job", job_text.strip()))
                notes.append("Job description loaded.")
            holder.documents = docs
            if holder.session is not None and docs:
                notes = services.add_documents(holder.session, docs)
            return " ".join(notes)

        def on_start(holder: Holder, persona_id: str, members: list[str] | None
                     ) -> Iterator[tuple[Any, ...]]:
            try:
                backend = services.backend()
                session = services.new_session(persona_id, backend, holder.documents,
                                               owner=holder.owner or None,
                                               round_plan=list(members or []) or None)
            except InterviewerError as exc:
                yield idle(holder, f"⚠️ {exc}")
                return
            holder.session = session
            yield from _stream(session, session.start(), services)
            if session.notes:
                yield idle(holder, " ".join(session.notes))

        def on_send(holder: Holder, text: str) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None:
                yield (*idle(holder, "⚠️ Press **Start interview** first."), text)
                return
            with session.lock:
                try:
                    steps = session.answer(text)
                    first = next(steps, None)
                except BackendError as exc:
                    yield (*idle(holder, f"⚠️ {exc} Your answer is saved; press **Retry**."),
                           "")
                    return
                except InterviewerError as exc:
                    yield (*idle(holder, f"⚠️ {exc}"), text)
                    return

                def chained() -> Iterator[str]:
                    if first is not None:
                        yield first
                    yield from steps

                for update in _stream_locked(session, chained(), services):
                    yield (*update, "")

        def on_switch(holder: Holder, persona_id: str) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None or not session.started or session.persona_id == persona_id:
                yield tuple(gr.skip() for _ in outputs)
                return
            yield from _stream(session, session.switch_persona(persona_id), services)

        def on_end(holder: Holder) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None:
                yield (*idle(holder, "⚠️ The interview has not started."), "")
                return
            last = idle(holder, "")
            for update in _stream(session, session.end(), services):
                last = update
                yield (*update, "")
            reports = session.reports()
            notes = followup.thank_you_notes(session, services.settings.prompts_dir)
            drafts = "\n\n".join(f"**To {n.to}**\n\n```\n{n.text.strip()}\n```" for n in notes)
            overall = feedback.overall_report(reports)
            head = f"## Overall\n\n{overall['summary']}\n\n" if len(reports) > 1 else ""
            yield (*last, head + "\n\n".join(feedback.report_markdown(r) for r in reports.values())
                   + (f"\n\n## Thank-you notes\n\n_{followup.SEND_WITHIN}_\n\n{drafts}" if notes else ""))

        def on_retry(holder: Holder) -> Iterator[tuple[Any, ...]]:
            if holder.session is not None:
                yield from _stream(holder.session, holder.session.retry(), services)

        def on_ask(question: str) -> str:
            if not question or not question.strip():
                return "⚠️ Type a question first."
            try:
                answer = coach.ask(question, services.knowledge, services.backend())
            except InterviewerError as exc:
                return f"⚠️ {exc}"
            sources = "\n".join(f"- {h.label()}" for h in answer.sources)
            return f"{answer.answer}\n\n**Based on**\n{sources}" if sources else answer.answer

        def on_critique(question: str, text: str) -> tuple[str, list[tuple[str, str | None]]]:
            if not text or not text.strip():
                return "⚠️ Paste an answer to critique.", []
            item = feedback.critique(analyze(question or "", text))
            return feedback.render_markdown(item), feedback.highlighted(item.analysis)

        resume.change(load_documents, [holder_state, resume, job], [docs_status])
        job.change(load_documents, [holder_state, resume, job], [docs_status])
        browser = gr.BrowserState({"owner": "", "session": ""}, storage_key="interview-coach",
                                  secret=services.browser_secret())
        loaded = sessions_tab(services, holder_state, browser, outputs, idle, load_event=demo.load)
        progress_tab(services, holder_state, after_load=loaded)

        def remember(holder: Holder, saved: dict[str, str]) -> dict[str, str]:
            session_id = holder.session.session_id if holder.session else ""
            return {"owner": holder.owner, "session": session_id}

        def on_try_again(holder: Holder, index: int | None) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None or index is None:
                yield idle(holder, "⚠️ Pick one of your earlier answers first.")
                return
            answers = session.answers()
            if not 0 <= int(index) < len(answers):
                yield idle(holder, "⚠️ That answer is no longer in this session.")
                return
            yield from _stream(session, session.try_again(answers[int(index)]), services)

        def on_send_audio(holder: Holder, path: str | None) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None:
                yield idle(holder, "⚠️ Press **Start interview** first.")
                return
            if not path:
                yield idle(holder, "⚠️ Record or upload an answer first.")
                return
            yield idle(holder, "Transcribing your answer…")
            try:
                audio, text = services.spoken_answer(session, Path(path))
            except InterviewerError as exc:
                yield idle(holder, f"⚠️ {exc} The interview goes on: try again or type your answer.")
                return
            with session.lock:
                try:
                    steps = session.answer(text, audio=audio)
                    first = next(steps, None)
                except InterviewerError as exc:
                    yield idle(holder, f"⚠️ {exc}")
                    return

                def chained() -> Iterator[str]:
                    if first is not None:
                        yield first
                    yield from steps

                yield from _stream_locked(session, chained(), services)

        send_audio.click(on_send_audio, [holder_state, recording], outputs)
        try_again.click(on_try_again, [holder_state, past], outputs)
        start.click(on_start, [holder_state, persona, round_pick], outputs).then(
            remember, [holder_state, browser], [browser])
        send.click(on_send, [holder_state, answer], [*outputs, answer])
        answer.submit(on_send, [holder_state, answer], [*outputs, answer])
        persona.change(on_switch, [holder_state, persona], outputs)
        end.click(on_end, [holder_state], [*outputs, report])
        retry.click(on_retry, [holder_state], outputs)
        ask_btn.click(on_ask, [ask_in], [ask_out])
        ask_in.submit(on_ask, [ask_in], [ask_out])
        past.select(on_pick, [holder_state, past], [feedback_md, marks])
        critique_btn.click(on_critique, [question_in, answer_in], [critique_md, critique_marks])
    return demo


def sessions_tab(
    services: Services,
    holder_state: gr.State,
    browser: gr.BrowserState,
    outputs: list[Any],
    idle: Any,
    load_event: Any,
) -> Any:
    """The Sessions tab (list, reopen, rename, delete, export) and reopening on page load;
    returns the page-load event so later steps can follow it."""
    with gr.Tab("Sessions"):
        listed = gr.Dropdown([], label="Your sessions", elem_id="sessions", value=None)
        with gr.Row():
            open_btn = gr.Button("Reopen", elem_id="reopen")
            delete_btn = gr.Button("Delete", variant="stop", elem_id="delete")
        with gr.Row():
            new_name = gr.Textbox(label="New name", elem_id="rename-text", scale=3)
            rename_btn = gr.Button("Rename", elem_id="rename", scale=1)
        with gr.Row():
            fmt = gr.Radio(["md", "pdf", "json"], value="pdf", label="Export as", elem_id="fmt")
            export_btn = gr.Button("Export", elem_id="export")
        download = gr.File(label="Download", elem_id="download")
        note = gr.Markdown("", elem_id="sessions-status")

    def choices(holder: Holder) -> Any:
        if not holder.owner:
            return gr.update(choices=[])
        rows = services.sessions.sessions(holder.owner)
        return gr.update(choices=[(f"{r.name} · {r.turns} turns", r.id) for r in rows], value=None)

    def on_load(saved: dict[str, str] | None, holder: Holder, request: gr.Request) -> tuple[Any, ...]:
        saved = saved or {}
        user = getattr(request, "username", None) if request else None
        holder.owner = user or saved.get("owner") or uuid.uuid4().hex
        message = ""
        wanted = saved.get("session", "")
        if wanted and holder.session is None:
            try:
                holder.session = services.open_session(wanted, holder.owner, services.backend())
                message = "Welcome back: your interview is where you left it."
            except InterviewerError:
                wanted = ""
        kept = {"owner": holder.owner, "session": wanted}
        return (kept, *idle(holder, message), choices(holder))

    def on_open(holder: Holder, session_id: str | None) -> tuple[Any, ...]:
        if not session_id:
            return (gr.skip(), *idle(holder, "⚠️ Pick a session first."), gr.skip())
        try:
            holder.session = services.open_session(session_id, holder.owner, services.backend())
        except InterviewerError as exc:
            return (gr.skip(), *idle(holder, f"⚠️ {exc}"), choices(holder))
        return ({"owner": holder.owner, "session": session_id},
                *idle(holder, "Session reopened: continue in the Interview tab."), choices(holder))

    def on_rename(holder: Holder, session_id: str | None, name: str) -> tuple[Any, str]:
        try:
            if not session_id:
                raise InterviewerError("Pick a session first.")
            services.sessions.rename(session_id, holder.owner, name)
        except InterviewerError as exc:
            return gr.skip(), f"⚠️ {exc}"
        return choices(holder), "Renamed."

    def on_delete(holder: Holder, session_id: str | None) -> tuple[Any, str]:
        try:
            if not session_id:
                raise InterviewerError("Pick a session first.")
            services.delete_session(session_id, holder.owner)
        except InterviewerError as exc:
            return gr.skip(), f"⚠️ {exc}"
        if holder.session is not None and holder.session.session_id == session_id:
            holder.session = None
        return choices(holder), "Deleted, with its documents and their vectors."

    def on_export(holder: Holder, session_id: str | None, kind: str) -> tuple[Any, str]:
        target = session_id or (holder.session.session_id if holder.session else None)
        try:
            if not target:
                raise InterviewerError("Pick a session (or start one) first.")
            session = services.open_session(target, holder.owner, services.backend("scripted"))
            info, _ = services.sessions.load(target, holder.owner)
            data = export.export(session, services.settings.prompts_dir, kind, info["name"])
            folder = services.settings.data_dir / "exports" / holder.owner
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"interview-{target[:8]}.{kind}"
            path.write_bytes(data)
        except (InterviewerError, OSError) as exc:
            return None, f"⚠️ {exc}"
        return str(path), f"Exported {path.name}."

    loaded = load_event(on_load, [browser, holder_state], [browser, *outputs, listed])
    open_btn.click(on_open, [holder_state, listed], [browser, *outputs, listed])
    rename_btn.click(on_rename, [holder_state, listed, new_name], [listed, note])
    delete_btn.click(on_delete, [holder_state, listed], [listed, note])
    export_btn.click(on_export, [holder_state, listed, fmt], [download, note])
    return loaded


def progress_tab(services: Services, holder_state: gr.State, after_load: Any) -> None:
    """Scores by competency and STAR completeness across the user's sessions, and the story bank."""
    import pandas as pd

    with gr.Tab("Progress"):
        refresh = gr.Button("Refresh", elem_id="progress-refresh")
        summary_md = gr.Markdown("", elem_id="progress-summary")
        scores = gr.LinePlot(x="session_index", y="score", color="competency", y_lim=[1, 5],
                             title="Score by competency", x_title="session", y_title="score (1-5)",
                             elem_id="progress-scores")
        star = gr.LinePlot(x="session_index", y="share", color="component", y_lim=[0, 1],
                           title="STAR completeness", x_title="session",
                           y_title="share of answers", elem_id="progress-star")
    with gr.Tab("Story bank"):
        refresh_bank = gr.Button("Refresh", elem_id="bank-refresh")
        bank_md = gr.Markdown("", elem_id="bank")

    def stored(holder: Holder) -> list[Any]:
        rows = services.sessions.sessions(holder.owner) if holder.owner else []
        return [(r.id, r.name, r.created, services.sessions.load(r.id, holder.owner)[1])
                for r in rows]

    def on_progress(holder: Holder) -> tuple[Any, ...]:
        data = stored(holder)
        by_competency = pd.DataFrame(progress.competency_scores(data, services.personas))
        by_component = pd.DataFrame(progress.star_completeness(data))
        text = progress.summary_markdown(progress.summary(data, services.personas))
        return text, by_competency, by_component

    def on_bank(holder: Holder) -> str:
        bank = services.story_bank(holder.owner) if holder.owner else []
        return stories.bank_markdown(bank) if bank else (
            "_No stories yet: upload a resume, or give an answer that scores 4 or 5._")

    refresh.click(on_progress, [holder_state], [summary_md, scores, star])
    refresh_bank.click(on_bank, [holder_state], [bank_md])
    after_load.then(on_progress, [holder_state], [summary_md, scores, star]).then(
        on_bank, [holder_state], [bank_md])


def _loopback(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")


def launch(services: Services, host: str | None = None, port: int | None = None) -> None:
    """Build and serve the app."""
    s = services.settings
    report = services.knowledge.sync()
    print(f"Guidance index: {len(report.indexed)} file(s) indexed, {len(report.unchanged)} unchanged,"
          f" {len(report.removed)} removed.", flush=True)
    for failure in report.failed:
        print(f"warning: {failure}", flush=True)
    demo = build(services)
    demo.queue(default_concurrency_limit=8)
    server = host or s.host
    auth = s.auth_pairs()
    if not _loopback(server):
        if not auth:
            raise ConfigError(f"The app would listen on {server}, beyond this machine, without a"
                              " login. Set INTERVIEWER_AUTH=user:password[,user2:password2], or"
                              " listen on 127.0.0.1.")
        print(f"Listening on {server}: login required for {len(auth)} user(s).", flush=True)
    services.sessions.migrate()
    demo.launch(server_name=server, server_port=port or s.port, show_error=True,
                auth=auth or None)
