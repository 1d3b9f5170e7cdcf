"""Figures for experiments whose generations fall into arms: xeno-reproduction and branching.

Pure Python over :mod:`homog_bench.figures.story` and :mod:`homog_bench.measures` (no Inspect
imports). A generation's ``arm`` says which part of the experiment it belongs to:

* xeno-reproduction tasks: ``baseline`` (the plain prompt) and ``xeno`` (asked to move away
  from the default). Every comparison is relative to the same model's baseline in the same
  run, prompt by prompt.
* branching tasks: ``branch:<id>``, one arm per continuation of a fixed trunk.

Each arm gets every figure of :func:`~homog_bench.figures.story.aggregate`, prefixed with the
arm (``baseline/deviance_mean``, ``xeno/protagonist_gender_normativity``,
``branch:his/core_protagonist_woman``). Comparison figures come first, unprefixed; the
headline of a xeno task is ``xeno_gain`` with its interval, always followed by
``xeno_validity`` so that movement bought with invalid answers is visible next to it.

Validity of each generation is written by the scorer (:mod:`homog_bench.figures.validity`)
and passed in; these figures only average it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from homog_bench import measures as m
from homog_bench.figures import catalog
from homog_bench.figures.calibrated import calibrated_arms
from homog_bench.figures.catalog import BASELINE, XENO, branch_id, change, in_arm, is_branch
from homog_bench.figures.records import (
    AttributeSpec,
    Figures,
    Generation,
    Settings,
    Statistic,
    joint_estimates,
    structure_matrix,
)
from homog_bench.figures.story import aggregate
from homog_bench.figures.validity import VALID_STRUCTURE
from homog_bench.measures.contrast import core_distance, cross_deviances, group_mean

#: Per-arm aggregate figures whose xeno − baseline difference is reported as ``<key>_change``.
CHANGE_KEYS = (
    "names_distinct_ratio",
    "names_D1",
    "names_top1_share",
    "lexical_compression_ratio",
    "lexical_ngram_diversity_1",
    "lexical_ngram_diversity_2",
    "lexical_ngram_diversity_3",
    "lexical_ngram_diversity_4",
)


def xeno_figures(
    generations: Sequence[Generation],
    settings: Settings,
    valid: Sequence[float],
    sets: Sequence[str | None] | None = None,
    calibration: Sequence[Mapping[str, Any]] | None = None,
    judge_calls: Sequence[int] | None = None,
) -> Figures:
    """Every figure of a xeno-reproduction task (see the module docstring).

    ``valid`` holds each generation's validity (1, 0, NaN unknown: what the scorer wrote,
    see :mod:`homog_bench.figures.validity`); ``sets`` the id of the set of answers a
    generation belongs to (``xeno_sequential``: one conversation, or one group of
    independent samples) for within-set diversity; ``calibration`` each generation's
    calibration records and ``judge_calls`` the judge calls spent on it (calibrated
    value files: the calibrated figures of each arm,
    :func:`~homog_bench.figures.calibrated.calibrated_arms`).
    """
    valid_array = np.asarray(valid, dtype=float)
    set_ids = list(sets) if sets is not None else [None] * len(generations)
    arms = _arms(generations)
    out: Figures = {}  # comparisons first: Inspect shows the first figure as the headline
    if BASELINE in arms and XENO in arms:
        out.update(xeno_comparison(generations, settings, valid_array))
        if any(set_ids):
            out.update(set_comparison(generations, settings, set_ids))
    out["n_generations"] = float(len(generations))
    out.update(_per_arm(generations, settings, arms, valid_array))
    if BASELINE in arms and XENO in arms:
        for key in CHANGE_KEYS + tuple(_semantic_keys(out)):
            a, b = out.get(in_arm(BASELINE, key)), out.get(in_arm(XENO, key))
            if a is not None and b is not None:
                out[change(key)] = b - a
    if calibration is not None and any(calibration):
        calls = list(judge_calls) if judge_calls is not None else [0] * len(generations)
        out.update(calibrated_arms(generations, settings, arms, calibration, calls))
    return out


def branching_figures(generations: Sequence[Generation], settings: Settings) -> Figures:
    """Every figure of a branching task: between branches first, then per branch."""
    arms = _arms(generations)
    out: Figures = {}
    branches = [a for a in arms if is_branch(a)]
    if len(branches) > 1:
        out.update(branch_comparison(generations, settings, branches))
    out["n_generations"] = float(len(generations))
    out.update(_per_arm(generations, settings, arms, None))
    return out


def _arms(generations: Sequence[Generation]) -> list[str]:
    return sorted({g.arm or "" for g in generations})


def _per_arm(
    generations: Sequence[Generation],
    settings: Settings,
    arms: Sequence[str],
    valid: np.ndarray | None,
) -> Figures:
    """Every story figure of each arm, prefixed ``<arm>/``; plus its validity if given."""
    out: Figures = {}
    for arm in arms:
        idx = [i for i, g in enumerate(generations) if (g.arm or "") == arm]
        figures = aggregate([generations[i] for i in idx], settings)
        if valid is not None:
            known = valid[idx][~np.isnan(valid[idx])]
            figures["validity"] = float(known.mean()) if known.size else math.nan
        out.update({in_arm(arm or "no_arm", k): v for k, v in figures.items()})
    return out


def _semantic_keys(figures: Figures) -> list[str]:
    """Semantic homogeneity figures, when the scorer reports them (embeddings)."""
    semantic = catalog.with_prefix(figures, in_arm(BASELINE, "semantic_"))
    return [
        catalog.family("semantic", rest)
        for rest, name in semantic.items()
        if not catalog.is_bound(name) and not rest.startswith("n_")
    ]


def _joint(
    statistics: list[tuple[str, Statistic]],
    n: int,
    settings: Settings,
    strata: Sequence[str],
) -> Figures:
    """Point estimates and one joint bootstrap pass (resampling within ``strata``)."""
    out: Figures = {}
    if not statistics:
        return out

    functions = [f for _, f in statistics]
    estimates = joint_estimates(functions, n, settings, np.array(strata, dtype=object))
    for (key, _), est in zip(statistics, estimates, strict=True):
        out[key] = float(est.value)
        low, high = catalog.ci_keys(key)
        out[low], out[high] = float(est.low), float(est.high)
    return out


def xeno_comparison(
    generations: Sequence[Generation], settings: Settings, valid: np.ndarray
) -> Figures:
    """The xeno arm against the baseline arm of the same prompts.

    ``xeno_gain`` = E[∂] of the xeno arm measured from the baseline core of its prompt,
    minus the baseline's own E[∂] (pooled over generations; prompts without a baseline
    left out). ``xeno_gain_valid`` counts an invalid (or unknown) xeno answer as no
    movement: mean over xeno answers of v·(∂ − E_baseline[∂]). Changes are xeno − baseline.
    """
    X = structure_matrix(generations, settings)
    arm = np.array([g.arm or "" for g in generations], dtype=object)
    base, xeno = arm == BASELINE, arm == XENO
    prompts = np.array([g.prompt for g in generations], dtype=object)
    strata = [f"{p}|{a}" for p, a in zip(prompts, arm, strict=True)]
    norm = settings.norm
    v0 = np.where(np.isnan(valid), 0.0, valid)

    def deviances(W: np.ndarray) -> np.ndarray:
        return cross_deviances(W, X, base, norm=norm, strata=prompts)

    def gain(W: np.ndarray) -> np.ndarray:
        d = deviances(W)
        return group_mean(W, d, xeno) - group_mean(W, d, base)

    def gain_valid(W: np.ndarray) -> np.ndarray:
        d = deviances(W)
        own = group_mean(W, d, base)
        return group_mean(W, v0[None, :] * (d - own[:, None]), xeno)

    def xeno_validity(W: np.ndarray) -> np.ndarray:
        return group_mean(W, valid, xeno)

    def validity_change(W: np.ndarray) -> np.ndarray:
        return group_mean(W, valid, xeno) - group_mean(W, valid, base)

    statistics: list[tuple[str, Statistic]] = []
    if X.shape[1]:
        statistics.append(("xeno_gain", gain))
    statistics.append(("xeno_validity", xeno_validity))
    if X.shape[1]:
        statistics.append(("xeno_gain_valid", gain_valid))
    statistics.append(("validity_change", validity_change))
    for name, spec in settings.attributes.items():
        statistics += _attribute_changes(name, spec, generations, base, xeno)
    out = _joint(statistics, len(generations), settings, strata)
    if X.shape[1]:
        d = deviances(np.ones((1, len(generations))))
        ones = np.ones((1, len(generations)))
        out["xeno_deviance_from_baseline"] = float(group_mean(ones, d, xeno)[0])
        out["baseline_deviance"] = float(group_mean(ones, d, base)[0])
    out["validity_judged"] = float(VALID_STRUCTURE in settings.structures)
    out["validity_unknown"] = float(np.isnan(valid).sum())
    out["n_baseline"] = float(base.sum())
    out["n_xeno"] = float(xeno.sum())
    return out


def _attribute_changes(
    name: str,
    spec: AttributeSpec,
    generations: Sequence[Generation],
    base: np.ndarray,
    xeno: np.ndarray,
) -> list[tuple[str, Statistic]]:
    """Xeno − baseline normativity rate and divergence to target of one attribute."""
    labels = [g.attributes.get(name, "unknown") for g in generations]
    onehot, columns = m.one_hot(labels, support=spec.categories, exclude=spec.exclude)
    base_w, xeno_w = base.astype(float)[None, :], xeno.astype(float)[None, :]
    out: list[tuple[str, Statistic]] = []
    if spec.normative:
        normative = np.array([c in spec.normative for c in columns], dtype=float)

        def rate_change(W: np.ndarray) -> np.ndarray:
            xeno_rate = m.weighted_normativity(W * xeno_w, onehot, normative)
            base_rate = m.weighted_normativity(W * base_w, onehot, normative)
            return np.asarray(xeno_rate - base_rate, dtype=float)

        out.append((change(catalog.attribute_figure(name, "normativity")), rate_change))
    if spec.target is not None:
        target = np.array([spec.target.get(c, 0.0) for c in columns])

        def js_change(W: np.ndarray) -> np.ndarray:
            xeno_js = m.jensen_shannon_rows(m.weighted_category_shares(W * xeno_w, onehot), target)
            base_js = m.jensen_shannon_rows(m.weighted_category_shares(W * base_w, onehot), target)
            return np.asarray(xeno_js - base_js, dtype=float)

        out.append((change(catalog.attribute_figure(name, "js_target")), js_change))
    return out


def _set_statistics(members: Sequence[Generation], settings: Settings) -> dict[str, float]:
    """Within-set diversity of one set of answers."""
    X = structure_matrix(members, settings)
    texts = [g.text for g in members]
    stats = {
        "set_deviance_mean": m.weighted_deviance_summary(
            np.ones((1, len(members))), X, norm=settings.norm
        )[0, 0]
        if X.shape[1]
        else math.nan,
        "set_names_distinct_ratio": m.name_collapse([g.name for g in members])[
            "distinct_ratio"
        ].value,
        "set_ngram_diversity_2": m.ngram_diversity(texts, 2).value,
        "set_compression_ratio": m.compression_ratio(texts).value,
    }
    return {k: float(v) for k, v in stats.items()}


SET_KEYS = (
    "set_deviance_mean",
    "set_names_distinct_ratio",
    "set_ngram_diversity_2",
    "set_compression_ratio",
)


def set_comparison(
    generations: Sequence[Generation], settings: Settings, set_ids: Sequence[str | None]
) -> Figures:
    """Within-set diversity of the xeno sets against the baseline sets (resampling sets).

    ``<stat>_change`` = mean over xeno sets − mean over baseline sets, with an interval
    from resampling whole sets within prompt and arm; per-arm means as
    ``baseline/<stat>`` and ``xeno/<stat>``. Sets of one answer are left out.
    """
    groups: dict[tuple[str, str, str], list[Generation]] = {}
    for g, s in zip(generations, set_ids, strict=True):
        if s is not None and g.arm in (BASELINE, XENO):
            groups.setdefault((g.prompt, g.arm, s), []).append(g)
    keys = [k for k, members in groups.items() if len(members) > 1]
    if not keys:
        return {}
    values = np.array([[_set_statistics(groups[k], settings)[s] for s in SET_KEYS] for k in keys])
    is_xeno = np.array([k[1] == XENO for k in keys])
    is_base = ~is_xeno
    statistics: list[tuple[str, Statistic]] = []
    for j, key in enumerate(SET_KEYS):

        def change_in(W: np.ndarray, col: np.ndarray = values[:, j]) -> np.ndarray:
            return group_mean(W, col, is_xeno) - group_mean(W, col, is_base)

        statistics.append((change(key), change_in))
    out = _joint(statistics, len(keys), settings, [f"{k[0]}|{k[1]}" for k in keys])
    ones = np.ones((1, len(keys)))
    for j, key in enumerate(SET_KEYS):
        out[in_arm(BASELINE, key)] = float(group_mean(ones, values[:, j], is_base)[0])
        out[in_arm(XENO, key)] = float(group_mean(ones, values[:, j], is_xeno)[0])
    out["n_sets_baseline"] = float(is_base.sum())
    out["n_sets_xeno"] = float(is_xeno.sum())
    return out


def branch_comparison(
    generations: Sequence[Generation], settings: Settings, branches: Sequence[str]
) -> Figures:
    """Distances between branch cores, with intervals; the per-structure shift of the core.

    For each pair a < b (ids in sorted order): ``core_distance_<a>_vs_<b>`` = ‖⟨Λ⟩_b −
    ⟨Λ⟩_a‖ (the value file's norm, averaged over prompts holding both branches), with an
    interval from resampling within prompt and branch, and ``core_shift_<a>_vs_<b>_<id>``
    = ⟨α⟩_b − ⟨α⟩_a for each structure: "the core moves by X when the branch changes".
    """
    if not settings.structures:
        return {"n_branches": float(len(branches))}
    X = structure_matrix(generations, settings)
    arm = np.array([g.arm or "" for g in generations], dtype=object)
    prompts = np.array([g.prompt for g in generations], dtype=object)
    strata = [f"{p}|{a}" for p, a in zip(prompts, arm, strict=True)]
    ids = [branch_id(b) for b in branches]
    statistics: list[tuple[str, Statistic]] = []
    for (a, ida), (b, idb) in combinations(zip(branches, ids, strict=True), 2):

        def distance(W: np.ndarray, a: str = a, b: str = b) -> np.ndarray:
            return core_distance(W, X, arm == a, arm == b, norm=settings.norm, strata=prompts)

        statistics.append((catalog.core_distance(ida, idb), distance))
    out = _joint(statistics, len(generations), settings, strata)
    out["n_branches"] = float(len(branches))
    for (a, ida), (b, idb) in combinations(zip(branches, ids, strict=True), 2):
        shift = _mean_core_shift(X, arm == a, arm == b, prompts)
        for sid, value in zip(settings.structures, shift, strict=True):
            out[catalog.core_shift(ida, idb, sid)] = float(value)
    return out


def _mean_core_shift(
    X: np.ndarray, a: np.ndarray, b: np.ndarray, prompts: np.ndarray
) -> np.ndarray:
    """⟨Λ⟩_b − ⟨Λ⟩_a per structure, averaged over the prompts holding both groups."""
    shifts = [
        m.core(X[b & (prompts == p)]) - m.core(X[a & (prompts == p)])
        for p in sorted(set(prompts[a].tolist()) & set(prompts[b].tolist()))
    ]
    if not shifts:
        return np.full(X.shape[1], np.nan)
    stacked = np.stack(shifts)
    present = ~np.isnan(stacked)
    with np.errstate(invalid="ignore", divide="ignore"):
        result: np.ndarray = np.where(present, stacked, 0.0).sum(0) / present.sum(0)
    return result


__all__ = [
    "CHANGE_KEYS",
    "SET_KEYS",
    "branch_comparison",
    "branching_figures",
    "set_comparison",
    "xeno_comparison",
    "xeno_figures",
]
