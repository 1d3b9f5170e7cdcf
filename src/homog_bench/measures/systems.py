"""Systems, core, orientation and deviance.

A *systems* array has shape (N, n): N generations, n structures, values in
[0, 1], NaN where a structure has no value for that generation.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, as_systems, generation_weights

__all__ = [
    "NORM_NAMES",
    "core",
    "deviance",
    "deviance_summary",
    "norm_maximum",
    "norms",
    "orientation",
]

NORM_NAMES: tuple[str, ...] = ("l1", "l2", "linf")


def _check_norm(norm: str) -> str:
    if norm not in NORM_NAMES:
        raise ValueError(f"unknown norm {norm!r}; expected one of {', '.join(NORM_NAMES)}")
    return norm


def core(systems: ArrayLike, weights: ArrayLike | None = None) -> FloatArray:
    """The core ⟨Λ⟩ = Σ w_i Λ(x_i): the weighted mean of each structure, shape (n,).

    NaN values are ignored column by column: for each structure the weights are
    renormalized over the generations that have a value for it. A structure with
    no value at all (or N = 0) gives NaN. Default weights are 1/N.

    >>> core([[1, 0], [0, 1], [1, 1], [1, 0]])
    array([0.75, 0.5 ])
    >>> core([[1.0, float("nan")], [0.0, 1.0]])
    array([0.5, 1. ])
    >>> core([[1, 0], [0, 1]], weights=[3, 1])
    array([0.75, 0.25])
    """
    x = as_systems(systems)
    n_rows = x.shape[0]
    w = generation_weights(n_rows, weights)
    present = ~np.isnan(x)
    numerator = np.where(present, x, 0.0).T @ w
    denominator = present.T.astype(np.float64) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        result = numerator / denominator
    result[denominator <= 0] = np.nan
    return result


_core = core  # ``deviance`` has a parameter named ``core``


def orientation(systems: ArrayLike, core: ArrayLike) -> FloatArray:
    """The orientation θ(x_i) = Λ(x_i) − ⟨Λ⟩, shape (N, n); NaN stays NaN.

    >>> orientation([[1, 0], [0, 1]], [0.5, 0.5])
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    x = as_systems(systems)
    c = np.asarray(core, dtype=np.float64)
    if c.shape != (x.shape[1],):
        raise ValueError(f"core must have shape ({x.shape[1]},), got {c.shape}")
    return x - c


def norm_maximum(norm: str, n: int) -> float:
    """The largest possible norm of an orientation with n components in [−1, 1].

    l1: n, l2: √n, linf: 1 (0 for every norm when n = 0).

    >>> norm_maximum("l2", 4)
    2.0
    >>> norm_maximum("l1", 3), norm_maximum("linf", 3)
    (3.0, 1.0)
    """
    _check_norm(norm)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if n == 0:
        return 0.0
    if norm == "l1":
        return float(n)
    if norm == "l2":
        return math.sqrt(n)
    return 1.0


def deviance(
    systems: ArrayLike,
    core: ArrayLike | None = None,
    norm: str = "l2",
    normalized: bool = False,
) -> FloatArray:
    """The deviance ∂(x_i) = ‖θ(x_i)‖ of each generation, shape (N,).

    Missing (NaN) components are left out of that row's norm. With
    ``normalized=True`` each row is divided by :func:`norm_maximum` for its own
    number of non-missing components, so the result is in [0, 1]. A row with no
    component left is NaN. ``core`` defaults to :func:`core` of ``systems``.

    >>> deviance([[1, 0], [0, 1], [1, 1], [1, 0]])
    array([0.55901699, 0.90138782, 0.55901699, 0.55901699])
    >>> deviance([[1, 0], [0, 1]], norm="l1")
    array([1., 1.])
    >>> deviance([[1, 0], [0, 1]], norm="l2", normalized=True)
    array([0.5, 0.5])
    """
    _check_norm(norm)
    x = as_systems(systems)
    if core is None:
        c = _core(x)
    else:
        c = np.asarray(core, dtype=np.float64)
        if c.shape != (x.shape[1],):
            raise ValueError(f"core must have shape ({x.shape[1]},), got {c.shape}")
    return norms(x - c, norm=norm, normalized=normalized)


def norms(theta: ArrayLike, norm: str = "l2", normalized: bool = False) -> FloatArray:
    """Norm of orientations along the last axis, NaN components left out.

    The engine of :func:`deviance`, for any leading shape (e.g. (b, N, n) in the
    bootstrap). A vector with no non-missing component gives NaN.

    >>> norms([[3.0, -4.0], [float("nan"), float("nan")]])
    array([ 5., nan])
    >>> norms([[0.5, float("nan")]], norm="l2", normalized=True)
    array([0.5])
    """
    _check_norm(norm)
    t = np.asarray(theta, dtype=np.float64)
    if t.ndim and t.shape[-1] and not np.isnan(t).any():
        return _complete_norms(t, norm, normalized)
    present = ~np.isnan(t)
    k = present.sum(axis=-1)
    magnitude = np.where(present, np.abs(t), 0.0)
    if norm == "l1":
        result = magnitude.sum(axis=-1)
        maximum = k.astype(np.float64)
    elif norm == "l2":
        result = np.sqrt((magnitude * magnitude).sum(axis=-1))
        maximum = np.sqrt(k.astype(np.float64))
    else:
        result = magnitude.max(axis=-1, initial=0.0)
        maximum = np.ones(k.shape, dtype=np.float64)
    result = np.asarray(result, dtype=np.float64)
    if normalized:
        with np.errstate(invalid="ignore", divide="ignore"):
            result = np.asarray(result / maximum, dtype=np.float64)
    result[k == 0] = np.nan
    return result


def _complete_norms(t: FloatArray, norm: str, normalized: bool) -> FloatArray:
    """:func:`norms` of orientations with no missing component (the bootstrap's case):
    the same numbers, bit for bit, without the NaN bookkeeping (|t|·|t| = t·t exactly)."""
    d = float(t.shape[-1])  # every component present
    if norm == "l1":
        result = np.abs(t).sum(axis=-1)
        maximum = d
    elif norm == "l2":
        result = np.sqrt((t * t).sum(axis=-1))
        maximum = math.sqrt(d)
    else:
        result = np.abs(t).max(axis=-1, initial=0.0)
        maximum = 1.0
    result = np.asarray(result, dtype=np.float64)
    if normalized:
        result = np.asarray(result / maximum, dtype=np.float64)
    return result


def deviance_summary(
    systems: ArrayLike,
    core: ArrayLike | None = None,
    norm: str = "l2",
    normalized: bool = False,
) -> dict[str, float]:
    """E[∂] (key ``"mean"``) and the population variance Var[∂] (``"var"``, ddof=0).

    Rows whose deviance is NaN are ignored; both values are NaN when no row is left.

    >>> deviance_summary([[1, 0], [0, 1]], norm="l1")
    {'mean': 1.0, 'var': 0.0}
    >>> deviance_summary([[0.0], [0.0], [1.0], [1.0]])
    {'mean': 0.5, 'var': 0.0}
    >>> deviance_summary(np.empty((0, 2)))
    {'mean': nan, 'var': nan}
    """
    d = deviance(systems, core=core, norm=norm, normalized=normalized)
    d = d[~np.isnan(d)]
    if d.size == 0:
        return {"mean": math.nan, "var": math.nan}
    return {"mean": float(d.mean()), "var": float(d.var())}
