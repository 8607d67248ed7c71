"""Interviewer personas: TOML files under `prompts/personas/`, parsed into a strict model."""

from __future__ import annotations

import tomllib
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from interviewer.errors import PersonaFileError, UnknownNameError

QuestionKind = Literal["behavioral", "situational", "persona"]

# Gaps the STAR analyzer can report; each persona words a probe for every one of them.
PROBE_KEYS = (
    "missing_situation",
    "missing_task",
    "missing_action",
    "missing_result",
    "unquantified_result",
    "we_only",
    "too_short",
    "too_long",
    "off_topic",
    "hypothetical",
    "not_english",
    "ownership_unclear",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Strict):
    """One planned question in a persona's bank."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: QuestionKind
    competency: str
    text: str = Field(min_length=10)
    resume_hook: str | None = None
    """Variant that cites the candidate's documents; `{highlight}` is a second-person clause
    ("you led a team of four engineers…") made from a resume line."""
    clarify: str | None = None
    """What the question is after and its scope, ending with the question rephrased."""
    hint: str | None = None
    """A narrower version for a candidate who cannot think of an example."""


class CandidateAnswer(_Strict):
    """How the interviewer answers a candidate question on a topic, matched by keywords."""

    topic: str
    keywords: list[str] = Field(min_length=1)
    answer: str = Field(min_length=10)


class Lines(_Strict):
    """How a persona reacts to each kind of candidate turn; `{detail}` is a second-person clause
    taken from the candidate's own words."""

    strong_acks: list[str] = Field(min_length=1)
    neutral_acks: list[str] = Field(min_length=1)
    focus_acks: list[str] = Field(min_length=1)
    """Said after a neutral acknowledgement, around what the candidate's answer was about
    (`{focus}`, named by a small model in the candidate's own words and checked by code)."""
    probe_leads: list[str] = Field(min_length=1)
    off_topic_lead: str = ""
    """Said before the off-topic probe when the analyzer found what the question asks about missing from the
    story (`{missing}`: "your manager", "a mistake of yours"); empty: the probe alone."""
    nudges: list[str] = Field(min_length=2)
    dont_know: str
    repeat: str
    skip: str
    stay_in_role: str
    back_to_question: str
    move_on: str
    stop: str

    @model_validator(mode="after")
    def _check_placeholders(self) -> Lines:
        for key, slot in (("strong_acks", "{detail}"), ("probe_leads", "{detail}"),
                          ("focus_acks", "{focus}")):
            for line in getattr(self, key):
                if slot not in line:
                    raise ValueError(f"every line of {key} must contain {slot}: {line!r}")
        if self.off_topic_lead and "{missing}" not in self.off_topic_lead:
            raise ValueError(f"off_topic_lead must contain {{missing}}: {self.off_topic_lead!r}")
        return self


class Speaking(_Strict):
    """How a persona sounds in voice mode (the `[speaking]` table; every key optional).

    Not called `[voice]`: `voice` is already the persona's manner of speech in words, used in prompts.
    """

    rate: float = Field(default=1.0, ge=0.5, le=2.0)
    """Speaking rate against the voice's own (1.0); 0.9 is 10% slower."""
    expressiveness: float | None = Field(default=None, ge=0.0, le=1.5)
    """Piper's noise_scale: variation in intonation (None: the voice's own, 0.667 for joe)."""
    rhythm: float | None = Field(default=None, ge=0.0, le=1.5)
    """Piper's noise_w: variation in phoneme length (None: the voice's own, 0.8 for joe)."""
    sentence_pause: float = Field(default=0.3, ge=0.0, le=2.0)
    """Seconds of silence between sentences."""
    volume: float = Field(default=1.0, gt=0.0, le=2.0)
    openai_voice: str = "alloy"
    """The hosted voice used when INTERVIEWER_VOICE=openai."""


class Persona(_Strict):
    """An interviewer: who they are, what they score, what they ask and how they speak."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: str
    display_name: str
    role: str
    voice: str
    goals: list[str] = Field(min_length=1)
    competencies: dict[str, str] = Field(min_length=1)
    opening: str
    handover: str
    questions: list[Question] = Field(min_length=4)
    probes: dict[str, str]
    transitions: list[str] = Field(min_length=1)
    invite_questions: str
    more_questions: str
    no_questions: str
    candidate_answers: list[CandidateAnswer] = Field(min_length=1)
    default_candidate_answer: str
    closing: str
    alternate_name: str
    """The interviewer's name when the candidate shares a part of display_name."""
    brief: str
    """Facts this interviewer can state about the team, role, company and process."""
    lines: Lines
    speaking: Speaking = Speaking()

    @model_validator(mode="after")
    def _check_references(self) -> Persona:
        missing = [key for key in PROBE_KEYS if key not in self.probes]
        unknown = [key for key in self.probes if key not in PROBE_KEYS]
        if missing or unknown:
            raise ValueError(
                f"probes must have exactly the keys {', '.join(PROBE_KEYS)}"
                f" (missing: {missing or 'none'}; unknown: {unknown or 'none'})"
            )
        for question in self.questions:
            if question.competency not in self.competencies:
                raise ValueError(
                    f"question {question.id!r} scores {question.competency!r}, which is not in"
                    f" competencies ({', '.join(self.competencies)})"
                )
        ids = [q.id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"question ids must be unique; repeated: {duplicates}")
        return self

    def facing(self, candidate_name: str | None) -> Persona:
        """This persona, under its alternate name when the candidate shares part of its name."""
        if not candidate_name:
            return self
        mine = {w.lower() for w in self.display_name.split()}
        if not mine & {w.lower().strip(".,") for w in candidate_name.split()}:
            return self
        old, new = self.display_name, self.alternate_name
        pairs = [(old, new), (old.split()[0], new.split()[0])]

        def swap(text: str) -> str:
            for before, after in pairs:
                text = text.replace(before, after)
            return text

        return self.model_copy(update={
            "display_name": new, "opening": swap(self.opening), "handover": swap(self.handover),
            "closing": swap(self.closing), "brief": swap(self.brief)})

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise UnknownNameError("question", question_id, [q.id for q in self.questions])


def load_persona(path: Path) -> Persona:
    """Parse one persona file; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PersonaFileError(f"{path}: cannot read persona file: {exc}") from exc
    try:
        persona = Persona.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise PersonaFileError(f"{path}: invalid persona ({problems})") from exc
    if persona.id != path.stem:
        raise PersonaFileError(f"{path}: id {persona.id!r} must match the file name {path.stem!r}")
    return persona


class PersonaLibrary:
    """All personas in a folder, loaded on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def _by_id(self) -> dict[str, Persona]:
        files = sorted(self.folder.glob("*.toml"))
        if not files:
            raise PersonaFileError(
                f"No persona files (*.toml) in {self.folder}. Set INTERVIEWER_PROMPTS_DIR to the"
                " project's prompts/ folder."
            )
        personas = [load_persona(path) for path in files]
        return {p.id: p for p in personas}

    def ids(self) -> list[str]:
        """Persona ids in the order of a second round: manager, peer, executive, practical."""
        order = ["hiring_manager", "peer", "executive_panel", "practical"]
        known = list(self._by_id)
        return [i for i in order if i in known] + sorted(i for i in known if i not in order)

    def get(self, persona_id: str) -> Persona:
        """The persona with this id, or an error listing the valid ids."""
        try:
            return self._by_id[persona_id]
        except KeyError:
            raise UnknownNameError("persona", persona_id, list(self._by_id)) from None

    def all(self) -> list[Persona]:
        """Every persona, in `ids()` order."""
        return [self._by_id[i] for i in self.ids()]


def questions_to_ask(prompts_dir: Path) -> dict[str, dict[str, list[str]]]:
    """Suggested questions per stakeholder (and logistics for the recruiter), from the data file."""
    path = prompts_dir / "questions_to_ask.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PersonaFileError(f"{path}: cannot read suggested questions: {exc}") from exc
    return {key: {kind: [str(q) for q in items] for kind, items in value.items()}
            for key, value in data.items()}
