"""Which logs the leaderboard takes, skips and refuses, and re-scored logs' value-file blocks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from inspect_ai import Task, score
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import get_model
from inspect_ai.scorer import match
from inspect_ai.solver import Generate, TaskState, solver

from homog_bench.cli import main
from homog_bench.evals.scorers import homogenization
from scripted import output


def leaderboard(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["leaderboard", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@solver
def explode():  # type: ignore[no-untyped-def]
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        raise RuntimeError("the solver broke on purpose")

    return solve


@pytest.fixture(scope="module")
def foreign_and_failed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of another benchmark (match scorer) and a log that failed."""
    folder = tmp_path_factory.mktemp("foreign")
    model = get_model("mockllm/model", custom_outputs=[output("4")] * 4)
    inspect_eval(
        Task(dataset=[Sample(input="2+2?", target="4")], scorer=match(), name="arith"),
        model=model,
        log_dir=str(folder),
        display="none",
    )
    inspect_eval(
        Task(dataset=[Sample(input="x")], solver=explode(), name="broken"),
        model=model,
        log_dir=str(folder),
        display="none",
    )
    return folder


def test_other_benchmark_and_failed_logs_are_skipped_and_listed(
    mock_logs: Path,
    foreign_and_failed: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for log in [*mock_logs.glob("*.eval"), *foreign_and_failed.glob("*.eval")]:
        shutil.copy(log, tmp_path / log.name)
    code, out, err = leaderboard(capsys, tmp_path, "--no-samples")
    assert code == 0
    assert out.count("| mockllm/") == 3
    skipped = [line for line in err.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2
    assert any("not a homog-bench log (task arith, no homogenization scorer)" in s for s in skipped)
    assert any("error: RuntimeError" in s and "broke on purpose" in s for s in skipped)
    assert "Skipped logs:" in out


def test_nothing_to_rank_is_one_clear_line(
    foreign_and_failed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = leaderboard(capsys, foreign_and_failed)
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: {foreign_and_failed}: no homog-bench results in 2 log(s) (2 skipped, listed above)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = leaderboard(capsys, empty)
    assert (code, err) == (
        1,
        f"error: {empty}: no Inspect logs (.eval or .json) in it or below it\n",
    )
    code, _, err = leaderboard(capsys, tmp_path / "missing")
    assert (code, err) == (1, f"error: {tmp_path / 'missing'}: no such log folder\n")
    bogus = empty / "x.eval"
    bogus.write_text("not a log")
    code, _, err = leaderboard(capsys, empty)
    assert code == 1
    assert f"skipped: {bogus}: not a readable Inspect log" in err
    assert "Traceback" not in err


def test_rescored_logs_show_one_block_per_value_file(
    mock_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in sorted(mock_logs.glob("*.eval")):
        log = score(
            read_eval_log(str(path)),
            homogenization(values="names_and_cultural_defaults"),
            action="append",
            display="none",
        )
        write_eval_log(log, str(tmp_path / path.name))
    code, out, _ = leaderboard(capsys, tmp_path, "--format", "json", "--no-samples")
    assert code == 0
    blocks = json.loads(out)["blocks"]
    assert [b["values"] for b in blocks] == ["gender_in_stories", "names_and_cultural_defaults"]
    names = blocks[1]
    # the headline there is the share of named protagonists with a stock name:
    # alpha Elara ×20 → 1; beta Elara ×6 and Kai ×4 of 20 → 0.5 (Mara and Tom are not
    # stock names); gamma: none of Ada, Tom, Rowan → 0
    assert names["headline"] == "protagonist_name_normativity"
    ranked = [(r["model"], r["figures"]["normativity"]["value"]) for r in names["rows"]]
    assert ranked == [
        ("mockllm/gamma", 0.0),
        ("mockllm/beta", pytest.approx(0.5)),
        ("mockllm/alpha", 1.0),
    ]
    assert {r["scorer"] for r in names["rows"]} == {"homogenization1"}
    code, out, _ = leaderboard(
        capsys, tmp_path, "--values", "names_and_cultural_defaults", "--no-samples"
    )
    assert code == 0
    assert "gender_in_stories" not in out and "names_and_cultural_defaults" in out
    code, _, err = leaderboard(capsys, tmp_path, "--values", "nope")
    assert code == 1
    assert err == (
        "error: --values nope: no run was scored with it "
        "(available: gender_in_stories, names_and_cultural_defaults)\n"
    )
