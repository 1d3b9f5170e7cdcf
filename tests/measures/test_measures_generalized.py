"""Generalized cores: escort, power mean, named variants, NaN handling."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures import (
    NAMED_CORES,
    core,
    escort,
    generalized_core,
    named_cores,
    power_mean,
)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

INF = math.inf
NAN = math.nan
# distinct rows: (1, 0) x3, (0, 1) x1, (0.5, 0.5) x2
SYSTEMS = [[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.5, 0.5]]


def test_named_cores_table() -> None:
    assert NAMED_CORES == {
        "standard": (1, 1),
        "uniform": (1, 0),
        "mode": (1, INF),
        "antimode": (1, -INF),
        "max": (INF, 1),
        "geometric": (0, 1),
        "rms": (2, 1),
    }
    cores = named_cores(SYSTEMS)
    assert list(cores) == list(NAMED_CORES)


def test_standard_equals_core() -> None:
    rng = np.random.default_rng(3)
    s = rng.integers(0, 3, size=(50, 4)) / 2
    s[rng.random(s.shape) < 0.2] = NAN
    np.testing.assert_allclose(generalized_core(s, 1, 1), core(s), rtol=1e-12)
    np.testing.assert_allclose(named_cores(s)["standard"], core(s), rtol=1e-12)


def test_known_answers_for_each_named_core() -> None:
    cores = named_cores(SYSTEMS)
    np.testing.assert_allclose(cores["standard"], [4 / 6, 2 / 6])
    # uniform over the three distinct rows
    np.testing.assert_allclose(cores["uniform"], [0.5, 0.5])
    np.testing.assert_allclose(cores["mode"], [1.0, 0.0])
    np.testing.assert_allclose(cores["antimode"], [0.0, 1.0])
    np.testing.assert_allclose(cores["max"], [1.0, 1.0])
    np.testing.assert_allclose(cores["geometric"], [0.0, 0.0])  # a weighted zero in each
    rms = [math.sqrt((3 * 1 + 2 * 0.25) / 6), math.sqrt((1 + 2 * 0.25) / 6)]
    np.testing.assert_allclose(cores["rms"], rms)


def test_q_is_used() -> None:
    s = [[0.2], [0.8]]
    values = {q: generalized_core(s, q, 1)[0] for q in (-INF, -1, 0, 1, 2, INF)}
    assert values[1] == pytest.approx(0.5)
    assert values[2] == pytest.approx(math.sqrt((0.04 + 0.64) / 2))
    assert values[0] == pytest.approx(0.4)  # sqrt(0.2 * 0.8)
    assert values[-1] == pytest.approx(2 / (1 / 0.2 + 1 / 0.8))
    assert values[INF] == 0.8 and values[-INF] == 0.2
    ordered = [values[q] for q in (-INF, -1, 0, 1, 2, INF)]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)


def test_r_is_used_and_mode_ties_are_shared() -> None:
    s = [[1.0], [1.0], [0.0], [0.0], [0.5]]
    assert generalized_core(s, 1, INF)[0] == pytest.approx(0.5)  # (1 + 0) / 2
    assert generalized_core(s, 1, -INF)[0] == 0.5
    assert generalized_core(s, 1, 0)[0] == pytest.approx(0.5)
    # r = 2: escort of (0.4, 0.4, 0.2) is (4, 4, 1) / 9
    skew = [[1.0], [1.0], [0.0], [0.5]]
    assert generalized_core(skew, 1, 2)[0] == pytest.approx((4 * 1 + 1 * 0 + 1 * 0.5) / 6)


def test_large_r_tends_to_mode_without_overflow() -> None:
    np.testing.assert_allclose(generalized_core(SYSTEMS, 1, 1000), [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(generalized_core(SYSTEMS, 1, -1000), [0.0, 1.0], atol=1e-12)


def test_large_q_tends_to_max_without_overflow() -> None:
    assert generalized_core([[0.3], [0.6]], 2000, 1)[0] == pytest.approx(0.6, rel=1e-3)
    assert generalized_core([[0.3], [0.6]], -2000, 1)[0] == pytest.approx(0.3, rel=1e-3)


def test_escort_properties() -> None:
    p = np.array([0.5, 0.3, 0.2, 0.0])
    for r in (-INF, -2, 0, 0.5, 1, 3, INF):
        e = escort(p, r)
        assert e.sum() == pytest.approx(1.0)
        assert e[3] == 0.0
    np.testing.assert_allclose(escort([2, 1, 1], 1), [0.5, 0.25, 0.25])  # counts work
    assert np.isnan(escort([0.0, 0.0], 1)).all()
    assert escort([], 1).shape == (0,)
    with pytest.raises(ValueError, match="non-negative"):
        escort([0.5, -0.5], 1)


def test_power_mean_edges() -> None:
    assert power_mean([0.0, 0.5], [1, 1], -1) == 0.0  # limit, no warning
    assert power_mean([0.0, 0.5], [1, 1], 0) == 0.0
    assert power_mean([0.0, 0.0], [1, 1], 3) == 0.0
    assert power_mean([0.9, 0.1], [1, 0], 2) == pytest.approx(0.9)  # zero weight ignored
    assert math.isnan(power_mean([0.5], [0.0], 1))
    assert math.isnan(power_mean([NAN, 0.5], [1, 1], 1))
    assert math.isnan(power_mean([-0.5, 0.5], [1, 1], 2))
    assert power_mean([-0.5, 0.5], [1, 1], 1) == 0.0
    with pytest.raises(ValueError):
        power_mean([0.5], [1, 1], 1)


@pytest.mark.parametrize("bad", ["1", None, NAN, True])
def test_bad_orders_raise(bad: object) -> None:
    with pytest.raises(ValueError, match="real number"):
        generalized_core(SYSTEMS, bad, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="real number"):
        generalized_core(SYSTEMS, 1, bad)  # type: ignore[arg-type]


def test_nan_handled_per_structure() -> None:
    # distinct rows: (1, nan) x2, (0, 1) x1
    s = [[1.0, NAN], [1.0, NAN], [0.0, 1.0]]
    np.testing.assert_allclose(generalized_core(s, 1, INF), [1.0, 1.0])
    np.testing.assert_allclose(generalized_core(s, 1, -INF), [0.0, 1.0])
    np.testing.assert_allclose(generalized_core(s, 1, 1), [2 / 3, 1.0])
    # rows that differ only in which structure is missing are different systems
    s2 = [[1.0, NAN], [1.0, 0.0], [1.0, 0.0]]
    np.testing.assert_allclose(generalized_core(s2, 1, 0), [1.0, 0.0])


def test_weights_equal_duplicated_rows() -> None:
    base = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    expanded = [[1.0, 0.0], [1.0, 0.0], [0.5, 0.5]]
    for q, r in NAMED_CORES.values():
        np.testing.assert_allclose(
            generalized_core(base, q, r, weights=[2, 0, 1]), generalized_core(expanded, q, r)
        )


def test_degenerate_inputs() -> None:
    empty = generalized_core(np.empty((0, 2)), 1, 1)
    assert empty.shape == (2,) and np.isnan(empty).all()
    assert generalized_core([], 1, 1).shape == (0,)
    same = [[0.25, 0.75]] * 4
    for value in named_cores(same).values():
        np.testing.assert_allclose(value, [0.25, 0.75])
    for value in named_cores([[0.25, 0.75]]).values():
        np.testing.assert_allclose(value, [0.25, 0.75])
    all_nan_column = generalized_core([[NAN, 1.0], [NAN, 0.0]], 1, 1)
    assert np.isnan(all_nan_column[0]) and all_nan_column[1] == 0.5
    # -0.0 and 0.0 are the same system
    np.testing.assert_allclose(generalized_core([[-0.0], [0.0], [1.0]], 1, 0), [0.5])
