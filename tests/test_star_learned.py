"""The learned quantified layer (`interviewer.star.learned`): off unless set, wired by settings, and the
shipped weights match the features the app computes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.config import load_settings
from interviewer.services import Services
from interviewer.star import analyze, learned, relevance

Q = "Tell me about a time you made a slow process faster."
MEASURED = ("Our month-end close took nine days. I had to bring it under five. I automated the bank"
            " reconciliations and moved approvals online. The close now takes 4 days.")
UNMEASURED = ("Our month-end close was slow. I had to speed it up. I automated the bank reconciliations and"
              " moved approvals online. The close is much quicker now and the team is happier.")
STUFFED = ("Last year there was a problem on my team. I was tasked with fixing it. I took action and fixed"
           " it. As a result, things improved by 30 percent.")


@pytest.fixture(autouse=True)
def layer_off_afterwards() -> Iterator[None]:
    yield
    learned.use(None)
    relevance.use_similarity(None)


class _Fake:
    """Unit vectors that point one way for sentences with a digit and another way for the rest."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(texts)
        return [[1.0 if any(c.isdigit() for c in t) else 0.0, 0.0 if any(c.isdigit() for c in t) else 1.0]
                + [0.0] * (learned.EMBEDDING_DIMENSIONS - 2) for t in texts]


def _layer(weight_on_digits: float, intercept: float) -> learned.QuantifiedLayer:
    n = 7 + 2 * len(learned.COUNT_NAMES) + 2 * learned.EMBEDDING_DIMENSIONS
    coef = [0.0] * n
    coef[7 + 2 * len(learned.COUNT_NAMES)] = weight_on_digits  # the mean result vector's first dimension
    return learned.QuantifiedLayer((0.0,) * n, (1.0,) * n, tuple(coef), intercept)


def test_without_the_layer_the_rules_decide() -> None:
    assert analyze(Q, MEASURED).quantified_result and not analyze(Q, UNMEASURED).quantified_result
    assert learned.decide(True, False, ["x"], (0,), ()) is True
    assert learned.decide(False, False, ["x"], (0,), ()) is False


def test_the_layer_decides_from_the_result_sentences_vectors_when_set() -> None:
    fake = _Fake()
    learned.use(fake, _layer(weight_on_digits=5.0, intercept=-1.0))
    assert analyze(Q, MEASURED).quantified_result
    # the last call embedded the result sentences and the last sentence
    assert fake.calls[-1][-1] == "The close now takes 4 days."
    assert not analyze(Q, UNMEASURED).quantified_result
    # a layer that disagrees with the rules overrides them both ways
    learned.use(fake, _layer(weight_on_digits=-5.0, intercept=1.0))
    assert not analyze(Q, MEASURED).quantified_result and analyze(Q, UNMEASURED).quantified_result


def test_label_stuffing_is_never_quantified_whatever_the_layer_says() -> None:
    learned.use(_Fake(), _layer(weight_on_digits=0.0, intercept=10.0))
    stuffed = analyze("Tell me about a time you solved a problem.", STUFFED)
    assert "label_stuffing" in stuffed.flags and not stuffed.quantified_result


def test_the_shipped_layer_has_a_weight_for_every_feature_the_app_computes() -> None:
    layer = learned.load()
    sentences = [s.text for s in analyze(Q, MEASURED).sentences]
    hand = learned.hand_features(True, False, sentences, (3,), ())
    row = learned.features(hand, [[0.0] * learned.EMBEDDING_DIMENSIONS], [0.0] * learned.EMBEDDING_DIMENSIONS)
    assert len(row) == len(layer.coef) == len(layer.mean) == len(layer.scale)
    assert isinstance(layer.odds(row), float)


def test_a_missing_layer_file_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="export it again"):
        learned.load(tmp_path / "none.json")


@pytest.mark.parametrize(("embeddings", "on", "active"), [
    ("minilm", False, False), ("minilm", True, True), ("hash", True, False),
])
def test_the_layer_is_set_only_with_minilm_and_the_setting_on(
        tmp_path: Path, embeddings: str, on: bool, active: bool) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings=embeddings,
                                      learned_quantified=on))
    services.measure_relevance()
    assert (learned._active is not None) is active


def test_the_layer_is_on_by_default_with_minilm(tmp_path: Path) -> None:
    Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm")).measure_relevance()
    assert learned._active is not None


def test_a_plan_keeps_the_rules_no_whatever_the_layer_says() -> None:
    learned.use(_Fake(), _layer(weight_on_digits=0.0, intercept=10.0))
    plan = analyze("What would you do if a supplier kept delivering late?",
                   "I'd meet the supplier and agree a recovery plan with weekly reviews. I'd track every"
                   " delivery against the slot. Hopefully within three months their on-time rate would be"
                   " back above 95%.")
    assert not plan.quantified_result
    # a story told as it happened is still the layer's to decide
    assert analyze(Q, UNMEASURED).quantified_result


def test_a_before_and_after_in_so_many_words_stands_whatever_the_layer_says() -> None:
    learned.use(_Fake(), _layer(weight_on_digits=0.0, intercept=-10.0))
    told = analyze("Tell me about a time you fixed the cause of a problem.",
                   "Our lift kept tripping, and the engineer was out about twice a week. I traced it to a"
                   " worn door sensor and had the whole set replaced. After that the call-outs went down to"
                   " about one a quarter.")
    assert told.quantified_result
    # a count the layer doubts is still the layer's to decide
    assert not analyze(Q, MEASURED).quantified_result
