"""Categorical views of an attribute: counts, shares, normativity, amplification.

Categories are strings. ``None`` is accepted wherever a category is and counts
as excluded (no category could be read from the generation). A category listed
both as normative and as excluded is excluded.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from homog_bench.measures._result import Measured, undefined
from homog_bench.measures._util import FloatArray
from homog_bench.measures.weighted import weighted_category_shares, weighted_normativity

__all__ = [
    "NormativityDetail",
    "amplification",
    "category_counts",
    "normativity_detail",
    "normativity_rate",
    "one_hot",
    "representation_ratios",
    "shares",
]


def _check_categories(categories: object) -> None:
    if isinstance(categories, str):
        raise ValueError("categories must be a sequence of strings, not a single string")


def _as_set(values: Iterable[str], name: str) -> set[str]:
    if isinstance(values, str):
        raise ValueError(f"{name} must be a collection of category names, not a single string")
    return set(values)


def category_counts(
    categories: Iterable[str | None], exclude: Collection[str] = ()
) -> tuple[dict[str, int], int]:
    """Counts of the kept categories (first-seen order) and the number excluded.

    >>> category_counts(["man", "woman", "man", "unknown", None], exclude={"unknown"})
    ({'man': 2, 'woman': 1}, 2)
    >>> category_counts([])
    ({}, 0)
    """
    _check_categories(categories)
    excluded = _as_set(exclude, "exclude")
    counts: Counter[str] = Counter()
    n_excluded = 0
    for category in categories:
        if category is None or category in excluded:
            n_excluded += 1
        else:
            counts[category] += 1
    return dict(counts), n_excluded


def shares(
    categories: Iterable[str | None],
    support: Iterable[str] | None = None,
    exclude: Collection[str] = (),
) -> dict[str, float]:
    """p̂(c): the share of kept generations in each category.

    Keys are the ``support`` (absent categories get 0.0) followed by any other
    observed category; excluded categories never appear. When no generation is
    kept every share is NaN (and without a support the dict is empty).

    >>> shares(["man", "man", "woman", "unknown"], support=["woman", "man", "nonbinary"],
    ...        exclude=["unknown"])  # doctest: +NORMALIZE_WHITESPACE
    {'woman': 0.3333333333333333, 'man': 0.6666666666666666, 'nonbinary': 0.0}
    >>> shares(["unknown"], support=["man"], exclude=["unknown"])
    {'man': nan}
    """
    labels = list(categories)
    onehot, columns = one_hot(labels, support=support, exclude=exclude)
    # the same formula as the bootstrap's, at W = ones
    values = weighted_category_shares(np.ones((1, len(labels))), onehot)[0]
    return {c: float(v) for c, v in zip(columns, values, strict=True)}


@dataclass(frozen=True)
class NormativityDetail:
    """The normativity rate with the counts behind it."""

    rate: float
    n_used: int
    n_normative: int
    n_excluded: int
    reason: str | None = None

    def measured(self) -> Measured:
        """The rate as a :class:`Measured`."""
        return Measured(self.rate, self.reason)


def normativity_detail(
    categories: Iterable[str | None],
    normative: Collection[str],
    exclude: Collection[str] = (),
) -> NormativityDetail:
    """The normativity rate and its counts (used, normative, excluded).

    >>> normativity_detail(["man", "woman", "nonbinary", "unknown"], {"man", "woman"},
    ...                    exclude={"unknown"})  # doctest: +NORMALIZE_WHITESPACE
    NormativityDetail(rate=0.6666666666666666, n_used=3, n_normative=2, n_excluded=1,
                      reason=None)
    """
    labels = list(categories)
    counts, n_excluded = category_counts(labels, exclude)
    n_used = sum(counts.values())
    normative_set = _as_set(normative, "normative")
    n_normative = sum(k for c, k in counts.items() if c in normative_set)
    if n_used == 0:
        reason = "all generations excluded" if n_excluded else "no generations"
        return NormativityDetail(math.nan, 0, 0, n_excluded, reason)
    # the story figure's formula, at W = ones
    onehot, columns = one_hot(labels, exclude=exclude)
    is_normative = [c in normative_set for c in columns]
    rate = float(weighted_normativity(np.ones((1, len(labels))), onehot, is_normative)[0])
    return NormativityDetail(rate, n_used, n_normative, n_excluded)


def normativity_rate(
    categories: Iterable[str | None],
    normative: Collection[str],
    exclude: Collection[str] = (),
) -> Measured:
    """Share of kept generations whose category is normative (excluded ones left out).

    >>> normativity_rate(["man", "woman", "nonbinary", "man"], {"man", "woman"})
    Measured(value=0.75, reason=None)
    >>> normativity_rate(["unknown"], {"man"}, exclude={"unknown"})
    Measured(value=nan, reason='all generations excluded')
    >>> normativity_rate([], {"man"})
    Measured(value=nan, reason='no generations')
    """
    return normativity_detail(categories, normative, exclude).measured()


def _reference_total(reference: Mapping[str, float], excluded: Collection[str]) -> float:
    total = 0.0
    for category, probability in reference.items():
        p = float(probability)
        if math.isnan(p) or p < 0:
            raise ValueError(f"reference probability for {category!r} must be >= 0, got {p}")
        if category not in excluded:
            total += p
    return total


def amplification(
    rate: float,
    reference: Mapping[str, float],
    normative: Collection[str],
    exclude: Collection[str] = (),
) -> Measured:
    """Normativity rate minus the reference normativity Σ_{c ∈ normative} p_ref(c).

    The reference is renormalized over its non-excluded categories (a no-op when
    it already sums to 1 and names no excluded category); a normative category
    missing from it counts as 0.

    >>> amplification(0.9, {"woman": 0.50, "man": 0.49, "nonbinary": 0.01}, {"woman", "man"})
    Measured(value=-0.08999999999999997, reason=None)
    >>> amplification(float("nan"), {"man": 1.0}, {"man"})
    Measured(value=nan, reason='normativity rate undefined')
    """
    excluded = _as_set(exclude, "exclude")
    total = _reference_total(reference, excluded)
    if math.isnan(rate):
        return undefined("normativity rate undefined")
    if total <= 0:
        return undefined("reference distribution is all zero")
    normative_set = _as_set(normative, "normative")
    normative_mass = sum(
        float(p) for c, p in reference.items() if c in normative_set and c not in excluded
    )
    return Measured(rate - normative_mass / total)


def representation_ratios(
    shares: Mapping[str, float],
    reference: Mapping[str, float],
    exclude: Collection[str] = (),
) -> dict[str, Measured]:
    """p̂(c) / p_ref(c) for every category of the reference or the shares.

    The reference is renormalized over its non-excluded categories; a category
    missing from either side counts as 0. A zero reference probability, an
    undefined share or an all-zero reference gives NaN with a reason.

    >>> ratios = representation_ratios({"woman": 0.3, "man": 0.7}, {"woman": 0.6, "man": 0.4,
    ...                                 "nonbinary": 0.0})
    >>> ratios["woman"], ratios["man"]
    (Measured(value=0.5, reason=None), Measured(value=1.7499999999999998, reason=None))
    >>> ratios["nonbinary"]
    Measured(value=nan, reason="reference probability is 0 for 'nonbinary'")
    """
    excluded = _as_set(exclude, "exclude")
    total = _reference_total(reference, excluded)
    keys = [c for c in dict.fromkeys([*reference, *shares]) if c not in excluded]
    result: dict[str, Measured] = {}
    for category in keys:
        share = float(shares.get(category, 0.0))
        ref = float(reference.get(category, 0.0)) / total if total > 0 else 0.0
        if total <= 0:
            result[category] = undefined("reference distribution is all zero")
        elif math.isnan(share):
            result[category] = undefined(f"share undefined for {category!r}")
        elif ref == 0:
            result[category] = undefined(f"reference probability is 0 for {category!r}")
        else:
            result[category] = Measured(share / ref)
    return result


def one_hot(
    categories: Sequence[str | None],
    support: Iterable[str] | None = None,
    exclude: Collection[str] = (),
) -> tuple[FloatArray, list[str]]:
    """Indicator matrix (N, c) of the kept categories and its column labels.

    Columns are the ``support`` (minus excluded) followed by other observed
    categories in first-seen order; an excluded generation (or ``None``) is an
    all-zero row. Feed it to :func:`~homog_bench.measures.weighted.weighted_category_shares`.

    >>> matrix, labels = one_hot(["b", "a", "unknown"], support=["a"], exclude=["unknown"])
    >>> labels
    ['a', 'b']
    >>> matrix
    array([[0., 1.],
           [1., 0.],
           [0., 0.]])
    """
    _check_categories(categories)
    excluded = _as_set(exclude, "exclude")
    labels = [c for c in dict.fromkeys(support or ()) if c not in excluded]
    index = {c: i for i, c in enumerate(labels)}
    for category in categories:
        if category is not None and category not in excluded and category not in index:
            index[category] = len(labels)
            labels.append(category)
    matrix = np.zeros((len(categories), len(labels)), dtype=np.float64)
    for row, category in enumerate(categories):
        if category is not None and category in index:
            matrix[row, index[category]] = 1.0
    return matrix, labels
