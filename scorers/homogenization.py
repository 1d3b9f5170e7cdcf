"""Shim for ``inspect score LOG --scorer scorers/homogenization.py -S values=...``.

The same scorer is registered as ``homog_bench/homogenization`` when the package is
installed; ``homogenization.md`` beside this file is its card.
"""

from typing import Any

from inspect_ai.scorer import Scorer, scorer

from homog_bench.evals import scorers
from homog_bench.evals.metrics import homogenization_figures


@scorer(metrics=[homogenization_figures()])
def homogenization(**params: Any) -> Scorer:
    return scorers.homogenization(**params)
