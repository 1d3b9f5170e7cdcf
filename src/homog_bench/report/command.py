"""``homog-bench leaderboard``: read the logs, write the chosen format, list skipped logs."""

from __future__ import annotations

import sys
from pathlib import Path

from homog_bench.report.leaderboard import build
from homog_bench.report.output import check_output, terminal_text, write_output


def leaderboard(
    location: str,
    values: str | None = None,
    fmt: str = "md",
    out: Path | None = None,
    figures: Path | None = None,
    samples: bool = True,
    rank_degenerate: bool = False,
    force: bool = False,
) -> int:
    """Build the leaderboard and write it to ``out`` (or stdout); returns the exit code.

    The HTML page shows each run's default story (read from the samples) unless
    ``samples`` is off. ``out`` is written atomically, never over an input log or
    through a symbolic link, and replaces an existing file only with ``force``.
    """
    if out is not None:  # before reading the logs: a bad --out fails at once
        check_output(out, force=force, inputs=[location, *_local_logs(location)])
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
        inputs = [log for log, _ in board.skipped]
        inputs += [run.log for block in board.blocks for run in block.runs]
        write_output(out, text, force=force, inputs=[location, *inputs])
        print(f"wrote {terminal_text(out)}", file=sys.stderr)
    if figures is not None:
        from homog_bench.report.plots import save_figures

        written = save_figures(board, figures, force=force)
        print(f"wrote {len(written)} pictures (PNG and SVG) to {figures}", file=sys.stderr)
    return 0


def _local_logs(location: str) -> list[str]:
    """Files under a local log folder that could be logs (what --out must never replace)."""
    folder = Path(location)
    if "://" in location or not folder.is_dir():
        return []
    return [str(p) for p in folder.rglob("*") if p.suffix in (".eval", ".json")]


def _print_skipped(log: str, reason: str) -> None:
    print(f"skipped: {terminal_text(log)}: {terminal_text(reason)}", file=sys.stderr)
