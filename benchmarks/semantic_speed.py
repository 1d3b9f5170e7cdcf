"""Semantic homogeneity at scale: O(N d²) formulas against the direct N × N computation.

    python benchmarks/semantic_speed.py [--n 20000] [--d 384] [--check-n 500]

Targets: N = 20,000, d = 384 in under 2 s with peak memory under 500 MB; agreement
with the direct computation to 1e-9 at N = 500. The baseline is the N × N computation
on the largest N that fits comfortably (timed in the same run for the ratio).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from homog_bench.measures.semantic import mean_pairwise_similarity, vendi_score


def direct(x: np.ndarray) -> tuple[float, float]:
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    k = u @ u.T
    n = len(u)
    eig = np.linalg.eigvalsh(k / n)
    p = eig[eig > 1e-12]
    p = p / p.sum()
    return float((k.sum() - n) / (n * (n - 1))), float(np.exp(-(p * np.log(p)).sum()))


def ours(x: np.ndarray) -> tuple[float, float]:
    return mean_pairwise_similarity(x).value, vendi_score(x).value


def timed(fn, x):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    start = time.perf_counter()
    result = fn(x)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--d", type=int, default=384)
    parser.add_argument("--check-n", type=int, default=500)
    parser.add_argument("--baseline-n", type=int, default=4_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    small = rng.normal(size=(args.check_n, args.d))
    a, b = ours(small), direct(small)
    print(
        f"[agreement] N={args.check_n}: |mean diff| {abs(a[0] - b[0]):.2e}, "
        f"|vendi diff| {abs(a[1] - b[1]):.2e}  (target < 1e-9)"
    )
    big = rng.normal(size=(args.n, args.d))
    s, peak, _ = timed(ours, big)
    print(
        f"[scale] N={args.n:,} d={args.d}: {s:.2f} s, peak traced memory {peak:.0f} MB "
        f"(targets < 2 s, < 500 MB; the input itself is {big.nbytes / 1e6:.0f} MB)"
    )
    base = big[: args.baseline_n]
    s_direct, peak_direct, _ = timed(direct, base)
    s_ours, _, _ = timed(ours, base)
    print(
        f"[baseline] N={args.baseline_n:,}: direct N×N {s_direct:.2f} s / {peak_direct:.0f} MB, "
        f"ours {s_ours:.3f} s -> ratio {s_direct / s_ours:.0f}x faster"
    )


if __name__ == "__main__":
    main()
