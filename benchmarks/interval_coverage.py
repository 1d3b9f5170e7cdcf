"""Coverage of the story figures' confidence intervals on simulated worlds of known truth.

Each world fixes, per prompt, the distribution generations are drawn from; the
truth of every figure is computed exactly from the prompts' mixture (each prompt
weighted by its number of generations, as the pooled figures are). For every
replication, generations are drawn within prompt, every figure gets its interval
from :mod:`homog_bench.measures.intervals` (the new methods) and from the
percentile bootstrap within prompt on the same data (the old method, the
baseline, as ``bootstrap_cis`` computed it: same statistic, resampled within
prompt, 2.5 % / 97.5 % percentiles), and we count how often each interval holds
the truth.

Worlds:

- categories (protagonist gender, ``unknown`` excluded, target 0.45 / 0.45 / 0.10):
  *skewed* 62 % woman, 30 % man, 3 % nonbinary, 5 % unknown; *balanced* = the
  target itself (kept shares 0.45 / 0.45 / 0.10, 5 % unknown: JS and TV are 0).
  Figures: normativity (woman + man), each share, D1, JS and TV to the target.
- names (top-name share among named generations, 10 % unnamed): Zipf over 300
  names, exponent 1.1 (*skewed*) or 0.6 (*balanced*).
- systems (E[∂], L2, each generation against its prompt's core): 4 binary
  structures, independent, with probabilities near 0.1 / 0.9 (*skewed*) or near
  0.5 (*balanced*); E[∂] is computed exactly over the 16 patterns. The interval gets
  one resample of each resample (the iterated bias correction); the column
  ``E[∂], b₁ only`` is the interval with the single-level bias correction that
  preceded it, on the same samples.

With several prompts each prompt's distribution is the world's moved by a fixed
per-prompt perturbation (the prompts differ; the sizes are N // P, the first
N mod P prompts one more). Resampling and posterior draws work on counts per
prompt (a multinomial resample of a prompt's counts is distributed exactly as
drawing its generations with replacement), so a replication costs the same at
any N.

    python benchmarks/interval_coverage.py [--reps 1000] [--sizes 20 40 100 400 2000 5000]
        [--prompts 1 4 16] [--reps-large 0] [--draws 1000] [--seed 0]

Prints one table per world and family: coverage of the new interval, then the old
percentile interval in parentheses; ``–`` where the new method gives no interval
(NaN with a reason; the share of replications with an interval is printed when it
is not 1).
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from homog_bench.measures import (
    deviance_summary,
    hill_numbers,
    jensen_shannon_rows,
    total_variation_rows,
)
from homog_bench.measures import intervals as iv
from homog_bench.measures.bootstrap import Estimate

CONFIDENCE = 0.95
CATEGORIES = ("woman", "man", "nonbinary")
NORMATIVE = np.array([1.0, 1.0, 0.0])
TARGET = np.array([0.45, 0.45, 0.10])
CATEGORY_WORLDS = {
    "skewed": np.array([0.62, 0.30, 0.03, 0.05]),  # last: unknown (excluded)
    "balanced": np.append(TARGET * 0.95, 0.05),
}
NAME_WORLDS = {"skewed": 1.1, "balanced": 0.6}
N_NAMES = 300
UNNAMED = 0.10
SYSTEM_WORLDS = {
    "skewed": np.array([0.1, 0.85, 0.2, 0.9]),
    "balanced": np.array([0.4, 0.5, 0.6, 0.5]),
}
PATTERNS = np.array(list(itertools.product([0.0, 1.0], repeat=4)))


def allocation(n: int, prompts: int) -> np.ndarray:
    """Generations per prompt: N // P each, the first N mod P prompts one more."""
    sizes = np.full(prompts, n // prompts)
    sizes[: n % prompts] += 1
    return sizes


def perturbed(base: np.ndarray, prompts: int, seed: int, spread: float = 0.5) -> np.ndarray:
    """(prompts, k) distributions around ``base``: a fixed zero-sum perturbation per prompt,
    at most ``spread`` of each probability."""
    if prompts == 1:
        return base[None, :].copy()
    raw = np.random.default_rng(seed).normal(size=(prompts, base.size))
    raw -= raw.mean(axis=0)
    raw -= raw.mean(axis=1, keepdims=True)
    raw -= raw.mean(axis=0)
    scale = spread * float(np.min(base[None, :] / np.maximum(np.abs(raw), 1e-12)))
    out = base[None, :] + scale * raw
    return out / out.sum(axis=1, keepdims=True)


def replications(n: int, args: argparse.Namespace) -> int:
    """Replications of a names or systems cell (fewer at N >= 2000 with ``--reps-large``)."""
    return int(args.reps_large) if n >= 2000 and args.reps_large else int(args.reps)


def percentile(values: np.ndarray, value: float) -> Estimate:
    """The old method's interval from bootstrap replicates (NaN replicates ignored)."""
    finite = values[~np.isnan(values)]
    if math.isnan(value) or finite.size == 0:
        return Estimate(value, math.nan, math.nan, "undefined")
    low, high = np.percentile(finite, [2.5, 97.5])
    return Estimate(value, float(low), float(high))


@dataclass
class Tally:
    """Coverage counts of one figure at one N: new method and old percentile bootstrap."""

    new_hits: int = 0
    new_with: int = 0
    old_hits: int = 0
    reps: int = 0

    def add(self, truth: float, new: Estimate, old: Estimate) -> None:
        self.reps += 1
        if not math.isnan(new.low):
            self.new_with += 1
            self.new_hits += int(new.low <= truth <= new.high)
        self.old_hits += int(not math.isnan(old.low) and old.low <= truth <= old.high)

    def cell(self) -> str:
        old = f"({self.old_hits / self.reps:.3f})"
        if self.new_with == 0:
            return f"– {old}"
        new = f"{self.new_hits / self.new_with:.3f}"
        if self.new_with < self.reps:
            new += f" [{self.new_with / self.reps:.2f} with]"
        return f"{new} {old}"


def bootstrap_counts(rng: np.random.Generator, counts: np.ndarray, resamples: int) -> np.ndarray:
    """(resamples, prompts, k) within-prompt resamples of per-prompt counts (prompts, k)."""
    out = np.zeros((resamples, *counts.shape))
    seen = np.flatnonzero(counts.sum(axis=0) > 0)  # unseen categories stay at 0
    for p, row in enumerate(counts[:, seen]):
        size = int(row.sum())
        if size:
            out[:, p, seen] = rng.multinomial(size, row / size, size=resamples)
    return out


# --- categories -----------------------------------------------------------------


def category_truth(mixture: np.ndarray) -> dict[str, float]:
    shares = mixture[:-1] / mixture[:-1].sum()
    truth = {"normativity": float(shares @ NORMATIVE)}
    truth.update({f"share_{c}": float(s) for c, s in zip(CATEGORIES, shares, strict=True)})
    truth["D1"] = float(hill_numbers(shares[None, :], 1)[0])
    truth["JS"] = float(jensen_shannon_rows(shares[None, :], TARGET)[0])
    truth["TV"] = float(total_variation_rows(shares[None, :], TARGET)[0])
    return truth


def category_functions() -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """Functions of kept shares (b, c) → (b,): the old method's statistics."""
    funcs: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "normativity": lambda s: s @ NORMATIVE,
    }
    for j, c in enumerate(CATEGORIES):
        funcs[f"share_{c}"] = lambda s, j=j: s[:, j]
    funcs["D1"] = lambda s: hill_numbers(s, 1)
    funcs["JS"] = lambda s: jensen_shannon_rows(s, TARGET)
    funcs["TV"] = lambda s: total_variation_rows(s, TARGET)
    return funcs


def kept_shares(counts: np.ndarray) -> np.ndarray:
    """(b, c) shares of kept categories from (b, prompts, c + 1) counts (NaN when none kept)."""
    kept = counts.sum(axis=1)[:, :-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(kept / kept.sum(axis=1, keepdims=True))


def category_intervals(counts: np.ndarray, draws: int, seed: int) -> dict[str, Estimate]:
    """The new intervals for one sample of per-prompt counts (prompts, c + 1)."""
    kept_counts, excluded = counts[:, :-1], counts[:, -1]
    kept, totals = kept_counts.sum(axis=1), counts.sum(axis=1)
    out = {"normativity": iv.share_interval(kept_counts @ NORMATIVE, kept, totals, CONFIDENCE)}
    for j, c in enumerate(CATEGORIES):
        out[f"share_{c}"] = iv.share_interval(kept_counts[:, j], kept, totals, CONFIDENCE)
    posterior = iv.dirichlet_share_draws(kept_counts, excluded, draws, seed)
    out["D1"] = iv.share_function_interval(
        lambda s: hill_numbers(s, 1), kept_counts, excluded, CONFIDENCE, posterior=posterior
    )
    for key, div in (("JS", jensen_shannon_rows), ("TV", total_variation_rows)):
        out[key] = iv.divergence_interval(
            div, TARGET, kept_counts, excluded, CONFIDENCE, posterior=posterior
        )
    return out


def run_categories(world: str, prompts: int, n: int, args: argparse.Namespace) -> dict[str, Tally]:
    rng = np.random.default_rng([args.seed, prompts, n, 1])
    dists = perturbed(CATEGORY_WORLDS[world], prompts, seed=prompts)
    sizes = allocation(n, prompts)
    truth = category_truth((sizes / n) @ dists)
    funcs = category_functions()
    tallies = {k: Tally() for k in truth}
    for rep in range(args.reps):
        counts = np.array([rng.multinomial(s, d) for s, d in zip(sizes, dists, strict=True)])
        new = category_intervals(counts.astype(float), args.draws, seed=rep)
        observed = kept_shares(counts[None, :, :].astype(float))
        resampled = kept_shares(bootstrap_counts(rng, counts.astype(float), args.resamples))
        for key, f in funcs.items():
            value = float(f(observed)[0])
            tallies[key].add(truth[key], new[key], percentile(f(resampled), value))
    return tallies


# --- names ----------------------------------------------------------------------


def zipf(exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, N_NAMES + 1) ** exponent
    return weights / weights.sum()


def run_names(world: str, prompts: int, n: int, args: argparse.Namespace) -> dict[str, Tally]:
    rng = np.random.default_rng([args.seed, prompts, n, 2])
    base = NAME_WORLDS[world]
    exponents = [base] if prompts == 1 else np.linspace(base - 0.15, base + 0.15, prompts)
    dists = np.array([np.append((1 - UNNAMED) * zipf(e), UNNAMED) for e in exponents])
    sizes = allocation(n, prompts)
    mixture = (sizes / n) @ dists
    truth = float(mixture[:-1].max() / mixture[:-1].sum())
    tally = Tally()
    for _ in range(replications(n, args)):
        counts = np.array([rng.multinomial(s, d) for s, d in zip(sizes, dists, strict=True)])
        named = counts[:, :-1].astype(float)
        pooled = named.sum(axis=0)
        value = float(pooled.max() / pooled.sum()) if pooled.sum() else math.nan
        resampled = bootstrap_counts(rng, counts.astype(float), args.resamples)[:, :, :-1]
        totals = resampled.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            replicates = totals.max(axis=1) / totals.sum(axis=1)
        new = iv.top_share_interval(named, counts[:, -1], CONFIDENCE)
        tally.add(truth, new, percentile(replicates, value))
    return {"top-name share": tally}


# --- systems --------------------------------------------------------------------


def pattern_distribution(marginals: np.ndarray) -> np.ndarray:
    """Probabilities of the 16 binary patterns for independent structures."""
    return np.prod(np.where(PATTERNS == 1.0, marginals, 1.0 - marginals), axis=1)


def deviance_from_counts(counts: np.ndarray) -> np.ndarray:
    """E[∂] (L2, each generation against its prompt's core) from (b, prompts, 16) counts."""
    sizes = counts.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        cores = (counts @ PATTERNS) / sizes[:, :, None]
    theta = PATTERNS[None, None, :, :] - cores[:, :, None, :]
    d = np.sqrt((theta**2).sum(axis=3))
    total = np.nansum(counts * d, axis=(1, 2))
    return np.asarray(total / sizes.sum(axis=1))


def nested_counts(rng: np.random.Generator, resampled: np.ndarray) -> np.ndarray:
    """One within-prompt resample of each resample (b, prompts, k) (the second level)."""
    out = np.zeros_like(resampled)
    for p in range(resampled.shape[1]):
        size = int(resampled[0, p].sum())
        if size:
            out[:, p] = rng.multinomial(size, resampled[:, p] / size)
    return out


def run_systems(world: str, prompts: int, n: int, args: argparse.Namespace) -> dict[str, Tally]:
    rng = np.random.default_rng([args.seed, prompts, n, 3])
    # the second level has its own stream: the samples and first-level resamples are
    # those of the runs before it existed
    rng_nested = np.random.default_rng([args.seed, prompts, n, 4])
    base = SYSTEM_WORLDS[world]
    if prompts == 1:
        marginals = base[None, :]
    else:
        shift = np.random.default_rng(prompts).uniform(-1, 1, size=(prompts, base.size))
        marginals = np.clip(base + 0.08 * shift, 0.02, 0.98)
    dists = np.array([pattern_distribution(q) for q in marginals])
    sizes = allocation(n, prompts)
    per_prompt = [
        float(dist @ np.sqrt(((PATTERNS - q) ** 2).sum(axis=1)))
        for dist, q in zip(dists, marginals, strict=True)
    ]
    truth = float((sizes / n) @ np.array(per_prompt))
    tally, single = Tally(), Tally()
    checked = False
    for _ in range(replications(n, args)):
        counts = np.array([rng.multinomial(s, d) for s, d in zip(sizes, dists, strict=True)])
        value = float(deviance_from_counts(counts[None, :, :].astype(float))[0])
        if not checked:  # the count form is the aggregate's per-generation figure
            rows = np.repeat(np.tile(PATTERNS, (prompts, 1)), counts.ravel(), axis=0)
            groups = np.repeat(np.repeat(np.arange(prompts), 16), counts.ravel())
            direct = (
                sum(
                    len(idx) * deviance_summary(rows[idx])["mean"]
                    for idx in (np.flatnonzero(groups == g) for g in range(prompts))
                    if len(idx)
                )
                / n
            )
            assert abs(direct - value) < 1e-9, (direct, value)
            checked = True
        resampled = bootstrap_counts(rng, counts.astype(float), args.resamples)
        replicates = deviance_from_counts(resampled)
        nested = deviance_from_counts(nested_counts(rng_nested, resampled))
        new = iv.deviance_interval(value, replicates, sizes, CONFIDENCE, nested=nested)
        old = percentile(replicates, value)
        tally.add(truth, new, old)
        single.add(truth, iv.deviance_interval(value, replicates, sizes, CONFIDENCE), old)
    return {"E[∂]": tally, "E[∂], b₁ only": single}


FAMILIES = {"categories": run_categories, "names": run_names, "systems": run_systems}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 40, 100, 400, 2000, 5000])
    parser.add_argument("--prompts", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--worlds", nargs="+", default=["skewed", "balanced"])
    parser.add_argument("--families", nargs="+", default=list(FAMILIES))
    parser.add_argument(
        "--reps-large",
        type=int,
        default=0,
        help="replications of the names and systems cells at N >= 2000 (default: --reps)",
    )
    parser.add_argument("--draws", type=int, default=1000, help="posterior draws per interval")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    large = f" ({args.reps_large} for names and systems at N >= 2000)" if args.reps_large else ""
    print(
        f"nominal {CONFIDENCE}; {args.reps} replications per cell{large}; {args.draws} "
        f"posterior draws; {args.resamples} bootstrap resamples; cell = new (old percentile)"
    )
    for family in args.families:
        for world in args.worlds:
            for prompts in args.prompts:
                start = time.perf_counter()
                rows = {n: FAMILIES[family](world, prompts, n, args) for n in args.sizes}
                keys = list(next(iter(rows.values())))
                seconds = time.perf_counter() - start
                print(f"\n{family}, {world}, {prompts} prompt(s)  [{seconds:.0f} s]")
                print("| N | " + " | ".join(keys) + " |")
                print("|---|" + "---|" * len(keys))
                for n, tallies in rows.items():
                    print(f"| {n} | " + " | ".join(tallies[k].cell() for k in keys) + " |")


if __name__ == "__main__":
    main()
