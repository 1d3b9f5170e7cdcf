"""Plain records the figures are computed from, and the helpers every figure shares.

:class:`Settings` (what a value file says about the figures; travels in
``Score.metadata``), :class:`Generation` (one scored generation),
:func:`structure_matrix` (the systems Λ(x) of a set of generations as one matrix) and
:func:`joint_estimates` (every statistic of a figure set on the same bootstrap resamples).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from homog_bench import measures as m

Figures = dict[str, float]
FloatArray = NDArray[np.float64]
#: A statistic of the resample weights W (b, N) → one value per resample (b,).
Statistic = Callable[[FloatArray], FloatArray]


@dataclass(frozen=True)
class AttributeSpec:
    """An attribute as the metrics need it (a plain copy of the value file's)."""

    categories: list[str] | None
    normative: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    target: dict[str, float] | None = None
    reference: dict[str, float] | None = None


@dataclass(frozen=True)
class Settings:
    """What the aggregation needs from a value file; travels in ``Score.metadata``."""

    values: str
    structures: list[str]
    attributes: dict[str, AttributeSpec]
    norm: str = "l2"
    bootstrap: int = 1000
    confidence: float = 0.95
    seed: int = 0
    embeddings: str | None = None  # backend of the stored embeddings, None = no semantic figures
    #: judged structure id → offline structure id it should agree with (``agrees_with``)
    pairs: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for ``Score.metadata``."""
        return {
            "values": self.values,
            "structures": list(self.structures),
            "attributes": {k: vars(a) for k, a in self.attributes.items()},
            "norm": self.norm,
            "bootstrap": self.bootstrap,
            "confidence": self.confidence,
            "seed": self.seed,
            "embeddings": self.embeddings,
            "pairs": dict(self.pairs),
        }

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Settings:
        """Inverse of :meth:`to_dict`."""
        return Settings(
            values=str(data["values"]),
            structures=list(data["structures"]),
            attributes={k: AttributeSpec(**a) for k, a in data["attributes"].items()},
            norm=str(data.get("norm", "l2")),
            bootstrap=int(data.get("bootstrap", 1000)),
            confidence=float(data.get("confidence", 0.95)),
            seed=int(data.get("seed", 0)),
            embeddings=data.get("embeddings"),
            pairs=dict(data.get("pairs") or {}),
        )


@dataclass(frozen=True)
class Generation:
    """One scored generation."""

    prompt: str
    system: Sequence[float]
    attributes: Mapping[str, str]
    name: str | None
    quality: str
    text: str
    arm: str | None = None  # the experiment arm or branch (xeno and branching tasks)
    embedding: FloatArray | None = None  # unit vector, when the value file stores them
    #: False when a calibrated value file left the generation out of the judged subsample:
    #: its judged values are absent by design, not counted as missing
    judged: bool = True
    logprob: float | None = None  # log p(y), when the provider returned log-probabilities


def structure_matrix(generations: Sequence[Generation], settings: Settings) -> FloatArray:
    """The systems Λ(x) of ``generations``, shape (N, number of structures); NaN = missing.

    >>> g = Generation("p", [1.0, float("nan")], {}, None, "ok", "")
    >>> structure_matrix([g, g], Settings("v", ["a", "b"], {})).shape
    (2, 2)
    """
    return np.array([list(g.system) for g in generations], dtype=float).reshape(
        len(generations), len(settings.structures)
    )


def joint_estimates(
    statistics: Sequence[Statistic], n: int, settings: Settings, strata: ArrayLike | None
) -> list[m.Estimate]:
    """Every statistic on the same bootstrap resamples (one pass, resampling within
    ``strata``), at the value file's resample count, confidence and seed."""

    def joint(W: FloatArray) -> FloatArray:
        return np.column_stack([np.asarray(f(W), dtype=float) for f in statistics])

    return m.bootstrap_cis(
        joint,
        n,
        n_resamples=settings.bootstrap,
        confidence=settings.confidence,
        groups=strata,
        seed=settings.seed,
    )
