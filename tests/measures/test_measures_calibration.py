"""Prediction-powered (judge-calibrated) shares: hand-checked cases and unbiasedness."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from homog_bench.measures.calibration import calibrate
from homog_bench.measures.ppi import ppi_mean

Z95 = NormalDist().inv_cdf(0.975)


def _sample(n_total: int, every: int) -> list[bool]:
    return [i % every == 0 for i in range(n_total)]


def test_perfect_reader_gives_the_offline_shares_with_full_effective_n() -> None:
    offline = ["man", "woman", "woman", "nonbinary"] * 50
    sampled = _sample(200, 3)
    judge = [c if s else None for c, s in zip(offline, sampled, strict=True)]
    c = calibrate(offline, judge, sampled, normative=["man", "woman"], bootstrap=0)
    assert c.lam == pytest.approx(1.0)
    for cat, share in {"man": 0.25, "woman": 0.5, "nonbinary": 0.25}.items():
        assert c.calibrated.shares[cat].value == pytest.approx(share)
    assert c.calibrated.normativity.value == pytest.approx(0.75)
    # a reader that agrees with the judge is worth a judge call on every generation
    assert c.effective_n == pytest.approx(200, rel=0.02)
    assert c.n_judged == 67 and c.n_missing == 0


def test_uninformative_reader_falls_back_to_the_judge() -> None:
    offline = ["man"] * 100  # Var(f) = 0: λ = 0
    sampled = _sample(100, 5)
    judge = [("woman" if i % 2 else "man") if s else None for i, s in enumerate(sampled)]
    c = calibrate(offline, judge, sampled, normative=["man"], bootstrap=0)
    assert c.lam == 0.0
    for cat in ("man", "woman"):
        assert c.calibrated.shares[cat] == c.judge_only.shares[cat]
    assert c.judge_only.shares["man"].value == pytest.approx(0.5)
    assert c.offline.shares["man"].value == 1.0
    assert c.calibrated.shares["woman"].value == pytest.approx(0.5)


def test_anti_correlated_reader_is_clipped_to_judge_only() -> None:
    offline = ["man", "woman"] * 30
    sampled = [True] * 20 + [False] * 40
    flip = {"man": "woman", "woman": "man"}
    judge = [flip[c] if s else None for c, s in zip(offline, sampled, strict=True)]
    c = calibrate(offline, judge, sampled, normative=["man"], bootstrap=0)
    assert c.lam == 0.0 and c.lam_normativity == 0.0


def test_binary_share_and_interval_match_the_scalar_formula() -> None:
    rng = np.random.default_rng(3)
    truth = rng.random(300) < 0.4
    reader = np.where(rng.random(300) < 0.8, truth, ~truth)
    sampled = rng.random(300) < 0.2
    offline = ["man" if r else "woman" for r in reader]
    judge = [("man" if t else "woman") if s else None for t, s in zip(truth, sampled, strict=True)]
    c = calibrate(offline, judge, list(sampled), normative=["man"], bootstrap=0)
    est, var, lam = ppi_mean(
        truth[sampled].astype(float), reader[sampled].astype(float), reader.astype(float)
    )
    share = c.calibrated.shares["man"]
    assert share.value == pytest.approx(est)
    assert c.lam == pytest.approx(lam)
    assert share.high - share.value == pytest.approx(Z95 * math.sqrt(var))
    # judge-only: the plain Wald interval on the judged generations
    y = truth[sampled].astype(float)
    jo = c.judge_only.shares["man"]
    assert jo.value == pytest.approx(y.mean())
    assert jo.high - jo.value == pytest.approx(Z95 * y.std(ddof=1) / math.sqrt(y.size))
    assert share.high - share.low < jo.high - jo.low


def test_missing_judge_values_are_dropped_and_counted() -> None:
    offline = ["man", "woman", "man", "woman", "man", "woman", "man", "man"]
    sampled = [True, True, True, True, True, False, False, False]
    judge = ["man", "woman", None, "woman", "woman", None, None, None]
    c = calibrate(offline, judge, sampled, normative=["man"], bootstrap=0)
    assert (c.n_sampled, c.n_judged, c.n_missing) == (5, 4, 1)
    unsampled = [True, True, False, True, True, False, False, False]
    d = calibrate(offline, judge, unsampled, normative=["man"], bootstrap=0)
    assert c.calibrated.shares == d.calibrated.shares
    assert c.judge_only.shares["man"].value == pytest.approx(0.25)


def test_excluded_categories_leave_the_shares_and_normativity() -> None:
    # judge: 2 man, 1 woman, 1 unknown (excluded) on the subsample; perfect reader elsewhere
    offline = ["man", "man", "woman", "unknown", "man", "woman"]
    judge = ["man", "man", "woman", "unknown", None, None]
    sampled = [True, True, True, True, False, False]
    c = calibrate(
        offline, judge, sampled, normative=["man"], exclude=["unknown"], bootstrap=0,
        categories=["man", "woman", "nonbinary"],
    )  # fmt: skip
    assert list(c.judge_only.shares) == ["man", "woman", "nonbinary"]
    assert c.judge_only.shares["man"].value == pytest.approx(2 / 3)
    assert c.judge_only.normativity.value == pytest.approx(2 / 3)
    assert c.calibrated.shares["nonbinary"].value == 0.0
    # perfect agreement: λ = 1, the offline shares over all 6 (3 man, 2 woman, 1 unknown)
    assert c.calibrated.shares["man"].value == pytest.approx(3 / 5)
    assert c.calibrated.normativity.value == pytest.approx(3 / 5)


def test_too_few_judged_values_say_why() -> None:
    c = calibrate(["man", "woman"], ["man", None], [True, True], normative=["man"])
    assert c.reason is not None and "fewer than 2" in c.reason
    assert math.isnan(c.calibrated.normativity.value)
    assert c.offline.shares["man"].value == 0.5  # offline figures still there


def test_d1_and_divergence_use_the_calibrated_shares() -> None:
    offline = ["man", "woman"] * 100
    sampled = _sample(200, 3)
    judge = [c if s else None for c, s in zip(offline, sampled, strict=True)]
    target = {"man": 0.5, "woman": 0.5}
    c = calibrate(offline, judge, sampled, ["man"], target=target, bootstrap=200)
    assert c.lam == 1.0
    assert c.calibrated.d1.value == pytest.approx(2.0)
    assert c.calibrated.js is not None and c.calibrated.js.value == pytest.approx(0.0)
    # D1 is at its maximum: the delta method gives se = 0, the percentile interval is used
    assert c.calibrated.d1.low < 2.0 == c.calibrated.d1.high
    # a judge that calls everyone a man: the reader cannot predict it (λ = 0)
    judge_all_man = ["man" if s else None for s in sampled]
    d = calibrate(offline, judge_all_man, sampled, ["man"], target=target, bootstrap=200)
    assert d.lam == 0.0
    assert d.calibrated.d1.value == pytest.approx(1.0)
    assert d.calibrated.tv is not None and d.calibrated.tv.value == pytest.approx(0.5)
    assert d.offline.tv is not None and d.offline.tv.value == pytest.approx(0.0)


def test_calibrated_estimate_is_unbiased_where_the_reader_is_not() -> None:
    cats = ["man", "woman", "nonbinary"]
    truth_p = [0.45, 0.45, 0.10]
    # reader: right 85% of the time, otherwise says "man"; nonbinary read right only half
    confusion = np.array([[1.0, 0.0, 0.0], [0.15, 0.85, 0.0], [0.5, 0.0, 0.5]])
    rng = np.random.default_rng(11)
    estimates, offline_est, covered = [], [], 0
    reps = 300
    for _ in range(reps):
        t = rng.choice(3, size=600, p=truth_p)
        r = np.array([rng.choice(3, p=confusion[i]) for i in t])
        s = rng.random(600) < 0.15
        c = calibrate(
            [cats[i] for i in r], [cats[i] if k else None for i, k in zip(t, s, strict=True)],
            list(s), normative=["man", "woman"], bootstrap=0,
        )  # fmt: skip
        share = c.calibrated.shares["nonbinary"]
        estimates.append(share.value)
        offline_est.append(c.offline.shares["nonbinary"].value)
        covered += share.low <= 0.10 <= share.high
    mean, se = float(np.mean(estimates)), float(np.std(estimates) / math.sqrt(reps))
    assert abs(mean - 0.10) < 3 * se + 1e-3
    assert float(np.mean(offline_est)) == pytest.approx(0.05, abs=0.01)  # the reader's bias
    assert covered / reps > 0.9


def test_argument_errors() -> None:
    with pytest.raises(ValueError, match="same length"):
        calibrate(["man"], [], [], normative=["man"])
    with pytest.raises(ValueError, match="confidence"):
        calibrate(["man"], ["man"], [True], normative=["man"], confidence=1.5)


def test_bootstrap_t_interval_is_reproducible_and_wider_than_wald_when_skewed() -> None:
    rng = np.random.default_rng(7)
    truth = rng.random(2000) < 0.06  # a rare category the reader often misses
    reader = truth & (rng.random(2000) < 0.5)
    sampled = rng.random(2000) < 0.05
    offline = ["nonbinary" if r else "woman" for r in reader]
    judged = ["nonbinary" if t else "woman" for t in truth]
    judge = [j if s else None for j, s in zip(judged, sampled, strict=True)]
    args = (offline, judge, list(sampled), ["woman"])
    a = calibrate(*args, bootstrap=500, seed=1)
    b = calibrate(*args, bootstrap=500, seed=1)
    wald = calibrate(*args, bootstrap=0)
    assert a.calibrated.shares == b.calibrated.shares
    t_int, w_int = a.calibrated.shares["nonbinary"], wald.calibrated.shares["nonbinary"]
    assert t_int.value == w_int.value
    # a right-skewed estimate: the studentized interval reaches further up than Wald
    assert t_int.high > w_int.high


def test_agreement_of_the_two_readings_on_the_judged_generations() -> None:
    # judged pairs (offline, judge): 3 × (man, man), 1 × (man, woman), 2 × (woman, woman),
    # 1 × (None, woman): accuracy 5/7; p_e = (4/7)(3/7) + (2/7)(4/7) = 20/49
    offline = ["man"] * 4 + ["woman"] * 2 + [None, "man"]
    judge = ["man"] * 3 + ["woman"] * 3 + ["woman", None]
    sampled = [True] * 7 + [False]
    c = calibrate(offline, judge, sampled, ["man"], bootstrap=300)
    assert c.accuracy.value == pytest.approx(5 / 7)
    assert c.kappa.value == pytest.approx((5 / 7 - 20 / 49) / (1 - 20 / 49))
    assert c.kappa.low < c.kappa.value < c.kappa.high
    from sklearn.metrics import cohen_kappa_score

    pairs = [(o or "none", j) for o, j, s in zip(offline, judge, sampled, strict=True) if s]
    assert c.kappa.value == pytest.approx(cohen_kappa_score(*zip(*pairs, strict=True)))


def test_d1_interval_stays_in_one_to_k_on_a_tiny_judged_sample() -> None:
    # 18 generations, 6 judged, the reader often wrong: the studentized interval's raw
    # bounds ran far outside [1, 3] ([0, 483581] before they were kept in D1's range)
    offline = list("wwmwnwwwwwnmnmwmmn")
    judge = list("w..n..n..n..m..w..")
    full = {"w": "woman", "m": "man", "n": "nonbinary", ".": None}
    sampled = [i % 3 == 0 for i in range(18)]
    c = calibrate(
        [full[x] for x in offline],
        [full[x] for x in judge],
        sampled,
        normative=["man", "woman"],
        bootstrap=300,
        seed=1,
    )
    d1 = c.calibrated.d1
    assert d1.value == pytest.approx(2.7494592739972052)
    assert 1.0 <= d1.low <= d1.value <= d1.high <= 3.0
    assert d1.high == 3.0  # the raw upper bound was far above k
