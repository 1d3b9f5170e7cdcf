"""Divergence between a distribution and the stakeholder's target.

Distributions are mappings category → probability (the union of the keys is
the support; a missing key is 0) or aligned 1-D arrays. Inputs that do not sum
to 1 are renormalized. An empty or all-zero distribution, or one containing NaN,
gives NaN with a reason; a negative entry is a programmer error (ValueError).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._result import Measured, undefined
from homog_bench.measures._util import FloatArray

__all__ = [
    "align",
    "jensen_shannon",
    "jensen_shannon_rows",
    "total_variation",
    "total_variation_rows",
]

DistributionLike = Mapping[str, float] | ArrayLike


def align(
    p: DistributionLike, q: DistributionLike
) -> tuple[list[str] | None, FloatArray, FloatArray]:
    """Put two distributions on a common support: (labels or None, p, q), not normalized.

    >>> align({"a": 1.0}, {"b": 0.5, "a": 0.5})
    (['a', 'b'], array([1., 0.]), array([0.5, 0.5]))
    """
    p_map, q_map = isinstance(p, Mapping), isinstance(q, Mapping)
    if p_map != q_map:
        raise ValueError("pass both distributions as mappings or both as arrays")
    if isinstance(p, Mapping) and isinstance(q, Mapping):
        labels = list(dict.fromkeys([*p, *q]))
        pa = np.asarray([float(p.get(c, 0.0)) for c in labels], dtype=np.float64)
        qa = np.asarray([float(q.get(c, 0.0)) for c in labels], dtype=np.float64)
        return labels, pa, qa
    pa = np.asarray(p, dtype=np.float64)
    qa = np.asarray(q, dtype=np.float64)
    if pa.ndim != 1 or pa.shape != qa.shape:
        raise ValueError(f"arrays must be 1-D with the same length, got {pa.shape} and {qa.shape}")
    return None, pa, qa


def _checked(p: DistributionLike, q: DistributionLike) -> tuple[FloatArray, FloatArray] | Measured:
    _, pa, qa = align(p, q)
    if np.any(pa < 0) or np.any(qa < 0):
        raise ValueError("probabilities must be non-negative")
    if pa.size == 0:
        return undefined("empty distribution")
    for name, array in (("p", pa), ("q", qa)):
        if np.any(np.isnan(array)):
            return undefined(f"{name} contains NaN")
        if not array.sum() > 0:
            return undefined(f"{name} is all zero")
    return pa, qa


def _rows(p: ArrayLike, q: ArrayLike) -> tuple[FloatArray, FloatArray]:
    pa = np.asarray(p, dtype=np.float64)
    qa = np.asarray(q, dtype=np.float64)
    pa, qa = np.broadcast_arrays(np.atleast_2d(pa), np.atleast_2d(qa))
    if pa.ndim != 2:
        raise ValueError("expected (b, c) arrays (or (c,) to broadcast)")
    if np.any(pa < 0) or np.any(qa < 0):
        raise ValueError("probabilities must be non-negative")
    with np.errstate(invalid="ignore", divide="ignore"):
        pn = pa / pa.sum(axis=1, keepdims=True)
        qn = qa / qa.sum(axis=1, keepdims=True)
    # An all-zero row became NaN (0/0); so did a row with NaN. Both stay NaN.
    return pn, qn


def jensen_shannon_rows(p: ArrayLike, q: ArrayLike) -> FloatArray:
    """Jensen–Shannon divergence (base 2) row by row for (b, c) arrays, shape (b,).

    Either argument may be a single (c,) distribution broadcast over the rows.
    Rows are renormalized; an all-zero or NaN row gives NaN.

    >>> jensen_shannon_rows([[1, 0], [1, 1], [0, 0]], [0, 1])
    array([1.        , 0.31127812,        nan])
    """
    pn, qn = _rows(p, q)
    m = 0.5 * (pn + qn)
    with np.errstate(invalid="ignore", divide="ignore"):
        kl_p = np.where(pn > 0, pn * np.log2(np.where(pn > 0, pn, 1.0) / m), 0.0)
        kl_q = np.where(qn > 0, qn * np.log2(np.where(qn > 0, qn, 1.0) / m), 0.0)
    js = 0.5 * kl_p.sum(axis=1) + 0.5 * kl_q.sum(axis=1)
    undefined_rows = np.isnan(pn).any(axis=1) | np.isnan(qn).any(axis=1)
    # Clip floating-point noise just outside the mathematical range [0, 1].
    js = np.clip(js, 0.0, 1.0)
    js[undefined_rows] = np.nan
    return np.asarray(js, dtype=np.float64)


def total_variation_rows(p: ArrayLike, q: ArrayLike) -> FloatArray:
    """Total variation distance ½ Σ|p − q| row by row, shape (b,).

    >>> total_variation_rows([[1, 0], [1, 1]], [0, 1])
    array([1. , 0.5])
    """
    pn, qn = _rows(p, q)
    return np.asarray(0.5 * np.abs(pn - qn).sum(axis=1), dtype=np.float64)


def jensen_shannon(p: DistributionLike, q: DistributionLike) -> Measured:
    """The Jensen–Shannon divergence in bits (base 2), in [0, 1] (not the JS distance).

    JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2.

    >>> jensen_shannon({"a": 1.0}, {"b": 1.0})
    Measured(value=1.0, reason=None)
    >>> jensen_shannon([0.5, 0.5], [1, 1])
    Measured(value=0.0, reason=None)
    >>> jensen_shannon({"a": 0.5, "b": 0.5}, {"a": 1.0})  # 1.5 - 0.75 log2(3)
    Measured(value=0.31127812445913283, reason=None)
    >>> jensen_shannon({"a": 0.0}, {"a": 1.0})
    Measured(value=nan, reason='p is all zero')
    """
    checked = _checked(p, q)
    if isinstance(checked, Measured):
        return checked
    return Measured(float(jensen_shannon_rows(checked[0], checked[1])[0]))


def total_variation(p: DistributionLike, q: DistributionLike) -> Measured:
    """Total variation distance ½ Σ_c |p(c) − q(c)|, in [0, 1].

    >>> total_variation({"a": 0.5, "b": 0.5}, {"a": 1.0})
    Measured(value=0.5, reason=None)
    >>> total_variation([], [])
    Measured(value=nan, reason='empty distribution')
    """
    checked = _checked(p, q)
    if isinstance(checked, Measured):
        return checked
    return Measured(float(total_variation_rows(checked[0], checked[1])[0]))
