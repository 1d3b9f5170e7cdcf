"""Agreement of each judged structure with the offline one named in its ``agrees_with``.

The same comparison as ``homog-bench agreement`` (:mod:`homog_bench.report.agreement`),
computed by the metric so that it travels in the log header: over the generations where
both structures have a value (each read as 0/1 at 0.5), the accuracy and Cohen's kappa
(Cohen 1960), each with a percentile bootstrap interval from resampling the 2 × 2 table
(multinomial resamples of its cells, Efron & Tibshirani 1993), and the number ``n`` of
such generations. Kappa is NaN when both readings use one and the same label throughout.
Figure names: :func:`homog_bench.figures.catalog.pair_agreement`. No Inspect imports.

>>> settings = Settings("v", ["w", "w_j"], {}, bootstrap=0, pairs={"w_j": "w"})
>>> systems = [[1.0, 1.0], [0.0, 0.0], [0.0, 1.0], [1.0, float("nan")]]
>>> f = pair_agreement_figures(systems, settings)
>>> f["pair_agreement_w_j_vs_w_n"], round(f["pair_agreement_w_j_vs_w_accuracy"], 3)
(3.0, 0.667)
>>> round(f["pair_agreement_w_j_vs_w_kappa"], 3)  # p_o = 2/3, p_e = 2/3·1/3 + 1/3·2/3
0.4
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from homog_bench import measures as m
from homog_bench.figures.catalog import ci_keys, pair_agreement
from homog_bench.figures.records import Figures, Settings


def pair_agreement_figures(systems: Sequence[Sequence[float]], settings: Settings) -> Figures:
    """The pair agreement figures of every ``agrees_with`` pair, from the generations'
    systems (rows in the order of ``settings.structures``; NaN = no value)."""
    if not settings.pairs:
        return {}
    x = np.array([list(s) for s in systems], dtype=np.float64).reshape(
        len(systems), len(settings.structures)
    )
    column = {sid: j for j, sid in enumerate(settings.structures)}
    out: Figures = {}
    rng = np.random.default_rng(settings.seed)
    for judged, offline in settings.pairs.items():
        if judged not in column or offline not in column:
            continue
        j, o = x[:, column[judged]], x[:, column[offline]]
        both = ~(np.isnan(j) | np.isnan(o))
        table = np.zeros((2, 2), dtype=np.float64)  # rows: offline 0/1, columns: judged 0/1
        np.add.at(table, ((o[both] >= 0.5).astype(int), (j[both] >= 0.5).astype(int)), 1.0)
        n = int(table.sum())
        out[pair_agreement(judged, offline, "n")] = float(n)
        for stat, estimate in zip(
            ("accuracy", "kappa"), _agreement(table, settings, rng), strict=True
        ):
            key = pair_agreement(judged, offline, stat)
            low, high = ci_keys(key)
            out[key], out[low], out[high] = estimate.value, estimate.low, estimate.high
    return out


def _agreement(
    table: np.ndarray, settings: Settings, rng: np.random.Generator
) -> tuple[m.Estimate, m.Estimate]:
    n = int(table.sum())
    if n == 0:
        nan = m.Estimate(float("nan"), float("nan"), float("nan"), "no generation has both")
        return nan, nan
    point = m.kappa_rows(table[None])
    if settings.bootstrap > 0:
        draws = rng.multinomial(n, table.ravel() / n, size=settings.bootstrap)
        reps = m.kappa_rows(draws.reshape(settings.bootstrap, 2, 2).astype(np.float64))
    else:
        reps = (np.zeros(0), np.zeros(0))
    return (
        m.percentile_interval(float(point[0][0]), reps[0], settings.confidence),
        m.percentile_interval(float(point[1][0]), reps[1], settings.confidence),
    )
