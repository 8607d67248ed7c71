"""Model files: joining chunks, pinned hashes, tampered and truncated files refused (fast)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from interviewer.local_model import (
    QWEN_1_5B,
    ModelFileError,
    check_gguf,
    join_parts,
    part_paths,
    verify,
)


def _parts(tmp_path: Path) -> tuple[list[Path], str]:
    chunks = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
    paths = []
    for i, chunk in enumerate(chunks):
        path = tmp_path / f"part{i}.bin"
        path.write_bytes(chunk)
        paths.append(path)
    return paths, hashlib.sha256(b"".join(chunks)).hexdigest()


def test_parts_join_in_order_with_progress(tmp_path: Path) -> None:
    parts, sha = _parts(tmp_path)
    seen: list[tuple[int, int]] = []
    target = join_parts(parts, tmp_path / "cache" / "m.gguf", sha, lambda d, t: seen.append((d, t)))
    assert target.read_bytes() == b"".join(p.read_bytes() for p in parts)
    assert seen[-1] == (1786, 1786)
    verify(target, sha)  # already verified: the marker makes this cheap


def test_a_wrong_join_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    parts, _ = _parts(tmp_path)
    with pytest.raises(ModelFileError, match="sha256"):
        join_parts(parts, tmp_path / "m.gguf", "0" * 64)
    assert not list(tmp_path.glob("m.gguf*"))


def test_a_tampered_file_is_refused_even_after_it_was_verified(tmp_path: Path) -> None:
    parts, sha = _parts(tmp_path)
    target = join_parts(parts, tmp_path / "m.gguf", sha)
    data = bytearray(target.read_bytes())
    data[10] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="tampered"):
        verify(target, sha)


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    parts, sha = _parts(tmp_path)
    target = join_parts(parts, tmp_path / "m.gguf", sha)
    target.write_bytes(target.read_bytes()[:500])
    with pytest.raises(ModelFileError, match="truncated"):
        verify(target, sha)


def test_missing_parts_name_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("interviewer.local_model._package_dir", lambda name: None)
    with pytest.raises(ModelFileError, match="make local-model"):
        part_paths(QWEN_1_5B)


def test_user_models_must_be_gguf(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="does not exist"):
        check_gguf(tmp_path / "missing.gguf")
    other = tmp_path / "model.bin"
    other.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelFileError, match="not a GGUF"):
        check_gguf(other)
