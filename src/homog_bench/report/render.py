"""The leaderboard as Markdown, CSV and JSON (HTML lives in :mod:`homog_bench.report.html`)."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from homog_bench.figures.catalog import ci_keys
from homog_bench.report._logs import Run
from homog_bench.report.leaderboard import COLUMNS, Block, Column, Leaderboard
from homog_bench.report.summary import format_figure

ARROW = {"lower": "↓", "higher": "↑"}
RANKING = (
    "Rows are ranked by the headline: the value file's first attribute with normative "
    "categories, its normativity rate, lower first (less homogenized); ties by E[∂], "
    "higher first. ↓ = lower is less homogenized, ↑ = higher is less homogenized. "
    "value [low, high] = bootstrap interval at the value file's confidence level; "
    "n/a = not in the logs."
)
# stable machine names of the columns, for CSV and JSON
FIELD = {
    "{attr}_normativity": "normativity",
    "deviance_mean": "deviance_mean",
    "{attr}_D1": "d1",
    "{attr}_js_target": "js_target",
    "names_top1_share": "top_name_share",
    "semantic_mean_similarity": "semantic_similarity",
}


def cell(block: Block, run: Run, column: Column) -> tuple[float, float, float]:
    """(value, ci_low, ci_high) of a column for a run; NaN where absent."""
    key = block.key(column)
    if key is None:
        return math.nan, math.nan, math.nan
    f = run.figures
    low, high = ci_keys(key)
    return f.get(key, math.nan), f.get(low, math.nan), f.get(high, math.nan)


def _nan_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def _block_title(block: Block) -> str:
    return f"value file `{block.values}` · task `{block.task}`"


# --- markdown -------------------------------------------------------------------------


def markdown_table(block: Block) -> list[str]:
    """The ranked table of one block as Markdown lines."""
    header = ["rank", "model"]
    header += [f"{block.title(c)} {ARROW[c.direction]}" for c in COLUMNS]
    header += ["generations", "date"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for i, run in enumerate(block.runs, 1):
        cells = [str(i), run.label]
        cells += [format_figure(*cell(block, run, c)) for c in COLUMNS]
        cells += [str(run.n_generations), run.date]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown_cross(block: Block) -> list[str]:
    """The cross-model section of one block as Markdown lines (empty when not computed)."""
    cm = block.cross
    if cm is None:
        return []
    labels = [r.label for r in block.runs]
    lines = [
        "",
        "Cross-model homogeneity (are the models collapsing onto the same defaults?)",
        "",
        "| model | top names (count) |",
        "|---|---|",
    ]
    for label, top in zip(labels, cm.top_names, strict=True):
        names = ", ".join(f"{n} ({c})" for n, c in top) or "none"
        lines.append(f"| {label} | {names} |")
    shared = ", ".join(cm.shared_top) or "none"
    lines += [
        "",
        f"Top-name overlap (Jaccard index of the top-5 sets, 1 = the same names): "
        f"mean over pairs {format_figure(cm.mean_overlap)}; in every model's top 5: {shared}.",
        "",
        *_matrix(labels, cm.overlap),
        "",
        "Semantic similarity between models' generations for the same prompt (mean cosine "
        "over all cross pairs, averaged over prompts; diagonal: within one model; higher = "
        f"more alike): mean between models {format_figure(cm.mean_between_similarity)}.",
    ]
    if all(math.isnan(v) for row in cm.similarity for v in row):
        lines.append("n/a: these logs carry no embeddings.")
    else:
        lines += ["", *_matrix(labels, cm.similarity)]
    return lines


def _matrix(labels: list[str], matrix: list[list[float]]) -> list[str]:
    lines = ["| | " + " | ".join(labels) + " |", "|" + "---|" * (len(labels) + 1)]
    for label, row in zip(labels, matrix, strict=True):
        lines.append(f"| {label} | " + " | ".join(format_figure(v) for v in row) + " |")
    return lines


def to_markdown(board: Leaderboard) -> str:
    """The whole leaderboard: one section per value file and task."""
    lines = ["# homog-bench leaderboard", "", f"Logs: `{board.location}`. {RANKING}"]
    for block in board.blocks:
        lines += ["", f"## {_block_title(block)}", "", *markdown_table(block)]
        lines += markdown_cross(block)
    if board.skipped:
        lines += ["", "Skipped logs:", ""]
        lines += [f"- `{log}`: {reason}" for log, reason in board.skipped]
    return "\n".join(lines) + "\n"


# --- csv ------------------------------------------------------------------------------


def to_csv(board: Leaderboard) -> str:
    """One row per run (full precision; empty cells where a figure is absent)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = []
    for c in COLUMNS:
        name = FIELD[c.key]
        fields += [name, *ci_keys(name)]
    ident = ["values", "task", "rank", "model", "label", "headline"]
    writer.writerow([*ident, *fields, "n_generations", "created", "log", "scorer"])
    for block in board.blocks:
        for i, run in enumerate(block.runs, 1):
            numbers = [
                "" if math.isnan(v) else repr(v) for c in COLUMNS for v in cell(block, run, c)
            ]
            who: list[object] = [block.values, block.task, i, run.model, run.label]
            run_info = [run.n_generations, run.created, run.log, run.scorer]
            writer.writerow([*who, block.headline, *numbers, *run_info])
    return out.getvalue()


# --- json -----------------------------------------------------------------------------


def to_json_data(board: Leaderboard) -> dict[str, Any]:
    """A JSON-safe dict (NaN → null)."""
    blocks = []
    for block in board.blocks:
        columns = [
            {
                "field": FIELD[c.key],
                "figure": block.key(c),
                "title": block.title(c),
                "better": c.direction,
            }
            for c in COLUMNS
        ]
        rows = []
        for i, run in enumerate(block.runs, 1):
            figures = {}
            for c in COLUMNS:
                value, low, high = cell(block, run, c)
                figures[FIELD[c.key]] = {
                    "value": _nan_none(value),
                    "ci_low": _nan_none(low),
                    "ci_high": _nan_none(high),
                }
            rows.append(
                {
                    "rank": i,
                    "label": run.label,
                    "model": run.model,
                    "figures": figures,
                    "n_generations": run.n_generations,
                    "created": run.created,
                    "log": run.log,
                    "scorer": run.scorer,
                }
            )
        entry: dict[str, Any] = {
            "values": block.values,
            "task": block.task,
            "headline": block.headline,
            "columns": columns,
            "rows": rows,
            "target": block.target,
        }
        if block.cross is not None:
            cm = block.cross

            def clean(matrix: list[list[float]]) -> list[list[float | None]]:
                return [[_nan_none(v) for v in row] for row in matrix]

            entry["cross_model"] = {
                "models": [r.label for r in block.runs],
                "top_names": [[[n, c] for n, c in top] for top in cm.top_names],
                "top_name_overlap": clean(cm.overlap),
                "mean_top_name_overlap": _nan_none(cm.mean_overlap),
                "shared_top_names": cm.shared_top,
                "semantic_similarity": clean(cm.similarity),
                "mean_between_similarity": _nan_none(cm.mean_between_similarity),
            }
        blocks.append(entry)
    return {
        "location": board.location,
        "ranking": RANKING,
        "blocks": blocks,
        "skipped": [{"log": log, "reason": reason} for log, reason in board.skipped],
    }


def to_json(board: Leaderboard) -> str:
    return json.dumps(to_json_data(board), indent=2, ensure_ascii=False) + "\n"
