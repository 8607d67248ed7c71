"""The learned quantified check (`interviewer.star.learned`): off unless set, reads the sentences the rules
pick, wired by settings, and the shipped tuning and head fit the model the app loads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
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
    """Unit vectors that point one way for texts with a digit and another way for the rest."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(texts)
        return [[1.0 if any(c.isdigit() for c in t) else 0.0, 0.0 if any(c.isdigit() for c in t) else 1.0]
                + [0.0] * (learned.EMBEDDING_DIMENSIONS - 2) for t in texts]


def _head(weight_on_digits: float, bias: float) -> learned.QuantifiedHead:
    return learned.QuantifiedHead((weight_on_digits,) + (0.0,) * (learned.EMBEDDING_DIMENSIONS - 1), bias)


def test_without_the_layer_the_rules_decide() -> None:
    assert analyze(Q, MEASURED).quantified_result and not analyze(Q, UNMEASURED).quantified_result
    assert learned.decide(True, ["x"], [()], (0,), ()) is True
    assert learned.decide(False, ["x"], [()], (0,), ()) is False


def test_the_candidates_are_the_result_sentences_and_other_sentences_with_a_figure() -> None:
    sentences = ["We had 12 drivers.", "I rewrote the rota.", "Nobody was late again.",
                 "I learned to ask 3 questions first.", "The team was happier."]
    labels = [("situation",), ("action",), ("result",), (), ()]
    texts = learned.candidate_texts(sentences, labels, result=(2,), learning=(3,))
    assert texts == ["situation: We had 12 drivers.", "result: Nobody was late again."]
    # a lesson told as the result is still read, and says it is a lesson
    assert learned.candidate_texts(sentences, labels, result=(3,), learning=(3,)) == [
        "situation: We had 12 drivers.", "other lesson: I learned to ask 3 questions first."]
    # a measured change without a digit is a candidate too; a sentence with two labels names both
    assert learned.candidate_texts(["I halved the queue."], [("action", "result")], (), ()) == [
        "action result: I halved the queue."]


def test_only_a_plan_or_label_stuffing_keeps_the_rules_verdict() -> None:
    assert learned.weighs(False, stuffing=False, plan=False)
    assert learned.weighs(True, stuffing=False, plan=True)
    assert not learned.weighs(False, stuffing=False, plan=True)
    assert not learned.weighs(True, stuffing=True, plan=False)


def test_the_layer_decides_from_the_candidate_sentences_when_set() -> None:
    fake = _Fake()
    learned.use(fake, _head(weight_on_digits=1.0, bias=-5.0))
    assert analyze(Q, MEASURED).quantified_result
    assert "result: The close now takes 4 days." in fake.calls[-1]
    assert not analyze(Q, UNMEASURED).quantified_result
    # a head that disagrees with the rules overrides them both ways
    learned.use(fake, _head(weight_on_digits=-1.0, bias=5.0))
    assert not analyze(Q, MEASURED).quantified_result and analyze(Q, UNMEASURED).quantified_result


def test_the_verdict_weighs_the_model_with_the_rules() -> None:
    verdict = learned.Verdict(odds=1.0, rules=1.0, intercept=-1.5)
    assert verdict.measured(1.0, rules=True) and not verdict.measured(1.0, rules=False)
    assert verdict.measured(2.0, rules=False) and not verdict.measured(0.0, rules=True)
    fake = _Fake()
    # the model leans to "measured" on the digit; the rules decide between
    learned.use(fake, learned.QuantifiedHead(_head(1.0, 0.0).weight, -9.0, verdict))
    assert analyze(Q, MEASURED).quantified_result  # model +1, rules yes
    assert not learned.decide(False, ["We had 4 vans."], [("situation",)], (), ())  # model +1, rules no


def test_an_answer_with_no_candidate_sentence_is_not_measured() -> None:
    learned.use(_Fake(), _head(weight_on_digits=0.0, bias=10.0))
    assert not learned.decide(True, ["We talked it through."], [()], (), ())


def test_label_stuffing_is_never_quantified_whatever_the_layer_says() -> None:
    learned.use(_Fake(), _head(weight_on_digits=0.0, bias=10.0))
    stuffed = analyze("Tell me about a time you solved a problem.", STUFFED)
    assert "label_stuffing" in stuffed.flags and not stuffed.quantified_result


def test_a_plan_keeps_the_rules_no_whatever_the_layer_says() -> None:
    learned.use(_Fake(), _head(weight_on_digits=0.0, bias=10.0))
    plan = analyze("What would you do if a supplier kept delivering late?",
                   "I'd meet the supplier and agree a recovery plan with weekly reviews. I'd track every"
                   " delivery against the slot. Hopefully within three months their on-time rate would be"
                   " back above 95%.")
    assert not plan.quantified_result
    # a story told as it happened is still the layer's to decide
    assert analyze(Q, UNMEASURED).quantified_result


def test_a_before_and_after_in_so_many_words_stands_whatever_the_layer_says() -> None:
    learned.use(_Fake(), _head(weight_on_digits=0.0, bias=-10.0))
    told = analyze("Tell me about a time you fixed the cause of a problem.",
                   "Our lift kept tripping, and the engineer was out about twice a week. I traced it to a"
                   " worn door sensor and had the whole set replaced. After that the call-outs went down to"
                   " about one a quarter.")
    assert told.quantified_result
    # a count the layer doubts is still the layer's to decide
    assert not analyze(Q, MEASURED).quantified_result


def test_the_shipped_head_reads_a_minilm_vector_and_the_tuning_changes_its_linear_maps() -> None:
    head = learned.load()
    assert len(head.weight) == learned.EMBEDDING_DIMENSIONS
    assert head.verdict.odds > 0 and head.verdict.rules > 0  # fitted: both the model and the rules count
    assert isinstance(head.odds([0.0] * learned.EMBEDDING_DIMENSIONS), float)
    with np.load(learned.TUNING_FILE) as tuning:
        names = set(tuning.files)
    ups = {n.removesuffix(":up") for n in names if n.endswith(":up")}
    assert ups and names == {f"{n}:up" for n in ups} | {f"{n}:down" for n in ups}
    assert all(n.startswith("encoder.layer.") and n.endswith(".weight") for n in ups)


def test_a_head_of_the_wrong_size_or_a_missing_file_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="train it again"):
        learned.load(tmp_path / "none.json")
    with pytest.raises(ValueError, match="expects 384 dimensions"):
        learned.load().odds([0.0, 1.0])


@pytest.mark.parametrize(("embeddings", "on", "active"), [
    ("minilm", False, False), ("minilm", True, True), ("hash", True, False),
])
def test_the_layer_is_set_only_with_minilm_and_the_setting_on(
        tmp_path: Path, embeddings: str, on: bool, active: bool) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings=embeddings,
                                      learned_quantified=on))
    services.measure_relevance()
    assert (learned._active is not None) is active


def test_the_layer_is_on_by_default_with_minilm_and_reads_the_tuned_model(tmp_path: Path) -> None:
    services = Services(load_settings(data_dir=tmp_path / "data", embeddings="minilm"))
    services.measure_relevance()
    assert learned._active is not None and learned._active.embedder is services.quantified_embedder
    assert getattr(services.quantified_embedder, "tuning", None) == learned.TUNING_FILE


@pytest.mark.slow
def test_the_tuned_model_tells_a_measured_result_from_an_unmeasured_one() -> None:
    from interviewer.embeddings import MiniLMEmbedder

    learned.use(MiniLMEmbedder(tuning=learned.TUNING_FILE))
    assert analyze(Q, MEASURED).quantified_result
    assert not analyze(Q, UNMEASURED).quantified_result
    duration = analyze("Tell me about a time you delivered under pressure.",
                       "We had a kitchen refit booked for a Friday. I was asked to run it. I ordered the"
                       " units early and split the fitters into two crews. The job took three days, and the"
                       " client was pleased.")
    assert not duration.quantified_result  # how long the work took measured no change
    resume = analyze("Tell me about your biggest achievement.",
                     "I have 12 years of experience, I have managed 4 teams and 35 people, and I have"
                     " worked in 3 countries. I handled 200 clients and 15 projects. I speak 4 languages.")
    assert not resume.quantified_result  # counts that describe a career measure no change


def test_fitting_the_verdict_needs_the_rounds_its_model_never_saw(
        capsys: pytest.CaptureFixture[str]) -> None:
    from evals import tune_quantified_model

    with pytest.raises(SystemExit):
        tune_quantified_model.main(["--fit-verdict", "a.npz", "a.json"])
    assert "--fit-verdict needs --rounds" in capsys.readouterr().err
