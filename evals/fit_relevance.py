"""Fit the weights of the relevance decision (`interviewer.star.question.RELEVANCE_WEIGHTS`).

Usage::

    .venv/bin/python evals/fit_relevance.py [--exclude 14 ...] [--json]

When the app measures the question-answer similarity (MiniLM with its relevance tuning), whether an answer
addresses its question is a logistic model over that cosine and the topic evidence the rules already gather
(`question.relevance_features`). This script fits it on the development answers of every writing round
except the excluded ones (by default rounds 39-41, which the relevance tuning of MiniLM never saw either:
`evals/tune_relevance_model.py`), leaving out the answers the analyzer decides before the model is asked
(under eight words, or a story that lacks what the question asks about). Off-topic answers are weighted 10 to
1, so the model's scale is log-odds of that weighted problem; `ON_TOPIC_ODDS` is the threshold in that scale.

It prints the weights to copy into `question.py`, and the same fit left out one round at a time: the area
under the ROC curve of the weighted evidence on the left-out round, and the off-topic precision and recall at
`ON_TOPIC_ODDS`. The frozen test split is never read.
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

from evals.evaluate_star import ROUNDS, Example, load_round  # noqa: E402
from interviewer.star import analyze  # noqa: E402
from interviewer.star.question import (  # noqa: E402
    ON_TOPIC_ODDS,
    is_behavioural,
    misses_what_it_asks,
    relevance_features,
)
from interviewer.star.relevance import ANSWER_WORDS, TUNING_FILE, question_topic  # noqa: E402

OFF_TOPIC_WEIGHT = 10.0
C = 10.0
MIN_WORDS = 8


def asked_of_the_model(example: Example) -> bool:
    """True when `analyze` would weigh this answer's relevance with the model (see `_answers_question`)."""
    analysis = analyze(example.question, example.answer, similarity=None)
    if analysis.word_count < MIN_WORDS:
        return False
    parts = sum(f.present for f in analysis.star.values())
    return not (parts >= 2 and is_behavioural(example.question)
                and misses_what_it_asks(example.question, example.answer))


def vectors(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """The vectors of each question's topic and of its answer's first words, as the app embeds them (MiniLM
    with the relevance tuning)."""
    from interviewer.embeddings import MiniLMEmbedder

    model = MiniLMEmbedder(batch_size=32, tuning=TUNING_FILE)
    topics = sorted({question_topic(e.question) for e in examples})
    topic_vectors = dict(zip(topics, (np.asarray(model.embed([t])[0]) for t in topics), strict=True))
    answers = np.asarray(model.embed([" ".join(e.answer.split()[:ANSWER_WORDS]) for e in examples]))
    questions = np.stack([topic_vectors[question_topic(e.question)] for e in examples])
    return questions, answers


def fit(x: np.ndarray, on_topic: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression (balanced classes, off-topic answers weighted `OFF_TOPIC_WEIGHT`)."""
    from sklearn.linear_model import LogisticRegression

    weights = np.where(on_topic, 1.0, OFF_TOPIC_WEIGHT)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(x, on_topic.astype(int), sample_weight=weights)
    return model.coef_[0], float(model.intercept_[0])


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the development rounds, print the weights and the leave-one-round-out figures."""
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--exclude", nargs="*", default=["39", "40", "41"],
                        help="rounds left out of the fit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    rows: list[tuple[str, Example]] = [(name, e) for name in ROUNDS if name not in args.exclude
                                       for e in load_round(name)]
    questions, answers = vectors([e for _, e in rows])
    asked = np.array([asked_of_the_model(e) for _, e in rows])
    examples = [e for (_, e), k in zip(rows, asked, strict=True) if k]
    rounds = np.array([name for (name, _), k in zip(rows, asked, strict=True) if k])
    questions, answers = questions[asked], answers[asked]
    cosines = (questions * answers).sum(axis=1)
    names = list(relevance_features("", "", 0.0))
    x = np.array([list(relevance_features(e.question, e.answer, float(c)).values())
                  for e, c in zip(examples, cosines, strict=True)])
    on_topic = np.array([e.answers_question for e in examples])

    coef, bias = fit(x, on_topic)
    held_out = {}
    for name in dict.fromkeys(rounds):
        train, test = rounds != name, rounds == name
        if on_topic[test].all() or not (~on_topic[train]).any():
            continue
        c, b = fit(x[train], on_topic[train])
        odds = x[test] @ c + b
        flagged = odds < ON_TOPIC_ODDS
        off = ~on_topic[test]
        held_out[str(name)] = {
            "auc": float(roc_auc_score(on_topic[test], odds)),
            "precision": float((flagged & off).sum() / max(flagged.sum(), 1)),
            "recall": float((flagged & off).sum() / max(off.sum(), 1)),
        }
    result = {"answers": len(examples), "off_topic": int((~on_topic).sum()), "excluded": args.exclude,
              "weights": {n: round(float(w), 3) for n, w in zip(names, coef, strict=True)},
              "bias": round(bias, 3), "held_out": held_out}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"fitted on {len(examples)} development answers ({result['off_topic']} off-topic), rounds"
          f" {', '.join(args.exclude) or 'none'} left out")
    print("RELEVANCE_WEIGHTS =", result["weights"])
    print("RELEVANCE_BIAS =", result["bias"])
    print(f"\nleft out one round at a time (off-topic flagged below {ON_TOPIC_ODDS}):")
    for name, figures in held_out.items():
        print(f"  {name:6s} AUC {figures['auc']:.3f}  precision {figures['precision']:.2f}"
              f"  recall {figures['recall']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
