"""The MiniLM embedder on ONNX Runtime: exported once from the shipped weights, same vectors as PyTorch."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from interviewer.embeddings import MiniLMEmbedder

pytestmark = pytest.mark.slow

# Mixed lengths, so a batch pads its short texts; an empty text and one outside English too.
TEXTS = [
    "I rewrote the rota.",
    "At the depot I was asked to cut missed collections before the winter, so I mapped every late round,"
    " moved two crews to the estates that overran, and agreed a new start time with the drivers; missed"
    " collections fell from forty a week to six within two months, and complaints halved.",
    "",
    "Je suis responsable d'une équipe de six personnes.",
    "We shipped it on time.",
]


def _close(a: list[list[float]], b: list[list[float]]) -> float:
    return max(abs(x - y) for u, v in zip(a, b, strict=True) for x, y in zip(u, v, strict=True))


@pytest.fixture(scope="module")
def torch_vectors() -> list[list[float]]:
    embedder = MiniLMEmbedder(cache_dir=None)
    vectors = embedder.embed(TEXTS)
    assert embedder.runtime == "torch"
    return vectors


def test_the_export_gives_pytorchs_vectors_and_is_made_once(tmp_path: Path,
                                                            torch_vectors: list[list[float]]) -> None:
    first = MiniLMEmbedder(cache_dir=tmp_path, batch_size=2)
    vectors = first.embed(TEXTS)
    (export,) = tmp_path.glob("*.onnx")
    assert first.runtime == "onnx"
    assert _close(vectors, torch_vectors) < 1e-5
    made = export.stat().st_mtime_ns

    again = MiniLMEmbedder(cache_dir=tmp_path)
    assert _close(again.embed(TEXTS), torch_vectors) < 1e-5
    assert again.runtime == "onnx" and export.stat().st_mtime_ns == made
    assert list(tmp_path.iterdir()) == [export]  # no partial file left behind


def test_a_broken_export_falls_back_to_pytorch_and_says_how_to_fix_it(
        tmp_path: Path, torch_vectors: list[list[float]], caplog: pytest.LogCaptureFixture) -> None:
    MiniLMEmbedder(cache_dir=tmp_path).embed(["make the export"])
    (export,) = tmp_path.glob("*.onnx")
    export.write_bytes(b"not a model")

    embedder = MiniLMEmbedder(cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="interviewer.embeddings"):
        vectors = embedder.embed(TEXTS)
    assert embedder.runtime == "torch"
    assert _close(vectors, torch_vectors) < 1e-6
    assert "Delete the file to export it again" in caplog.text and str(export) in caplog.text


def test_an_unwritable_cache_falls_back_to_pytorch(tmp_path: Path, torch_vectors: list[list[float]]) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache folder would be")
    embedder = MiniLMEmbedder(cache_dir=blocked / "models")
    assert _close(embedder.embed(TEXTS), torch_vectors) < 1e-6
    assert embedder.runtime == "torch"
