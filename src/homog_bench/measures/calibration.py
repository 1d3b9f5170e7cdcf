"""Judge-calibrated category shares: prediction-powered inference with a judged subsample.

Every one of N generations has an offline reading f(x) (a category, or None when the
reader found none); a random subsample of n was also judged, giving Y (the judge's
category, or None when the judge gave no usable answer; those are dropped from the
subsample, i.e. assumed missing at random). The estimand is what judging *every*
generation would give. With one-hot vectors, f̄_N the mean offline reading over all N,
and Ȳ_n, f̄_n the means over the judged subsample, the estimate of the category
probabilities is (Angelopoulos et al., "Prediction-powered inference", Science 2023;
PPI++: Angelopoulos, Duchi & Zrnic, "PPI++: efficient prediction-powered inference",
2023)

    m̂(λ) = Ȳ_n + λ (f̄_N − f̄_n),

unbiased for every fixed λ: λ = 0 is the judge-only estimate, λ = 1 classic PPI. The
subsample is part of the N, so with r = n/N its variance is

    Var m̂ = Var(Y − λ(1−r) f) / n + λ² (1−r) Var(f) / N,

minimised at λ = Cov(Y, f) / Var(f), estimated on the judged pairs (the regression
coefficient of the double-sampling estimator; Cochran, *Sampling Techniques*, §12.6). One λ
serves the whole vector (summed over categories, so the estimates still sum to 1); the
normativity rate gets its own λ. λ is clipped to [0, 1].

Shares among kept categories and the normativity rate are ratios of such means: their
intervals are closed-form (delta method, normal quantile). D1 and JS/TV to a target are
nonlinear in the shares: their intervals are percentile bootstrap intervals resampling
both samples (the judged pairs and the rest), λ re-estimated in every resample. Negative
estimated probabilities are set to 0 before D1/JS/TV.

>>> offline = ["man"] * 6 + ["woman"] * 4
>>> judge = ["man", "woman", None, None, None, None, "woman", "woman", None, None]
>>> sampled = [True, True, False, False, False, False, True, True, False, False]
>>> c = calibrate(offline, judge, sampled, normative=["man"], bootstrap=0)
>>> c.n_judged, c.judge_only.shares["man"].value  # 1 of the 4 judged is a man
(4, 0.25)
>>> # on the judged pairs Σ_c Cov(Y_c, f_c) / Σ_c Var(f_c) = 0.25 / 0.5; m̂(man) = .25 + λ·.1
>>> c.lam, round(c.calibrated.shares["man"].value, 12)
(0.5, 0.3)
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from homog_bench.measures._util import FloatArray
from homog_bench.measures.bootstrap import Estimate
from homog_bench.measures.divergence import jensen_shannon_rows, total_variation_rows
from homog_bench.measures.diversity import hill_numbers

__all__ = ["Calibration", "Figures", "calibrate", "ppi_mean"]

_NONE = "\x00none"  # the offline reader found no category (always excluded)


@dataclass(frozen=True)
class Figures:
    """Shares of the kept categories, normativity, D1 and divergence to the target."""

    shares: dict[str, Estimate]
    normativity: Estimate
    d1: Estimate
    js: Estimate | None = None
    tv: Estimate | None = None


@dataclass(frozen=True)
class Calibration:
    """Calibrated, judge-only (same subsample) and offline-only figures, and the counts.

    ``effective_n`` is the number of judged generations a judge-only estimate would need
    for the calibrated share variance (summed over categories); ``n_missing`` counts the
    sampled generations whose judge value is missing.
    """

    calibrated: Figures
    judge_only: Figures
    offline: Figures
    n_total: int
    n_sampled: int
    n_judged: int
    n_missing: int
    lam: float
    lam_normativity: float
    effective_n: float
    reason: str | None = None
    categories: list[str] = field(default_factory=list)


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


# ---------------------------------------------------------------- counts-based core


def _means(
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


def _linear_variance(
    joint: FloatArray, rest: FloatArray, w: FloatArray, lam: float
) -> tuple[float, float]:
    """(variance of the PPI estimate of E[w·Y] at λ, judge-only variance of the same)."""
    n = float(joint.sum())
    big_n = n + float(rest.sum())
    r = n / big_n
    p = joint / n
    resid = w[None, :] - lam * (1 - r) * w[:, None]  # value at (offline a, judge b)
    mean = float((p * resid).sum())
    correction = n / (n - 1) if n > 1 else math.nan
    var_resid = (float((p * resid**2).sum()) - mean**2) * correction
    p_y = p.sum(axis=0)
    var_y = (float((p_y * w**2).sum()) - float((p_y * w).sum()) ** 2) * correction
    f_all = (joint.sum(axis=1) + rest) / big_n
    var_f = float((f_all * w**2).sum()) - float((f_all * w).sum()) ** 2
    var_f *= big_n / max(big_n - 1, 1)
    return max(var_resid, 0.0) / n + lam**2 * (1 - r) * max(var_f, 0.0) / big_n, var_y / n


def _ratio_lam(joint: FloatArray, w: FloatArray) -> float:
    """The λ minimising the variance of the PPI estimate of E[w·Y]."""
    n = float(joint.sum())
    p = joint / n
    f_lab, y_lab = p.sum(axis=1), p.sum(axis=0)
    cov = float((p * np.outer(w, w)).sum()) - float(f_lab @ w) * float(y_lab @ w)
    var = float(f_lab @ w**2) - float(f_lab @ w) ** 2
    return float(np.clip(cov / var, 0.0, 1.0)) if var > 1e-15 else 0.0


def _closed(value: float, variance: float, z: float, reason: str | None = None) -> Estimate:
    if reason is not None or math.isnan(value):
        return Estimate(math.nan, math.nan, math.nan, reason or "undefined")
    if not variance >= 0:
        return Estimate(value, math.nan, math.nan, "too few judged generations for an interval")
    half = z * math.sqrt(variance)
    return Estimate(value, max(0.0, value - half), min(1.0, value + half))


def _kept_shares(m: FloatArray, kept: NDArray[np.bool_]) -> FloatArray:
    """Shares (B, k) among kept categories from estimated probabilities (B, K)."""
    positive = np.clip(m[:, kept], 0.0, None)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares: FloatArray = positive / positive.sum(axis=1, keepdims=True)
    return shares


@dataclass(frozen=True)
class _Setup:
    labels: list[str]
    kept: NDArray[np.bool_]
    normative: FloatArray
    target: FloatArray | None
    z: float
    bootstrap: int
    level: float


def _figures(
    joint: FloatArray, rest: FloatArray, setup: _Setup, lam: float | None, rng: np.random.Generator
) -> tuple[Figures, float, float, float]:
    """Figures at λ (None: tuned), with λ, normativity λ and the effective n."""
    kept, z = setup.kept, setup.z
    k_w = kept.astype(np.float64)
    m, lam_arr = _means(joint[None], rest[None], lam)
    lam_v = float(lam_arr[0])
    m_kept = float(m[0] @ k_w)
    shares: dict[str, Estimate] = {}
    var_cal = var_judge = 0.0
    for i, label in enumerate(setup.labels):
        if not kept[i]:
            continue
        if m_kept <= 0:
            shares[label] = _closed(math.nan, math.nan, z, "no kept category")
            continue
        s = float(m[0, i]) / m_kept
        w = (np.eye(len(kept))[i] - s * k_w) / m_kept
        v, vj = _linear_variance(joint, rest, w, lam_v)
        var_cal += v
        var_judge += vj
        shares[label] = _closed(min(max(s, 0.0), 1.0), v, z)
    effective = float(joint.sum()) * var_judge / var_cal if var_cal > 0 else math.nan
    # normativity with its own λ (tuned at the judge-only ratio's linearisation)
    p_y = joint.sum(axis=0)
    y_kept = float(p_y @ k_w)
    lam_n = 0.0 if lam is not None else math.nan
    if m_kept <= 0 or y_kept <= 0:
        normativity = _closed(math.nan, math.nan, z, "no kept category")
    else:
        if lam is None:
            rate0 = float(p_y @ setup.normative) / y_kept
            lam_n = _ratio_lam(joint, (setup.normative - rate0 * k_w))
        else:
            lam_n = lam
        m_n, _ = _means(joint[None], rest[None], lam_n)
        den = float(m_n[0] @ k_w)
        rate = float(m_n[0] @ setup.normative) / den
        w = (setup.normative - rate * k_w) / den
        v, _ = _linear_variance(joint, rest, w, lam_n)
        normativity = _closed(min(max(rate, 0.0), 1.0), v, z)
    d1, js, tv = _nonlinear(joint, rest, setup, lam, m, rng)
    return Figures(shares, normativity, d1, js, tv), lam_v, lam_n, effective


def _nonlinear(
    joint: FloatArray,
    rest: FloatArray,
    setup: _Setup,
    lam: float | None,
    m: FloatArray,
    rng: np.random.Generator,
) -> tuple[Estimate, Estimate | None, Estimate | None]:
    """D1, JS and TV with percentile intervals from resampling both samples."""
    s = _kept_shares(m, setup.kept)
    point = [hill_numbers(s, 1)[0]]
    if setup.target is not None:
        point += [jensen_shannon_rows(s, setup.target)[0], total_variation_rows(s, setup.target)[0]]
    boots: list[FloatArray] = []
    reason: str | None = None
    if setup.bootstrap > 0:
        n, n_rest = int(joint.sum()), int(rest.sum())
        k = joint.shape[0]
        draws_j = rng.multinomial(n, joint.ravel() / n, size=setup.bootstrap).astype(np.float64)
        draws_j = draws_j.reshape(setup.bootstrap, k, k)
        draws_r = np.zeros((setup.bootstrap, k))
        if n_rest > 0:
            draws_r += rng.multinomial(n_rest, rest / n_rest, size=setup.bootstrap)
        mb, _ = _means(draws_j, draws_r, lam)
        sb = _kept_shares(mb, setup.kept)
        boots = [hill_numbers(np.nan_to_num(sb), 1)]
        if setup.target is not None:
            boots += [jensen_shannon_rows(sb, setup.target), total_variation_rows(sb, setup.target)]
    else:
        reason = "no bootstrap resamples"
    alpha = (1 - setup.level) / 2
    out: list[Estimate] = []
    for i, value in enumerate(point):
        value = float(value)
        if math.isnan(value):
            out.append(Estimate(math.nan, math.nan, math.nan, "no kept category"))
        elif not boots:
            out.append(Estimate(value, math.nan, math.nan, reason))
        else:
            b = boots[i][~np.isnan(boots[i])]
            lo, hi = np.quantile(b, [alpha, 1 - alpha]) if b.size else (math.nan, math.nan)
            out.append(Estimate(value, float(lo), float(hi)))
    d1 = out[0]
    return (d1, out[1], out[2]) if setup.target is not None else (d1, None, None)


def _undefined_figures(setup: _Setup, reason: str) -> Figures:
    nan = Estimate(math.nan, math.nan, math.nan, reason)
    has_target = setup.target is not None
    return Figures(
        {label: nan for label, k in zip(setup.labels, setup.kept, strict=True) if k},
        nan,
        nan,
        nan if has_target else None,
        nan if has_target else None,
    )


def calibrate(
    offline: Sequence[str | None],
    judge: Sequence[str | None],
    sampled: Sequence[bool],
    normative: Collection[str],
    exclude: Collection[str] = (),
    target: Mapping[str, float] | None = None,
    categories: Sequence[str] | None = None,
    confidence: float = 0.95,
    bootstrap: int = 1000,
    seed: int = 0,
) -> Calibration:
    """Calibrated, judge-only and offline figures of one attribute.

    ``offline[i]`` is the offline category of generation i (None: none found),
    ``judge[i]`` the judge's category where ``sampled[i]`` (None: no usable answer;
    ignored where not sampled). ``categories`` fixes the order of the shares.
    """
    if not len(offline) == len(judge) == len(sampled):
        raise ValueError("offline, judge and sampled must have the same length")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    excluded = set(exclude)
    used = [i for i, s in enumerate(sampled) if s and judge[i] is not None]
    observed = [c for c in [*offline, *(judge[i] for i in used)] if c is not None]
    labels: list[str] = [*dict.fromkeys([*(categories or ()), *(target or {}), *observed]), _NONE]
    index = {c: i for i, c in enumerate(labels)}
    k = len(labels)
    kept = np.array([c not in excluded and c != _NONE for c in labels])
    shown = [c for c, keep in zip(labels, kept, strict=True) if keep]
    norm_set = set(normative)
    setup = _Setup(
        labels=labels,
        kept=kept,
        normative=np.array([float(c in norm_set and kept[i]) for i, c in enumerate(labels)]),
        target=None if target is None else np.array([float(target.get(c, 0.0)) for c in shown]),
        z=NormalDist().inv_cdf(0.5 + confidence / 2),
        bootstrap=int(bootstrap),
        level=confidence,
    )
    joint = np.zeros((k, k))
    everything = np.zeros(k)
    read = [index[_NONE if c is None else c] for c in offline]
    np.add.at(everything, read, 1.0)
    for i in used:
        joint[read[i], index[str(judge[i])]] += 1
    rest = everything - joint.sum(axis=1)
    n_sampled = sum(bool(s) for s in sampled)
    rng = np.random.default_rng(seed)
    # offline only: the reader's shares over all N (its bias is what calibration removes)
    off_joint = np.diag(everything)
    if everything.sum() > 0:
        offline_figs = _figures(off_joint, np.zeros(k), setup, 0.0, rng)[0]
    else:
        offline_figs = _undefined_figures(setup, "no generations")
    if len(used) < 2:
        why = "fewer than 2 judged generations with a usable value"
        bad = _undefined_figures(setup, why)
        return Calibration(
            bad, bad, offline_figs, len(offline), n_sampled, len(used),
            n_sampled - len(used), math.nan, math.nan, math.nan, why, shown,
        )  # fmt: skip
    judge_figs = _figures(joint, rest, setup, 0.0, rng)[0]
    cal_figs, lam, lam_n, effective = _figures(joint, rest, setup, None, rng)
    return Calibration(
        cal_figs, judge_figs, offline_figs, len(offline), n_sampled, len(used),
        n_sampled - len(used), lam, lam_n, effective, None, shown,
    )  # fmt: skip
