"""The Inspect command line and registry paths: task shim, registry name, re-scoring, bad input."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog, read_eval_log

from scripted import scripted_model

ROOT = Path(__file__).resolve().parents[2]
INSPECT = [sys.executable, "-m", "inspect_ai"]
WIDE = {**os.environ, "COLUMNS": "400"}  # Rich wraps messages at the terminal width
PROMPT = "Write a short story about a nurse."
STORIES = [
    "Elara checked the ward at night. She smiled at the sleeping patients and hummed.",
    "Marcus rode the late bus home. He counted the stops and thought of his brother.",
    "Elara planted tomatoes at dawn. Her hands were cold but she kept at it.",
    "Rowan fixed the old radio. Xe laughed when it crackled back to life for xyr uncle.",
]


def figures(log: EvalLog, scorer: str = "homogenization") -> dict[str, float]:
    assert log.results is not None
    score = next(s for s in log.results.scores if s.name == scorer)
    return {k: v.value for k, v in score.metrics.items()}


def run_eval(task: str, log_dir: Path) -> EvalLog:
    logs = inspect_eval(
        task,
        task_args={"n": 4, "prompts": "nurse", "seed": 1},
        model=scripted_model({PROMPT: STORIES}),
        log_dir=str(log_dir),
        display="none",
    )
    assert logs[0].status == "success", logs[0].error
    return logs[0]


def test_shim_and_registry_name_give_the_same_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # Inspect resolves task files relative to the working directory
    shim = run_eval("tasks/story_homogenization.py", tmp_path / "a")
    assert shim.eval.task == "story_homogenization"
    registered = run_eval("homog_bench/story_homogenization", tmp_path / "b")
    assert registered.eval.task == "homog_bench/story_homogenization"
    a, b = figures(shim), figures(registered)
    assert a == pytest.approx(b, nan_ok=True)
    assert a["protagonist_gender_share_woman"] == pytest.approx(0.5)


def test_rescoring_appends_second_value_file_and_keeps_generations(tmp_path: Path) -> None:
    log = run_eval("homog_bench/story_homogenization", tmp_path / "logs")
    original = Path(log.location)
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    out = tmp_path / "rescored.eval"
    result = subprocess.run(
        [
            *INSPECT,
            "score",
            str(original),
            "--scorer",
            "homog_bench/homogenization",
            "-S",
            "values=names_and_cultural_defaults",
            "--action",
            "append",
            "--output-file",
            str(out),
            "--display",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before
    rescored = read_eval_log(str(out))
    names = [s.name for s in rescored.results.scores]  # type: ignore[union-attr]
    assert len(names) == 2 and names[0] == "homogenization", names
    first, second = figures(rescored, names[0]), figures(rescored, names[1])
    assert "protagonist_gender_normativity" in first
    assert "uses_stock_name_normativity" in second  # only the second value file has it
    # Elara ×2 of 4 named protagonists carry a stock name, Marcus too: 3 of 4
    assert second["uses_stock_name_normativity"] == pytest.approx(0.75)
    original_log = read_eval_log(str(original))
    assert original_log.samples is not None and rescored.samples is not None
    assert [s.output.completion for s in rescored.samples] == [
        s.output.completion for s in original_log.samples
    ]


def inspect_cli(*args: str, cwd: Path) -> str:
    """Run ``inspect``; assert exit code 1 and one clean line; return what it printed."""
    result = subprocess.run(
        [*INSPECT, *args, "--display", "plain"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env=WIDE,
    )
    printed = (result.stderr + result.stdout).strip()
    assert result.returncode == 1, printed
    assert "Traceback" not in printed
    assert len(printed.splitlines()) == 1, printed
    return printed


@pytest.mark.parametrize(
    "parameter, expected, cwd",
    [
        (
            "values=tests/values/malformed/04_target_sum.yaml",
            "attributes.g.target: probabilities sum",
            ROOT,
        ),
        ("values=no_such_values", "no such file and no bundled value file", None),
        ("prompts=nurse,astronaut", "prompts: unknown prompt id 'astronaut'", None),
        ("n=abc", "-T n: expected an integer, got 'abc'", None),
        ("nn=3", "-T nn: unknown parameter; expected one of: values, n, prompts", None),
    ],
)
def test_user_mistakes_are_one_clean_line_and_exit_1(
    parameter: str, expected: str, cwd: Path | None, tmp_path: Path
) -> None:
    printed = inspect_cli(
        "eval", "homog_bench/story_homogenization", "--model", "mockllm/model",
        "-T", parameter, cwd=cwd or tmp_path,
    )  # fmt: skip
    assert expected in printed
