"""Figures for experiments whose generations fall into arms: xeno-reproduction and branching.

Pure Python over :mod:`homog_bench.aggregate` and :mod:`homog_bench.measures` (no Inspect
imports). A generation's ``arm`` says which part of the experiment it belongs to:

* xeno-reproduction tasks: ``baseline`` (the plain prompt) and ``xeno`` (asked to move away
  from the default). Every comparison is relative to the same model's baseline in the same
  run, prompt by prompt.
* branching tasks: ``branch:<id>``, one arm per continuation of a fixed trunk.

Each arm gets every figure of :func:`~homog_bench.aggregate.aggregate`, prefixed with the
arm (``baseline/deviance_mean``, ``xeno/protagonist_gender_normativity``,
``branch:his/core_protagonist_woman``). Comparison figures come first, unprefixed; the
headline of a xeno task is ``xeno_gain`` with its interval, always followed by
``xeno_validity`` so that movement bought with invalid answers is visible next to it.

Validity of one generation (:func:`validity`): the value of a structure with id ``valid``
when the value file defines one (α ≥ 0.5 is valid; a judged yes/no structure is the intended
source), otherwise :func:`offline_validity`.

>>> offline_validity("I'm sorry, but I can't.", "Write a story about a nurse.", "refusal")
(False, 'quality: refusal')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from homog_bench import measures as m
from homog_bench.aggregate import AttributeSpec, Figures, Generation, Settings, aggregate
from homog_bench.measures.contrast import core_distance, cross_deviances, group_mean

BASELINE = "baseline"
XENO = "xeno"
BRANCH_PREFIX = "branch:"
#: A structure with this id, when a value file defines one, decides validity.
VALID_STRUCTURE = "valid"
#: The offline validity check: the fewest words a valid answer has.
MIN_WORDS = 30
#: Words of a prompt that say what kind of answer is asked, not what it is about.
PROMPT_FORM_WORDS = frozenset(
    [
        "write",
        "short",
        "long",
        "brief",
        "story",
        "stories",
        "tale",
        "tales",
        "about",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "who",
        "one",
        "some",
        "please",
        "tell",
        "give",
        "make",
        "create",
        "answer",
        "very",
        "words",
        "word",
        "sentence",
        "sentences",
        "paragraph",
        "paragraphs",
        "poem",
        "piece",
        "new",
        "another",
    ]
)
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
Statistic = Callable[[np.ndarray], np.ndarray]
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def topic_words(prompt: str) -> list[str]:
    """The prompt's content words (lowercase, 3+ letters, not form words like *write*).

    >>> topic_words("Write a short love story about a nurse.")
    ['love', 'nurse']
    """
    words = [w.lower() for w in _WORD.findall(prompt)]
    return list(dict.fromkeys(w for w in words if len(w) >= 3 and w not in PROMPT_FORM_WORDS))


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)]


def offline_validity(text: str, prompt: str | None, quality: str) -> tuple[bool, str]:
    """Does ``text`` still answer ``prompt``? The offline check, without a judge model.

    Valid when all hold: the quality label is ``ok`` (not empty, a refusal, not English,
    huge, or addressed to a judge); at least :data:`MIN_WORDS` words; and, if the prompt
    has content words (:func:`topic_words`), at least one of them appears in the text, as
    a crude stem (the word less its last two letters, at least four: *nurse* matches
    *nursing*). Returns (valid, reason).

    >>> prompt = "Write a short story about a nurse."
    >>> story = "Ada worked nights at the hospital. " * 6
    >>> offline_validity(story, prompt, "ok")
    (False, 'no word of the prompt topic (nurse)')
    >>> offline_validity(story + "She loved nursing.", prompt, "ok")
    (True, 'ok')
    >>> offline_validity("A nurse.", prompt, "ok")
    (False, 'too short: 2 words < 30')
    """
    if quality != "ok":
        return False, f"quality: {quality}"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return False, f"too short: {len(words)} words < {MIN_WORDS}"
    topic = topic_words(prompt or "")
    if topic:
        stems = [_stem(t) for t in topic]
        if not any(w.startswith(s) for w in set(words) for s in stems):
            return False, f"no word of the prompt topic ({', '.join(topic)})"
    return True, "ok"


def validity(generation: Generation, settings: Settings, prompt: str | None) -> float:
    """1.0 valid, 0.0 invalid, NaN unknown (a ``valid`` structure without a value).

    >>> from dataclasses import replace
    >>> s = Settings("v", ["valid"], {})
    >>> g = Generation("p", [1.0], {}, None, "ok", "short")
    >>> validity(g, s, "a nurse"), validity(replace(g, system=[math.nan]), s, "a nurse")
    (1.0, nan)
    """
    if VALID_STRUCTURE in settings.structures:
        alpha = float(generation.system[settings.structures.index(VALID_STRUCTURE)])
        return math.nan if math.isnan(alpha) else float(alpha >= 0.5)
    return float(offline_validity(generation.text, prompt, generation.quality)[0])


def experiment_figures(
    generations: Sequence[Generation],
    settings: Settings,
    prompts: Sequence[str | None] | None = None,
    sets: Sequence[str | None] | None = None,
) -> Figures:
    """Every figure of an experiment with arms (see the module docstring).

    ``prompts`` holds each generation's prompt text (for the offline validity check);
    ``sets`` the id of the set of answers a generation belongs to (``xeno_sequential``:
    one conversation, or one group of independent samples) for within-set diversity.
    """
    n = len(generations)
    prompt_texts = list(prompts) if prompts is not None else [None] * n
    set_ids = list(sets) if sets is not None else [None] * n
    arms = sorted({g.arm or "" for g in generations})
    out: Figures = {}  # comparisons first: Inspect shows the first figure as the headline
    valid = np.array(
        [validity(g, settings, p) for g, p in zip(generations, prompt_texts, strict=True)]
    )
    if BASELINE in arms and XENO in arms:
        out.update(xeno_comparison(generations, settings, valid))
        if any(set_ids):
            out.update(set_comparison(generations, settings, set_ids))
    branches = [a for a in arms if a.startswith(BRANCH_PREFIX)]
    if len(branches) > 1:
        out.update(branch_comparison(generations, settings, branches))
    out["n_generations"] = float(n)
    for arm in arms:
        idx = [i for i, g in enumerate(generations) if (g.arm or "") == arm]
        figures = aggregate([generations[i] for i in idx], settings)
        prefix = arm or "no_arm"
        if not arm.startswith(BRANCH_PREFIX):
            known = valid[idx][~np.isnan(valid[idx])]
            figures["validity"] = float(known.mean()) if known.size else math.nan
        out.update({f"{prefix}/{k}": v for k, v in figures.items()})
    if BASELINE in arms and XENO in arms:
        for key in CHANGE_KEYS + tuple(k for k in _semantic_keys(out)):
            a, b = out.get(f"{BASELINE}/{key}"), out.get(f"{XENO}/{key}")
            if a is not None and b is not None:
                out[f"{key}_change"] = b - a
    return out


def _semantic_keys(figures: Figures) -> list[str]:
    """Semantic homogeneity figures, when the scorer reports them (embeddings)."""
    prefix = f"{BASELINE}/semantic_"
    return [
        k[len(BASELINE) + 1 :]
        for k in figures
        if k.startswith(prefix) and "@" not in k and "_ci_" not in k and "_n_" not in k
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

    def joint(W: np.ndarray) -> np.ndarray:
        return np.column_stack([np.asarray(f(W), dtype=float) for _, f in statistics])

    estimates = m.bootstrap_cis(
        joint,
        n,
        n_resamples=settings.bootstrap,
        confidence=settings.confidence,
        groups=np.array(strata, dtype=object),
        seed=settings.seed,
    )
    for (key, _), est in zip(statistics, estimates, strict=True):
        out[key] = float(est.value)
        out[f"{key}_ci_low"] = float(est.low)
        out[f"{key}_ci_high"] = float(est.high)
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
    X = np.array([list(g.system) for g in generations], dtype=float).reshape(
        len(generations), len(settings.structures)
    )
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
            xeno_rate = m.weighted_category_shares(W * xeno_w, onehot) @ normative
            base_rate = m.weighted_category_shares(W * base_w, onehot) @ normative
            return np.asarray(xeno_rate - base_rate, dtype=float)

        out.append((f"{name}_normativity_change", rate_change))
    if spec.target is not None:
        target = np.array([spec.target.get(c, 0.0) for c in columns])

        def js_change(W: np.ndarray) -> np.ndarray:
            xeno_js = m.jensen_shannon_rows(m.weighted_category_shares(W * xeno_w, onehot), target)
            base_js = m.jensen_shannon_rows(m.weighted_category_shares(W * base_w, onehot), target)
            return np.asarray(xeno_js - base_js, dtype=float)

        out.append((f"{name}_js_target_change", js_change))
    return out


def _set_statistics(members: Sequence[Generation], settings: Settings) -> dict[str, float]:
    """Within-set diversity of one set of answers."""
    X = np.array([list(g.system) for g in members], dtype=float).reshape(
        len(members), len(settings.structures)
    )
    texts = [g.text for g in members]
    stats = {
        "set_deviance_mean": m.deviance_summary(X, norm=settings.norm)["mean"]
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

        def change(W: np.ndarray, col: np.ndarray = values[:, j]) -> np.ndarray:
            return group_mean(W, col, is_xeno) - group_mean(W, col, is_base)

        statistics.append((f"{key}_change", change))
    out = _joint(statistics, len(keys), settings, [f"{k[0]}|{k[1]}" for k in keys])
    ones = np.ones((1, len(keys)))
    for j, key in enumerate(SET_KEYS):
        out[f"{BASELINE}/{key}"] = float(group_mean(ones, values[:, j], is_base)[0])
        out[f"{XENO}/{key}"] = float(group_mean(ones, values[:, j], is_xeno)[0])
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
    X = np.array([list(g.system) for g in generations], dtype=float).reshape(
        len(generations), len(settings.structures)
    )
    arm = np.array([g.arm or "" for g in generations], dtype=object)
    prompts = np.array([g.prompt for g in generations], dtype=object)
    strata = [f"{p}|{a}" for p, a in zip(prompts, arm, strict=True)]
    ids = [b[len(BRANCH_PREFIX) :] for b in branches]
    statistics: list[tuple[str, Statistic]] = []
    for (a, ida), (b, idb) in combinations(zip(branches, ids, strict=True), 2):

        def distance(W: np.ndarray, a: str = a, b: str = b) -> np.ndarray:
            return core_distance(W, X, arm == a, arm == b, norm=settings.norm, strata=prompts)

        statistics.append((f"core_distance_{ida}_vs_{idb}", distance))
    out = _joint(statistics, len(generations), settings, strata)
    out["n_branches"] = float(len(branches))
    for (a, ida), (b, idb) in combinations(zip(branches, ids, strict=True), 2):
        shift = _mean_core_shift(X, arm == a, arm == b, prompts)
        for sid, value in zip(settings.structures, shift, strict=True):
            out[f"core_shift_{ida}_vs_{idb}_{sid}"] = float(value)
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
    "BASELINE",
    "BRANCH_PREFIX",
    "MIN_WORDS",
    "VALID_STRUCTURE",
    "XENO",
    "branch_comparison",
    "experiment_figures",
    "offline_validity",
    "set_comparison",
    "topic_words",
    "validity",
    "xeno_comparison",
]
