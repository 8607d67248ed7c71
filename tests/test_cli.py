from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.config import load_settings
from interviewer.services import Services
from tests.conftest import PERSONA_IDS, STRONG_ANSWER, THIN_ANSWER

# Probes may go two deep, so there are more answers than planned questions.
ANSWERS = "\n\n".join([THIN_ANSWER, *[STRONG_ANSWER] * 8,
                       "What are the team's priorities for the next year?"])


@pytest.mark.parametrize("persona", PERSONA_IDS)
def test_interview_runs_each_persona_to_a_report(
    persona: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(ANSWERS, encoding="utf-8")
    code = main(["interview", "--persona", persona, "--answers", str(answers), "--backend",
                 "scripted", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["persona"] == persona and out["backend"] == "scripted"
    assert out["session_id"]
    roles = [t["role"] for t in out["turns"]]
    assert roles[0] == "interviewer" and "candidate" in roles
    assert all("trace" in t for t in out["turns"] if t["role"] == "interviewer")
    answered = [t for t in out["turns"] if t["role"] == "candidate" and "feedback" in t]
    assert answered and all(1 <= t["feedback"]["score"] <= 5 for t in answered)
    assert out["report"]["answers"] >= 3
    assert out["turns"][-1]["kind"] == "closing"


def test_interview_with_resume_cites_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    resume = tmp_path / "resume.md"
    resume.write_text("# Jordan Lee\n- Cut event latency from 9 minutes to 40 seconds at Tidewater"
                      " Freight\n", encoding="utf-8")
    answers = tmp_path / "answers.txt"
    answers.write_text(STRONG_ANSWER, encoding="utf-8")
    assert main(["interview", "--resume", str(resume), "--answers", str(answers), "--backend",
                 "scripted", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "cut event latency from 9 minutes to 40 seconds" in out["turns"][0]["text"]


def test_unknown_backend_and_persona_exit_2_with_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text("x", encoding="utf-8")
    assert main(["interview", "--answers", str(answers), "--backend", "nope"]) == 2
    assert "Valid backends: auto, compatible, local, openai, scripted" in capsys.readouterr().err
    assert main(["interview", "--persona", "cto", "--answers", str(answers), "--backend",
                 "scripted"]) == 2
    assert "Valid personas: executive_panel, hiring_manager, peer, practical" in (
        capsys.readouterr().err)


def test_openai_without_key_exits_2_naming_the_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text("x", encoding="utf-8")
    assert main(["interview", "--answers", str(answers), "--backend", "openai"]) == 2
    assert "OPENAI_API_KEY" in capsys.readouterr().err


def test_critique_jsonl_keeps_order_and_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = [{"id": "a", "question": "Tell me about a failure.", "answer": STRONG_ANSWER},
             {"id": "b", "question": "Tell me about a conflict.", "answer": ""},
             {"id": "c", "question": "Tell me about a deadline.", "answer": THIN_ANSWER}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    assert main(["critique", "--jsonl", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    for row in rows:
        for key in ("sentences", "star", "quantified_result", "ownership", "score", "word_count",
                    "estimated_seconds", "filler_words", "strengths", "improvements", "follow_up"):
            assert key in row
    assert rows[0]["score"] >= 4 and rows[1]["score"] == 1


def test_python_dash_m_entry_point_works(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "interviewer", "personas"], capture_output=True,
                         text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    for pid in PERSONA_IDS:
        assert pid in run.stdout


def test_interview_round_meets_each_stakeholder_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEWER_QUESTIONS_PER_PERSONA", "1")
    monkeypatch.setenv("INTERVIEWER_MAX_PROBES_PER_QUESTION", "0")
    answers = tmp_path / "answers.txt"
    answers.write_text("\n\n".join([STRONG_ANSWER, "No, thank you.", STRONG_ANSWER, "No.",
                                    STRONG_ANSWER]), encoding="utf-8")
    assert main(["interview", "--round", "peer,hiring_manager,practical", "--answers",
                 str(answers), "--backend", "scripted", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    order = list(dict.fromkeys(t["persona"] for t in out["turns"]))
    assert order == ["peer", "hiring_manager", "practical"] and out["round"] == order
    assert out["overall"]["stakeholders"] == 3


def _interviewed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A stored session made through the command line; returns its id."""
    answers = tmp_path / "answers.txt"
    answers.write_text(STRONG_ANSWER, encoding="utf-8")
    assert main(["interview", "--answers", str(answers), "--backend", "scripted", "--json"]) == 0
    return str(json.loads(capsys.readouterr().out)["session_id"])


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "interviewer", *args], capture_output=True,
                          timeout=120)


def test_a_reader_that_stops_early_ends_the_command_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = _interviewed(tmp_path, capsys)
    for command in (["sessions"], ["personas"], ["export", session_id, "--format", "md"]):
        proc = subprocess.Popen([sys.executable, "-m", "interviewer", *command],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the command writes, as in `... | head -1`
        err = proc.stderr.read().decode()
        # 141 = 128 + SIGPIPE: what a shell reports for `cat` in the same place.
        assert (proc.wait(timeout=120), err) == (141, ""), command


def test_an_ascii_terminal_gets_every_output_without_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = _interviewed(tmp_path, capsys)
    name = "Łukasz Dvořák — 面接 😀"
    Services(load_settings()).sessions.rename(session_id, "local", name)
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    exported = _cli("export", session_id, "--format", "md")
    assert (exported.returncode, exported.stderr) == (0, b"")
    assert exported.stdout.decode("utf-8").startswith(f"# {name}\n")  # an export is always UTF-8
    listing = _cli("sessions")
    assert (listing.returncode, listing.stderr) == (0, b"")
    assert "\\u0141ukasz Dvo\\u0159\\xe1k" in listing.stdout.decode("ascii")
    as_json = _cli("sessions", "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)[0]["name"] == name


def test_export_to_an_unwritable_place_says_what_to_do_naming_only_that_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = _interviewed(tmp_path, capsys)
    assert main(["export", session_id, "--output", "missing/s.md"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot write missing/s.md (No such file or directory): its folder"
                          " does not exist: create it first, or choose another --output.")
    assert main(["export", session_id, "--format", "pdf", "--output", "."]) == 2
    assert "give a file name inside it, e.g. ./session.pdf" in capsys.readouterr().err

    def refuse(self: Path, data: bytes) -> int:
        raise OSError(f"quota exceeded for /srv/interviewer/spool/{self.name}.tmp")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    assert main(["export", session_id, "--output", "s.md"]) == 2
    err = capsys.readouterr().err
    assert err == "error: Cannot write s.md: choose another --output, or leave it out to print to" \
                  " the terminal.\n"
    assert "Traceback" not in err and str(tmp_path) not in err


def test_a_pdf_is_not_sent_to_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = _interviewed(tmp_path, capsys)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["export", session_id, "--format", "pdf"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "add --output FILE.pdf" in captured.err
