"""Chroma-backed retrieval: the guidance in `knowledge/`, and each session's own documents.

Chroma runs embedded (a folder under the data directory) unless CHROMA_HOST names a server, in
which case the same code talks to `chroma run`. Vectors come from our embedder, so Chroma never
loads (or downloads) a model of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from interviewer.documents import Document, extract_text, highlights
from interviewer.embeddings import Embedder
from interviewer.errors import ConfigError, DocumentError, InterviewerError
from interviewer.offline import ensure_tiktoken_cache
from interviewer.prompting import ContextChunk

KNOWLEDGE_SUFFIXES = (".md", ".txt", ".pdf")
CHUNK_TOKENS = 300
CHUNK_OVERLAP = 40


@dataclass(frozen=True)
class Passage:
    """A chunk ready to index: id, text and metadata."""

    chunk_id: str
    text: str
    source: str
    section: str
    kind: str


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk and its cosine distance (smaller is closer)."""

    chunk_id: str
    source: str
    section: str
    kind: str
    text: str
    distance: float

    def label(self) -> str:
        """Where it came from, for 'based on: …' lines."""
        return f"{self.source} §{self.section}" if self.section else self.source

    def to_context(self) -> ContextChunk:
        """As prompt context (always fenced as data)."""
        kind = self.kind if self.kind in ("resume", "job") else "guidance"
        return ContextChunk(self.chunk_id, self.label(), kind, self.text)  # type: ignore[arg-type]


def split_tokens(text: str, size: int = CHUNK_TOKENS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Split text into chunks of at most `size` tiktoken tokens, on natural boundaries."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    ensure_tiktoken_cache()
    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name="cl100k_base", chunk_size=size, chunk_overlap=overlap
    )
    return [c.strip() for c in splitter.split_text(text) if c.strip()]


def markdown_passages(source: str, text: str, kind: str = "guidance") -> list[Passage]:
    """One passage per `##` section (long sections split by tokens), each prefixed with the
    document title and section heading, which measurably helps retrieval."""
    title_match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    title = title_match.group(1).strip() if title_match else Path(source).stem.replace("-", " ")
    parts = re.split(r"^##\s+", text, flags=re.MULTILINE)
    sections: list[tuple[str, str]] = []
    intro = re.sub(r"^#\s+.+$", "", parts[0], count=1, flags=re.MULTILINE).strip()
    if intro:
        sections.append(("", intro))
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        sections.append((heading.strip(), body.strip()))
    passages: list[Passage] = []
    for number, (heading, body) in enumerate(sections):
        if not body:
            continue
        prefix = f"{title} - {heading}" if heading else title
        for piece in split_tokens(body):
            passages.append(Passage(f"{source}#{len(passages)}", f"{prefix}\n{piece}", source,
                                    heading or str(number), kind))
    return passages


def text_passages(source: str, text: str, kind: str) -> list[Passage]:
    """Plain text split by tokens."""
    return [Passage(f"{source}#{i}", piece, source, str(i + 1), kind)
            for i, piece in enumerate(split_tokens(text))]


class VectorStore:
    """A Chroma client (embedded or server) plus the embedder that fills it."""

    def __init__(self, embedder: Embedder, path: Path | None = None, host: str | None = None,
                 port: int = 8000) -> None:
        self.embedder = embedder
        self.path = path
        self.host = host
        self.port = port

    @cached_property
    def client(self) -> Any:
        """The Chroma client, created on first use."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.host:
                return chromadb.HttpClient(host=self.host, port=self.port, settings=chroma_settings)
            assert self.path is not None
            self.path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.path), settings=chroma_settings)
        except Exception as exc:
            where = f"the Chroma server at {self.host}:{self.port}" if self.host else str(self.path)
            raise ConfigError(f"Cannot open the vector store at {where}: {exc}. Check CHROMA_HOST"
                              " and CHROMA_PORT, or unset them to use the embedded store.") from exc

    def collection(self, name: str) -> Any:
        """A collection for this embedder's vector space, created when missing."""
        full = f"{name}-{self.embedder.name}"
        return self.client.get_or_create_collection(
            full, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def drop(self, name: str) -> None:
        """Delete a collection if it exists."""
        try:
            self.client.delete_collection(f"{name}-{self.embedder.name}")
        except Exception:  # absent already: nothing to delete
            return

    def add(self, collection: Any, passages: list[Passage], extra: dict[str, str]) -> None:
        """Embed and upsert passages in batches."""
        for start in range(0, len(passages), 64):
            batch = passages[start:start + 64]
            collection.upsert(
                ids=[p.chunk_id for p in batch],
                documents=[p.text for p in batch],
                embeddings=self.embedder.embed([p.text for p in batch]),
                metadatas=[{"source": p.source, "section": p.section, "kind": p.kind, **extra}
                           for p in batch],
            )

    def search(self, collection: Any, query: str, k: int,
               where: dict[str, Any] | None = None) -> list[Hit]:
        """The k nearest chunks to the query, closest first."""
        if not query.strip() or collection.count() == 0:
            return []
        result = collection.query(
            query_embeddings=self.embedder.embed([query]), n_results=min(k, collection.count()),
            where=where, include=["documents", "metadatas", "distances"],
        )
        hits: list[Hit] = []
        for chunk_id, text, meta, distance in zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0],
            result["distances"][0], strict=True,
        ):
            hits.append(Hit(chunk_id, str(meta.get("source", "")), str(meta.get("section", "")),
                            str(meta.get("kind", "")), text, float(distance)))
        return hits


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SyncReport:
    """What a knowledge sync did."""

    indexed: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    failed: tuple[str, ...]


class KnowledgeBase:
    """The guidance files, indexed once and re-indexed only when their content changes."""

    collection_name = "guidance"

    def __init__(self, store: VectorStore, folder: Path) -> None:
        self.store = store
        self.folder = folder

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            raise ConfigError(f"The knowledge folder {self.folder} does not exist. Set"
                              " INTERVIEWER_KNOWLEDGE_DIR to a folder of .md, .txt or .pdf files.")
        return sorted(p for p in self.folder.rglob("*")
                      if p.is_file() and p.suffix.lower() in KNOWLEDGE_SUFFIXES
                      and not p.name.startswith("."))

    def _source(self, path: Path) -> str:
        return f"{self.folder.name}/{path.relative_to(self.folder).as_posix()}"

    def sync(self) -> SyncReport:
        """Index new and changed files, drop removed ones; unchanged files cost one hash each."""
        collection = self.store.collection(self.collection_name)
        known: dict[str, str] = {}
        existing = collection.get(include=["metadatas"])
        for meta in existing["metadatas"] or []:
            known[str(meta["source"])] = str(meta.get("hash", ""))
        indexed, unchanged, failed = [], [], []
        seen: set[str] = set()
        for path in self._files():
            source = self._source(path)
            seen.add(source)
            data = path.read_bytes()
            digest = _sha256(data)
            if known.get(source) == digest:
                unchanged.append(source)
                continue
            try:
                text = extract_text(path.name, data)
            except DocumentError as exc:
                failed.append(f"{source}: {exc}")
                continue
            passages = (markdown_passages(source, text) if path.suffix.lower() == ".md"
                        else text_passages(source, text, "guidance"))
            if source in known:
                collection.delete(where={"source": source})
            self.store.add(collection, passages, {"hash": digest})
            indexed.append(source)
        removed = sorted(set(known) - seen)
        for source in removed:
            collection.delete(where={"source": source})
        return SyncReport(tuple(indexed), tuple(unchanged), tuple(removed), tuple(failed))

    def search(self, query: str, k: int = 4) -> list[Hit]:
        """Guidance passages for a question, closest first."""
        return self.store.search(self.store.collection(self.collection_name), query, k)


class CandidateIndex:
    """One session's resume and job description, in a collection of its own."""

    def __init__(self, store: VectorStore, session_id: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_-]{3,64}", session_id):
            raise InterviewerError(f"Invalid session id {session_id!r}.")
        self.store = store
        self.name = f"candidate-{session_id}"
        self.documents: list[Document] = []

    def add(self, document: Document) -> int:
        """Index a document, replacing an earlier one of the same kind; returns its chunk count."""
        collection = self.store.collection(self.name)
        collection.delete(where={"kind": document.kind})
        passages = (markdown_passages(document.kind, document.text, document.kind)
                    if document.name.endswith(".md")
                    else text_passages(document.kind, document.text, document.kind))
        self.store.add(collection, passages, {"name": document.name})
        self.documents = [d for d in self.documents if d.kind != document.kind] + [document]
        return len(passages)

    def reload(self) -> None:
        """Rebuild the document list from the stored passages (after an app restart)."""
        stored = self.store.collection(self.name).get(include=["documents", "metadatas"])
        by_kind: dict[str, list[tuple[int, str, str]]] = {}
        for chunk_id, text, meta in zip(stored["ids"], stored["documents"] or [],
                                        stored["metadatas"] or [], strict=True):
            order = int(str(chunk_id).rsplit("#", 1)[-1]) if "#" in str(chunk_id) else 0
            by_kind.setdefault(str(meta.get("kind", "")), []).append(
                (order, text, str(meta.get("name", ""))))
        self.documents = [
            Document(parts[0][2], kind, "\n".join(t for _, t, _ in sorted(parts)))
            for kind, parts in by_kind.items() if parts
        ]

    def search(self, query: str, k: int = 3) -> list[Hit]:
        """This session's passages for a question, closest first."""
        return self.store.search(self.store.collection(self.name), query, k)

    def delete(self) -> None:
        """Remove every vector of this session."""
        self.store.drop(self.name)
        self.documents = []

    # ContextSource, for the session engine
    def highlights(self) -> list[str]:
        """Achievement lines from the resume, for questions that cite it."""
        return [h for d in self.documents if d.kind == "resume" for h in highlights(d.text)]

    def for_question(self, question: str) -> list[ContextChunk]:
        """Resume and job passages relevant to the question being asked."""
        if not self.documents:
            return []
        return [hit.to_context() for hit in self.search(question, k=3)]
