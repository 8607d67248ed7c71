from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.errors import PersonaFileError, UnknownNameError
from interviewer.personas import PROBE_KEYS, PersonaLibrary, load_persona
from tests.conftest import PERSONA_IDS


def test_all_four_personas_load_in_second_round_order(personas: PersonaLibrary) -> None:
    assert personas.ids() == PERSONA_IDS
    for persona in personas.all():
        kinds = {q.kind for q in persona.questions}
        assert kinds == {"behavioral", "situational", "persona"}, persona.id
        assert set(persona.probes) == set(PROBE_KEYS)
        assert any(q.resume_hook and "{highlight}" in q.resume_hook for q in persona.questions)


def test_each_persona_covers_its_focus(personas: PersonaLibrary) -> None:
    focus = {
        "hiring_manager": "technical_depth",
        "peer": "conflict_resolution",
        "executive_panel": "strategic_thinking",
        "practical": "applied_skill",
    }
    for pid, competency in focus.items():
        assert competency in personas.get(pid).competencies


def test_unknown_persona_lists_the_valid_ones(personas: PersonaLibrary) -> None:
    with pytest.raises(UnknownNameError) as info:
        personas.get("recruiter")
    message = str(info.value)
    for pid in PERSONA_IDS:
        assert pid in message


def _write(tmp_path: Path, text: str, name: str = "hiring_manager") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_keys_are_rejected(personas: PersonaLibrary, tmp_path: Path) -> None:
    source = (personas.folder / "hiring_manager.toml").read_text(encoding="utf-8")
    path = _write(tmp_path, 'mood = "grumpy"\n' + source)
    with pytest.raises(PersonaFileError, match="mood"):
        load_persona(path)


def test_a_missing_probe_is_named(personas: PersonaLibrary, tmp_path: Path) -> None:
    source = (personas.folder / "hiring_manager.toml").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith("we_only =")]
    with pytest.raises(PersonaFileError, match="we_only"):
        load_persona(_write(tmp_path, "\n".join(lines)))


def test_question_must_score_a_declared_competency(personas: PersonaLibrary, tmp_path: Path) -> None:
    source = (personas.folder / "hiring_manager.toml").read_text(encoding="utf-8")
    broken = source.replace('competency = "ownership"', 'competency = "juggling"', 1)
    with pytest.raises(PersonaFileError, match="juggling"):
        load_persona(_write(tmp_path, broken))


def test_file_name_must_match_id(personas: PersonaLibrary, tmp_path: Path) -> None:
    source = (personas.folder / "hiring_manager.toml").read_text(encoding="utf-8")
    with pytest.raises(PersonaFileError, match="must match"):
        load_persona(_write(tmp_path, source, name="boss"))


def test_empty_folder_says_which_setting_to_fix(tmp_path: Path) -> None:
    with pytest.raises(PersonaFileError, match="INTERVIEWER_PROMPTS_DIR"):
        PersonaLibrary(tmp_path).ids()


def test_every_interviewer_line_asks_one_question_and_fits_a_spoken_turn(
    personas: PersonaLibrary,
) -> None:
    """Drafts must meet the same bar as model wording: one question, under 60 words a turn."""
    for persona in personas.all():
        asks = [q.text for q in persona.questions] + [
            q.resume_hook.replace("{highlight}", "“cut event latency from 9 minutes to 40 seconds”")
            for q in persona.questions if q.resume_hook] + list(persona.probes.values())
        for line in [*asks, persona.invite_questions]:
            assert line.count("?") == 1, (persona.id, line)
        longest = max(len(line.split()) for line in asks)
        for lead in (persona.opening, persona.handover, *persona.transitions):
            assert "?" not in lead, (persona.id, lead)
            assert len(lead.split()) + longest < 60, (persona.id, lead)
