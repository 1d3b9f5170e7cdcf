"""Vectorized bootstrap confidence intervals.

A resample is a row of integer counts W[b, i]: how many times generation i is
drawn in resample b (each row sums to n). Statistics are written as functions
of a float weight matrix W of shape (b, n), so that a whole chunk of resamples
is one matrix product (the statistics under weights are in
:mod:`homog_bench.measures.weighted`). The point estimate is the statistic at
W = ones((1, n)).

When several prompts are pooled, pass ``groups`` (e.g. prompt ids): every
resample then draws within each group, keeping each group's size.

Reproducibility: resample b, position i uses the uniform draw number b·n + i
of ``numpy.random.default_rng(seed)`` (index = floor(u · group size)), so the
numbers do not depend on how the resamples are chunked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, IntArray, group_codes
from homog_bench.measures.weighted import CHUNK_ELEMENTS

__all__ = [
    "Estimate",
    "bootstrap_ci",
    "bootstrap_cis",
    "bootstrap_replicates",
    "nested_replicates",
    "percentile_interval",
    "resample_of",
    "resample_weights",
]

Statistic = Callable[[FloatArray], ArrayLike]
Seed = int | np.random.Generator


class Estimate(NamedTuple):
    """A point estimate with a bootstrap percentile interval.

    ``reason`` is None when the interval is a real bootstrap interval; otherwise
    it says why not ("no generations", "no resampling possible", ...).
    """

    value: float
    low: float
    high: float
    reason: str | None = None


def _check_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def _group_layout(n: int, groups: ArrayLike | None) -> tuple[IntArray | None, IntArray, IntArray]:
    """(order, start, size) per sorted position; order is None without groups."""
    if groups is None:
        return None, np.zeros(n, dtype=np.int64), np.full(n, n, dtype=np.int64)
    inverse = group_codes(n, groups)
    order = np.argsort(inverse, kind="stable").astype(np.int64)
    sizes = np.bincount(inverse).astype(np.int64)
    starts = np.cumsum(sizes) - sizes
    sorted_groups = inverse[order]
    return order, starts[sorted_groups], sizes[sorted_groups]


def resample_weights(
    n: int,
    n_resamples: int,
    groups: ArrayLike | None = None,
    seed: Seed = 0,
) -> Iterator[IntArray]:
    """Yield chunks (b, n) of bootstrap resample counts, n_resamples rows in total.

    Each row sums to n; with ``groups`` (length-n labels) the counts of each
    group sum to that group's size. Chunks hold at most :data:`CHUNK_ELEMENTS`
    elements (at least one row), so memory stays bounded.

    >>> chunks = list(resample_weights(4, 3, groups=["a", "a", "b", "b"], seed=1))
    >>> w = np.concatenate(chunks)
    >>> w.shape, w.sum(axis=1).tolist()
    ((3, 4), [4, 4, 4])
    >>> bool((w[:, :2].sum(axis=1) == 2).all() and (w[:, 2:].sum(axis=1) == 2).all())
    True
    """
    n = _check_count(n, "n")
    n_resamples = _check_count(n_resamples, "n_resamples")
    order, start, size = _group_layout(n, groups)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    rows_per_chunk = max(1, CHUNK_ELEMENTS // max(n, 1))
    done = 0
    while done < n_resamples:
        b = min(rows_per_chunk, n_resamples - done)
        done += b
        if n == 0:
            yield np.zeros((b, 0), dtype=np.int64)
            continue
        draw = (rng.random((b, n)) * size).astype(np.int64)
        np.minimum(draw, size - 1, out=draw)  # guard; floor(u * m) < m already
        draw += start
        if order is not None:
            draw = order[draw]
        draw += (np.arange(b, dtype=np.int64) * n)[:, None]
        counts = np.bincount(draw.ravel(), minlength=b * n)
        yield counts.reshape(b, n).astype(np.int64, copy=False)


def _evaluate(statistic: Statistic, weights: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.asarray(statistic(weights), dtype=np.float64)
    if out.ndim == 1:
        out = out[:, None]
    if out.ndim != 2 or out.shape[0] != weights.shape[0]:
        raise ValueError(
            f"statistic must return shape (b,) or (b, k) for W of shape {weights.shape}, "
            f"got {out.shape}"
        )
    return out


def bootstrap_replicates(
    statistic: Statistic,
    n: int,
    n_resamples: int = 1000,
    groups: ArrayLike | None = None,
    seed: Seed = 0,
) -> FloatArray:
    """The k statistics on each of ``n_resamples`` resamples: shape (n_resamples, k).

    The resamples are those of :func:`resample_weights` (within ``groups``), so
    statistics computed in separate calls with the same n, groups and seed see the
    same resamples.

    >>> from homog_bench.measures.weighted import weighted_mean
    >>> x = np.array([1.0, 2.0, 3.0, 4.0])
    >>> reps = bootstrap_replicates(lambda w: weighted_mean(w, x), 4, n_resamples=3, seed=2)
    >>> reps.shape, bool(((reps >= 1) & (reps <= 4)).all())
    ((3, 1), True)
    """
    n = _check_count(n, "n")
    n_resamples = _check_count(n_resamples, "n_resamples")
    k = _evaluate(statistic, np.ones((1, n), dtype=np.float64)).shape[1]
    stats = np.empty((n_resamples, k), dtype=np.float64)
    row = 0
    for chunk in resample_weights(n, n_resamples, groups=groups, seed=seed):
        values = _evaluate(statistic, chunk.astype(np.float64))
        if values.shape[1] != k:
            raise ValueError(f"statistic returned {values.shape[1]} values, expected {k}")
        stats[row : row + chunk.shape[0]] = values
        row += chunk.shape[0]
    return stats


def resample_of(counts: ArrayLike, groups: ArrayLike | None = None, seed: Seed = 0) -> IntArray:
    """One resample of each resample: counts (b, n) → counts (b, n), drawn within ``groups``.

    Row b draws each group's size from that group's members in proportion to their counts
    in row b (the second level of an iterated bootstrap). Every row must hold each group's
    size, as the rows of :func:`resample_weights` do.

    >>> w = np.array([[2, 0, 1, 1], [0, 2, 0, 2]])
    >>> again = resample_of(w, groups=["a", "a", "b", "b"], seed=3)
    >>> again[:, :2].sum(axis=1).tolist(), bool((again[w == 0] == 0).all())
    ([2, 2], True)
    """
    w = np.asarray(counts, dtype=np.int64)
    if w.ndim != 2 or np.any(w < 0):
        raise ValueError(f"counts must be non-negative, shape (b, n), got {w.shape}")
    b, n = w.shape
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    codes = np.zeros(n, dtype=np.int64) if groups is None else group_codes(n, groups)
    out = np.zeros_like(w)
    for members in (np.flatnonzero(codes == g) for g in np.unique(codes)):
        size = members.size
        block = w[:, members]
        if np.any(block.sum(axis=1) != size):
            raise ValueError("every row must hold each group's size")
        # row r's draws are uniform on [r · size, (r + 1) · size); ``slots`` lists each
        # member's flat index r · size + j as often as row r counts it, so row r fills
        # exactly that range, and a draw picks the slot at its integer part
        offsets = (np.arange(b, dtype=np.int64) * size)[:, None]
        draws = (rng.random((b, size)) * size + offsets).ravel()
        slots = np.repeat(np.arange(b * size, dtype=np.int64), block.ravel())
        chosen = slots[np.minimum(draws.astype(np.int64), b * size - 1)]
        out[:, members] = np.bincount(chosen, minlength=b * size).reshape(b, size)
    return out


def nested_replicates(
    statistic: Statistic,
    n: int,
    n_resamples: int = 1000,
    groups: ArrayLike | None = None,
    seed: int = 0,
) -> FloatArray:
    """The statistics on one resample of each resample of :func:`bootstrap_replicates`.

    The first-level resamples are those of :func:`bootstrap_replicates` with the same n,
    groups and seed; row b of the result is the statistic on :func:`resample_of` row b
    (second-level draws from ``default_rng([seed, 1])``). Their mean estimates the mean of
    the iterated bootstrap's second level, as in the iterated bias correction
    (Hall 1992, *The Bootstrap and Edgeworth Expansion*, §1.4; Davison and Hinkley 1997,
    §3.9), at the cost of one more pass.

    >>> from homog_bench.measures.weighted import weighted_mean
    >>> x = np.array([1.0, 2.0, 3.0, 4.0])
    >>> nested_replicates(lambda w: weighted_mean(w, x), 4, n_resamples=5, seed=1).shape
    (5, 1)
    """
    n = _check_count(n, "n")
    n_resamples = _check_count(n_resamples, "n_resamples")
    rng = np.random.default_rng([int(seed), 1])
    rows = [
        _evaluate(statistic, resample_of(chunk, groups, rng).astype(np.float64))
        for chunk in resample_weights(n, n_resamples, groups=groups, seed=seed)
    ]
    k = _evaluate(statistic, np.ones((1, n), dtype=np.float64)).shape[1]
    return np.concatenate(rows) if rows else np.empty((0, k), dtype=np.float64)


def percentile_interval(value: float, replicates: ArrayLike, confidence: float = 0.95) -> Estimate:
    """The percentile interval of bootstrap ``replicates`` (NaN ones ignored) around ``value``.

    >>> percentile_interval(2.0, [1.0, 2.0, 3.0, float("nan")], confidence=0.5)
    Estimate(value=2.0, low=1.5, high=2.5, reason=None)
    """
    if isinstance(confidence, bool) or not 0 < float(confidence) < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    column = np.asarray(replicates, dtype=np.float64)
    column = column[~np.isnan(column)]
    if math.isnan(value):
        return Estimate(math.nan, math.nan, math.nan, "statistic undefined on the sample")
    if column.size == 0:
        return Estimate(float(value), math.nan, math.nan, "statistic undefined in every resample")
    tail = 50.0 * (1.0 - float(confidence))
    low, high = np.percentile(column, [tail, 100.0 - tail])
    return Estimate(float(value), float(low), float(high))


def _bootstrap(
    statistic: Statistic,
    n: int,
    n_resamples: int,
    confidence: float,
    groups: ArrayLike | None,
    seed: Seed,
) -> list[Estimate]:
    n = _check_count(n, "n")
    n_resamples = _check_count(n_resamples, "n_resamples")
    if isinstance(confidence, bool) or not 0 < float(confidence) < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    if groups is not None and np.asarray(groups).shape != (n,):
        raise ValueError(f"groups must have shape ({n},), got {np.asarray(groups).shape}")

    point = _evaluate(statistic, np.ones((1, n), dtype=np.float64))[0]
    k = point.shape[0]
    if n == 0:
        return [Estimate(math.nan, math.nan, math.nan, "no generations")] * k
    n_groups = n if groups is None else np.unique(np.asarray(groups)).size
    fixed_reason = None
    if n_resamples == 0:
        fixed_reason = "bootstrap disabled"
    elif n == 1 or (groups is not None and n_groups == n):
        fixed_reason = "no resampling possible"
    if fixed_reason is not None:
        return [
            Estimate(float(v), float(v), float(v), "statistic undefined on the sample")
            if math.isnan(v)
            else Estimate(float(v), float(v), float(v), fixed_reason)
            for v in point
        ]
    stats = bootstrap_replicates(statistic, n, n_resamples, groups, seed)
    return [
        percentile_interval(float(value), stats[:, j], confidence) for j, value in enumerate(point)
    ]


def bootstrap_cis(
    statistic: Statistic,
    n: int,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    groups: ArrayLike | None = None,
    seed: Seed = 0,
) -> list[Estimate]:
    """Percentile bootstrap intervals for k statistics computed at once.

    ``statistic(W)`` takes float resample counts W of shape (b, n) and returns
    shape (b, k) (or (b,), then k = 1). Returns k :class:`Estimate` objects, the
    value being ``statistic(ones((1, n)))``. Resamples where a statistic is NaN
    are ignored for that statistic (like ``nanpercentile``). When n = 0 the
    statistic is still called once on a (1, 0) matrix to learn k (the helpers
    in this module return NaN there).

    >>> from homog_bench.measures.weighted import weighted_mean
    >>> x = np.array([1.0, 2.0, 3.0, 4.0])
    >>> both = lambda w: weighted_mean(w, np.stack([x, x**2], axis=1))
    >>> [e.value for e in bootstrap_cis(both, 4, n_resamples=200)]
    [2.5, 7.5]
    """
    return _bootstrap(statistic, n, n_resamples, confidence, groups, seed)


def bootstrap_ci(
    statistic: Statistic,
    n: int,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    groups: ArrayLike | None = None,
    seed: Seed = 0,
) -> Estimate:
    """Percentile bootstrap interval for one statistic (returning shape (b,)).

    For several statistics at once use :func:`bootstrap_cis`. n = 0 gives NaN
    ("no generations") without calling the statistic; n = 1 (or every group of
    size 1) and ``n_resamples=0`` give low = high = value.

    >>> from homog_bench.measures.weighted import weighted_mean
    >>> x = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    >>> est = bootstrap_ci(lambda w: weighted_mean(w, x), len(x), n_resamples=2000)
    >>> est.value, est.low < est.value < est.high, est.reason
    (0.625, True, None)
    >>> bootstrap_ci(lambda w: weighted_mean(w, x[:1]), 1)
    Estimate(value=0.0, low=0.0, high=0.0, reason='no resampling possible')
    >>> bootstrap_ci(lambda w: weighted_mean(w, x[:0]), 0)
    Estimate(value=nan, low=nan, high=nan, reason='no generations')
    """
    if _check_count(n, "n") == 0:
        _check_count(n_resamples, "n_resamples")
        return Estimate(math.nan, math.nan, math.nan, "no generations")
    estimates = _bootstrap(statistic, n, n_resamples, confidence, groups, seed)
    if len(estimates) != 1:
        raise ValueError(
            f"statistic returned {len(estimates)} values; use bootstrap_cis for several"
        )
    return estimates[0]
