"""Text out of the candidate's documents (PDF, DOCX, TXT, MD), with clear messages when it fails.

Uploads are untrusted, so every reader is bounded in bytes decompressed, characters kept, pages read
and seconds spent: a small file must not make the server inflate or parse without end.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import re
import time
import zipfile
import zlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any
from xml.parsers import expat

from interviewer.errors import DocumentError

MAX_BYTES = 10 * 1024 * 1024
"""The largest file accepted, as uploaded (for DOCX, the compressed size)."""
MAX_CHARS = 200_000
"""The most text kept from one document: about 60 dense pages, 20 times a long resume."""
MAX_EXPANDED_BYTES = 20 * 1024 * 1024
"""The most decompressed data read from one document: DOCX XML, or PDF page contents and streams."""
MAX_PDF_PAGES = 100
"""The most pages read from one PDF; a resume has 1-3 and even an academic CV stays under 50."""
MAX_SECONDS = 10.0
"""The longest one extraction may take; real documents need well under a second."""
MAX_ZIP_MEMBERS = 1_000
"""The most parts in a DOCX; Word writes a few dozen, plus one per embedded image."""
MAX_XML_DEPTH = 256
"""The deepest XML nesting read from a DOCX; Word documents stay under 30 even with nested tables."""
SUPPORTED = (".pdf", ".docx", ".txt", ".md")

_CHUNK = 64 * 1024
# Every text encoding spends at most 4 bytes on a character (UTF-8, UTF-32, GB18030).
_MAX_TEXT_FILE_BYTES = 4 * MAX_CHARS + 4
# In decoded text, more than this share of control or private-use characters means binary data.
_MAX_NOT_TEXT_SHARE = 0.05


@dataclass(frozen=True)
class Document:
    """A candidate document's text and where it came from."""

    name: str
    kind: str  # "resume" or "job"
    text: str


def _too_long(name: str) -> DocumentError:
    """The error for a document with more than MAX_CHARS characters of text."""
    return DocumentError(f"{name} holds more than {MAX_CHARS:,} characters of text, far more than a resume"
                         " or job description needs. Upload only the resume or the job description, or"
                         " paste its text.")


class _Budget:
    """What one extraction may still spend (bytes inflated, characters kept, time); over any, it raises."""

    def __init__(self, name: str, contents: str, fix: str) -> None:
        self.name = name
        self.contents = contents  # what inflates: "text" in a DOCX, "page content" in a PDF
        self.fix = fix
        self.expanded = 0
        self.chars = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def too_big(self) -> DocumentError:
        """The error for a document that inflates past MAX_EXPANDED_BYTES."""
        return DocumentError(f"{self.name} expands to more than {MAX_EXPANDED_BYTES // 2**20} MB of"
                             f" {self.contents}, which no resume or job description needs. {self.fix}")

    def check_time(self) -> None:
        """Raise once the extraction has run past MAX_SECONDS."""
        if time.monotonic() > self.deadline:
            raise DocumentError(f"{self.name} took more than {MAX_SECONDS:g} seconds to read, far longer"
                                " than any resume needs; it may be damaged or built to stall readers."
                                f" {self.fix}")

    def expand(self, count: int) -> None:
        """Count `count` more decompressed bytes, actually produced rather than declared."""
        self.expanded += count
        if self.expanded > MAX_EXPANDED_BYTES:
            raise self.too_big()
        self.check_time()

    def keep(self, count: int) -> None:
        """Count `count` more characters of text, so reading stops as soon as there are too many."""
        self.chars += count
        if self.chars > MAX_CHARS:
            raise _too_long(self.name)
        self.check_time()


# --- plain text -----------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: the UTF-32-LE mark starts with the UTF-16-LE one.
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")


def _is_text(text: str) -> bool:
    """Whether decoded characters read as text rather than binary data: few controls or private-use."""
    return len(_NOT_TEXT.findall(text)) <= _MAX_NOT_TEXT_SHARE * len(text)


def _detected(data: bytes) -> str | None:
    """The bytes decoded in the encoding charset-normalizer finds, or None when none fits."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # On Western European text several single-byte code pages tie (cp1250, cp852 ...) and the
    # detector may rank one that turns "à" into "ŕ"; among equally clean readings take Windows-1252,
    # what Windows editors save by default in those languages.
    for match in matches:
        if match.chaos <= best.chaos and "cp1252" in (match.encoding, *match.could_be_from_charset):
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)


def _decode(data: bytes, name: str) -> str:
    """The text of a .txt/.md file in whatever encoding it was saved; DocumentError if it is not text."""
    if len(data) > _MAX_TEXT_FILE_BYTES:
        raise _too_long(name)
    for mark, codec, label in _BOMS:
        if data.startswith(mark):
            try:
                text = data[len(mark):].decode(codec)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"{name} is marked as {label} text but does not decode as {label}."
                                    " Save it again as UTF-8 text and upload that.") from exc
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text or not _is_text(text):  # UTF-16 without a mark is valid UTF-8 full of NULs
            text = _detected(data) or ""
    if not text or not _is_text(text):
        raise DocumentError(f"{name} looks like a binary file, not text in any encoding we know."
                            " Upload a PDF, DOCX, TXT or MD.")
    return text


# --- PDF ------------------------------------------------------------------------------------------


def _pdf_limits() -> AbstractContextManager[Any]:
    """pypdf's own per-stream limits tightened to ours, for this extraction only."""
    from pypdf import apply_configuration

    return apply_configuration(
        maximum_declared_stream_length=MAX_EXPANDED_BYTES,
        array_based_stream_maximum_output_length=MAX_EXPANDED_BYTES,
        zlib_maximum_output_length=MAX_EXPANDED_BYTES,
        lzw_maximum_output_length=MAX_EXPANDED_BYTES,
        run_length_maximum_output_length=MAX_EXPANDED_BYTES,
        brotli_maximum_output_length=MAX_EXPANDED_BYTES,
        jbig2_maximum_output_length=MAX_EXPANDED_BYTES,
        stream_decoding_work_maximum_length=3 * MAX_EXPANDED_BYTES,
    )


def _pdf_text(data: bytes, name: str) -> str:
    """A PDF's text layer, page by page, stopping at the page, character, byte or time limit."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    budget = _Budget(name, "page content", "Export it again as PDF, or paste the text.")

    def on_operator(*_: Any) -> None:
        budget.check_time()

    def on_text(text: str, *_: Any) -> None:
        budget.keep(len(text))

    try:
        with _pdf_limits():
            reader = PdfReader(io.BytesIO(data))
            # An empty user password opens PDFs that are only restricted, not protected.
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(f"{name} is password-protected. Save an unprotected copy and"
                                    " upload that.")
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise DocumentError(f"{name} has {count} pages; the limit is {MAX_PDF_PAGES}. Upload only"
                                    " the pages of your resume or of the job description.")
            pages = []
            for page in reader.pages:
                budget.check_time()
                contents = page.get_contents()
                budget.expand(len(contents.get_data()) if contents is not None else 0)
                pages.append(page.extract_text(visitor_operand_before=on_operator,
                                               visitor_text=on_text) or "")
    except DocumentError:
        raise
    except LimitReachedError as exc:
        raise budget.too_big() from exc
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            OSError, zlib.error, RecursionError) as exc:
        raise DocumentError(f"{name} is not a readable PDF ({exc}). Re-export it, or upload DOCX or"
                            " TXT.") from exc
    text = "\n".join(pages)
    if not _clean(text).strip():
        raise DocumentError(f"{name} has no text layer (it looks scanned). Export it with text, or"
                            " paste the text instead.")
    return text


# --- DOCX -----------------------------------------------------------------------------------------

_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional and strict OOXML
_TAGS = {f"{ns} {local}": local
         for ns in _W for local in ("p", "t", "tab", "br", "cr", "noBreakHyphen", "tr", "tc")}
_RUNS = {f"{ns} r" for ns in _W}
_RUN_MARKS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
# mc:Fallback repeats the mc:Choice content (a text box drawn twice, new style and VML).
_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type, both flavours
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files
_ZIP_ENTRY = b"PK\x01\x02"


def _xml_parser(name: str) -> expat.XMLParserType:
    """A namespace-aware expat parser that refuses DTDs, so no entity can expand."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse_doctype(*_: Any) -> None:
        raise DocumentError(f"{name} declares its own XML entities (a DOCTYPE), which Word never"
                            " writes and which can expand without end. Save it again from Word, or"
                            " as PDF.")

    parser.StartDoctypeDeclHandler = refuse_doctype
    return parser


class _WordText:
    """A WordprocessingML body's text in reading order: a line per paragraph, cells joined by ' | '."""

    def __init__(self, name: str, budget: _Budget) -> None:
        self.name = name
        self.budget = budget
        self.sinks: list[list[str]] = [[]]  # the body's lines, then one list per open table cell
        self.rows: list[list[str]] = []
        self.paragraphs: list[list[str]] = []  # nested when a text box sits inside a paragraph
        self.open: list[str] = []
        self.skipping = 0
        self.in_text = False

    def parser(self) -> expat.XMLParserType:
        """An expat parser that feeds this collector."""
        parser = _xml_parser(self.name)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        return parser

    def start(self, tag: str, _attributes: Any) -> None:
        """An element opens."""
        if len(self.open) >= MAX_XML_DEPTH:
            raise DocumentError(f"{self.name} nests its XML more than {MAX_XML_DEPTH} levels deep, which"
                                " Word never writes. Save it again from Word, or as PDF.")
        parent = self.open[-1] if self.open else ""
        self.open.append(tag)
        if self.skipping or tag == _FALLBACK:
            self.skipping += 1
            return
        kind = _TAGS.get(tag)
        if kind == "p":
            self.paragraphs.append([])
        elif kind == "t":
            self.in_text = True
        elif kind in _RUN_MARKS and parent in _RUNS and self.paragraphs:
            self.budget.keep(1)
            self.paragraphs[-1].append(_RUN_MARKS[kind])
        elif kind == "tr":
            self.rows.append([])
        elif kind == "tc":
            self.sinks.append([])

    def end(self, tag: str) -> None:
        """An element closes."""
        self.open.pop()
        if self.skipping:
            self.skipping -= 1
            return
        kind = _TAGS.get(tag)
        if kind == "t":
            self.in_text = False
        elif kind == "p" and self.paragraphs:
            self._line("".join(self.paragraphs.pop()))
        elif kind == "tc" and len(self.sinks) > 1:
            cell = " ".join(line for line in self.sinks.pop() if line)
            if self.rows:
                self.budget.keep(3)
                self.rows[-1].append(cell)
        elif kind == "tr" and self.rows:
            self._line(" | ".join(self.rows.pop()))

    def data(self, text: str) -> None:
        """Character data; only w:t text counts."""
        if self.in_text and not self.skipping and self.paragraphs:
            self.budget.keep(len(text))
            self.paragraphs[-1].append(text)

    def _line(self, line: str) -> None:
        """Add a finished paragraph or table row to the innermost open cell, or to the body."""
        self.budget.keep(1)
        self.sinks[-1].append(line)

    def text(self) -> str:
        """The collected text, one line per paragraph or table row."""
        return "\n".join(self.sinks[0])


def _feed(archive: zipfile.ZipFile, member: str, parser: expat.XMLParserType, budget: _Budget) -> None:
    """Stream one zip member into an XML parser, refusing it before and while it inflates too far."""
    if budget.expanded + archive.getinfo(member).file_size > MAX_EXPANDED_BYTES:  # declared, before work
        raise budget.too_big()
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            budget.expand(len(chunk))  # the bytes really inflated: a declared size can lie
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _main_part(archive: zipfile.ZipFile, name: str, budget: _Budget) -> str:
    """The zip member holding the document body, as the package's relationships name it."""
    targets: list[str] = []

    def relationship(tag: str, attributes: dict[str, str]) -> None:
        if tag == _RELATIONSHIP and attributes.get("Type", "").endswith(_OFFICE_DOCUMENT):
            targets.append(attributes.get("Target", ""))

    if "_rels/.rels" in archive.NameToInfo:
        parser = _xml_parser(name)
        parser.StartElementHandler = relationship
        _feed(archive, "_rels/.rels", parser, budget)
    target = posixpath.normpath(targets[0].lstrip("/")) if targets else "word/document.xml"
    return target


def _docx_text(data: bytes, name: str) -> str:
    """A DOCX body's paragraphs and table rows, streamed from the zip within the limits."""
    budget = _Budget(name, "text", "Save it as PDF or paste the text.")
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(f"{name} is a password-protected or old-format (.doc) Word file. Save it as"
                            " .docx without a password, or as PDF.")
    # Each central-directory entry starts with this mark; counting it is cheaper than letting
    # zipfile build an object for each of a crafted archive's entries.
    if data.count(_ZIP_ENTRY) > MAX_ZIP_MEMBERS:
        raise DocumentError(f"{name} holds more than {MAX_ZIP_MEMBERS:,} parts; a Word document has a"
                            " few dozen. Save it again from Word, or as PDF.")
    words = _WordText(name, budget)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main = _main_part(archive, name, budget)
            if main not in archive.NameToInfo:
                raise DocumentError(f"{name} is not a readable DOCX file (it has no document body)."
                                    " Save it again from Word, or as PDF.")
            _feed(archive, main, words.parser(), budget)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
            NotImplementedError, RecursionError, expat.ExpatError) as exc:
        raise DocumentError(f"{name} is not a readable DOCX file ({exc}). Save it again from Word, or"
                            " as PDF.") from exc
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise DocumentError(f"{name} is password-protected. Save it without a password, or as PDF."
                            ) from exc
    return words.text()


# --- all types ------------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text with line breaks as \\n and no control characters other than newline and tab."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def extract_text(name: str, data: bytes) -> str:
    """The text of a document given its file name and bytes; DocumentError says what to do."""
    name = PureWindowsPath(name).name or name  # messages name the file, never a folder (either slash)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(f"{name}: unsupported file type {suffix or '(none)'}. Use one of:"
                            f" {', '.join(SUPPORTED)}.")
    if not data:
        raise DocumentError(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name} is {len(data) / 2**20:.1f} MB; the limit is"
                            f" {MAX_BYTES / 2**20:.0f} MB. A resume is rarely over 1 MB: export"
                            " it without images.")
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    elif suffix == ".docx":
        text = _docx_text(data, name)
    else:
        text = _decode(data, name)
    text = _clean(text).strip()
    if not text:
        raise DocumentError(f"{name} contains no text.")
    if len(text) > MAX_CHARS:
        raise _too_long(name)
    return text


def read_document(path: Path, kind: str) -> Document:
    """Read a document from disk."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    return Document(path.name, kind, extract_text(path.name, data))


_HAS_FIGURE = re.compile(r"\d|\b(?:doubled|tripled|halved)\b", re.IGNORECASE)
_ACHIEVEMENT_VERB = re.compile(
    r"\b(?:cut|reduced|increased|grew|built|led|launched|saved|improved|raised|delivered|"
    r"designed|shipped|automated|migrated|scaled|managed|created|introduced|won|drove|lowered)\b",
    re.IGNORECASE,
)


HIGHLIGHT_WORDS = 14
_CLAUSE = re.compile(r",\s+|\s+(?:by|through|using|via|while|after|so that)\s+")


def _shorten(line: str) -> str | None:
    """A highlight short enough to say in a spoken question: the line, or its first clause with a
    figure; None when it has no such clause (a line is never cut mid-phrase)."""
    if len(line.split()) <= HIGHLIGHT_WORDS:
        return line
    for match in _CLAUSE.finditer(line):
        head = line[:match.start()]
        if 4 <= len(head.split()) <= HIGHLIGHT_WORDS and _HAS_FIGURE.search(head):
            return head
    return None


def highlights(text: str, limit: int = 8) -> list[str]:
    """Short achievement lines from a resume (a verb and a figure), best first, for questions."""
    found: list[str] = []
    for raw in re.split(r"[\n•▪]|(?<=[.;])\s+", text):
        line = re.sub(r"^\s*[-*–—]+\s*", "", raw).strip().rstrip(".;")
        words = line.split()
        if not 4 <= len(words) <= 30:
            continue
        if _ACHIEVEMENT_VERB.search(line) and _HAS_FIGURE.search(line):
            short = _shorten(line)
            if short is None:
                continue
            line = short
            first = line[0].lower() + line[1:] if line[:2] != line[:2].upper() else line
            found.append(first)
    return list(dict.fromkeys(found))[:limit]



_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.-]*$")
_NOT_A_NAME = frozenset({"resume", "résumé", "cv", "curriculum", "vitae", "profile", "summary",
                         "experience", "contact", "objective"})


def candidate_name(text: str) -> str | None:
    """The candidate's name as a resume usually opens with it (2 to 4 capitalised words on the
    first line), or None."""
    for raw in text.splitlines()[:5]:
        line = raw.strip().lstrip("#").strip()
        if not line:
            continue
        words = re.split(r"\s+", re.split(r"\s[|·–—,]\s|\t", line)[0].strip())
        if (2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)
                and not {w.lower().strip(".") for w in words} & _NOT_A_NAME):
            return " ".join(words)
        return None
    return None
