"""Comparing two groups of generations: deviance from another group's core, distance between
cores, and weighted group means (the math behind xeno-reproduction and
branching experiments).

Every function takes bootstrap weights W of shape (b, N) over all generations of both
groups (see :mod:`homog_bench.measures.bootstrap`), so the point estimate is W = ones and
one joint bootstrap pass gives every interval. Generations are matched by ``strata``
(e.g. prompt ids): a generation is compared with the reference core of its own stratum,
and strata where either group has no generation are left out.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, as_systems, group_members
from homog_bench.measures.bootstrap import Estimate
from homog_bench.measures.systems import norms
from homog_bench.measures.weighted import weighted_mean

__all__ = ["core_distance", "cross_deviances", "difference_interval", "group_mean"]


def _mask(n: int, mask: ArrayLike, name: str) -> np.ndarray:
    m = np.asarray(mask, dtype=bool)
    if m.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {m.shape}")
    return m


def _inputs(weights: ArrayLike, systems: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = as_systems(systems)
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 2 or w.shape[1] != x.shape[0]:
        raise ValueError(f"W must have shape (b, {x.shape[0]}), got {w.shape}")
    return w, x


def cross_deviances(
    weights: ArrayLike,
    systems: ArrayLike,
    reference: ArrayLike,
    norm: str = "l2",
    strata: ArrayLike | None = None,
) -> FloatArray:
    """‖Λ(x_i) − ⟨Λ⟩_ref‖ for every generation, under each row of W: shape (b, N).

    ⟨Λ⟩_ref is the weighted core of the ``reference`` generations (a boolean mask) of
    the generation's own stratum. NaN where a stratum has no reference generation
    (or no weight on one) or a system has no value.

    >>> x = [[0.0], [1.0], [1.0], [1.0]]
    >>> cross_deviances(np.ones((1, 4)), x, [True, True, False, False])
    array([[0.5, 0.5, 0.5, 0.5]])
    >>> cross_deviances([[2, 0, 1, 1]], x, [True, True, False, False])
    array([[0., 1., 1., 1.]])
    """
    w, x = _inputs(weights, systems)
    n = x.shape[0]
    ref = _mask(n, reference, "reference")
    out = np.full(w.shape, np.nan, dtype=np.float64)
    for idx in group_members(n, strata, "strata"):
        ref_idx = idx[ref[idx]]
        if ref_idx.size == 0:
            continue
        centre = weighted_mean(w[:, ref_idx], x[ref_idx])  # (b, n_struct)
        out[:, idx] = norms(x[idx][None, :, :] - centre[:, None, :], norm=norm)
    return out


def group_mean(weights: ArrayLike, values: ArrayLike, members: ArrayLike) -> FloatArray:
    """Weighted mean of ``values`` (shape (b, N) or (N,)) over the ``members`` mask, NaN
    entries left out: shape (b,). NaN when no weight is left.

    >>> group_mean([[1, 1, 1], [0, 2, 1]], [1.0, 3.0, 5.0], [True, True, False])
    array([2., 3.])
    """
    w = np.asarray(weights, dtype=np.float64)
    v = np.broadcast_to(np.asarray(values, dtype=np.float64), w.shape)
    m = _mask(w.shape[1], members, "members")
    present = ~np.isnan(v) & m[None, :]
    num = np.where(present, w * np.where(present, v, 0.0), 0.0).sum(axis=1)
    den = np.where(present, w, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = num / den
    result[~(den > 0)] = np.nan
    return np.asarray(result, dtype=np.float64)


def core_distance(
    weights: ArrayLike,
    systems: ArrayLike,
    group_a: ArrayLike,
    group_b: ArrayLike,
    norm: str = "l2",
    strata: ArrayLike | None = None,
) -> FloatArray:
    """‖⟨Λ⟩_b − ⟨Λ⟩_a‖ under each row of W, averaged over the strata holding both groups:
    shape (b,). NaN when no stratum holds both.

    >>> x = [[1.0, 0.0], [1.0, 0.0], [0.0, 0.0], [1.0, 1.0]]
    >>> core_distance(np.ones((1, 4)), x, [1, 1, 0, 0], [0, 0, 1, 1], norm="l1")
    array([1.])
    >>> core_distance(np.ones((1, 4)), x, [1, 1, 0, 0], [0, 0, 1, 1], strata=[0, 0, 1, 1])
    array([nan])
    """
    w, x = _inputs(weights, systems)
    n = x.shape[0]
    a = _mask(n, group_a, "group_a")
    b = _mask(n, group_b, "group_b")
    distances = []
    for idx in group_members(n, strata, "strata"):
        ia, ib = idx[a[idx]], idx[b[idx]]
        if ia.size == 0 or ib.size == 0:
            continue
        shift = weighted_mean(w[:, ib], x[ib]) - weighted_mean(w[:, ia], x[ia])
        distances.append(norms(shift, norm=norm))
    if not distances:
        return np.full(w.shape[0], np.nan, dtype=np.float64)
    stacked = np.stack(distances, axis=1)
    present = ~np.isnan(stacked)
    count = present.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(present, stacked, 0.0).sum(axis=1) / count
    result[count == 0] = np.nan
    return np.asarray(result, dtype=np.float64)


def difference_interval(first: Estimate, second: Estimate) -> Estimate:
    """``first − second`` of two independent estimates, with a MOVER interval.

    The method of variance estimates recovery (Newcombe 1998, *Statistics in Medicine*
    17:873; Zou and Donner 2008, *Statistics in Medicine* 27:1693) builds the interval of
    a difference from the two intervals alone, keeping their asymmetry: with estimates
    a, b and bounds (l₁, u₁), (l₂, u₂), the bounds are
    a − b − √((a − l₁)² + (u₂ − b)²) and a − b + √((u₁ − a)² + (b − l₂)²).
    Either estimate undefined: NaN; either interval undefined: NaN bounds.

    >>> difference_interval(Estimate(0.5, 0.4, 0.6), Estimate(0.2, 0.1, 0.4))
    Estimate(value=0.3, low=0.0763..., high=0.4414..., reason=None)
    >>> difference_interval(Estimate(0.5, 0.4, 0.6), Estimate(0.2, math.nan, math.nan, "few"))
    Estimate(value=0.3, low=nan, high=nan, reason='few')
    """
    a, b = float(first.value), float(second.value)
    if math.isnan(a) or math.isnan(b):
        reason = first.reason if math.isnan(a) else second.reason
        return Estimate(math.nan, math.nan, math.nan, reason or "an estimate is undefined")
    bounds = (first.low, first.high, second.low, second.high)
    if not all(math.isfinite(x) for x in bounds):
        reason = first.reason or second.reason or "an interval is undefined"
        return Estimate(a - b, math.nan, math.nan, reason)
    low = a - b - math.hypot(a - first.low, second.high - b)
    high = a - b + math.hypot(first.high - a, b - second.low)
    return Estimate(a - b, low, high)
