"""A whole session as Markdown, JSON or PDF: transcript, critiques with STAR labels, reports, notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interviewer import feedback, followup
from interviewer.errors import InterviewerError
from interviewer.session import InterviewSession

FORMATS = ("md", "json", "pdf")


def as_data(session: InterviewSession, prompts_dir: Path, name: str = "") -> dict[str, Any]:
    """Everything worth keeping from a session, as JSON-ready data."""
    notes = followup.thank_you_notes(session, prompts_dir)
    return {
        "session_id": session.session_id,
        "name": name,
        "backend": session.backend.name,
        "model": session.backend.model,
        "turns": [t.to_dict() for t in session.turns],
        "reports": session.reports(),
        "thank_you_notes": [{"to": n.to, "persona": n.persona_id, "text": n.text} for n in notes],
        "send_within": followup.SEND_WITHIN,
        "check_in_email": followup.check_in_email(session, prompts_dir),
    }


def _labelled(turn_feedback: dict[str, Any]) -> list[str]:
    lines = []
    for sentence, labels in zip(turn_feedback["sentences"], turn_feedback["labels"], strict=True):
        tag = "+".join(label.title() for label in labels) or "—"
        lines.append(f"    - [{tag}] {sentence}")
    return lines


def as_markdown(session: InterviewSession, prompts_dir: Path, name: str = "") -> str:
    """The session as a Markdown document."""
    data = as_data(session, prompts_dir, name)
    out = [f"# {name or 'Mock interview'}", "",
           f"Session `{data['session_id']}` · backend {data['backend']} ({data['model']})", "",
           "## Transcript", ""]
    for turn in data["turns"]:
        who = (session.personas.get(turn["persona"]).display_name
               if turn["role"] == "interviewer" else "You")
        out.append(f"**{who}:** {turn['text']}")
        out.append("")
        fb = turn.get("feedback")
        if fb:
            out.append(f"  *Feedback: score {fb['score']}/5, quantified result:"
                       f" {'yes' if fb['quantified_result'] else 'no'}, ownership {fb['ownership']}*")
            out.extend(_labelled(fb))
            out.extend(f"  - Improve: {item}" for item in fb["improvements"])
            out.append("")
    out += ["## Reports", ""]
    for report in data["reports"].values():
        out += [feedback.report_markdown(report), ""]
    out += ["## Thank-you notes", "", f"_{data['send_within']}_", ""]
    for note in data["thank_you_notes"]:
        out += [f"### To {note['to']}", "", "```", note["text"].strip(), "```", ""]
    out += ["## If the decision date passes", "", "```", data["check_in_email"].strip(), "```", ""]
    return "\n".join(out)


_LATIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                        "•": "-", "▌": "", "✅": "[x]", "❌": "[ ]", "§": "S.", "→": "->"})


def _latin1(text: str) -> str:
    return text.translate(_LATIN).encode("latin-1", "replace").decode("latin-1")


def as_pdf(session: InterviewSession, prompts_dir: Path, name: str = "") -> bytes:
    """The session as a PDF (the Markdown content, laid out plainly)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for line in as_markdown(session, prompts_dir, name).splitlines():
        text = _latin1(line.replace("**", "").replace("`", ""))
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 16)
            text = text[2:]
        elif line.startswith("## ") or line.startswith("### "):
            pdf.set_font("Helvetica", "B", 13 if line.startswith("## ") else 11)
            text = text.lstrip("# ")
        elif line.startswith("```"):
            continue
        else:
            pdf.set_font("Helvetica", "", 10)
        if not text.strip():
            pdf.ln(3)
            continue
        pdf.multi_cell(width, 5, text)
    return bytes(pdf.output())


def export(session: InterviewSession, prompts_dir: Path, fmt: str, name: str = "") -> bytes:
    """The session in one of FORMATS; an empty session is refused with a clear message."""
    if fmt not in FORMATS:
        raise InterviewerError(f"Unknown export format {fmt!r}. Valid formats: {', '.join(FORMATS)}.")
    if not session.turns:
        raise InterviewerError("This session is empty: start the interview and answer at least one"
                               " question before exporting.")
    if fmt == "json":
        return json.dumps(as_data(session, prompts_dir, name), indent=2, ensure_ascii=False).encode()
    if fmt == "md":
        return as_markdown(session, prompts_dir, name).encode()
    return as_pdf(session, prompts_dir, name)
