"""Inspect's live display gets a cheap preview; the log gets the full figures, unchanged.

Inspect refreshes its display by calling the task's metrics while samples complete
(unless ``score_display`` is off). Those calls must not run the bootstrap: the story
metric answers them with :func:`homog_bench.figures.story.preview`, and the final
figures are the same as in a run with the display off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval

from homog_bench.evals import metrics
from homog_bench.evals.metrics import for_live_display
from homog_bench.figures import story
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

    monkeypatch.setattr(metrics, "preview", counted("preview", story.preview))
    monkeypatch.setattr(metrics, "aggregate", counted("aggregate", story.aggregate))
    with_display = run(tmp_path / "on", score_display=True)
    assert calls["aggregate"] == 1  # only the final results run the full computation
    assert calls["preview"] >= 1  # the display was refreshed at least once
    calls.update(preview=0, aggregate=0)
    without = run(tmp_path / "off", score_display=False)
    assert calls == {"preview": 0, "aggregate": 1}
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
