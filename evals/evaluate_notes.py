"""Coaching notes worded by a model, checked against the STAR analyzer's findings.

Usage::

    .venv/bin/python evals/evaluate_notes.py [--json]            # re-check the stored notes
    .venv/bin/python evals/evaluate_notes.py --generate 120 [--model KEY_OR_PATH] [--threads N]

`--generate` words a note for each of the first N development answers with the local model
(`feedback.summary_prompt`, as the app asks for it) and stores the model's raw text in
`evals/data/notes_local.jsonl`, with the question and answer it was written for (an interrupted
run resumes; delete the file to start over). Without it, the
stored notes are checked again (this is what `make eval` runs; it needs no model):

- raw contradictions: the model's own notes whose claims (`feedback.note_claims`: STAR parts called
  present, a result called measured, figures, the score, the candidate in the third person)
  disagree with the findings of `star.analyze` on the same answer;
- shown contradictions: the same check on the note the candidate would see (the model's note when
  it passed, else the template note). The target is zero;
- second person: shown notes that speak to the candidate ("you") and never about them.

The claim reader is pure code that never sees how the note was made; it is tested on its own in
tests/test_feedback.py against wordings seen from models ("the results were quantified", "the
candidate", "The scoring is 2/5").

Those figures measure the gate with its own claim reader. The independent check below does not:
`evals/data/notes_labels.jsonl` holds, for each stored note (keyed by its id, with the first 16 hex
digits of the note's SHA-256 so a regenerated note is not judged by a stale label), the claims a
human reader took from the note. The reader read every note, question and answer and wrote all
labels before running or reading the gate's code (`feedback.note_claims`, `summary_contradicts`),
so the labels owe nothing to it:

- `situation`/`task`/`action`/`result`: "present" (the note says or plainly implies the answer
  gives it, e.g. "you ran separate sessions", "the findings list the situation"), "missing" (the
  note says it is absent, unclear or weak, or advises adding it or more detail on it) or null. An
  explicit statement outranks advice: "you presented the situation, task, action and result ...
  add more detail about the challenges" stays "present"; when the note both praises and faults a
  part, the more specific statement decides. Advice only to quantify a result sets `quantified`,
  not `result`.
- `own_part` (fifth session): "present" when the note says the candidate's own part in the steps
  is clear, "missing" when it says or advises that their own part (as against the team's) is not
  told; null otherwise. Steps by anyone, team included, are `action`: advice to say which of the
  team's steps were the candidate's is `own_part`, not `action`. It is compared with the analyzer's
  ownership finding (`own part called missing` on an answer told in the first person singular,
  `own part called present` on one told only as "we" or with nobody acting).
- `quantified`: true when the note says the result was measured or cites a figure as the result,
  false when it says or advises that the result lacks a number, else null.
- `third_person` ("the candidate"), `figures` (numbers the note cites, as written), `score`,
  `garbled` (stray foreign characters, sentences cut off), `other` (free text on anything else false).
- `false_about_answer`: the reader's judgement, from the answer itself, whether any claim of the
  note is false about what the answer says (an invented or wrong figure, an outcome the answer never
  reaches, a colleague's act credited to the candidate, hypothetical "I would" steps told as done,
  praise of parts the answer lacks, advice to add what the answer already says).

The labels store claims, not verdicts: the comparison with `star.analyze` runs here, at evaluation
time, so the figures follow the analyzer as it changes. Reported (`independent` in `--json`):

- independent contradictions: a labelled part the analyzer finds absent ("called present"), a
  part called missing/weak that the analyzer finds present, or a `quantified` claim the analyzer
  disagrees with; over all labelled model notes (raw) and over the model notes the gate keeps
  (shown; the template notes that replace refused ones carry no labels);
- the gate against the reader: of the notes the labels say contradict the findings, how many the
  gate refused (recall); of the notes the gate refused, how many the labels say contradict
  (precision); the same for overclaims alone (a part or a measured result the analyzer did not
  find, the gate's own target, as against advice the analyzer finds unneeded), and for notes false
  about the answer; refusals for which the labels give no reason at all;
- notes false about the answer, raw and shown; garbled and third-person notes among those shown.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evals.evaluate_star import load_examples  # noqa: E402
from interviewer import coach_note, feedback  # noqa: E402
from interviewer.config import PROJECT_ROOT, load_settings  # noqa: E402
from interviewer.star import analyze  # noqa: E402
from interviewer.text import percentile  # noqa: E402

NOTES = ROOT / "evals" / "data" / "notes_local.jsonl"
LABELS = ROOT / "evals" / "data" / "notes_labels.jsonl"
FIELDS_NOTES = ROOT / "evals" / "data" / "notes_fields.jsonl"
FIELDS_LABELS = ROOT / "evals" / "data" / "notes_fields_labels.jsonl"
PARTS = ("situation", "task", "action", "result")
_YOU = re.compile(r"\byou(?:r|'re|'ve)?\b", re.IGNORECASE)


def generate(count: int, model: str, threads: int, fields: bool = False) -> None:
    """Word `count` notes with the local model and store them (in fields: the model's two raw
    lines, for answers where code found a part to praise and a gap to name)."""
    from interviewer import llm

    settings = load_settings(backend="local", local_model=model, local_threads=threads,
                             local_threads_batch=threads)
    backend = llm.create(settings, "local")
    path = FIELDS_NOTES if fields else NOTES
    examples = [e for e in load_examples() if e.split == "dev"]
    done = set()
    if path.exists():  # resume an interrupted run: notes already worded are kept
        done = {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()
                if line}
    written = len(done)
    with path.open("a", encoding="utf-8") as out:
        for i, example in enumerate(examples, 1):
            if written >= count:
                break
            if example.id in done:
                continue
            item = feedback.critique(analyze(example.question, example.answer))
            if fields:
                maybe = coach_note.prompt(item.analysis, PROJECT_ROOT / "prompts",
                                          feedback.template_summary(item))
                if maybe is None:  # nothing for a model to word: the template note, no model
                    continue
                prompt = maybe
            else:
                prompt = feedback.summary_prompt(item, PROJECT_ROOT / "prompts")
            written += 1
            started = time.perf_counter()
            raw = "".join(backend.stream(prompt)).strip()
            row = {"id": example.id, "question": example.question, "answer": example.answer,
                   "model": backend.model, "note": raw,
                   "seconds": round(time.perf_counter() - started, 2)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(f"[{i:3}] {row['seconds']:5.1f}s {raw[:100]!r}", file=sys.stderr, flush=True)


# --- the independent reader's labels ----------------------------------------------------------

def note_digest(note: str) -> str:
    """The key that ties a label to the exact note text it was written for."""
    return hashlib.sha256(note.encode("utf-8")).hexdigest()[:16]


def load_labels(path: Path = LABELS) -> dict[str, dict[str, Any]]:
    """The independent labels by note id (empty when the file is absent)."""
    if not path.exists():
        return {}
    labels = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {label["id"]: label for label in labels}


def label_contradictions(label: Mapping[str, Any], parts_present: Mapping[str, bool],
                         quantified: bool, ownership: str | None = None) -> list[str]:
    """Where a note's labelled claims disagree with the analyzer's findings on the same answer.

    `parts_present` maps each STAR part to the analyzer's verdict; `quantified` is its measured-result
    finding; `ownership` its reading of who acts ("I", "we", "mixed", "unclear"), compared with the
    label `own_part` (the note says the candidate's own part is clear, or missing/unclear). Returns
    one short kind per disagreement (empty when the labels agree)."""
    found: list[str] = []
    claim_own = label.get("own_part")
    if ownership is not None and claim_own == "missing" and ownership == "I":
        found.append("own part called missing")
    elif ownership is not None and claim_own == "present" and ownership in {"we", "unclear"}:
        found.append("own part called present")
    for part in PARTS:
        claim = label.get(part)
        if claim == "present" and not parts_present[part]:
            found.append(f"{part} called present")
        elif claim == "missing" and parts_present[part]:
            found.append(f"{part} called missing")
    if label.get("quantified") is True and not quantified:
        found.append("result called measured")
    elif label.get("quantified") is False and quantified:
        found.append("result called unmeasured")
    return found


def is_overclaim(kind: str) -> bool:
    """A kind that credits the answer with more than the analyzer found (the gate's own target),
    as against advice or criticism the analyzer finds unneeded ("action called missing")."""
    return kind.endswith("called present") or kind == "result called measured"


def findings_of(analysis: Any) -> tuple[dict[str, bool], bool]:
    """The analyzer's findings the labels are compared with: parts present, result measured."""
    return {part: analysis.star[part].present for part in PARTS}, analysis.quantified_result


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def gate_agreement(records: Iterable[Mapping[str, Any]], key: str = "contradicts") -> dict[str, Any]:
    """How the gate's refusals line up with the reader's verdict `key` (true = the note is wrong).

    Each record needs `refused` (the gate refused the note) and `key`. Recall: of the notes the
    reader marks, the share the gate refused; precision: of the refused notes, the share marked."""
    both = marked = refused = 0
    for record in records:
        is_marked, was_refused = bool(record[key]), bool(record["refused"])
        marked += is_marked
        refused += was_refused
        both += is_marked and was_refused
    return {"marked": marked, "refused": refused, "marked_and_refused": both,
            "missed_by_gate": marked - both, "refused_not_marked": refused - both,
            "recall": _share(both, marked), "precision": _share(both, refused)}


def independent_figures(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The independent figures over labelled model notes.

    Each record: `id`, `refused` (bool), `kinds` (from `label_contradictions`), `false_about_answer`,
    `garbled`, `third_person` and optionally `score`. Shown notes are the ones the gate did not
    refuse. Overclaims are contradictions that credit the answer with a part or a measured result
    the analyzer did not find. A refusal has a labelled reason when the labels say the note
    contradicts the findings, is false about the answer, is in the third person or states a score."""
    rows = [dict(r, contradicts=bool(r["kinds"]), overclaims=any(map(is_overclaim, r["kinds"])),
                 reason=bool(r["kinds"] or r["false_about_answer"] or r["third_person"]
                             or r.get("score") is not None))
            for r in records]
    refused = [r for r in rows if r["refused"]]
    shown = [r for r in rows if not r["refused"]]
    by_kind: dict[str, int] = {}
    for r in rows:
        for kind in r["kinds"]:
            by_kind[kind] = by_kind.get(kind, 0) + 1
    return {
        "labelled": len(rows),
        "shown": len(shown),
        "raw_contradictions": sum(r["contradicts"] for r in rows),
        "raw_by_kind": dict(sorted(by_kind.items())),
        "shown_contradictions": sum(r["contradicts"] for r in shown),
        "shown_contradicting_ids": [r["id"] for r in shown if r["contradicts"]],
        "gate_vs_reader": gate_agreement(rows),
        "raw_overclaims": sum(r["overclaims"] for r in rows),
        "shown_overclaims": sum(r["overclaims"] for r in shown),
        "gate_vs_reader_overclaims": gate_agreement(rows, "overclaims"),
        "refusals_with_labelled_reason": sum(r["reason"] for r in refused),
        "refusals_without_labelled_reason": [r["id"] for r in refused if not r["reason"]],
        "raw_false_about_answer": sum(bool(r["false_about_answer"]) for r in rows),
        "shown_false_about_answer": sum(bool(r["false_about_answer"]) for r in shown),
        "gate_vs_false_about_answer": gate_agreement(rows, "false_about_answer"),
        "shown_garbled": sum(bool(r["garbled"]) for r in shown),
        "shown_third_person": sum(bool(r["third_person"]) for r in shown),
    }


def independent_record(row: Mapping[str, Any], label: Mapping[str, Any], analysis: Any,
                       refused: bool) -> dict[str, Any]:
    """One labelled note, compared with the findings at evaluation time."""
    parts_present, quantified = findings_of(analysis)
    return {"id": row["id"], "refused": refused,
            "kinds": label_contradictions(label, parts_present, quantified,
                                           getattr(analysis, "ownership", None)),
            "false_about_answer": bool(label.get("false_about_answer")),
            "garbled": bool(label.get("garbled")), "third_person": bool(label.get("third_person")),
            "score": label.get("score")}


def check(path: Path = NOTES, labels_path: Path = LABELS) -> dict[str, object]:
    """Re-check stored notes; returns the figures."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    labels = load_labels(labels_path)
    records: list[dict[str, Any]] = []
    unlabelled: list[str] = []
    stale: list[str] = []
    raw_problems: dict[str, int] = {}
    shown_problems: list[str] = []
    second_person = 0
    kept = 0
    for row in rows:
        analysis = analyze(row["question"], row["answer"])
        item = feedback.critique(analysis)
        problem = feedback.summary_contradicts(row["note"], analysis) if row["note"] else "empty"
        if problem:
            kind = problem.split(" (")[0].split(",")[0]
            raw_problems[kind] = raw_problems.get(kind, 0) + 1
            shown = feedback.template_summary(item)
        else:
            kept += 1
            shown = row["note"]
        label = labels.get(row["id"])
        if label is None:
            unlabelled.append(row["id"])
        elif label.get("note_sha256") != note_digest(row["note"]):
            stale.append(row["id"])
        else:
            records.append(independent_record(row, label, analysis, refused=bool(problem)))
        again = feedback.summary_contradicts(shown, analysis)
        if again:
            shown_problems.append(f"{row['id']}: {again}")
        claims = feedback.note_claims(shown)
        if _YOU.search(shown) and not claims.third_person:
            second_person += 1
    total = len(rows)
    return {
        "notes": total,
        "model": rows[0]["model"] if rows else None,
        "raw_contradictions": sum(raw_problems.values()),
        "raw_by_kind": raw_problems,
        "model_notes_kept": kept,
        "shown_contradictions": len(shown_problems),
        "shown_problems": shown_problems,
        "second_person": second_person,
        "seconds_p50": sorted(r.get("seconds", 0) for r in rows)[total // 2] if rows else None,
        "independent": dict(independent_figures(records), unlabelled=unlabelled, stale_labels=stale),
    }


def check_fields(path: Path = FIELDS_NOTES, labels_path: Path = FIELDS_LABELS) -> dict[str, object]:
    """Re-check notes worded in fields: assembled by today's code from the stored raw lines."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    labels = load_labels(labels_path)
    records: list[dict[str, Any]] = []
    unlabelled: list[str] = []
    stale: list[str] = []
    refusals: dict[str, int] = {}
    shown_problems: list[str] = []
    second_person = kept = 0
    for row in rows:
        analysis = analyze(row["question"], row["answer"])
        item = feedback.critique(analysis)
        note, why = coach_note.assemble(row["note"], analysis)
        problem = why if note is None else feedback.summary_contradicts(note, analysis)
        if problem:
            kind = problem.split(" (")[0]
            refusals[kind] = refusals.get(kind, 0) + 1
        shown = feedback.template_summary(item) if problem or note is None else note
        kept += not problem
        if note is not None:
            label = labels.get(row["id"])
            if label is None:
                unlabelled.append(row["id"])
            elif label.get("note_sha256") != note_digest(note):
                stale.append(row["id"])
            else:
                records.append(independent_record(row, label, analysis, refused=bool(problem)))
        again = feedback.summary_contradicts(shown, analysis)
        if again:
            shown_problems.append(f"{row['id']}: {again}")
        if _YOU.search(shown) and not feedback.note_claims(shown).third_person:
            second_person += 1
    total = len(rows)
    seconds = sorted(r.get("seconds", 0) for r in rows)
    return {
        "notes": total,
        "model": rows[0]["model"] if rows else None,
        "model_notes_kept": kept,
        "refused_by_kind": dict(sorted(refusals.items())),
        "shown_contradictions": len(shown_problems),
        "shown_problems": shown_problems,
        "second_person": second_person,
        "seconds_p50": percentile(seconds, 0.5) if seconds else None,
        "seconds_p95": percentile(seconds, 0.95) if seconds else None,
        "independent": dict(independent_figures(records), unlabelled=unlabelled, stale_labels=stale),
    }


def to_label(path: Path = FIELDS_NOTES) -> list[dict[str, str]]:
    """The assembled field notes as a reader labels them: id, question, answer, note, digest."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        note, _why = coach_note.assemble(row["note"], analyze(row["question"], row["answer"]))
        if note is not None:
            out.append({"id": row["id"], "question": row["question"], "answer": row["answer"],
                        "note": note, "note_sha256": note_digest(note)})
    return out


def print_independent(ind: Mapping[str, Any], labels: Path = LABELS) -> None:
    """The independent reader's figures, as lines under the gate's own."""
    n, shown = ind["labelled"], ind["shown"]
    print(f"independent labels ({labels.relative_to(ROOT)}): {n} notes labelled"
          f" ({len(ind['unlabelled'])} unlabelled, {len(ind['stale_labels'])} stale)")
    print(f"  labelled claims contradicting the findings, model notes: {ind['raw_contradictions']}/{n}"
          f" {ind['raw_by_kind']}")
    print(f"  the same among notes the gate lets through: {ind['shown_contradictions']}/{shown}"
          f" {ind['shown_contradicting_ids']}")
    gate = ind["gate_vs_reader"]
    print(f"  gate recall: refused {gate['marked_and_refused']}/{gate['marked']} of the notes the"
          f" labels say contradict ({gate['recall']}); precision: {gate['marked_and_refused']}"
          f"/{gate['refused']} refused notes contradict by the labels ({gate['precision']})")
    over = ind["gate_vs_reader_overclaims"]
    print(f"  of which overclaims (a part or a measured result the analyzer did not find):"
          f" {ind['raw_overclaims']}/{n} raw, {ind['shown_overclaims']}/{shown} shown; gate refused"
          f" {over['marked_and_refused']}/{over['marked']} ({over['recall']})")
    print(f"  gate refusals with a reason in the labels (contradiction, false, third person, score):"
          f" {ind['refusals_with_labelled_reason']}/{gate['refused']};"
          f" without: {ind['refusals_without_labelled_reason']}")
    false = ind["gate_vs_false_about_answer"]
    print(f"  notes false about the answer: {ind['raw_false_about_answer']}/{n} raw,"
          f" {ind['shown_false_about_answer']}/{shown} shown (gate refused"
          f" {false['marked_and_refused']}/{false['marked']})")
    print(f"  shown notes garbled: {ind['shown_garbled']}/{shown}; in the third person:"
          f" {ind['shown_third_person']}/{shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, metavar="N")
    parser.add_argument("--fields", action="store_true",
                        help="notes worded in fields (coach_note), as a small model words them")
    parser.add_argument("--export-for-labels", type=Path, metavar="FILE",
                        help="write the assembled field notes for an independent reader")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.generate, args.model, args.threads, fields=args.fields)
    if args.export_for_labels:
        rows = to_label()
        args.export_for_labels.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                  for r in rows), encoding="utf-8")
        print(f"{len(rows)} notes written to {args.export_for_labels}")
        return 0
    status = 0
    if args.fields or not args.generate:
        status |= _report(check_fields(), FIELDS_LABELS, "worded in fields", args.json) \
            if FIELDS_NOTES.exists() else 0
    if not args.fields:
        if not NOTES.exists():
            print(f"No stored notes at {NOTES}: run with --generate N first.", file=sys.stderr)
            return 2
        status |= _report(check(), LABELS, "worded freely", args.json)
    return status


def _report(result: Mapping[str, Any], labels: Path, how: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps(dict(result, notes_are=how), indent=2))
    else:
        n = result["notes"]
        print(f"== notes {how}: {n} checked (model {result['model']})")
        if "raw_contradictions" in result:
            print(f"model's own notes contradicting the findings: {result['raw_contradictions']}/{n}"
                  f" {result['raw_by_kind']}")
        else:
            print(f"refused by the field checks or the gate: {result['refused_by_kind']}")
        print(f"model notes kept: {result['model_notes_kept']}/{n}")
        print(f"shown notes contradicting the findings: {result['shown_contradictions']}/{n}")
        print(f"shown notes in the second person: {result['second_person']}/{n}")
        print_independent(result["independent"], labels)
    return 1 if result["shown_contradictions"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
