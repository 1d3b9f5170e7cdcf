"""A plain-text summary of one eval log's homogenization figures."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from homog_bench.figures import catalog
from homog_bench.figures.catalog import attribute_figure, ci_keys
from homog_bench.report._logs import homog_scorer, read_log
from homog_bench.report.output import terminal_text
from homog_bench.report.reader_accuracy import reader_line


def summarize_log(path: str | Path, examples: bool = False) -> str:
    """Headline figures (with intervals) of every homogenization scorer in the log.

    With ``examples``, each story scorer's block ends with the generation nearest the
    core and the furthest, per prompt (this reads the samples).
    """
    log = read_log(str(path), header_only=True)
    lines = [
        f"log: {terminal_text(path)}",
        f"task: {terminal_text(log.eval.task)}   model: {terminal_text(log.eval.model)}   "
        f"status: {log.status}",
    ]
    if log.results is None or not log.results.scores:
        lines.append("no scores in this log (the eval did not finish?)")
        return "\n".join(lines)
    found = False
    for score in log.results.scores:
        if homog_scorer(score.name) is None:
            continue
        found = True
        figures = {k: v.value for k, v in score.metrics.items()}
        values = (score.params or {}).get("values", "gender_in_stories")
        lines.append("")
        lines.append(f"== scorer {score.name} (value file: {terminal_text(values)}) ==")
        experiment = catalog.has_arms(figures)  # per-arm or per-branch blocks
        if catalog.is_dynamics(figures):  # the dynamics task
            lines.extend(dynamics_lines(figures))
        else:
            lines.extend(experiment_lines(figures) if experiment else summary_lines(figures))
        reader = reader_line(str(values), figures)
        if reader:
            lines.append(reader)
        if examples and not experiment:
            from homog_bench.report.examples import example_lines, run_examples

            shown = run_examples(str(path), score.name)
            lines.append("the default story, per prompt:")
            lines.extend(example_lines(shown) or ["  no scored generations"])
    if not found:
        lines.append("no homog-bench scorer in this log")
    return "\n".join(lines)


def format_figure(value: float | None, low: float | None = None, high: float | None = None) -> str:
    """``0.812 [0.740, 0.870]``; a missing or NaN value prints as ``n/a``.

    >>> format_figure(0.8123, 0.74, 0.87), format_figure(float("nan"))
    ('0.812 [0.740, 0.870]', 'n/a')
    """
    if value is None or math.isnan(value):
        return "n/a"
    text = f"{value:.3f}"
    if low is not None and high is not None and not (math.isnan(low) or math.isnan(high)):
        text += f" [{low:.3f}, {high:.3f}]"
    return text


def summary_lines(figures: dict[str, float]) -> list[str]:
    """The readable block for one scorer's figures (pooled only, not ``@prompt``)."""

    fig = _shown(figures)
    n = int(figures.get("n_generations", 0))
    prompts = int(figures.get("n_prompts", 0))
    lines = [
        f"generations: {n} over {prompts} prompt{'' if prompts == 1 else 's'}"
        "   (value [low, high] = bootstrap interval at the value file's confidence level)"
    ]
    degenerate = {
        k: v
        for k, v in catalog.pooled_counts(figures, "n_").items()
        if k not in ("generations", "prompts")
    }
    if degenerate:
        lines.append(
            "degenerate generations: " + ", ".join(f"{k} {v}" for k, v in degenerate.items())
        )
    for attr in sorted(set(catalog.attributes(figures))):
        excluded = int(figures.get(attribute_figure(attr, "excluded"), 0))
        lines.append(f"[{attr}]  ({excluded} in excluded categories such as unknown, left out)")
        shares = {c: figures[k] for c, k in catalog.shares(figures, attr).items()}
        if shares:
            lines.append(
                "  shares: " + ", ".join(f"{c} {format_figure(v)}" for c, v in shares.items())
            )
        for key, label in (
            ("normativity", "normativity rate (share in normative categories)"),
            ("amplification", "amplification vs reference (0 = as in the population)"),
            ("D1", "diversity D1 (effective number of categories)"),
            ("js_target", "JS divergence to target (0 = as the stakeholder wants)"),
        ):
            if attribute_figure(attr, key) in figures:
                lines.append(f"  {label}: {fig(attribute_figure(attr, key))}")
        lines.extend(calibration_lines(figures, attr))
    lines.append(
        f"deviance E[d] within prompt: {fig('deviance_mean')}; normalized "
        f"{fig('deviance_normalized')} (0 = every generation at the default, 1 = maximal)"
    )
    lines.append(
        f"names: distinct/named {fig('names_distinct_ratio')}, "
        f"top-name share {fig('names_top1_share')}, top-5 share {fig('names_top5_share')}"
    )
    if "semantic_mean_similarity" in figures:
        lines.append(
            f"semantic: mean pairwise similarity {fig('semantic_mean_similarity')} "
            f"(lower = more varied), Vendi {fig('semantic_vendi')} (effective number of "
            "distinct stories per prompt)"
        )
    judged = {k: int(figures[n]) for k, n in catalog.with_prefix(figures, "missing_").items()}
    if judged:
        lines.append(
            "judged structures without a usable answer: "
            + ", ".join(f"{k} {v}" for k, v in judged.items())
        )
    for pair, prefix in catalog.pair_agreements(figures).items():
        lines.append(
            f"agreement {pair} (agrees_with): accuracy {fig(prefix + 'accuracy')}, "
            f"Cohen's kappa {fig(prefix + 'kappa')} on {int(figures[prefix + 'n'])} generations"
        )
    if "judge_calls" in figures:
        lines.append(
            f"judge calls: {int(figures['judge_calls'])} on "
            f"{int(figures.get('judge_generations', 0))} of {n} generations"
        )
    if "lexical_compression_ratio" in figures:
        lines.append(
            f"lexical: gzip ratio {fig('lexical_compression_ratio')} (higher = more repetitive), "
            f"distinct 4-grams {fig('lexical_ngram_diversity_4')} (higher = more varied)"
        )
    return lines


def calibration_lines(figures: dict[str, float], attr: str) -> list[str]:
    """An attribute's judge-calibrated figures and the two readings' agreement, if any."""
    fig = _shown(figures)

    def key(*parts: str) -> str:
        return attribute_figure(attr, "_".join(parts))

    if key(catalog.CALIBRATED, "normativity") not in figures:
        return []
    n_judged = int(figures.get(key("calibration", "n_judged"), 0))
    missing = int(figures.get(key("calibration", "n_missing"), 0))
    lines = [
        f"  calibrated with the judge on {n_judged} judged generations"
        + (f" ({missing} more without a usable answer)" if missing else "")
        + f": λ {format_figure(figures.get(key('calibration', 'lambda')))}, "
        f"worth {format_figure(figures.get(key('calibration', 'effective_n')))} judged alone"
    ]
    for stat, label in (
        ("normativity", "normativity"),
        ("D1", "D1"),
        ("js_target", "JS to target"),
        ("tv_target", "TV to target"),
    ):
        if key(catalog.CALIBRATED, stat) in figures:
            lines.append(
                f"    {label}: calibrated {fig(key(catalog.CALIBRATED, stat))}; "
                f"judge only {fig(key(catalog.JUDGE_ONLY, stat))}"
            )
    shares = catalog.with_prefix(figures, key(catalog.CALIBRATED, "share_"))
    shown = {c: k for c, k in shares.items() if not catalog.is_bound(k)}
    if shown:
        lines.append(
            "    calibrated shares: " + ", ".join(f"{c} {fig(k)}" for c, k in shown.items())
        )
    lines.append(
        f"  agreement offline vs judge: accuracy {fig(key('agreement', 'accuracy'))}, "
        f"Cohen's kappa {fig(key('agreement', 'kappa'))}"
    )
    return lines


def experiment_lines(figures: dict[str, float]) -> list[str]:
    """The readable block for a xeno or branching log (arms and their comparison)."""

    fig = _shown(figures)
    arms = catalog.arms(figures)
    n = int(figures.get("n_generations", 0))
    lines = [
        f"generations: {n} in arms {', '.join(arms)}   (value [low, high] = bootstrap interval)"
    ]
    if "xeno_gain" in figures:
        lines += [
            f"xeno gain: {fig('xeno_gain')} (E[d] of the xeno answers from the baseline core "
            "minus the baseline's own; > 0 = moved away from the default)",
            f"  validity: {fig('xeno_validity')} (share of xeno answers that still answer the "
            f"prompt); gain counting invalid answers as unmoved: {fig('xeno_gain_valid')}",
        ]
        changes = catalog.changes(figures)
        if changes:
            lines.append(
                "  change xeno − baseline: "
                + ", ".join(f"{c} {fig(catalog.change(c))}" for c in changes)
            )
    for key, (a, b) in catalog.core_distances(figures).items():
        lines.append(f"core distance {a} vs {b}: {fig(key)} (how far the default moves)")
    for arm in arms:
        rates = sorted(
            rest
            for rest, name in catalog.with_prefix(figures, catalog.in_arm(arm, "")).items()
            if catalog.role(name).stat == "normativity" and not catalog.is_bound(name)
        )
        shown = ", ".join(f"{r} {fig(catalog.in_arm(arm, r))}" for r in rates)
        deviance = fig(catalog.in_arm(arm, "deviance_mean"))
        lines.append(f"[{arm}] deviance E[d] {deviance}" + (f"; {shown}" if shown else ""))
    return lines


def _shown(figures: dict[str, float]) -> Callable[[str], str]:
    """``key`` → its value with its interval, as :func:`format_figure` prints it."""

    def fig(key: str) -> str:
        low, high = ci_keys(key)
        return format_figure(figures.get(key), figures.get(low), figures.get(high))

    return fig


def _words(value: float | None) -> str:
    """A trunk position: ``45``, ``beyond the trunk`` (inf) or ``n/a``."""
    if value is None or math.isnan(value):
        return "n/a"
    return "beyond the trunk" if math.isinf(value) else f"{value:.0f}"


def dynamics_lines(figures: dict[str, float]) -> list[str]:
    """The readable block for a dynamics log: commitment, drift, pull, the core per cut."""
    fig = _shown(figures)
    lines = [
        f"generations: {int(figures.get('n_generations', 0))} "
        f"({int(figures.get('n_default', 0))} plain answers, "
        f"{int(figures.get('n_cuts', 0))} cut points)   (value [low, high] = bootstrap interval)"
    ]
    for attr, key in catalog.commitments(figures).items():
        low, high = ci_keys(key)
        share = figures.get(attribute_figure(attr, catalog.COMMITTED_SHARE), math.nan)
        bounds = f"[{_words(figures.get(low))}, {_words(figures.get(high))}]"
        when = f"{_words(figures[key])} words {bounds}"
        note = (
            "" if math.isnan(share) else f" (commits within the trunk in {share:.0%} of resamples)"
        )
        lines.append(f"commitment {attr}: {when}{note}")
    pull = f"; pull {fig('pull')} (1 = back to the default)" if "pull" in figures else ""
    lines.append(f"drift {fig('drift')}; displacement {fig('displacement')}{pull}")
    for arm in catalog.cut_arms(figures):
        prefix = catalog.in_arm(arm, "entropy_")
        entropy = ", ".join(
            f"H({k[len(prefix) :]}) {format_figure(v)} bits"
            for k, v in figures.items()
            if k.startswith(prefix)
        )
        n = figures.get(catalog.in_arm(arm, "n"), 0)
        lines.append(
            f"[{catalog.cut_position(arm)} words] n {n:.0f}; "
            f"distance from default {fig(catalog.in_arm(arm, 'distance'))}; {entropy}"
        )
    ess = catalog.in_arm(catalog.DEFAULT_ARM, "py_ess")
    if ess in figures:
        lines.append(
            "p(y)-weighted default core: effective sample size "
            f"{format_figure(figures[ess])} of {int(figures.get('n_default', 0))}"
        )
    else:
        lines.append(
            "p(y)-weighted figures: not available (the provider returned no token "
            "log-probabilities)"
        )
    return lines
