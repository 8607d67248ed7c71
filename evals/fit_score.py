"""Fit the points of the 1-5 score (`interviewer.star.model.POINTS`, `BASE_POINTS`) to the development grades.

Usage::

    .venv/bin/python evals/fit_score.py [--exclude 17 18] [--json]

The score is `BASE_POINTS` plus each finding of `analysis.grade_features` (a STAR part with content, the
steps told, a measured result, brevity, generic wording...) weighed by `POINTS`, rounded and capped by the
flags. This script fits those weights by ridge regression of the writers' grades on the findings, over the
development answers of every writing round except the excluded ones (by default 17 and 18, this session's
measure on writers the score never saw). It leaves out the answers whose grade a flag decides (gold off-topic,
hypothetical, label stuffing, another language), the answers under eight words and the questions about the
candidate, which are graded apart. Signs are constrained: credit (parts, steps, a measured result) is never
negative and a mark-down is never positive. Weights are rounded to 0.05, as the reasons show them.

It prints the weights to copy into `model.py`, and the rank correlation (Spearman) of the rounded, capped
score with the grades on each round left out of the fit in turn, next to the shipped weights'. The analyses
are the rules' alone (no embedding model), so the fit is reproducible anywhere; the frozen test split is never
read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evals.evaluate_star import ROUNDS, load_round, spearman  # noqa: E402
from interviewer.star import BASE_POINTS, POINTS, Analysis, analyze  # noqa: E402

CREDIT = ("situation", "task", "action", "result", "hollow_part", "steps", "quantified", "plan", "lesson")
"""Findings whose points are never negative; every other finding's are never positive."""
DECIDED_BY_A_FLAG = frozenset({"off_topic", "hypothetical", "label_stuffing", "not_english"})
ALPHA = 1.0
STEP = 0.05


def fit(x: np.ndarray, grades: np.ndarray, names: Sequence[str]) -> tuple[dict[str, float], float]:
    """Sign-constrained ridge regression; weights and intercept rounded to `STEP`."""
    from sklearn.linear_model import Ridge

    sign = np.array([1.0 if n in CREDIT else -1.0 for n in names])
    model = Ridge(alpha=ALPHA, positive=True).fit(x * sign, grades)
    weights = {n: float(np.round(w * s / STEP) * STEP)
               for n, w, s in zip(names, model.coef_, sign, strict=True)}
    return weights, float(np.round(model.intercept_ / STEP) * STEP)


def scored(analyses: Sequence[Analysis], weights: dict[str, float], base: float) -> list[float]:
    """The score each analysis would get with these points (the flags' caps kept, other paths unchanged)."""
    out = []
    for a in analyses:
        if not a.grade_features:
            out.append(float(a.score))
            continue
        points = base + sum(weights[n] * v for n, v in a.grade_features)
        cap = 2 if any("(capped at 2)" in r for r in a.reasons) else 5
        out.append(float(max(1, min(cap, round(points + 1e-9)))))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--exclude", nargs="*", default=["17", "18"], help="rounds left out of the fit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    examples = {name: load_round(name) for name in ROUNDS}
    analyses = {name: [analyze(e.question, e.answer, similarity=None) for e in rows]
                for name, rows in examples.items()}
    names = list(POINTS)

    def rows_of(rounds: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        x, y = [], []
        for name in rounds:
            for e, a in zip(examples[name], analyses[name], strict=True):
                if a.grade_features and not (e.flags & DECIDED_BY_A_FLAG) and e.answers_question:
                    values = dict(a.grade_features)
                    x.append([values[n] for n in names])
                    y.append(e.grade)
        return np.array(x), np.array(y, dtype=float)

    fitted = [n for n in ROUNDS if n not in args.exclude]
    weights, base = fit(*rows_of(fitted), names)
    held_out = {}
    for name in ROUNDS:
        w, b = fit(*rows_of([n for n in fitted if n != name]), names)
        grades = [float(e.grade) for e in examples[name]]
        held_out[name] = {"fitted": spearman(scored(analyses[name], w, b), grades),
                          "shipped": spearman(scored(analyses[name], POINTS, BASE_POINTS), grades)}
    result = {"excluded": args.exclude, "base": base, "points": weights, "held_out": held_out}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"fitted on rounds {', '.join(fitted)}")
    print("BASE_POINTS =", base)
    print("POINTS =", {n: round(w, 2) for n, w in weights.items()})
    print("\nSpearman of the score with the grades, each round left out of the fit (rules alone):")
    for name, figures in held_out.items():
        print(f"  {name:6s} fitted {figures['fitted']:.3f}  shipped {figures['shipped']:.3f}")
    mean = {k: float(np.mean([held_out[n][k] for n in fitted])) for k in ("fitted", "shipped")}
    print(f"  mean over the fitted rounds: fitted {mean['fitted']:.3f}  shipped {mean['shipped']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
