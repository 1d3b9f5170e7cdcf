"""Small argument checks shared by the measures (private)."""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def check_order(value: object, name: str) -> float:
    """Return ``value`` as a float order (q or r); reject non-numbers and NaN.

    ``inf`` and ``-inf`` are accepted. Raises :class:`ValueError` for a bool, a
    non-number or NaN (those are programmer errors, not degenerate data).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number (inf allowed), got {value!r}")
    result = float(value)
    if math.isnan(result):
        raise ValueError(f"{name} must be a real number (inf allowed), got nan")
    return result


def as_systems(systems: ArrayLike) -> FloatArray:
    """Coerce ``systems`` to a float array of shape (N, n).

    An empty input (``[]``) becomes shape (0, 0). Any other non-2-D input is a
    programmer error and raises :class:`ValueError`.
    """
    array = np.asarray(systems, dtype=np.float64)
    if array.ndim == 1 and array.size == 0:
        return array.reshape(0, 0)
    if array.ndim != 2:
        raise ValueError(
            f"systems must be a 2-D array of shape (N generations, n structures), "
            f"got shape {array.shape}"
        )
    return array


def group_codes(n: int, labels: ArrayLike | None, name: str = "groups") -> IntArray:
    """Each item's group as a code 0..k-1, groups in sorted label order; all 0 without labels.

    >>> group_codes(4, ["b", "a", "b", "c"]).tolist()
    [1, 0, 1, 2]
    """
    if labels is None:
        return np.zeros(n, dtype=np.int64)
    array = np.asarray(labels)
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {array.shape}")
    _, inverse = np.unique(array, return_inverse=True)
    return np.asarray(inverse, dtype=np.int64).reshape(-1)


def group_members(n: int, labels: ArrayLike | None, name: str = "groups") -> list[IntArray]:
    """The indices of each group (sorted label order); one group of all without labels.

    The one grouping-by-label helper of the measures and the figures.

    >>> [idx.tolist() for idx in group_members(4, ["b", "a", "b", "c"])]
    [[1], [0, 2], [3]]
    """
    codes = group_codes(n, labels, name)
    return [np.flatnonzero(codes == g) for g in range(int(codes.max(initial=-1)) + 1)]


def generation_weights(n: int, weights: ArrayLike | None) -> FloatArray:
    """One weight per generation, shape (n,): ones by default; checked finite, ≥ 0.

    >>> generation_weights(2, None).tolist(), generation_weights(2, [3, 1]).tolist()
    ([1.0, 1.0], [3.0, 1.0])
    """
    if weights is None:
        return np.ones(n, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError(f"weights must have shape ({n},), got {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    return w
