"""Inspect's live display gets a cheap preview; the log gets the full figures, unchanged.

Inspect refreshes its display by calling the task's metrics while samples complete
(unless ``score_display`` is off). Those calls must not run the bootstrap: the story
metric answers them with :func:`homog_bench.figures.story.preview`, and the final
figures are the same as in a run with the display off.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from inspect_ai import Epochs, Task
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog

from homog_bench.evals import metrics
from homog_bench.evals.metrics import for_live_display
from homog_bench.evals.prompts import load_prompts, select_prompts
from homog_bench.evals.scorers import homogenization
from homog_bench.evals.tasks import prompt_samples
from homog_bench.figures import cross_digest, story
from homog_bench.figures.records import AttributeSpec, Generation, Settings
from homog_bench.tasks import story_homogenization
from scripted import scripted_model

PROMPT = "Write a short story about a nurse."
STORIES = [
    "Mara checked the ward. She smiled at her patients.",
    "Tom checked the ward. He smiled at his patients.",
    "Kai checked the ward. Xe smiled at xyr patients.",
]


def run(tmp: Path, score_display: bool) -> dict[str, float]:
    (log,) = inspect_eval(
        story_homogenization(n=30, prompts="nurse", seed=1),
        model=scripted_model({PROMPT: STORIES}),
        log_dir=str(tmp),
        display="none",
        score_display=score_display,
        max_samples=1,
    )
    assert log.status == "success" and log.results is not None
    (score,) = log.results.scores
    return {k: v.value for k, v in score.metrics.items()}


def test_display_calls_get_the_preview_and_the_log_the_full_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"preview": 0, "aggregate": 0}

    def counted(name: str, fn: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return fn(*args, **kwargs)  # type: ignore[operator]

        return wrapper

    import inspect_ai._eval.task.run as inspect_run

    refreshes = {"n": 0}
    final_results = inspect_run.eval_results

    def results(*args: object, **kwargs: object) -> object:
        # how often Inspect computed metrics for its display: it decides by timing
        if sys._getframe(1).f_code.co_name == "compute":
            refreshes["n"] += 1
        return final_results(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inspect_run, "eval_results", results)
    monkeypatch.setattr(metrics, "preview", counted("preview", story.preview))
    monkeypatch.setattr(metrics, "aggregate", counted("aggregate", story.aggregate))
    with_display = run(tmp_path / "on", score_display=True)
    assert calls["aggregate"] == 1  # only the final results run the full computation
    # a refresh gets the preview (or nothing to show yet, when no score has arrived)
    assert calls["preview"] <= refreshes["n"]
    calls.update(preview=0, aggregate=0)
    refreshes["n"] = 0
    without = run(tmp_path / "off", score_display=False)
    assert calls == {"preview": 0, "aggregate": 1} and refreshes["n"] == 0
    assert list(with_display) == list(without)
    assert with_display == without  # identical figures, intervals included


def test_preview_values_equal_the_full_figures() -> None:
    gens = [
        Generation("p", [1.0, 0.0], {"g": "woman"}, "Mara", "ok", "Mara. She."),
        Generation("p", [0.0, 1.0], {"g": "man"}, "Tom", "ok", "Tom. He."),
        Generation("p", [1.0, 0.0], {"g": "woman"}, "Ada", "ok", "Ada. She."),
    ]
    settings = Settings(
        "v", ["w", "m"], {"g": AttributeSpec(["woman", "man"], normative=["woman"])}
    )
    full, quick = story.aggregate(gens, settings), story.preview(gens, settings)
    assert next(iter(quick)) == "g_normativity" == next(iter(full))
    assert quick["g_normativity"] == pytest.approx(2 / 3)
    assert not any("_ci_" in k for k in quick)
    for key, value in quick.items():
        assert full[key] == value, key


def test_outside_inspect_is_not_a_display_call() -> None:
    assert for_live_display() is False

    def compute() -> bool:  # a closure shaped like Inspect's display refresh
        return next_compute_time is not None and update_fn is not None and for_live_display()

    next_compute_time, update_fn = 0.0, print
    assert compute() is True


def test_preview_semantic_and_name_figures_equal_the_full_ones() -> None:
    """The brief set's own paths (distinct names only, the embedding matrix) give the
    figures ``aggregate`` reports, with generations lacking an embedding left out."""
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(6, 4))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    names = ["Mara", "mara ", "Tom", None, "Ada", "Tom"]
    embeddings: list[np.ndarray | None] = [*vectors[:4], None, np.ones(3)]  # last: wrong length
    gens = [
        Generation("p", [1.0, 0.0], {"g": "woman"}, name, "ok", "A story.", embedding=e)
        for name, e in zip(names, embeddings, strict=True)
    ]
    settings = Settings(
        "v",
        ["w", "m"],
        {"g": AttributeSpec(["woman", "man"], normative=["woman"])},
        embeddings="tfidf",
    )
    full, quick = story.aggregate(gens, settings), story.preview(gens, settings)
    assert quick["names_distinct_ratio"] == full["names_distinct_ratio"] == 3 / 5
    sims = vectors[:4] @ vectors[:4].T
    expected = (sims.sum() - np.trace(sims)) / 12
    assert quick["semantic_mean_similarity"] == pytest.approx(expected, abs=1e-12)
    assert quick["semantic_mean_similarity"] == full["semantic_mean_similarity"]
    assert quick["semantic_n_left_out"] == full["semantic_n_left_out"] == 2.0


def test_a_later_run_sends_no_stale_digest_to_the_display(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task that takes the scorer's own metrics (``Task(scorer=homogenization())``), run
    twice in one process, shares one digest metric across the runs, and its params hold
    the last run's digest. A display refresh of the next run must not
    carry it (Inspect writes each refresh into its sample buffer's task row, which it
    rewrites at every event), while each log still gets its own digest."""
    import inspect_ai.log._recorders.buffer.database as buffer

    sent: list[str] = []
    original = buffer.SampleBufferDatabase.update_metrics

    def recorded(self: object, metrics: list[Any]) -> None:
        sent.extend(str(m.params) for m in metrics)
        original(self, metrics)  # type: ignore[arg-type]

    monkeypatch.setattr(buffer.SampleBufferDatabase, "update_metrics", recorded)
    scorer = homogenization()

    def scored_run(where: Path) -> EvalLog:
        (log,) = inspect_eval(
            Task(
                dataset=prompt_samples(select_prompts(load_prompts(), ["nurse"])),
                scorer=scorer,
                epochs=Epochs(30, reducer=[]),
            ),
            model=scripted_model({PROMPT: STORIES}),
            log_dir=str(where),
            display="none",
            max_samples=1,
        )
        assert log.status == "success" and log.results is not None
        return log

    first = scored_run(tmp_path / "first")
    sent.clear()
    second = scored_run(tmp_path / "second")
    assert sent, "the display was refreshed"
    assert not any(cross_digest.PARAM in params for params in sent)
    for log in (first, second):
        assert log.results is not None
        digest = next(s for s in log.results.scores if "cross_model_digest" in s.metrics)
        assert cross_digest.PARAM in digest.metrics["cross_model_digest"].params
