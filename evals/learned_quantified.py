"""Measure a small learned layer on top of the rules' `quantified_result`, on the frozen test split.

Usage::

    .venv/bin/python evals/learned_quantified.py [--features auto|counts|embeddings] [--json]
    .venv/bin/python evals/learned_quantified.py --features embeddings --held-out-rounds 14 16

For every answer the layer sees the rules' own verdict, counts of figures and change words in the
analyzer's predicted result sentences and in the answer's last two sentences, whether a figure comes
before the result (a baseline), and - with `embeddings` - the MiniLM vectors of the predicted result
sentences (their mean) and of the last sentence, from the model the app ships (loaded offline).

A logistic regression is trained on the development split only. Its regularisation strength is
chosen by stratified cross-validation on dev; the dev accuracy reported for it is nested
cross-validation (an outer loop the choice never sees). With `--features auto` the feature set is
chosen on dev too, by that nested estimate (counts win ties). The frozen test split is then scored
once, in aggregate: rules accuracy, learned accuracy, and a paired bootstrap interval of the
difference. Individual test rows are never printed. With `--held-out-rounds`, the named writing rounds are
taken out of the training answers and scored instead, and the frozen test split is not read: the measure on
writers the layer never saw, without a look at the test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evals.evaluate_star import ROUNDS, Example, load_examples, load_round, select_split  # noqa: E402
from interviewer.star import Analysis, analyze, learned  # noqa: E402

SEED = 12
C_GRID = tuple(float(c) for c in np.logspace(-3, 2, 11))
EMBEDDING_DIMENSIONS = learned.EMBEDDING_DIMENSIONS

COUNT_NAMES = learned.COUNT_NAMES
count_features = learned.count_features


@dataclass(frozen=True)
class Item:
    """One answer as the layer sees it: the rules' analysis and the texts to embed."""

    analysis: Analysis
    result_texts: tuple[str, ...]
    last_text: str


# Rounds of new writers kept out of the layer's training (and of every rule's tuning) until they are scored.
LEFT_OUT = ("32", "33", "34", "35", "36", "37", "38")


def item_of(question: str, answer: str) -> Item:
    """Analyse one answer with the rules and keep what the layer needs."""
    analysis = analyze(question, answer)
    result = tuple(analysis.sentences[i].text for i in analysis.star["result"].sentences)
    last = analysis.sentences[-1].text if analysis.sentences else ""
    return Item(analysis, result, last)


def hand_features(item: Item) -> list[float]:
    """The rules' verdict and flags, then counts over the result sentences and the last two sentences
    (`interviewer.star.learned.hand_features`, as the app computes them)."""
    a = item.analysis
    return learned.hand_features(a.quantified_result, "label_stuffing" in a.flags,
                                 [s.text for s in a.sentences], a.star["result"].sentences, a.learning)


Embed = Callable[[Sequence[str]], np.ndarray]


def minilm() -> Embed:
    """The app's offline MiniLM embedder (nothing is downloaded), as a texts -> array function."""
    from interviewer.embeddings import MiniLMEmbedder

    model = MiniLMEmbedder(batch_size=64)

    def embed(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIMENSIONS), np.float32)
        return np.asarray(model.embed(list(texts)), dtype=np.float32)

    return embed


def cached(embed: Embed) -> Embed:
    """`embed` with an in-memory cache, so each distinct text is embedded once per run."""
    store: dict[str, np.ndarray] = {}

    def lookup(texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in store]
        if missing:
            store.update(zip(missing, embed(missing), strict=True))
        if not texts:
            return np.zeros((0, EMBEDDING_DIMENSIONS), np.float32)
        return np.stack([store[t] for t in texts])

    return lookup


def features(items: Sequence[Item], embed: Embed | None) -> np.ndarray:
    """One row per answer: hand features, then (with `embed`) mean result vector and last-sentence vector."""
    hand = np.array([hand_features(i) for i in items], dtype=np.float64)
    if embed is None:
        return hand
    vectors = embed([t for i in items for t in i.result_texts] + [i.last_text for i in items])
    rows, pos = [], 0
    for item in items:
        n = len(item.result_texts)
        mean = vectors[pos:pos + n].mean(axis=0) if n else np.zeros(EMBEDDING_DIMENSIONS, np.float32)
        rows.append(mean)
        pos += n
    last = vectors[pos:]
    return np.hstack([hand, np.stack(rows), last])


def model_search(folds: int = 5) -> Any:
    """Standardised logistic regression with C chosen by stratified cross-validation (accuracy)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    return GridSearchCV(pipe, {"logisticregression__C": list(C_GRID)}, scoring="accuracy",
                        cv=StratifiedKFold(folds, shuffle=True, random_state=SEED))


def nested_cv_accuracy(x: np.ndarray, y: np.ndarray, folds: int = 10) -> float:
    """Dev accuracy of the whole procedure (C chosen inside each training fold), pooled over folds."""
    from sklearn.model_selection import StratifiedKFold

    predicted = np.zeros_like(y)
    for train, held in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(x, y):
        predicted[held] = model_search().fit(x[train], y[train]).predict(x[held])
    return float(np.mean(predicted == y))


def paired_bootstrap(rules_ok: np.ndarray, learned_ok: np.ndarray, rounds: int = 2000,
                     seed: int = SEED) -> tuple[float, float, float]:
    """Mean and 95% percentile interval of (learned - rules) accuracy over answers resampled together."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(rules_ok), size=(rounds, len(rules_ok)))
    diffs = learned_ok[idx].mean(axis=1) - rules_ok[idx].mean(axis=1)
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(learned_ok.mean() - rules_ok.mean()), float(low), float(high)


def inference_ms(examples: Sequence[Example], model: Any, embed: Embed | None) -> list[float]:
    """Per-answer time of the full path: rules analysis, features (fresh embeddings), prediction."""
    times = []
    for e in examples:
        began = time.perf_counter()
        model.predict(features([item_of(e.question, e.answer)], embed))
        times.append((time.perf_counter() - began) * 1000)
    return times


def export(dev: Sequence[Example], path: Path) -> int:
    """Fit the embeddings layer on `dev` (C by cross-validation) and write it as JSON for `learned.load`."""
    items = [item_of(e.question, e.answer) for e in dev]
    y = np.array([e.quantified_result for e in dev], dtype=int)
    search = model_search().fit(features(items, cached(minilm())), y)
    scaler, model = search.best_estimator_.named_steps.values()
    data = {"about": "evals/learned_quantified.py --export: logistic regression on standardised features"
                     " (interviewer.star.learned.features) with the MiniLM vectors",
            "trained_on": len(dev), "C": float(search.best_params_["logisticregression__C"]),
            "mean": [float(v) for v in scaler.mean_], "scale": [float(v) for v in scaler.scale_],
            "coef": [float(v) for v in model.coef_[0]], "intercept": float(model.intercept_[0])}
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(data['coef'])} weights, trained on {len(dev)} answers, C {data['C']:.3g}")
    return 0

def main(argv: Sequence[str] | None = None) -> int:
    """Choose and train on dev, evaluate once on test, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--features", choices=("auto", "counts", "embeddings"), default="auto",
                        help="feature set; auto chooses on dev by nested cross-validation")
    parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap rounds (default 2000)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--held-out-rounds", nargs="+", choices=tuple(ROUNDS), default=None, metavar="ROUND",
                        help="train on the other development answers and evaluate on these writing rounds"
                             " instead of the frozen test split (which is then not read)")
    parser.add_argument("--leave-out", nargs="*", choices=tuple(ROUNDS), default=list(LEFT_OUT),
                        metavar="ROUND", help="writing rounds kept out of training altogether, the measure of"
                        f" writers the layer never saw (default: {' '.join(LEFT_OUT)}; give the option"
                        " with no round to train on every round)")
    parser.add_argument("--export", type=Path, nargs="?", const=learned.LAYER_FILE, default=None,
                        metavar="PATH", help="train the embeddings layer on every development answer and"
                        " write it for the app (default: interviewer/star/quantified_layer.json); the test"
                        " is not read")
    args = parser.parse_args(argv)

    examples = load_examples()
    dev, test = select_split(examples, "dev"), select_split(examples, "test")
    left_out = {e.id for name in args.leave_out for e in load_round(name)}
    dev = [e for e in dev if e.id not in left_out]
    if args.export:
        return export(dev, args.export)
    where = f"{len(test)} frozen test answers"
    if args.held_out_rounds:
        held = {e.id for name in args.held_out_rounds for e in load_round(name)}
        dev, test = [e for e in dev if e.id not in held], [e for e in dev if e.id in held]
        where = f"{len(test)} answers of rounds {', '.join(args.held_out_rounds)} (held out)"
    dev_items = [item_of(e.question, e.answer) for e in dev]
    y_dev = np.array([e.quantified_result for e in dev], dtype=int)
    rules_dev_pred = np.array([i.analysis.quantified_result for i in dev_items], dtype=int)
    rules_dev = float(np.mean(rules_dev_pred == y_dev))

    sets = ("counts", "embeddings") if args.features == "auto" else (args.features,)
    embed = cached(minilm()) if "embeddings" in sets else None
    x_dev = {s: features(dev_items, embed if s == "embeddings" else None) for s in sets}
    dev_cv = {s: nested_cv_accuracy(x_dev[s], y_dev) for s in sets}
    chosen = max(sets, key=lambda s: (dev_cv[s], s == "counts"))
    chosen_embed = embed if chosen == "embeddings" else None
    search = model_search().fit(x_dev[chosen], y_dev)
    model = search.best_estimator_

    # The one evaluation on the frozen test split, in aggregate only.
    test_items = [item_of(e.question, e.answer) for e in test]
    y_test = np.array([e.quantified_result for e in test], dtype=int)
    rules_ok = np.array([i.analysis.quantified_result for i in test_items], dtype=int) == y_test
    learned_ok = model.predict(features(test_items, chosen_embed)) == y_test
    diff, low, high = paired_bootstrap(rules_ok.astype(float), learned_ok.astype(float), args.bootstrap)

    fresh = minilm() if chosen_embed is not None else None
    if fresh is not None:
        fresh(["warm-up"])  # load the model once, as the app does, before timing
    times = inference_ms(test, model, fresh)
    result = {
        "dev_answers": len(dev), "test_answers": len(test), "features": chosen,
        "n_features": int(x_dev[chosen].shape[1]), "C": float(search.best_params_["logisticregression__C"]),
        "dev": {"rules_accuracy": rules_dev, "learned_nested_cv_accuracy": dev_cv},
        "test": {"rules_accuracy": float(rules_ok.mean()), "learned_accuracy": float(learned_ok.mean()),
                 "difference": diff, "difference_ci95": [low, high], "bootstrap_rounds": args.bootstrap},
        "learned_beats_rules": low > 0,
        "inference_ms_p50": float(np.percentile(times, 50)),
        "inference_ms_p95": float(np.percentile(times, 95)),
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"trained on {len(dev)} dev answers; evaluated once on {where}")
    print(f"dev (rules tuned here)   rules accuracy {rules_dev:.3f}")
    for s in sets:
        print(f"dev nested 10-fold CV    learned [{s}] accuracy {dev_cv[s]:.3f}")
    print(f"chosen on dev            features {chosen} ({result['n_features']}), C {result['C']:.3g}")
    label = "held out" if args.held_out_rounds else "test"
    print(f"{label:25s}rules {rules_ok.mean():.3f}  learned {learned_ok.mean():.3f}  "
          f"difference {diff:+.3f} (95% CI {low:+.3f} to {high:+.3f}, {args.bootstrap} paired resamples)")
    print(f"inference per answer     p50 {result['inference_ms_p50']:.1f} ms, "
          f"p95 {result['inference_ms_p95']:.1f} ms (rules + features + model)")
    print("verdict:", "the learned layer beats the rules (interval excludes zero)" if low > 0
          else "no gain the bootstrap supports: keep the rules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
