"""Fingerprint the shared interview guidance so tests can check knowledge/ does not copy its wording.

The repository never stores the guidance text itself, only the first 16 hex characters of the sha1 of
every 8-word shingle of its normalised text, sorted and unique, one per line.

Usage: python scripts/guidance_fingerprint.py [GUIDANCE_TXT] [OUTPUT]
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "guidance" / "second-interview-guidance.txt"
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "data" / "guidance_shingles.txt"
SHINGLE_WORDS = 8

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})


def normalise(text: str) -> str:
    """Lowercase, straight quotes, punctuation gone (except apostrophes inside words), single spaces."""
    text = text.lower().translate(_QUOTES)
    text = re.sub(r"(?<![^\W_])'|'(?![^\W_])", " ", text)  # apostrophes not between two word characters
    text = re.sub(r"[^\w\s']|_", " ", text)
    return " ".join(text.split())


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[str]:
    """Every run of `size` consecutive words of the normalised text, in order."""
    words = normalise(text).split()
    return [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]


def digest(shingle: str) -> str:
    """The fingerprint of one shingle: first 16 hex characters of its sha1."""
    return hashlib.sha1(shingle.encode("utf-8")).hexdigest()[:16]


def fingerprints(text: str, size: int = SHINGLE_WORDS) -> list[str]:
    """Sorted, unique fingerprints of every shingle of `text`."""
    return sorted({digest(s) for s in shingles(text, size)})


def write_fingerprints(prints: Iterable[str], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(f"{p}\n" for p in prints), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else DEFAULT_SOURCE
    output = Path(args[1]) if len(args) > 1 else DEFAULT_OUTPUT
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"Cannot read guidance file {source}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    prints = fingerprints(text)
    write_fingerprints(prints, output)
    print(f"Wrote {len(prints)} fingerprints of {SHINGLE_WORDS}-word shingles to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
