"""Every benchmark script still imports and answers ``--help`` (a layout change once broke
one silently: benchmarks are not run by the tests, so this is their smoke test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


def test_there_are_benchmarks() -> None:
    assert len(SCRIPTS) >= 10


def run_script(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python <args>`` from the repository root with the package on the path; it must
    exit 0."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_benchmark_answers_help(script: Path) -> None:
    done = run_script(str(script), "--help")
    assert "usage" in done.stdout.lower()


def test_eval_phases_times_each_phase_of_both_evals() -> None:
    """The phase clock still finds Inspect's calls (it patches two of them by name)."""
    done = run_script(
        "benchmarks/eval_phases.py", "--rounds", "1", "--eval-generations", "20", timeout=300
    )
    rows = {}
    for line in done.stdout.splitlines()[2:]:
        *name, base, ours, bare, _ = line.split()
        if name and name[0] != "ratio":
            rows[" ".join(name)] = (float(base), float(ours), float(bare))
    assert set(rows) >= {"total", "samples", "final figures", "closing", "results panel"}
    assert {"main-thread CPU", "other threads' CPU"} <= set(rows)
    assert all(min(r) >= 0 for r in rows.values())
    # our metric computes every figure with its interval; includes() only counts
    assert rows["final figures"][1] > rows["final figures"][0]
    assert rows["samples"][0] + rows["final figures"][0] <= rows["total"][0] + 1e-3
