"""The leaderboard as Markdown, CSV and JSON (HTML lives in :mod:`homog_bench.report.html`)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from typing import Any

from homog_bench.figures.catalog import at_prompt, ci_keys
from homog_bench.report import dynamics_block, ranks, reader_accuracy, trust
from homog_bench.report._logs import MEAN_CORE_DISTANCE, Run
from homog_bench.report.columns import Column, format_cell
from homog_bench.report.cross_section import matrix_omitted
from homog_bench.report.leaderboard import COLUMNS, XENO_COLUMNS, Block, Leaderboard
from homog_bench.report.output import csv_cell
from homog_bench.report.output import markdown_text as md
from homog_bench.report.summary import format_figure

ARROW = {"lower": "↓", "higher": "↑", None: ""}
RANKING = (
    "Rows are ranked by the headline: the value file's first attribute with normative "
    "categories, its normativity rate, lower first (less homogenized); ties by E[∂], "
    "higher first. ↓ = lower is less homogenized, ↑ = higher is less homogenized. "
    "value [low, high] = bootstrap interval at the value file's confidence level; "
    "n/a = not in the logs. A rank is a band (1–3) from the headline's interval: runs whose "
    "intervals overlap share it, as the data cannot order them. A run with more than "
    f"{ranks.DEGENERATE_SHARE:.0%} degenerate generations (empty, refusal, not English, …) "
    "is not ranked (--rank-degenerate ranks it)."
)
#: How each kind of block is ranked (printed under its title).
KIND_NOTE = {
    "story": "",
    "xeno": "Xeno runs, ranked by xeno gain (how far the answers move from the model's own "
    "default when asked to leave it; higher first), beside validity (the share that still "
    "answers the prompt): a gain with low validity is not a gain.",
    "branching": "Branching runs, ranked by the mean core distance between branches (how far "
    "the default moves when the opening changes; higher first, 0 = the same story whatever "
    "the opening; its interval is the mean of the pairs' bounds).",
    "dynamics": dynamics_block.NOTE,
}
# stable machine names of the columns, for CSV and JSON
FIELD = {
    "{attr}_normativity": "normativity",
    "deviance_mean": "deviance_mean",
    "{attr}_D1": "d1",
    "{attr}_js_target": "js_target",
    "names_top1_share": "top_name_share",
    "semantic_mean_similarity": "semantic_similarity",
    "{attr}_commitment": "commitment",
}
#: Every column any block shows, for the one CSV header.
CSV_COLUMNS = (
    *COLUMNS,
    *XENO_COLUMNS,
    Column(MEAN_CORE_DISTANCE, "", "higher"),
    Column("pull", "", "lower"),
    Column("{attr}_commitment", "", None, "commitment", unit="words"),
    Column("drift", "", None),
    Column("displacement", "", None),
    Column("n_cuts", "", None, unit="count"),
)


def field_name(column: Column) -> str:
    """A column's stable machine name (``baseline/deviance_mean`` → ``baseline_deviance_mean``).

    >>> field_name(COLUMNS[0]), field_name(XENO_COLUMNS[3])
    ('normativity', 'baseline_deviance_mean')
    """
    return FIELD.get(column.key, column.key.replace("/", "_"))


def cell(block: Block, run: Run, column: Column) -> tuple[float, float, float]:
    """(value, ci_low, ci_high) of a column for a run; NaN where absent."""
    key = block.key(column)
    if key is None:
        return math.nan, math.nan, math.nan
    f = run.figures
    low, high = ci_keys(key)
    return f.get(key, math.nan), f.get(low, math.nan), f.get(high, math.nan)


def _nan_none(value: float) -> float | str | None:
    """A number for JSON: NaN → null, ±inf → ``"inf"`` / ``"-inf"`` (JSON has no infinity)."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return None if math.isnan(value) else value


def _block_title(block: Block) -> str:
    title = f"value file `{md(block.values)}` · task `{md(block.task)}`"
    return title + (f" · trunk `{md(block.detail)}`" if block.detail else "")


def block_notes(block: Block) -> list[str]:
    """What a reader must know about a block: how it is ranked, which runs are not."""
    notes = [KIND_NOTE[block.kind]] if KIND_NOTE[block.kind] else []
    for i, run in enumerate(block.runs):
        if block.bands[i] is None and ranks.is_degenerate(run.figures):
            notes.append(
                f"{run.label}: {run.degenerate:.0%} of its {run.n_generations} generations are "
                "degenerate (empty, refusal, not English, …): its figures describe what is left, "
                "so it is not ranked."
            )
        elif ranks.is_degenerate(run.figures):
            notes.append(
                f"{run.label}: {run.degenerate:.0%} of its generations are degenerate; "
                "ranked anyway (--rank-degenerate)."
            )
    if block.kind == "dynamics":
        notes += dynamics_block.notes(block)
    reader = reader_accuracy.reader_line(block.values, _all_figures(block))
    return [*notes, reader] if reader else notes


def _all_figures(block: Block) -> dict[str, float]:
    return {k: v for run in block.runs for k, v in run.figures.items()}


def paired(block: Block) -> list[tuple[int, int, ranks.Paired]]:
    """Paired differences of the headline over shared prompts, for neighbouring ranked runs
    (as indices into the block's runs)."""
    out = []
    ranked = [i for i, b in enumerate(block.bands) if b is not None]
    for a, b in itertools.pairwise(ranked):
        per_a = _per_prompt(block.runs[a], block.headline)
        found = ranks.paired_difference(per_a, _per_prompt(block.runs[b], block.headline))
        if found is not None:
            out.append((a, b, found))
    return out


def _per_prompt(run: Run, name: str) -> dict[str, float]:
    prefix = at_prompt(name, "")
    return {k[len(prefix) :]: v for k, v in run.figures.items() if k.startswith(prefix)}


def paired_lines(block: Block, names: list[str] | None = None) -> list[str]:
    """The paired comparisons as sentences, runs named by ``names`` (default: labels)."""
    shown = names or [r.label for r in block.runs]
    lines = []
    for i, j, p in paired(block):
        verdict = "covers 0: no difference shown" if p.low <= 0.0 <= p.high else "excludes 0"
        lines.append(
            f"{shown[i]} − {shown[j]}: {block.headline} {format_figure(p.mean, p.low, p.high)} "
            f"over {p.prompts} shared prompts (paired t interval; {verdict})."
        )
    return lines


# --- markdown -------------------------------------------------------------------------


def markdown_table(block: Block) -> list[str]:
    """The ranked table of one block as Markdown lines."""
    header = ["rank", "model"]
    header += [f"{block.title(c)} {ARROW[c.direction]}".strip() for c in block.columns]
    header += ["generations", "date"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for i, run in enumerate(block.runs):
        cells = [block.band(i), md(run.label)]
        cells += [format_cell(c, *cell(block, run, c)) for c in block.columns]
        cells += [str(run.n_generations), run.date]
        lines.append("| " + " | ".join(cells) + " |")
    for note in block_notes(block):  # each note its own paragraph
        lines += ["", md(note)]
    pairs = paired_lines(block)
    if pairs:
        lines += ["", "Paired on shared prompts (mean per-prompt difference, first − second):"]
        lines += [f"- {line}" for line in pairs]
    return lines


def markdown_cross(block: Block) -> list[str]:
    """The cross-model section of one block as Markdown lines (empty when not computed)."""
    cm = block.cross
    if cm is None:
        return []
    labels = [md(r.label) for r in block.runs]
    lines = [
        "",
        "Cross-model homogeneity (are the models collapsing onto the same defaults?)",
        "",
        "| model | top names (count) |",
        "|---|---|",
    ]
    for label, top in zip(labels, cm.top_names, strict=True):
        names = ", ".join(f"{md(n)} ({c})" for n, c in top) or "none"
        lines.append(f"| {label} | {names} |")
    shared = ", ".join(md(n) for n in cm.shared_top) or "none"
    if len(labels) < 2:
        lines += ["", "Top-name overlap: n/a (one run: no pair of models to compare)."]
        lines += [
            "",
            f"Semantic similarity within the run (mean cosine between its generations for "
            f"the same prompt): {format_figure(cm.similarity[0][0])}"
            + (" (these logs carry no embeddings)." if math.isnan(cm.similarity[0][0]) else "."),
        ]
        return lines
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
    omitted = matrix_omitted(len(labels))
    if omitted is not None:
        return [omitted]
    lines = ["| | " + " | ".join(labels) + " |", "|" + "---|" * (len(labels) + 1)]
    for label, row in zip(labels, matrix, strict=True):
        lines.append(f"| {label} | " + " | ".join(format_figure(v) for v in row) + " |")
    return lines


def to_markdown(board: Leaderboard) -> str:
    """The whole leaderboard: one section per value file and task."""
    lines = ["# homog-bench leaderboard", "", f"Logs: `{md(board.location)}`. {RANKING}"]
    for block in board.blocks:
        lines += ["", f"## {_block_title(block)}", "", *markdown_table(block)]
        lines += trust.markdown(block)
        lines += markdown_cross(block)
    if board.skipped:
        lines += ["", "Skipped logs:", ""]
        lines += [f"- `{md(log)}`: {md(reason)}" for log, reason in board.skipped]
    return "\n".join(lines) + "\n"


# --- csv ------------------------------------------------------------------------------


def to_csv(board: Leaderboard) -> str:
    """One row per run (full precision; empty cells where a figure is absent)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = []
    for c in CSV_COLUMNS:
        name = field_name(c)
        fields += [name, *ci_keys(name)]
    ident = ["values", "task", "kind", "rank", "model", "label", "headline"]
    tail = ["degenerate_share", "n_generations", "created", "log", "scorer"]
    writer.writerow([*ident, *fields, *tail])
    for block in board.blocks:
        shown = {c.key: c for c in block.columns}
        for i, run in enumerate(block.runs):
            numbers = [
                "" if math.isnan(v) else repr(v)
                for c in CSV_COLUMNS
                for v in (cell(block, run, shown[c.key]) if c.key in shown else (math.nan,) * 3)
            ]
            who: list[object] = [block.values, block.task, block.kind, block.band(i), run.model]
            who.append(run.label)
            run_info = [run.degenerate, run.n_generations, run.created, run.log, run.scorer]
            # text from the logs is neutralized; the numbers (maybe negative) are not text
            text = [csv_cell(v) for v in [*who, block.headline]]
            writer.writerow([*text, *numbers, *map(csv_cell, run_info)])
    return out.getvalue()


# --- json -----------------------------------------------------------------------------


def to_json_data(board: Leaderboard) -> dict[str, Any]:
    """A JSON-safe dict (NaN → null)."""
    blocks = []
    for block in board.blocks:
        columns = [
            {
                "field": field_name(c),
                "figure": block.key(c),
                "title": block.title(c),
                "better": c.direction,
            }
            for c in block.columns
        ]
        rows = []
        for i, run in enumerate(block.runs):
            figures = {}
            for c in block.columns:
                value, low, high = cell(block, run, c)
                figures[field_name(c)] = {
                    "value": _nan_none(value),
                    "ci_low": _nan_none(low),
                    "ci_high": _nan_none(high),
                }
            band = block.bands[i]
            rows.append(
                {
                    "rank": block.band(i),
                    "rank_best": None if band is None else band.best,
                    "rank_worst": None if band is None else band.worst,
                    "degenerate_share": run.degenerate,
                    "label": run.label,
                    "model": run.model,
                    "figures": figures,
                    "n_generations": run.n_generations,
                    "created": run.created,
                    "log": run.log,
                    "scorer": run.scorer,
                    "not_available": {
                        title: reason for title, reason in dynamics_block.unavailable(block, run)
                    }
                    if block.kind == "dynamics"
                    else {},
                }
            )
        entry: dict[str, Any] = {
            "values": block.values,
            "task": block.task,
            "kind": block.kind,
            "headline": block.headline,
            "notes": block_notes(block),
            "paired": [
                {
                    "a": block.runs[a].label,
                    "b": block.runs[b].label,
                    "difference": p.mean,
                    "ci_low": p.low,
                    "ci_high": p.high,
                    "prompts": p.prompts,
                }
                for a, b, p in paired(block)
            ],
            "columns": columns,
            "rows": rows,
            "target": block.target,
            "trunk": block.detail or None,
            **trust.to_json(block),
            "reader_accuracy": reader_accuracy.for_json(block.values, _all_figures(block)),
        }
        if block.cross is not None:
            cm = block.cross

            def clean(matrix: list[list[float]]) -> list[list[float | str | None]]:
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
