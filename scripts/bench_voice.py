"""Voice mode figures: Piper synthesis speed and memory, time to the first audio, and transcription
after the hallucination safeguards.

Usage::

    .venv/bin/python scripts/bench_voice.py [--json] [--out FILE.json] [--repeats 3]

Parts, each in its own process so peak memory (ru_maxrss) belongs to that part alone:
- synthesis: load time, real-time factor (compute seconds / audio seconds) per sentence and for a
  whole turn, with 1 and 2 ONNX Runtime threads, and the process's peak memory;
- first audio: server side, from the moment a turn's first sentence is complete to the moment its
  audio is ready to send to the browser (synthesis of that sentence plus WAV encoding), with the
  voice already loaded (the web app warms it up). The browser adds its fetch and decode on loopback;
- transcription: espeak-ng answers (clean; with 20 s of trailing silence; with 20 s of trailing room
  noise; under background hiss and mains hum) transcribed with and without the safeguards: word
  error rate, words outside the script, words after the speech ended; and the Piper-to-Whisper round
  trip (the interviewer's voice transcribed back).
Needs espeak-ng (Debian package). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

TURN = ("Thanks, that's a clear example. I'd like to move to a different area now. Tell me about a time"
        " you had to deliver a difficult message to a stakeholder. What was the situation, what did"
        " you say, and how did they respond?")
ANSWER = [
    ("Um, so at my last job at a freight company, our nightly billing run kept failing, and invoices"
     " went out two days late.", 1.0),
    ("I was asked to make the billing run reliable before the quarter closed.", 0.4),
    ("I rewrote the batch job in three stages so that each stage could be retried on its own, and I"
     " added alerts for the people on call.", 0.4),
    ("As a result, failed runs dropped from nine a month to zero, and invoices went out two days"
     " sooner.", 0.0),
]
SAMPLE_RATE = 16_000


def peak_mb() -> float:
    """This process's peak resident memory in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def words(text: str) -> list[str]:
    """Lower-case words with digits spelled as the scripts say them."""
    text = text.lower().replace("%", " percent")
    for digits, spelled in (("30", "thirty"), ("9", "nine"), ("3", "three"), ("0", "zero")):
        text = re.sub(rf"\b{digits}\b", spelled, text)
    return re.findall(r"[a-z']+", text)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate (edit distance over reference words)."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        previous, row[0] = row[:], i
        for j in range(1, len(hyp) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ref[i - 1] != hyp[j - 1]))
    return row[len(hyp)] / max(1, len(ref))


def espeak(text: str) -> np.ndarray:
    """espeak-ng's speech at 150 words a minute, as 16 kHz float32 samples."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(["espeak-ng", "-s", "150", "-w", tmp.name, text], check=True, capture_output=True)
        return read_wav(Path(tmp.name))


def read_wav(path: Path) -> np.ndarray:
    """A 16-bit mono wav as 16 kHz float32 (linear resampling is enough for these tests)."""
    with wave.open(str(path)) as w:
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
    if rate != SAMPLE_RATE:
        positions = np.arange(0, data.size, rate / SAMPLE_RATE)
        data = np.interp(positions, np.arange(data.size), data).astype(np.float32)
    return data


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """float samples to a 16-bit mono wav."""
    from interviewer.voice import wav_bytes

    path.write_bytes(wav_bytes(samples, rate))
    return path


def noise(seconds: float, dbfs: float, seed: int) -> np.ndarray:
    """White noise at an RMS level of `dbfs`."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(seconds * SAMPLE_RATE)) * 10 ** (dbfs / 20)).astype(np.float32)


def hum(seconds: float, dbfs: float) -> np.ndarray:
    """Mains hum: 50 Hz with its odd harmonics, at an RMS level of `dbfs`."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    wave_ = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 3, 5))
    wave_ = wave_ / np.sqrt(np.mean(wave_ ** 2))
    return (wave_ * 10 ** (dbfs / 20)).astype(np.float32)


def clicks(seconds: float, seed: int) -> np.ndarray:
    """Silence with a few short loud bursts (a keyboard, a cup set down): sound that is not speech."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)
    for start in rng.uniform(0.5, seconds - 0.5, 8):
        at = int(start * SAMPLE_RATE)
        burst = rng.standard_normal(int(0.04 * SAMPLE_RATE)) * 0.3 * np.exp(-np.arange(640) / 120)
        out[at:at + burst.size] += burst.astype(np.float32)
    return out


def recordings(folder: Path) -> dict[str, tuple[Path, str]]:
    """The test set: name -> (wav, the words actually spoken)."""
    parts = []
    for text, gap in ANSWER:
        parts.append(espeak(text))
        parts.append(np.zeros(int(gap * SAMPLE_RATE), dtype=np.float32))
    clean = np.concatenate(parts)
    script = " ".join(text for text, _ in ANSWER)
    seconds = clean.size / SAMPLE_RATE
    speech_dbfs = 20 * float(np.log10(np.sqrt(np.mean(clean[np.abs(clean) > 1e-3] ** 2))))
    sets = {
        "clean": clean,
        "trailing_silence_20s": np.concatenate([clean, np.zeros(20 * SAMPLE_RATE, dtype=np.float32)]),
        "trailing_room_noise_20s": np.concatenate([clean, noise(20, -50, 1)]) + noise(seconds + 20, -60, 2),
        "background_hiss_20db_snr": clean + noise(seconds, speech_dbfs - 20, 3),
        "trailing_clicks_20s": np.concatenate([clean, clicks(20, 4)]),
        "hum_and_trailing_silence": np.concatenate([clean, np.zeros(15 * SAMPLE_RATE, np.float32)])
        + hum(seconds + 15, -45),
    }
    return {name: (write_wav(folder / f"{name}.wav", np.clip(audio, -1, 1)), script)
            for name, audio in sets.items()}


def inserted(script: str, text: str) -> list[str]:
    """Transcript words aligned to no script word (added, not misheard): words outside the script."""
    ref, hyp = words(script), words(text)
    rows = [[0] * (len(hyp) + 1) for _ in range(len(ref) + 1)]
    for i in range(len(ref) + 1):
        for j in range(len(hyp) + 1):
            if i == 0 or j == 0:
                rows[i][j] = i + j
            else:
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


# --- parts ---------------------------------------------------------------------------------

def part_synthesis(repeats: int) -> dict[str, Any]:
    from interviewer.config import load_settings
    from interviewer.voice import Voice, sentences, wav_bytes

    result: dict[str, Any] = {"memory_before_load_mb": peak_mb()}
    for threads in (1, 2):
        voice = Voice.from_settings(load_settings(voice_threads=threads))
        began = time.perf_counter()
        voice.load()
        load = time.perf_counter() - began
        list(voice.stream("Warm up."))
        rtfs, first_audio, turn_rtf = [], [], []
        for _ in range(repeats):
            began = time.perf_counter()
            compute = audio = 0.0
            for i, chunk in enumerate(voice.stream(TURN)):
                if i == 0:
                    wav_bytes(chunk.samples, chunk.sample_rate)
                    first_audio.append(time.perf_counter() - began)
                rtfs.append(chunk.compute_seconds / chunk.seconds)
                compute += chunk.compute_seconds
                audio += chunk.seconds
            turn_rtf.append(compute / audio)
        result[f"threads_{threads}"] = {
            "load_seconds": round(load, 2), "turn_audio_seconds": round(audio, 2),
            "turn_sentences": len(sentences(TURN)),
            "rtf_turn_median": round(float(np.median(turn_rtf)), 3),
            "rtf_sentence_max": round(max(rtfs), 3),
            "first_audio_seconds_median": round(float(np.median(first_audio)), 3),
            "first_audio_seconds_max": round(max(first_audio), 3),
            "peak_memory_mb": peak_mb(),  # the second row holds both voices (1 and 2 threads)
        }
    return result


def part_transcription() -> dict[str, Any]:
    from interviewer import speech
    from interviewer.config import load_settings
    from interviewer.voice import Voice, speak

    speech.load_model(2)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (path, script) in recordings(folder).items():
            spoken_until = len(espeak(" ".join(t for t, _ in ANSWER))) / SAMPLE_RATE  # upper bound
            for guarded in (True, False):
                t = speech.transcribe(path, cpu_threads=2, safeguards=guarded)
                out[f"{name}/{'safeguards' if guarded else 'no_safeguards'}"] = {
                    "wer": round(wer(script, t.text), 3),
                    "inserted_words": inserted(script, t.text),
                    "words_after_speech": sum(w.start > spoken_until + 3 for w in t.words),
                    "rtf": round(t.compute_seconds / t.duration_seconds, 3),
                    "notes": t.notes,
                }
        voice = Voice.from_settings(load_settings())
        path = folder / "turn.wav"
        speak(voice, TURN, path)
        t = speech.transcribe(path, cpu_threads=2)
        out["piper_round_trip"] = {"wer": round(wer(TURN, t.text), 3), "text": t.text}
    out["peak_memory_mb"] = peak_mb()
    return out


def run_part(name: str, repeats: int) -> dict[str, Any]:
    """One part in a fresh interpreter, so its peak memory is its own."""
    proc = subprocess.run([sys.executable, __file__, "--part", name, "--repeats", str(repeats)],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--part", choices=["synthesis", "transcription"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.part == "synthesis":
        print(json.dumps(part_synthesis(args.repeats)))
        return 0
    if args.part == "transcription":
        print(json.dumps(part_transcription()))
        return 0
    import os

    result = {"cpus": os.cpu_count(), "synthesis": run_part("synthesis", args.repeats),
              "transcription": run_part("transcription", args.repeats)}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
