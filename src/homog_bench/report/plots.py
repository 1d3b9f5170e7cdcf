"""Leaderboard pictures (matplotlib, imported lazily: ``pip install homog-bench[report]``).

Per block (value file × task):

- ``distribution``: each run's shares of the headline attribute's categories, grouped
  by category, with the stakeholder's target as black markers;
- ``profile``: diversity profiles, the Hill number D_q against q = 0, 1, 2, ∞, one
  curve per run (the first closed attribute, and protagonist names);
- ``scatter``: normativity rate against semantic homogeneity (mean pairwise
  similarity), one point per run with its bootstrap intervals as error bars. Only
  when the logs carry semantic figures.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homog_bench._errors import HomogBenchError
from homog_bench.figures.catalog import ci_keys
from homog_bench.report.leaderboard import Block, Leaderboard

if TYPE_CHECKING:
    from matplotlib.figure import Figure

QS = ("D0", "D1", "D2", "Dinf")
SEMANTIC = "semantic_mean_similarity"


def _new_figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise HomogBenchError(
            "pictures need matplotlib: pip install 'homog-bench[report]'"
        ) from None
    return Figure(figsize=(width, height), layout="constrained")


def _figure(width: float, height: float) -> tuple[Figure, Any]:
    fig = _new_figure(width, height)
    return fig, fig.add_subplot()


def distribution_figure(block: Block) -> Figure | None:
    """Grouped bars of category shares per run, the target as black markers."""
    attr = block.attributes.get("target") or block.attributes.get("headline")
    categories = list(block.categories)
    for c in block.target or {}:
        if c not in categories:
            categories.append(c)
    if attr is None or not categories:
        return None
    fig, ax = _figure(max(5.0, 1.4 * len(categories) + 2), 3.6)
    n = len(block.runs)
    width = 0.8 / max(n, 1)
    for i, run in enumerate(block.runs):
        shares = [run.figures.get(f"{attr}_share_{c}", math.nan) for c in categories]
        xs = [k - 0.4 + width * (i + 0.5) for k in range(len(categories))]
        ax.bar(xs, shares, width=width, label=run.label)
    if block.target:
        ax.scatter(
            range(len(categories)),
            [block.target.get(c, 0.0) for c in categories],
            marker="_",
            s=900,
            linewidths=2.5,
            color="black",
            zorder=3,
            label="target",
        )
    ax.set_xticks(range(len(categories)), categories)
    ax.set_ylabel("share of generations")
    ax.set_ylim(0, 1)
    ax.set_title(f"{attr}: distribution per model against the target")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def profile_figure(block: Block) -> Figure | None:
    """Hill number against q, one curve per run (one panel per attribute)."""
    attrs = [a for a in (block.attributes.get("closed"), "names") if a]
    attrs = [a for a in attrs if any(f"{a}_D0" in r.figures for r in block.runs)]
    if not attrs:
        return None
    fig = _new_figure(4.5 * len(attrs), 3.6)
    axes = fig.subplots(1, len(attrs), squeeze=False)[0]
    for ax, attr in zip(axes, attrs, strict=True):
        for run in block.runs:
            ys = [run.figures.get(f"{attr}_{q}", math.nan) for q in QS]
            ax.plot(range(len(QS)), ys, marker="o", label=run.label)
        ax.set_xticks(range(len(QS)), ["0", "1", "2", "∞"])
        ax.set_xlabel("order q")
        ax.set_ylabel("Hill number D_q (effective categories)")
        ax.set_title(f"diversity profile: {attr}")
        ax.legend(fontsize="small")
    return fig


def scatter_figure(block: Block) -> Figure | None:
    """Normativity against semantic homogeneity, with bootstrap intervals as error bars."""
    head = block.headline
    points = [r for r in block.runs if not math.isnan(r.figures.get(SEMANTIC, math.nan))]
    if not points or block.attributes.get("headline") is None:
        return None
    fig, ax = _figure(5.5, 4.2)
    for run in points:
        f = run.figures
        x, y = f[SEMANTIC], f.get(head, math.nan)
        ax.errorbar(
            [x],
            [y],
            xerr=[[_below(f, SEMANTIC)], [_above(f, SEMANTIC)]],
            yerr=[[_below(f, head)], [_above(f, head)]],
            fmt="o",
            capsize=3,
            label=run.label,
        )
        ax.annotate(run.label, (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.set_xlabel("semantic homogeneity: mean pairwise similarity (higher = more alike)")
    ax.set_ylabel(f"{head.replace('_', ' ')} (higher = more normative)")
    ax.set_title("normativity against semantic homogeneity")
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


def save_figures(board: Leaderboard, folder: Path) -> list[Path]:
    """Write every picture as PNG and SVG into ``folder``; return the paths written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HomogBenchError(f"{folder}: cannot create the figures folder ({exc})") from None
    written = []
    for i, block in enumerate(board.blocks, 1):
        for name, fig in block_figures(block).items():
            for fmt in ("png", "svg"):
                path = folder / f"{block_slug(i, block)}-{name}.{fmt}"
                path.write_bytes(render(fig, fmt))
                written.append(path)
    return written
