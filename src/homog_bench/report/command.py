"""``homog-bench leaderboard``: read the logs, write the chosen format, list skipped logs."""

from __future__ import annotations

import sys
from pathlib import Path

from homog_bench._errors import HomogBenchError
from homog_bench.report.leaderboard import build


def leaderboard(
    location: str,
    values: str | None = None,
    fmt: str = "md",
    out: Path | None = None,
    figures: Path | None = None,
    samples: bool = True,
    rank_degenerate: bool = False,
) -> int:
    """Build the leaderboard and write it to ``out`` (or stdout); returns the exit code.

    The HTML page shows each run's default story (read from the samples) unless
    ``samples`` is off.
    """
    board = build(
        location,
        values=values,
        with_samples=samples and fmt != "csv",
        progress=True,
        on_skip=_print_skipped,
        rank_degenerate=rank_degenerate,
        examples=samples and fmt == "html",
    )
    if fmt == "md":
        from homog_bench.report.render import to_markdown

        text = to_markdown(board)
    elif fmt == "csv":
        from homog_bench.report.render import to_csv

        text = to_csv(board)
    elif fmt == "json":
        from homog_bench.report.render import to_json

        text = to_json(board)
    else:
        from homog_bench.report.html import to_html

        text = to_html(board)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise HomogBenchError(f"--out {out}: cannot write ({exc.strerror})") from None
        print(f"wrote {out}", file=sys.stderr)
    if figures is not None:
        from homog_bench.report.plots import save_figures

        written = save_figures(board, figures)
        print(f"wrote {len(written)} pictures (PNG and SVG) to {figures}", file=sys.stderr)
    return 0


def _print_skipped(log: str, reason: str) -> None:
    print(f"skipped: {log}: {reason}", file=sys.stderr)
