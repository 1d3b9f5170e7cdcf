"""Leaderboard pictures (matplotlib, imported lazily: ``pip install homog-bench[report]``).

Per story block (value file × task):

- ``distribution``: each run's shares of the headline attribute's categories, grouped
  by category, with 95% Wilson intervals as error bars, a marker on every zero share
  (so a category no run wrote is visible) and the stakeholder's target as black bars;
- ``profile``: diversity profiles, the Hill number D_q against q = 0, 1, 2, ∞, one
  curve per run (the first closed attribute, and protagonist names);
- ``scatter``: normativity rate against semantic homogeneity (mean pairwise
  similarity), one point per run with its bootstrap intervals as error bars. Only
  when the logs carry semantic figures.

Runs are named by their key (``#1``, ``#2``, … in table order) on the axes; the legend,
below the axes, gives the key with the full label wrapped, so a picture keeps its size
and stays readable whatever the length of the labels.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homog_bench._errors import HomogBenchError
from homog_bench.figures.catalog import attribute_figure, ci_keys
from homog_bench.report.leaderboard import Block, Leaderboard

if TYPE_CHECKING:
    from matplotlib.figure import Figure

QS = ("D0", "D1", "D2", "Dinf")
SEMANTIC = "semantic_mean_similarity"
WRAP = 60  # characters per legend line
Z95 = 1.959963984540054


def run_keys(block: Block) -> list[str]:
    """``#1``, ``#2``, … for the block's runs, in table order."""
    return [f"#{i}" for i in range(1, len(block.runs) + 1)]


def wrap(text: str, width: int = WRAP) -> str:
    """``text`` over lines of at most ``width`` characters (long words broken).

    >>> wrap("anthropic/claude-3-5-haiku-20241022 -T seed=1 -T n=40", 24)
    'anthropic/claude-3-5-hai\\nku-20241022 -T seed=1 -T\\nn=40'
    """
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def wilson(share: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion (Wilson 1927); (NaN, NaN) without data.

    It treats the generations as independent (prompts are not resampled), so it is a
    guide to the counting noise of each bar, not the bootstrap of the headline.

    >>> [round(x, 3) for x in wilson(0.0, 20)]
    [0.0, 0.161]
    >>> [round(x, 3) for x in wilson(0.5, 40)]
    [0.352, 0.648]
    """
    if n <= 0 or math.isnan(share):
        return math.nan, math.nan
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _new_figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise HomogBenchError(
            "pictures need matplotlib: pip install 'homog-bench[report]'"
        ) from None
    return Figure(figsize=(width, height), layout="constrained")


def _legend_rows(labels: list[str]) -> int:
    return sum(label.count("\n") + 1 for label in labels)


def _sized(width: float, axes_height: float, legend: list[str]) -> Figure:
    """A figure tall enough for its axes and a one-column legend below them."""
    return _new_figure(width, axes_height + 0.6 + 0.19 * _legend_rows(legend))


def _legend_below(fig: Figure, handles: list[Any], labels: list[str]) -> None:
    fig.legend(
        handles, labels, loc="outside lower center", ncols=1, fontsize="small", frameon=False
    )


def _entries(block: Block) -> list[str]:
    return [
        f"{key}  {wrap(run.label)}" for key, run in zip(run_keys(block), block.runs, strict=True)
    ]


def distribution_figure(block: Block) -> Figure | None:
    """Grouped bars of category shares per run with Wilson intervals; the target in black."""
    attr = block.attributes.get("target") or block.attributes.get("headline")
    categories = list(block.categories)
    for c in block.target or {}:
        if c not in categories:
            categories.append(c)
    if attr is None or not categories or block.kind != "story":
        return None
    entries = _entries(block)
    fig = _sized(max(6.0, 1.3 * len(categories) + 2), 3.4, [*entries, "target"])
    ax = fig.add_subplot()
    n = len(block.runs)
    width = 0.8 / max(n, 1)
    handles: list[Any] = []
    for i, run in enumerate(block.runs):
        shares = [run.figures.get(f"{attr}_share_{c}", math.nan) for c in categories]
        counted = run.n_generations - run.figures.get(attribute_figure(attr, "excluded"), 0.0)
        bounds = [wilson(v, counted) for v in shares]
        below = [
            0.0 if math.isnan(lo) else max(0.0, v - lo)
            for v, (lo, _) in zip(shares, bounds, strict=True)
        ]
        above = [
            0.0 if math.isnan(hi) else max(0.0, hi - v)
            for v, (_, hi) in zip(shares, bounds, strict=True)
        ]
        xs = [k - 0.4 + width * (i + 0.5) for k in range(len(categories))]
        bars = ax.bar(
            xs, shares, width=width, yerr=[below, above], capsize=2, error_kw={"elinewidth": 0.8}
        )
        colour = bars.patches[0].get_facecolor() if bars.patches else None
        zeros = [x for x, v in zip(xs, shares, strict=True) if v == 0.0]
        if zeros:  # a zero share has no bar: mark it on the axis
            ax.scatter(
                zeros,
                [0.0] * len(zeros),
                marker="v",
                s=30,
                color=colour,
                zorder=4,
                clip_on=False,
                label="_zero share",
            )
        handles.append(bars)
    labels = list(entries)
    if block.target:
        target = ax.scatter(
            range(len(categories)),
            [block.target.get(c, 0.0) for c in categories],
            marker="_",
            s=900,
            linewidths=2.5,
            color="black",
            zorder=3,
            label="target",
        )
        handles.append(target)
        labels.append("target (value file)")
    ax.set_xticks(range(len(categories)), [wrap(c, 14) for c in categories])
    ax.set_ylabel("share of generations")
    ax.set_ylim(0, 1.05)
    ax.set_title(
        wrap(f"{attr}: shares per run (95% Wilson intervals) against the target", 70),
        fontsize="medium",
    )
    _legend_below(fig, handles, labels)
    return fig


def profile_figure(block: Block) -> Figure | None:
    """Hill number against q, one curve per run (one panel per attribute)."""
    attrs = [a for a in (block.attributes.get("closed"), "names") if a]
    attrs = [a for a in attrs if any(f"{a}_D0" in r.figures for r in block.runs)]
    if not attrs or block.kind != "story":
        return None
    entries = _entries(block)
    fig = _sized(max(6.0, 3.6 * len(attrs)), 3.2, entries)
    axes = fig.subplots(1, len(attrs), squeeze=False)[0]
    handles: list[Any] = []
    for ax, attr in zip(axes, attrs, strict=True):
        handles = []
        for run in block.runs:
            ys = [run.figures.get(f"{attr}_{q}", math.nan) for q in QS]
            (line,) = ax.plot(range(len(QS)), ys, marker="o", label=run.label)
            handles.append(line)
        ax.set_xticks(range(len(QS)), ["0", "1", "2", "∞"])
        ax.set_xlabel("order q")
        ax.set_ylabel("Hill number D_q")
        ax.set_title(wrap(f"diversity profile: {attr}", 36), fontsize="medium")
    _legend_below(fig, handles, entries)
    return fig


def scatter_figure(block: Block) -> Figure | None:
    """Normativity against semantic homogeneity, with bootstrap intervals as error bars."""
    head = block.headline
    keyed = list(zip(run_keys(block), block.runs, strict=True))
    points = [(k, r) for k, r in keyed if not math.isnan(r.figures.get(SEMANTIC, math.nan))]
    if not points or block.attributes.get("headline") is None or block.kind != "story":
        return None
    entries = [f"{k}  {wrap(r.label)}" for k, r in points]
    fig = _sized(6.0, 3.8, entries)
    ax = fig.add_subplot()
    handles: list[Any] = []
    for key, run in points:
        f = run.figures
        x, y = f[SEMANTIC], f.get(head, math.nan)
        handles.append(
            ax.errorbar(
                [x],
                [y],
                xerr=[[_below(f, SEMANTIC)], [_above(f, SEMANTIC)]],
                yerr=[[_below(f, head)], [_above(f, head)]],
                fmt="o",
                capsize=3,
                label=run.label,
            )
        )
        ax.annotate(key, (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.set_xlabel(wrap("semantic homogeneity: mean pairwise similarity (higher = more alike)", 50))
    ax.set_ylabel(wrap(f"{head.replace('_', ' ')} (higher = more normative)", 36))
    ax.set_title("normativity against semantic homogeneity", fontsize="medium")
    _legend_below(fig, handles, entries)
    return fig


def _below(figures: dict[str, float], key: str) -> float:
    low = figures.get(ci_keys(key)[0], math.nan)
    return 0.0 if math.isnan(low) else max(0.0, figures[key] - low)


def _above(figures: dict[str, float], key: str) -> float:
    high = figures.get(ci_keys(key)[1], math.nan)
    return 0.0 if math.isnan(high) else max(0.0, high - figures[key])


def block_figures(block: Block) -> dict[str, Figure]:
    """Every picture of one block that its figures allow, by name."""
    made = {
        "distribution": distribution_figure(block),
        "profile": profile_figure(block),
        "scatter": scatter_figure(block),
    }
    return {name: fig for name, fig in made.items() if fig is not None}


def render(fig: Figure, fmt: str) -> bytes:
    """The picture as PNG or SVG bytes (SVG text as paths: no fonts to fetch)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def block_slug(index: int, block: Block) -> str:
    """A file-name stem for a block: ``1-gender_in_stories``."""
    name = Path(block.values).stem
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    return f"{index}-{safe}"


def save_figures(board: Leaderboard, folder: Path, force: bool = False) -> list[Path]:
    """Write every picture as PNG and SVG into ``folder``; return the paths written.

    Each file is written like ``--out``: atomically, never through a symbolic link, and
    over an existing picture only with ``force``.
    """
    from homog_bench.report.output import check_output, write_output

    if folder.is_symlink():
        raise HomogBenchError(f"--figures {folder}: is a symbolic link; refusing to write there")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HomogBenchError(f"{folder}: cannot create the figures folder ({exc})") from None
    planned = [
        (folder / f"{block_slug(i, block)}-{name}.{fmt}", fig, fmt)
        for i, block in enumerate(board.blocks, 1)
        for name, fig in block_figures(block).items()
        for fmt in ("png", "svg")
    ]
    for path, _, _ in planned:  # refuse before writing anything
        check_output(path, force=force, option="--figures")
    for path, fig, fmt in planned:
        write_output(path, render(fig, fmt), force=force, option="--figures")
    return [path for path, _, _ in planned]
