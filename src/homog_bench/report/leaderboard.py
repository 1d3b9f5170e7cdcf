"""Compare models from their logs: one row per model run, one block per value file and task.

Reading goes through Inspect's log API only (``list_eval_logs``,
``read_eval_log_async``), so a log location is anything Inspect accepts: a local
folder or object storage (``s3://bucket/prefix``). The table needs only log
headers (the figures the metric already computed); the cross-model section reads
the samples (names and embeddings in ``Score.metadata``) and costs more.

Ranking: inside a block, runs are ordered by the block's headline figure — the
value file's first attribute with normative categories, its normativity rate,
ascending (lower = less homogenized ranks first); NaN last; ties broken by E[∂]
(higher = more diverse first), then by label. With no normative attribute the
headline is E[∂], descending.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homog_bench._errors import HomogBenchError
from homog_bench.figures import catalog
from homog_bench.figures.catalog import METADATA_KEY, direction
from homog_bench.report import cross
from homog_bench.report._logs import Run, first_line, list_logs, read_headers, runs_of

# sample fields the cross-model section never needs (the scores stay)
HEAVY_FIELDS = {"messages", "events", "store", "attachments", "output", "model_usage"}
TOP_K = 5


@dataclass(frozen=True)
class Column:
    """One headline column: a figure key (``{attr}`` filled in per block), its direction."""

    key: str
    title: str
    direction: catalog.Direction  # "lower" or "higher" is better (less homogenized)
    attr: str | None = None  # which attribute role fills ``{attr}``


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


@dataclass
class CrossModel:
    """Cross-model homogeneity of one block (rows in the block's order)."""

    top_names: list[list[tuple[str, int]]]
    overlap: list[list[float]]
    similarity: list[list[float]]  # within-model on the diagonal
    shared_top: list[str]

    @property
    def mean_overlap(self) -> float:
        import numpy as np

        return cross.mean_off_diagonal(np.array(self.overlap, dtype=float))

    @property
    def mean_between_similarity(self) -> float:
        import numpy as np

        return cross.mean_off_diagonal(np.array(self.similarity, dtype=float))


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
) -> Leaderboard:
    """Read every log under ``location`` and build the ranked blocks.

    ``on_skip(log, reason)`` hears of each skipped log as soon as it is skipped.
    """
    logs = list_logs(location)
    with _Progress(progress, "reading log headers", len(logs)) as bar:
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
    blocks = group(runs)
    for block in blocks:
        block.target, block.categories = _target_of(block)
    if with_samples:
        total = sum(len(b.runs) for b in blocks)
        with _Progress(progress, "reading samples", total) as bar:
            for block in blocks:
                block.cross = cross_model(block, bar.advance)
    return Leaderboard(location=location, blocks=blocks, skipped=skipped)


def _matches(run_values: str, wanted: str) -> bool:
    return wanted in (run_values, Path(run_values).stem) or Path(wanted).stem == run_values


def group(runs: Iterable[Run]) -> list[Block]:
    """Runs → blocks by (value file, task), each ranked and labelled."""
    by_block: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        by_block.setdefault((run.values, run.task), []).append(run)
    blocks = []
    for (values, task), members in sorted(by_block.items()):
        attributes = catalog.attribute_roles(members[0].figures)
        headline = catalog.headline([a for a in [attributes["headline"]] if a])
        labelled = label_runs(members)
        blocks.append(
            Block(
                values=values,
                task=task,
                headline=headline,
                attributes=attributes,
                runs=rank(labelled, headline),
            )
        )
    return blocks


def rank(runs: Sequence[Run], headline: str) -> list[Run]:
    """Order runs by the headline (normativity ascending, E[∂] descending), NaN last.

    >>> def run(label, norm, dev):
    ...     figures = {"g_normativity": norm, "deviance_mean": dev}
    ...     return Run("", "t", label, "v", "s", "", {}, figures, label)
    >>> runs = [run("a", 0.9, 0.2), run("b", float("nan"), 0.9), run("c", 0.5, 0.1),
    ...         run("d", 0.9, 0.3)]
    >>> [r.label for r in rank(runs, "g_normativity")]
    ['c', 'd', 'a', 'b']
    >>> [r.label for r in rank(runs, "deviance_mean")]
    ['b', 'd', 'a', 'c']
    """
    ascending = catalog.role(headline).direction == "lower"

    def key(run: Run) -> tuple[bool, float, float, str]:
        value = run.figures.get(headline, math.nan)
        tie = run.figures.get("deviance_mean", math.nan)
        return (
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


# --- cross-model --------------------------------------------------------------------


def cross_model(block: Block, progress: Callable[[], None] | None = None) -> CrossModel:
    """Top-name overlap and semantic similarity between the block's runs (reads samples)."""
    tops: list[list[tuple[str, int]]] = []
    sums: list[cross.PromptSums | None] = []
    for run in block.runs:
        names, vectors = read_run_samples(run)
        tops.append(cross.top_names(names, TOP_K))
        sums.append(vectors)
        if progress is not None:
            progress()
    top_sets = [[name for name, _ in top] for top in tops]
    shared = set(top_sets[0]) if top_sets else set()
    for others in top_sets[1:]:
        shared &= set(others)
    return CrossModel(
        top_names=tops,
        overlap=cross.overlap_matrix(top_sets).tolist(),
        similarity=cross.similarity_matrix(sums).tolist(),
        shared_top=sorted(shared) if len(top_sets) > 1 else [],
    )


def read_run_samples(run: Run) -> tuple[list[str | None], cross.PromptSums | None]:
    """Protagonist names and per-prompt embedding sums of one run (None: no embeddings)."""
    from inspect_ai.log import read_eval_log

    from homog_bench.embeddings.codec import decode_vector

    try:
        log = read_eval_log(run.log, exclude_fields=HEAVY_FIELDS)
    except Exception as exc:
        raise HomogBenchError(f"{run.log}: cannot read samples ({first_line(exc)})") from None
    names: list[str | None] = []
    sums = cross.PromptSums()
    missing = 0
    for sample in log.samples or []:
        score = (sample.scores or {}).get(run.scorer)
        meta = ((score.metadata if score else None) or {}).get(METADATA_KEY) or {}
        if not meta:
            continue
        names.append(meta.get("name"))
        embedding = meta.get("embedding")
        if isinstance(embedding, str):
            sums.add(str(meta.get("prompt") or sample.id), decode_vector(embedding))
        else:
            missing += 1
    return names, (sums if sums.sums and not missing else None)


# --- progress -----------------------------------------------------------------------


class _Progress:
    """A rich progress bar on stderr when asked for and stderr is a terminal."""

    def __init__(self, enabled: bool, description: str, total: int) -> None:
        self.enabled = enabled and sys.stderr.isatty() and total > 1
        self.description = description
        self.total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.description, total=self.total)
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
