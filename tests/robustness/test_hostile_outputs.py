"""Output files and terminals: --out never destroys an input or follows a link, needs --force
to replace, writes atomically; CSV, Markdown and terminal text are escaped; a closed pipe is
quiet; a re-scored run is one row."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log, write_eval_log

from homog_bench.cli import main
from homog_bench.report import output
from homog_bench.tasks import story_homogenization
from robustness.hostile import SRC
from scripted import scripted_model

HOSTILE_MODEL = 'mockllm/=HYPERLINK("http://evil.example")\x1b[2J<script>x</script>|'
PROMPT = "Write a short story about a nurse."


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One log whose model name is hostile (as a log from elsewhere could carry)."""
    folder = tmp_path_factory.mktemp("hostile-logs")
    (log,) = inspect_eval(
        story_homogenization(n=3, prompts="nurse", seed=1),
        model=scripted_model({PROMPT: ["Mara smiled. She slept.", "Tom ran. He sang."]}),
        log_dir=str(folder),
        display="none",
    )
    assert log.status == "success"
    full = read_eval_log(log.location)
    full.eval.model = HOSTILE_MODEL
    write_eval_log(full, log.location)
    return folder


def the_log(folder: Path) -> Path:
    (path,) = sorted(folder.glob("*.eval"))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_out_refuses_to_overwrite_without_force(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "board.md"
    target.write_text("keep me")
    code, _, err = run(capsys, "leaderboard", str(logs), "--no-samples", "--out", str(target))
    assert code == 1 and "add --force" in err and len(err.strip().splitlines()) == 1
    assert target.read_text() == "keep me"
    code, _, err = run(
        capsys, "leaderboard", str(logs), "--no-samples", "--out", str(target), "--force"
    )
    assert code == 0, err
    assert target.read_text().startswith("# homog-bench leaderboard")
    assert [p.name for p in tmp_path.iterdir()] == ["board.md"]  # no temp file left


@pytest.mark.parametrize("force", [False, True])
def test_out_never_writes_over_an_input_log(
    logs: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    log = the_log(logs)
    before = sha(log)
    extra = ["--force"] if force else []
    for location in (str(log), str(logs)):
        code, _, err = run(capsys, "leaderboard", location, "--out", str(log), *extra)
        assert code == 1 and "is one of the input logs" in err, err
    assert sha(log) == before


def test_out_never_follows_a_symlink(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "board.md"
    link.symlink_to(victim)
    for extra in ([], ["--force"]):
        code, _, err = run(capsys, "leaderboard", str(logs), "--out", str(link), *extra)
        assert code == 1 and "symbolic link" in err
    assert victim.read_text() == "precious" and link.is_symlink()


@pytest.mark.parametrize(
    ("make", "expect"),
    [
        (lambda d: d / "missing" / "x.md", "no such folder"),
        (lambda d: d, "is a folder"),
    ],
)
def test_bad_out_paths_are_one_line(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, expect: str
) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    for args in (
        ["leaderboard", str(logs), "--out", str(target)],
        ["values", "schema", "--out", str(target)],
    ):
        code, _, err = run(capsys, *args)
        assert code == 1 and expect in err and len(err.strip().splitlines()) == 1, err


def test_values_schema_out_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "schema.json"
    assert run(capsys, "values", "schema", "--out", str(target))[0] == 0
    first = target.read_text()
    target.write_text("{}")
    code, _, err = run(capsys, "values", "schema", "--out", str(target))
    assert code == 1 and "add --force" in err and target.read_text() == "{}"
    assert run(capsys, "values", "schema", "--out", str(target), "--force")[0] == 0
    assert target.read_text() == first


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")

    def fail(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(output.HomogBenchError, match="cannot write \\(No space left on device\\)"):
        output.write_output(target, "new", force=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_csv_cells_cannot_run_as_formulas(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "leaderboard", str(logs), "--format", "csv")
    assert code == 0
    assert "=HYPERLINK" in out
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(not r["model"].startswith(output.FORMULA_STARTS) for r in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert "\x1b" not in value


def test_markdown_escapes_html_and_control_bytes(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "leaderboard", str(logs), "--no-samples")
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\x1b" not in out and "\\x1b[2J" in out
    table_rows = [line for line in out.splitlines() if line.startswith("| 1 |")]
    assert table_rows and all(
        line.count(" | ") == table_rows[0].count(" | ") for line in table_rows
    )


def test_summary_escapes_control_bytes(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", str(the_log(logs)))
    assert code == 0
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_a_closed_pipe_is_quiet(logs: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    for args in (["values", "schema"], ["leaderboard", str(logs), "--no-samples"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "homog_bench.cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # like `| head -0`: the reader is gone before the first write
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0, err
        assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_a_rescored_run_is_one_row_and_the_newest_scoring_wins(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "rescored"
    folder.mkdir()
    original = folder / "a-original.eval"
    shutil.copy(the_log(logs), original)
    # re-scored copy: same eval id, the scorer appended again with other figures
    log = read_eval_log(str(original))
    assert log.results is not None
    again = log.results.scores[0].model_copy(deep=True)
    again.name = "homogenization1"
    headline = next(iter(again.metrics))
    again.metrics[headline].value = -0.123  # a negative number stays a number in the CSV
    log.results.scores.append(again)
    copy = folder / "b-rescored.eval"
    write_eval_log(log, str(copy))
    os.utime(copy, (os.stat(original).st_mtime + 10,) * 2)
    code, out, err = run(capsys, "leaderboard", str(folder), "--no-samples", "--format", "csv")
    assert code == 0, err
    rows = out.strip().splitlines()[1:]
    assert len(rows) == 1, out  # before: ranked 1, 2 and 3
    assert ",-0.123," in rows[0] and "homogenization1" in rows[0]
    assert err.count("the newest scoring is shown") == 2


@pytest.mark.parametrize(
    ("command", "make", "expect"),
    [
        ("summary", lambda d: os.mkfifo(d / "x.eval") or d / "x.eval", "named pipe"),
        ("agreement", lambda d: os.mkfifo(d / "x.eval") or d / "x.eval", "named pipe"),
        ("summary", lambda d: (d / "x.eval").write_bytes(b"PK\x03junk") and d / "x.eval",
         "not a readable Inspect log"),
        ("agreement", lambda d: (d / "x.json").write_text("{]") and d / "x.json",
         "not a readable Inspect log"),
    ],
)  # fmt: skip
def test_bad_log_files_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, make: object, expect: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    code, _, err = run(capsys, command, str(path))
    assert code == 1 and expect in err and len(err.strip().splitlines()) == 1, err
