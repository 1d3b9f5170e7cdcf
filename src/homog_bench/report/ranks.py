"""Honest ranks: rank bands from intervals, degenerate runs, paired differences over prompts.

Pure code (no Inspect import), doctested.

**Rank bands.** A run's rank is an interval, not a number. Run *j* is *clearly ahead* of
run *i* when their intervals do not overlap and *j*'s is on the better side; then

    best rank of i  = 1 + #{j clearly ahead of i}
    worst rank of i = n − #{j clearly behind i}

so runs whose intervals overlap share a band (``1–3``), and a rank is a single number
only when the run's interval is apart from every other run's. This is the rule public
arenas use for their rank bounds (Chiang et al. 2024, *Chatbot Arena*, §5: a model's
rank is one plus the number of models statistically better than it), applied to the
bootstrap interval of each run's headline that the log header already carries. Two
non-overlapping 95% intervals are a conservative test (a difference significant well
below 5% for roughly normal estimates; Schenker & Gentleman 2001), so a band may be wider
than a direct test would make it, never narrower. A run without an interval overlaps
every run (its band is the whole table).

**Degenerate runs.** A run whose generations are mostly unusable (quality label not
``ok``: empty, refusal, not English, huge, addressing the judge) measures the filter,
not the model's default. Above :data:`DEGENERATE_SHARE` it is flagged and left out of
the ranking.

**Paired differences.** Two runs over the same prompts can be compared prompt by
prompt: the per-prompt headline difference d_p, its mean and a Student-t interval over
prompts (the paired t interval), which removes the between-prompt variation that both
runs share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Flag a run whose share of degenerate generations is above this (more than half).
DEGENERATE_SHARE = 0.5
#: Quality labels that mark a generation as degenerate (``ok`` is the only good one).
DEGENERATE_LABELS = ("empty", "refusal", "non_english", "huge", "addresses_judge")


@dataclass(frozen=True)
class Band:
    """A run's rank interval, 1-based and inclusive."""

    best: int
    worst: int

    def __str__(self) -> str:
        """``2`` or ``1–3``.

        >>> str(Band(2, 2)), str(Band(1, 3))
        ('2', '1–3')
        """
        return str(self.best) if self.best == self.worst else f"{self.best}–{self.worst}"


def rank_bands(
    intervals: Sequence[tuple[float, float, float]], lower_is_better: bool
) -> list[Band]:
    """The rank band of each run from its (value, low, high), in the order given.

    Two runs that tie with point intervals share the band ``1–2``; a run apart from the
    others gets one rank; a missing interval (NaN bounds) overlaps everything.

    >>> bands = rank_bands([(0.2, 0.1, 0.3), (0.25, 0.2, 0.35), (0.8, 0.7, 0.9)], True)
    >>> [str(b) for b in bands]
    ['1–2', '1–2', '3']
    >>> [str(b) for b in rank_bands([(1.0, 1.0, 1.0), (1.0, 1.0, 1.0)], True)]
    ['1–2', '1–2']
    >>> [str(b) for b in rank_bands([(0.6, 0.5, 0.7), (0.4, 0.3, 0.45), (0.1, nan, nan)],
    ...                              False)]
    ['1–2', '2–3', '1–3']
    """
    spans = [_span(v, lo, hi) for v, lo, hi in intervals]
    n = len(spans)
    out = []
    for i, (lo_i, hi_i) in enumerate(spans):
        ahead = behind = 0
        for j, (lo_j, hi_j) in enumerate(spans):
            if i == j:
                continue
            j_below = hi_j < lo_i  # j's interval entirely below i's
            j_above = lo_j > hi_i
            if (j_below and lower_is_better) or (j_above and not lower_is_better):
                ahead += 1
            elif j_below or j_above:
                behind += 1
        out.append(Band(1 + ahead, n - behind))
    return out


def _span(value: float, low: float, high: float) -> tuple[float, float]:
    if math.isnan(low) or math.isnan(high):
        return -math.inf, math.inf
    return min(low, value), max(high, value)


nan = math.nan  # for the doctests


def degenerate_share(figures: Mapping[str, float]) -> float:
    """Share of a run's generations with a degenerate quality label (0 when it has none).

    Counts are ``n_<label>``, or ``<arm>/n_<label>`` in an experiment's arms.

    >>> degenerate_share({"n_generations": 5, "n_non_english": 4, "n_empty": 1})
    1.0
    >>> degenerate_share({"n_generations": 4, "xeno/n_refusal": 1, "baseline/n_empty": 0})
    0.25
    >>> degenerate_share({"n_generations": 0})
    0.0
    """
    total = figures.get("n_generations", 0.0)
    if not total:
        return 0.0
    bad = 0.0
    for name, value in figures.items():
        rest = name.rsplit("/", 1)[-1]
        if "@" in name or math.isnan(value):
            continue
        if rest.startswith("n_") and rest[2:] in DEGENERATE_LABELS:
            bad += value
    return bad / total


def is_degenerate(figures: Mapping[str, float]) -> bool:
    """More than :data:`DEGENERATE_SHARE` of the generations are degenerate.

    >>> is_degenerate({"n_generations": 5, "n_non_english": 3}), is_degenerate(
    ...     {"n_generations": 4, "n_refusal": 2})
    (True, False)
    """
    return degenerate_share(figures) > DEGENERATE_SHARE


@dataclass(frozen=True)
class Paired:
    """Mean per-prompt difference a − b over shared prompts, with its t interval."""

    mean: float
    low: float
    high: float
    prompts: int


def paired_difference(
    a: Mapping[str, float], b: Mapping[str, float], level: float = 0.95
) -> Paired | None:
    """Paired t interval of the mean difference over prompts both runs report.

    None with fewer than two shared prompts or different prompt sets (the runs did not
    answer the same prompts). NaN per-prompt values are left out of both.

    >>> p = paired_difference({"x": 0.9, "y": 0.8, "z": 1.0}, {"x": 0.5, "y": 0.6, "z": 0.7})
    >>> round(p.mean, 3), round(p.low, 3), round(p.high, 3), p.prompts
    (0.3, 0.052, 0.548, 3)
    >>> paired_difference({"x": 1.0, "y": 1.0}, {"x": 1.0, "z": 1.0}) is None
    True
    """
    if set(a) != set(b):
        return None
    shared = sorted(p for p in a if not (math.isnan(a[p]) or math.isnan(b[p])))
    k = len(shared)
    if k < 2:
        return None
    diffs = [a[p] - b[p] for p in shared]
    mean = sum(diffs) / k
    var = sum((d - mean) ** 2 for d in diffs) / (k - 1)
    from scipy.stats import t

    half = float(t.ppf(0.5 + level / 2, k - 1)) * math.sqrt(var / k)
    return Paired(mean, mean - half, mean + half, k)
