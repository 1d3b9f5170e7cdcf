"""The wheel ships the bundled data and the entry point; a source checkout finds the data too."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from homog_bench import _data
from homog_bench.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    source = out / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", "logs", ".git", "*cache*"))
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hatchling.builders.wheel import WheelBuilder;"
            f"print(next(WheelBuilder({str(source)!r}).build(directory={str(out)!r})))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return zipfile.ZipFile(result.stdout.strip().splitlines()[-1])


def test_wheel_carries_data_under_the_package(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for path in (
        "homog_bench/_data/values/gender_in_stories.yaml",
        "homog_bench/_data/values/values.schema.json",
        "homog_bench/_data/prompts/stories.jsonl",
        "homog_bench/eval.yaml",
    ):
        assert path in names
    assert not any(n.startswith("datasets/") for n in names)  # never shadows HF datasets


def test_wheel_declares_the_inspect_entry_point(wheel: zipfile.ZipFile) -> None:
    entry = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    text = wheel.read(entry).decode()
    assert "[inspect_ai]" in text and "homog_bench = homog_bench._registry" in text
    assert "homog-bench = homog_bench.cli:main" in text


def test_installed_layout_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "homog_bench"
    (package / "_data" / "values").mkdir(parents=True)
    monkeypatch.setattr(_data, "_HERE", package)
    _data.data_dir.cache_clear()
    try:
        assert _data.data_dir() == package / "_data"
    finally:
        _data.data_dir.cache_clear()


def test_cli_lists_bundled_values_and_exports_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["values", "list"]) == 0
    assert "gender_in_stories:" in capsys.readouterr().out
    out = tmp_path / "schema.json"
    assert main(["values", "schema", "--out", str(out)]) == 0
    assert '"homog-bench/values@1"' in out.read_text()
    assert main(["values", "check", "gender_in_stories"]) == 0
