"""Generalized cores weighted by the model's own probabilities p(y) (when the provider
returned token log-probabilities), beside the empirical ones.

Within each prompt the weights are p(y) over the distinct outputs
(:func:`homog_bench.measures.distinct_output_weights`), scaled to the prompt's number of
generations, so that prompts count as much as in the empirical figures. Figure names:
``py_core_<structure>`` ((q, r) = (1, 1)), ``py_core_<variant>_<structure>`` for the other
named cores, and ``py_ess``, the effective sample size (Σw)²/Σw² of the weights: near 1,
one output holds the weight (usual for long texts) and the empirical core should be read
instead. When each weighting is right: :mod:`homog_bench.measures.probability`.

>>> import math
>>> figures = py_figures([[1.0], [0.0]], [math.log(0.2), math.log(0.6)], ["a", "b"], ["w"])
>>> round(figures["py_core_w"], 6), round(figures["py_ess"], 6)
(0.25, 1.6)
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Protocol

import numpy as np

from homog_bench import measures as m
from homog_bench.figures.records import Figures

STANDARD = "standard"


class Weighable(Protocol):
    """A generation as :func:`py_figures_of` reads it."""

    @property
    def system(self) -> Sequence[float]: ...
    @property
    def text(self) -> str: ...
    @property
    def logprob(self) -> float | None: ...


def py_figures(
    systems: Sequence[Sequence[float]],
    logprobs: Sequence[float | None],
    texts: Sequence[str],
    structures: Sequence[str],
    prefix: str = "",
    groups: Sequence[Hashable] | None = None,
) -> Figures:
    """The p(y)-weighted cores and their effective sample size (names in the module
    docstring, after ``prefix``); empty when a generation has no log-probability."""
    if not systems or any(lp is None for lp in logprobs):
        return {}
    labels = list(groups) if groups is not None else [0] * len(systems)
    weights = np.zeros(len(systems), dtype=np.float64)
    for label in dict.fromkeys(labels):
        idx = [i for i, g in enumerate(labels) if g == label]
        within = m.distinct_output_weights(
            [float(logprobs[i] or 0.0) for i in idx], [texts[i] for i in idx]
        )
        weights[idx] = within * len(idx)
    matrix = np.array([list(s) for s in systems], dtype=np.float64)
    matrix = matrix.reshape(len(systems), len(structures))
    out: Figures = {}
    for variant, core in m.named_cores(matrix, weights).items():
        name = "" if variant == STANDARD else f"{variant}_"
        for sid, value in zip(structures, core, strict=True):
            out[f"{prefix}py_core_{name}{sid}"] = float(value)
    out[f"{prefix}py_ess"] = m.effective_sample_size(weights).value
    return out


def py_figures_of(
    gens: Sequence[Weighable],
    structures: Sequence[str],
    prefix: str = "",
    groups: Sequence[Hashable] | None = None,
) -> Figures:
    """:func:`py_figures` of generation records (``system``, ``text``, ``logprob``)."""
    return py_figures(
        [g.system for g in gens],
        [g.logprob for g in gens],
        [g.text for g in gens],
        structures,
        prefix,
        groups,
    )
