"""One bad item costs its own figures, not everyone's: aggregate, and on failure leave out
the items that fail on their own, then aggregate the rest.

Pure Python (no Inspect imports). The Inspect metric uses it so that one generation
that breaks the aggregation (an unencodable character, a corrupt stored embedding,
a value of the wrong type) is counted in ``n_generations_failed`` instead of
replacing every figure of the run with ``aggregation_failed``.

>>> def total(xs):
...     return {"n": float(len(xs)), "sum": float(sum(xs))}
>>> def check(x):
...     if not isinstance(x, int):
...         raise TypeError(x)
>>> aggregate_isolating([1, 2, "three", 4], total, check)
{'n': 3.0, 'sum': 7.0, 'n_generations_failed': 1.0}
>>> aggregate_isolating([1, 2], total, check)
{'n': 2.0, 'sum': 3.0}
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Figures = dict[str, float]

logger = logging.getLogger(__name__)

#: Figure counting the items left out because they failed on their own.
FAILED_KEY = "n_generations_failed"
#: The only figure left when even the remaining items cannot be aggregated.
ALL_FAILED_KEY = "aggregation_failed"


def aggregate_isolating(
    items: Sequence[T],
    aggregate: Callable[[list[T]], Figures],
    probe: Callable[[T], object],
) -> Figures:
    """``aggregate(items)``; if it raises, probe each item alone and aggregate the rest.

    ``probe(item)`` raises when the item cannot be aggregated on its own (it should
    be cheap: no resampling). Items that fail are left out and counted in
    :data:`FAILED_KEY`. Never raises: when the rest still fails, the figures are
    ``aggregation_failed = 1`` and the number of items.
    """
    try:
        return aggregate(list(items))
    except Exception:
        logger.exception("homog-bench: aggregating %d items failed; isolating them", len(items))
    good: list[T] = []
    failed = 0
    for item in items:
        try:
            probe(item)
        except Exception as exc:
            failed += 1
            logger.warning("homog-bench: left out one generation: %s: %s", type(exc).__name__, exc)
        else:
            good.append(item)
    try:
        figures = aggregate(good) if failed else None
    except Exception:
        logger.exception("homog-bench: aggregating the %d remaining items failed", len(good))
        figures = None
    if figures is None:
        return {ALL_FAILED_KEY: 1.0, "n_generations": float(len(items))}
    figures[FAILED_KEY] = float(failed)
    return figures
