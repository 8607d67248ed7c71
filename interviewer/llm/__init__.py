"""Model backends behind one interface, looked up by name."""

from interviewer.llm.base import Backend, ChatMessage, Prompt
from interviewer.llm.registry import (
    BackendSpec,
    create,
    explain_auto,
    names,
    register,
    resolve_name,
)

__all__ = ["Backend", "BackendSpec", "ChatMessage", "Prompt", "create", "explain_auto", "names",
           "register", "resolve_name"]
