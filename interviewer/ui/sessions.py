"""The Sessions tab: list, reopen, rename, delete and export; reopening on page load."""

from __future__ import annotations

import uuid
from typing import Any

import gradio as gr

from interviewer import export, identity
from interviewer.errors import InterviewerError
from interviewer.services import Services
from interviewer.ui.views import RETRY_HINT, Holder


def sessions_tab(
    services: Services,
    holder_state: gr.State,
    browser: gr.BrowserState,
    outputs: list[Any],
    idle: Any,
    load_event: Any,
) -> Any:
    """The Sessions tab (list, reopen, rename, delete, export) and reopening on page load.

    Returns the page-load event (so later steps can follow it), the sessions list, and the
    function that refreshes it for a holder."""
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

    key = services.browser_secret().encode()

    def on_load(saved: dict[str, str] | None, holder: Holder, request: gr.Request) -> tuple[Any, ...]:
        # Who this is comes from the server: the login, else the cookie the server signed. What
        # the browser sends back (its stored state) names a session at most, never an owner.
        cookie = request.cookies.get(identity.COOKIE) if request else None
        owner = identity.owner_of(getattr(request, "username", None) if request else None, cookie,
                                  key)
        holder.owner = owner or identity.browser_owner(uuid.uuid4().hex)
        message = ""
        wanted = str((saved or {}).get("session", ""))
        if wanted and holder.session is None:
            try:
                holder.session = services.open_session(wanted, holder.owner, services.backend())
                message = ("Welcome back: " + (RETRY_HINT if holder.session.pending else
                                               "your interview is where you left it."))
            except InterviewerError:
                wanted = ""
        return ({"session": wanted}, *idle(holder, message), choices(holder))

    def on_open(holder: Holder, session_id: str | None) -> tuple[Any, ...]:
        if not session_id:
            return (gr.skip(), *idle(holder, "⚠️ Pick a session first."), gr.skip())
        try:
            holder.session = services.open_session(session_id, holder.owner, services.backend())
        except InterviewerError as exc:
            return (gr.skip(), *idle(holder, f"⚠️ {exc}"), choices(holder))
        message = "Session reopened: continue in the Interview tab."
        if holder.session.pending is not None:
            message += " " + RETRY_HINT
        return ({"session": session_id}, *idle(holder, message), choices(holder))

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
            left = services.delete_session(session_id, holder.owner)
        except InterviewerError as exc:
            return gr.skip(), f"⚠️ {exc}"
        if holder.session is not None and holder.session.session_id == session_id:
            holder.session = None
        if left:
            return choices(holder), ("⚠️ Deleted, but some files could not be removed: "
                                     + ", ".join(left) + ". Delete again to retry.")
        return choices(holder), ("Deleted, with its documents, their vectors, recordings and"
                                 " exports.")

    def on_export(holder: Holder, session_id: str | None, kind: str) -> tuple[Any, str]:
        target = session_id or (holder.session.session_id if holder.session else None)
        try:
            if not target:
                raise InterviewerError("Pick a session (or start one) first.")
            session = services.open_session(target, holder.owner, services.backend("scripted"))
            info, _ = services.sessions.load(target, holder.owner)
            data = export.export(session, services.settings.prompts_dir, kind, info["name"])
            services.check_space(len(data))
            path = services.export_path(holder.owner, target, kind)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except InterviewerError as exc:
            return None, f"⚠️ {exc}"
        except OSError as exc:
            return None, f"⚠️ The export could not be written ({exc.strerror or 'disk error'})."
        return str(path), f"Exported {path.name}."

    loaded = load_event(on_load, [browser, holder_state], [browser, *outputs, listed])
    open_btn.click(on_open, [holder_state, listed], [browser, *outputs, listed])
    rename_btn.click(on_rename, [holder_state, listed, new_name], [listed, note])
    delete_btn.click(on_delete, [holder_state, listed], [listed, note])
    export_btn.click(on_export, [holder_state, listed, fmt], [download, note])
    return loaded, listed, choices
