"""The exception family: every message says what went wrong and how to fix it."""

from __future__ import annotations


class InterviewerError(Exception):
    """Base class for errors the user can act on."""


class ConfigError(InterviewerError):
    """A setting is missing or has a value we cannot use."""


class UnknownNameError(InterviewerError):
    """A name (backend, persona) is not one we know; the message lists the valid ones."""

    def __init__(self, kind: str, name: str, valid: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.valid = sorted(valid)
        choices = ", ".join(self.valid) or "(none)"
        super().__init__(f"Unknown {kind} {name!r}. Valid {kind}s: {choices}.")


class PersonaFileError(InterviewerError):
    """A persona file under prompts/ does not parse or does not fit the schema."""


class TemplateError(InterviewerError):
    """A prompt template names a variable that was not supplied."""


class BackendError(InterviewerError):
    """The language model backend failed; the candidate's answer is kept and the turn can be retried."""


class BackendUnavailableError(BackendError):
    """The model server could not be reached, timed out, or answered with an error."""


class InvalidAnswerError(InterviewerError):
    """An answer cannot be used as given (for example it is empty)."""


class DocumentError(InterviewerError):
    """A document could not be read; the interview goes on without it."""


class SessionStateError(InterviewerError):
    """The requested action does not fit the interview's current state."""


class DiskFullError(InterviewerError):
    """The disk holding the app's data is full; nothing already saved is lost."""
