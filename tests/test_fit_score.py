"""The fit of the score's points (evals/fit_score.py): signs held, weights rounded as reasons show them."""

from __future__ import annotations

import numpy as np

from evals.fit_score import STEP, fit, scored
from interviewer.star import BASE_POINTS, POINTS, analyze
from tests.conftest import STRONG_ANSWER


def test_credit_is_never_negative_and_a_mark_down_never_positive() -> None:
    rng = np.random.default_rng(3)
    names = list(POINTS)
    x = rng.integers(0, 2, size=(400, len(names))).astype(float)
    # Grades that reward a result and (perversely) the hedges: the fit must not give hedges credit.
    grades = 2 + x[:, names.index("result")] + 0.5 * x[:, names.index("hedges")] + rng.normal(0, 0.1, 400)
    weights, base = fit(x, grades, names)
    assert weights["result"] > 0.5 and weights["hedges"] == 0.0
    assert all(abs(w / STEP - round(w / STEP)) < 1e-9 for w in [*weights.values(), base])


def test_scoring_with_other_points_keeps_the_flags_caps() -> None:
    strong = analyze("Tell me about a time you improved a process.", STRONG_ANSWER)
    stuffing = analyze("Tell me about a time you fixed a problem.",
                       "Situation: there was a problem. Task: I had to fix it. Action: I took action."
                       " Result: it improved by 30 percent.")
    assert scored([strong], POINTS, BASE_POINTS) == [float(strong.score)]
    generous = {name: 1.0 for name in POINTS}
    assert scored([strong, stuffing], generous, 5.0) == [5.0, 2.0]
