"""Name collapse: how few protagonist names a model uses."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._result import Measured, undefined
from homog_bench.measures._util import FloatArray
from homog_bench.measures.diversity import hill_profile

__all__ = [
    "NAME_COLLAPSE_KEYS",
    "distinct_ratio",
    "name_collapse",
    "normalize_name",
    "weighted_top_share",
]

NAME_COLLAPSE_KEYS: tuple[str, ...] = (
    "distinct_ratio",
    "top1_share",
    "top5_share",
    "n_named",
    "n_missing",
    "D0",
    "D1",
    "D2",
    "Dinf",
)


def normalize_name(name: str | None) -> str | None:
    """The comparison key of a name: stripped and case-folded; blank → None.

    >>> normalize_name("  Elara "), normalize_name(""), normalize_name(None)
    ('elara', None, None)
    """
    if name is None:
        return None
    key = " ".join(name.split()).casefold()
    return key or None


def name_collapse(names: Sequence[str | None]) -> dict[str, Measured]:
    """Name-collapse figures over the generations' protagonist names.

    ``None`` (or a blank string) means no name was found. Names are compared
    case-insensitively. Ratios and shares are over the generations *with* a
    name; ``n_named`` / ``n_missing`` are counts (as floats); D0…Dinf are Hill
    numbers over the names.

    >>> result = name_collapse(["Elara", "elara", "Marcus", None])
    >>> {k: m.value for k, m in result.items() if k != "D1"}  # doctest: +NORMALIZE_WHITESPACE
    {'distinct_ratio': 0.6666666666666666, 'top1_share': 0.6666666666666666, 'top5_share': 1.0,
     'n_named': 3.0, 'n_missing': 1.0, 'D0': 2.0, 'D2': 1.8, 'Dinf': 1.5}
    >>> name_collapse([None])["top1_share"]
    Measured(value=nan, reason='no named generations')
    """
    if isinstance(names, str):
        raise ValueError("names must be a sequence of names, not a single string")
    keys = [normalize_name(name) for name in names]
    counts = Counter(k for k in keys if k is not None)
    n_named = sum(counts.values())
    n_missing = len(keys) - n_named
    result: dict[str, Measured] = {}
    if n_named == 0:
        reason = "no named generations" if keys else "no generations"
        for key in ("distinct_ratio", "top1_share", "top5_share"):
            result[key] = undefined(reason)
    else:
        ranked = sorted(counts.values(), reverse=True)
        result["distinct_ratio"] = Measured(len(counts) / n_named)
        result["top1_share"] = Measured(float(weighted_top_share(np.ones((1, len(keys))), keys)[0]))
        result["top5_share"] = Measured(sum(ranked[:5]) / n_named)
    result["n_named"] = Measured(float(n_named))
    result["n_missing"] = Measured(float(n_missing))
    for key, measured in hill_profile(list(counts.values()), (0, 1, 2, math.inf)).items():
        result[key] = result["top1_share"] if n_named == 0 else measured
    return result


def distinct_ratio(names: Sequence[str | None]) -> Measured:
    """:func:`name_collapse`'s ``distinct_ratio`` alone (distinct names / named generations).

    >>> distinct_ratio(["Elara", "elara", "Marcus", None]).value
    0.6666666666666666
    >>> distinct_ratio([None])
    Measured(value=nan, reason='no named generations')
    """
    counts = Counter(k for k in map(normalize_name, names) if k is not None)
    if not counts:
        return undefined("no named generations" if len(names) else "no generations")
    return Measured(len(counts) / sum(counts.values()))


def weighted_top_share(weights: ArrayLike, names: Sequence[str | None]) -> FloatArray:
    """Share of the most frequent name among the named draws, under each row of W: (b,).

    The top name is chosen again in every resample (counts through a sparse
    generations × names indicator). At W = ones this is ``name_collapse``'s
    ``top1_share``; NaN when no draw has a name.

    >>> weighted_top_share([[1, 1, 1, 1], [0, 0, 3, 1]], ["Elara", "elara", "Marcus", None])
    array([0.66666667, 1.        ])
    """
    keys = [normalize_name(name) for name in names]
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 2 or w.shape[1] != len(keys):
        raise ValueError(f"weights must have shape (b, {len(keys)}), got {w.shape}")
    index = {k: i for i, k in enumerate(dict.fromkeys(k for k in keys if k is not None))}
    rows = [i for i, k in enumerate(keys) if k is not None]
    if not rows:
        return np.full(w.shape[0], np.nan, dtype=np.float64)
    columns = [index[k] for k in keys if k is not None]
    from scipy import sparse  # imported here: Inspect imports every plugin at start

    indicator = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(keys), len(index))
    )
    counts = np.asarray((indicator.T @ w.T).T)
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = counts.max(axis=1) / counts.sum(axis=1)
    return result
