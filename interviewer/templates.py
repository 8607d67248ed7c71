"""Prompt templates: plain files under `prompts/templates/`, rendered without evaluating values."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from interviewer.errors import TemplateError

_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fields(template: str) -> set[str]:
    """Names of the `{placeholders}` in a template."""
    return set(_FIELD.findall(template))


def render(template: str, name: str = "template", /, **values: str) -> str:
    """Fill `{placeholders}` with values in one pass: values are never read as template source."""
    missing = sorted(fields(template) - values.keys())
    if missing:
        raise TemplateError(f"{name} needs {', '.join(missing)}, which the caller did not supply.")
    return _FIELD.sub(lambda m: values[m.group(1)], template)


@cache
def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(
            f"Cannot read prompt template {path}: {exc}. Set INTERVIEWER_PROMPTS_DIR to the"
            " project's prompts/ folder."
        ) from exc


def load(prompts_dir: Path, name: str) -> str:
    """The text of `prompts/templates/<name>.txt`, cached."""
    return _read(prompts_dir / "templates" / f"{name}.txt")


def version(prompts_dir: Path, *names: str) -> str:
    """A short content hash of the named templates, recorded in every trace."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(load(prompts_dir, name).encode())
    return digest.hexdigest()[:8]
