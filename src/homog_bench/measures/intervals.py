"""Confidence intervals that hold their stated coverage, one method per kind of figure.

Every method respects the within-prompt design: the prompts are *strata*, each
sampled with its own number of generations, and the pooled figure estimates the
figure of the prompts' mixture, each prompt weighted by its share of the
generations (the pooled figures are computed on all generations together, which
is the ratio estimator of exactly that mixture). Excluded generations (e.g. an
``unknown`` protagonist) are a category of the mixture that the shares leave out.

- A share of kept generations (a category share, the normativity rate):
  :func:`share_interval`, the Wilson score interval with the Brown–Cai–DasGupta
  boundary modification, at the design's effective sample size (stratified
  linearized variance of the ratio estimator, never more than the kept count).
- A function of the shares (D1, JS and TV to a target): :func:`share_function_interval`,
  equal-tailed quantiles of the statistic under the Jeffreys (Dirichlet) posterior
  of the pooled shares at the design's effective sample size (a Bayesian
  bootstrap). For a divergence to a target the lower bound is 0 when a goodness-of-fit
  test does not reject the target (:func:`divergence_interval`).
- The top-name share: :func:`top_share_interval`, the share interval of the
  pooled top name.
- E[∂]: :func:`deviance_interval`, a normal bootstrap interval on the log scale with
  the iterated bootstrap's bias correction, from resamples drawn within prompt.

Each returns an :class:`~homog_bench.measures.bootstrap.Estimate`; the interval
always contains the point estimate, and a run too small for an interval gives NaN
bounds with the reason, never a zero-width interval. Minimum sizes:
:data:`MIN_KEPT` kept generations for shares and functions of them,
:data:`MIN_NAMED` named generations for the top-name share, :data:`MIN_BOOTSTRAP`
generations, at least 2 in every prompt, for E[∂].

References: E. B. Wilson (1927), JASA 22:209; L. D. Brown, T. T. Cai, A. DasGupta
(2001), "Interval estimation for a binomial proportion", Statistical Science
16:101 (modified Wilson, Jeffreys); E. L. Korn, B. I. Graubard (1998), "Confidence
intervals for proportions with small expected number of positive counts estimated
from survey data", Survey Methodology 24:193 (effective sample size); D. B. Rubin
(1981), "The Bayesian bootstrap", Annals of Statistics 9:130; P. Hall (1992), *The
Bootstrap and Edgeworth Expansion*, §1.4 (iterated bias correction); A. C. Davison,
D. V. Hinkley (1997), *Bootstrap Methods and their Application*, §5.2 (bias- and
variance-corrected normal intervals, transformations); J. N. K. Rao, C. F. J. Wu
(1988), "Resampling inference with complex survey data", JASA 83:231.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from homog_bench.measures._util import FloatArray
from homog_bench.measures.bootstrap import Estimate
from homog_bench.measures.proportion import (
    check_confidence,
    effective_size,
    jeffreys_interval,
    modified_wilson_interval,
    stratum_counts,
    wilson_interval,
)

__all__ = [
    "MIN_BOOTSTRAP",
    "MIN_KEPT",
    "MIN_NAMED",
    "containing",
    "deviance_interval",
    "dirichlet_share_draws",
    "divergence_interval",
    "effective_size",
    "jeffreys_interval",
    "modified_wilson_interval",
    "share_function_interval",
    "share_interval",
    "top_share_interval",
    "wilson_interval",
]

MIN_KEPT = 10
"""Kept generations needed for a share interval or an interval of a function of shares."""

MIN_NAMED = 30
"""Named generations needed for the top-name share's interval: below that, with a flat
name distribution, the most common name's count is too inflated by its selection."""

MIN_BOOTSTRAP = 10
"""Generations needed for the E[∂] interval (and at least 2 in every prompt)."""

JEFFREYS_PRIOR = 0.5
"""Dirichlet prior per category (the Jeffreys prior), spread evenly over the prompts."""


def _nan(value: float, reason: str) -> Estimate:
    return Estimate(float(value), math.nan, math.nan, reason)


def containing(value: float, low: float, high: float, reason: str | None = None) -> Estimate:
    """An :class:`Estimate` whose interval is widened, if need be, to contain ``value``.

    A zero-width (or non-finite) interval is not an interval: NaN bounds with a reason.

    >>> containing(0.5, 0.6, 0.9)
    Estimate(value=0.5, low=0.5, high=0.9, reason=None)
    >>> containing(1.0, 1.0, 1.0)
    Estimate(value=1.0, low=nan, high=nan, reason='interval has zero width')
    """
    if math.isnan(value):
        return _nan(value, reason or "statistic undefined on the sample")
    if not (math.isfinite(low) and math.isfinite(high)):
        return _nan(value, reason or "interval undefined")
    low, high = min(low, value), max(high, value)
    if not high > low:
        return _nan(value, "interval has zero width")
    return Estimate(float(value), float(low), float(high), reason)


# --- a share of kept generations ------------------------------------------------


def share_interval(
    hits: ArrayLike,
    kept: ArrayLike,
    totals: ArrayLike | None = None,
    confidence: float = 0.95,
    min_kept: int = MIN_KEPT,
) -> Estimate:
    """A share of kept generations with its interval, from per-prompt counts.

    ``hits[p]`` of the ``kept[p]`` kept generations of prompt p (out of ``totals[p]``
    generations, excluded ones included) are in the category (or the normative
    set). The value is Σhits / Σkept; the interval is :func:`modified_wilson_interval`
    at :func:`effective_size`. Fewer than ``min_kept`` kept generations: NaN bounds.

    >>> share_interval([38], [40])
    Estimate(value=0.95, low=0.8349..., high=0.9939..., reason=None)
    >>> share_interval([3], [4]).reason
    'fewer than 10 kept generations'
    """
    h, k, t = stratum_counts(hits, kept, totals)
    n_kept = float(k.sum())
    if n_kept <= 0:
        return _nan(math.nan, "no kept generations")
    value = float(h.sum()) / n_kept
    if n_kept < min_kept:
        return _nan(value, f"fewer than {min_kept} kept generations")
    n_eff = effective_size(h, k, t)
    low, high = modified_wilson_interval(value * n_eff, n_eff, confidence)
    return containing(value, low, high)


# --- functions of the shares ------------------------------------------------------


def dirichlet_share_draws(
    counts: ArrayLike,
    excluded: ArrayLike | None = None,
    draws: int = 1000,
    seed: int | np.random.Generator = 0,
    prior: float = JEFFREYS_PRIOR,
) -> FloatArray:
    """Posterior draws (draws, c) of the pooled shares of kept categories.

    ``counts`` is (prompts, c): each prompt's kept generations per category;
    ``excluded`` (prompts,) its excluded ones. The draws come from
    Dirichlet(f · pooled counts + prior), the Jeffreys posterior of the pooled
    shares at the design's effective sample size: f = n_eff / n_kept is the
    smallest over the categories of :func:`effective_size` / n_kept (f = 1 with one
    prompt). A posterior per prompt would be too narrow when prompts have only a
    few generations each (the Jeffreys prior spread over many prompts vanishes).

    >>> d = dirichlet_share_draws([[30, 10, 0]], draws=4000, seed=1)
    >>> d.shape, bool(np.allclose(d.sum(axis=1), 1.0))
    ((4000, 3), True)
    >>> [round(float(x), 2) for x in d.mean(axis=0)]  # (30.5, 10.5, 0.5) / 41.5
    [0.73, 0.25, 0.01]
    """
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim == 1:
        c = c[None, :]
    if c.ndim != 2 or np.any(c < 0):
        raise ValueError(f"counts must be non-negative, shape (prompts, c), got {c.shape}")
    x = np.zeros(c.shape[0]) if excluded is None else np.asarray(excluded, dtype=np.float64)
    if x.shape != (c.shape[0],) or np.any(x < 0):
        raise ValueError(f"excluded must be non-negative, shape ({c.shape[0]},)")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    pooled = c.sum(axis=0)
    kept = c.sum(axis=1)
    n_kept = float(pooled.sum())
    factor = 1.0
    if n_kept > 0:
        totals = kept + x
        factor = min(effective_size(c[:, j], kept, totals) for j in range(c.shape[1])) / n_kept
    return np.asarray(rng.dirichlet(factor * pooled + prior, size=int(draws)), dtype=np.float64)


def share_function_interval(
    statistic: Callable[[FloatArray], FloatArray],
    counts: ArrayLike,
    excluded: ArrayLike | None = None,
    confidence: float = 0.95,
    draws: int = 1000,
    seed: int | np.random.Generator = 0,
    min_kept: int = MIN_KEPT,
    posterior: FloatArray | None = None,
) -> Estimate:
    """A function of the pooled shares with its equal-tailed Dirichlet-posterior interval.

    ``statistic`` maps shares (b, c) to values (b,); the value is the statistic at
    the pooled observed shares. See :func:`dirichlet_share_draws` for the posterior;
    pass its draws as ``posterior`` to evaluate several statistics on the same draws.

    >>> from homog_bench.measures.diversity import hill_numbers
    >>> est = share_function_interval(lambda s: hill_numbers(s, 1), [[20, 20, 0]])
    >>> round(est.value, 3), est.low < 2.0 < est.high, est.high > 2.1
    (2.0, True, True)
    >>> share_function_interval(lambda s: hill_numbers(s, 1), [[3, 0]]).reason
    'fewer than 10 kept generations'
    """
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim == 1:
        c = c[None, :]
    pooled = c.sum(axis=0)
    n_kept = float(pooled.sum())
    if n_kept <= 0:
        return _nan(math.nan, "no kept generations")
    value = float(np.asarray(statistic((pooled / n_kept)[None, :]), dtype=np.float64)[0])
    if n_kept < min_kept:
        return _nan(value, f"fewer than {min_kept} kept generations")
    check_confidence(confidence)
    if posterior is None:
        posterior = dirichlet_share_draws(c, excluded, draws, seed)
    values = np.asarray(statistic(posterior), dtype=np.float64)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return _nan(value, "statistic undefined in every posterior draw")
    tail = 0.5 * (1.0 - float(confidence))
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return containing(value, float(low), float(high))


def divergence_interval(
    divergence: Callable[[FloatArray, FloatArray], FloatArray],
    target: ArrayLike,
    counts: ArrayLike,
    excluded: ArrayLike | None = None,
    confidence: float = 0.95,
    draws: int = 1000,
    seed: int | np.random.Generator = 0,
    min_kept: int = MIN_KEPT,
    posterior: FloatArray | None = None,
) -> Estimate:
    """A divergence (JS, TV) from the pooled shares to ``target``, with its interval.

    As :func:`share_function_interval`, except that the lower bound is 0 whenever
    Pearson's goodness-of-fit test of the pooled counts against the target does not
    reject at level 1 − confidence: the data are then consistent with a divergence
    of 0, which a posterior interval (always above 0) would exclude. Pooling the
    prompts' counts makes the test conservative under stratified sampling.

    >>> from homog_bench.measures.divergence import jensen_shannon_rows
    >>> divergence_interval(jensen_shannon_rows, [0.5, 0.5], [[11, 9]]).low
    0.0
    >>> divergence_interval(jensen_shannon_rows, [0.5, 0.5], [[40, 0]]).low > 0.2
    True
    """
    t = np.asarray(target, dtype=np.float64)
    t = t / t.sum()
    estimate = share_function_interval(
        lambda shares: divergence(shares, t),
        counts,
        excluded,
        confidence,
        draws,
        seed,
        min_kept,
        posterior,
    )
    if estimate.reason is not None:
        return estimate
    c = np.asarray(counts, dtype=np.float64)
    pooled = (c[None, :] if c.ndim == 1 else c).sum(axis=0)
    support = t > 0
    if np.any(pooled[~support] > 0):
        return estimate  # a category the target rules out was seen: not a divergence of 0
    expected = pooled.sum() * t[support]
    chi2 = float((((pooled[support] - expected) ** 2) / expected).sum())
    dof = int(support.sum()) - 1
    p_value = float(special.chdtrc(dof, chi2)) if dof > 0 else 1.0
    if p_value >= 1.0 - float(confidence):
        return containing(estimate.value, 0.0, estimate.high)
    return estimate


# --- the top-name share and E[∂] ----------------------------------------------------


def top_share_interval(
    name_counts: ArrayLike,
    unnamed: ArrayLike | None = None,
    confidence: float = 0.95,
    min_named: int = MIN_NAMED,
) -> Estimate:
    """The share of named generations with the most common name, with its interval.

    ``name_counts`` is (prompts, names): each prompt's generations per name;
    ``unnamed`` (prompts,) its generations without a name. The interval is
    :func:`share_interval` for the pooled top name's per-prompt counts, except that
    the top name was selected for having the largest count, which inflates it when
    several names contend: the lower bound is then taken at level α / (2k), k the
    number of names whose Wilson upper bound reaches the top name's lower bound
    (a Bonferroni bound over the contenders; k = 1 for a clear top name). (A
    bootstrap re-chooses the top name in every resample and inherits the upward
    bias of a maximum; with a flat name distribution its percentile and BCa
    intervals miss the truth most of the time.) Fewer than ``min_named`` named
    generations: NaN bounds.

    >>> top_share_interval([[25, 3, 2], [20, 6, 4]])  # a clear top name: plain share interval
    Estimate(value=0.75, low=0.62..., high=0.84..., reason=None)
    >>> flat = [[4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2]]  # 12 contenders: a lower bound at α/24
    >>> round(top_share_interval(flat).low, 3), round(share_interval([4], [35]).low, 3)
    (0.031, 0.045)
    """
    c = np.asarray(name_counts, dtype=np.float64)
    if c.ndim == 1:
        c = c[None, :]
    if c.ndim != 2 or c.shape[1] == 0:
        return _nan(math.nan, "no named generations")
    x = np.zeros(c.shape[0]) if unnamed is None else np.asarray(unnamed, dtype=np.float64)
    top = int(c.sum(axis=0).argmax())
    kept = c.sum(axis=1)
    if kept.sum() < min_named:
        value = float(c[:, top].sum() / kept.sum()) if kept.sum() > 0 else math.nan
        return _nan(value, f"fewer than {min_named} named generations")
    estimate = share_interval(c[:, top], kept, kept + x, confidence, min_named)
    pooled, n_named = c.sum(axis=0), float(kept.sum())
    uppers = [wilson_interval(float(k), n_named, confidence)[1] for k in pooled if k > 0]
    contenders = sum(upper >= estimate.low for upper in uppers)
    if contenders > 1 and estimate.reason is None:
        alpha = 1.0 - float(confidence)
        wider = share_interval(c[:, top], kept, kept + x, 1.0 - alpha / contenders, min_named)
        return containing(estimate.value, wider.low, estimate.high)
    return estimate


def deviance_interval(
    value: float,
    replicates: ArrayLike,
    prompt_sizes: ArrayLike,
    confidence: float = 0.95,
    min_n: int = MIN_BOOTSTRAP,
    nested: ArrayLike | None = None,
) -> Estimate:
    """E[∂] with a bias-corrected bootstrap interval on the log scale.

    ``replicates``: E[∂] on resamples drawn within prompt; ``nested``: on one resample
    of each. Deviances from cores estimated on each prompt's few generations bias E[∂]
    down by a shift b on the log scale. The interval is exp(log T − b ± t·s·√(N/(N−P)))
    (Davison and Hinkley 1997, §5.2), s = sd(log T*), t Student's with N − P degrees of
    freedom (N generations, P prompts); √(N/(N−P)) undoes the within-prompt bootstrap's
    variance shrinkage by (n_p − 1)/n_p (Rao and Wu 1988). b = b₁ = mean(log T*) − log T
    overstates the bias when prompts are small (a resample has fewer distinct generations:
    1.5 times at 6 per prompt); with ``nested``, b = 2·b₁ − b₂, b₂ = mean(log T**) −
    mean(log T*), the iterated bootstrap bias correction (Hall 1992, §1.4). Needs
    ``min_n`` generations and at least 2 in every prompt.

    >>> rng = np.random.default_rng(0)
    >>> est = deviance_interval(0.5, rng.normal(0.45, 0.02, 2000), [20, 20])
    >>> round(est.low, 3), round(est.high, 3)  # above the resamples; widened down to 0.5
    (0.5, 0.611)
    >>> again = rng.normal(0.4, 0.02, 2000)  # |b₂| > |b₁|: the bias grows with the level
    >>> est = deviance_interval(0.5, rng.normal(0.45, 0.02, 2000), [20, 20], nested=again)
    >>> round(est.low, 3), round(est.high, 3)  # a smaller correction than b₁ alone
    (0.5, 0.6)
    """
    check_confidence(confidence)
    sizes = np.asarray(prompt_sizes, dtype=np.float64)
    if math.isnan(value):
        return _nan(value, "statistic undefined on the sample")
    if sizes.sum() < min_n:
        return _nan(value, f"fewer than {min_n} generations")
    if np.any(sizes < 2):
        return _nan(value, "a prompt with fewer than 2 generations")
    if not value > 0:
        return _nan(value, "every generation equals its prompt's core")
    logs = []
    for level in [replicates] + ([] if nested is None else [nested]):
        reps = np.asarray(level, dtype=np.float64)
        reps = reps[~np.isnan(reps)]
        positive = reps[reps > 0]
        if positive.size < 2 or positive.size < (0.5 + 0.5 * float(confidence)) * reps.size:
            return _nan(value, "too many bootstrap resamples without any deviance")
        logs.append(np.log(positive))
    n, prompts = float(sizes.sum()), float(sizes.size)
    quantile = float(special.stdtrit(n - prompts, 0.5 + 0.5 * float(confidence)))
    b1 = float(logs[0].mean()) - math.log(value)
    bias = b1 if nested is None else 2 * b1 - float(logs[1].mean() - logs[0].mean())
    centre = math.log(value) - bias
    spread = quantile * float(logs[0].std(ddof=1)) * math.sqrt(n / (n - prompts))
    return containing(value, math.exp(centre - spread), math.exp(centre + spread))
