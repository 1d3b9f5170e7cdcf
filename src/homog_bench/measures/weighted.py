"""Statistics under resample weights: each row of a weight matrix W (b, n) is one
resample (how many times each of the n generations is drawn), so a chunk of
resamples is one matrix product; at W = ones((1, n)) each gives the plain figure.
Used by :mod:`homog_bench.measures.bootstrap` and by every figure that resamples.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, as_systems, group_members
from homog_bench.measures.systems import norms

__all__ = [
    "weighted_category_shares",
    "weighted_deviance_summary",
    "weighted_mean",
    "weighted_normativity",
]

#: Max elements of one block of rows worked on at once (~16 MB per float64 array).
CHUNK_ELEMENTS = 2_000_000


def _check_weights(weights: ArrayLike, n: int | None = None) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 2 or (n is not None and w.shape[1] != n):
        expected = "(b, n)" if n is None else f"(b, {n})"
        raise ValueError(f"W must have shape {expected}, got {w.shape}")
    return w


def weighted_mean(weights: ArrayLike, x: ArrayLike) -> FloatArray:
    """Weighted mean of x under each row of W: shape (b,) for x (n,), (b, k) for x (n, k).

    NaN entries of x are ignored (weights renormalized per column); no weight
    left gives NaN.

    >>> weighted_mean([[1, 1, 1], [0, 3, 0], [2, 0, 1]], [1.0, 2.0, float("nan")])
    array([1.5, 2. , 1. ])
    """
    values = np.asarray(x, dtype=np.float64)
    vector = values.ndim == 1
    matrix = values[:, None] if vector else values
    if matrix.ndim != 2:
        raise ValueError(f"x must have shape (n,) or (n, k), got {values.shape}")
    w = _check_weights(weights, matrix.shape[0])
    missing = np.isnan(matrix)
    if missing.any():
        numerator = w @ np.where(missing, 0.0, matrix)
        denominator = w @ (~missing).astype(np.float64)
    else:
        numerator = w @ matrix
        denominator = np.broadcast_to(w.sum(axis=1)[:, None], numerator.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = numerator / denominator
    result[~(denominator > 0)] = np.nan
    return np.asarray(result[:, 0] if vector else result, dtype=np.float64)


def weighted_category_shares(weights: ArrayLike, onehot: ArrayLike) -> FloatArray:
    """Category shares (b, c) under each row of W, from an (n, c) indicator matrix.

    All-zero rows of ``onehot`` (excluded generations) do not count; a resample
    with no kept generation gives a NaN row. ``W @ onehot`` alone gives the
    counts (feed them to :func:`~homog_bench.measures.diversity.hill_numbers`).
    Build ``onehot`` with :func:`~homog_bench.measures.categorical.one_hot`.

    >>> weighted_category_shares([[1, 1, 1], [0, 0, 3]], [[1, 0], [0, 1], [0, 0]])
    array([[0.5, 0.5],
           [nan, nan]])
    """
    indicator = np.asarray(onehot, dtype=np.float64)
    if indicator.ndim != 2:
        raise ValueError(f"onehot must have shape (n, c), got {indicator.shape}")
    w = _check_weights(weights, indicator.shape[0])
    counts = w @ indicator
    total = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = counts / total
    result[~(total[:, 0] > 0)] = np.nan
    return np.asarray(result, dtype=np.float64)


def weighted_normativity(weights: ArrayLike, onehot: ArrayLike, normative: ArrayLike) -> FloatArray:
    """Normativity rate under each row of W: weighted count of kept generations in a
    normative category over the weighted count of kept ones, shape (b,); NaN when none
    is kept. ``normative`` marks the columns of ``onehot`` (1 = normative).

    >>> weighted_normativity([[1, 1, 1], [0, 0, 3]], [[1, 0], [0, 1], [0, 0]], [1, 0])
    array([0.5, nan])
    """
    indicator = np.asarray(onehot, dtype=np.float64)
    if indicator.ndim != 2:
        raise ValueError(f"onehot must have shape (n, c), got {indicator.shape}")
    counts = _check_weights(weights, indicator.shape[0]) @ indicator
    total = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = (counts @ np.asarray(normative, dtype=np.float64)) / total
    result[~(total > 0)] = np.nan
    return np.asarray(result, dtype=np.float64)


def weighted_deviance_summary(
    weights: ArrayLike,
    systems: ArrayLike,
    norm: str = "l2",
    normalized: bool = False,
    groups: ArrayLike | None = None,
) -> FloatArray:
    """E[∂] and Var[∂] (ddof=0) under each row of W, shape (b, 2), core recomputed per row.

    Matches :func:`~homog_bench.measures.systems.deviance_summary` at W = ones:
    the core, the deviances and their mean/variance are all taken over the
    resample. With ``groups`` (e.g. prompt ids) each generation's deviance is
    measured from its own group's resampled core, and the mean and variance are
    pooled over all generations. Memory is bounded by working on blocks of rows.

    >>> s = [[1, 0], [0, 1], [1, 1], [1, 0]]
    >>> weighted_deviance_summary(np.ones((1, 4)), s, norm="l1")
    array([[0.875   , 0.046875]])
    >>> weighted_deviance_summary([[2, 0, 0, 2]], s)  # every draw equals the core
    array([[0., 0.]])
    >>> weighted_deviance_summary(np.ones((1, 4)), s, norm="l1", groups=[0, 0, 1, 1])
    array([[0.75  , 0.0625]])
    """
    x = as_systems(systems)
    n_rows, n_cols = x.shape
    w = _check_weights(weights, n_rows)
    members = group_members(n_rows, groups)
    out = np.full((w.shape[0], 2), np.nan, dtype=np.float64)
    block = max(1, CHUNK_ELEMENTS // max(n_rows * max(n_cols, 1), 1))
    for first in range(0, w.shape[0], block):
        wb = w[first : first + block]
        d = np.full(wb.shape, np.nan, dtype=np.float64)
        for idx in members:
            if idx.size == 0:
                continue
            xg = x[idx]
            centre = weighted_mean(wb[:, idx], xg)
            d[:, idx] = norms(xg[None, :, :] - centre[:, None, :], norm=norm, normalized=normalized)
        valid = ~np.isnan(d)
        wv = np.where(valid, wb, 0.0)
        dv = np.where(valid, d, 0.0)
        total = wv.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (wv * dv).sum(axis=1) / total
            var = (wv * (dv - mean[:, None]) ** 2).sum(axis=1) / total
        mean[~(total > 0)] = np.nan
        var[~(total > 0)] = np.nan
        out[first : first + wb.shape[0], 0] = mean
        out[first : first + wb.shape[0], 1] = var
    return out
