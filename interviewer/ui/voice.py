"""Voice mode in the interview tab: the interviewer's turns spoken as they stream, the candidate's
recording sent when they stop, and the thinking time between the two.

The server synthesises each finished sentence of the turn shown in the chat (Piper, offline) into a
small WAV under the web cache and sends its URL; a script in the page plays them in order, notes
when the question's audio ends, and measures the gap until the candidate starts recording. Text
mode is the default and nothing here runs until the switch is on. Any failure (no voice package,
autoplay blocked, no microphone) is a message; the text stays and the interview goes on.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from interviewer import delivery
from interviewer.errors import InterviewerError
from interviewer.services import Services
from interviewer.session import InterviewSession
from interviewer.ui.views import Holder, stream_locked, view
from interviewer.voice import Voice, VoiceError, complete_sentences, raw_sentences, wav_bytes

STREAMING_MARK = "▌"
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_NAME = re.compile(r"^\*\*[^*]{1,80}:\*\*\s*")

# The page side: one <audio> element plays the queued sentences in order; autoplay refusal and a
# missing microphone become a visible note, never a silent failure.
PAGE_JS = """
() => {
  if (window.voiceMode) return;
  const V = window.voiceMode = {seen: new Set(), queue: [], lastTurn: [], playing: false,
    done: false, questionEnd: null, recStart: null, started: 0, blocked: false};
  const player = document.createElement('audio');
  player.id = 'voice-player';
  player.preload = 'auto';
  document.body.appendChild(player);
  V.player = player;
  V.note = (text) => {
    const box = document.querySelector('#voice-note');
    if (box) { box.textContent = text; box.style.display = text ? 'block' : 'none'; }
  };
  V.next = () => {
    if (V.playing) return;
    const item = V.queue.shift();
    if (!item) {
      if (V.done) {
        V.done = false;
        V.questionEnd = performance.now();
        V.recStart = null;
        const ready = '🎙 Your turn: press Record, answer, then Stop; it is sent when you stop.';
        if (!V.blocked && !V.keepNote) V.note(ready);
      }
      return;
    }
    V.playing = true;
    player.src = item.url;
    player.play().then(() => { V.started += 1; V.blocked = false; }).catch((err) => {
      V.playing = false;
      V.blocked = true;
      V.queue.unshift(item);
      V.note('The browser blocked the interviewer\\'s voice (' + err.name + '). Press "Replay question"'
        + ' or allow autoplay for this site; the question is on screen and the interview goes on.');
    });
  };
  player.addEventListener('ended', () => { V.playing = false; V.next(); });
  player.addEventListener('error', () => { V.playing = false; V.next(); });
  V.receive = (text) => {
    if (!text) return;
    const data = JSON.parse(text);
    V.keepNote = Boolean(data.note);  // a problem stays in view rather than "Your turn"
    if (data.note) V.note(data.note);
    for (const item of data.items) {
      const key = item.key + ':' + item.n;
      if (V.seen.has(key)) continue;
      V.seen.add(key);
      if (!V.lastTurn.length || V.lastTurn[0].key !== item.key) V.lastTurn = [];
      V.lastTurn.push(item);
      V.queue.push(item);
    }
    if (data.done) V.done = true;
    if (!V.blocked) V.next();
  };
  V.replay = () => {
    player.pause();
    V.playing = false;
    V.blocked = false;
    V.queue = V.lastTurn.slice();
    V.done = true;
    V.note('');
    V.next();
  };
  V.gap = () => {
    const end = V.questionEnd;
    const start = V.recStart === null ? performance.now() : V.recStart;
    V.questionEnd = null;
    V.recStart = null;
    return end === null || start < end ? -1 : (start - end) / 1000;
  };
}
"""
ON_SWITCH_JS = """
(on) => {
  const V = window.voiceMode;
  if (!on) { if (V) { V.player.pause(); V.queue = []; V.note(''); } return on; }
  const none = 'No microphone is available (%s): upload a recording or type your answer; the'
    + ' interview goes on.';
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    if (V) V.note(none.replace('%s', 'this page cannot use one'));
  } else {
    navigator.mediaDevices.getUserMedia({audio: true})
      .then((s) => s.getTracks().forEach((t) => t.stop()))
      .catch((err) => { if (V) V.note(none.replace('%s', err.name)); });
  }
  return on;
}
"""


@dataclass
class Progress:
    """Per-browser-tab record of which sentences of which chat message have been spoken."""

    transcript: str = ""
    spoken: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Controls:
    """The voice-mode components, built in the layout and wired after the other events."""

    switch: gr.Checkbox
    replay: gr.Button
    note: gr.Markdown
    queue: gr.Textbox
    gap: gr.Number


def controls() -> Controls:
    """The switch, the replay button, the notice line and two hidden carriers (call in the layout)."""
    with gr.Row():
        switch = gr.Checkbox(False, label="Voice mode: hear each question and answer out loud",
                             elem_id="voice-mode", scale=3)
        replay = gr.Button("Replay question", elem_id="voice-replay", scale=1, size="sm")
    note = gr.Markdown("", elem_id="voice-note")
    queue = gr.Textbox("", visible="hidden", elem_id="voice-queue")
    gap = gr.Number(-1, visible="hidden", elem_id="voice-gap")
    return Controls(switch, replay, note, queue, gap)


def unescape(content: Any) -> tuple[str, bool]:
    """A chat message's text as written (without the speaker's name and Markdown escapes), and
    whether it is still streaming."""
    if isinstance(content, list):
        content = " ".join(str(part.get("text", "") if isinstance(part, dict) else part)
                           for part in content)
    text = str(content or "")
    streaming = text.endswith(STREAMING_MARK)
    text = text.removesuffix(STREAMING_MARK)
    text = _NAME.sub("", text).replace("  \n", "\n")
    return html.unescape(_ESCAPED.sub(r"\1", text)), streaming


def trailing_turns(chat: list[dict[str, Any]] | None) -> list[tuple[int, str, bool]]:
    """The interviewer's messages after the candidate's last one: (index, text, still streaming)."""
    chat = chat or []
    last_user = max((i for i, m in enumerate(chat) if m.get("role") == "user"), default=-1)
    out = []
    for index in range(last_user + 1, len(chat)):
        if chat[index].get("role") == "assistant":
            text, streaming = unescape(chat[index].get("content"))
            out.append((index, text, streaming))
    return out


def to_say(text: str, streaming: bool, already: int) -> list[str]:
    """Sentences of a message not yet spoken: only finished ones while it streams."""
    return (complete_sentences(text) if streaming else raw_sentences(text))[already:]


def wire(box: Controls, services: Services, holder_state: gr.State, chat: gr.Chatbot,
         recording: gr.Audio, outputs: list[Any], load_event: Any) -> None:
    """Wire voice mode: speak the chat's new interviewer sentences, send a recording when it stops."""
    try:
        voice: Voice | None = Voice.from_settings(services.settings)
        unusable = ""
    except InterviewerError as exc:  # a bad INTERVIEWER_VOICE must not stop the app: text goes on
        voice, unusable = None, f"⚠️ {exc} The question is on screen; the interview goes on in text."
    folder = (services.web_cache() / "voice").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    gr.set_static_paths([folder])
    progress_state = gr.State(Progress())

    def url(path: Path) -> str:
        return f"/gradio_api/file={path}"

    def speak(on: bool, messages: list[dict[str, Any]] | None, holder: Holder,
              progress: Progress) -> Iterator[Any]:
        session = holder.session
        if not on or session is None:
            yield gr.skip()
            return
        first = str((messages or [{}])[0].get("content", ""))[:200] if messages else ""
        if first != progress.transcript:  # another interview (started, reopened): start afresh
            progress.transcript, progress.spoken = first, {}
        if voice is None:
            yield json.dumps({"items": [], "done": True, "note": unusable})
            return
        items: list[dict[str, Any]] = []
        turns = trailing_turns(messages)
        style = session.persona.speaking
        target = folder / session.session_id
        for index, text, streaming in turns:
            key = f"{uuid.uuid5(uuid.NAMESPACE_URL, session.session_id + first).hex[:8]}-{index}"
            for sentence in to_say(text, streaming, progress.spoken.get(index, 0)):
                try:
                    chunks = list(voice.stream(sentence, style))
                    target.mkdir(parents=True, exist_ok=True)
                except (VoiceError, OSError) as exc:
                    yield json.dumps({"items": items, "done": True,
                                      "note": f"⚠️ {exc} The question is on screen; the interview goes"
                                              " on in text."})
                    return
                number = progress.spoken[index] = progress.spoken.get(index, 0) + 1
                for part, chunk in enumerate(chunks):
                    path = target / f"{uuid.uuid4().hex}.wav"
                    pause = int(style.sentence_pause * chunk.sample_rate)
                    samples = chunk.samples if not pause else _pad(chunk.samples, pause)
                    path.write_bytes(wav_bytes(samples, chunk.sample_rate))
                    items.append({"key": key, "n": f"{number}.{part}",
                                  "url": url(path), "text": chunk.text})
                yield json.dumps({"items": items, "done": False})
        done = bool(turns) and not any(streaming for _, _, streaming in turns)
        yield json.dumps({"items": items, "done": done}) if items or done else gr.skip()

    def warm(on: bool) -> None:
        # Load the voice while the candidate reads, so the first sentence comes quickly.
        if on and voice is not None:
            threading.Thread(target=_try_load, args=(voice,), daemon=True).start()

    def send(holder: Holder, path: str | None, gap: float | None, on: bool) -> Iterator[tuple[Any, ...]]:
        """The recording as the answer, sent when it stops; the box is cleared once it is used."""
        if not on or not path:
            yield tuple(gr.skip() for _ in range(len(outputs) + 1))
            return
        for update, clear in answer_from_recording(services, holder.session, path, gap):
            yield (*update, None if clear else gr.skip())

    load_event(None, js=PAGE_JS)
    chat.change(speak, [box.switch, chat, holder_state, progress_state], [box.queue],
                concurrency_limit=2, show_progress="hidden")
    box.switch.change(None, [box.switch], None, js=ON_SWITCH_JS).then(
        warm, [box.switch], None).then(
        speak, [box.switch, chat, holder_state, progress_state], [box.queue], show_progress="hidden")
    box.queue.change(None, [box.queue], None, js="(v) => { window.voiceMode.receive(v); }")
    box.replay.click(None, None, None, js="() => { window.voiceMode.replay(); }")
    mark_start = "() => { if (window.voiceMode) window.voiceMode.recStart = performance.now(); }"
    recording.start_recording(None, None, None, js=mark_start)
    recording.change(None, None, [box.gap], js="() => window.voiceMode ? window.voiceMode.gap() : -1",
                     show_progress="hidden").then(
        send, [holder_state, recording, box.gap, box.switch], [*outputs, recording])


def answer_from_recording(services: Services, session: InterviewSession | None, path: str | None,
                          gap: float | None = None) -> Iterator[tuple[tuple[Any, ...], bool]]:
    """A recording as the candidate's answer: transcribed, thinking time added (`gap`, see
    `with_thinking_time`), critiqued, then the interviewer's turn streamed. Yields the interview
    tab's outputs (as `view`) and whether the recording box may now be cleared: after the answer is
    stored, or when the recording could not be used; never while it is still being transcribed.

    Shared by voice mode (sent when the recording stops) and the "Send recording" button."""
    if session is None:
        yield view(None, services, "⚠️ Press **Start interview** first."), False
        return
    if not path:
        yield view(session, services, "⚠️ Record or upload an answer first."), False
        return
    yield view(session, services, "Transcribing your answer…"), False
    try:
        audio, text = services.spoken_answer(session, Path(path))
    except InterviewerError as exc:
        yield view(session, services, f"⚠️ {exc} The interview goes on: record again or type your"
                   " answer."), True
        return
    audio = with_thinking_time(audio, gap)
    with session.lock:
        try:
            session.submit(text, audio=audio)
        except InterviewerError as exc:
            yield view(session, services, f"⚠️ {exc}"), False
            return
        yield view(session, services, "", partial=""), True  # stored: ready for the next answer
        for update in stream_locked(session, session.respond(), services):
            yield update, False


def with_thinking_time(audio: dict[str, Any], gap: float | None) -> dict[str, Any]:
    """The stored audio record with thinking time measured: `gap` seconds from the end of the
    question's audio to the start of the recording (negative or None: unknown)."""
    if gap is None or gap < 0:
        return audio
    measured = delivery.Delivery.from_dict(audio["delivery"])
    return {**audio, "delivery": delivery.with_thinking_time(measured, float(gap)).to_dict(),
            "before_recording_seconds": round(float(gap), 2)}


def _pad(samples: Any, count: int) -> Any:
    import numpy as np

    return np.concatenate([samples, np.zeros(count, dtype=samples.dtype)])


def _try_load(voice: Voice) -> None:
    # A failure here is reported by the first sentence, where the candidate sees it.
    with contextlib.suppress(InterviewerError):
        voice.load()
