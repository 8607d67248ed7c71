"""Building the app's long-lived pieces from settings, once: shared by the UI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from interviewer import llm, offline
from interviewer.config import Settings
from interviewer.llm.base import Backend
from interviewer.personas import PersonaLibrary
from interviewer.session import ContextSource, InterviewSession, NoContext


@dataclass
class Services:
    """Settings plus the objects built from them. Nothing here does I/O until first use."""

    settings: Settings

    def __post_init__(self) -> None:
        offline.prepare(self.settings.data_dir)

    @cached_property
    def personas(self) -> PersonaLibrary:
        """Persona files under the prompts folder."""
        return PersonaLibrary(self.settings.prompts_dir / "personas")

    def backend(self, name: str | None = None) -> Backend:
        """The named backend, or the one `auto` picks from the settings."""
        return llm.create(self.settings, name)

    def new_session(
        self,
        persona_id: str,
        backend: Backend,
        context: ContextSource | None = None,
    ) -> InterviewSession:
        """A fresh interview with the settings' limits."""
        s = self.settings
        return InterviewSession(
            personas=self.personas,
            backend=backend,
            prompts_dir=s.prompts_dir,
            persona_id=persona_id,
            questions_per_persona=s.questions_per_persona,
            max_probes_per_question=s.max_probes_per_question,
            max_answer_chars=s.max_answer_chars,
            context_tokens=s.context_tokens,
            max_tokens=s.max_tokens,
            temperature=s.temperature,
            context=context or NoContext(),
        )
