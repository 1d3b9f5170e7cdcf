"""The core along the trunk of a ``dynamics`` log (matplotlib, imported lazily:
``pip install homog-bench[report]``; ``homog-bench summary LOG --plot core.png``).

Top panel: each structure's core per cut point (words into the trunk), with the default
core (the plain answers) as a dashed line of the same colour and each attribute's
commitment point as a vertical black line (in the legend) over its interval (grey).
Bottom panel: the distance of each cut's core from the default, with its interval.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from homog_bench._errors import HomogBenchError
from homog_bench.figures import catalog
from homog_bench.report._logs import homog_scorer, read_log
from homog_bench.report.plots import _new_figure, render

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def dynamics_figures_of(path: str) -> dict[str, float]:
    """The figures of the dynamics scorer in the log at ``path``."""
    log = read_log(path, header_only=True)
    for score in (log.results.scores if log.results else []) or []:
        figures = {k: v.value for k, v in score.metrics.items()}
        if homog_scorer(score.name) is not None and catalog.is_dynamics(figures):
            return figures
    raise HomogBenchError(f"{path}: --plot: not a dynamics log (no dynamics figures)")


def _cuts(figures: dict[str, float]) -> list[int]:
    """The cut positions of a dynamics log's figures, in trunk order."""
    return [catalog.cut_position(arm) for arm in catalog.cut_arms(figures)]


def _at(figures: dict[str, float], cut: int, name: str) -> float:
    """Figure ``name`` of the cut after ``cut`` words (NaN when absent)."""
    return figures.get(catalog.in_arm(catalog.cut_arm(cut), name), math.nan)


def trunk_figure(figures: dict[str, float]) -> Figure:
    """Core per cut point and distance from the default (see the module docstring)."""
    cuts = _cuts(figures)
    if not cuts:
        raise HomogBenchError("--plot: the log has no cut points to plot")
    first = catalog.in_arm(catalog.cut_arm(cuts[0]), "core_")
    structures = sorted(k[len(first) :] for k in figures if k.startswith(first))
    fig = _new_figure(7.5, 6.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    for sid in structures:
        ys = [_at(figures, c, f"core_{sid}") for c in cuts]
        default = figures.get(catalog.in_arm(catalog.DEFAULT_ARM, f"core_{sid}"), math.nan)
        if all(v == 0 or math.isnan(v) for v in [*ys, default]):
            continue  # a structure that never occurs
        (line,) = top.plot(cuts, ys, marker="o", label=sid)
        if not math.isnan(default):
            top.axhline(default, linestyle="--", linewidth=1, color=line.get_color())
    commitments = {
        attr: key
        for attr, key in catalog.commitments(figures).items()
        if not math.isnan(figures[key])
    }
    styles = (":", "-.", "--")
    for i, (attr, key) in enumerate(commitments.items()):
        value = figures[key]
        low_key, high_key = catalog.ci_keys(key)
        low = figures.get(low_key, value)
        high = min(figures.get(high_key, value), float(cuts[-1]))
        top.axvspan(low, high, alpha=0.08, color="grey")
        style = styles[i % len(styles)]
        top.axvline(value, color="black", linestyle=style, linewidth=1.2, label=f"{attr} commits")
    top.set_ylim(-0.02, 1.05)
    top.set_ylabel("core (share of continuations)")
    top.set_title("core along the trunk (dashed: the plain answers' default core)")
    top.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    dist = [_at(figures, c, "distance") for c in cuts]
    low_name, high_name = catalog.ci_keys("distance")
    lows = [_at(figures, c, low_name) for c in cuts]
    highs = [_at(figures, c, high_name) for c in cuts]
    errors = [
        [0.0 if math.isnan(lo) else max(0.0, d - lo) for d, lo in zip(dist, lows, strict=True)],
        [0.0 if math.isnan(hi) else max(0.0, hi - d) for d, hi in zip(dist, highs, strict=True)],
    ]
    bottom.errorbar(cuts, dist, yerr=errors, fmt="o-", capsize=3, color="black")
    bottom.set_xlabel("cut point (words of the trunk before the continuation)")
    bottom.set_ylabel("distance from default")
    return fig


def write_trunk_plot(log: str, out: Path) -> Path:
    """Write the plot of the dynamics log ``log`` to ``out`` (``.png`` or ``.svg``)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise HomogBenchError(f"--plot {out}: expected a .png or .svg file name")
    data = render(trunk_figure(dynamics_figures_of(log)), fmt)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise HomogBenchError(f"--plot {out}: cannot write ({exc})") from None
    return out
