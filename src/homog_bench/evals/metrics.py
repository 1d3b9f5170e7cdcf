"""Inspect ``@metric`` adapters: every generation in, every homogenization figure out.

Each task chooses its metric: :func:`homogenization_figures` (story figures,
:func:`homog_bench.figures.story.aggregate`), :func:`xeno_figures` and
:func:`branching_figures` (:mod:`homog_bench.figures.experiments`), :func:`dynamics_figures`
(:mod:`homog_bench.figures.dynamics`). A metric sees
unreduced scores (one per sample per epoch) and reads the value file's parameters from
``Score.metadata`` (so ``inspect score -S values=...`` works without redefining metrics).
It never raises: a score that cannot be aggregated is left out and counted
(``n_generations_failed``, see :mod:`homog_bench.isolate`); only if the rest fails too is
the figure ``aggregation_failed = 1`` (the log keeps its samples).

Inspect also calls metrics while an eval runs, to refresh its live display. Those calls
get a preview (:func:`homog_bench.figures.story.preview`: point estimates, no intervals,
no per-prompt breakdown, no lexical figures), and each score is converted to a record
once across the refreshes (:class:`RememberedRows`); the figures written to the log come
from the full computation at the end, identical with and without the display.
"""

from __future__ import annotations

import copy
import logging
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Score, Value, metric
from numpy.typing import NDArray

from homog_bench.embeddings.codec import decode_vector
from homog_bench.figures import dynamics, experiments
from homog_bench.figures.agreement import pair_agreement_figures
from homog_bench.figures.calibrated import attribute_calibrations
from homog_bench.figures.catalog import (
    ARM,
    CALIBRATION,
    DEFAULT_ARM,
    LOGPROB,
    METADATA_KEY,
    POSITION,
    PREFIX_SYSTEM,
    SET,
    THRESHOLD,
    VALIDITY,
)
from homog_bench.figures.records import Figures, Generation, Settings
from homog_bench.figures.story import aggregate, preview
from homog_bench.isolate import aggregate_isolating

logger = logging.getLogger(__name__)


@dataclass
class Scored:
    """The generations of a set of scores, with what the experiment figures add."""

    generations: list[Generation] = field(default_factory=list)
    settings: Settings | None = None
    sets: list[str | None] = field(default_factory=list)
    #: each generation's validity as the scorer wrote it (NaN: unknown or not written)
    valid: list[float] = field(default_factory=list)
    #: per generation: calibrated attribute → {sampled, offline, judged} (calibrated files)
    calibration: list[dict[str, Any]] = field(default_factory=list)
    #: per generation: judge calls spent on it (0 when the judge was not asked)
    judge_calls: list[int] = field(default_factory=list)
    #: each generation's ``Score.metadata[METADATA_KEY]`` record
    meta: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: _Row | None) -> None:
        """Append one score's record (None: a score whose value is not ours)."""
        if row is None:
            return
        self.generations.append(row.generation)
        self.calibration.append(row.calibration)
        self.judge_calls.append(row.judge_calls)
        self.sets.append(row.set)
        self.valid.append(row.valid)
        self.meta.append(row.meta)


@dataclass(frozen=True)
class _Row:
    """What one score adds to :class:`Scored`."""

    generation: Generation
    calibration: dict[str, Any]
    judge_calls: int
    set: str | None
    valid: float
    meta: dict[str, Any]


def _meta_of(sample_score: SampleScore) -> dict[str, Any]:
    """The score's ``Score.metadata[METADATA_KEY]`` record ({} when it has none)."""
    meta: dict[str, Any] = (sample_score.score.metadata or {}).get(METADATA_KEY) or {}
    return meta


def _row(sample_score: SampleScore, meta: dict[str, Any], settings: Settings) -> _Row | None:
    """One score as a record (None when its value is not our dict)."""
    value = sample_score.score.value
    if not isinstance(value, dict):
        return None
    prompt = meta.get("prompt") or str(sample_score.sample_id)
    judge = meta.get("judge")
    calibration = meta.get(CALIBRATION) or {}
    generation = Generation(
        prompt=str(prompt),
        system=[_alpha(value.get(sid)) for sid in settings.structures],
        attributes={a: str(value.get(a, "unknown")) for a in settings.attributes},
        name=meta.get("name"),
        quality=str(value.get("quality", "ok")),
        text=sample_score.score.answer or "",
        arm=meta.get(ARM),
        embedding=_embedding(meta.get("embedding")),
        judged=judge is not None or not calibration,
        logprob=(meta.get(LOGPROB) or {}).get("sum"),
    )
    return _Row(
        generation,
        calibration,
        int(judge.get("calls", 0)) if isinstance(judge, dict) else 0,
        meta.get(SET),
        _alpha(value.get(VALIDITY)),
        meta,
    )


def generations_from_scores(scores: Sequence[SampleScore]) -> Scored:
    """Convert Inspect scores written by our scorer into plain records.

    Every score is read with the settings of the first one that has our metadata.
    """
    out = Scored()
    for sample_score in scores:
        meta = _meta_of(sample_score)
        if not meta:
            continue
        if out.settings is None:
            out.settings = Settings.from_dict(meta["settings"])
        out.add(_row(sample_score, meta, out.settings))
    return out


#: A remembered conversion: the objects it was made from, then its meta and row.
_Entry = tuple[SampleScore, Score, object, object, object, object, dict[str, Any], "_Row | None"]


class RememberedRows:
    """:func:`generations_from_scores` that converts each score once across calls.

    Inspect's live display passes the same ``SampleScore`` objects at every refresh, plus
    the new ones: a score is converted again only when it is a different object (or its
    value, metadata, answer or sample id is), or the settings changed. Only the scores of
    the last call are remembered. The result equals the plain conversion's as long as no
    one edits a score's value or metadata dict in place (Inspect does not; the log's
    figures use the plain conversion anyway).
    """

    def __init__(self) -> None:
        self._raw: dict[str, Any] | None = None
        self._settings: Settings | None = None
        self._entries: dict[int, _Entry] = {}

    def __call__(self, scores: Sequence[SampleScore]) -> Scored:
        out = Scored()
        previous, self._entries = self._entries, {}
        for sample_score in scores:
            score = sample_score.score
            entry = previous.get(id(sample_score))
            if (
                entry is None
                or entry[0] is not sample_score
                or entry[1] is not score
                or entry[2] is not score.value
                or entry[3] is not score.metadata
                or entry[4] is not score.answer
                or entry[5] is not sample_score.sample_id
            ):
                meta, row = _meta_of(sample_score), None
            else:
                meta, row = entry[6], entry[7]
            if meta and out.settings is None:
                raw = meta["settings"]
                if self._settings is None or raw != self._raw:  # new settings: start over
                    self._raw, self._settings = copy.deepcopy(raw), Settings.from_dict(raw)
                    previous, row = {}, None
                out.settings = self._settings
            if meta and out.settings is not None and row is None:
                row = _row(sample_score, meta, out.settings)
            self._entries[id(sample_score)] = (
                sample_score,
                score,
                score.value,
                score.metadata,
                score.answer,
                sample_score.sample_id,
                meta,
                row,
            )
            if meta:
                out.add(row)
        return out


def dynamics_generations(scored: Scored) -> list[dynamics.DynamicsGeneration]:
    """The dynamics task's records: arm, cut position, prefix system and log p(y)."""
    out = []
    for gen, meta in zip(scored.generations, scored.meta, strict=True):
        logprob = meta.get(LOGPROB) or {}
        prefix = meta.get(PREFIX_SYSTEM)
        out.append(
            dynamics.DynamicsGeneration(
                arm=str(gen.arm or DEFAULT_ARM),
                position=meta.get(POSITION),
                system=gen.system,
                attributes=gen.attributes,
                prefix_system=None if prefix is None else [_alpha(v) for v in prefix],
                logprob_mean=logprob.get("mean"),
                logprob=gen.logprob,
                text=gen.text,
            )
        )
    return out


def _embedding(stored: object) -> NDArray[np.float64] | None:
    """The stored unit vector (base64 float32), if any."""
    if not isinstance(stored, str) or not stored:
        return None
    return decode_vector(stored).astype(np.float64)


def _alpha(value: object) -> float:
    """α from ``Score.value``; None (a missing value) becomes NaN."""
    return float(value) if isinstance(value, int | float) else math.nan


def for_live_display() -> bool:
    """Whether Inspect is calling the metric to refresh its live display (not for the log).

    Inspect's display refresh is a closure over ``next_compute_time`` and ``update_fn``
    (``update_metrics_display_fn`` in ``inspect_ai._eval.task.run``); the final results
    are computed elsewhere. If a later Inspect renames it, this returns False and the
    display simply gets the full figures again.
    """
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if {"next_compute_time", "update_fn"} <= set(code.co_freevars):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


Compute = Callable[[Scored, Settings], Figures]


def _figures_metric(figures: Compute, live: Compute | None = None) -> Metric:
    """A metric computing ``figures`` over the generations of the scores it sees
    (``live`` instead, when given, for Inspect's live display)."""

    remembered = RememberedRows()

    def whole(chosen: list[SampleScore]) -> Figures:
        # the display converts each score once across its refreshes; the log's figures
        # come from the plain conversion
        preview = live is not None and for_live_display()
        scored = remembered(chosen) if preview else generations_from_scores(chosen)
        if scored.settings is None:
            return {"n_generations": 0.0}
        if live is not None and preview:
            return dict(live(scored, scored.settings))
        return dict(figures(scored, scored.settings))

    def compute(scores: list[SampleScore]) -> Value:
        # a metric that raises loses the whole log's figures: a score that fails on its
        # own is left out and counted (n_generations_failed), the others are aggregated
        return dict(aggregate_isolating(scores, whole, _probe))

    return compute


def _probe(score: SampleScore) -> None:
    """Raise if this one score cannot be aggregated (read back, then figures without CIs)."""
    scored = generations_from_scores([score])
    if scored.settings is not None and scored.generations:
        aggregate(scored.generations, replace(scored.settings, bootstrap=0))


def story_figures(scored: Scored, settings: Settings) -> Figures:
    """The story figures (with each ``agrees_with`` pair's agreement); with calibrated
    attributes, their calibrated figures too."""
    figures = aggregate(scored.generations, settings)
    figures.update(pair_agreement_figures([g.system for g in scored.generations], settings))
    figures.update(attribute_calibrations(scored.calibration, scored.judge_calls, settings))
    return figures


@metric(name="homogenization_figures", scores="unreduced")
def homogenization_figures() -> Metric:
    """Core, deviance, normativity, diversity, divergence, name collapse and lexical figures;
    judge-calibrated figures for calibrated attributes."""
    return _figures_metric(
        story_figures,
        live=lambda s, settings: preview(s.generations, settings),
    )


@metric(name="xeno_figures", scores="unreduced")
def xeno_figures() -> Metric:
    """Xeno gain and validity, changes xeno − baseline, every story figure per arm;
    judge-calibrated figures per arm for calibrated attributes."""
    return _figures_metric(
        lambda s, settings: experiments.xeno_figures(
            s.generations, settings, s.valid, s.sets, s.calibration, s.judge_calls
        )
    )


@metric(name="branching_figures", scores="unreduced")
def branching_figures() -> Metric:
    """Distances and shifts between branch cores, every story figure per branch."""
    return _figures_metric(
        lambda s, settings: experiments.branching_figures(s.generations, settings)
    )


@metric(name="dynamics_figures", scores="unreduced")
def dynamics_figures() -> Metric:
    """Commitment points, drift, pull and the core along the trunk (dynamics task)."""

    def figures(scored: Scored, settings: Settings) -> Figures:
        threshold = next(
            (float(m[THRESHOLD]) for m in scored.meta if THRESHOLD in m),
            dynamics.COMMIT_THRESHOLD,
        )
        return dynamics.dynamics_figures(dynamics_generations(scored), settings, threshold)

    # the live display gets point estimates only (no bootstrap)
    return _figures_metric(
        figures, live=lambda s, settings: figures(s, replace(settings, bootstrap=0))
    )
