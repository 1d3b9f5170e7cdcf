"""Coverage of the E[∂] interval on a small fixed simulation where the old one fell short.

24 prompts, 150 generations (6 or 7 per prompt), 4 independent binary structures with
probabilities near 0.1 / 0.9 (the *skewed* world of ``benchmarks/interval_coverage.py``).
E[∂] is biased down by cores estimated on 6 generations; the single-level bootstrap bias
correction overstates that bias (a resample has fewer distinct generations), so its
interval sits too high and misses the truth from above. The iterated correction, from one
resample of each resample, holds the nominal 95% within Monte-Carlo error. Everything
runs through the package: the weighted deviance statistic, the within-prompt resamples,
their resamples (:func:`homog_bench.measures.nested_replicates`) and the interval.
"""

from __future__ import annotations

import itertools

import numpy as np

from homog_bench import measures as m
from homog_bench.measures.intervals import deviance_interval

PATTERNS = np.array(list(itertools.product([0.0, 1.0], repeat=4)))
BASE = np.array([0.1, 0.85, 0.2, 0.9])
PROMPTS, N, REPS, RESAMPLES = 24, 150, 400, 300


def world() -> tuple[np.ndarray, np.ndarray, float]:
    """Per-prompt structure probabilities, prompt sizes and the true pooled E[∂]."""
    shift = np.random.default_rng(PROMPTS).uniform(-1, 1, size=(PROMPTS, BASE.size))
    marginals = np.clip(BASE + 0.08 * shift, 0.02, 0.98)
    sizes = np.full(PROMPTS, N // PROMPTS)
    sizes[: N % PROMPTS] += 1
    per_prompt = []
    for q in marginals:
        probability = np.prod(np.where(PATTERNS == 1.0, q, 1.0 - q), axis=1)
        per_prompt.append(probability @ np.sqrt(((PATTERNS - q) ** 2).sum(axis=1)))
    return marginals, sizes, float((sizes / N) @ np.array(per_prompt))


def coverage() -> tuple[float, float]:
    """(iterated, single-level) coverage of the nominal 95% interval."""
    marginals, sizes, truth = world()
    groups = np.repeat(np.arange(PROMPTS), sizes)
    rng = np.random.default_rng(2026)
    hits = np.zeros(2)
    for rep in range(REPS):
        X = (rng.random((N, BASE.size)) < marginals[groups]).astype(float)

        def mean_deviance(W: np.ndarray, X: np.ndarray = X) -> np.ndarray:
            return np.asarray(m.weighted_deviance_summary(W, X, "l2", groups=groups)[:, 0])

        value = float(mean_deviance(np.ones((1, N)))[0])
        reps = m.bootstrap_replicates(mean_deviance, N, RESAMPLES, groups, seed=rep)[:, 0]
        nested = m.nested_replicates(mean_deviance, N, RESAMPLES, groups, seed=rep)[:, 0]
        for j, est in enumerate(
            (
                deviance_interval(value, reps, sizes, nested=nested),
                deviance_interval(value, reps, sizes),
            )
        ):
            hits[j] += est.low <= truth <= est.high
    return float(hits[0] / REPS), float(hits[1] / REPS)


def test_iterated_bias_correction_holds_coverage_where_the_single_one_fails() -> None:
    iterated, single = coverage()
    # recorded: 0.950 and 0.9225 (Monte-Carlo s.e. near 0.95 at 400 replications: 0.011)
    assert iterated >= 0.93
    assert single < 0.93
    assert iterated - single >= 0.02
