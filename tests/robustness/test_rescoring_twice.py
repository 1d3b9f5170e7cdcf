"""Re-scoring never modifies a log: twice in a row, streamed, and by Inspect's default.

``tests/integration/test_inspect_cli.py`` re-scores once (``--output-file``) and checks
the original's sha256 and the appended figures. Here: a log re-scored, the result
re-scored again with ``--stream`` under a third value file, and the original re-scored
through Inspect's interactive default ("create new file"). Checked: neither the
original nor the first re-scored file changes by a byte, the last file has the three
scorers in order with the generations untouched, and the first scorer's figures are
carried over unchanged.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog, read_eval_log

from homog_bench.tasks import story_homogenization
from scripted import scripted_model

PROMPT = "Write a short story about a nurse."
STORIES = [
    "Elara checked the ward at night. She smiled at the sleeping patients.",
    "Marcus rode the late bus home. He counted the stops and thought of his brother.",
    "Elara planted tomatoes in the garden. Her hands were cold but she kept at it.",
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rescore(log: Path, values: str, *extra: str, answers: str = "") -> subprocess.Popen[str]:
    """Start ``inspect score LOG`` (append) under ``values``; ``answers`` go to its prompts."""
    stdin = log.parent / f"answers-{values}.txt"
    stdin.write_text(answers)
    with stdin.open() as typed:
        return subprocess.Popen(
            [sys.executable, "-m", "inspect_ai", "score", str(log), "--scorer",
             "homog_bench/homogenization", "-S", f"values={values}", "--action", "append",
             "--display", "none", *extra],
            stdin=typed, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=log.parent,
        )  # fmt: skip


def finish(process: subprocess.Popen[str]) -> None:
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-2000:]


def figures(log: EvalLog, scorer: str) -> dict[str, float]:
    assert log.results is not None
    return {
        k: v.value
        for k, v in next(s for s in log.results.scores if s.name == scorer).metrics.items()
    }


def test_two_successive_rescorings_leave_both_inputs_untouched(tmp_path: Path) -> None:
    (log,) = inspect_eval(
        story_homogenization(n=3, prompts="nurse", seed=1),
        model=scripted_model({PROMPT: STORIES}),
        log_dir=str(tmp_path),
        display="none",
    )
    original = Path(log.location)
    before = sha(original)
    first, second = tmp_path / "first.eval", tmp_path / "second.eval"
    # Inspect's default without --output-file or --overwrite asks; "create" writes a copy
    default = rescore(original, "work_and_home", answers="c\n\n")
    finish(rescore(original, "names_and_cultural_defaults", "--output-file", str(first)))
    first_sha = sha(first)
    finish(rescore(first, "partners_at_the_altar", "--output-file", str(second), "--stream", "2"))
    finish(default)
    assert sha(original) == before and sha(first) == first_sha
    copy = read_eval_log(str(original.with_name(original.stem + "-scored.eval")))
    assert [s.name for s in copy.results.scores] == ["homogenization", "homogenization1"]  # type: ignore[union-attr]

    last = read_eval_log(str(second))
    names = [s.name for s in last.results.scores]  # type: ignore[union-attr]
    assert names == ["homogenization", "homogenization1", "homogenization2"]
    assert last.samples is not None and log.samples is not None
    assert sorted(s.output.completion for s in last.samples) == sorted(STORIES)
    assert all(len(s.scores or {}) == 3 for s in last.samples)
    assert figures(last, "homogenization") == pytest.approx(
        figures(read_eval_log(str(original)), "homogenization"), nan_ok=True
    )
    # each value file's own figures: Elara ×2 and Marcus are all stock names
    assert figures(last, "homogenization1")["uses_stock_name_normativity"] == pytest.approx(1.0)
    assert figures(last, "homogenization2")["n_generations"] == 3
