"""Compare models from their logs: one row per model run, one block per value file and task.

Reading goes through Inspect's log API only (``list_eval_logs``,
``read_eval_log_async``), so a log location is anything Inspect accepts: a local
folder or object storage (``s3://bucket/prefix``). The table needs only log
headers (the figures the metric already computed), and so does the cross-model section
(each story run's digest, :mod:`homog_bench.report.cross_section`), except for logs
written before digests existed, whose samples it reads.

Ranking: inside a block, runs are ordered by the block's headline figure — the
value file's first attribute with normative categories, its normativity rate,
ascending (lower = less homogenized ranks first); NaN last; ties broken by E[∂]
(higher = more diverse first), then by label. With no normative attribute the
headline is E[∂], descending. Xeno runs (``xeno_homogenization``) rank by the xeno
gain, branching runs by the mean core distance between branches, dynamics runs by the
pull (:mod:`homog_bench.report.dynamics_block`), each kind in its own blocks. Each
run's rank is a band from the headline's interval (:mod:`homog_bench.report.ranks`);
runs with mostly degenerate generations are flagged and not ranked unless asked for.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homog_bench._errors import HomogBenchError
from homog_bench.figures import catalog
from homog_bench.figures.catalog import METADATA_KEY, ci_keys, direction
from homog_bench.report import dynamics_block, ranks
from homog_bench.report._logs import (
    MEAN_CORE_DISTANCE,
    Run,
    first_line,
    list_logs,
    read_headers,
    runs_of,
)
from homog_bench.report.columns import Column
from homog_bench.report.cross_section import HEAVY_FIELDS, CrossModel, cross_model
from homog_bench.report.dedup import newest_scorings
from homog_bench.report.progress import Progress

COLUMNS = (
    Column("{attr}_normativity", "normativity {attr}", direction("normativity"), "headline"),
    Column("deviance_mean", "E[∂]", direction("deviance_mean")),
    Column("{attr}_D1", "D1 {attr}", direction("D1"), "closed"),
    Column("{attr}_js_target", "JS to target {attr}", direction("js_target"), "target"),
    Column("names_top1_share", "top-name share", direction("names_top1_share")),
    Column(
        "semantic_mean_similarity", "semantic similarity", direction("semantic_mean_similarity")
    ),
)
XENO_COLUMNS = (
    Column("xeno_gain", "xeno gain", direction("xeno_gain")),
    Column("xeno_validity", "validity", direction("xeno_validity")),
    Column("xeno_gain_valid", "gain, invalid = unmoved", direction("xeno_gain_valid")),
    Column(catalog.in_arm(catalog.BASELINE, "deviance_mean"), "baseline E[∂]", "higher"),
)


@dataclass
class Block:
    """All runs scored with one value file on one task, ranked."""

    values: str
    task: str
    headline: str
    attributes: dict[str, str | None]  # role → attribute name (headline, closed, target)
    runs: list[Run]
    target: dict[str, float] | None = None
    categories: list[str] = field(default_factory=list)
    cross: CrossModel | None = None
    kind: str = "story"
    columns: tuple[Column, ...] = COLUMNS
    bands: list[ranks.Band | None] = field(default_factory=list)  # per run; None: unranked
    examples: list[list[Any]] = field(default_factory=list)  # per run: its PromptExamples
    detail: str = ""  # what else the block's runs share (a dynamics block: the trunk)

    @property
    def lower_is_better(self) -> bool:
        return self.columns[0].direction == "lower"

    def band(self, index: int) -> str:
        """The rank shown for the run at ``index``: a band, or why it is not ranked."""
        band = self.bands[index] if index < len(self.bands) else None
        if band is not None:
            return str(band)
        run = self.runs[index]
        if ranks.is_degenerate(run.figures):
            return f"unranked: {run.degenerate:.0%} degenerate"
        return "unranked: n/a"

    def key(self, column: Column) -> str | None:
        """The figure key of a column in this block (None when the role has no attribute)."""
        if column.attr is None:
            return column.key
        attr = self.attributes.get(column.attr)
        return None if attr is None else column.key.format(attr=attr)

    def title(self, column: Column) -> str:
        attr = self.attributes.get(column.attr or "") or ""
        return column.title.format(attr=attr).strip()


@dataclass
class Leaderboard:
    location: str
    blocks: list[Block]
    skipped: list[tuple[str, str]]  # (log, reason)


# --- building -----------------------------------------------------------------------


def build(
    location: str,
    values: str | None = None,
    with_samples: bool = True,
    progress: bool = False,
    on_skip: Callable[[str, str], None] | None = None,
    rank_degenerate: bool = False,
    examples: bool = False,
) -> Leaderboard:
    """Read every log under ``location`` and build the ranked blocks.

    ``on_skip(log, reason)`` hears of each skipped log as soon as it is skipped. Runs with
    mostly degenerate generations are ranked only with ``rank_degenerate``; ``examples``
    reads each story run's nearest and furthest generations from the core (samples).
    """
    logs = list_logs(location)
    with Progress(progress, "reading log headers", len(logs)) as bar:
        headers = read_headers(logs, bar.advance)
    runs: list[Run] = []
    skipped: list[tuple[str, str]] = []
    for path, header in zip(logs, headers, strict=True):
        found: list[Run] = []
        reason: str | None
        if isinstance(header, Exception):
            reason = f"not a readable Inspect log ({first_line(header)})"
        else:
            found, reason = runs_of(path, header)
        if reason is not None:
            skipped.append((path, reason))
            if on_skip is not None:
                on_skip(path, reason)
        runs.extend(found)
    runs, rescored = newest_scorings(runs)
    for path, reason in rescored:
        skipped.append((path, reason))
        if on_skip is not None:
            on_skip(path, reason)
    if values is not None:
        available = sorted({r.values for r in runs})
        runs = [r for r in runs if _matches(r.values, values)]
        if not runs and available:
            raise HomogBenchError(
                f"--values {values}: no run was scored with it (available: {', '.join(available)})"
            )
    if not runs:
        raise HomogBenchError(
            f"{location}: no homog-bench results in {len(logs)} log(s) "
            f"({len(skipped)} skipped, listed above)"
        )
    blocks = group(runs, rank_degenerate)
    for block in blocks:
        block.target, block.categories = _target_of(block)
    if with_samples:
        story = [b for b in blocks if b.kind == "story"]
        total = sum(len(b.runs) for b in story)
        with Progress(progress, "reading samples", total) as bar:
            for block in story:
                block.cross = cross_model(block.runs, bar.advance)
    if examples:
        from homog_bench.report.examples import run_examples

        for block in blocks:
            if block.kind == "story":
                block.examples = [run_examples(r.log, r.scorer) for r in block.runs]
    return Leaderboard(location=location, blocks=blocks, skipped=skipped)


def _matches(run_values: str, wanted: str) -> bool:
    return wanted in (run_values, Path(run_values).stem) or Path(wanted).stem == run_values


def group(runs: Iterable[Run], rank_degenerate: bool = False) -> list[Block]:
    """Runs → blocks by (value file, task, kind), each ranked, banded and labelled."""
    by_block: dict[tuple[str, str, str, str], list[Run]] = {}
    for run in runs:
        detail = dynamics_block.trunk(run) if run.kind == "dynamics" else ""
        by_block.setdefault((run.values, run.task, run.kind, detail), []).append(run)
    blocks = []
    for (values, task, kind, detail), members in sorted(by_block.items()):
        attributes = (
            dynamics_block.attribute_roles(members)
            if kind == "dynamics"
            else catalog.attribute_roles(members[0].figures)
        )
        columns: tuple[Column, ...]
        if kind == "xeno":
            columns = XENO_COLUMNS
        elif kind == "branching":
            pairs = catalog.core_distances(members[0].figures)
            columns = (
                Column(MEAN_CORE_DISTANCE, "mean core distance", "higher"),
                *(Column(k, f"core distance {a} vs {b}", "higher") for k, (a, b) in pairs.items()),
            )
        elif kind == "dynamics":
            columns = dynamics_block.columns(members)
        else:
            columns = COLUMNS
        block = Block(values, task, "", attributes, label_runs(members), kind=kind, columns=columns)
        block.detail = detail
        block.headline = block.key(columns[0]) or "deviance_mean"
        if kind == "story":
            block.headline = catalog.headline([a for a in [attributes["headline"]] if a])
        ranked = {
            id(r) for r in block.runs if rank_degenerate or not ranks.is_degenerate(r.figures)
        }
        block.runs = rank(block.runs, block.headline, block.lower_is_better, ranked)
        block.bands = bands(block, ranked)
        blocks.append(block)
    return blocks


def bands(block: Block, ranked: set[int]) -> list[ranks.Band | None]:
    """Rank bands of the block's ranked runs (None for a run that is not ranked)."""
    lows, highs = ci_keys(block.headline)
    kept = [
        i
        for i, r in enumerate(block.runs)
        if id(r) in ranked and not math.isnan(r.figures.get(block.headline, math.nan))
    ]
    found = ranks.rank_bands(
        [
            (
                block.runs[i].figures[block.headline],
                block.runs[i].figures.get(lows, math.nan),
                block.runs[i].figures.get(highs, math.nan),
            )
            for i in kept
        ],
        block.lower_is_better,
    )
    out: list[ranks.Band | None] = [None] * len(block.runs)
    for i, band in zip(kept, found, strict=True):
        out[i] = band
    return out


def rank(
    runs: Sequence[Run],
    headline: str,
    lower_is_better: bool | None = None,
    ranked: set[int] | None = None,
) -> list[Run]:
    """Order runs by the headline (normativity ascending, E[∂] descending), NaN last.

    Runs not in ``ranked`` (ids; default: all) go after every ranked run.

    >>> def run(label, norm, dev):
    ...     figures = {"g_normativity": norm, "deviance_mean": dev}
    ...     return Run("", "t", label, "v", "s", "", {}, figures, label)
    >>> runs = [run("a", 0.9, 0.2), run("b", float("nan"), 0.9), run("c", 0.5, 0.1),
    ...         run("d", 0.9, 0.3)]
    >>> [r.label for r in rank(runs, "g_normativity")]
    ['c', 'd', 'a', 'b']
    >>> [r.label for r in rank(runs, "deviance_mean")]
    ['b', 'd', 'a', 'c']
    >>> [r.label for r in rank(runs, "g_normativity", ranked={id(runs[0]), id(runs[3])})]
    ['d', 'a', 'c', 'b']
    """
    ascending = (
        catalog.role(headline).direction == "lower" if lower_is_better is None else lower_is_better
    )

    def key(run: Run) -> tuple[bool, bool, float, float, str]:
        value = run.figures.get(headline, math.nan)
        tie = run.figures.get("deviance_mean", math.nan)
        return (
            ranked is not None and id(run) not in ranked,
            math.isnan(value),
            (value if ascending else -value) if not math.isnan(value) else 0.0,
            -tie if not math.isnan(tie) else math.inf,
            run.label,
        )

    return sorted(runs, key=key)


def label_runs(runs: Sequence[Run]) -> list[Run]:
    """Label each run by its model, plus the settings that tell apart runs of one model.

    >>> a = Run("x.eval", "t", "m", "v", "s", "2025-01-01", {"-T temperature": 0.7, "-T n": 5}, {})
    >>> b = Run("y.eval", "t", "m", "v", "s", "2025-01-01", {"-T temperature": 1.3, "-T n": 5}, {})
    >>> c = Run("z.eval", "t", "other", "v", "s", "2025-01-01", {}, {})
    >>> [r.label for r in label_runs([a, b, c])]
    ['m -T temperature=0.7', 'm -T temperature=1.3', 'other']
    """
    from dataclasses import replace

    per_model: dict[str, list[Run]] = {}
    for run in runs:
        per_model.setdefault(run.model, []).append(run)
    out = []
    for run in runs:
        same = per_model[run.model]
        label = run.model
        if len(same) > 1:
            keys = sorted({k for r in same for k in r.settings_key})
            differing = [k for k in keys if len({repr(r.settings_key.get(k)) for r in same}) > 1]
            extra = " ".join(f"{k}={_short(run.settings_key.get(k))}" for k in differing)
            label = f"{label} {extra}".strip()
        out.append(replace(run, label=label))
    counts = Counter(r.label for r in out)
    # same model and settings (repeated runs): tell them apart by log file name
    return [
        replace(r, label=f"{r.label} ({Path(r.log).stem[:19]})") if counts[r.label] > 1 else r
        for r in out
    ]


def _short(value: object) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def _target_of(block: Block) -> tuple[dict[str, float] | None, list[str]]:
    """The headline attribute's categories (from share figures) and the value file's target."""
    attr = block.attributes.get("target") or block.attributes.get("headline")
    if attr is None:
        return None, []
    categories: list[str] = []
    for run in block.runs:
        for c in catalog.shares(run.figures, attr):
            if c not in categories:
                categories.append(c)
    from homog_bench.values import load_values

    try:
        spec = load_values(block.values).attributes.get(attr)
    except HomogBenchError:
        spec = None  # a value file given by a path that is not here: read it from a sample
        settings = _settings_from_sample(block.runs[0])
        if settings is not None:
            target = settings.get("attributes", {}).get(attr, {}).get("target")
            return (dict(target) if target else None), categories
    if spec is None or spec.target is None:
        return None, categories
    return dict(spec.target), categories


def _settings_from_sample(run: Run) -> dict[str, Any] | None:
    from inspect_ai.log import read_eval_log, read_eval_log_sample

    try:
        header = read_eval_log(run.log, header_only=True)
        first = (header.eval.dataset.sample_ids or [None])[0]
        sample = read_eval_log_sample(run.log, id=first, epoch=1, exclude_fields=HEAVY_FIELDS)
    except Exception:
        return None
    score = (sample.scores or {}).get(run.scorer)
    meta = ((score.metadata if score else None) or {}).get(METADATA_KEY) or {}
    settings = meta.get("settings")
    return settings if isinstance(settings, dict) else None
