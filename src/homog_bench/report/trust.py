"""How far to trust a block's figures: judge-calibrated figures and reader–judge agreement.

Read from the log headers (figures the metric computed), for the leaderboard:

* **calibrated attributes** (value files with ``calibrate:``; figures from
  :mod:`homog_bench.figures.calibrated`): per run and attribute, the calibrated
  normativity, D1 and JS to target with their intervals, the judged generations and
  judge calls, and the agreement of the offline reader with the judge on the judged
  generations: accuracy and Cohen's kappa, each with its percentile bootstrap interval;
* **agrees_with pairs** (judged structures checked against an offline one; figures from
  :mod:`homog_bench.figures.agreement`): per run and pair, the generations both read,
  accuracy and Cohen's kappa with their intervals.

Each section is a small table under the block's ranked table; a block without such
figures has none.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homog_bench.figures import catalog
from homog_bench.figures.catalog import attribute_figure, ci_keys
from homog_bench.report.output import markdown_text as md
from homog_bench.report.summary import format_figure

if TYPE_CHECKING:
    from homog_bench.report.leaderboard import Block

Interval = tuple[float, float, float]


@dataclass(frozen=True)
class Section:
    """One table: its title, a note on how to read it, column titles, rows of cells."""

    title: str
    note: str
    heads: list[str]
    rows: list[list[str]]  # plain text, escaped where it is written
    data: list[dict[str, Any]]  # the same rows for JSON (numbers, NaN → None)


def _interval(figures: dict[str, float], key: str) -> Interval:
    low, high = ci_keys(key)
    nan = math.nan
    return figures.get(key, nan), figures.get(low, nan), figures.get(high, nan)


def _json(value: Interval) -> dict[str, float | None]:
    return {
        k: None if math.isnan(v) else v
        for k, v in zip(("value", "ci_low", "ci_high"), value, strict=True)
    }


def _count(figures: dict[str, float], key: str) -> str:
    value = figures.get(key, math.nan)
    return "n/a" if math.isnan(value) else f"{value:.0f}"


CALIBRATED_STATS = (
    ("normativity", "calibrated normativity"),
    ("D1", "calibrated D1"),
    ("js_target", "calibrated JS to target"),
)


def calibration(block: Block) -> Section | None:
    """The calibrated figures and reader–judge agreement of the block's runs, if any."""
    rows: list[list[str]] = []
    data: list[dict[str, Any]] = []
    for run in block.runs:
        f = run.figures
        for attr in catalog.attributes(f):
            if attribute_figure(attr, f"{catalog.CALIBRATED}_normativity") not in f:
                continue
            stats = {
                stat: _interval(f, attribute_figure(attr, f"{catalog.CALIBRATED}_{stat}"))
                for stat, _ in CALIBRATED_STATS
            }
            accuracy = _interval(f, attribute_figure(attr, "agreement_accuracy"))
            kappa = _interval(f, attribute_figure(attr, "agreement_kappa"))
            judged = attribute_figure(attr, "calibration_n_judged")
            rows.append(
                [run.label, attr]
                + [format_figure(*v) for v in stats.values()]
                + [_count(f, judged), _count(f, "judge_calls")]
                + [format_figure(*accuracy), format_figure(*kappa)]
            )
            data.append(
                {
                    "label": run.label,
                    "attribute": attr,
                    **{f"calibrated_{stat}": _json(v) for stat, v in stats.items()},
                    "n_judged": _number(f, judged),
                    "judge_calls": _number(f, "judge_calls"),
                    "judge_generations": _number(f, "judge_generations"),
                    "agreement_accuracy": _json(accuracy),
                    "agreement_kappa": _json(kappa),
                }
            )
    if not rows:
        return None
    heads = ["model", "attribute", *(title for _, title in CALIBRATED_STATS)]
    heads += ["judged", "judge calls", "accuracy offline vs judge", "Cohen's kappa"]
    note = (
        "Calibrated with the judge (prediction-powered inference): what judging every "
        "generation would give, estimated from the judged subsample and the offline reading "
        "of every generation; the table above stays the offline reader's. Accuracy and "
        "Cohen's kappa: agreement of the offline reader with the judge on the judged "
        "generations (kappa 1 = perfect, 0 = chance), with bootstrap intervals."
    )
    return Section("Judge-calibrated figures", note, heads, rows, data)


def pair_agreement(block: Block) -> Section | None:
    """Each ``agrees_with`` pair's agreement in the block's runs, if any."""
    rows: list[list[str]] = []
    data: list[dict[str, Any]] = []
    for run in block.runs:
        f = run.figures
        for pair, prefix in catalog.pair_agreements(f).items():
            accuracy, kappa = _interval(f, prefix + "accuracy"), _interval(f, prefix + "kappa")
            cells = [format_figure(*accuracy), format_figure(*kappa)]
            rows.append([run.label, pair, _count(f, prefix + "n"), *cells])
            data.append(
                {
                    "label": run.label,
                    "pair": pair,
                    "n": _number(f, prefix + "n"),
                    "accuracy": _json(accuracy),
                    "kappa": _json(kappa),
                }
            )
    if not rows:
        return None
    note = (
        "Judged structures against the offline structure in their agrees_with, over the "
        "generations both read: accuracy and Cohen's kappa (1 = perfect, 0 = chance, n/a = "
        "one label only), with bootstrap intervals."
    )
    heads = ["model", "judged vs offline", "generations", "accuracy", "Cohen's kappa"]
    return Section("Judge against offline reader", note, heads, rows, data)


def _number(figures: dict[str, float], key: str) -> float | None:
    value = figures.get(key, math.nan)
    return None if math.isnan(value) else value


def sections(block: Block) -> list[Section]:
    """Every trust section of a block, in display order."""
    return [s for s in (calibration(block), pair_agreement(block)) if s is not None]


def markdown(block: Block) -> list[str]:
    """The sections as Markdown lines (empty when there are none)."""
    lines: list[str] = []
    for section in sections(block):
        lines += ["", f"{section.title}. {section.note}", ""]
        lines += ["| " + " | ".join(section.heads) + " |", "|" + "---|" * len(section.heads)]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in section.rows]
    return lines


def to_html(block: Block) -> str:
    """The sections as HTML."""
    out = []
    for section in sections(block):
        heads = "".join(f"<th>{html.escape(h)}</th>" for h in section.heads)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in section.rows
        )
        out.append(
            f"<h3>{html.escape(section.title)}</h3>\n"
            f'<p class="note">{html.escape(section.note)}</p>\n'
            f"<table><tr>{heads}</tr>\n{body}</table>"
        )
    return "\n".join(out)


def to_json(block: Block) -> dict[str, list[dict[str, Any]]]:
    """The sections' rows for the JSON report, by section."""
    out: dict[str, list[dict[str, Any]]] = {}
    calibrated, pairs = calibration(block), pair_agreement(block)
    if calibrated is not None:
        out["calibration"] = calibrated.data
    if pairs is not None:
        out["judge_agreement"] = pairs.data
    return out
