"""A plain-text summary of one eval log's homogenization figures."""

from __future__ import annotations

import math
from pathlib import Path

from homog_bench.report._logs import homog_scorer, read_log


def summarize_log(path: Path) -> str:
    """Headline figures (with intervals) of every homogenization scorer in the log."""
    log = read_log(str(path), header_only=True)
    lines = [
        f"log: {path}",
        f"task: {log.eval.task}   model: {log.eval.model}   status: {log.status}",
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
        lines.append(f"== scorer {score.name} (value file: {values}) ==")
        experiment = any("/" in k for k in figures)  # per-arm or per-branch blocks
        if "n_cuts" in figures:  # the dynamics task
            lines.extend(dynamics_lines(figures))
        else:
            lines.extend(experiment_lines(figures) if experiment else summary_lines(figures))
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

    def fig(key: str) -> str:
        return format_figure(
            figures.get(key), figures.get(f"{key}_ci_low"), figures.get(f"{key}_ci_high")
        )

    n = int(figures.get("n_generations", 0))
    prompts = int(figures.get("n_prompts", 0))
    lines = [
        f"generations: {n} over {prompts} prompt{'' if prompts == 1 else 's'}"
        "   (value [low, high] = bootstrap interval at the value file's confidence level)"
    ]
    degenerate = {
        k[2:]: int(v)
        for k, v in figures.items()
        if k.startswith("n_") and "@" not in k and k not in ("n_generations", "n_prompts") and v
    }
    if degenerate:
        lines.append(
            "degenerate generations: " + ", ".join(f"{k} {v}" for k, v in degenerate.items())
        )
    attributes = sorted(
        {k.rsplit("_excluded", 1)[0] for k in figures if k.endswith("_excluded") and "@" not in k}
    )
    for attr in attributes:
        excluded = int(figures.get(f"{attr}_excluded", 0))
        lines.append(f"[{attr}]  ({excluded} in excluded categories such as unknown, left out)")
        shares = {
            k[len(attr) + 7 :]: v
            for k, v in figures.items()
            if k.startswith(f"{attr}_share_") and "@" not in k
        }
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
            if f"{attr}_{key}" in figures:
                lines.append(f"  {label}: {fig(f'{attr}_{key}')}")
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
    judged = {
        k[8:]: int(v) for k, v in figures.items() if k.startswith("missing_") and "@" not in k
    }
    if judged:
        lines.append(
            "judged structures without a usable answer: "
            + ", ".join(f"{k} {v}" for k, v in judged.items())
        )
    if "lexical_compression_ratio" in figures:
        lines.append(
            f"lexical: gzip ratio {fig('lexical_compression_ratio')} (higher = more repetitive), "
            f"distinct 4-grams {fig('lexical_ngram_diversity_4')} (higher = more varied)"
        )
    return lines


def experiment_lines(figures: dict[str, float]) -> list[str]:
    """The readable block for a xeno or branching log (arms and their comparison)."""

    def fig(key: str) -> str:
        return format_figure(
            figures.get(key), figures.get(f"{key}_ci_low"), figures.get(f"{key}_ci_high")
        )

    arms = sorted({k.split("/", 1)[0] for k in figures if "/" in k})
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
        changes = sorted(
            k[: -len("_change")]
            for k in figures
            if k.endswith("_change") and "/" not in k and not k.startswith("validity")
        )
        if changes:
            lines.append(
                "  change xeno − baseline: "
                + ", ".join(f"{c} {fig(c + '_change')}" for c in changes)
            )
    distances = sorted(k for k in figures if k.startswith("core_distance_") and "_ci_" not in k)
    for key in distances:
        pair = key[len("core_distance_") :].replace("_vs_", " vs ")
        lines.append(f"core distance {pair}: {fig(key)} (how far the default moves)")
    for arm in arms:
        rates = [k for k in figures if k.startswith(f"{arm}/") and k.endswith("_normativity")]
        shown = ", ".join(f"{k.split('/', 1)[1]} {fig(k)}" for k in sorted(rates))
        lines.append(
            f"[{arm}] deviance E[d] {fig(arm + '/deviance_mean')}" + (f"; {shown}" if shown else "")
        )
    return lines


def _words(value: float | None) -> str:
    """A trunk position: ``45``, ``beyond the trunk`` (inf) or ``n/a``."""
    if value is None or math.isnan(value):
        return "n/a"
    return "beyond the trunk" if math.isinf(value) else f"{value:.0f}"


def dynamics_lines(figures: dict[str, float]) -> list[str]:
    """The readable block for a dynamics log: commitment, drift, pull, the core per cut."""

    def fig(key: str) -> str:
        return format_figure(
            figures.get(key), figures.get(f"{key}_ci_low"), figures.get(f"{key}_ci_high")
        )

    lines = [
        f"generations: {int(figures.get('n_generations', 0))} "
        f"({int(figures.get('n_default', 0))} plain answers, "
        f"{int(figures.get('n_cuts', 0))} cut points)   (value [low, high] = bootstrap interval)"
    ]
    for key in sorted(k for k in figures if k.startswith("commitment_")):
        if key.endswith(("_ci_low", "_ci_high", "_committed_share")):
            continue
        share = figures.get(f"{key}_committed_share", math.nan)
        when = (
            f"{_words(figures[key])} words [{_words(figures.get(key + '_ci_low'))}, "
            f"{_words(figures.get(key + '_ci_high'))}]"
        )
        note = (
            "" if math.isnan(share) else f" (commits within the trunk in {share:.0%} of resamples)"
        )
        lines.append(f"commitment {key[len('commitment_') :]}: {when}{note}")
    pull = f"; pull {fig('pull')} (1 = back to the default)" if "pull" in figures else ""
    lines.append(f"drift {fig('drift')}; displacement {fig('displacement')}{pull}")
    cuts = sorted(
        {k.split("/", 1)[0] for k in figures if k.startswith("cut:")},
        key=lambda c: int(c.split(":", 1)[1]),
    )
    for cut in cuts:
        entropy = ", ".join(
            f"H({k.split('entropy_', 1)[1]}) {format_figure(v)} bits"
            for k, v in sorted(figures.items())
            if k.startswith(f"{cut}/entropy_")
        )
        lines.append(
            f"[{cut.split(':', 1)[1]} words] n {int(figures.get(cut + '/n', 0))}; "
            f"distance from default {fig(cut + '/distance')}; {entropy}"
        )
    if "default/py_ess" in figures:
        lines.append(
            "p(y)-weighted default core: effective sample size "
            f"{format_figure(figures['default/py_ess'])} of {int(figures.get('n_default', 0))}"
        )
    else:
        lines.append(
            "p(y)-weighted figures: not available (the provider returned no token "
            "log-probabilities)"
        )
    return lines
