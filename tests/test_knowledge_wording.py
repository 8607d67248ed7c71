"""knowledge/ is written in our own words: no 8-word run of it matches the shared guidance text.

The guidance itself is never stored here; `scripts/guidance_fingerprint.py` writes only hashed
8-word shingles of it to tests/data/guidance_shingles.txt, and this test uses the same functions.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_FILES = sorted((REPO_ROOT / "knowledge").glob("*.md"))
FINGERPRINT_FILE = REPO_ROOT / "tests" / "data" / "guidance_shingles.txt"


def _load_fingerprint_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "guidance_fingerprint", REPO_ROOT / "scripts" / "guidance_fingerprint.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gf = _load_fingerprint_script()


@pytest.fixture(scope="module")
def guidance_prints() -> set[str]:
    return set(FINGERPRINT_FILE.read_text(encoding="utf-8").split())


def test_knowledge_files_exist() -> None:
    assert len(KNOWLEDGE_FILES) >= 5, KNOWLEDGE_FILES


def test_fingerprint_file_is_plausible(guidance_prints: set[str]) -> None:
    lines = FINGERPRINT_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1000
    assert lines == sorted(set(lines)), "fingerprints must be sorted and unique"
    assert all(re.fullmatch(r"[0-9a-f]{16}", line) for line in lines)


def test_normalise_and_shingles() -> None:
    assert gf.normalise("It\u2019s the \u201cTeam\u2019s\u201d job \u2014 don't  stop; 'quoted'!") == (
        "it's the team's job don't stop quoted"
    )
    words = "one two three four five six seven eight nine"
    assert gf.shingles(words) == ["one two three four five six seven eight",
                                  "two three four five six seven eight nine"]
    assert gf.shingles("too short") == []
    # Case, quotes, punctuation and spacing do not change a fingerprint.
    assert gf.fingerprints("A B, C  D \u2018e\u2019 F G H") == gf.fingerprints("a b c d 'e' f g h")


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_knowledge_does_not_copy_guidance_wording(path: Path, guidance_prints: set[str]) -> None:
    copied = [s for s in gf.shingles(path.read_text(encoding="utf-8")) if gf.digest(s) in guidance_prints]
    assert not copied, f"{path.name} repeats the guidance wording: " + "; ".join(
        f'"{s}"' for s in dict.fromkeys(copied)
    )


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_knowledge_file_structure(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("# ") and lines[0][2:].strip(), f"{path.name} needs a '# ' title"
    sections = [line for line in lines if line.startswith("## ")]
    assert len(sections) >= 2, f"{path.name} has {len(sections)} '## ' sections; needs at least two"
