"""The web interface (Gradio): `build` the Blocks, `launch` the server."""

from interviewer.ui.app import build, launch

__all__ = ["build", "launch"]
