"""The story figures' headline statistics and the method that gives each its interval.

A headline statistic is a function of the bootstrap resample weights W (b, N); its
point estimate is the statistic at W = ones. Its interval comes from the method of
:mod:`homog_bench.measures.intervals` that suits it: from the per-prompt counts alone
(``direct``: shares, functions of shares, the top-name share), from the bootstrap
replicates (``from_replicates``: E[∂], which also asks for one resample of each
resample, ``nested``), or else the percentile bootstrap (the
semantic similarity). The bootstrapped ones share one pass over the same resamples,
drawn within prompt. Every interval contains its point estimate; where there is no
interval the bounds are NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from homog_bench import measures as m
from homog_bench.figures.records import FloatArray, Settings, Statistic
from homog_bench.measures import intervals as iv

Replicated = Callable[[float, FloatArray, FloatArray | None], m.Estimate]


@dataclass(frozen=True)
class Headline:
    """A headline figure waiting for its interval."""

    key: str
    value: float
    statistic: Statistic | None  # None: an interval only, the value is reported elsewhere
    direct: Callable[[], m.Estimate] | None = None
    #: (value, replicates, nested replicates or None) → interval
    from_replicates: Replicated | None = None
    #: also evaluate the statistic on one resample of each resample (``nested``)
    nested: bool = False


def no_interval(value: float, reason: str) -> m.Estimate:
    """NaN bounds around ``value``, with the reason."""
    return m.Estimate(value, math.nan, math.nan, reason)


def intervals(
    pending: Sequence[Headline], n: int, strata: ArrayLike | None, settings: Settings
) -> list[m.Estimate]:
    """The interval of each headline, in order (``metrics.bootstrap: 0``: none at all).

    ``strata`` are the generations' prompts (None for one prompt).
    """
    if settings.bootstrap == 0:
        return [no_interval(h.value, "intervals disabled") for h in pending]
    found = {h.key: h.direct() for h in pending if h.direct is not None}
    resampled = [h for h in pending if h.direct is None]
    statistics = [h.statistic for h in resampled if h.statistic is not None]
    if statistics:

        def joint(W: FloatArray) -> FloatArray:
            return np.column_stack([statistic(W) for statistic in statistics])

        replicates = m.bootstrap_replicates(
            joint, n, n_resamples=settings.bootstrap, groups=strata, seed=settings.seed
        )
        n_prompts = 1 if strata is None else len(set(np.asarray(strata).tolist()))
        for h, column in zip(resampled, replicates.T, strict=True):
            if h.from_replicates is not None:
                nested = None
                if h.nested and h.statistic is not None:
                    nested = m.nested_replicates(
                        h.statistic, n, settings.bootstrap, strata, settings.seed
                    )[:, 0]
                found[h.key] = h.from_replicates(h.value, column, nested)
            elif n == n_prompts:  # one generation per prompt: nothing to resample
                found[h.key] = no_interval(h.value, "no resampling possible")
            else:
                found[h.key] = m.percentile_interval(h.value, column, settings.confidence)
    # the interval holds the point estimate exactly (a method working on counts may
    # differ from the weighted statistic in the last bit)
    return [iv.containing(h.value, found[h.key].low, found[h.key].high) for h in pending]
