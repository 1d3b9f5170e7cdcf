"""Figures of the ``dynamics`` task: the core along a trunk, commitment, drift, pull.

Pure Python over :mod:`homog_bench.measures` (no Inspect imports). A generation of the
task is either from the ``default`` arm (the plain prompt, no prefix) or a continuation
of the trunk cut after ``position`` words, read without its prefix; each continuation
also carries the system of its prefix read on its own (for the pull). Names:

* ``<attribute>_commitment`` (words into the trunk) with ``_ci_low`` / ``_ci_high``
  (``inf``: some resamples do not commit within the trunk) and ``<attribute>_committed_share``;
* ``drift``, ``displacement``, ``pull`` with ``_ci_low`` / ``_ci_high``;
* per cut ``cut:<words>/…``: ``n``, ``distance`` (from the default core, with interval),
  ``entropy_<attribute>`` (bits), ``share_<attribute>_<category>`` (attributes with
  declared categories), ``core_<structure>``,
  ``prefix_<structure>``, ``pull``, and ``logprob_mean`` when the model returned
  log-probabilities;
* the default arm ``default/core_<structure>``, and, when every default generation has
  a log-probability, ``default/py_core_<structure>`` (the core with p(y) weights over the
  distinct outputs; ``default/py_core_<variant>_<structure>`` for the other named (q, r)
  cores) with ``default/py_ess`` (its effective sample size, see
  :mod:`homog_bench.measures.probability`).

>>> from homog_bench.figures.records import AttributeSpec
>>> settings = Settings("v", ["w"], {"g": AttributeSpec(["a", "b"])}, bootstrap=0)
>>> gens = [DynamicsGeneration("default", None, [1.0], {"g": "a"})]
>>> gens += [DynamicsGeneration("cut", p, [1.0], {"g": "a"}, [0.0]) for p in (10, 20)]
>>> figures = dynamics_figures(gens, settings)
>>> figures["g_commitment"], figures["drift"], figures["cut:20/distance"]
(10.0, 0.0, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from homog_bench import measures as m
from homog_bench.figures.catalog import (
    COMMITMENT,
    COMMITTED_SHARE,
    CUT_ARM,
    DEFAULT_ARM,
    attribute_figure,
    ci_keys,
    cut_arm,
    in_arm,
)
from homog_bench.figures.records import Figures, Settings
from homog_bench.figures.weighted import py_figures_of

#: share of the dominant category that counts as committed (see measures.dynamics)
COMMIT_THRESHOLD = 0.8


@dataclass(frozen=True)
class DynamicsGeneration:
    """One scored generation of the dynamics task."""

    arm: str  # DEFAULT_ARM or CUT_ARM
    position: int | None  # words of the trunk before the continuation (None: default arm)
    system: Sequence[float]
    attributes: Mapping[str, str]
    prefix_system: Sequence[float] | None = None
    logprob_mean: float | None = None  # per-token mean log-probability, when returned
    logprob: float | None = None  # log p(y)
    text: str = ""


def dynamics_figures(
    generations: Sequence[DynamicsGeneration],
    settings: Settings,
    threshold: float = COMMIT_THRESHOLD,
) -> Figures:
    """Every figure of the dynamics task (names in the module docstring)."""
    default = [g for g in generations if g.arm == DEFAULT_ARM]
    cut_gens = [g for g in generations if g.arm == CUT_ARM and g.position is not None]
    positions = sorted({int(g.position) for g in cut_gens if g.position is not None})
    index = {p: k for k, p in enumerate(positions)}
    n_struct = len(settings.structures)
    figures: Figures = {
        "n_generations": float(len(generations)),
        "n_default": float(len(default)),
        "n_cuts": float(len(positions)),
    }
    if not cut_gens:
        return figures
    systems = _matrix([g.system for g in cut_gens], n_struct)
    cuts = np.array([index[int(g.position or 0)] for g in cut_gens], dtype=np.int64)
    prefix = _prefix_systems(cut_gens, index, n_struct)
    attributes = {
        name: m.AttributeCuts(
            [g.attributes.get(name) for g in cut_gens],
            support=spec.categories or (),
            exclude=spec.exclude,
        )
        for name, spec in settings.attributes.items()
    }
    result = m.trunk_dynamics(
        systems,
        cuts,
        _matrix([g.system for g in default], n_struct),
        positions=positions,
        attributes=attributes,
        prefix_systems=prefix,
        threshold=threshold,
        norm=settings.norm,
        n_resamples=settings.bootstrap,
        confidence=settings.confidence,
        seed=settings.seed,
    )
    for name, commit in result.commitment.items():
        key = attribute_figure(name, COMMITMENT)
        low, high = ci_keys(key)
        figures[key], figures[low], figures[high] = commit.value, commit.low, commit.high
        figures[attribute_figure(name, COMMITTED_SHARE)] = commit.committed_share
    _estimate(figures, "drift", result.drift)
    _estimate(figures, "displacement", result.displacement)
    if prefix is not None:
        _estimate(figures, "pull", result.pull_pooled)
    for sid, value in zip(settings.structures, result.default_core, strict=True):
        figures[in_arm(DEFAULT_ARM, f"core_{sid}")] = float(value)
    figures.update(py_figures_of(default, settings.structures, in_arm(DEFAULT_ARM, "")))
    for k, position in enumerate(positions):
        label = in_arm(cut_arm(position), "")
        members = [g for g in cut_gens if g.position == position]
        figures[label + "n"] = float(result.n_per_cut[k])
        _estimate(figures, label + "distance", result.distance[k])
        for name, estimates in result.entropy.items():
            figures[f"{label}entropy_{name}"] = estimates[k].value
            if settings.attributes[name].categories is None:
                continue  # open-ended (names): no share per category
            support, shares = result.shares[name]
            for category, share in zip(support, shares[k], strict=True):
                figures[f"{label}share_{name}_{category}"] = float(share)
        for j, sid in enumerate(settings.structures):
            figures[f"{label}core_{sid}"] = float(result.cores[k, j])
            if prefix is not None:
                figures[f"{label}prefix_{sid}"] = float(prefix[k, j])
        if result.pull:
            figures[label + "pull"] = result.pull[k].value
        means = [g.logprob_mean for g in members if g.logprob_mean is not None]
        if means and len(means) == len(members):
            figures[label + "logprob_mean"] = float(np.mean(means))
    head = next((attribute_figure(n, COMMITMENT) for n in settings.attributes), "drift")
    return {head: figures.pop(head), **figures} if head in figures else figures


def _estimate(figures: Figures, key: str, estimate: m.Estimate) -> None:
    low, high = ci_keys(key)
    figures[key], figures[low], figures[high] = estimate.value, estimate.low, estimate.high


def _matrix(rows: Sequence[Sequence[float]], n_struct: int) -> np.ndarray:
    return np.array([list(r) for r in rows], dtype=np.float64).reshape(len(rows), n_struct)


def _prefix_systems(
    gens: Sequence[DynamicsGeneration], index: Mapping[int, int], n_struct: int
) -> np.ndarray | None:
    """(K, n) prefix systems, None when any cut lacks one."""
    out = np.full((len(index), n_struct), math.nan)
    seen = np.zeros(len(index), dtype=bool)
    for g in gens:
        if g.prefix_system is not None and g.position is not None:
            k = index[int(g.position)]
            out[k] = np.asarray(list(g.prefix_system), dtype=np.float64)
            seen[k] = True
    return out if seen.all() else None
