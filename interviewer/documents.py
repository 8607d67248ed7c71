"""Text out of the candidate's documents (PDF, DOCX, TXT, MD), with clear messages when it fails."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import DocumentError

MAX_BYTES = 10 * 1024 * 1024
SUPPORTED = (".pdf", ".docx", ".txt", ".md")


@dataclass(frozen=True)
class Document:
    """A candidate document's text and where it came from."""

    name: str
    kind: str  # "resume" or "job"
    text: str


def _decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a byte-order mark (Notepad "Unicode")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{name} claims to be UTF-16 text but does not decode.") from exc
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{name} looks like a binary file, not text. Upload a PDF, DOCX, TXT or MD.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Not UTF-8: most such files are Windows-1252 / Latin-1 text; decode it rather than refuse.
        return data.decode("cp1252", errors="replace")


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        # An empty user password opens PDFs that are only restricted, not protected.
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name} is password-protected. Save an unprotected copy and"
                                " upload that.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"{name} is not a readable PDF ({exc}). Re-export it, or upload DOCX or"
                            " TXT.") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{name} has no text layer (it looks scanned). Export it with text, or"
                            " paste the text instead.")
    return text


def _docx_text(data: bytes, name: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"{name} is not a readable DOCX file ({exc}).") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise DocumentError(f"{name} is not a readable DOCX file ({exc}).") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def extract_text(name: str, data: bytes) -> str:
    """The text of a document given its file name and bytes; DocumentError says what to do."""
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
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise DocumentError(f"{name} contains no text.")
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


def _shorten(line: str) -> str:
    """A highlight short enough to quote in a spoken question: its first clause with a figure."""
    if len(line.split()) <= HIGHLIGHT_WORDS:
        return line
    for match in _CLAUSE.finditer(line):
        head = line[:match.start()]
        if 4 <= len(head.split()) <= HIGHLIGHT_WORDS and _HAS_FIGURE.search(head):
            return head
    return " ".join(line.split()[:HIGHLIGHT_WORDS - 2]) + "…"


def highlights(text: str, limit: int = 8) -> list[str]:
    """Short achievement lines from a resume (a verb and a figure), best first, for questions."""
    found: list[str] = []
    for raw in re.split(r"[\n•▪]|(?<=[.;])\s+", text):
        line = re.sub(r"^\s*[-*–—]+\s*", "", raw).strip().rstrip(".;")
        words = line.split()
        if not 4 <= len(words) <= 30:
            continue
        if _ACHIEVEMENT_VERB.search(line) and _HAS_FIGURE.search(line):
            line = _shorten(line)
            first = line[0].lower() + line[1:] if line[:2] != line[:2].upper() else line
            found.append(first)
    return list(dict.fromkeys(found))[:limit]

