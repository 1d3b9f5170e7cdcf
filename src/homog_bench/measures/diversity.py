"""Hill numbers D_q and evenness.

Counts (or probabilities; they are normalized) come as a mapping category →
count or as a 1-D array. D_0 is richness (categories with a positive count),
D_1 = exp(Shannon entropy, natural log), D_2 the inverse Simpson index,
D_inf = 1 / max share, and in general D_q = (Σ p^q)^(1/(1−q)).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._result import Measured, undefined
from homog_bench.measures._util import FloatArray, check_order

__all__ = ["evenness", "hill_key", "hill_number", "hill_numbers", "hill_profile"]

CountsLike = Mapping[str, float] | ArrayLike


def _as_counts(counts: CountsLike) -> FloatArray:
    if isinstance(counts, Mapping):
        array = np.asarray([float(v) for v in counts.values()], dtype=np.float64)
    else:
        array = np.asarray(counts, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"counts must be 1-D, got shape {array.shape}")
    if np.any(array < 0):
        raise ValueError("counts must be non-negative")
    return array


def _check_q(q: float) -> float:
    order = check_order(q, "q")
    if order < 0:
        raise ValueError(f"q must be >= 0, got {order}")
    return order


def hill_numbers(counts: ArrayLike, q: float) -> FloatArray:
    """Hill number of order q for each row of a (b, c) count matrix, shape (b,).

    The vectorized form behind :func:`hill_number` (e.g. for bootstrap
    resamples). A row with no positive count, or with a NaN, gives NaN.

    >>> hill_numbers([[1, 1, 0], [3, 1, 0], [0, 0, 0]], 2)
    array([2. , 1.6, nan])
    """
    order = _check_q(q)
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim != 2:
        raise ValueError(f"counts must be 2-D (rows, categories), got shape {c.shape}")
    if np.any(c < 0):
        raise ValueError("counts must be non-negative")
    total = c.sum(axis=1)
    bad = ~(total > 0) | np.isnan(total)  # NaN total or zero total
    safe_total = np.where(bad, 1.0, total)
    p = np.where(bad[:, None], 0.0, c) / safe_total[:, None]
    positive = p > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if order == 0:
            result = positive.sum(axis=1).astype(np.float64)
        elif order == 1:
            logp = np.log(np.where(positive, p, 1.0))
            result = np.exp(-(p * logp).sum(axis=1))
        else:
            pmax = p.max(axis=1, initial=0.0)
            safe_max = np.where(pmax > 0, pmax, 1.0)
            if order == math.inf:
                result = 1.0 / safe_max
            else:
                ratio = np.where(positive, p / safe_max[:, None], 0.0)
                log_sum = order * np.log(safe_max) + np.log((ratio**order).sum(axis=1))
                result = np.exp(log_sum / (1.0 - order))
    result = np.asarray(result, dtype=np.float64)
    result[bad] = np.nan
    return result


def hill_number(counts: CountsLike, q: float) -> Measured:
    """The Hill number D_q (effective number of categories) for any real q ≥ 0 or inf.

    >>> counts = {"a": 60, "b": 30, "c": 10}
    >>> hill_number(counts, 0).value, hill_number(counts, 2).value  # 1 / (.36 + .09 + .01)
    (3.0, 2.173913043478261)
    >>> hill_number(counts, float("inf"))  # 1 / 0.6
    Measured(value=1.6666666666666667, reason=None)
    >>> hill_number([1, 1, 1, 1], 1).value
    4.0
    >>> hill_number({}, 1)
    Measured(value=nan, reason='no observations')
    """
    array = _as_counts(counts)
    if np.any(np.isnan(array)):
        return undefined("counts contain NaN")
    if not array.sum() > 0:
        return undefined("no observations")
    return Measured(float(hill_numbers(array[None, :], q)[0]))


def hill_key(q: float) -> str:
    """The profile key for order q: ``"D0"``, ``"D1"``, ``"D0.5"``, ``"Dinf"``.

    >>> hill_key(2.0), hill_key(float("inf")), hill_key(0.5)
    ('D2', 'Dinf', 'D0.5')
    """
    order = _check_q(q)
    return "Dinf" if order == math.inf else f"D{order:g}"


def hill_profile(
    counts: CountsLike, qs: Iterable[float] = (0, 1, 2, math.inf)
) -> dict[str, Measured]:
    """The diversity profile {"D0", "D1", "D2", "Dinf"} (keys from :func:`hill_key`).

    >>> profile = hill_profile([2, 2])
    >>> {k: m.value for k, m in profile.items()}
    {'D0': 2.0, 'D1': 2.0, 'D2': 2.0, 'Dinf': 2.0}
    """
    return {hill_key(q): hill_number(counts, q) for q in qs}


def evenness(counts: CountsLike) -> Measured:
    """Evenness D_1 / D_0 in (0, 1]; 1 when every observed category is equally common.

    >>> evenness([5, 5]).value, evenness([1]).value
    (1.0, 1.0)
    >>> round(evenness([60, 30, 10]).value, 6)
    0.818185
    >>> evenness([0, 0])
    Measured(value=nan, reason='no observations')
    """
    d1 = hill_number(counts, 1)
    if d1.reason is not None:
        return d1
    d0 = hill_number(counts, 0)
    return Measured(d1.value / d0.value)
