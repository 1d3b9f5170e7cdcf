"""Coverage, bias and width of judge-calibrated estimates, by simulation.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/calibration.py              # the table in the README
    PYTHONPATH=src python benchmarks/calibration.py --reps 200   # quicker, noisier

Every replicate draws N protagonist genders from a known distribution, reads them with a
scripted offline reader whose confusion matrix is known (about 85% accurate, biased toward
``man``, poor on ``nonbinary``), judges a random fraction of them (each generation
independently, as the scorer's seeded hash does, with probability max(fraction, min/N))
with a scripted judge that is either the
truth or right 95% of the time (otherwise a uniformly chosen other category), and
computes :func:`homog_bench.measures.calibration.calibrate`.

The estimand is what the judge would say if it judged every generation (for the exact
judge, the truth): its kept shares, normativity rate (man, woman normative; unknown
excluded), D1 and JS/TV to the target of ``gender_in_stories``. Printed per cell: mean
judged n, coverage of the nominal 95% calibrated intervals (normativity, the nonbinary
share, the worst share, D1, JS), the bias of the calibrated normativity with its
Monte-Carlo standard error, median widths of the calibrated and judge-only normativity
intervals, mean effective n, and the offline-only bias.

Targets: calibrated coverage ≥ 0.93; bias within Monte-Carlo error (|bias| < 2 MC s.e.);
at a 10% judge budget the calibrated interval is narrower than the judge-only one.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np

from homog_bench.measures.calibration import calibrate
from homog_bench.measures.divergence import jensen_shannon_rows
from homog_bench.measures.diversity import hill_numbers

CATEGORIES = ["man", "woman", "nonbinary", "unknown"]
KEPT = np.array([True, True, True, False])
NORMATIVE = ["man", "woman"]
TARGET = {"woman": 0.45, "man": 0.45, "nonbinary": 0.10}
TRUTH = np.array([0.45, 0.37, 0.12, 0.06])
# rows: the true category; columns: what the offline reader says
READER = np.array(
    [
        [0.95, 0.03, 0.00, 0.02],  # man: nearly always right
        [0.10, 0.86, 0.00, 0.04],  # woman: sometimes read as man
        [0.25, 0.10, 0.55, 0.10],  # nonbinary: poor, mostly read as man
        [0.30, 0.10, 0.00, 0.60],  # unknown: often guessed as man
    ]
)


def judge_matrix(accuracy: float) -> np.ndarray:
    """A judge right with probability ``accuracy``, else uniformly one of the others."""
    k = len(CATEGORIES)
    off = (1 - accuracy) / (k - 1)
    return np.full((k, k), off) + np.eye(k) * (accuracy - off)


def draw(rng: np.random.Generator, rows: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """For each true index in ``rows``, a category index drawn from its row of ``matrix``."""
    cumulative = matrix.cumsum(axis=1)
    u = rng.random(rows.size)
    return np.minimum((u[:, None] > cumulative[rows]).sum(axis=1), matrix.shape[1] - 1)


def estimand(dist: np.ndarray) -> dict[str, float]:
    """The figures of a population distribution over CATEGORIES."""
    kept = dist[KEPT] / dist[KEPT].sum()
    target = np.array([TARGET[c] for c, k in zip(CATEGORIES, KEPT, strict=True) if k])
    return {
        "normativity": float(kept[0] + kept[1]),
        "nonbinary": float(kept[2]),
        "man": float(kept[0]),
        "woman": float(kept[1]),
        "d1": float(hill_numbers(kept[None], 1)[0]),
        "js": float(jensen_shannon_rows(kept[None], target)[0]),
    }


def inside(estimate: object, truth: float) -> bool:
    low, high = estimate.low, estimate.high  # type: ignore[attr-defined]
    return bool(low - 1e-12 <= truth <= high + 1e-12)


def cell(
    n_total: int, fraction: float, accuracy: float, reps: int, boot: int, seed: int, least: int
) -> dict[str, float]:
    rng = np.random.default_rng([seed, n_total, int(fraction * 1000), int(accuracy * 1000)])
    judge_m = judge_matrix(accuracy)
    want = estimand(TRUTH @ judge_m)
    offline_want = estimand(TRUTH @ READER)
    cover = {k: 0 for k in ("normativity", "nonbinary", "worst", "d1", "js")}
    shares_cover = {c: 0 for c in ("man", "woman", "nonbinary")}
    bias, off_bias, width_cal, width_judge, eff, judged = [], [], [], [], [], []
    for _ in range(reps):
        truth = rng.choice(len(CATEGORIES), size=n_total, p=TRUTH)
        reader = draw(rng, truth, READER)
        judge = draw(rng, truth, judge_m)
        sampled = rng.random(n_total) < max(fraction, least / n_total)
        result = calibrate(
            [CATEGORIES[i] for i in reader],
            [CATEGORIES[j] if s else None for j, s in zip(judge, sampled, strict=True)],
            list(sampled),
            normative=NORMATIVE,
            exclude=["unknown"],
            target=TARGET,
            categories=CATEGORIES[:3],
            bootstrap=boot,
            seed=int(rng.integers(2**31)),
        )
        cal, jo = result.calibrated, result.judge_only
        judged.append(result.n_judged)
        cover["normativity"] += inside(cal.normativity, want["normativity"])
        for c in shares_cover:
            shares_cover[c] += inside(cal.shares[c], want[c])
        cover["d1"] += inside(cal.d1, want["d1"])
        cover["js"] += inside(cal.js, want["js"])
        bias.append(cal.normativity.value - want["normativity"])
        off_bias.append(result.offline.normativity.value - want["normativity"])
        width_cal.append(cal.normativity.high - cal.normativity.low)
        width_judge.append(jo.normativity.high - jo.normativity.low)
        eff.append(result.effective_n)
    out = {k: v / reps for k, v in cover.items()}
    out["nonbinary"] = shares_cover["nonbinary"] / reps
    out["worst"] = min(shares_cover.values()) / reps
    out["n"] = float(np.mean(judged))
    out["bias"] = float(np.mean(bias))
    out["bias_se"] = float(np.std(bias, ddof=1) / math.sqrt(reps))
    out["offline_bias"] = float(np.mean(off_bias))
    out["offline_bias_expected"] = offline_want["normativity"] - want["normativity"]
    out["width_cal"] = float(np.median(width_cal))
    out["width_judge"] = float(np.median(width_judge))
    out["effective_n"] = float(np.mean(eff))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=500, help="replicates per cell (500)")
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        help="resamples of the studentized (bootstrap-t) and percentile intervals (1000, the "
        "value files' metrics.bootstrap; with 200 the t quantiles are noisy and the share "
        "intervals cover about 0.01 less)",
    )
    parser.add_argument("--sizes", default="400,2000,10000", help="N values")
    parser.add_argument("--fractions", default="0.05,0.1,0.25,0.5", help="judged fractions")
    parser.add_argument("--judges", default="1.0,0.95", help="judge accuracies")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--min", type=int, default=100, help="judge at least this many in expectation (100)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    accuracy_reader = float((TRUTH * np.diag(READER)).sum())
    truth = ", ".join(f"{c} {p:g}" for c, p in zip(CATEGORIES, TRUTH, strict=True))
    print(f"reader accuracy {accuracy_reader:.3f}; truth {truth}")
    print(
        f"{args.reps} replicates per cell, {args.bootstrap} bootstrap resamples, nominal 0.95, "
        f"judged fraction max(fraction, {args.min}/N)"
    )
    header = (
        "| judge | N | fraction | judged n | cover norm. | cover nonbinary | cover worst share "
        "| cover D1 | cover JS | bias norm. (± MC s.e.) | width calibrated | width judge-only "
        "| width ratio | effective n | offline-only bias |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    failures = []
    for accuracy in (float(a) for a in args.judges.split(",")):
        for n_total in (int(n) for n in args.sizes.split(",")):
            for fraction in (float(f) for f in args.fractions.split(",")):
                r = cell(
                    n_total, fraction, accuracy, args.reps, args.bootstrap, args.seed, args.min
                )
                ratio = r["width_cal"] / r["width_judge"]
                print(
                    f"| {'exact' if accuracy == 1 else f'{accuracy:.0%}'} | {n_total:,} "
                    f"| {fraction:g} | {r['n']:.0f} | {r['normativity']:.3f} "
                    f"| {r['nonbinary']:.3f} | {r['worst']:.3f} | {r['d1']:.3f} | {r['js']:.3f} "
                    f"| {r['bias']:+.4f} ± {r['bias_se']:.4f} | {r['width_cal']:.4f} "
                    f"| {r['width_judge']:.4f} | {ratio:.2f} | {r['effective_n']:.0f} "
                    f"| {r['offline_bias']:+.4f} |",
                    flush=True,
                )
                if r["normativity"] < 0.93 or r["worst"] < 0.93:
                    failures.append(f"coverage below 0.93 at N={n_total}, fraction {fraction}")
                if abs(r["bias"]) > 2 * r["bias_se"]:
                    failures.append(f"bias beyond 2 MC s.e. at N={n_total}, fraction {fraction}")
                if fraction == 0.1 and ratio >= 1:
                    failures.append(f"not narrower than judge-only at N={n_total}, 10%")
    print(f"\n{time.perf_counter() - started:.0f} s")
    print("targets: " + ("all met" if not failures else "; ".join(failures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
