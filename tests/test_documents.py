"""interviewer.documents: text out of PDF, DOCX, TXT and MD, and clear errors when that fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.documents import (
    MAX_BYTES,
    Document,
    DocumentError,
    extract_text,
    highlights,
    read_document,
)
from tests.pdf_fixtures import blank_pdf, corrupt_pdf, docx, encrypted_pdf, text_pdf

RESUME_LINES = [
    "Dana Reyes - Data Engineer",
    "Cut event latency from 9 minutes to 40 seconds",
    "Worked with (many) teams across the company",
]


def _error(name: str, data: bytes) -> str:
    with pytest.raises(DocumentError) as info:
        extract_text(name, data)
    return str(info.value)


# --- text comes out -------------------------------------------------------------------------------


def test_text_pdf_extracts_every_line(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "resume.pdf", RESUME_LINES)
    document = read_document(path, "resume")
    assert document == Document("resume.pdf", "resume", document.text)
    for line in RESUME_LINES:
        assert line in document.text


def test_docx_extracts_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx as python_docx

    path = docx(tmp_path / "resume.docx", ["Dana Reyes", "Launched a billing service used by 3 teams"])
    document = python_docx.Document(str(path))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Python"
    table.rows[0].cells[1].text = "SQL"
    document.save(str(path))
    text = read_document(path, "resume").text
    assert "Dana Reyes\nLaunched a billing service used by 3 teams" in text
    assert "Python | SQL" in text


@pytest.mark.parametrize("name", ["job.txt", "job.md", "JOB.TXT"])
def test_plain_text_and_markdown(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes("\ufeff# Senior Analyst\r\n\r\nYou will own the churn model.\r\n".encode())
    document = read_document(path, "job")
    assert document.kind == "job"
    assert document.text == "# Senior Analyst\n\nYou will own the churn model."


def test_cp1252_text_decodes_readably() -> None:
    data = "Managed the café’s “loyalty” launch".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert extract_text("resume.txt", data) == "Managed the café’s “loyalty” launch"


# --- clear errors ---------------------------------------------------------------------------------


def test_corrupt_pdf(tmp_path: Path) -> None:
    message = _error("resume.pdf", corrupt_pdf(tmp_path / "resume.pdf").read_bytes())
    assert "resume.pdf" in message
    assert "not a readable PDF" in message
    assert "DOCX" in message and "TXT" in message


def test_encrypted_pdf_asks_for_an_unprotected_copy(tmp_path: Path) -> None:
    message = _error("resume.pdf", encrypted_pdf(tmp_path / "resume.pdf").read_bytes())
    assert "password" in message.lower()
    assert "unprotected" in message


def test_pdf_encrypted_without_a_user_password_still_opens(tmp_path: Path) -> None:
    path = encrypted_pdf(tmp_path / "resume.pdf", password="", lines=RESUME_LINES[:2])
    assert extract_text("resume.pdf", path.read_bytes()) == "\n".join(RESUME_LINES[:2])


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    message = _error("scan.pdf", blank_pdf(tmp_path / "scan.pdf").read_bytes())
    assert "no text layer" in message
    assert "paste the text" in message


def test_oversized_file_names_its_size_and_the_limit() -> None:
    data = b"a" * (40 * 1024 * 1024)
    assert len(data) > MAX_BYTES
    message = _error("resume.txt", data)
    assert "MB" in message
    assert f"limit is {MAX_BYTES // (1024 * 1024)} MB" in message
    assert "without images" in message


@pytest.mark.parametrize("name", ["resume.pdf", "resume.docx", "resume.txt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(DocumentError, match="empty"):
        read_document(tmp_path / name, "resume")


def test_whitespace_only_text_has_no_text() -> None:
    assert "no text" in _error("notes.md", b"  \r\n\t\n")


def test_binary_file_renamed_txt() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    message = _error("resume.txt", png)
    assert "binary" in message
    assert "PDF, DOCX, TXT or MD" in message


def test_unsupported_extension() -> None:
    message = _error("setup.exe", b"MZ\x90\x00")
    assert ".exe" in message
    assert "unsupported" in message
    assert ".pdf" in message and ".docx" in message


def test_file_without_extension() -> None:
    assert "(none)" in _error("README", b"hello")


def test_broken_docx() -> None:
    assert "not a readable DOCX" in _error("resume.docx", b"PK\x03\x04 not really a zip")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="Cannot read"):
        read_document(tmp_path / "nowhere.pdf", "resume")


# --- highlights -----------------------------------------------------------------------------------

RESUME_TEXT = """Dana Reyes
Data Engineer at Tidewater Freight
- Cut event latency from 9 minutes to 40 seconds.
• Reduced AWS spend by 30% in 2023; Worked closely with the finance team
* Led a team of 4 engineers through a warehouse migration
Built strong relationships with stakeholders across the business
Responsible for data pipelines
Python, SQL, 5 years
"""


def test_highlights_pick_lines_with_a_verb_and_a_figure() -> None:
    found = highlights(RESUME_TEXT)
    assert found == [
        "cut event latency from 9 minutes to 40 seconds",
        "reduced AWS spend by 30% in 2023",
        "led a team of 4 engineers through a warehouse migration",
    ]


def test_highlights_skip_lines_without_figures() -> None:
    found = highlights(RESUME_TEXT)
    assert not any("relationships" in line for line in found)
    assert not any("finance team" in line for line in found)
    assert not any("pipelines" in line for line in found)
    assert highlights("Built strong relationships with stakeholders\nLed the design review") == []


def test_highlights_deduplicate_limit_and_keep_acronyms() -> None:
    lines = [f"Shipped release {n} to 2 regions" for n in range(12)]
    found = highlights("\n".join([*lines, lines[0]]), limit=5)
    assert found == [f"shipped release {n} to 2 regions" for n in range(5)]
    assert highlights("SQL migration cut costs by 20 percent") == ["SQL migration cut costs by 20 percent"]


def test_utf16_text_with_a_byte_order_mark_is_read() -> None:
    assert extract_text("notes.txt", "Café résumé".encode("utf-16")) == "Café résumé"


def test_long_highlights_are_cut_to_a_quotable_clause() -> None:
    found = highlights("- Cut nightly billing failures from 9 a month to zero by rewriting the batch"
                       " job in three stages and adding alerts for every failed step")
    assert found == ["cut nightly billing failures from 9 a month to zero"]
    long_one = highlights("- Grew revenue 40% " + "and more " * 12)
    assert len(long_one[0].split()) <= 14
