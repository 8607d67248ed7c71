"""The Progress and Story bank tabs."""

from __future__ import annotations

from typing import Any

import gradio as gr

from interviewer import progress, stories
from interviewer.services import Services
from interviewer.ui.views import Holder


def progress_tab(services: Services, holder_state: gr.State, after_load: Any) -> None:
    """Scores by competency and STAR completeness across the user's sessions, and the story bank."""
    import pandas as pd

    with gr.Tab("Progress"):
        refresh = gr.Button("Refresh", elem_id="progress-refresh")
        summary_md = gr.Markdown("", elem_id="progress-summary")
        scores = gr.LinePlot(x="session_index", y="score", color="competency", y_lim=[1, 5],
                             title="Score by competency", x_title="session", y_title="score (1-5)",
                             elem_id="progress-scores")
        star = gr.LinePlot(x="session_index", y="share", color="component", y_lim=[0, 1],
                           title="STAR completeness", x_title="session",
                           y_title="share of answers", elem_id="progress-star")
    with gr.Tab("Story bank"):
        refresh_bank = gr.Button("Refresh", elem_id="bank-refresh")
        bank_md = gr.Markdown("", elem_id="bank")

    def stored(holder: Holder) -> list[Any]:
        rows = services.sessions.sessions(holder.owner) if holder.owner else []
        return [(r.id, r.name, r.created, services.sessions.load(r.id, holder.owner)[1])
                for r in rows]

    def on_progress(holder: Holder) -> tuple[Any, ...]:
        data = stored(holder)
        by_competency = pd.DataFrame(progress.competency_scores(data, services.personas))
        by_component = pd.DataFrame(progress.star_completeness(data))
        text = progress.summary_markdown(progress.summary(data, services.personas))
        return text, by_competency, by_component

    def on_bank(holder: Holder) -> str:
        bank = services.story_bank(holder.owner) if holder.owner else []
        return stories.bank_markdown(bank) if bank else (
            "_No stories yet: upload a resume, or give an answer that scores 4 or 5._")

    refresh.click(on_progress, [holder_state], [summary_md, scores, star])
    refresh_bank.click(on_bank, [holder_state], [bank_md])
    after_load.then(on_progress, [holder_state], [summary_md, scores, star]).then(
        on_bank, [holder_state], [bank_md])
