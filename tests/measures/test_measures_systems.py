"""Core, orientation and deviance: known answers and degenerate input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures import (
    NORM_NAMES,
    core,
    deviance,
    deviance_summary,
    norm_maximum,
    orientation,
)
from homog_bench.measures.systems import norms

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

NAN = math.nan
SYSTEMS = [[1, 0], [0, 1], [1, 1], [1, 0]]


def test_core_known_answer() -> None:
    np.testing.assert_array_equal(core(SYSTEMS), [0.75, 0.5])


def test_core_weights_default_uniform_and_custom() -> None:
    np.testing.assert_allclose(core(SYSTEMS, weights=[1, 1, 1, 1]), [0.75, 0.5])
    np.testing.assert_allclose(core(SYSTEMS, weights=[0.5, 0.5, 0, 0]), [0.5, 0.5])
    # unnormalized weights are fine
    np.testing.assert_allclose(core(SYSTEMS, weights=[10, 10, 0, 0]), [0.5, 0.5])


def test_core_ignores_nan_per_column_and_renormalizes_weights() -> None:
    s = [[1.0, NAN], [0.0, 1.0], [1.0, 0.0]]
    # column 0 uses all rows, column 1 only rows 1 and 2
    np.testing.assert_allclose(core(s), [2 / 3, 0.5])
    np.testing.assert_allclose(core(s, weights=[1, 1, 2]), [3 / 4, 1 / 3])


def test_core_degenerate() -> None:
    assert core([]).shape == (0,)
    empty = core(np.empty((0, 3)))
    assert empty.shape == (3,) and np.isnan(empty).all()
    np.testing.assert_array_equal(core([[NAN, 1.0], [NAN, 0.0]]), [NAN, 0.5])
    np.testing.assert_array_equal(core([[0.3, 0.7]]), [0.3, 0.7])
    np.testing.assert_array_equal(core([[0.0, 1.0]], weights=[0.0]), [NAN, NAN])


def test_core_bad_arguments() -> None:
    with pytest.raises(ValueError, match="weights"):
        core(SYSTEMS, weights=[1, 1])
    with pytest.raises(ValueError, match="non-negative"):
        core(SYSTEMS, weights=[1, -1, 1, 1])
    with pytest.raises(ValueError, match="2-D"):
        core([1.0, 0.0])


def test_orientation() -> None:
    theta = orientation(SYSTEMS, core(SYSTEMS))
    np.testing.assert_allclose(theta, np.array(SYSTEMS) - [0.75, 0.5])
    np.testing.assert_allclose(theta.mean(axis=0), [0.0, 0.0], atol=1e-15)
    with pytest.raises(ValueError, match="core"):
        orientation(SYSTEMS, [0.5])


def test_norm_maximum() -> None:
    assert NORM_NAMES == ("l1", "l2", "linf")
    assert norm_maximum("l1", 4) == 4.0
    assert norm_maximum("l2", 4) == 2.0
    assert norm_maximum("linf", 4) == 1.0
    assert norm_maximum("l2", 0) == 0.0
    with pytest.raises(ValueError, match="unknown norm"):
        norm_maximum("l3", 2)
    with pytest.raises(ValueError):
        norm_maximum("l2", -1)


def test_deviance_known_answers_every_norm() -> None:
    # orientations: (.25,-.5), (-.75,.5), (.25,.5), (.25,-.5)
    np.testing.assert_allclose(deviance(SYSTEMS, norm="l1"), [0.75, 1.25, 0.75, 0.75])
    np.testing.assert_allclose(
        deviance(SYSTEMS, norm="l2"),
        np.sqrt([0.3125, 0.8125, 0.3125, 0.3125]),
    )
    np.testing.assert_allclose(deviance(SYSTEMS, norm="linf"), [0.5, 0.75, 0.5, 0.5])


def test_deviance_normalized_divides_by_norm_maximum() -> None:
    for norm in NORM_NAMES:
        raw = deviance(SYSTEMS, norm=norm)
        scaled = deviance(SYSTEMS, norm=norm, normalized=True)
        np.testing.assert_allclose(scaled, raw / norm_maximum(norm, 2))
    # the extreme: core at one corner, system at the other
    assert deviance([[1, 1, 1, 1]], core=[0, 0, 0, 0], normalized=True)[0] == 1.0


def test_deviance_with_explicit_core() -> None:
    np.testing.assert_allclose(deviance([[1, 0]], core=[0, 0]), [1.0])
    with pytest.raises(ValueError, match="unknown norm"):
        deviance(SYSTEMS, norm="L2")


def test_deviance_nan_components_and_rows() -> None:
    s = [[1.0, NAN], [NAN, NAN], [0.0, 1.0]]
    c = [0.5, 0.0]
    d = deviance(s, core=c, norm="l2")
    assert d[0] == 0.5 and np.isnan(d[1]) and d[2] == pytest.approx(math.sqrt(1.25))
    dn = deviance(s, core=c, norm="l2", normalized=True)
    # row 0 has one component: maximum is sqrt(1) = 1; row 2 has two: sqrt(2)
    assert dn[0] == 0.5 and dn[2] == pytest.approx(math.sqrt(1.25) / math.sqrt(2))


def test_deviance_identical_and_single() -> None:
    np.testing.assert_array_equal(deviance([[0.2, 0.8]] * 5), np.zeros(5))
    np.testing.assert_array_equal(deviance([[0.2, 0.8]]), [0.0])
    assert deviance(np.empty((0, 2))).shape == (0,)


def test_deviance_summary_population_variance() -> None:
    d = deviance(SYSTEMS, norm="l1")
    summary = deviance_summary(SYSTEMS, norm="l1")
    assert summary == {"mean": pytest.approx(0.875), "var": pytest.approx(0.046875)}
    assert summary["var"] == pytest.approx(float(np.var(d, ddof=0)))


def test_deviance_summary_degenerate() -> None:
    assert deviance_summary([[0.5, 0.5]] * 3) == {"mean": 0.0, "var": 0.0}
    for empty in (np.empty((0, 2)), [[NAN, NAN]]):
        summary = deviance_summary(empty)
        assert set(summary) == {"mean", "var"}
        assert math.isnan(summary["mean"]) and math.isnan(summary["var"])
    # a NaN row is ignored
    assert deviance_summary([[1.0], [0.0], [NAN]], core=[0.5]) == {"mean": 0.5, "var": 0.0}


@pytest.mark.parametrize("norm", ["l1", "l2", "linf"])
@pytest.mark.parametrize("normalized", [False, True])
def test_norms_without_missing_values_are_bit_for_bit_those_of_the_general_path(
    norm: str, normalized: bool
) -> None:
    """The bootstrap's fast path (no NaN) must give exactly the general path's numbers."""
    rng = np.random.default_rng(7)
    theta = rng.normal(size=(40, 25, 6)) * rng.choice([1e-9, 1.0, 1e6], size=(40, 25, 1))
    fast = norms(theta, norm=norm, normalized=normalized)
    # one missing component elsewhere sends the whole array down the general path
    padded = np.concatenate([theta, np.full((40, 1, 6), np.nan)], axis=1)
    general = norms(padded, norm=norm, normalized=normalized)[:, :-1]
    assert np.array_equal(fast, general)
    assert np.isnan(norms(padded, norm=norm, normalized=normalized)[:, -1]).all()
