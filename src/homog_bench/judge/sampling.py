"""Which generations the judge reads when a value file calibrates with a judged subsample.

A generation is judged when a hash of (seed, sample id, epoch) falls below the judged
fraction: reproducible, independent of the order in which Inspect scores samples, and
the same when a log is re-scored. Each generation is judged independently (Poisson
sampling), so the judged count varies around fraction × N.

>>> uniform(0, "nurse-3", 1) == uniform(0, "nurse-3", 1) != uniform(1, "nurse-3", 1)
True
>>> sum(is_judged(0, i, 1, 0.1) for i in range(10_000))  # about 1,000
992
"""

from __future__ import annotations

import hashlib


def uniform(seed: int, sample_id: str | int, epoch: int) -> float:
    """A number in [0, 1) fixed by (seed, sample id, epoch)."""
    key = f"{seed}\x1f{sample_id}\x1f{epoch}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64


def threshold(fraction: float, least: int, n_total: int | None) -> float:
    """The judged share: ``fraction``, raised so that ``least`` are judged on average.

    ``n_total`` (generations in the run) unknown: ``fraction`` alone.

    >>> threshold(0.1, 100, 400), threshold(0.1, 100, 5000), threshold(0.1, 100, None)
    (0.25, 0.1, 0.1)
    """
    if n_total is None or n_total <= 0:
        return fraction
    return min(1.0, max(fraction, least / n_total))


def is_judged(seed: int, sample_id: str | int, epoch: int, share: float) -> bool:
    """Whether this generation is in the judged subsample."""
    return uniform(seed, sample_id, epoch) < share
