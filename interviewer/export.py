"""A whole session as Markdown, JSON or PDF: transcript, critiques with STAR labels, reports, notes.

Every piece of text that a person or a model wrote is escaped in the Markdown, so a viewer shows
it as written and never runs it as HTML, loads it as an image or turns it into a link. The PDF is
laid out from those same lines, unescaped, in Unicode fonts chosen for the scripts the text uses.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from interviewer import feedback, followup
from interviewer.errors import InterviewerError
from interviewer.session import InterviewSession

if TYPE_CHECKING:
    from fpdf import FPDF

FORMATS = ("md", "json", "pdf")

# C0 controls but tab and newline, DEL and C1: they break viewers and parsers and mean nothing here.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """The text with newlines normalised and no control characters (bar \\n and \\t) or lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def _cleaned(value: Any) -> Any:
    """`value` with `clean_text` applied to every string in it, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    return value


def _turn_data(turn: dict[str, Any]) -> dict[str, Any]:
    """A turn for export: a kept recording is named by its file name, not the server's folder."""
    audio = turn.get("audio")
    if isinstance(audio, dict) and isinstance(audio.get("recording"), str):
        turn = {**turn, "audio": {**audio, "recording": PurePath(audio["recording"]).name}}
    return turn


def as_data(session: InterviewSession, prompts_dir: Path, name: str = "") -> dict[str, Any]:
    """Everything worth keeping from a session, as JSON-ready data (raw text, control characters removed)."""
    notes = followup.thank_you_notes(session, prompts_dir)
    data = {
        "session_id": session.session_id,
        "name": name,
        "backend": session.backend.name,
        "model": session.backend.model,
        "turns": [_turn_data(t.to_dict()) for t in session.turns],
        "reports": session.reports(),
        "thank_you_notes": [{"to": n.to, "persona": n.persona_id, "text": n.text} for n in notes],
        "send_within": followup.SEND_WITHIN,
        "check_in_email": followup.check_in_email(session, prompts_dir),
    }
    cleaned: dict[str, Any] = _cleaned(data)
    return cleaned


# --- Markdown ---------------------------------------------------------------------------------

# Characters that are markup anywhere in a line. `<`, `>` and `&` become entities first.
_MD_MARKUP = re.compile(r"([\\`*\[\]|~#])")
# `_` can only start or end emphasis next to a space or punctuation; inside a word it stays plain.
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Bare URLs that GitHub-style viewers turn into links by themselves.
_MD_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*):(?=//)")
_MD_WWW = re.compile(r"(?i)\b(www)\.")
# What starts a list, a heading underline or a thematic break at the start of a line.
_MD_LINE_START = re.compile(r"^([-+=])")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_escape(text: str, inline: bool = False) -> str:
    """Text as Markdown that shows exactly this text: never HTML, an image, a link or formatting.

    Lines are kept as hard line breaks; `inline` puts everything on one line (headings, table cells).
    """
    text = html.escape(clean_text(str(text)), quote=False)
    text = _MD_MARKUP.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    text = _MD_WWW.sub(r"\1\\.", _MD_SCHEME.sub(r"\1\\:", text))
    # Stripped lines, no blank ones: the text stays one paragraph and can never open a code block.
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lines = [_MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", line)) for line in lines]
    return (" " if inline else "  \n").join(lines)


def _md_values(value: Any) -> Any:
    """`value` with every string value escaped for one line of Markdown (dict keys kept as they are)."""
    if isinstance(value, str):
        return md_escape(value, inline=True)
    if isinstance(value, dict):
        return {k: _md_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_md_values(v) for v in value]
    return value


def _fenced(text: str) -> list[str]:
    """A code block holding `text` verbatim, with a fence longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *text.strip().split("\n"), fence]


def _labelled(turn_feedback: dict[str, Any]) -> list[str]:
    lines = []
    for sentence, labels in zip(turn_feedback["sentences"], turn_feedback["labels"], strict=True):
        tag = "+".join(label.title() for label in labels) or "—"
        lines.append(f"- [{md_escape(tag, inline=True)}] {md_escape(sentence)}")
    return lines


def as_markdown(session: InterviewSession, prompts_dir: Path, name: str = "") -> str:
    """The session as a Markdown document; everything a person or model wrote is escaped."""
    data = as_data(session, prompts_dir, name)
    out = [f"# {md_escape(data['name'] or 'Mock interview', inline=True)}", "",
           f"Session {md_escape(data['session_id'], inline=True)} · backend"
           f" {md_escape(data['backend'], inline=True)} ({md_escape(data['model'], inline=True)})", "",
           "## Transcript", ""]
    for turn in data["turns"]:
        who = (session.personas.get(turn["persona"]).display_name
               if turn["role"] == "interviewer" else "You")
        out.append(f"**{md_escape(who, inline=True)}:** {md_escape(turn['text'])}")
        out.append("")
        fb = turn.get("feedback")
        if fb:
            out += [f"*Feedback: score {md_escape(str(fb['score']), inline=True)}/5, quantified"
                    f" result: {'yes' if fb['quantified_result'] else 'no'}, ownership"
                    f" {md_escape(str(fb['ownership']), inline=True)}*", ""]
            out.extend(_labelled(fb))
            out.extend(f"- Improve: {md_escape(item)}" for item in fb["improvements"])
            out.append("")
    out += ["## Reports", ""]
    for report in data["reports"].values():
        out += [feedback.report_markdown(_md_values(report)), ""]
    out += ["## Thank-you notes", "", f"_{md_escape(data['send_within'], inline=True)}_", ""]
    for note in data["thank_you_notes"]:
        out += [f"### To {md_escape(note['to'], inline=True)}", "", *_fenced(note["text"]), ""]
    out += ["## If the decision date passes", "", *_fenced(data["check_in_email"]), ""]
    return "\n".join(out)


# --- PDF --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """One line of the PDF: plain text (no Markdown left), how it is set, and an optional bold lead."""

    kind: str  # h1, h2, h3, text, italic, bullet, code, row, gap
    text: str = ""
    lead: str = ""
    indent: int = 0
    cells: tuple[str, ...] = ()


_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_HEADING = re.compile(r"^(#{1,3}) (.*)$")
_MD_FENCE = re.compile(r"^`{3,}$")
_MD_LEAD = re.compile(r"^\*\*((?:\\.|[^\\*])+)\*\*(?: (.*))?$")
_MD_EMPHASIS = re.compile(r"^\s*([*_])(.+)\1$")
_MD_BULLET = re.compile(r"^( *)- (.*)$")
_MD_TABLE_RULE = re.compile(r"^\|(?: *-+ *\|)+$")
_MD_CELL = re.compile(r"(?:\\.|[^|\\])+")


def _plain(markdown: str) -> str:
    """Escaped Markdown text back to the text it shows."""
    return html.unescape(_MD_ESCAPED.sub(r"\1", markdown.strip()))


def _pdf_lines(markdown: str) -> Iterator[_Line]:
    """The lines of `as_markdown`'s output as plain text with their layout.

    It reads only the markup `as_markdown` writes; user text is escaped there, so it cannot look
    like markup here."""
    fence = ""
    for line in markdown.split("\n"):
        if fence:
            if line == fence:
                fence = ""
            else:
                yield _Line("code", line.rstrip())
            continue
        if _MD_FENCE.match(line):
            fence = line
            continue
        if not line.strip():
            yield _Line("gap")
        elif heading := _MD_HEADING.match(line):
            yield _Line(f"h{len(heading[1])}", _plain(heading[2]))
        elif lead := _MD_LEAD.match(line):
            yield _Line("text", _plain(lead[2] or ""), lead=_plain(lead[1]))
        elif emphasis := _MD_EMPHASIS.match(line):
            yield _Line("italic", _plain(emphasis[2]))
        elif bullet := _MD_BULLET.match(line):
            yield _Line("bullet", _plain(bullet[2]), indent=len(bullet[1]) // 2)
        elif _MD_TABLE_RULE.match(line):
            continue
        elif line.startswith("|") and line.rstrip().endswith("|"):
            cells = _MD_CELL.findall(line.strip()[1:-1])
            yield _Line("row", cells=tuple(_plain(cell) for cell in cells))
        else:
            yield _Line("text", _plain(line))


# Fonts are looked for in Python packages first (installed with the project), then in Debian's
# font packages. Each entry: (Python package or folder, file, face index in a collection).
_PACKAGE_FONTS = "manimgx_fonts"  # Noto Sans, its italic, Noto Emoji and Noto for other scripts
_MAIN = [(_PACKAGE_FONTS, "NotoSans[wght].ttf", 0),
         ("/usr/share/fonts/truetype/dejavu", "DejaVuSans.ttf", 0)]
_ITALIC = [(_PACKAGE_FONTS, "NotoSans-Italic[wght].ttf", 0)]
_FALLBACKS = [
    (_PACKAGE_FONTS, "NotoSansSymbols[wght].ttf", 0),
    (_PACKAGE_FONTS, "NotoEmoji[wght].ttf", 0),
    *((_PACKAGE_FONTS, f"NotoSans{script}[wght].ttf", 0) for script in (
        "Arabic", "Hebrew", "Devanagari", "Bengali", "Tamil", "Telugu", "Gujarati", "Gurmukhi",
        "Kannada", "Malayalam", "Oriya", "Sinhala", "Thai", "Lao", "Khmer", "Myanmar", "Armenian",
        "Georgian", "Ethiopic")),
    ("noto_cjk_sans_jp_regular", "NotoSansCJKjp-Regular.otf", 0),
    # Debian's, if installed: DejaVu for the symbols Noto lacks (blocks, box drawing), CJK.
    ("/usr/share/fonts/truetype/dejavu", "DejaVuSans.ttf", 0),
    ("/usr/share/fonts/truetype/droid", "DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/opentype/noto", "NotoSansCJK-Regular.ttc", 0),
]
_SIZES = {"h1": 16.0, "h2": 13.0, "h3": 11.0}
_BODY = 10.0


def _font_file(where: str, file: str) -> Path | None:
    """The font file if it is installed: `where` is a Python package name or a folder."""
    if where.startswith("/"):
        path = Path(where) / file
    else:
        try:
            path = Path(str(resources.files(where) / file))
        except ModuleNotFoundError:
            return None
    return path if path.is_file() else None


@lru_cache(maxsize=64)
def _cmap(path: Path, index: int) -> frozenset[int]:
    """The code points a font has glyphs for."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=index) as font:
        return frozenset(font.getBestCmap() or {})


def _first(candidates: Iterable[tuple[str, str, int]]) -> tuple[Path, int] | None:
    for where, file, index in candidates:
        path = _font_file(where, file)
        if path is not None:
            return path, index
    return None


@dataclass(frozen=True)
class _Fonts:
    """The fonts one PDF needs: the main face, its italic, and fallbacks for the other scripts."""

    main: tuple[Path, int]
    italic: tuple[Path, int] | None
    fallbacks: tuple[tuple[Path, int], ...]
    covered: frozenset[int]


def _fonts_for(text: str) -> _Fonts:
    """The main font plus, in order, the fallbacks that have glyphs the ones before them lack."""
    main = _first(_MAIN)
    if main is None:
        raise InterviewerError("PDF export needs its Unicode fonts (the manimgx-fonts package)."
                               " Reinstall the project (`make run` or `pip install -e .`), or export"
                               " as Markdown or JSON.")
    covered = set(_cmap(*main))
    missing = {ord(c) for c in set(text) if not c.isspace()} - covered
    fallbacks: list[tuple[Path, int]] = []
    for where, file, index in _FALLBACKS:
        if not missing:
            break
        path = _font_file(where, file)
        if path is None or (path, index) == main:
            continue
        has = _cmap(path, index) & missing
        if has:
            fallbacks.append((path, index))
            covered |= has
            missing -= has
    return _Fonts(main, _first(_ITALIC), tuple(fallbacks), frozenset(covered))


def _settable(text: str, covered: frozenset[int]) -> str:
    """`text` with each character no font has shown as U+FFFD, never as "?".

    Uncovered invisible characters (joiners, variation selectors, combining marks) are dropped."""
    out = []
    for char in text:
        if char.isspace():
            out.append(" ")
        elif ord(char) in covered:
            out.append(char)
        elif unicodedata.category(char) not in ("Cf", "Mn", "Me"):
            out.append("\ufffd")
    return "".join(out)


def _needs_shaping(text: str) -> bool:
    """Whether the text has a script that must be shaped: right-to-left, or marks that combine."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") or
               (ord(c) >= 0x0900 and unicodedata.category(c) in ("Mn", "Mc")) for c in text)


def _new_pdf(fonts: _Fonts, shape: bool) -> FPDF:
    """An A4 document with the fonts registered; `shape` turns HarfBuzz shaping on if installed."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(18, 15, 18)
    pdf.c_margin = 0
    pdf.add_font("body", "", str(fonts.main[0]), collection_font_number=fonts.main[1])
    italic = fonts.italic or fonts.main
    pdf.add_font("body", "I", str(italic[0]), collection_font_number=italic[1])
    names = []
    for number, (path, index) in enumerate(fonts.fallbacks):
        names.append(f"fallback{number}")
        pdf.add_font(names[-1], "", str(path), collection_font_number=index)
    pdf.set_fallback_fonts(names, exact_match=False)
    if shape:
        try:
            import uharfbuzz  # noqa: F401  (fpdf2 shapes with it: Arabic letters join, RTL reads right)
        except ImportError:
            pass  # still legible: letters set one by one, left to right
        else:
            # Only when needed: shaping makes fpdf2's line breaking several times slower.
            pdf.set_text_shaping(True)
    return pdf


def _style(pdf: FPDF, size: float, italic: bool = False) -> None:
    """Set the body font (or its italic) at `size`."""
    pdf.set_font("body", "I" if italic else "", size)


@contextmanager
def _bold(pdf: FPDF, size: float) -> Iterator[None]:
    """Bold for the text set inside: the outlines are stroked too, which works in every script.

    A local context, so the stroke ends with it (fpdf2 would otherwise leave it on for later text).
    """
    with pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.02):
        yield


def _table(pdf: FPDF, rows: list[tuple[str, ...]], covered: frozenset[int]) -> None:
    """A report's table, its first row shaded as the heading."""
    from fpdf.fonts import FontFace

    _style(pdf, 9)
    widths = (3, 1, 7) if all(len(row) == 3 for row in rows) else None
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5, padding=1,
                   headings_style=FontFace(emphasis=None, fill_color=(235, 235, 235))) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(_settable(cell, covered))


def _render(pdf: FPDF, lines: list[_Line], covered: frozenset[int]) -> None:
    """Lay the lines out on pages."""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    height = _BODY * 0.5
    rows: list[tuple[str, ...]] = []
    for line in [*lines, _Line("gap")]:
        if line.kind == "row":
            rows.append(line.cells)
            continue
        if rows:
            _table(pdf, rows, covered)
            rows = []
        text = _settable(line.text, covered)
        if line.kind == "gap":
            pdf.ln(3)
        elif line.kind in _SIZES:
            size = _SIZES[line.kind]
            _style(pdf, size)
            with _bold(pdf, size):
                pdf.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif line.lead:
            _style(pdf, _BODY)
            with _bold(pdf, _BODY):
                pdf.write(height, _settable(line.lead, covered))
            if text:
                pdf.write(height, " " + text)
            pdf.ln(height)
        else:
            indent = 5.0 * line.indent + (4.0 if line.kind == "bullet" else 0.0)
            _style(pdf, _BODY, italic=line.kind == "italic")
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(width - indent, height, ("• " if line.kind == "bullet" else "") + text,
                           align="L", new_x="LMARGIN", new_y="NEXT")


def as_pdf(session: InterviewSession, prompts_dir: Path, name: str = "") -> bytes:
    """The session as a PDF, laid out from the Markdown, with every script in a font that has it."""
    lines = list(_pdf_lines(as_markdown(session, prompts_dir, name)))
    text = "".join(line.text + line.lead + "".join(line.cells) for line in lines) + "• \ufffd"
    try:
        fonts = _fonts_for(text)
        pdf = _new_pdf(fonts, _needs_shaping(text))
        pdf.set_title(_settable(clean_text(name) or "Mock interview", fonts.covered))
        pdf.add_page()
        _render(pdf, lines, fonts.covered)
        return bytes(pdf.output())
    except OSError as exc:
        raise InterviewerError("PDF export could not read its fonts. Reinstall the project (`make"
                               " run` or `pip install -e .`), or export as Markdown or JSON.") from exc


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
