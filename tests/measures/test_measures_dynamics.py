"""Dynamics along a trunk: cores, distances, entropy, commitment, drift, pull (hand-computed)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from homog_bench.measures.dynamics import commitment_index, drift, entropy_bits, pull
from homog_bench.measures.trunk import AttributeCuts, Commitment, Dynamics, trunk_dynamics

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

POSITIONS = [0, 20, 40, 60, 80]
# woman shares per cut: 3/6, 4/6, 6/6, 5/6, 6/6
WOMEN_PER_CUT = [3, 4, 6, 5, 6]


def _gender_trunk(women: list[int], m: int = 6) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Systems (woman, man), cut labels and categories with ``women[k]`` women of m at cut k."""
    systems, cuts, categories = [], [], []
    for k, n_women in enumerate(women):
        for i in range(m):
            woman = i < n_women
            systems.append([1.0, 0.0] if woman else [0.0, 1.0])
            cuts.append(k)
            categories.append("woman" if woman else "man")
    return np.array(systems), np.array(cuts), categories


def _commitment(women: list[int], positions: list[int] = POSITIONS, **options: Any) -> Commitment:
    """The gender commitment of :func:`_gender_trunk` data under ``trunk_dynamics(**options)``."""
    systems, cuts, cats = _gender_trunk(women)
    attrs = {"gender": AttributeCuts(cats, support=["woman", "man"])}
    d = trunk_dynamics(systems, cuts, positions=positions, attributes=attrs, **options)
    return d.commitment["gender"]


def test_commitment_point_hand_computed() -> None:
    commit = _commitment(WOMEN_PER_CUT, n_resamples=0)
    # from cut 2 (position 40) on, the woman share is 1, 5/6, 1: all >= 0.8
    assert (commit.value, commit.category, commit.reason) == (40.0, "woman", "bootstrap disabled")
    at_90 = _commitment(WOMEN_PER_CUT, threshold=0.9, n_resamples=0)
    assert at_90.value == 80.0  # 5/6 < 0.9 at position 60


def test_commitment_interval_from_bootstrap_distribution() -> None:
    # Resampling 6 continuations per cut: the commitment is at 80 when cut 3 (5/6 women)
    # draws <= 4 women: 1 - (5/6)^5 - (5/6)^6 = 0.263; else at 40 unless cut 1 (4/6) draws
    # >= 5 women (2(2/3)^5 + (2/3)^6 = 0.351), then at 20 unless cut 0 (3/6) draws >= 5
    # (7/64). So P(0) = 0.028, P(<=20) = 0.259, P(<=40) = 0.737: the 10% quantile is 20,
    # the 90% quantile 80, and every resample commits (cuts 2 and 4 are all women).
    commit = _commitment(WOMEN_PER_CUT, n_resamples=4000, confidence=0.8, seed=3)
    assert (commit.value, commit.low, commit.high) == (40.0, 20.0, 80.0)
    assert commit.committed_share == 1.0
    assert commit.reason is None


def test_switch_at_known_cut_has_exact_interval() -> None:
    # every continuation is "man" before cut 3 and "woman" from cut 3 on
    commit = _commitment([0, 0, 0, 6, 6], n_resamples=500)
    assert (commit.value, commit.low, commit.high, commit.category) == (60.0, 60.0, 60.0, "woman")


def test_no_commitment_and_upper_end_beyond_the_trunk() -> None:
    commit = _commitment([6, 6, 4], positions=[0, 10, 20], n_resamples=2000)
    assert math.isnan(commit.value) and commit.reason == "no commitment within the trunk"
    assert commit.category is None
    assert commit.high == math.inf
    # a resample commits when the last cut draws >= 5 women of 6: 2(2/3)^5 + (2/3)^6 = 0.351
    assert commit.committed_share == pytest.approx(0.351, abs=0.04)


def test_excluded_categories_and_entropy() -> None:
    cats = ["woman", "man", "unknown", "unknown", "woman", "woman", "woman", "man"]
    cuts = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    systems = np.zeros((8, 1))
    d = trunk_dynamics(
        systems,
        cuts,
        attributes={"g": AttributeCuts(cats, exclude=["unknown"])},
        n_resamples=0,
    )
    support, shares = d.shares["g"]
    assert support == ["woman", "man"]
    assert shares.tolist() == [[0.5, 0.5], [0.75, 0.25]]
    h = [e.value for e in d.entropy["g"]]
    assert h[0] == 1.0
    assert h[1] == pytest.approx(-(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25)))
    assert entropy_bits([[1.0, 0.0, 0.0]]).tolist() == [0.0]


def test_all_excluded_cut_breaks_commitment() -> None:
    shares = np.array([[1.0, 0.0], [np.nan, np.nan], [1.0, 0.0]])
    assert int(commitment_index(shares, 0.8)) == 2


def test_threshold_must_exceed_half() -> None:
    with pytest.raises(ValueError, match="threshold"):
        commitment_index([[1.0, 0.0]], 0.5)


def test_drift_and_displacement_hand_computed() -> None:
    # cores (0, 0) -> (0.5, 0) -> (0.5, 0.5)
    systems = [[0, 0], [0, 0], [1, 0], [0, 0], [1, 1], [0, 0]]
    cuts = np.array([0, 0, 1, 1, 2, 2])
    d = trunk_dynamics(systems, cuts, n_resamples=0)
    assert d.cores.tolist() == [[0.0, 0.0], [0.5, 0.0], [0.5, 0.5]]
    assert d.drift.value == 1.0
    assert d.displacement.value == pytest.approx(math.sqrt(0.5))
    l1 = trunk_dynamics(systems, cuts, norm="l1", n_resamples=0)
    assert (l1.drift.value, l1.displacement.value) == (1.0, 1.0)
    assert float(drift([[0.0], [1.0], [0.0]])) == 2.0  # back and forth: no displacement


def test_drift_interval_covers_value_and_noise_floor_is_positive() -> None:
    # every cut has the same distribution: true drift 0, but sampling noise makes it > 0
    systems, cuts, _ = _gender_trunk([3, 3, 3, 3])
    d = trunk_dynamics(systems, cuts, n_resamples=1000, seed=1)
    assert d.drift.value == 0.0
    assert d.drift.high > 0.0  # resampled cores differ: drift is biased upward


def _pull_dynamics(norm: str, n_resamples: int) -> Dynamics:
    # structures (woman, man, nonbinary); default 3 women, 1 man -> core (0.75, 0.25, 0)
    default = np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=float)
    cut0 = default  # the empty prefix: continuations like the default
    cut1 = np.array([[0, 0, 1], [0, 0, 1], [1, 0, 0], [1, 0, 0]], dtype=float)  # (0.5, 0, 0.5)
    cut2 = np.array([[0, 0, 1]] * 4, dtype=float)  # (0, 0, 1)
    # prefix 0 is the default itself (no departure); prefixes 1, 2 name a nonbinary hero
    prefix = np.array([[0.75, 0.25, 0.0], [0, 0, 1], [0, 0, 1]], dtype=float)
    return trunk_dynamics(
        np.concatenate([cut0, cut1, cut2]),
        np.repeat([0, 1, 2], 4),
        default,
        prefix_systems=prefix,
        norm=norm,
        n_resamples=n_resamples,
    )


def test_pull_hand_computed_l1() -> None:
    d = _pull_dynamics("l1", n_resamples=0)
    assert d.default_core.tolist() == [0.75, 0.25, 0.0]
    # distances: 0; 0.25 + 0.25 + 0.5 = 1; 0.75 + 0.25 + 1 = 2. Departures: 0, 2, 2.
    assert [e.value for e in d.distance] == [0.0, 1.0, 2.0]
    per_cut = [e.value for e in d.pull]
    assert math.isnan(per_cut[0]) and per_cut[1:] == [0.5, 0.0]
    assert d.pull_pooled.value == pytest.approx(1 - (1 + 2) / (2 + 2))


def test_pull_l2_and_interval() -> None:
    d = _pull_dynamics("l2", n_resamples=1000)
    # l2: d1 = sqrt(0.375), delta1 = sqrt(1.625)
    assert d.pull[1].value == pytest.approx(1 - math.sqrt(0.375 / 1.625))
    # continuations at cut 2 equal the prefix, so pull is 0 whatever the resampled default
    assert (d.pull[2].low, d.pull[2].high) == (0.0, 0.0)
    assert d.pull[1].low < d.pull[1].value < d.pull[1].high


def test_pull_min_departure_and_function() -> None:
    per_cut, pooled = pull([0.5], [[0.6], [1.0]], [[0.5], [0.75]], min_departure=0.2)
    assert math.isnan(per_cut[0]) and per_cut[1] == 0.5 and float(pooled) == 0.5
    per_cut, pooled = pull([0.5], [[0.5]], [[0.9]])
    assert math.isnan(per_cut[0]) and math.isnan(float(pooled))


def test_no_default_gives_nan_distances() -> None:
    d = trunk_dynamics([[1.0], [0.0]], [0, 1], n_resamples=0)
    assert all(math.isnan(e.value) for e in d.distance)
    assert d.drift.value == 1.0


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="cuts"):
        trunk_dynamics([[1.0]], [0, 1])
    with pytest.raises(ValueError, match="increase"):
        trunk_dynamics([[1.0], [0.0]], [0, 1], positions=[5, 5])
    with pytest.raises(ValueError, match="positions"):
        trunk_dynamics([[1.0], [0.0]], [0, 2], positions=[0, 1])
    with pytest.raises(ValueError, match="prefix_systems"):
        trunk_dynamics([[1.0], [0.0]], [0, 1], prefix_systems=[[0.0]])
