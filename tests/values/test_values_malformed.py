"""Every malformed value file gives the expected one-line error, from Python and from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from homog_bench.cli import main
from homog_bench.values import ValueFileError, load_values

MALFORMED = sorted((Path(__file__).parent / "malformed").glob("*.yaml"))


def expectation(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), path
    where, _, what = first.removeprefix("# expect: ").partition(" | ")
    return where, what


def test_there_are_at_least_twenty_malformed_files() -> None:
    assert len(MALFORMED) >= 20


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
def test_python_error_names_file_field_and_expectation(path: Path) -> None:
    where, what = expectation(path)
    with pytest.raises(ValueFileError) as info:
        load_values(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path.resolve()))
    assert where in message, message
    assert what in message, message


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
def test_cli_prints_one_line_and_exits_1(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    where, what = expectation(path)
    assert main(["values", "check", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("error: ") and where in err and what in err


def test_cli_checks_every_file_and_reports_each_error(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(MALFORMED[0]), "gender_in_stories", str(MALFORMED[1])]
    assert main(["values", "check", *files]) == 1
    captured = capsys.readouterr()
    assert len(captured.err.strip().splitlines()) == 2
    assert "ok: gender_in_stories" in captured.out


def test_a_folder_is_not_a_value_file(tmp_path: Path) -> None:
    with pytest.raises(ValueFileError, match="is a folder; expected a YAML value file"):
        load_values(tmp_path)
