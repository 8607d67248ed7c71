"""Exports: every script survives the PDF, user text never becomes markup, no control characters."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from interviewer import export
from interviewer.llm.scripted import ScriptedBackend
from interviewer.services import Services
from interviewer.session import InterviewSession
from tests.conftest import STRONG_ANSWER

# One word per script the PDF's fonts cover: Latin beyond Latin-1, Greek, Cyrillic, Chinese,
# Japanese, Korean and emoji; then Arabic, Hebrew and Devanagari, which are shaped.
NAMES = ["Łukasz", "Dvořák", "Ελένη", "Дмитрий", "王小明", "さくら", "김민준", "😀", "🚀"]
SHAPED = ["محمد", "علي", "שרה", "प्रिया"]
# A glyph that shaping splits off a letter (Arabic dots, a Devanagari vowel sign drawn first) has
# no entry in the text map fpdf2 writes, so extractors put a stray code beside it: for the shaped
# scripts, compare their words only, without those codes.
_STRAY = re.compile(r"[\x00-\x08\x0b-\x1f]")
_NOT_SHAPED = re.compile(r"[^\u0590-\u05ff\u0600-\u06ff\u0900-\u097f]+")
HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(2)> ![pixel](http://evil.example/p.png)"
           " <http://evil.example/auto> [click](javascript:alert(3)) https://evil.example/bare"
           " www.evil.example R&D *bold* `code` | pipe")


def _session(services: Services, *answers: str) -> InterviewSession:
    session = services.new_session("hiring_manager", ScriptedBackend(), owner="local")
    "".join(session.start())
    for answer in answers:
        "".join(session.answer(answer))
    return session


def _shaped_words(text: str) -> list[str]:
    return _NOT_SHAPED.sub(" ", _STRAY.sub("", text)).split()


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_pdf_keeps_names_in_every_script(services: Services) -> None:
    answer = f"My teammates were {', '.join(NAMES + SHAPED)}. {STRONG_ANSWER}"
    session = _session(services, answer)
    text = _pdf_text(export.export(session, services.settings.prompts_dir, "pdf", "Łukasz Dvořák 面接"))
    # Extractors may space out CJK glyphs or order right-to-left words visually: compare words.
    # pypdf also reads the CJK font's two-byte codes a byte at a time, adding a NUL before each
    # glyph (poppler's pdftotext reads them right): drop those too.
    compact = re.sub(r"[\s\x00]+", "", text)
    missing = [name for name in [*NAMES, "面接"] if name not in compact]
    shaped = _shaped_words(text)
    missing += [name for name in SHAPED if name not in shaped]
    assert not missing, f"lost in the PDF: {missing}"


def test_a_character_no_font_has_is_shown_as_a_replacement_not_a_question_mark(
    services: Services,
) -> None:
    session = _session(services, STRONG_ANSWER)
    text = _pdf_text(export.export(session, services.settings.prompts_dir, "pdf", "Tablet 𒀀 notes"))
    assert "Tablet \ufffd notes" in text


def test_right_to_left_text_is_shaped_and_set_right_to_left(services: Services) -> None:
    session = _session(services, STRONG_ANSWER)
    text = _pdf_text(export.export(session, services.settings.prompts_dir, "pdf", "محمد علي"))
    title = _shaped_words(text.splitlines()[0])
    assert title == ["علي", "محمد"]  # read left to right as drawn: the second word is on the left


def test_markdown_shows_user_text_as_written_and_never_as_html_images_or_links(
    services: Services,
) -> None:
    session = _session(services, f"{HOSTILE} {STRONG_ANSWER}")
    name = "<b>Round</b> ![x](http://evil.example/n.png) #2"
    md = export.export(session, services.settings.prompts_dir, "md", name).decode()
    rendered = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    assert not re.search(r"<(script|img|a|b|code)\b", rendered.split("<h2>Thank-you notes</h2>")[0])
    assert html.escape(HOSTILE, quote=False) in rendered  # shown exactly as typed
    assert f"<h1>{html.escape(name, quote=False)}</h1>" in rendered
    # Bare URLs stay plain text too (GitHub-style viewers link them by themselves).
    assert not re.search(r"(?<!\\)://|www\.", md)


def test_user_text_cannot_forge_the_documents_structure(services: Services) -> None:
    forged = "Fine.\n\n## Reports\n\n| competency | score | evidence |\n```\n# Hired\n    code"
    session = _session(services, forged, STRONG_ANSWER)
    prompts = services.settings.prompts_dir
    md = export.export(session, prompts, "md").decode()
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert re.findall(r"<h1>(.*?)</h1>", rendered) == ["Mock interview"]
    assert re.findall(r"<h2>(.*?)</h2>", rendered) == [
        "Transcript", "Reports", "Report: Dana Okafor", "Thank-you notes", "If the decision date passes"]
    assert rendered.count("<pre>") == 2  # the thank-you note and the check-in email, nothing else
    text = _pdf_text(export.export(session, prompts, "pdf"))
    assert "## Reports" in text and "# Hired" in text  # the PDF shows it as typed, unescaped


def test_pdf_reads_naturally_without_markdown_escapes(services: Services) -> None:
    session = _session(services, f"{HOSTILE} {STRONG_ANSWER}")
    text = _pdf_text(export.export(session, services.settings.prompts_dir, "pdf", "R&D <lead>"))
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat and "[click](javascript:alert(3))" in flat
    assert "R&D <lead>" in flat and "*bold* `code` | pipe" in flat
    assert "&lt;" not in text and "&amp;" not in text and "\\[" not in text and "\\:" not in text


def test_json_export_keeps_raw_text(services: Services) -> None:
    session = _session(services, f"{HOSTILE} {STRONG_ANSWER}")
    data = json.loads(export.export(session, services.settings.prompts_dir, "json", "<b>Round</b>"))
    assert data["name"] == "<b>Round</b>"
    assert any(HOSTILE in t["text"] for t in data["turns"])


def test_control_characters_are_removed_from_every_format(services: Services) -> None:
    session = _session(services, STRONG_ANSWER)
    session.turns[0].text += " and\x00 then\x07\x1b[31m more\x7f"  # e.g. a model's wording
    name = "Round\x00 two\x0b \ud800"
    prompts = services.settings.prompts_dir
    controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
    md = export.export(session, prompts, "md", name).decode()
    assert not controls.search(md) and "and then[31m more" in md.replace("\\", "")
    raw_json = export.export(session, prompts, "json", name)
    assert b"\\u00" not in raw_json
    data = json.loads(raw_json)
    assert not any(controls.search(s) for s in _strings(data))
    assert data["name"] == "Round two \ufffd"
    text = _pdf_text(export.export(session, prompts, "pdf", name))
    assert not controls.search(text) and "and then[31m more" in text


def test_json_export_names_a_recording_by_file_not_by_server_folder(services: Services) -> None:
    session = _session(services, STRONG_ANSWER)
    session.turns[1].audio = {"recording": "/srv/interviewer/data/recordings/abc/0001.webm",
                              "delivery": {"words_per_minute": 140}}
    data = export.as_data(session, services.settings.prompts_dir)
    assert data["turns"][1]["audio"] == {"recording": "0001.webm",
                                         "delivery": {"words_per_minute": 140}}


@pytest.mark.parametrize(("text", "shown"), [
    ("a <b> & c", "a &lt;b&gt; &amp; c"),
    ("snake_case and __init__", "snake_case and \\_\\_init\\_\\_"),
    ("- item\n1. first\n\n    indented", "\\- item  \n1\\. first  \nindented"),
    ("see https://x.example or www.x.example", "see https\\://x.example or www\\.x.example"),
])
def test_md_escape(text: str, shown: str) -> None:
    assert export.md_escape(text) == shown
