"""`evals/evaluate_star.py --analyzer`: another copy of the analyzer package is evaluated in isolation."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import interviewer.star
from evals.evaluate_star import ROUNDS, load_analyzer, load_round
from interviewer.star import analyze

Q = "Tell me about a time you made a slow process faster."
ANSWER = ("Our month-end close took nine days. I had to bring it under five. I automated the bank"
          " reconciliations and moved approvals online. The close now takes four days.")
PACKAGE = Path(interviewer.star.__file__).resolve().parent


def _copy_with_score(tmp_path: Path, score: int) -> Path:
    copy = tmp_path / "star_copy"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "analysis.py", "a", encoding="utf-8") as handle:  # a submodule, not __init__
        handle.write("\n\n_analyze_before = analyze\n\n\ndef analyze(question, answer):  # type: ignore\n"
                     "    import dataclasses\n"
                     f"    return dataclasses.replace(_analyze_before(question, answer), score={score})\n")
    return copy


def test_a_package_copy_is_loaded_with_its_own_submodules(tmp_path: Path) -> None:
    ours = {name: module for name, module in sys.modules.items() if name.startswith("interviewer.star")}
    copy = _copy_with_score(tmp_path, 0)
    for path in (str(copy), str(copy / "__init__.py")):
        other = load_analyzer(path)
        assert other(Q, ANSWER).score == 0  # the copy's analysis.py, not this tree's
    assert analyze(Q, ANSWER).score > 0  # this tree is untouched
    after = {name: module for name, module in sys.modules.items() if name.startswith("interviewer.star")}
    assert after == ours
    assert interviewer.star.analyze is analyze


def test_a_single_module_analyzer_still_loads(tmp_path: Path) -> None:
    module = tmp_path / "star.py"
    module.write_text("from interviewer.star import analyze as _a\n\n"
                      "def analyze(q, a):\n    import dataclasses\n"
                      "    return dataclasses.replace(_a(q, a), score=1)\n", encoding="utf-8")
    assert load_analyzer(str(module))(Q, ANSWER).score == 1


def test_the_analyzer_at_a_git_revision_loads() -> None:
    if not (PACKAGE.parent.parent / ".git").exists() or shutil.which("git") is None:
        return
    other = load_analyzer("git:HEAD")
    assert other(Q, ANSWER).star["action"].present


def test_each_writing_round_loads_its_own_development_answers() -> None:
    sizes = {name: len(load_round(name)) for name in ROUNDS}
    assert all(sizes[str(n)] == 150 for n in range(7, 14))
    ids = [{e.id for e in load_round(name)} for name in ROUNDS]
    assert sum(len(i) for i in ids) == len(set().union(*ids))  # no answer in two rounds
    assert all(e.split == "dev" for e in load_round("older"))


def test_the_relevance_fit_weighs_similarity_up_and_a_missed_decisive_topic_down() -> None:
    """`evals/fit_relevance.py`: the fit on a small made-up sample recovers the direction of each effect, and
    only answers the model is asked about are kept."""
    import numpy as np

    from evals.fit_relevance import asked_of_the_model, fit

    rng = np.random.default_rng(3)
    on_topic = rng.random(400) < 0.8
    similarity = np.where(on_topic, 0.35, 0.1) + rng.normal(0, 0.08, 400)
    untouched = (~on_topic & (rng.random(400) < 0.7)) | (on_topic & (rng.random(400) < 0.1))
    coef, _ = fit(np.column_stack([similarity, untouched.astype(float)]), on_topic)
    assert coef[0] > 0 > coef[1]
    kept = [e for e in load_round("older")[:40] if asked_of_the_model(e)]
    assert kept and all(len(e.answer.split()) >= 8 for e in kept)
