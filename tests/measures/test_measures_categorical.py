"""Counts, shares, normativity rate, amplification, representation ratios."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures import (
    Measured,
    amplification,
    category_counts,
    normativity_detail,
    normativity_rate,
    one_hot,
    representation_ratios,
    shares,
)

GENDERS = ["woman", "man", "man", "unknown", "nonbinary", "man", "woman", "unknown"]
REFERENCE = {"woman": 0.50, "man": 0.49, "nonbinary": 0.01}
NORMATIVE = {"woman", "man"}


def test_category_counts() -> None:
    counts, n_excluded = category_counts(GENDERS, exclude={"unknown"})
    assert counts == {"woman": 2, "man": 3, "nonbinary": 1}
    assert n_excluded == 2
    assert category_counts(GENDERS) == ({"woman": 2, "man": 3, "unknown": 2, "nonbinary": 1}, 0)
    assert category_counts([None, "a"]) == ({"a": 1}, 1)
    with pytest.raises(ValueError, match="single string"):
        category_counts("man")


def test_shares_with_support() -> None:
    result = shares(GENDERS, support=["woman", "man", "nonbinary", "agender"], exclude=["unknown"])
    assert result == {"woman": 2 / 6, "man": 3 / 6, "nonbinary": 1 / 6, "agender": 0.0}
    assert sum(result.values()) == pytest.approx(1.0)
    # an observed category outside the support is kept, after the support
    assert list(shares(["x", "woman"], support=["woman"])) == ["woman", "x"]


def test_shares_degenerate() -> None:
    assert shares([]) == {}
    all_excluded = shares(["unknown"], support=["woman", "unknown"], exclude=["unknown"])
    assert list(all_excluded) == ["woman"] and math.isnan(all_excluded["woman"])


def test_normativity_rate_and_detail() -> None:
    rate = normativity_rate(GENDERS, NORMATIVE, exclude={"unknown"})
    assert rate == Measured(5 / 6)
    detail = normativity_detail(GENDERS, NORMATIVE, exclude={"unknown"})
    assert (detail.rate, detail.n_used, detail.n_normative, detail.n_excluded) == (5 / 6, 6, 5, 2)
    assert detail.reason is None and detail.measured() == rate
    # without exclusion "unknown" counts as non-normative
    assert normativity_rate(GENDERS, NORMATIVE).value == 5 / 8


def test_normativity_degenerate() -> None:
    assert normativity_rate([], NORMATIVE).reason == "no generations"
    all_out = normativity_detail(["unknown", None], NORMATIVE, exclude=["unknown"])
    assert math.isnan(all_out.rate) and all_out.reason == "all generations excluded"
    assert all_out.n_excluded == 2
    assert normativity_rate(["man"] * 3, NORMATIVE) == Measured(1.0)
    # excluded wins over normative
    assert normativity_rate(["man", "woman"], NORMATIVE, exclude={"man"}) == Measured(1.0)


def test_amplification() -> None:
    result = amplification(5 / 6, REFERENCE, NORMATIVE)
    assert result.reason is None and result.value == pytest.approx(5 / 6 - 0.99)
    # reference given in percent is renormalized
    percent = {k: 100 * v for k, v in REFERENCE.items()}
    assert amplification(0.99, percent, NORMATIVE).value == pytest.approx(0.0)
    # excluded reference mass is dropped before renormalizing
    with_unknown = {"woman": 0.4, "man": 0.4, "nonbinary": 0.0, "unknown": 0.2}
    assert amplification(1.0, with_unknown, NORMATIVE, exclude={"unknown"}).value == 0.0
    # a normative category missing from the reference counts as 0
    assert amplification(0.5, {"woman": 1.0}, {"man"}).value == 0.5


def test_amplification_degenerate() -> None:
    assert amplification(math.nan, REFERENCE, NORMATIVE).reason == "normativity rate undefined"
    zero = amplification(0.5, {"man": 0.0}, NORMATIVE)
    assert math.isnan(zero.value) and zero.reason == "reference distribution is all zero"
    with pytest.raises(ValueError, match="reference probability"):
        amplification(0.5, {"man": -0.1}, NORMATIVE)


def test_representation_ratios() -> None:
    observed = shares(GENDERS, support=REFERENCE, exclude={"unknown"})
    ratios = representation_ratios(observed, REFERENCE)
    assert list(ratios) == ["woman", "man", "nonbinary"]
    assert ratios["woman"].value == pytest.approx((2 / 6) / 0.50)
    assert ratios["man"].value == pytest.approx((3 / 6) / 0.49)
    assert ratios["nonbinary"].value == pytest.approx((1 / 6) / 0.01)


def test_representation_ratios_degenerate() -> None:
    ratios = representation_ratios({"woman": 0.5, "agender": 0.5}, {"woman": 1.0, "nb": 0.0})
    assert ratios["woman"] == Measured(0.5)
    assert math.isnan(ratios["nb"].value)
    assert ratios["nb"].reason == "reference probability is 0 for 'nb'"
    assert ratios["agender"].reason == "reference probability is 0 for 'agender'"
    undefined_share = representation_ratios({"woman": math.nan}, {"woman": 1.0})
    assert undefined_share["woman"].reason == "share undefined for 'woman'"
    all_zero = representation_ratios({"woman": 1.0}, {"woman": 0.0})
    assert all_zero["woman"].reason == "reference distribution is all zero"
    # absent share counts as 0
    assert representation_ratios({}, {"woman": 1.0})["woman"] == Measured(0.0)


def test_one_hot() -> None:
    matrix, labels = one_hot(GENDERS, support=["woman", "man", "nonbinary"], exclude=["unknown"])
    assert labels == ["woman", "man", "nonbinary"]
    assert matrix.shape == (8, 3)
    np.testing.assert_array_equal(matrix.sum(axis=0), [2, 3, 1])
    np.testing.assert_array_equal(matrix[3], [0, 0, 0])
    empty, no_labels = one_hot([])
    assert empty.shape == (0, 0) and no_labels == []


def test_single_string_collections_are_rejected() -> None:
    with pytest.raises(ValueError, match="exclude"):
        category_counts(["man"], exclude="unknown")
    with pytest.raises(ValueError, match="normative"):
        normativity_rate(["man"], "man")
    with pytest.raises(ValueError, match="normative"):
        amplification(0.5, REFERENCE, "man")
