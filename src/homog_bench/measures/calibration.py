"""Judge-calibrated category shares: prediction-powered inference with a judged subsample.

Every one of N generations has an offline reading f(x) (a category, or None when the
reader found none); a random subsample of n was also judged, giving Y (the judge's
category, or None when the judge gave no usable answer; those are dropped from the
subsample, i.e. assumed missing at random). The estimand is what judging *every*
generation would give. With one-hot vectors, f̄_N the mean offline reading over all N,
and Ȳ_n, f̄_n the means over the judged subsample, the category probabilities are
estimated by m̂(λ) = Ȳ_n + λ (f̄_N − f̄_n) (:mod:`homog_bench.measures.ppi`), unbiased for
every fixed λ: λ = 0 is the judge-only estimate, λ = 1 classic PPI. One λ serves the
whole vector (tuned on the sum over categories, so the estimates still sum to 1); the
normativity rate gets its own λ. λ is clipped to [0, 1].

Shares among kept categories, the normativity rate and D1 are smooth functions of these
means: their standard errors are closed-form (delta method). Without resamples the
interval is θ̂ ± z·se; with them it is a studentized (bootstrap-t) interval resampling
both samples (the judged pairs and the other generations, λ re-estimated every time),
whose quantiles replace ±z: a judged subsample of 50–200 is small enough for its skew to
matter. JS and TV to a target, whose linearisation vanishes near the target, get the
percentile interval of the same resamples. Negative estimated probabilities are set to 0
before D1/JS/TV.

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
from homog_bench.measures.ppi import kappa_rows, linear_variance, ppi_means, tuned_lambda

__all__ = ["CalibratedFigures", "Calibration", "calibrate"]

_NONE = "\x00none"  # the offline reader found no category (always excluded)
_NO_AGREEMENT = Estimate(math.nan, math.nan, math.nan, "fewer than 2 judged generations")


@dataclass(frozen=True)
class CalibratedFigures:
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

    calibrated: CalibratedFigures
    judge_only: CalibratedFigures
    offline: CalibratedFigures
    n_total: int
    n_sampled: int
    n_judged: int
    n_missing: int
    lam: float
    lam_normativity: float
    effective_n: float
    reason: str | None = None
    categories: list[str] = field(default_factory=list)
    #: agreement of the two readings on the judged generations (a missing offline
    #: category counts as a disagreement), with percentile bootstrap intervals
    accuracy: Estimate = _NO_AGREEMENT
    kappa: Estimate = _NO_AGREEMENT


def _agreement(
    joint: FloatArray, bootstrap: int, level: float, rng: np.random.Generator
) -> tuple[Estimate, Estimate]:
    n = int(joint.sum())
    tables = joint[None]
    if bootstrap > 0:
        draws = rng.multinomial(n, joint.ravel() / n, size=bootstrap).astype(np.float64)
        tables = np.concatenate([tables, draws.reshape(bootstrap, *joint.shape)])
    accuracy, kappa = kappa_rows(tables)
    setup = _Setup([], np.zeros(0, dtype=bool), np.zeros(0), None, 0.0, bootstrap, level)
    kappa_est = _percentile(kappa, setup)
    if math.isnan(kappa_est.value):
        kappa_est = kappa_est._replace(reason="both readings use one category only")
    return _percentile(accuracy, setup), kappa_est


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

    @property
    def shown(self) -> list[str]:
        """The kept categories, in order."""
        return [label for label, keep in zip(self.labels, self.kept, strict=True) if keep]


@dataclass(frozen=True)
class _Batch:
    """Estimates and their variances for a batch of count tables (row 0: the data)."""

    values: dict[str, FloatArray]  # figure → (B,)
    variances: dict[str, FloatArray]
    lam: FloatArray
    lam_normativity: FloatArray
    effective_n: FloatArray


def _batch(joint: FloatArray, rest: FloatArray, setup: _Setup, lam: float | None) -> _Batch:
    """Every figure at λ (None: tuned) with its delta-method variance (JS/TV: value only).

    A figure g of the kept shares s = m_K / Σ m_K has the linearisation
    w_a = (∂g/∂s_a − Σ_c s_c ∂g/∂s_c) / Σ m_K on kept categories a (0 elsewhere),
    and its variance is that of the PPI estimate of E[w·Y].
    """
    kept, normative = setup.kept, setup.normative
    k_w = kept.astype(np.float64)
    m, lam_arr = ppi_means(joint, rest, lam)
    values: dict[str, FloatArray] = {}
    variances: dict[str, FloatArray] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        m_kept = m @ k_w
        s = m[:, kept] / m_kept[:, None]
        positive = _kept_shares(m, kept)

        def linear(grad: FloatArray, shares: FloatArray) -> FloatArray:
            w = np.zeros_like(m)
            w[:, kept] = grad - (grad * shares).sum(axis=1, keepdims=True)
            return w / m_kept[:, None]

        judge_var = np.zeros(len(m))
        share_var = np.zeros(len(m))
        unit = np.eye(s.shape[1])
        for j, label in enumerate(setup.shown):
            w = linear(np.broadcast_to(unit[j], s.shape), s)
            v, vj = linear_variance(joint, rest, w, lam_arr)
            values[f"share:{label}"], variances[f"share:{label}"] = s[:, j], v
            share_var += v
            judge_var += vj
        effective = joint.sum(axis=(1, 2)) * judge_var / share_var
        d1 = hill_numbers(np.nan_to_num(positive), 1)
        log_s = np.where(positive > 0, np.log(np.where(positive > 0, positive, 1.0)), 0.0)
        grad = -d1[:, None] * log_s  # ∂D1/∂s_c = −D1 (log s_c + 1); the 1 cancels
        values["d1"] = d1
        variances["d1"] = linear_variance(joint, rest, linear(grad, positive), lam_arr)[0]
        if setup.target is not None:  # percentile intervals: no variance needed
            values["js"] = jensen_shannon_rows(positive, setup.target)
            values["tv"] = total_variation_rows(positive, setup.target)
        # normativity with its own λ, tuned at the judge-only rate's linearisation
        if lam is None:
            p_y = joint.sum(axis=1)
            rate0 = (p_y @ normative) / (p_y @ k_w)
            lam_n = tuned_lambda(joint, normative[None, :] - rate0[:, None] * k_w[None, :])
        else:
            lam_n = lam_arr
        m_n, _ = ppi_means(joint, rest, lam_n)
        den = m_n @ k_w
        rate = (m_n @ normative) / den
        w = (normative[None, :] - rate[:, None] * k_w[None, :]) / den[:, None]
        values["normativity"] = rate
        variances["normativity"] = linear_variance(joint, rest, w, lam_n)[0]
    return _Batch(values, variances, lam_arr, lam_n, effective)


def _studentized(
    values: FloatArray,
    variances: FloatArray,
    setup: _Setup,
    upper: float = 1.0,
    lower: float = 0.0,
) -> Estimate:
    """Row 0's estimate with a bootstrap-t interval (normal quantiles without resamples),
    kept inside the figure's range [lower, upper] (D1 of k kept categories: [1, k]).

    The studentized bootstrap (Efron & Tibshirani, *An Introduction to the Bootstrap*,
    1993, ch. 12) corrects the skewness of a small judged subsample, which the normal
    interval ignores. Where the linearisation vanishes (se = 0 with resamples that vary,
    e.g. D1 at evenly spread shares) the percentile interval is used instead.
    """
    point, variance = float(values[0]), float(variances[0])
    if not math.isfinite(point):
        return Estimate(math.nan, math.nan, math.nan, "no kept category")
    point = min(max(point, lower), upper)
    if not variance >= 0:
        return Estimate(point, math.nan, math.nan, "too few judged generations for an interval")
    se = math.sqrt(variance)
    if se == 0 and values.size > 1 and np.nanstd(values[1:]) > 0:
        return _percentile(values, setup)
    q_low, q_high = -setup.z, setup.z
    if values.size > 1 and se > 0:
        with np.errstate(invalid="ignore", divide="ignore"):
            t = (values[1:] - values[0]) / np.sqrt(variances[1:])
        t = np.clip(t[~np.isnan(t)], -1e6, 1e6)
        if t.size:
            alpha = (1 - setup.level) / 2
            q_low, q_high = (float(q) for q in np.quantile(t, [alpha, 1 - alpha]))
    low, high = float(values[0]) - q_high * se, float(values[0]) - q_low * se
    return Estimate(point, min(max(low, lower), point), max(min(high, upper), point))


def _percentile(values: FloatArray, setup: _Setup) -> Estimate:
    """Row 0's value with the percentile interval of the resampled rows."""
    value = float(values[0])
    boots = values[1:][~np.isnan(values[1:])]
    if math.isnan(value):
        return Estimate(math.nan, math.nan, math.nan, "no kept category")
    if boots.size == 0:
        return Estimate(value, math.nan, math.nan, "no bootstrap resamples")
    alpha = (1 - setup.level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    return Estimate(value, float(low), float(high))


def _figures(
    joint: FloatArray, rest: FloatArray, setup: _Setup, lam: float | None, rng: np.random.Generator
) -> tuple[CalibratedFigures, float, float, float]:
    """CalibratedFigures at λ (None: tuned), with λ, normativity λ and the effective n.

    Resamples draw both samples again: the judged pairs (n of them, from their
    offline × judge table) and the other generations (from their offline counts).
    """
    joints, rests = joint[None], rest[None]
    b = setup.bootstrap
    if b > 0:
        n, n_rest, k = int(joint.sum()), int(rest.sum()), joint.shape[0]
        draws_j = rng.multinomial(n, joint.ravel() / n, size=b).astype(np.float64)
        draws_r = np.zeros((b, k))
        if n_rest > 0:
            draws_r += rng.multinomial(n_rest, rest / n_rest, size=b)
        joints = np.concatenate([joints, draws_j.reshape(b, k, k)])
        rests = np.concatenate([rests, draws_r])
    est = _batch(joints, rests, setup, lam)

    def figure(name: str) -> Estimate:
        if name in ("js", "tv"):  # near 0 their linearisation vanishes: percentiles
            return _percentile(est.values[name], setup)
        if name == "d1":  # exp(entropy) of k kept categories lies in [1, k]
            kept = float(np.count_nonzero(setup.kept))
            return _studentized(est.values[name], est.variances[name], setup, kept, 1.0)
        return _studentized(est.values[name], est.variances[name], setup)

    has_target = setup.target is not None
    figures = CalibratedFigures(
        {label: figure(f"share:{label}") for label in setup.shown},
        figure("normativity"),
        figure("d1"),
        figure("js") if has_target else None,
        figure("tv") if has_target else None,
    )
    return figures, float(est.lam[0]), float(est.lam_normativity[0]), float(est.effective_n[0])


def _undefined_figures(setup: _Setup, reason: str) -> CalibratedFigures:
    nan = Estimate(math.nan, math.nan, math.nan, reason)
    has_target = setup.target is not None
    return CalibratedFigures(
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
    accuracy, kappa = _agreement(joint, setup.bootstrap, confidence, rng)
    return Calibration(
        cal_figs, judge_figs, offline_figs, len(offline), n_sampled, len(used),
        n_sampled - len(used), lam, lam_n, effective, None, shown, accuracy, kappa,
    )  # fmt: skip
