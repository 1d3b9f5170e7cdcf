"""Vectorized bootstrap: resampling, intervals, weighted statistics."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from homog_bench.measures import (
    Estimate,
    bootstrap_ci,
    bootstrap_cis,
    deviance,
    deviance_summary,
    one_hot,
    resample_weights,
    shares,
    weighted_category_shares,
    weighted_deviance_summary,
    weighted_mean,
)
from homog_bench.measures import bootstrap as bootstrap_module

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def naive_counts(n: int, n_resamples: int, groups: list[int] | None, seed: int) -> np.ndarray:
    """One resample at a time, one position at a time: the reference implementation."""
    rng = np.random.default_rng(seed)
    labels = [0] * n if groups is None else list(groups)
    order = sorted(range(n), key=lambda i: (labels[i], i))  # positions sorted by group
    out = np.zeros((n_resamples, n), dtype=np.int64)
    for b in range(n_resamples):
        u = rng.random(n)
        for position, original in enumerate(order):
            members = [i for i in order if labels[i] == labels[original]]
            out[b, members[math.floor(u[position] * len(members))]] += 1
    return out


def test_resample_weights_rows_sum_to_n() -> None:
    w = np.concatenate(list(resample_weights(7, 50, seed=3)))
    assert w.shape == (50, 7) and w.dtype == np.int64
    assert (w.sum(axis=1) == 7).all()
    assert list(resample_weights(5, 0)) == []


def test_resampling_within_groups_keeps_group_totals() -> None:
    groups = np.array(["p1", "p2", "p1", "p3", "p2", "p1", "p3", "p3", "p3"])
    w = np.concatenate(list(resample_weights(len(groups), 200, groups=groups, seed=5)))
    for label in np.unique(groups):
        members = groups == label
        assert (w[:, members].sum(axis=1) == members.sum()).all()
    assert (w.sum(axis=1) == len(groups)).all()


@pytest.mark.parametrize("groups", [None, [2, 0, 2, 1, 0, 2, 2]])
def test_vectorized_equals_naive_loop(groups: list[int] | None) -> None:
    fast = np.concatenate(list(resample_weights(7, 40, groups=groups, seed=11)))
    np.testing.assert_array_equal(fast, naive_counts(7, 40, groups, 11))


def test_chunking_does_not_change_the_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = np.concatenate(list(resample_weights(10, 30, seed=2)))
    monkeypatch.setattr(bootstrap_module, "CHUNK_ELEMENTS", 25)  # 2 rows per chunk
    chunks = list(resample_weights(10, 30, seed=2))
    assert len(chunks) == 15
    np.testing.assert_array_equal(np.concatenate(chunks), whole)


def test_bootstrap_ci_equals_naive_percentile_bootstrap() -> None:
    x = np.array([0.1, 0.9, 0.4, 0.4, 0.7, 0.2, 1.0, 0.0])
    est = bootstrap_ci(lambda w: weighted_mean(w, x), len(x), n_resamples=300, seed=9)
    counts = naive_counts(len(x), 300, None, 9)
    stats = [float(np.repeat(x, c).mean()) for c in counts]
    low, high = np.percentile(stats, [2.5, 97.5])
    assert est.value == pytest.approx(x.mean())
    assert est.low == pytest.approx(low) and est.high == pytest.approx(high)
    assert est.reason is None


def test_bootstrap_statistically_matches_index_resampling() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=60)
    est = bootstrap_ci(lambda w: weighted_mean(w, x), 60, n_resamples=4000, seed=1)
    other = np.random.default_rng(123)
    means = [x[other.integers(0, 60, 60)].mean() for _ in range(4000)]
    low, high = np.percentile(means, [2.5, 97.5])
    se = x.std() / math.sqrt(60)
    assert abs(est.low - low) < 0.25 * se and abs(est.high - high) < 0.25 * se


def test_interval_covers_true_mean_and_shrinks_with_n() -> None:
    rng = np.random.default_rng(42)
    true_mean = 0.3
    widths = []
    for n in (100, 10_000):
        sample = (rng.random(n) < true_mean).astype(float)

        def mean(w: np.ndarray, sample: np.ndarray = sample) -> np.ndarray:
            return weighted_mean(w, sample)

        est = bootstrap_ci(mean, n, n_resamples=1000)
        assert est.low <= true_mean <= est.high
        assert est.low <= est.value <= est.high
        widths.append(est.high - est.low)
    assert widths[1] < widths[0] / 5  # ~ sqrt(100) = 10 times narrower


def test_confidence_level_changes_width() -> None:
    x = np.random.default_rng(0).random(200)
    narrow = bootstrap_ci(lambda w: weighted_mean(w, x), 200, confidence=0.5)
    wide = bootstrap_ci(lambda w: weighted_mean(w, x), 200, confidence=0.99)
    assert wide.high - wide.low > narrow.high - narrow.low


def test_degenerate_cases() -> None:
    empty = bootstrap_ci(lambda w: weighted_mean(w, np.empty(0)), 0)
    assert math.isnan(empty.value) and empty.reason == "no generations"
    several = bootstrap_cis(lambda w: weighted_mean(w, np.empty((0, 2))), 0)
    assert len(several) == 2
    assert all(math.isnan(e.value) and e.reason == "no generations" for e in several)
    one = bootstrap_ci(lambda w: weighted_mean(w, np.array([0.4])), 1)
    assert one == Estimate(0.4, 0.4, 0.4, "no resampling possible")
    x = np.array([0.2, 0.6])
    off = bootstrap_ci(lambda w: weighted_mean(w, x), 2, n_resamples=0)
    assert off.value == off.low == off.high == pytest.approx(0.4)
    assert off.reason == "bootstrap disabled"
    singleton_groups = bootstrap_ci(lambda w: weighted_mean(w, x), 2, groups=["a", "b"])
    assert singleton_groups.reason == "no resampling possible"
    nan_point = bootstrap_ci(lambda w: weighted_mean(w, np.array([math.nan] * 3)), 3)
    assert nan_point.reason == "statistic undefined on the sample"


def test_nan_resamples_are_ignored() -> None:
    # resamples that miss the only defined value give NaN and are left out
    x = np.array([math.nan, math.nan, 1.0])
    est = bootstrap_ci(lambda w: weighted_mean(w, x), 3, n_resamples=200)
    assert est == Estimate(1.0, 1.0, 1.0, None)

    # a statistic defined on the sample but NaN in every resample
    def only_on_the_sample(w: np.ndarray) -> np.ndarray:
        return np.ones(1) if w.shape[0] == 1 else np.full(w.shape[0], math.nan)

    all_nan = bootstrap_ci(only_on_the_sample, 4, n_resamples=50)
    assert all_nan.reason == "statistic undefined in every resample"
    assert all_nan.value == 1.0 and math.isnan(all_nan.low) and math.isnan(all_nan.high)


def test_several_statistics_at_once() -> None:
    x = np.array([[0.0, 1.0], [1.0, 1.0], [0.5, 0.0], [1.0, 0.5]])
    both = bootstrap_cis(lambda w: weighted_mean(w, x), 4, n_resamples=500, seed=4)
    first = bootstrap_ci(lambda w: weighted_mean(w, x[:, 0]), 4, n_resamples=500, seed=4)
    assert len(both) == 2
    assert both[0] == first
    assert both[1].value == pytest.approx(0.625)
    with pytest.raises(ValueError, match="bootstrap_cis"):
        bootstrap_ci(lambda w: weighted_mean(w, x), 4)


def test_bad_arguments() -> None:
    def stat(w: np.ndarray) -> np.ndarray:
        return weighted_mean(w, np.ones(3))

    with pytest.raises(ValueError, match="confidence"):
        bootstrap_ci(stat, 3, confidence=1.0)
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_ci(stat, 3, n_resamples=-1)
    with pytest.raises(ValueError, match="groups"):
        bootstrap_ci(stat, 3, groups=[1, 2])
    with pytest.raises(ValueError, match="shape"):
        bootstrap_ci(lambda w: np.ones(5), 3)


def test_weighted_mean() -> None:
    w = np.array([[1.0, 1.0, 1.0], [0.0, 2.0, 1.0], [0.0, 0.0, 3.0]])
    x = np.array([1.0, 2.0, math.nan])
    np.testing.assert_allclose(weighted_mean(w, x), [1.5, 2.0, math.nan])
    xs = np.array([[1.0, 0.0], [3.0, 1.0], [5.0, 1.0]])
    np.testing.assert_allclose(weighted_mean(w, xs), [[3.0, 2 / 3], [11 / 3, 1.0], [5.0, 1.0]])
    assert np.isnan(weighted_mean(np.ones((1, 0)), np.empty(0))).all()
    with pytest.raises(ValueError, match="shape"):
        weighted_mean(np.ones((2, 4)), x)


def test_weighted_category_shares_matches_shares() -> None:
    categories = ["a", "b", "unknown", "a", "c", "a"]
    matrix, labels = one_hot(categories, exclude=["unknown"])
    at_ones = weighted_category_shares(np.ones((1, 6)), matrix)[0]
    expected = shares(categories, exclude=["unknown"])
    assert dict(zip(labels, at_ones.tolist(), strict=True)) == pytest.approx(expected)
    only_excluded = weighted_category_shares([[0, 0, 6, 0, 0, 0]], matrix)
    assert np.isnan(only_excluded).all()


@pytest.mark.parametrize("norm", ["l1", "l2", "linf"])
@pytest.mark.parametrize("normalized", [False, True])
def test_weighted_deviance_summary_matches_deviance_summary(norm: str, normalized: bool) -> None:
    rng = np.random.default_rng(7)
    s = rng.integers(0, 3, size=(12, 3)) / 2
    s[rng.random(s.shape) < 0.2] = math.nan
    s[4] = math.nan  # a row with nothing left
    at_ones = weighted_deviance_summary(np.ones((1, 12)), s, norm=norm, normalized=normalized)
    expected = deviance_summary(s, norm=norm, normalized=normalized)
    np.testing.assert_allclose(at_ones[0], [expected["mean"], expected["var"]])
    # integer weights = the expanded sample (core recomputed on the resample)
    counts = rng.integers(0, 3, size=12)
    weighted = weighted_deviance_summary(counts[None, :], s, norm=norm, normalized=normalized)
    expanded = deviance_summary(np.repeat(s, counts, axis=0), norm=norm, normalized=normalized)
    np.testing.assert_allclose(weighted[0], [expanded["mean"], expanded["var"]])


def test_weighted_deviance_summary_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    s = np.random.default_rng(1).random((9, 2))
    w = np.concatenate(list(resample_weights(9, 10, seed=0))).astype(float)
    whole = weighted_deviance_summary(w, s)
    monkeypatch.setattr(bootstrap_module, "CHUNK_ELEMENTS", 20)
    np.testing.assert_allclose(weighted_deviance_summary(w, s), whole)
    empty = weighted_deviance_summary(np.ones((2, 0)), np.empty((0, 2)))
    assert empty.shape == (2, 2) and np.isnan(empty).all()


def test_speed_10k_generations_1k_resamples() -> None:
    rng = np.random.default_rng(0)
    x = rng.random(10_000)
    groups = rng.integers(0, 40, 10_000)
    start = time.perf_counter()
    est = bootstrap_ci(lambda w: weighted_mean(w, x), 10_000, n_resamples=1000, groups=groups)
    elapsed = time.perf_counter() - start
    assert est.low < x.mean() < est.high
    assert elapsed < 3.0, f"bootstrap took {elapsed:.2f} s"


def test_weighted_deviance_summary_within_groups() -> None:
    rng = np.random.default_rng(3)
    s = rng.random((10, 2))
    s[2, 0] = math.nan
    groups = np.array([0, 1, 0, 1, 0, 1, 0, 1, 2, 2])
    expected = np.concatenate([deviance(s[groups == g]) for g in (0, 1, 2)])
    at_ones = weighted_deviance_summary(np.ones((1, 10)), s, groups=groups)
    np.testing.assert_allclose(at_ones[0], [expected.mean(), expected.var()])
    w = np.concatenate(list(resample_weights(10, 200, groups=groups, seed=1))).astype(float)
    est = bootstrap_cis(lambda w: weighted_deviance_summary(w, s, groups=groups), 10, groups=groups)
    assert est[0].value == pytest.approx(expected.mean())
    assert est[0].low <= est[0].value <= est[0].high
    many = weighted_deviance_summary(w, s, groups=groups)
    assert many.shape == (200, 2) and not np.isnan(many).any()


def test_resample_of_draws_from_each_row_within_groups() -> None:
    from homog_bench.measures import resample_of

    w = np.tile(np.array([[2, 1, 0, 1, 2, 0]]), (20_000, 1))
    groups = ["a", "a", "a", "a", "b", "b"]
    again = resample_of(w, groups, seed=4)
    assert (again[:, :4].sum(axis=1) == 4).all() and (again[:, 4:].sum(axis=1) == 2).all()
    assert (again[:, [2, 5]] == 0).all()  # one not in the resample is never drawn
    # each draw picks a member in proportion to its count: E[counts] = the row
    assert np.allclose(again.mean(axis=0), [2, 1, 0, 1, 2, 0], atol=0.03)
    with pytest.raises(ValueError, match="each group's size"):
        resample_of(np.array([[2, 0, 0, 1, 1, 0]]), groups)


def test_resample_of_matches_the_cumulative_count_search() -> None:
    """The slot lookup draws exactly what a search over each row's cumulative counts draws
    with the same uniforms (the figures of earlier versions stay identical)."""
    from homog_bench.measures import resample_of, resample_weights

    def by_search(w: np.ndarray, codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        b = w.shape[0]
        out = np.zeros_like(w)
        for g in np.unique(codes):
            members = np.flatnonzero(codes == g)
            size = members.size
            offsets = (np.arange(b) * size)[:, None]
            edges = (np.cumsum(w[:, members], axis=1) + offsets).ravel().astype(np.float64)
            draws = (rng.random((b, size)) * size + offsets).ravel()
            chosen = np.searchsorted(edges, draws, side="right")
            out[:, members] = np.bincount(chosen, minlength=b * size).reshape(b, size)
        return out

    codes = np.repeat(np.arange(7), [1, 2, 5, 13, 40, 3, 36])
    (w,) = list(resample_weights(codes.size, 300, groups=codes, seed=8))
    for seed in range(4):
        expected = by_search(w, codes, np.random.default_rng(seed))
        assert (resample_of(w, codes, np.random.default_rng(seed)) == expected).all()
