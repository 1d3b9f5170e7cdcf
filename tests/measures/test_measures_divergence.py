"""Jensen–Shannon divergence and total variation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures import (
    align,
    jensen_shannon,
    jensen_shannon_rows,
    total_variation,
    total_variation_rows,
)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def test_disjoint_identical_and_known_value() -> None:
    assert jensen_shannon({"a": 1.0}, {"b": 1.0}).value == pytest.approx(1.0)
    assert jensen_shannon({"a": 0.5, "b": 0.5}, {"c": 0.2, "d": 0.8}).value == pytest.approx(1.0)
    assert jensen_shannon({"a": 0.3, "b": 0.7}, {"b": 0.7, "a": 0.3}).value == 0.0
    half = jensen_shannon({"a": 0.5, "b": 0.5}, {"a": 1.0}).value
    assert half == pytest.approx(1.5 - 0.75 * math.log2(3))
    assert total_variation({"a": 1.0}, {"b": 1.0}).value == 1.0
    assert total_variation({"a": 0.5, "b": 0.5}, {"a": 1.0}).value == 0.5


def test_symmetry_range_and_scipy_agreement() -> None:
    scipy_distance = pytest.importorskip("scipy.spatial.distance")
    rng = np.random.default_rng(1)
    for _ in range(20):
        p, q = rng.random(5), rng.random(5)
        p[rng.integers(5)] = 0.0
        js = jensen_shannon(p, q).value
        assert js == pytest.approx(jensen_shannon(q, p).value)
        assert 0.0 <= js <= 1.0
        assert js == pytest.approx(scipy_distance.jensenshannon(p, q, base=2) ** 2)
        tv = total_variation(p, q).value
        assert tv == pytest.approx(0.5 * np.abs(p / p.sum() - q / q.sum()).sum())


def test_renormalization_and_union_support() -> None:
    labels, p, q = align({"a": 2.0}, {"b": 1.0, "a": 1.0})
    assert labels == ["a", "b"]
    np.testing.assert_array_equal(p, [2.0, 0.0])
    np.testing.assert_array_equal(q, [1.0, 1.0])
    assert jensen_shannon({"a": 2, "b": 2}, {"a": 1}).value == pytest.approx(
        jensen_shannon({"a": 0.5, "b": 0.5}, {"a": 1.0}).value
    )
    assert total_variation([30, 10], [0.5, 0.5]).value == pytest.approx(0.25)


def test_degenerate_distributions() -> None:
    zero = jensen_shannon({"a": 0.0}, {"a": 1.0})
    assert math.isnan(zero.value) and zero.reason == "p is all zero"
    assert total_variation({"a": 1.0}, {}).reason == "q is all zero"
    assert jensen_shannon({}, {}).reason == "empty distribution"
    assert total_variation([], []).reason == "empty distribution"
    assert jensen_shannon({"a": math.nan}, {"a": 1.0}).reason == "p contains NaN"


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        jensen_shannon([0.5, -0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match="same length"):
        total_variation([1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="mappings"):
        jensen_shannon({"a": 1.0}, [1.0])


def test_rows_match_scalar() -> None:
    rng = np.random.default_rng(2)
    p = rng.random((10, 4))
    p[0] = 0.0
    target = np.array([0.4, 0.4, 0.2, 0.0])
    js = jensen_shannon_rows(p, target)
    tv = total_variation_rows(p, target)
    assert np.isnan(js[0]) and np.isnan(tv[0])
    for row, a, b in zip(p[1:], js[1:], tv[1:], strict=True):
        assert a == pytest.approx(jensen_shannon(row, target).value)
        assert b == pytest.approx(total_variation(row, target).value)
