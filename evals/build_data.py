"""Convert the hand-written answer sources in `evals/data/src/*.txt` into the JSONL the evaluator reads.

Usage::

    .venv/bin/python evals/build_data.py          # writes evals/data/star_<source>.jsonl
    .venv/bin/python evals/build_data.py --check  # exit 1 when a JSONL file is out of date

The source format is described in `evals/LABELLING.md` (*Authoring*). Labelled answers go to
`star_<name>.jsonl`; a source whose rows are `adv-*` goes to `star_adversarial.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SRC = DATA / "src"
CODES = {"S": "situation", "T": "task", "A": "action", "R": "result", "L": "learning"}
_HEADER = re.compile(r"^===\s+(\S+)\s*(.*)$")


class SourceError(ValueError):
    """A malformed source line; the message names the file and line."""


def _fields(rest: str) -> tuple[list[str], dict[str, str]]:
    parts = [p.strip() for p in rest.split("|") if p.strip()]
    plain = [p for p in parts if "=" not in p]
    named = dict(p.split("=", 1) for p in parts if "=" in p)
    return plain, {k.strip(): v.strip() for k, v in named.items()}


def _flags(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def _labels(codes: str, where: str) -> list[str]:
    if codes.strip() == "-":
        return []
    try:
        return [CODES[c] for c in codes.strip()]
    except KeyError as e:
        raise SourceError(f"{where}: unknown label code {e.args[0]!r}; use S T A R L or -") from e


def parse_source(text: str, name: str, split: str) -> list[dict[str, Any]]:
    """Rows of one source file (see LABELLING.md); `split` is stored on labelled rows."""
    rows: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            plain, named = _fields(header.group(2))
            row_id = header.group(1)
            if row_id.startswith("adv-"):
                low, _, high = named.get("score", "1-5").partition("-")
                current = {"id": row_id, "question": "", "answer_lines": [],
                           "score": [int(low), int(high or low)],
                           "flags": _flags(named.get("flags", "")),
                           "not_flags": _flags(named.get("not", "")),
                           "why": named.get("why", "")}
                if "quant" in named:
                    current["quantified_result"] = named["quant"] == "1"
            else:
                if len(plain) < 2:
                    raise SourceError(f"{where}: header needs question_type | category")
                current = {"id": row_id, "question": "", "question_type": plain[0], "category": plain[1],
                           "grade": int(named["grade"]), "quantified_result": named["quant"] == "1",
                           "ownership": named["own"], "answers_question": named["onq"] == "1",
                           "flags": _flags(named.get("flags", "")), "split": split, "sentences": []}
            rows.append(current)
            continue
        if current is None:
            raise SourceError(f"{where}: text before the first === header")
        if line.startswith("Q:"):
            current["question"] = line[2:].strip()
        elif line.startswith(">"):
            current["answer_lines"].append(line[1:].strip())
        else:
            head, sep, body = line.partition(": ")
            if not sep:
                raise SourceError(f"{where}: expected 'CODES: text', 'Q: ...' or '> ...'")
            codes, _, prefix = head.partition("|")
            item: dict[str, Any] = {"text": body.strip(), "labels": _labels(codes, where)}
            if prefix:
                item["prefix"] = prefix.replace("\\n", "\n")
            current["sentences"].append(item)
    for row in rows:
        if "answer_lines" in row:
            row["answer"] = "\n".join(row.pop("answer_lines"))
    return rows


def build(check: bool = False) -> int:
    """Write (or with `check`, compare) every JSONL file generated from a source; 0 when all is well."""
    stale = 0
    for source in sorted(SRC.glob("*.txt")):
        split = "test" if source.stem.startswith("test") else "dev"
        rows = parse_source(source.read_text(encoding="utf-8"), source.name, split)
        target = DATA / ("star_adversarial.jsonl" if source.stem.startswith("adversarial")
                         else f"star_{source.stem}.jsonl")
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                print(f"out of date: {target.name} (run evals/build_data.py)", file=sys.stderr)
                stale += 1
        else:
            target.write_text(text, encoding="utf-8")
            print(f"{target.name}: {len(rows)} rows")
    return 1 if stale else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    return build(parser.parse_args(argv).check)


if __name__ == "__main__":
    raise SystemExit(main())
