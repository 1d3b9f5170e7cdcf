"""Record what ``summary`` and ``leaderboard`` print for ``old_logs/`` (see test_golden.py)."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from golden.test_golden import without_reader_accuracy  # noqa: E402


def _cli(*args: str) -> str:
    from homog_bench.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(list(args)) == 0
    text = buffer.getvalue().replace(str(HERE / "old_logs"), "<old_logs>")
    return without_reader_accuracy(text)


def main() -> None:
    out = HERE / "expected"
    out.mkdir(exist_ok=True)
    for log in sorted((HERE / "old_logs").glob("*.eval")):
        (out / f"summary-{log.name}.txt").write_text(_cli("summary", str(log)))
    (out / "leaderboard.md").write_text(
        _cli("leaderboard", str(HERE / "old_logs"), "--format", "md")
    )


if __name__ == "__main__":
    sys.exit(main())
