"""Intervals for a binomial proportion, and the effective sample size of a pooled share.

Pure numpy/scipy. :func:`effective_size` treats the prompts as strata (see
:mod:`homog_bench.measures.intervals`, which builds every share interval on these).

References: E. B. Wilson (1927), JASA 22:209; L. D. Brown, T. T. Cai, A. DasGupta
(2001), "Interval estimation for a binomial proportion", Statistical Science 16:101
(modified Wilson, Jeffreys); E. L. Korn, B. I. Graubard (1998), "Confidence intervals
for proportions with small expected number of positive counts estimated from survey
data", Survey Methodology 24:193 (effective sample size).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from homog_bench.measures._util import FloatArray

__all__ = [
    "check_confidence",
    "effective_size",
    "jeffreys_interval",
    "modified_wilson_interval",
    "stratum_counts",
    "wilson_interval",
]


def check_confidence(confidence: float) -> float:
    """z for a two-sided ``confidence`` level; rejects levels outside (0, 1)."""
    if isinstance(confidence, bool) or not 0 < float(confidence) < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    return float(special.ndtri(0.5 + 0.5 * float(confidence)))


def chi2_quantile(q: float, dof: float) -> float:
    """The ``q`` quantile of a chi-squared law with ``dof`` degrees of freedom.

    The same computation as ``scipy.stats.chi2.ppf`` (2·P⁻¹(dof/2, q)), from
    ``scipy.special`` alone: importing ``scipy.stats`` costs about half a second
    at every Inspect start, since Inspect imports every installed plugin.

    >>> round(chi2_quantile(0.025, 2.0), 6)
    0.050636
    """
    return 2.0 * float(special.gammaincinv(dof / 2.0, q))


def wilson_interval(
    successes: float, trials: float, confidence: float = 0.95
) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (Wilson 1927).

    ``successes`` and ``trials`` may be non-integer (an effective sample size).

    >>> [round(b, 4) for b in wilson_interval(8, 10)]
    [0.4902, 0.9433]
    >>> [round(b, 4) for b in wilson_interval(0, 20)]
    [0.0, 0.1611]
    """
    z = check_confidence(confidence)
    if not trials > 0:
        return math.nan, math.nan
    p = successes / trials
    z2 = z * z
    denominator = 1.0 + z2 / trials
    centre = (p + z2 / (2.0 * trials)) / denominator
    half = z * math.sqrt(max(p * (1.0 - p), 0.0) / trials + z2 / (4.0 * trials * trials))
    half /= denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def modified_wilson_interval(
    successes: float, trials: float, confidence: float = 0.95
) -> tuple[float, float]:
    """Wilson's interval with the boundary modification of Brown, Cai and DasGupta (2001).

    Near 0 (1 ≤ x ≤ x*, x* = 2 for n ≤ 50, else 3) the lower bound is the exact
    Poisson one, ½χ²_{2x}(α/2) / n; symmetrically near n for the upper bound. Plain
    Wilson covers badly when n·p is about 1; this fixes that dip.

    >>> [round(b, 4) for b in modified_wilson_interval(1, 40)]
    [0.0006, 0.1288]
    >>> [round(b, 4) for b in modified_wilson_interval(39, 40)]
    [0.8712, 0.9994]
    """
    low, high = wilson_interval(successes, trials, confidence)
    if not trials > 0:
        return low, high
    alpha = 1.0 - float(confidence)
    limit = 2.0 if trials <= 50 else 3.0
    failures = trials - successes
    if 0 < successes <= limit:
        low = chi2_quantile(alpha / 2, 2.0 * successes) / (2.0 * trials)
    if 0 < failures <= limit:
        high = 1.0 - chi2_quantile(alpha / 2, 2.0 * failures) / (2.0 * trials)
    return low, high


def jeffreys_interval(
    successes: float, trials: float, confidence: float = 0.95
) -> tuple[float, float]:
    """The equal-tailed Jeffreys interval: Beta(x + ½, n − x + ½) quantiles, with the
    bound at 0 (x = 0) or 1 (x = n) as in Brown, Cai and DasGupta (2001).

    >>> [round(b, 4) for b in jeffreys_interval(8, 10)]
    [0.4972, 0.9559]
    >>> [round(b, 4) for b in jeffreys_interval(0, 20)]
    [0.0, 0.1166]
    """
    check_confidence(confidence)
    if not trials > 0:
        return math.nan, math.nan
    alpha = 1.0 - float(confidence)
    a, b = successes + 0.5, trials - successes + 0.5
    low = 0.0 if successes <= 0 else float(special.betaincinv(a, b, alpha / 2))
    high = 1.0 if successes >= trials else float(special.betaincinv(a, b, 1 - alpha / 2))
    return low, high


def stratum_counts(
    hits: ArrayLike, kept: ArrayLike, totals: ArrayLike | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    h = np.atleast_1d(np.asarray(hits, dtype=np.float64))
    k = np.atleast_1d(np.asarray(kept, dtype=np.float64))
    t = k if totals is None else np.atleast_1d(np.asarray(totals, dtype=np.float64))
    if not (h.shape == k.shape == t.shape) or h.ndim != 1:
        raise ValueError(
            f"hits, kept and totals must be 1-D of one length, got {h.shape}, {k.shape}, {t.shape}"
        )
    if np.any(h < 0) or np.any(h > k) or np.any(k > t):
        raise ValueError("need 0 <= hits <= kept <= totals in every stratum")
    return h, k, t


def effective_size(hits: ArrayLike, kept: ArrayLike, totals: ArrayLike | None = None) -> float:
    """The effective number of kept generations for the pooled share Σhits / Σkept.

    p̂(1 − p̂) / V̂, where V̂ is the stratified linearized variance of the ratio
    estimator (strata = prompts, per-stratum counts of hits, kept and all
    generations, each prompt's multinomial variance; one prompt gives the kept
    count itself), capped at the kept count: stratification can only reduce the
    variance, and a variance read off tiny strata is too noisy to narrow the
    interval on (Korn and Graubard 1998). When V̂ = 0 the kept count is used.

    >>> effective_size([6], [10]), effective_size([6], [10], [12])
    (10.0, 10.0)
    >>> effective_size([10, 0], [10, 10])  # two prompts that always differ: n_eff is capped
    20.0
    >>> round(effective_size([3, 5], [5, 5], [10, 10]), 3)
    10.0
    """
    h, k, t = stratum_counts(hits, kept, totals)
    n_kept = float(k.sum())
    n_all = float(t.sum())
    if n_kept <= 0:
        return 0.0
    ratio = float(h.sum()) / n_kept
    if ratio <= 0 or ratio >= 1:
        return n_kept
    mean_kept = n_kept / n_all
    # z_i = (hit_i − R·kept_i) / mean_kept takes three values: hit, kept miss, excluded
    values = np.array([1.0 - ratio, -ratio, 0.0]) / mean_kept
    variance = 0.0
    for hh, kk, tt in zip(h, k, t, strict=True):
        if tt <= 0:
            continue
        counts = np.array([hh, kk - hh, tt - kk])
        mean = float(counts @ values) / tt
        s2 = float(counts @ (values - mean) ** 2) / tt  # the multinomial variance in the prompt
        variance += (tt / n_all) ** 2 * s2 / tt
    if not variance > 0:
        return n_kept
    return float(min(n_kept, ratio * (1.0 - ratio) / variance))
