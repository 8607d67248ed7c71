"""The scripted backend: no language model; it speaks the draft our code decided on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from interviewer.llm.base import Prompt


class ScriptedBackend:
    """Deterministic interviewer wording from the persona's question bank and templates."""

    name = "scripted"
    model = "templates"
    uses_model = False
    free_wording = False

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """Yield the draft word by word, so the UI streams exactly as it does for a model."""
        yield from re.findall(r"\S+\s*", prompt.draft)
