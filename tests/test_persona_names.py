from __future__ import annotations

from interviewer.config import PROJECT_ROOT
from interviewer.documents import candidate_name
from interviewer.llm.scripted import ScriptedBackend
from interviewer.personas import PersonaLibrary
from interviewer.session import InterviewSession


def test_a_persona_never_shares_the_candidates_name(personas: PersonaLibrary) -> None:
    panel = personas.get("executive_panel")
    name = candidate_name("Priya Raman\npriya@example.com\n- Led a team of 4 engineers")
    assert name == "Priya Raman"
    session = InterviewSession(personas=personas, backend=ScriptedBackend(),
                               prompts_dir=PROJECT_ROOT / "prompts", persona_id="executive_panel",
                               candidate_name=name)
    opening = "".join(session.start())
    assert "Priya" not in opening and panel.alternate_name in opening
    assert session.persona.display_name == panel.alternate_name
    # Anyone else meets the usual chair.
    other = personas.get("executive_panel").facing("Jordan Lee")
    assert other.display_name == panel.display_name


def test_names_are_read_only_from_a_resume_that_opens_with_one() -> None:
    assert candidate_name("# Ana María López\n\nExperience") == "Ana María López"
    assert candidate_name("Jordan Lee | jordan@example.com | London") == "Jordan Lee"
    assert candidate_name("RESUME\nJordan Lee") is None
    assert candidate_name("Senior engineer with 8 years of experience") is None
