"""Hill numbers and evenness."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures import (
    evenness,
    hill_key,
    hill_number,
    hill_numbers,
    hill_profile,
)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

COUNTS = [60, 30, 10]
P = [0.6, 0.3, 0.1]
SHANNON = -sum(p * math.log(p) for p in P)


def test_hill_numbers_of_60_30_10() -> None:
    assert hill_number(COUNTS, 0).value == 3.0
    assert hill_number(COUNTS, 1).value == pytest.approx(math.exp(SHANNON))
    assert hill_number(COUNTS, 1).value == pytest.approx(2.4546, abs=1e-4)
    assert hill_number(COUNTS, 2).value == pytest.approx(1 / (0.36 + 0.09 + 0.01))
    assert hill_number(COUNTS, math.inf).value == pytest.approx(1 / 0.6)
    assert hill_number(COUNTS, 0.5).value == pytest.approx(sum(math.sqrt(p) for p in P) ** 2)
    assert hill_number(COUNTS, 3).value == pytest.approx(sum(p**3 for p in P) ** (-1 / 2))


def test_mapping_array_and_probabilities_agree() -> None:
    mapping = {"a": 60, "b": 30, "c": 10, "d": 0}
    for q in (0, 0.5, 1, 2, 7, math.inf):
        expected = hill_number(P, q).value
        assert hill_number(COUNTS, q).value == pytest.approx(expected)
        assert hill_number(mapping, q).value == pytest.approx(expected)
        assert hill_number(np.array(COUNTS), q).value == pytest.approx(expected)


def test_profile_keys_and_monotone_in_q() -> None:
    profile = hill_profile(COUNTS)
    assert list(profile) == ["D0", "D1", "D2", "Dinf"]
    values = [m.value for m in profile.values()]
    assert values == sorted(values, reverse=True)
    assert hill_key(0.5) == "D0.5"
    assert list(hill_profile(COUNTS, qs=(0.5, 3))) == ["D0.5", "D3"]


def test_continuity_and_large_q() -> None:
    d1 = hill_number(COUNTS, 1).value
    assert hill_number(COUNTS, 1 - 1e-7).value == pytest.approx(d1, rel=1e-5)
    assert hill_number(COUNTS, 1 + 1e-7).value == pytest.approx(d1, rel=1e-5)
    assert hill_number(COUNTS, 2000).value == pytest.approx(1 / 0.6, rel=1e-3)
    assert hill_number([1e-300, 1.0], 50).value == pytest.approx(1.0)


def test_even_and_single_category() -> None:
    for q in (0, 1, 2, math.inf, 0.3):
        assert hill_number([5, 5, 5, 5], q).value == pytest.approx(4.0)
        assert hill_number([7], q).value == pytest.approx(1.0)
    assert evenness([5, 5, 5]).value == pytest.approx(1.0)
    assert evenness([9]).value == 1.0
    assert evenness(COUNTS).value == pytest.approx(math.exp(SHANNON) / 3)


def test_degenerate_counts() -> None:
    empties: list[list[int] | dict[str, float]] = [[], {}, [0, 0]]
    for empty in empties:
        for q in (0, 1, 2, math.inf):
            result = hill_number(empty, q)
            assert math.isnan(result.value) and result.reason == "no observations"
        assert evenness(empty).reason == "no observations"
    assert hill_number([1, math.nan], 1).reason == "counts contain NaN"
    assert all(m.reason == "no observations" for m in hill_profile([]).values())


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        hill_number(COUNTS, -1)
    with pytest.raises(ValueError, match="real number"):
        hill_number(COUNTS, "2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative"):
        hill_number([1, -1], 1)


def test_vectorized_rows_match_scalar() -> None:
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 5, size=(20, 6)).astype(float)
    counts[3] = 0
    for q in (0, 0.5, 1, 2, math.inf):
        rows = hill_numbers(counts, q)
        for row, value in zip(counts, rows, strict=True):
            scalar = hill_number(row, q).value
            assert (math.isnan(scalar) and math.isnan(value)) or value == pytest.approx(scalar)
