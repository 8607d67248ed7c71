from __future__ import annotations

import os
from pathlib import Path

import pytest
import tiktoken

from interviewer.offline import fill_tiktoken_cache, prepare


def test_tiktoken_works_from_packaged_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    prepare(tmp_path)
    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(tmp_path / "tiktoken")
    assert len(list((tmp_path / "tiktoken").iterdir())) == 2
    # A fresh encoding object forces tiktoken to read (and hash-check) the cached file.
    tiktoken.registry.ENCODINGS.pop("cl100k_base", None)
    assert tiktoken.get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"


def test_cache_fill_is_idempotent(tmp_path: Path) -> None:
    first = sorted(p.stat().st_mtime_ns for p in fill_tiktoken_cache(tmp_path).iterdir())
    second = sorted(p.stat().st_mtime_ns for p in fill_tiktoken_cache(tmp_path).iterdir())
    assert first == second
