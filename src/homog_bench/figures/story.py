"""From per-generation readings to every headline figure, with confidence intervals.

Pure Python over :mod:`homog_bench.measures` (no Inspect imports), so the Inspect
metric, the CLI and the benchmarks share one implementation. Figures come back
as a flat ``{name: float}`` dict whose names read well in ``inspect view`` and
in ``evals_df`` columns (see ``scorers/homogenization.md`` for each name).

Pooling over prompts: the core is each prompt's own default, so deviance is
measured against the core of the generation's prompt, bootstrap resampling
happens within prompt, and lexical figures are averaged over prompts.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from homog_bench import measures as m
from homog_bench.figures.catalog import at_prompt, attribute_figure, ci_keys, family
from homog_bench.figures.catalog import headline as headline_of
from homog_bench.figures.headlines import Headline, Replicated, intervals
from homog_bench.figures.lexical import lexical_figures
from homog_bench.figures.records import (
    AttributeSpec,
    Figures,
    FloatArray,
    Generation,
    Settings,
    structure_matrix,
)
from homog_bench.figures.weighted import py_figures_of
from homog_bench.measures import intervals as iv
from homog_bench.structures.quality import QUALITY_LABELS
from homog_bench.structures.reader import MISSING

NAMED_CORE_KEYS = ("uniform", "mode", "antimode", "max", "geometric", "rms")


def aggregate(generations: Sequence[Generation], settings: Settings) -> Figures:
    """Every figure for a set of generations: pooled, then per prompt (``name@prompt``)."""
    figures: Figures = {"n_generations": float(len(generations))}
    prompts = sorted({g.prompt for g in generations})
    figures["n_prompts"] = float(len(prompts))
    counts = Counter(g.quality for g in generations)
    for label in QUALITY_LABELS[1:]:
        figures[family("n", label)] = float(counts.get(label, 0))
    if not generations:
        return figures
    pooled = _Pool(generations, settings)
    # the lexical figures (gzip and numpy sorts, which release the GIL) overlap the rest
    with ThreadPoolExecutor(max_workers=1) as background:
        lexical = background.submit(lexical_figures, generations, pooled.group_index)
        figures.update(pooled.figures(with_ci=True, lexical=lexical))
    groups = [g.prompt for g in generations]
    figures.update(py_figures_of(generations, settings.structures, groups=groups))
    if len(prompts) > 1:
        for prompt, idx in zip(prompts, pooled.group_index, strict=True):
            subset = [generations[int(i)] for i in idx]
            sub = _Pool(subset, settings).figures(with_ci=False, brief=True)
            figures.update({at_prompt(k, prompt): v for k, v in sub.items()})
    head = headline(settings)
    if head in figures:  # Inspect shows the first figure as the headline
        figures = {head: figures.pop(head), **figures}
    return figures


def preview(generations: Sequence[Generation], settings: Settings) -> Figures:
    """Point estimates of the pooled headline figures only: what a live display needs.

    No intervals, no per-prompt breakdown, no lexical figures; the headline comes first,
    and each value equals the one :func:`aggregate` reports.
    """
    figures: Figures = {"n_generations": float(len(generations))}
    if generations:
        figures.update(_Pool(generations, settings).figures(with_ci=False, brief=True))
    head = headline(settings)
    if head in figures:
        figures = {head: figures.pop(head), **figures}
    return figures


def headline(settings: Settings) -> str:
    """The figure Inspect shows first: the first attribute's normativity rate, if any,
    else the mean deviance.

    >>> headline(Settings("v", ["a"], {"g": AttributeSpec(None, normative=["x"])}))
    'g_normativity'
    """
    return headline_of(name for name, spec in settings.attributes.items() if spec.normative)


class _Pool:
    """Arrays for one set of generations, grouped by prompt."""

    def __init__(self, generations: Sequence[Generation], settings: Settings) -> None:
        self.gens = generations
        self.settings = settings
        self.X: FloatArray = structure_matrix(generations, settings)
        self.groups = np.array([g.prompt for g in generations], dtype=object)
        self.group_index = m.group_members(len(generations), self.groups)
        self.missing = np.isnan(self.X)
        self.judged = np.array([g.judged for g in generations], dtype=bool)
        # A missing value (a judge that gave no usable answer) is left out of the core
        # for that structure only; for deviance it is set to its prompt's core, so it
        # adds no deviation and the generation still counts through its other structures.
        self.X_filled = self.X
        if self.missing.any():
            self.X_filled = self.X.copy()
            for idx in self.group_index:
                block = self.X_filled[idx]
                centre = np.nan_to_num(m.core(block), nan=0.0)
                self.X_filled[idx] = np.where(np.isnan(block), centre, block)
        # resampling strata: the prompts, when there are several
        self.strata = self.groups if len(self.group_index) > 1 else None
        self.prompt_sizes = np.array([idx.size for idx in self.group_index], dtype=np.float64)
        self._pending: list[Headline] = []

    # --- headline statistics -------------------------------------------------------
    # A headline statistic is a function of the resample weights W (b, N); its point
    # estimate is the statistic at W = ones. Its interval comes from its own method
    # (measures/intervals.py): from the counts alone (``direct``), from the bootstrap
    # replicates (``from_replicates``), or else the percentile bootstrap. The
    # bootstrapped ones share one pass over the same resamples at the end of figures().
    def _headline(
        self,
        key: str,
        statistic: Callable[[FloatArray], FloatArray],
        direct: Callable[[], m.Estimate] | None = None,
        from_replicates: Replicated | None = None,
        nested: bool = False,
    ) -> float:
        """Register a headline statistic; return its point estimate (all weights 1)."""
        value = float(np.asarray(statistic(np.ones((1, len(self.gens)))))[0])
        self._pending.append(Headline(key, value, statistic, direct, from_replicates, nested))
        return value

    def _resolve_headlines(self, out: Figures, with_ci: bool) -> None:
        pending, self._pending = self._pending, []
        for h in pending:
            if h.statistic is not None:
                out[h.key] = h.value
        if with_ci and pending:
            found = intervals(pending, len(self.gens), self.strata, self.settings)
            for h, est in zip(pending, found, strict=True):
                low_key, high_key = ci_keys(h.key)
                out[low_key], out[high_key] = float(est.low), float(est.high)

    def _prompt_counts(self, indicator: FloatArray) -> FloatArray:
        """(prompts, columns): the column sums of an (N, columns) indicator in each prompt."""
        return np.vstack([indicator[idx].sum(axis=0) for idx in self.group_index])

    # --- figures -------------------------------------------------------------------
    def figures(
        self, with_ci: bool, brief: bool = False, lexical: Future[Figures] | None = None
    ) -> Figures:
        """The figures of this pool (``lexical``: its lexical figures, being computed)."""
        out: Figures = {}
        self._system_figures(out, brief)
        for name, spec in self.settings.attributes.items():
            self._attribute_figures(out, name, spec, brief)
        self._name_figures(out, brief)
        self._semantic_figures(out, brief)
        headlines: Figures = {}
        self._resolve_headlines(headlines, with_ci)
        if not brief:  # in the same place as ever: before the headline statistics
            out.update(
                lexical_figures(self.gens, self.group_index)
                if lexical is None
                else lexical.result()
            )
        out.update(headlines)
        return out

    def _system_figures(self, out: Figures, brief: bool) -> None:
        X, ids, norm = self.X_filled, self.settings.structures, self.settings.norm
        if X.shape[1] == 0:
            return
        if not brief:
            missing_counts = (self.missing & self.judged[:, None]).sum(0)
            for sid, value, missing in zip(ids, m.core(self.X), missing_counts, strict=True):
                out[family("core", sid)] = float(value)
                if missing:
                    out[family("missing", sid)] = float(missing)
            complete = ~self.missing.any(axis=1)
            cores = m.named_cores(self.X[complete])
            for variant in NAMED_CORE_KEYS:
                for sid, value in zip(ids, cores[variant], strict=True):
                    out[family(family("core", variant), sid)] = float(value)
        groups = self.strata

        def deviance_mean(W: FloatArray) -> FloatArray:
            result: FloatArray = m.weighted_deviance_summary(W, X, norm, groups=groups)[:, 0]
            return result

        sizes, confidence = self.prompt_sizes, self.settings.confidence
        self._headline(
            "deviance_mean",
            deviance_mean,
            from_replicates=lambda value, reps, nested: iv.deviance_interval(
                value, reps, sizes, confidence, nested=nested
            ),
            nested=True,
        )
        if not brief:
            ones = np.ones((1, X.shape[0]))
            out["deviance_var"] = float(
                m.weighted_deviance_summary(ones, X, norm, groups=groups)[0, 1]
            )
            out["deviance_normalized"] = float(
                m.weighted_deviance_summary(ones, X, norm, normalized=True, groups=groups)[0, 0]
            )

    def _attribute_figures(self, out: Figures, name: str, spec: AttributeSpec, brief: bool) -> None:
        given = [g.attributes.get(name, "unknown") for g in self.gens]
        # ``missing``: the source structure had no value (a judge failed); never a category
        labels: list[str | None] = [None if c == MISSING else c for c in given]
        support = (
            None
            if spec.categories is None
            else [c for c in spec.categories if c not in spec.exclude]
        )
        onehot, columns = m.one_hot(labels, support=support, exclude=spec.exclude)
        kept = [c for c in labels if c is not None and c not in spec.exclude]
        # per prompt: kept generations per category, and the others (excluded, missing)
        per_prompt = self._prompt_counts(onehot)
        sizes, confidence = self.prompt_sizes, self.settings.confidence
        others = sizes - per_prompt.sum(axis=1)
        draws, seed = self.settings.bootstrap, self.settings.seed
        # one posterior for D1, JS and TV, drawn only when an interval is asked for
        posterior = functools.cache(
            lambda: iv.dirichlet_share_draws(per_prompt, others, draws=draws, seed=seed)
        )
        out[attribute_figure(name, "excluded")] = float(sum(c in spec.exclude for c in labels))
        n_missing = sum(c is None and g.judged for c, g in zip(labels, self.gens, strict=True))
        if n_missing:
            out[attribute_figure(name, "missing")] = float(n_missing)
        if spec.normative:
            is_normative = np.array([c in spec.normative for c in columns], dtype=float)

            def rate(W: FloatArray) -> FloatArray:
                return m.weighted_normativity(W, onehot, is_normative)

            value = self._headline(
                attribute_figure(name, "normativity"),
                rate,
                direct=lambda: iv.share_interval(
                    per_prompt @ is_normative, per_prompt.sum(axis=1), sizes, confidence
                ),
            )
            if spec.reference is not None and not brief:
                amp = m.amplification(value, spec.reference, spec.normative, spec.exclude)
                out[attribute_figure(name, "amplification")] = float(amp.value)
        if brief:
            return
        shares = m.shares(kept, support=columns)
        if spec.categories is not None:
            for c in columns:
                out[attribute_figure(name, family("share", c))] = float(shares.get(c, 0.0))
        if spec.reference is not None:
            ratios = m.representation_ratios(shares, spec.reference, spec.exclude)
            for c, ratio in ratios.items():
                out[attribute_figure(name, family("ratio", c))] = float(ratio.value)
        counts = Counter(kept)
        for q, hill in m.hill_profile(counts).items():
            out[attribute_figure(name, q)] = float(hill.value)
        out[attribute_figure(name, "evenness")] = float(m.evenness(counts).value)
        if columns and spec.categories is not None:
            # Only for closed category sets: with open-ended sources (names) most
            # categories are seen once and the posterior's support is unknown.

            def hill1(W: FloatArray) -> FloatArray:
                return m.hill_numbers(W @ onehot, 1)

            self._headline(
                attribute_figure(name, "D1"),
                hill1,
                direct=lambda: iv.share_function_interval(
                    lambda shares: m.hill_numbers(shares, 1),
                    per_prompt,
                    others,
                    confidence,
                    posterior=posterior(),
                ),
            )
        if spec.target is not None:
            target = np.array([spec.target.get(c, 0.0) for c in columns])

            def js(W: FloatArray) -> FloatArray:
                return m.jensen_shannon_rows(m.weighted_category_shares(W, onehot), target)

            def divergence(rows: Callable[[FloatArray, FloatArray], FloatArray]) -> m.Estimate:
                return iv.divergence_interval(
                    rows, target, per_prompt, others, confidence, posterior=posterior()
                )

            js_key, tv_key = (
                attribute_figure(name, "js_target"),
                attribute_figure(name, "tv_target"),
            )
            self._headline(js_key, js, direct=lambda: divergence(m.jensen_shannon_rows))
            target_map = dict(zip(columns, target.tolist(), strict=True))
            out[tv_key] = float(m.total_variation(shares, target_map).value)
            tv_interval = Headline(
                tv_key, out[tv_key], None, lambda: divergence(m.total_variation_rows)
            )
            self._pending.append(tv_interval)

    def _name_figures(self, out: Figures, brief: bool) -> None:
        names = [g.name for g in self.gens]
        if brief:  # the one name figure of the brief set, without the others' work
            out[family("names", "distinct_ratio")] = float(m.distinct_ratio(names).value)
            return
        collapse = m.name_collapse(names)
        for key in collapse:
            out[family("names", key)] = float(collapse[key].value)
        if not any(m.normalize_name(n) for n in names):
            return

        def top_share(W: FloatArray) -> FloatArray:
            return m.weighted_top_share(W, names)

        # per prompt: generations per (normalized) name, and the unnamed ones
        normalized = [m.normalize_name(n) for n in names]
        index = {k: i for i, k in enumerate(dict.fromkeys(k for k in normalized if k is not None))}
        name_counts = np.zeros((len(self.group_index), len(index)))
        for p, idx in enumerate(self.group_index):
            for k, count in Counter(normalized[int(i)] for i in idx).items():
                if k is not None:
                    name_counts[p, index[k]] = count
        unnamed, confidence = self.prompt_sizes - name_counts.sum(axis=1), self.settings.confidence
        self._headline(
            "names_top1_share",
            top_share,
            direct=lambda: iv.top_share_interval(name_counts, unnamed, confidence),
        )

    def _semantic_figures(self, out: Figures, brief: bool) -> None:
        """Mean pairwise similarity (with an interval) and Vendi score, within prompt.

        Generations without an embedding, or with an all-zero one (empty text), are
        left out and counted; prompts with fewer than two embedded generations are
        skipped. Pooled figures are the mean over prompts.
        """
        if self.settings.embeddings is None:
            return
        dim = max((len(g.embedding) for g in self.gens if g.embedding is not None), default=0)
        if dim == 0:
            return
        none = np.zeros(dim)
        E = np.array(
            [
                g.embedding if g.embedding is not None and len(g.embedding) == dim else none
                for g in self.gens
            ],
            dtype=np.float64,
        )
        has = np.linalg.norm(E, axis=1) > 0
        out["semantic_n_left_out"] = float((~has).sum())
        groups = [idx[has[idx]] for idx in self.group_index]
        groups = [idx for idx in groups if idx.size >= 2]
        if not groups:
            return

        def similarity(W: FloatArray) -> FloatArray:
            per_prompt = np.column_stack(
                [m.weighted_mean_pairwise_similarity(W[:, idx], E[idx]) for idx in groups]
            )
            # mean over the prompts where the resample kept two distinct generations
            finite = np.isfinite(per_prompt)
            with np.errstate(invalid="ignore", divide="ignore"):
                result: FloatArray = np.where(finite, per_prompt, 0.0).sum(1) / finite.sum(1)
            return result

        self._headline("semantic_mean_similarity", similarity)
        if not brief:
            out["semantic_vendi"] = float(np.mean([m.vendi_score(E[idx]).value for idx in groups]))
