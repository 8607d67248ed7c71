"""The Gradio interface: layout and callbacks only. All decisions live in the session engine."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from interviewer import coach, feedback, focus, followup, identity
from interviewer.documents import Document, extract_text
from interviewer.errors import ConfigError, InterviewerError
from interviewer.llm.base import ChatMessage, Prompt
from interviewer.prompting import system_prompt
from interviewer.services import Services
from interviewer.star import analyze
from interviewer.ui import voice as voice_mode
from interviewer.ui.progress import progress_tab
from interviewer.ui.sessions import sessions_tab
from interviewer.ui.views import (
    NO_FEEDBACK,
    Holder,
    badge,
    questions_markdown,
    stream,
    stream_locked,
    view,
)


def build(services: Services) -> gr.Blocks:
    """The whole interface."""
    # Files offered for download are copied here, so deleting a session can remove the copies.
    os.environ["GRADIO_TEMP_DIR"] = str(services.web_cache().resolve())
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
            badge_md = gr.Markdown(badge(None, services), elem_id="badge")
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
                    voice_box = voice_mode.controls()
                with gr.Column(scale=2):
                    past = gr.Dropdown([], label="Critique an earlier answer", elem_id="past",
                                       value=None)
                    with gr.Row():
                        try_again = gr.Button("Try this question again", elem_id="try-again")
                        note_btn = gr.Button("Coach's note", elem_id="note-btn")
                    note_md = gr.Markdown("", elem_id="note")
                    feedback_md = gr.Markdown(NO_FEEDBACK, elem_id="feedback")
                    marks = gr.HighlightedText(label="Your last answer, sentence by sentence",
                                               elem_id="highlights", combine_adjacent=False)
            with gr.Accordion("Your resume and the job description (optional)", open=False,
                              elem_id="documents"):
                resume = gr.File(label="Resume (PDF, DOCX, TXT, MD)", elem_id="resume",
                                 file_types=[".pdf", ".docx", ".txt", ".md"])
                job = gr.Textbox(label="Job description", lines=4, elem_id="job")
                docs_status = gr.Markdown("", elem_id="docs-status")
            with gr.Accordion("Questions worth asking each interviewer", open=False):
                gr.Markdown(questions_markdown(services))
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

        outputs = [chat, status, retry, feedback_md, marks, badge_md, past]

        def idle(holder: Holder, message: str) -> tuple[Any, ...]:
            return view(holder.session, services, message)

        def on_pick(holder: Holder, index: int | None) -> tuple[Any, ...]:
            session = holder.session
            if session is None or index is None:
                return gr.skip(), gr.skip()
            answers = session.answers()
            if not 0 <= int(index) < len(answers):
                return "⚠️ That answer is no longer in this session.", []
            item = answers[int(index)].critique
            assert item is not None
            return feedback.render_markdown(item), feedback.highlighted(item.analysis)

        def on_note(holder: Holder, index: int | None) -> str:
            """The coach's note in the model's words, on request: never in the way of the chat."""
            session = holder.session
            answers = session.answers() if session else []
            if session is None or not answers:
                return "⚠️ Answer a question first."
            turn = answers[int(index)] if index is not None and 0 <= int(index) < len(answers) \
                else answers[-1]
            if not session.backend.uses_model:
                return "The scripted backend has no model: the findings above are the whole note."
            try:
                with session.lock:
                    item = session.word_critique(turn)
            except InterviewerError as exc:
                return f"⚠️ The coach's note could not be worded ({exc}); the findings stand."
            return f"**Coach's note:** {item.summary}"

        def load_documents(holder: Holder, file: str | None, job_text: str) -> str:
            notes: list[str] = []
            if file and (holder.resume is None or holder.resume_file != file):
                path = Path(file)
                try:
                    services.check_space()
                    holder.resume = Document(path.name, "resume",
                                             extract_text(path.name, path.read_bytes()))
                    holder.resume_file = file
                    notes.append(f"Resume loaded: {path.name}.")
                except OSError:
                    notes.append("⚠️ The upload could not be read. Upload the file again.")
                except InterviewerError as exc:
                    notes.append(f"⚠️ {exc} The interview goes on without it.")
                finally:
                    path.unlink(missing_ok=True)  # the text is what we keep; the upload goes
            elif not file:
                holder.resume, holder.resume_file = None, ""
            job = job_text.strip() if job_text else ""
            if job and len(job) > services.settings.max_answer_chars:
                notes.append(f"⚠️ The job description is over {services.settings.max_answer_chars:,}"
                             " characters: paste only the posting itself.")
                job = ""
            holder.job = Document("job description", "job", job) if job else None
            if job:
                notes.append("Job description loaded.")
            docs = holder.documents
            if holder.session is not None and docs:
                try:
                    notes = services.add_documents(holder.session, docs, holder.owner or None)
                except InterviewerError as exc:
                    notes.append(f"⚠️ {exc}")
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
            yield from stream(session, session.start(), services)
            if session.notes:
                yield idle(holder, " ".join(session.notes))

        def on_send(holder: Holder, text: str) -> Iterator[tuple[Any, ...]]:
            """Findings at once, then the interviewer's turn; the answer box is cleared once, when
            the answer is stored, so whatever the candidate types meanwhile stays."""
            session = holder.session
            if session is None:
                yield (*idle(holder, "⚠️ Press **Start interview** first."), gr.skip())
                return
            with session.lock:
                try:
                    session.submit(text)
                except InterviewerError as exc:
                    yield (*idle(holder, f"⚠️ {exc} Your text is still in the box."), gr.skip())
                    return
                yield (*view(session, services, "", partial=""), "")
                for update in stream_locked(session, session.respond(), services):
                    yield (*update, gr.skip())

        def on_switch(holder: Holder, persona_id: str) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None or not session.started or session.persona_id == persona_id:
                yield tuple(gr.skip() for _ in outputs)
                return
            yield from stream(session, session.switch_persona(persona_id), services)

        def on_end(holder: Holder) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None:
                yield (*idle(holder, "⚠️ The interview has not started."), "")
                return
            last = idle(holder, "")
            for update in stream(session, session.end(), services):
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
            session = holder.session
            if session is None or session.pending is None:
                yield idle(holder, "Nothing to retry.")
                return
            yield from stream(session, session.retry(), services)

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
        # Only the session id is kept in the browser; who owns it comes from the server-signed
        # cookie (or the login), and every store call checks that owner.
        browser = gr.BrowserState({"session": ""}, storage_key="interview-coach",
                                  secret=services.browser_secret())
        loaded, listed, listing = sessions_tab(services, holder_state, browser, outputs, idle,
                                               load_event=demo.load)
        progress_tab(services, holder_state, after_load=loaded)

        def remember(holder: Holder, saved: dict[str, str]) -> tuple[dict[str, str], Any]:
            session_id = holder.session.session_id if holder.session else ""
            return {"session": session_id}, listing(holder)

        def on_try_again(holder: Holder, index: int | None) -> Iterator[tuple[Any, ...]]:
            session = holder.session
            if session is None or index is None:
                yield idle(holder, "⚠️ Pick one of your earlier answers first.")
                return
            answers = session.answers()
            if not 0 <= int(index) < len(answers):
                yield idle(holder, "⚠️ That answer is no longer in this session.")
                return
            yield from stream(session, session.try_again(answers[int(index)]), services)

        def on_send_audio(holder: Holder, path: str | None) -> Iterator[tuple[Any, ...]]:
            for update, _cleared in voice_mode.answer_from_recording(services, holder.session, path):
                yield update

        send_audio.click(on_send_audio, [holder_state, recording], outputs)
        try_again.click(on_try_again, [holder_state, past], outputs)
        start.click(on_start, [holder_state, persona, round_pick], outputs).then(
            remember, [holder_state, browser], [browser, listed])
        send.click(on_send, [holder_state, answer], [*outputs, answer])
        answer.submit(on_send, [holder_state, answer], [*outputs, answer])
        persona.change(on_switch, [holder_state, persona], outputs)
        end.click(on_end, [holder_state], [*outputs, report])
        retry.click(on_retry, [holder_state], outputs)
        ask_btn.click(on_ask, [ask_in], [ask_out])
        ask_in.submit(on_ask, [ask_in], [ask_out])
        past.select(on_pick, [holder_state, past], [feedback_md, marks])
        note_btn.click(on_note, [holder_state, past], [note_md])
        critique_btn.click(on_critique, [question_in, answer_in], [critique_md, critique_marks])
        voice_mode.wire(voice_box, services, holder_state, chat, recording, outputs, demo.load)
    return demo


def _warm_up(services: Services) -> None:
    """Load the in-process models in the background while the server starts (the relevance model, the
    quantified check's model, and a local language model reading the first interviewer's preamble once), so
    the candidate's first answer and turn wait for none of them."""
    similarity = services.answer_similarity
    if similarity is not None:
        threading.Thread(target=similarity, args=("Tell me about a time you led a team.", "I led a team."),
                         name="relevance-warm-up", daemon=True).start()
    quantified = services.quantified_embedder
    if quantified is not None:
        threading.Thread(target=quantified.embed, args=(["result: The wait fell from nine days to four."],),
                         name="quantified-warm-up", daemon=True).start()
    try:
        backend = services.backend()
    except InterviewerError:
        return
    warm = getattr(backend, "warm_up", None)
    if warm is None:
        return
    prompts_dir = services.settings.prompts_dir
    if getattr(backend, "words_questions", False):
        persona = services.personas.all()[0]
        system = system_prompt(persona, prompts_dir)
        prompt = Prompt((ChatMessage("system", system), ChatMessage("user", "Hello.")), "")
    else:
        # The small model's only calls name an answer's focus (turns, coaching notes): their
        # shared prefix is the coach's system prompt and the focus instruction.
        prompt = focus.prompt("", "", prompts_dir, template="turn_focus")
    threading.Thread(target=warm, args=(prompt,), name="warm-up", daemon=True).start()


def _loopback(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")


def launch(services: Services, host: str | None = None, port: int | None = None) -> None:
    """Build and serve the app."""
    s = services.settings
    server = host or s.host
    auth = s.auth_pairs()
    if not _loopback(server) and not auth:
        raise ConfigError(f"The app would listen on {server}, beyond this machine, without a"
                          " login. Set INTERVIEWER_AUTH=user:password[,user2:password2], or"
                          " listen on 127.0.0.1.")
    services.sessions.migrate()
    services.measure_relevance()
    report = services.knowledge.sync()
    print(f"Guidance index: {len(report.indexed)} file(s) indexed, {len(report.unchanged)} unchanged,"
          f" {len(report.removed)} removed.", flush=True)
    for failure in report.failed:
        print(f"warning: {failure}", flush=True)
    if auth:
        print(f"Listening on {server}: login required for {len(auth)} user(s).", flush=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    demo = build(services)
    demo.queue(default_concurrency_limit=8)
    _warm_up(services)
    key = services.browser_secret().encode()
    demo.launch(server_name=server, server_port=port or s.port, show_error=True,
                auth=identity.LoginGuard(auth) if auth else None, run_history=False,
                app_kwargs={"middleware": [Middleware(identity.CookieMiddleware, key=key)]})
