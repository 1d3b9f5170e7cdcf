"""Coverage of the commitment-point interval on simulated trunks with a known commitment.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/commitment_coverage.py
    PYTHONPATH=src python benchmarks/commitment_coverage.py --trials 1000 --m 6 20

Each simulated trunk has K cut points; at cut k every continuation is "woman" with a
known probability p_k (the rest "man"). The true commitment point at threshold 0.8 is the
first cut from which p_k stays ≥ 0.8. For each number m of continuations per cut, the
script draws ``--trials`` trunks, computes the commitment point and its bootstrap interval
(:func:`homog_bench.measures.trunk_dynamics`), and prints how often the interval covers the
true cut (target: at least the nominal level), how often the point estimate is exactly the
true cut, and the median interval width in cuts.
"""

from __future__ import annotations

import argparse

import numpy as np

from homog_bench.measures import AttributeCuts, trunk_dynamics

THRESHOLD = 0.8
SCENARIOS = {
    "gradual": [0.5, 0.6, 0.85, 0.9, 0.95],
    "sharp": [0.5, 0.7, 0.95, 0.97, 0.99],
}


def true_commitment(p: list[float]) -> int:
    """The first cut from which every p_k is ≥ the threshold (K when none)."""
    for k in range(len(p)):
        if all(q >= THRESHOLD for q in p[k:]):
            return k
    return len(p)


def simulate(
    p: list[float], m: int, trials: int, resamples: int, confidence: float, seed: int
) -> tuple[float, float, float]:
    """(coverage, share of exact point estimates, median interval width in cuts)."""
    rng = np.random.default_rng(seed)
    truth, n_cuts = true_commitment(p), len(p)
    covered, exact, widths = 0, 0, []
    cuts = np.repeat(np.arange(n_cuts), m)
    for trial in range(trials):
        woman = rng.random(n_cuts * m) < np.repeat(p, m)
        categories = ["woman" if w else "man" for w in woman]
        result = trunk_dynamics(
            woman[:, None].astype(float),
            cuts,
            attributes={"gender": AttributeCuts(categories)},
            threshold=THRESHOLD,
            n_resamples=resamples,
            confidence=confidence,
            seed=trial,
        ).commitment["gender"]
        covered += result.low <= truth <= result.high
        exact += result.value == truth
        widths.append(min(result.high, n_cuts) - result.low)
    return covered / trials, exact / trials, float(np.median(widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--m", type=int, nargs="+", default=[6, 20, 50])
    parser.add_argument("--resamples", type=int, default=500)
    parser.add_argument("--confidence", type=float, default=0.95)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(
        f"threshold {THRESHOLD}, {args.trials} trials, {args.resamples} resamples, "
        f"nominal level {args.confidence}"
    )
    for name, p in SCENARIOS.items():
        print(f"{name}: p = {p}, true commitment at cut {true_commitment(p)}")
        for m in args.m:
            coverage, exact, width = simulate(
                p, m, args.trials, args.resamples, args.confidence, args.seed
            )
            print(
                f"  m = {m:3d}: coverage {coverage:.3f}, point exact {exact:.3f}, "
                f"median width {width:.1f} cuts"
            )


if __name__ == "__main__":
    main()
