"""The prediction-powered mean and its variance, from scalar readings or count tables.

With offline readings f on all N generations and judge readings Y on a random n of them
(the judged ones are among the N), the PPI++ estimate of E[Y] (Angelopoulos et al.,
"Prediction-powered inference", Science 2023; Angelopoulos, Duchi & Zrnic, "PPI++", 2023)
is m̂(λ) = Ȳ_n + λ (f̄_N − f̄_n), and with r = n/N

    Var m̂ = Var(Y − λ(1−r) f) / n + λ² (1−r) Var(f) / N,

minimised at λ = Cov(Y, f) / Var(f), estimated on the judged pairs (the regression
coefficient of the double-sampling estimator; Cochran, *Sampling Techniques*, §12.6).
The count-table forms take batches: ``joint`` (B, K, K) judged pairs (offline category ×
judge category) and ``rest`` (B, K) offline categories of the other generations, so that
bootstrap resamples are one array operation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from homog_bench.measures._util import FloatArray

__all__ = ["kappa_rows", "linear_variance", "ppi_mean", "ppi_means", "tuned_lambda"]


def ppi_mean(
    y: Sequence[float], f_judged: Sequence[float], f_all: Sequence[float], lam: float | None = None
) -> tuple[float, float, float]:
    """(estimate, variance, λ) of E[Y] from scalar readings; ``f_judged`` ⊂ ``f_all``.

    ``y`` and ``f_judged`` are the judged pairs (same order), ``f_all`` the offline
    reading of every generation (the judged ones included). ``lam=None`` tunes λ.

    >>> ppi_mean([1, 0, 1, 1], [1, 0, 1, 0], [1, 0, 1, 0, 1, 1, 1, 0], lam=1.0)[0]  # .75 + .125
    0.875
    >>> ppi_mean([1, 0, 1, 1], [1, 0, 1, 0], [1, 0, 1, 0, 1, 1, 1, 0])[2]  # Cov / Var = .125 / .25
    0.5
    >>> ppi_mean([1, 0, 1, 1], [1, 0, 1, 0], [1, 0, 1, 0], lam=0.0)[:2]  # judge only
    (0.75, 0.0625)
    """
    ya = np.asarray(y, dtype=np.float64)
    ga = np.asarray(f_judged, dtype=np.float64)
    fa = np.asarray(f_all, dtype=np.float64)
    n, big_n = ya.size, fa.size
    if n == 0 or ga.size != n or big_n < n:
        raise ValueError("need judged pairs of equal length, no more than all readings")
    if lam is None:
        cov = float(np.mean((ya - ya.mean()) * (ga - ga.mean())))
        var_f = float(ga.var())
        lam = float(np.clip(cov / var_f, 0.0, 1.0)) if var_f > 0 else 0.0
    r = n / big_n
    est = float(ya.mean() + lam * (fa.mean() - ga.mean()))
    resid = ya - lam * (1 - r) * ga
    var_resid = float(resid.var(ddof=1)) if n > 1 else math.nan
    var_f_all = float(fa.var(ddof=1)) if big_n > 1 else 0.0
    variance = var_resid / n + lam**2 * (1 - r) * var_f_all / big_n
    return est, variance, lam


def ppi_means(
    joint: FloatArray, rest: FloatArray, lam: float | FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """Estimated category probabilities (B, K) and λ (B,) from batched counts.

    ``joint`` (B, K, K): judged pairs, offline category × judge category; ``rest`` (B, K):
    offline categories of the generations without a judge value.
    """
    n = joint.sum(axis=(1, 2))
    f_lab = joint.sum(axis=2) / n[:, None]
    y_lab = joint.sum(axis=1) / n[:, None]
    f_all = (joint.sum(axis=2) + rest) / (n + rest.sum(axis=1))[:, None]
    if lam is None:
        diag = np.diagonal(joint, axis1=1, axis2=2) / n[:, None]
        cov = (diag - y_lab * f_lab).sum(axis=1)
        var = (f_lab * (1 - f_lab)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            lam_arr = np.where(var > 0, np.clip(cov / np.where(var > 0, var, 1.0), 0, 1), 0.0)
    else:
        lam_arr = np.broadcast_to(np.asarray(lam, dtype=np.float64), n.shape).copy()
    return y_lab + lam_arr[:, None] * (f_all - f_lab), lam_arr


def linear_variance(
    joint: FloatArray, rest: FloatArray, w: FloatArray, lam: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Variance (B,) of the PPI estimate of E[w·Y] at λ (B,), and of the judge-only one.

    ``w`` (B, K) weighs the categories (a linearised ratio for shares and normativity).
    """
    n = joint.sum(axis=(1, 2))
    big_n = n + rest.sum(axis=1)
    r = n / big_n
    p = joint / n[:, None, None]
    c = lam * (1 - r)
    resid = w[:, None, :] - c[:, None, None] * w[:, :, None]  # at (offline a, judge b)
    with np.errstate(invalid="ignore", divide="ignore"):
        correction = np.where(n > 1, n / (n - 1), np.nan)
    mean = (p * resid).sum(axis=(1, 2))
    var_resid = ((p * resid**2).sum(axis=(1, 2)) - mean**2) * correction
    p_y = p.sum(axis=1)
    var_y = ((p_y * w**2).sum(axis=1) - (p_y * w).sum(axis=1) ** 2) * correction
    f_all = (joint.sum(axis=2) + rest) / big_n[:, None]
    var_f = (f_all * w**2).sum(axis=1) - (f_all * w).sum(axis=1) ** 2
    var_f = var_f * big_n / np.maximum(big_n - 1, 1)
    var_cal = np.clip(var_resid, 0, None) / n + lam**2 * (1 - r) * np.clip(var_f, 0, None) / big_n
    return var_cal, np.clip(var_y, 0, None) / n


def tuned_lambda(joint: FloatArray, w: FloatArray) -> FloatArray:
    """The λ (B,) minimising the variance of the PPI estimate of E[w·Y], w (B, K)."""
    p = joint / joint.sum(axis=(1, 2))[:, None, None]
    f_lab, y_lab = p.sum(axis=2), p.sum(axis=1)
    cov = (p * w[:, :, None] * w[:, None, :]).sum(axis=(1, 2))
    cov -= (f_lab * w).sum(axis=1) * (y_lab * w).sum(axis=1)
    var = (f_lab * w**2).sum(axis=1) - (f_lab * w).sum(axis=1) ** 2
    ok = var > 1e-15
    return np.where(ok, np.clip(cov / np.where(ok, var, 1.0), 0.0, 1.0), 0.0)


def kappa_rows(joint: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Accuracy and Cohen's kappa (Cohen 1960) of (B, K, K) agreement tables, each (B,).

    >>> acc, kappa = kappa_rows(np.array([[[20.0, 5.0], [10.0, 15.0]]]))
    >>> float(acc[0]), round(float(kappa[0]), 4)  # p_e = .5·.6 + .5·.4 = .5
    (0.7, 0.4)
    """
    n = joint.sum(axis=(1, 2))
    p = joint / n[:, None, None]
    accuracy = np.trace(p, axis1=1, axis2=2)
    chance = (p.sum(axis=2) * p.sum(axis=1)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        kappa = np.where(chance < 1, (accuracy - chance) / (1 - chance), np.nan)
    return accuracy, kappa
