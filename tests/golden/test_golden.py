"""Golden figures: every task under every bundled value file gives the recorded figures.

The fixture ``golden_figures.json`` was recorded with ``tests/golden/record.py`` before
the package was reorganised; a refactoring must leave every figure equal to 1e-12 and
every per-generation score value unchanged. ``old_logs/`` holds logs written by that
earlier version: ``summary`` and ``leaderboard`` must still read them and print the
recorded text (``expected/``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from golden.runs import figures, run, sample_values, task_builders

HERE = Path(__file__).resolve().parent
GOLDEN = json.loads((HERE / "golden_figures.json").read_text())
OLD_LOGS = HERE / "old_logs"
EXPECTED = HERE / "expected"
RUNS = dict(task_builders())


def _number(x: float | str) -> float:
    return float(x)  # "nan", "inf" and "-inf" parse as floats


def test_every_run_is_recorded() -> None:
    assert sorted(RUNS) == sorted(GOLDEN)


@pytest.mark.parametrize("run_id", sorted(RUNS))
def test_figures_match_golden(run_id: str, tmp_path: Path) -> None:
    log = run(RUNS[run_id](), tmp_path)
    got = figures(log)
    want: dict[str, dict[str, Any]] = GOLDEN[run_id]["figures"]
    assert sorted(got) == sorted(want), "scorer names changed"
    for scorer, expected in want.items():
        assert list(got[scorer]) == list(expected), f"{scorer}: figure names or order changed"
        for name, value in expected.items():
            a, b = got[scorer][name], _number(value)
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=0, abs=1e-12), (
                f"{run_id} {scorer} {name}: {a!r} != golden {b!r}"
            )
    assert json.loads(json.dumps(sample_values(log))) == GOLDEN[run_id]["samples"]


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    from homog_bench.cli import main

    assert main(list(args)) == 0, capsys.readouterr().err
    return without_reader_accuracy(capsys.readouterr().out.replace(str(OLD_LOGS), "<old_logs>"))


def without_reader_accuracy(text: str) -> str:
    """The quoted accuracy of the offline reader replaced by a placeholder: it changes
    whenever the reader does (``tests/report/test_reader_accuracy.py`` checks it)."""
    from homog_bench.report.reader_accuracy import quote

    for gender, names in ((True, True), (True, False), (False, True)):
        text = text.replace(quote(gender, names), "<offline reader accuracy>")
    return text


@pytest.mark.parametrize("log", sorted(p.name for p in OLD_LOGS.glob("*.eval")))
def test_old_logs_still_summarize(log: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, "summary", str(OLD_LOGS / log))
    assert out == (EXPECTED / f"summary-{log}.txt").read_text()


def _skipped_sorted(text: str) -> str:
    """The leaderboard with its list of skipped logs in path order (their order follows the
    files' modification times, which a fresh checkout does not keep)."""
    lines = text.splitlines()
    skipped = sorted(line for line in lines if line.startswith("- `<old_logs>/"))
    kept = iter(skipped)
    return "\n".join(next(kept) if line.startswith("- `<old_logs>/") else line for line in lines)


def test_old_logs_still_rank(capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, "leaderboard", str(OLD_LOGS), "--format", "md")
    assert _skipped_sorted(out) == _skipped_sorted((EXPECTED / "leaderboard.md").read_text())
