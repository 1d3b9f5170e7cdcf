"""Each task chooses its metric, and re-scoring keeps it.

The story task computes story figures, the xeno tasks xeno figures, the branching task
branching figures; the log header records that choice, so ``inspect score`` with the
plain ``homogenization`` scorer (new file or overwrite) re-derives the task's figures.
With ``--action append`` Inspect uses the scorer's own metric instead: ``--metric``
names the task's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import score as inspect_score
from inspect_ai._util.registry import registry_info
from inspect_ai.log import EvalLog

from homog_bench.evals.metrics import branching_figures, homogenization_figures, xeno_figures
from homog_bench.evals.scorers import homogenization, xeno_homogenization
from homog_bench.tasks import branching, story_homogenization, xeno_instructed
from scripted_arms import metric_figures, run_scripted

ALTAR = "partners_at_the_altar"  # the value file of the nurse_altar experiment
VOWS = " the {who} smiled at the nurse. The vows were short and the chapel was quiet."


def _branch(messages: object) -> str:
    text = messages[-1].text  # type: ignore[index]
    return next(b for b in ("their", "his", "her") if f"face {b} partner" in text)


@pytest.fixture(scope="module")
def branched(tmp_path_factory: pytest.TempPathFactory) -> EvalLog:
    stories = {
        "his": [VOWS.format(who="bride")],
        "her": [VOWS.format(who="groom")],
        "their": [VOWS.format(who="bride"), VOWS.format(who="groom")],
    }
    task = branching(n=4, seed=1, prefill="never")
    return run_scripted(tmp_path_factory.mktemp("logs"), task, stories, _branch)


def _metric_names(metrics: object) -> list[str]:
    return [registry_info(m).name for m in metrics]  # type: ignore[attr-defined]


def test_each_task_names_its_metric() -> None:
    assert _metric_names(story_homogenization(n=1).metrics) == [
        "homog_bench/homogenization_figures",
        "homog_bench/cross_model_digest",  # the leaderboard's cross-model section
    ]
    assert _metric_names(xeno_instructed(n=1).metrics) == ["homog_bench/xeno_figures"]
    assert _metric_names(branching(n=1).metrics) == ["homog_bench/branching_figures"]


def test_each_scorer_brings_the_metric_of_its_task_kind() -> None:
    def metric_of(scorer: object) -> str:
        metric, *_ = registry_info(scorer).metadata["metrics"]
        return str(registry_info(metric).name)

    assert metric_of(homogenization()) == registry_info(homogenization_figures()).name
    assert _metric_names(registry_info(homogenization()).metadata["metrics"])[1:] == [
        "homog_bench/cross_model_digest"
    ]
    assert metric_of(xeno_homogenization()) == registry_info(xeno_figures()).name


def test_branching_log_records_its_metric(branched: EvalLog) -> None:
    f = metric_figures(branched)
    assert "core_distance_her_vs_his_ci_low" in f
    assert "branch:his/deviance_mean" in f
    assert "deviance_mean" not in f  # no pooled story figures: the branches are not pooled
    assert [m.name for m in branched.eval.metrics or []] == ["homog_bench/branching_figures"]  # type: ignore[union-attr]


def test_rescoring_a_branching_log_keeps_branching_figures(branched: EvalLog) -> None:
    rescored = inspect_score(
        branched.model_copy(deep=True), scorers=[homogenization(ALTAR)], action="overwrite"
    )
    f, before = metric_figures(rescored), metric_figures(branched)
    assert sorted(f) == sorted(before)
    for key, value in before.items():
        assert f[key] == pytest.approx(value, nan_ok=True), key


def test_appending_with_the_task_metric(branched: EvalLog, tmp_path: Path) -> None:
    rescored = inspect_score(
        branched.model_copy(deep=True),
        scorers=[homogenization(ALTAR)],
        metrics=[branching_figures()],
        action="append",
    )
    (_, added) = rescored.results.scores  # type: ignore[union-attr]
    assert "core_distance_her_vs_his" in added.metrics
