"""interviewer.documents: text out of PDF, DOCX, TXT and MD, and clear errors when that fails."""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader, PdfWriter

from interviewer import documents
from interviewer.documents import (
    MAX_BYTES,
    MAX_CHARS,
    MAX_EXPANDED_BYTES,
    MAX_PDF_PAGES,
    MAX_XML_DEPTH,
    MAX_ZIP_MEMBERS,
    Document,
    DocumentError,
    extract_text,
    highlights,
    read_document,
)
from tests.pdf_fixtures import blank_pdf, corrupt_pdf, docx, encrypted_pdf, text_pdf, text_pdf_bytes

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
    # A long line with no natural place to stop is left out rather than cut mid-phrase.
    assert highlights("- Grew revenue 40% " + "and more " * 12) == []
    assert not any(h.endswith("…") for h in highlights("- Led a team of four engineers through the"
                                                         " migration of 300 nightly jobs to a new"
                                                         " scheduler without a single missed run"))


# --- bounded extraction: bombs, page and character limits, time -----------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                 'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')
SAFETY_SECONDS = 5.0  # a safety bound for shared CI machines, not a benchmark
SAFETY_MB = 50.0


def _docx_bytes(body: Iterable[bytes], head: str = "") -> bytes:
    """A minimal DOCX whose word/document.xml is `head`, a document element, then `body` streamed in."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w") as xml:
            xml.write(f'<?xml version="1.0"?>{head}<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for chunk in body:
                xml.write(chunk)
            xml.write(b"</w:body></w:document>")
    return out.getvalue()


def _text_bomb(megabytes: int, element: str = "w:t") -> bytes:
    """A DOCX of `megabytes` MB of paragraphs of 1,000 As each: about 1 KB compressed per MB."""
    paragraph = f"<w:p><w:r><{element}>{'A' * 1000}</{element}></w:r></w:p>".encode()
    mega = paragraph * (2**20 // len(paragraph))
    return _docx_bytes([mega] * megabytes)


def _under_declare(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s uncompressed size rewritten to `size` in both of its headers."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", patched, at + 28)[0]
        if patched[at + 46:at + 46 + name_length] == member.encode():
            struct.pack_into("<I", patched, at + 24, size)  # central directory entry
            local = struct.unpack_from("<I", patched, at + 42)[0]
            struct.pack_into("<I", patched, local + 22, size)  # local file header
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


def _refused_within_bounds(call: Callable[[], object]) -> tuple[str, float, float]:
    """The DocumentError message, seconds taken and peak traced MB of a call that must be refused."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DocumentError) as info:
            call()
    finally:
        seconds = time.perf_counter() - started
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return str(info.value), seconds, peak_mb


def test_docx_bomb_is_refused_quickly_in_little_memory() -> None:
    data = _text_bomb(30)  # 30 MB of XML, 16 MB+ of text, in a file of a few tens of KB
    assert len(data) < 200_000
    message, seconds, peak_mb = _refused_within_bounds(lambda: extract_text("resume.docx", data))
    assert message == (f"resume.docx expands to more than {MAX_EXPANDED_BYTES // 2**20} MB of text, which"
                       " no resume or job description needs. Save it as PDF or paste the text.")
    assert seconds < SAFETY_SECONDS
    assert peak_mb < SAFETY_MB


def test_docx_bomb_whose_zip_headers_under_declare_the_size_is_refused() -> None:
    # zipfile inflates no more than the declared size and then checks the CRC, so a lying header
    # yields a truncated part, never the 30 MB.
    data = _under_declare(_text_bomb(30), "word/document.xml", 1_000)
    message, seconds, peak_mb = _refused_within_bounds(lambda: extract_text("resume.docx", data))
    assert "resume.docx is not a readable DOCX file" in message
    assert "Save it again from Word, or as PDF." in message
    assert seconds < SAFETY_SECONDS
    assert peak_mb < SAFETY_MB


def test_docx_inflated_bytes_are_counted_even_when_the_declared_size_lies(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The first look at each part (the size check) sees 1 KB; reading it then inflates all 30 MB, as
    # a zip reader that trusted a lying header would. The As are a field code, not text, so the
    # character limit does not stop it first.
    data = _text_bomb(30, element="w:instrText")
    real_getinfo = zipfile.ZipFile.getinfo
    looked_at: set[str] = set()

    def lying_getinfo(self: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
        if name in looked_at:
            return real_getinfo(self, name)
        looked_at.add(name)
        fake = zipfile.ZipInfo(name)
        fake.file_size = 1_000
        return fake

    monkeypatch.setattr(zipfile.ZipFile, "getinfo", lying_getinfo)
    message, seconds, peak_mb = _refused_within_bounds(lambda: extract_text("resume.docx", data))
    assert f"expands to more than {MAX_EXPANDED_BYTES // 2**20} MB of text" in message
    assert seconds < SAFETY_SECONDS
    assert peak_mb < SAFETY_MB


def test_docx_text_past_the_character_limit_stops_early() -> None:
    data = _text_bomb(5)  # under the byte limit, but 5 M characters
    message, seconds, peak_mb = _refused_within_bounds(lambda: extract_text("job.docx", data))
    assert message.startswith(f"job.docx holds more than {MAX_CHARS:,} characters of text")
    assert "paste its text" in message
    assert seconds < SAFETY_SECONDS
    assert peak_mb < SAFETY_MB


def test_docx_empty_paragraphs_count_towards_the_character_limit() -> None:
    data = _docx_bytes([b"<w:p/>" * (MAX_CHARS + 10)])
    assert "characters of text" in _error("resume.docx", data)


def test_docx_with_a_doctype_is_refused_before_any_entity_expands() -> None:
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    data = _docx_bytes([b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"],
                       head=f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{laughs}]>')
    message = _error("resume.docx", data)
    assert "DOCTYPE" in message
    assert "Save it again from Word, or as PDF." in message


def test_docx_nested_too_deep_is_refused() -> None:
    depth = 20 * MAX_XML_DEPTH
    data = _docx_bytes([b"<w:p>", b"<w:x>" * depth, b"</w:x>" * depth, b"</w:p>"])
    assert f"more than {MAX_XML_DEPTH} levels deep" in _error("resume.docx", data)


def test_docx_with_too_many_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"word/media/{number}.xml", b"")
    message = _error("resume.docx", out.getvalue())
    assert f"more than {MAX_ZIP_MEMBERS:,} parts" in message


def test_password_protected_docx_says_so() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    message = _error("resume.docx", ole)
    assert "password-protected or old-format (.doc)" in message
    assert "as PDF" in message


def test_docx_keeps_reading_order_tabs_and_breaks(tmp_path: Path) -> None:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Skills")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Python"
    table.rows[0].cells[1].text = "SQL"
    run = document.add_paragraph().add_run("Languages:")
    run.add_tab()
    run.add_text("English")
    run.add_break()
    run.add_text("Spanish")
    document.save(str(tmp_path / "cv.docx"))
    text = extract_text("cv.docx", (tmp_path / "cv.docx").read_bytes())
    assert text == "Skills\nPython | SQL\nLanguages:\tEnglish\nSpanish"


@pytest.mark.parametrize("path", ["/srv/uploads/tmp8f3k/resume.docx", "C:\\uploads\\tmp8f3k\\resume.docx"])
def test_error_messages_name_the_file_never_a_server_folder(path: str) -> None:
    message = _error(path, _text_bomb(30))
    assert message.startswith("resume.docx expands")
    assert "uploads" not in message and "tmp8f3k" not in message


def _pdf_pages(count: int, lines: list[str]) -> bytes:
    """A PDF of `count` copies of a one-page text PDF holding `lines`."""
    page = PdfReader(io.BytesIO(text_pdf_bytes(lines))).pages[0]
    writer = PdfWriter()
    for _ in range(count):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF whose page content is `stream`, stored with /FlateDecode."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_over_the_page_limit_is_refused() -> None:
    data = _pdf_pages(MAX_PDF_PAGES + 1, RESUME_LINES)
    message = _error("portfolio.pdf", data)
    assert message == (f"portfolio.pdf has {MAX_PDF_PAGES + 1} pages; the limit is {MAX_PDF_PAGES}. Upload"
                       " only the pages of your resume or of the job description.")


def test_pdf_over_the_character_limit_stops_reading_early(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "Cut event latency from 9 minutes to 40 seconds across 12 regional data pipelines"
    data = _pdf_pages(80, [line] * 50)  # about 4,000 characters a page, 320,000 in all
    pages_read = 0
    real_extract = PageObject.extract_text

    def counting_extract(self: PageObject, *args: object, **kwargs: object) -> str:
        nonlocal pages_read
        pages_read += 1
        return real_extract(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PageObject, "extract_text", counting_extract)
    message = _error("resume.pdf", data)
    assert message.startswith(f"resume.pdf holds more than {MAX_CHARS:,} characters of text")
    assert pages_read <= MAX_CHARS // (50 * len(line)) + 1 < 80


def test_pdf_stream_that_inflates_past_the_limit_is_refused() -> None:
    compressor = zlib.compressobj(9)
    stream = compressor.compress(b"BT /F1 12 Tf 72 720 Td (Dana Reyes) Tj ET\n")
    for _ in range(60):  # 60 MB of spaces in about 60 KB
        stream += compressor.compress(b" " * 2**20)
    stream += compressor.flush()
    extract_text("warm-up.pdf", _pdf_with_content(zlib.compress(b"BT /F1 12 Tf (x) Tj ET")))
    message, seconds, peak_mb = _refused_within_bounds(
        lambda: extract_text("resume.pdf", _pdf_with_content(stream)))
    assert message.startswith(f"resume.pdf expands to more than {MAX_EXPANDED_BYTES // 2**20} MB")
    assert "paste the text" in message
    assert seconds < SAFETY_SECONDS
    assert peak_mb < SAFETY_MB


def test_pdf_control_characters_are_stripped() -> None:
    data = text_pdf_bytes(["Dana\x00 Reyes\x07", "Data\x1b Engineer"])
    assert extract_text("resume.pdf", data) == "Dana Reyes\nData Engineer"


@pytest.mark.parametrize("name", ["resume.pdf", "resume.docx"])
def test_extraction_that_runs_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  name: str) -> None:
    path = tmp_path / name
    if name.endswith(".pdf"):
        text_pdf(path, RESUME_LINES)
    else:
        docx(path, RESUME_LINES)
    monkeypatch.setattr(documents, "MAX_SECONDS", -1.0)  # already past the deadline when it starts
    message = _error(name, path.read_bytes())
    assert f"{name} took more than" in message
    assert "seconds to read" in message


# --- text encodings -------------------------------------------------------------------------------

JAPANESE = "職務経歴書\n山田太郎\nPythonで請求システムを構築し、処理時間を40%短縮しました。"
ENGLISH = "Café résumé: led a team of 4 engineers and cut costs by 30%."


def test_shift_jis_text_decodes() -> None:
    assert extract_text("resume.txt", JAPANESE.encode("shift_jis")) == JAPANESE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [ENGLISH, JAPANESE])
def test_utf16_and_utf32_without_a_byte_order_mark_decode(codec: str, text: str) -> None:
    assert extract_text("resume.txt", text.encode(codec)) == text


@pytest.mark.parametrize("text", [
    "Voilà: led the façade project in São Paulo; Português fluent; grew sales 40%.",
    "Señor ingeniero — lideró la migración; ahorró 30 % en España.",
    "Gérant à Montréal — réduit les coûts de 30 % ; équipe de 4 ingénieurs.",
])
def test_western_european_cp1252_is_not_read_as_another_code_page(text: str) -> None:
    assert extract_text("resume.md", text.encode("cp1252")) == text


@pytest.mark.parametrize(("text", "codec"), [
    ("Vedl jsem tým čtyř inženýrů; snížil náklady o 30 %. Příliš žluťoučký kůň úpěl ďábelské ódy.",
     "cp1250"),
    ("Руководил командой из 4 инженеров, сократил затраты на 30%.", "cp1251"),
    ("领导了一个四人工程团队，将成本降低了百分之三十。", "gb18030"),
])
def test_other_legacy_encodings_decode(text: str, codec: str) -> None:
    assert extract_text("resume.txt", text.encode(codec)) == text


def test_utf8_text_decodes() -> None:
    text = "Zoë Müller — 山田太郎 — Привет"
    assert extract_text("resume.txt", text.encode()) == text


def test_random_binary_without_nul_bytes_is_refused() -> None:
    data = bytes(byte for byte in random.Random(1).randbytes(4096) if byte)
    assert b"\x00" not in data
    message = _error("resume.txt", data)
    assert "binary" in message
    assert "PDF, DOCX, TXT or MD" in message


def test_nul_and_control_characters_are_stripped_from_text() -> None:
    text = ("Dana Reyes\x00 - Data Engineer\x07\r\nCut event latency from 9 minutes to 40 seconds.\x1b\x7f\n"
            "Reduced AWS spend by 30% in 2023.\tPython, SQL\x0c")
    assert extract_text("resume.txt", text.encode()) == ("Dana Reyes - Data Engineer\nCut event latency"
                                                         " from 9 minutes to 40 seconds.\nReduced AWS"
                                                         " spend by 30% in 2023.\tPython, SQL")


def test_text_file_over_the_character_limit_is_refused() -> None:
    message = _error("job.txt", b"Own the churn model. " * (MAX_CHARS // 20))
    assert message.startswith(f"job.txt holds more than {MAX_CHARS:,} characters of text")
