"""Generalized cores ⟨Λ⟩_{q,r}.

The empirical distribution over the *distinct* system vectors (rows, duplicates
counted) gives probabilities p_j. The escort of order r reweights them,
π_j = p_j^r / Σ_k p_k^r, and each structure is aggregated with the power mean of
order q under π: (Σ_j π_j α_j^q)^(1/q).

Missing values (NaN) are handled structure by structure: rows are compared
exactly, with NaN treated as a value (two rows are the same system when they
have the same numbers and the same missing structures). For structure j the
distinct rows that miss j are dropped, the remaining probabilities renormalized,
and then the escort and power mean are applied. A structure with no value left
gives NaN.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, as_systems, check_order, generation_weights

__all__ = [
    "NAMED_CORES",
    "escort",
    "generalized_core",
    "named_cores",
    "power_mean",
]

NAMED_CORES: dict[str, tuple[float, float]] = {
    "standard": (1.0, 1.0),
    "uniform": (1.0, 0.0),
    "mode": (1.0, math.inf),
    "antimode": (1.0, -math.inf),
    "max": (math.inf, 1.0),
    "geometric": (0.0, 1.0),
    "rms": (2.0, 1.0),
}
"""The named (q, r) variants of the generalized core (see the module docstring)."""


def escort(probs: ArrayLike, r: float) -> FloatArray:
    """The escort distribution of order r: π_j = p_j^r / Σ_k p_k^r over p_j > 0.

    Zero entries get weight 0 for every r. ``probs`` need not sum to 1 (counts
    work too). r = 0 is uniform over the positive entries, r = +inf uniform over
    the largest ones (ties share), r = −inf uniform over the smallest positive
    ones. Computed in log space, so large |r| does not overflow. All-zero or
    NaN input gives NaN weights.

    >>> escort([0.5, 0.25, 0.25], 1)
    array([0.5 , 0.25, 0.25])
    >>> escort([0.5, 0.25, 0.25], 0)
    array([0.33333333, 0.33333333, 0.33333333])
    >>> escort([0.4, 0.4, 0.2], float("inf"))
    array([0.5, 0.5, 0. ])
    >>> escort([0.4, 0.4, 0.2, 0.0], float("-inf"))
    array([0., 0., 1., 0.])
    >>> escort([0.75, 0.25], 2)
    array([0.9, 0.1])
    """
    order = check_order(r, "r")
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"probs must be 1-D, got shape {p.shape}")
    if np.any(p < 0):
        raise ValueError("probs must be non-negative")
    out = np.zeros(p.shape, dtype=np.float64)
    positive = p > 0
    if np.any(np.isnan(p)) or not np.any(positive):
        out[:] = np.nan
        return out
    if order == math.inf:
        selected = p == p.max()
    elif order == -math.inf:
        selected = positive & (p == p[positive].min())
    elif order == 0:
        selected = positive
    else:
        z = order * np.log(p[positive])
        z -= z.max()
        e = np.exp(z)
        out[positive] = e / e.sum()
        return out
    out[selected] = 1.0 / np.count_nonzero(selected)
    return out


def power_mean(values: ArrayLike, weights: ArrayLike, q: float) -> float:
    """The weighted power mean of order q: (Σ π_j v_j^q)^(1/q), π = weights / Σ weights.

    Only entries with positive weight take part. q = 0 is the weighted geometric
    mean exp(Σ π log v) (0 if a weighted value is 0); q = +inf / −inf is the
    max / min over the weighted values; q < 0 with a weighted 0 gives 0 (the
    limit). Returns a float, NaN when there is no positive weight, when a
    weighted value is NaN, or when q ≠ 1 and a weighted value is negative
    (power means are defined for non-negative values). Computed by factoring out
    the max (q > 0) or min (q < 0), so large |q| does not overflow.

    >>> power_mean([1.0, 0.0], [0.5, 0.5], 1)
    0.5
    >>> power_mean([1.0, 0.0], [0.5, 0.5], 2)  # sqrt(0.5)
    0.7071067811865476
    >>> power_mean([1.0, 0.25], [0.5, 0.5], 0)  # sqrt(1 * 0.25)
    0.5
    >>> power_mean([1.0, 0.0], [0.5, 0.5], 0)
    0.0
    >>> power_mean([0.2, 0.9, 0.5], [1, 1, 0], float("inf")), power_mean([0.2, 0.9], [1, 1], -1)
    (0.9, 0.32727272727272727)
    """
    order = check_order(q, "q")
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if v.ndim != 1 or v.shape != w.shape:
        raise ValueError(
            f"values and weights must be 1-D of the same length, got {v.shape} and {w.shape}"
        )
    if np.any(np.isnan(w)) or np.any(w < 0):
        raise ValueError("weights must be non-negative numbers")
    used = w > 0
    if not np.any(used):
        return math.nan
    v = v[used]
    pi = w[used] / w[used].sum()
    if np.any(np.isnan(v)):
        return math.nan
    if order == 1:
        return float(np.dot(pi, v))
    if np.any(v < 0):
        return math.nan
    if order == math.inf:
        return float(v.max())
    if order == -math.inf:
        return float(v.min())
    if order == 0:
        if np.any(v == 0):
            return 0.0
        return float(np.exp(np.dot(pi, np.log(v))))
    if order > 0:
        scale = float(v.max())
        if scale == 0:
            return 0.0
    else:
        if np.any(v == 0):
            return 0.0
        scale = float(v.min())
    inner = float(np.dot(pi, (v / scale) ** order))
    return scale * float(np.power(inner, 1.0 / order))


def generalized_core(
    systems: ArrayLike, q: float, r: float, weights: ArrayLike | None = None
) -> FloatArray:
    """The generalized core ⟨Λ⟩_{q,r}, shape (n,).

    The escort of order r acts on the empirical distribution over distinct rows
    (optional ``weights`` per generation replace the counts, e.g. bootstrap
    resample counts; rows with weight 0 drop out); the power mean of order q
    aggregates each structure. NaN handling: see the module docstring. With
    (q, r) = (1, 1) this is :func:`~homog_bench.measures.systems.core`.

    >>> s = [[1, 0], [1, 0], [1, 0], [0, 1]]
    >>> generalized_core(s, 1, 1)
    array([0.75, 0.25])
    >>> generalized_core(s, 1, 0)  # two distinct rows, weighted equally
    array([0.5, 0.5])
    >>> generalized_core(s, 1, float("inf")), generalized_core(s, 1, float("-inf"))
    (array([1., 0.]), array([0., 1.]))
    >>> generalized_core(s, float("inf"), 1)
    array([1., 1.])
    >>> generalized_core(s, 2, 1)  # sqrt(3/4), sqrt(1/4)
    array([0.8660254, 0.5      ])
    """
    q_order = check_order(q, "q")
    r_order = check_order(r, "r")
    x = as_systems(systems) + 0.0  # + 0.0 turns -0.0 into 0.0 for the comparison below
    n_rows, n_cols = x.shape
    w = generation_weights(n_rows, weights)
    result = np.full(n_cols, np.nan, dtype=np.float64)
    if n_rows == 0 or n_cols == 0:
        return result
    missing = np.isnan(x)
    key = np.concatenate([missing.astype(np.float64), np.where(missing, 0.0, x)], axis=1)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    group_weight = np.bincount(inverse, weights=w, minlength=first.size)
    distinct = x[first]
    for j in range(n_cols):
        keep = ~np.isnan(distinct[:, j]) & (group_weight > 0)
        if not np.any(keep):
            continue
        pi = escort(group_weight[keep], r_order)
        result[j] = power_mean(distinct[keep, j], pi, q_order)
    return result


def named_cores(systems: ArrayLike, weights: ArrayLike | None = None) -> dict[str, FloatArray]:
    """Every generalized core in :data:`NAMED_CORES`, keyed by name.

    >>> cores = named_cores([[1, 0], [1, 0], [0, 1]])
    >>> list(cores)
    ['standard', 'uniform', 'mode', 'antimode', 'max', 'geometric', 'rms']
    >>> cores["mode"], cores["geometric"]
    (array([1., 0.]), array([0., 0.]))
    """
    return {
        name: generalized_core(systems, q, r, weights=weights)
        for name, (q, r) in NAMED_CORES.items()
    }
