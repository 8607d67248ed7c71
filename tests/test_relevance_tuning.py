"""MiniLM's relevance tuning: a shipped file of weight changes laid over the package's model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from interviewer.config import load_settings
from interviewer.embeddings import MiniLMEmbedder, apply_tuning
from interviewer.errors import ConfigError
from interviewer.services import Services
from interviewer.star import relevance


def _layer() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 3))


def test_full_and_low_rank_changes_are_added_to_the_weights(tmp_path: Path) -> None:
    model = _layer()
    weight, bias = model[0].weight.detach().clone(), model[0].bias.detach().clone()
    up = np.arange(6, dtype=np.float16).reshape(3, 2)
    down = np.ones((2, 4), dtype=np.float16)
    tuning = tmp_path / "tuning.npz"
    np.savez(tuning, **{"0.weight:up": up, "0.weight:down": down, "0.bias": np.full(3, 0.5, np.float16)})
    apply_tuning(model, tuning)
    assert torch.allclose(model[0].weight, weight + torch.from_numpy((up @ down).astype(np.float32)))
    assert torch.allclose(model[0].bias, bias + 0.5)


@pytest.mark.parametrize(("arrays", "message"), [
    ({"1.weight": np.zeros((3, 4), np.float16)}, "lacks"),
    ({"0.weight": np.zeros((4, 3), np.float16)}, "whose shape"),
    ({"0.weight:up": np.zeros((3, 2), np.float16)}, "cannot be read"),
])
def test_a_tuning_for_another_model_says_how_to_fix_it(tmp_path: Path, arrays: dict[str, np.ndarray],
                                                       message: str) -> None:
    tuning = tmp_path / "tuning.npz"
    np.savez(tuning, **arrays)  # type: ignore[arg-type]
    model = _layer()
    before = model[0].weight.detach().clone()
    with pytest.raises(ConfigError, match=message) as raised:
        apply_tuning(model, tuning)
    assert "tune_relevance_model.py" in str(raised.value)
    assert torch.equal(model[0].weight, before)


def test_an_unreadable_tuning_says_how_to_fix_it(tmp_path: Path) -> None:
    broken = tmp_path / "tuning.npz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(ConfigError, match="reinstall the package"):
        apply_tuning(_layer(), broken)


def test_the_tuned_model_has_a_name_and_an_export_of_its_own() -> None:
    tuned = MiniLMEmbedder(tuning=relevance.TUNING_FILE)
    assert tuned.name != MiniLMEmbedder().name and tuned.name.startswith("minilm-l6-v2-")


def test_relevance_uses_the_tuned_model_and_rules_alone_without_its_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm"))
    similarity = services.answer_similarity
    assert isinstance(similarity, relevance.EmbeddingSimilarity)
    assert similarity.embedder.name == MiniLMEmbedder(tuning=relevance.TUNING_FILE).name

    monkeypatch.setattr(relevance, "TUNING_FILE", tmp_path / "missing.npz")
    assert Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm")).answer_similarity is None


@pytest.mark.slow
def test_the_shipped_tuning_moves_the_vectors_the_same_on_onnx_and_pytorch(tmp_path: Path) -> None:
    texts = ["disagreed with your manager",
             "My manager asked me to train a new starter, so I paired him with me for three days."]
    plain = MiniLMEmbedder(cache_dir=tmp_path).embed(texts)
    onnx = MiniLMEmbedder(cache_dir=tmp_path, tuning=relevance.TUNING_FILE)
    tuned = onnx.embed(texts)
    on_torch = MiniLMEmbedder(cache_dir=None, tuning=relevance.TUNING_FILE).embed(texts)
    assert onnx.runtime == "onnx" and len(list(tmp_path.glob("*.onnx"))) == 2
    assert _largest_difference(tuned, on_torch) < 1e-5
    assert _largest_difference(tuned, plain) > 1e-2


def _largest_difference(a: list[list[float]], b: list[list[float]]) -> float:
    return max(abs(x - y) for u, v in zip(a, b, strict=True) for x, y in zip(u, v, strict=True))


def test_writer_batches_hold_one_source_file_each_and_every_pair_of_the_rounds_kept() -> None:
    import random

    from evals.evaluate_star import DATA, ROUNDS, load_examples
    from evals.tune_relevance_model import BATCH, pairs, writer_batches

    kept = [name for name in ROUNDS if name not in ("older", "sixth")]
    excluded = ["older", "sixth"]
    batches = writer_batches(excluded, random.Random(0))
    file_of = {}
    for name in kept:
        for number in ROUNDS[name]:
            for e in load_examples(str(DATA / f"star_dev_{number:02d}.jsonl")):
                words = " ".join(e.answer.split()[:relevance.ANSWER_WORDS])
                file_of[(relevance.question_topic(e.question), words)] = number
    assert all(2 <= len(batch) <= BATCH for batch in batches)
    assert all(len({file_of[pair] for pair in batch}) == 1 for batch in batches)
    assert sorted(pair for batch in batches for pair in batch) == sorted(pairs(excluded))
    again = writer_batches(excluded, random.Random(0))
    assert again == batches  # seeded: the shipped tuning can be reproduced
