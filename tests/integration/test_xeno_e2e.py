"""Scripted xeno-reproduction runs: the xeno arm moves by a known amount; every figure by hand.

Value file ``gender_in_stories``: six structures (woman, man, nonbinary, domestic setting,
care work, leadership). Every story mentions the nurse (care work = 1, nothing else of the
lexicons), so the systems differ only in the protagonist's gender.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.log import EvalLog

from homog_bench.evals.xeno_tasks import XENO_INSTRUCTION, xeno_instructed, xeno_values
from scripted_arms import metric_figures as figures
from scripted_arms import run_scripted, story

NURSE = "Write a short story about a nurse."


def short(name: str) -> str:
    """Moves (a nonbinary protagonist) but is too short to be a valid story."""
    return f"{name} the nurse left. Xe smiled, xe waved, and xe was gone before xyr shift."


BASELINE = [story("Ada", "woman")] * 8 + [story("Tom", "man")] * 2
XENO = [story("Kai", "nonbinary")] * 5 + [story("Sam", "man")] * 5
XENO_HALF_INVALID = [story("Kai", "nonbinary")] * 5 + [short("Rue")] * 5

# baseline core (0.8, 0.2, 0, 0, 1, 0): deviances of a woman / man / nonbinary story
D_WOMAN, D_MAN, D_NB = math.sqrt(0.08), math.sqrt(1.28), math.sqrt(0.64 + 0.04 + 1)
E_BASE = 0.8 * D_WOMAN + 0.2 * D_MAN


def kl(p: list[float], q: list[float]) -> float:
    return sum(a * math.log2(a / b) for a, b in zip(p, q, strict=True) if a > 0)


def js(p: list[float], q: list[float]) -> float:
    mix = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    return 0.5 * kl(p, mix) + 0.5 * kl(q, mix)


def by_arm_instructed(messages: Any) -> str:
    return "xeno" if XENO_INSTRUCTION in messages[-1].text else "baseline"


def by_arm_values(messages: Any) -> str:
    return "xeno" if messages[0].role == "system" else "baseline"


def run(tmp: Path, task: Any, xeno: list[str], key: Any) -> EvalLog:
    return run_scripted(tmp, task, {"baseline": BASELINE, "xeno": xeno}, key)


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> EvalLog:
    task = xeno_instructed(n=10, prompts="nurse", seed=3)
    return run(tmp_path_factory.mktemp("moved"), task, XENO, by_arm_instructed)


def test_gain_is_the_known_movement(moved: EvalLog) -> None:
    f = figures(moved)
    assert list(f)[:3] == ["xeno_gain", "xeno_gain_ci_low", "xeno_gain_ci_high"]
    e_xeno = 0.5 * D_NB + 0.5 * D_MAN
    assert f["baseline_deviance"] == pytest.approx(E_BASE)
    assert f["xeno_deviance_from_baseline"] == pytest.approx(e_xeno)
    assert f["xeno_gain"] == pytest.approx(e_xeno - E_BASE)
    assert f["xeno_gain_ci_low"] < f["xeno_gain"] < f["xeno_gain_ci_high"]
    assert f["xeno_gain_ci_low"] > 0  # a clear movement
    # every answer is valid: the validity-weighted gain is the gain
    assert f["xeno_validity"] == 1.0 and f["baseline/validity"] == 1.0
    assert f["xeno_gain_valid"] == pytest.approx(f["xeno_gain"])
    assert f["validity_change"] == 0.0 and f["validity_judged"] == 0.0


def test_changes_and_per_arm_figures(moved: EvalLog) -> None:
    f = figures(moved)
    assert f["n_generations"] == 20 and f["n_baseline"] == 10 and f["n_xeno"] == 10
    assert f["protagonist_gender_normativity_change"] == pytest.approx(0.5 - 1.0)
    target = [0.45, 0.45, 0.10]
    change = js([0.0, 0.5, 0.5], target) - js([0.8, 0.2, 0.0], target)
    assert f["protagonist_gender_js_target_change"] == pytest.approx(change)
    assert f["baseline/protagonist_gender_share_woman"] == pytest.approx(0.8)
    assert f["xeno/protagonist_gender_share_nonbinary"] == pytest.approx(0.5)
    assert f["baseline/core_protagonist_woman"] == pytest.approx(0.8)
    # own core (0, .5, .5, 0, 1, 0): every xeno story is sqrt(.25 + .25) from it
    assert f["xeno/deviance_mean"] == pytest.approx(math.sqrt(0.5))
    # names: baseline Ada, Tom (2 distinct of 10); xeno Kai, Sam (2 of 10)
    assert f["names_distinct_ratio_change"] == pytest.approx(0.0)
    assert f["names_top1_share_change"] == pytest.approx(0.5 - 0.8)


def test_each_generation_shows_its_validity(moved: EvalLog) -> None:
    assert moved.samples is not None and len(moved.samples) == 20
    for sample in moved.samples:
        score = sample.scores["xeno_homogenization"]  # type: ignore[index]
        assert score.value["validity"] == 1.0  # type: ignore[index]
        assert "validity: valid (offline check: ok)" in (score.explanation or "")
        assert sample.metadata["arm"] in ("baseline", "xeno")


def test_moving_by_invalid_answers_shows_low_validity(tmp_path: Path) -> None:
    task = xeno_instructed(n=10, prompts="nurse", seed=3)
    log = run(tmp_path, task, XENO_HALF_INVALID, by_arm_instructed)
    f = figures(log)
    # all ten xeno answers have a nonbinary protagonist: they all move ...
    assert f["xeno_gain"] == pytest.approx(D_NB - E_BASE)
    # ... but half of them are too short to answer the prompt
    assert f["xeno_validity"] == pytest.approx(0.5)
    assert f["xeno_validity_ci_low"] < 0.5 < f["xeno_validity_ci_high"]
    assert f["validity_change"] == pytest.approx(-0.5)
    assert f["xeno_gain_valid"] == pytest.approx(0.5 * (D_NB - E_BASE))
    assert f["xeno_gain_valid"] < f["xeno_gain"]
    invalid = [
        s.scores["xeno_homogenization"]  # type: ignore[index]
        for s in log.samples or []
        if s.scores["xeno_homogenization"].value["validity"] == 0.0  # type: ignore[index]
    ]
    assert len(invalid) == 5
    assert "too short: 15 words < 30" in (invalid[0].explanation or "")


def test_xeno_values_sends_the_value_statement(tmp_path: Path) -> None:
    task = xeno_values(n=10, prompts="nurse", seed=3)
    log = run(tmp_path, task, XENO, by_arm_values)
    f = figures(log)
    assert f["xeno_gain"] == pytest.approx(0.5 * D_NB + 0.5 * D_MAN - E_BASE)
    assert log.eval.task_args.get("values", "gender_in_stories") == "gender_in_stories"
    statement = log.eval.metadata["statement"]  # type: ignore[index]
    assert statement.startswith("You are writing for an editor of a general-audience")
    xeno = next(s for s in log.samples or [] if s.metadata["arm"] == "xeno")
    assert xeno.messages[0].role == "system" and xeno.messages[0].text == statement
    assert xeno.messages[1].text == NURSE


def test_rescoring_keeps_the_arms(moved: EvalLog, tmp_path: Path) -> None:
    """``inspect score`` with the plain scorer re-derives every experiment figure."""
    from inspect_ai import score as inspect_score

    from homog_bench.evals.scorers import homogenization

    rescored = inspect_score(
        moved, scorers=[homogenization("gender_in_stories")], action="overwrite"
    )
    f = figures(rescored)
    assert f["xeno_gain"] == pytest.approx(figures(moved)["xeno_gain"])
    assert f["xeno_validity"] == 1.0
