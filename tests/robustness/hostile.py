"""Helpers of the hostile-input suite: run a command under time and memory bounds.

A case passes when the program ends in time, within its memory, with a one-line
error (exit 1) or success, and without a Python traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: The package under test (``HOMOG_BENCH_SRC`` overrides it: run the cases on another copy).
SRC = os.environ.get("HOMOG_BENCH_SRC") or str(Path(__file__).resolve().parents[2] / "src")
#: Address-space limit of a bounded run (the interpreter with Inspect imported fits in it).
MEMORY_LIMIT = 2 << 30

_PRELUDE = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({{limit}}, {{limit}}))
sys.path.insert(0, {SRC!r})
"""


@dataclass
class Outcome:
    """What a bounded run did."""

    code: int | None  # None: killed at the timeout (a hang)
    out: str
    err: str

    @property
    def hung(self) -> bool:
        return self.code is None

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.err or "MemoryError" in self.err

    @property
    def clean_error(self) -> bool:
        lines = [line for line in self.err.splitlines() if line.strip()]
        return self.code == 1 and not self.traceback and len(lines) == 1


def run_bounded(
    code: str, *, timeout: float = 60.0, memory: int = MEMORY_LIMIT, cwd: Path | None = None
) -> Outcome:
    """Run Python ``code`` in a subprocess with an address-space limit and a timeout."""
    script = _PRELUDE.format(limit=memory) + code
    env = {**os.environ, "PYTHONPATH": SRC, "NO_COLOR": "1", "COLUMNS": "200"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=cwd,
            errors="replace",
        )
    except subprocess.TimeoutExpired as exc:
        return Outcome(None, _text(exc.stdout), _text(exc.stderr))
    return Outcome(done.returncode, done.stdout, done.stderr)


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def cli(*args: str, timeout: float = 60.0, memory: int = MEMORY_LIMIT) -> Outcome:
    """``homog-bench ARGS`` under the bounds of :func:`run_bounded`."""
    return run_bounded(
        f"from homog_bench.cli import main\nsys.exit(main({list(args)!r}))",
        timeout=timeout,
        memory=memory,
    )
