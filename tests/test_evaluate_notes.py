"""The independent note check in evals/evaluate_notes.py, on hand-built labels and findings."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from evals import evaluate_notes as ev

ALL_PRESENT = {"situation": True, "task": True, "action": True, "result": True}
NO_RESULT = {"situation": True, "task": True, "action": True, "result": False}


def label(**claims: object) -> dict[str, object]:
    base: dict[str, object] = {"situation": None, "task": None, "action": None, "result": None,
                               "quantified": None}
    base.update(claims)
    return base


def record(id_: str, refused: bool, kinds: list[str], false: bool = False, garbled: bool = False,
           third: bool = False) -> dict[str, object]:
    return {"id": id_, "refused": refused, "kinds": kinds, "false_about_answer": false,
            "garbled": garbled, "third_person": third}


def test_labels_that_agree_with_the_findings_give_no_contradiction() -> None:
    claims = label(situation="present", action="present", result="missing", quantified=False)
    assert ev.label_contradictions(claims, NO_RESULT, quantified=False) == []
    assert ev.label_contradictions(label(), NO_RESULT, quantified=True) == []  # says nothing


def test_the_candidates_own_part_is_compared_with_the_ownership_finding() -> None:
    # "Say which of the team's steps you took" on a "we"-only answer agrees with the findings
    # (steps present, ownership "we"); the same advice on a first-person answer does not.
    advice = label(action="present", own_part="missing")
    assert ev.label_contradictions(advice, ALL_PRESENT, quantified=True, ownership="we") == []
    assert ev.label_contradictions(advice, ALL_PRESENT, quantified=True, ownership="I") == [
        "own part called missing"]
    praise = label(own_part="present")
    assert ev.label_contradictions(praise, ALL_PRESENT, quantified=True, ownership="unclear") == [
        "own part called present"]
    assert ev.label_contradictions(praise, ALL_PRESENT, quantified=True, ownership="mixed") == []


def test_each_disagreement_is_named_in_both_directions() -> None:
    claims = label(situation="missing", result="present", quantified=True)
    assert ev.label_contradictions(claims, NO_RESULT, quantified=False) == [
        "situation called missing", "result called present", "result called measured"]
    assert ev.label_contradictions(label(quantified=False), ALL_PRESENT, quantified=True) == [
        "result called unmeasured"]


def test_overclaims_are_the_kinds_that_credit_the_answer() -> None:
    assert ev.is_overclaim("task called present")
    assert ev.is_overclaim("result called measured")
    assert not ev.is_overclaim("action called missing")
    assert not ev.is_overclaim("result called unmeasured")


def test_findings_are_read_from_an_analysis() -> None:
    analysis = SimpleNamespace(
        star={part: SimpleNamespace(present=part != "task") for part in ev.PARTS},
        quantified_result=True)
    parts, quantified = ev.findings_of(analysis)
    assert parts == {"situation": True, "task": False, "action": True, "result": True}
    assert quantified is True
    row = {"id": "n1"}
    made = ev.independent_record(row, label(task="present", garbled=True, false_about_answer=True),
                                 analysis, refused=False)
    assert made == {"id": "n1", "refused": False, "kinds": ["task called present"],
                    "false_about_answer": True, "garbled": True, "third_person": False,
                    "score": None}


def test_gate_agreement_counts_recall_and_precision() -> None:
    records = [
        {"refused": True, "contradicts": True},    # caught
        {"refused": False, "contradicts": True},   # missed by the gate
        {"refused": False, "contradicts": True},   # missed by the gate
        {"refused": True, "contradicts": False},   # refused, the reader sees no contradiction
        {"refused": False, "contradicts": False},
    ]
    assert ev.gate_agreement(records) == {
        "marked": 3, "refused": 2, "marked_and_refused": 1, "missed_by_gate": 2,
        "refused_not_marked": 1, "recall": 0.333, "precision": 0.5}
    empty = ev.gate_agreement([])
    assert empty["recall"] is None and empty["precision"] is None


def test_independent_figures_split_raw_and_shown() -> None:
    records = [
        record("a", refused=True, kinds=["situation called present"], false=True),
        record("b", refused=False, kinds=["action called missing"], garbled=True),
        record("c", refused=False, kinds=["result called present", "result called measured"],
               false=True, third=True),
        record("d", refused=False, kinds=[], garbled=True),
        record("e", refused=True, kinds=[], third=True),  # refused for the third person only
        record("f", refused=True, kinds=[]),  # refused with no reason the reader sees
    ]
    got = ev.independent_figures(records)
    assert got["labelled"] == 6 and got["shown"] == 3
    assert got["raw_contradictions"] == 3 and got["shown_contradictions"] == 2
    assert got["shown_contradicting_ids"] == ["b", "c"]
    assert got["raw_by_kind"] == {"action called missing": 1, "result called measured": 1,
                                  "result called present": 1, "situation called present": 1}
    assert got["raw_overclaims"] == 2 and got["shown_overclaims"] == 1
    assert got["gate_vs_reader"]["recall"] == 0.333
    assert got["gate_vs_reader"]["precision"] == 0.333
    assert got["gate_vs_reader_overclaims"]["marked_and_refused"] == 1
    assert got["refusals_with_labelled_reason"] == 2
    assert got["refusals_without_labelled_reason"] == ["f"]
    assert got["raw_false_about_answer"] == 2 and got["shown_false_about_answer"] == 1
    assert got["gate_vs_false_about_answer"]["recall"] == 0.5
    assert got["shown_garbled"] == 2 and got["shown_third_person"] == 1


def test_a_label_for_a_different_note_text_is_stale_not_used(tmp_path: Path) -> None:
    answer = ("I rewrote the onboarding checklist and paired each new hire with a buddy. Time to"
              " first commit fell from 9 days to 3.")
    notes = tmp_path / "notes.jsonl"
    rows = [{"id": i, "question": "Tell me about a time you improved a process.", "answer": answer,
             "model": "m", "note": f"You paired each new hire with a buddy ({i})."}
            for i in ("x", "y", "z")]
    notes.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    good = dict(label(action="present"), id="x", note_sha256=ev.note_digest(rows[0]["note"]))
    stale = dict(label(action="present"), id="y", note_sha256=ev.note_digest("an older note"))
    labels.write_text(json.dumps(good) + "\n" + json.dumps(stale) + "\n", encoding="utf-8")
    assert set(ev.load_labels(labels)) == {"x", "y"}
    independent = ev.check(notes, labels)["independent"]
    assert independent["labelled"] == 1
    assert independent["stale_labels"] == ["y"] and independent["unlabelled"] == ["z"]


def test_every_stored_note_has_a_current_label() -> None:
    notes = [json.loads(line) for line in ev.NOTES.read_text(encoding="utf-8").splitlines() if line]
    labels = ev.load_labels()
    assert len(notes) >= 100
    assert {n["id"] for n in notes} == set(labels)
    for note in notes:
        claims = labels[note["id"]]
        assert claims["note_sha256"] == ev.note_digest(note["note"])
        assert all(claims[part] in ("present", "missing", None) for part in ev.PARTS)
        assert claims["quantified"] in (True, False, None)
        assert isinstance(claims["false_about_answer"], bool)
