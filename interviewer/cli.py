"""The command line: `interviewer interview | critique | say | personas | backends | serve`."""

from __future__ import annotations

import argparse
import codecs
import errno
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from interviewer import feedback
from interviewer.config import load_settings
from interviewer.documents import read_document
from interviewer.errors import InterviewerError
from interviewer.feedback import Critique
from interviewer.llm.base import Backend
from interviewer.services import Services
from interviewer.session import InterviewSession
from interviewer.star import analyze


def _stdout_is_utf8() -> bool:
    """Whether stdout encodes as UTF-8 (so any text can go out as it is)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _print_json(data: object, indent: int | None = 2) -> None:
    """JSON on stdout: text as is where stdout can hold it, else as \\u escapes (still valid JSON)."""
    print(json.dumps(data, indent=indent, ensure_ascii=not _stdout_is_utf8()))


def _paragraphs(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InterviewerError(f"Cannot read answers file {path}: {exc}") from exc
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _drain(stream: Iterator[str], echo: bool) -> None:
    for piece in stream:
        if echo:
            print(piece, end="", flush=True)
    if echo:
        print()


def play(session: InterviewSession, answers: list[str], echo: bool = False) -> None:
    """Run a whole interview with a scripted candidate: answers in order, then questions, then close."""
    _drain(session.start(), echo)
    queue = list(answers)
    while not session.ended:
        phase = session.progress[session.persona_id].phase
        if phase == "closed":
            break
        if queue:
            reply = queue.pop(0)
        elif phase == "candidate_questions":
            reply = "No, thank you. That's all from me."
        else:
            _drain(session.end(), echo)
            break
        if echo:
            print(f"\n> {reply}\n")
        _drain(session.answer(reply), echo)


def _interview(args: argparse.Namespace, services: Services) -> int:
    if args.voice and not args.output:
        raise InterviewerError("interview --voice needs --output FILE.json: each interviewer turn's"
                               " audio is written next to it (FILE-turn-01.wav, ...).")
    documents = []
    if args.resume:
        documents.append(read_document(Path(args.resume), "resume"))
    if args.job:
        documents.append(read_document(Path(args.job), "job"))
    backend = services.backend(args.backend)
    round_plan = [p.strip() for p in args.round.split(",") if p.strip()] if args.round else None
    session = services.new_session(args.persona, backend, documents, owner=args.owner,
                                   round_plan=round_plan)
    for note in session.notes:
        print(note, file=sys.stderr)
    play(session, _paragraphs(Path(args.answers)), echo=not args.json)
    reports = session.reports()
    turns = [t.to_dict() for t in session.turns]
    if args.voice:
        _voice_turns(session, turns, Path(args.output), services)
    out = {
        "session_id": session.session_id,
        "persona": round_plan[0] if round_plan else args.persona,
        "round": session.round_plan,
        "backend": backend.name,
        "model": backend.model,
        "turns": turns,
        "report": reports.get(round_plan[0] if round_plan else args.persona, {}),
        "reports": reports,
        "overall": feedback.overall_report(reports),
    }
    if args.output:
        text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
        _write_output(args.output, text.encode("utf-8"), "json")
        print(f"wrote {args.output}", file=sys.stderr)
    if args.json:
        _print_json(out)
    elif not args.output or args.voice:
        for data in reports.values():
            print("\n" + feedback.report_markdown(data))
    return 0


def _voice_turns(session: InterviewSession, turns: list[dict[str, object]], output: Path,
                 services: Services) -> None:
    """Speak each interviewer turn into `<output stem>-turn-NN.wav` beside the JSON transcript, and
    name the file in the turn's record (`audio`)."""
    from interviewer import voice as tts

    voice = tts.Voice.from_settings(services.settings)
    for number, (turn, record) in enumerate(zip(session.turns, turns, strict=True), 1):
        if turn.role != "interviewer" or not turn.text.strip():
            continue
        path = output.with_name(f"{output.stem}-turn-{number:02d}.wav")
        style = session.persona_for(turn.persona_id).speaking
        seconds = tts.speak(voice, turn.text, path, style)
        record["audio"] = path.name
        record["audio_seconds"] = round(seconds, 2)


def _say(args: argparse.Namespace, services: Services) -> int:
    from interviewer import voice as tts

    style = services.personas.get(args.persona).speaking
    seconds = tts.speak(tts.Voice.from_settings(services.settings), args.text, Path(args.output), style)
    print(f"wrote {args.output} ({seconds:.1f} s)", file=sys.stderr)
    return 0


def _critique_one(
    question: str, answer: str, services: Services, persona: str | None, backend: Backend
) -> tuple[Critique, dict[str, object]]:
    """The critique of one answer, its note worded by the backend, and its JSON form."""
    item = feedback.critique(analyze(question, answer),
                             services.personas.get(persona) if persona else None)
    worded, note = feedback.word_summary(item, backend, services.settings.prompts_dir)
    return worded, {**worded.to_dict(), "summary_note": note, "backend": backend.name}


def _critique_audio(args: argparse.Namespace, services: Services, backend: Backend) -> int:
    """Critique a spoken answer: transcribe it, critique the transcript, add delivery figures."""
    from interviewer import delivery, speech

    if args.question is None or args.answer is not None:
        raise InterviewerError("critique --audio FILE needs --question, and no --answer.")
    transcript = speech.transcribe(Path(args.audio), cpu_threads=services.settings.whisper_threads,
                                   model_dir=services.settings.whisper_model)
    worded, result = _critique_one(args.question, transcript.text, services, args.persona, backend)
    measured = delivery.measure(transcript.words, transcript.pauses, transcript.duration_seconds,
                                worded.analysis)
    result = {**result, "transcript": transcript.text, "delivery": measured.to_dict()}
    if args.json:
        _print_json(result)
    else:
        print(f"> {transcript.text}\n\n{feedback.render_markdown(worded)}\n")
        print(delivery.render_markdown(measured))
    return 0


def _critique(args: argparse.Namespace, services: Services) -> int:
    backend = services.backend(args.backend)
    if args.jsonl:
        path = Path(args.jsonl)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InterviewerError(f"Cannot read {path}: {exc}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                question, answer = str(item.get("question") or ""), str(item.get("answer") or "")
            except (json.JSONDecodeError, AttributeError) as exc:
                _print_json({"line": number, "error": f"not a JSON object: {exc}"}, indent=None)
                continue
            _, result = _critique_one(question, answer, services, args.persona, backend)
            if "id" in item:
                result = {"id": item["id"], **result}
            _print_json(result, indent=None)
        return 0
    if args.audio:
        return _critique_audio(args, services, backend)
    if args.answer is None or args.question is None:
        raise InterviewerError("critique needs --question and --answer, or --jsonl FILE.")
    worded, result = _critique_one(args.question, args.answer, services, args.persona, backend)
    if args.json:
        _print_json(result)
    else:
        print(feedback.render_markdown(worded))
    return 0


def _ask(args: argparse.Namespace, services: Services) -> int:
    from interviewer import coach

    report = services.knowledge.sync()
    for failure in report.failed:
        print(f"warning: {failure}", file=sys.stderr)
    answer = coach.ask(args.question, services.knowledge, services.backend(args.backend), k=args.k)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(answer.answer + "\n")
        for hit in answer.sources:
            print(f"  - {hit.label()}")
    return 0


def _index(args: argparse.Namespace, services: Services) -> int:
    report = services.knowledge.sync()
    _print_json({"indexed": report.indexed, "unchanged": len(report.unchanged),
                 "removed": report.removed, "failed": report.failed})
    return 0


def _sessions(args: argparse.Namespace, services: Services) -> int:
    rows = services.sessions.sessions(args.owner)
    if args.json:
        _print_json([vars(r) for r in rows])
        return 0
    for row in rows:
        print(f"{row.id}  {row.turns:3d} turns  {row.name}")
    if not rows:
        print("No sessions yet: run `interviewer interview` or use the web app.")
    return 0


_WRITE_HINTS = {
    errno.EACCES: "you may not write there: choose a folder you own, or fix its permissions",
    errno.EPERM: "you may not write there: choose a folder you own, or fix its permissions",
    errno.ENOENT: "its folder does not exist: create it first, or choose another --output",
    errno.ENOTDIR: "part of that path is a file, not a folder: choose another --output",
    errno.EISDIR: "that is a folder: give a file name inside it, e.g. {output}/session.{fmt}",
    errno.ENOSPC: "the disk is full: free some space, or write to another disk",
    errno.EROFS: "that file system is read-only: choose another --output",
}


def _write_output(output: str, data: bytes, fmt: str) -> None:
    """Write an export where the user asked; a failure names only that path and says what to do."""
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        # str(exc) can name other paths (a link's target, a temporary file): give only the reason.
        hint = _WRITE_HINTS.get(exc.errno or 0, "choose another --output, or leave it out to print"
                                " to the terminal").format(output=output.rstrip("/"), fmt=fmt)
        reason = f" ({exc.strerror})" if exc.strerror else ""
        raise InterviewerError(f"Cannot write {output}{reason}: {hint}.") from exc


def _export(args: argparse.Namespace, services: Services) -> int:
    from interviewer import export

    session = services.open_session(args.session, args.owner, services.backend("scripted"))
    info, _ = services.sessions.load(args.session, args.owner)
    if not args.output and args.format == "pdf" and sys.stdout.isatty():
        raise InterviewerError("A PDF is binary: add --output FILE.pdf, or redirect it with > FILE.pdf.")
    data = export.export(session, services.settings.prompts_dir, args.format, info["name"])
    if args.output:
        _write_output(args.output, data, args.format)
        print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
        return 0
    if args.format != "pdf" and not data.endswith(b"\n"):
        data += b"\n"
    # Bytes, not text: an export is UTF-8 whatever the terminal's encoding says.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def _personas(args: argparse.Namespace, services: Services) -> int:
    for persona in services.personas.all():
        print(f"{persona.id:16} {persona.display_name} ({persona.role}): "
              f"{', '.join(persona.competencies)}")
    return 0


def _backends(args: argparse.Namespace, services: Services) -> int:
    from interviewer import llm

    chosen = llm.resolve_name(services.settings)
    for name in llm.names():
        print(f"{'*' if name == chosen else ' '} {name}")
    return 0


def _serve(args: argparse.Namespace, services: Services) -> int:
    from interviewer.ui import launch

    launch(services, host=args.host, port=args.port)
    return 0


def _bench(args: argparse.Namespace, services: Services) -> int:
    from interviewer import bench

    result = bench.run(services.settings, model=args.model, threads=args.threads,
                       local=not args.no_local, sweep=not args.no_sweep)
    if args.json:
        _print_json(result)
    else:
        print(bench.render(result))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (separate so tests and docs can inspect it)."""
    parser = argparse.ArgumentParser(prog="interviewer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("interview", help="play a whole interview with answers from a file")
    p.add_argument("--persona", default="hiring_manager")
    p.add_argument("--resume")
    p.add_argument("--job")
    p.add_argument("--answers", required=True, help="answers as blank-line-separated paragraphs")
    p.add_argument("--backend", default=None)
    p.add_argument("--round", default=None,
                   help="second-round loop: persona ids in order, e.g. hiring_manager,peer,executive_panel")
    p.add_argument("--owner", default="local", help="whose sessions these are (default: local)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--output", help="write the JSON transcript to this file")
    p.add_argument("--voice", action="store_true",
                   help="speak each interviewer turn into a wav file next to --output")
    p.set_defaults(run=_interview)

    p = sub.add_parser("say", help="speak text in an interviewer's voice into a wav file (offline)")
    p.add_argument("text")
    p.add_argument("--persona", default="hiring_manager")
    p.add_argument("--output", required=True, help="the wav file to write")
    p.set_defaults(run=_say)

    p = sub.add_parser("critique", help="STAR critique of one answer, or of a JSONL file of them")
    p.add_argument("--question")
    p.add_argument("--answer")
    p.add_argument("--jsonl")
    p.add_argument("--audio", help="a spoken answer (wav, mp3, m4a, webm, ogg): transcribe, critique, "
                   "and measure delivery")
    p.add_argument("--persona", default=None, help="word the follow-up as this persona")
    p.add_argument("--backend", default="scripted")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_critique)

    p = sub.add_parser("ask", help="ask the coach a preparation question, answered from knowledge/")
    p.add_argument("question")
    p.add_argument("--backend", default=None)
    p.add_argument("-k", type=int, default=4, help="passages to retrieve")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_ask)

    p = sub.add_parser("index", help="index knowledge/ now (only changed files are re-embedded)")
    p.set_defaults(run=_index)

    p = sub.add_parser("sessions", help="list stored sessions")
    p.add_argument("--owner", default="local")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_sessions)

    p = sub.add_parser("export", help="export a session as Markdown, PDF or JSON")
    p.add_argument("session")
    p.add_argument("--format", choices=["md", "pdf", "json"], default="md")
    p.add_argument("--output")
    p.add_argument("--owner", default="local")
    p.set_defaults(run=_export)

    p = sub.add_parser("personas", help="list the interviewer personas")
    p.set_defaults(run=_personas)

    p = sub.add_parser("backends", help="list the backends; * marks the one auto picks")
    p.set_defaults(run=_backends)

    p = sub.add_parser("serve", help="run the web app")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(run=_serve)

    p = sub.add_parser("bench", help="measure the local model's speed and the app's per-turn overhead")
    p.add_argument("--model", default=None, help="packaged model key or GGUF path (local backend)")
    p.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: settings)")
    p.add_argument("--no-local", action="store_true", help="skip the local model figures")
    p.add_argument("--no-sweep", action="store_true", help="skip the 1 vs 2 threads comparison")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_bench)
    return parser


def _tolerant_output() -> None:
    """Text the terminal's encoding cannot show is written as escapes, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (captured output): nothing to flush
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point; user errors print one clear line and exit 2.

    A reader that stops early (`interviewer sessions | head -1`) ends the command quietly with 141,
    the status a shell reports for a program stopped by SIGPIPE, so `set -o pipefail` still sees it.
    """
    _tolerant_output()
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit:  # --help or a usage error, already printed: make sure it is out
            sys.stdout.flush()
            raise
        try:
            services = Services(load_settings())
            services.measure_relevance()
            code = int(args.run(args, services))
        except InterviewerError as exc:
            print(f"error: {exc}", file=sys.stderr)
            code = 2
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return 141
