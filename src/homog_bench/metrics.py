"""Inspect ``@metric`` adapter: every generation in, every homogenization figure out.

The metric sees unreduced scores (one per sample per epoch), reads the value
file's parameters from ``Score.metadata`` (so ``inspect score -S values=...``
works without redefining metrics) and delegates the math to
:func:`homog_bench.aggregate.aggregate`. It never raises: a failure is logged
and reported as ``aggregation_failed = 1`` so the log keeps its samples.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Value, metric
from numpy.typing import NDArray

from homog_bench.aggregate import Generation, Settings, aggregate
from homog_bench.embeddings.codec import decode_vector

logger = logging.getLogger(__name__)
METADATA_KEY = "homog_bench"


def generations_from_scores(
    scores: Sequence[SampleScore],
) -> tuple[list[Generation], Settings | None]:
    """Convert Inspect scores written by our scorer into plain records."""
    gens: list[Generation] = []
    settings: Settings | None = None
    for sample_score in scores:
        meta: dict[str, Any] = (sample_score.score.metadata or {}).get(METADATA_KEY) or {}
        if not meta:
            continue
        if settings is None:
            settings = Settings.from_dict(meta["settings"])
        value = sample_score.score.value
        if not isinstance(value, dict):
            continue
        system = [_alpha(value.get(sid)) for sid in settings.structures]
        prompt = meta.get("prompt") or str(sample_score.sample_id)
        gens.append(
            Generation(
                prompt=str(prompt),
                system=system,
                attributes={a: str(value.get(a, "unknown")) for a in settings.attributes},
                name=meta.get("name"),
                quality=str(value.get("quality", "ok")),
                text=sample_score.score.answer or "",
                arm=meta.get("arm"),
                embedding=_embedding(meta.get("embedding")),
            )
        )
    return gens, settings


def scored_generations(
    scores: Sequence[SampleScore],
) -> tuple[list[tuple[Generation, dict[str, Any], SampleScore]], Settings | None]:
    """Each generation our scorer wrote, with its ``Score.metadata`` record and its score."""
    found: list[tuple[Generation, dict[str, Any], SampleScore]] = []
    settings: Settings | None = None
    for sample_score in scores:
        gens, gen_settings = generations_from_scores([sample_score])
        if not gens or gen_settings is None:
            continue
        settings = settings or gen_settings
        meta: dict[str, Any] = (sample_score.score.metadata or {}).get(METADATA_KEY) or {}
        found.append((gens[0], meta, sample_score))
    return found, settings


def _embedding(stored: object) -> NDArray[np.float64] | None:
    """The stored unit vector (base64 float32), if any."""
    if not isinstance(stored, str) or not stored:
        return None
    return decode_vector(stored).astype(np.float64)


def _alpha(value: object) -> float:
    """α from ``Score.value``; None (a missing value) becomes NaN."""
    return float(value) if isinstance(value, int | float) else math.nan


@metric(name="homogenization_figures", scores="unreduced")
def homogenization_figures() -> Metric:
    """Core, deviance, normativity, diversity, divergence, name collapse and lexical figures."""

    def compute(scores: list[SampleScore]) -> Value:
        try:
            gens, settings = generations_from_scores(scores)
            if settings is None:
                return {"n_generations": 0.0}
            if any(g.arm for g in gens):  # an experiment: per-arm figures and comparisons
                from homog_bench.arms import arm_figures  # imports this module

                return dict(arm_figures(scores))
            return dict(aggregate(gens, settings))
        except Exception:  # a metric that raises loses the whole log's samples
            logger.exception("homog-bench: aggregating %d scores failed", len(scores))
            return {"aggregation_failed": 1.0}

    return compute
