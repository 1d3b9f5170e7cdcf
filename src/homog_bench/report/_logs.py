"""Reading Inspect logs for the reports: one log with a one-line error for a bad file,
every log under a location (headers only), and the homog-bench runs of a log header."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homog_bench._errors import HomogBenchError
from homog_bench.figures import catalog, cross_digest
from homog_bench.figures.catalog import ci_keys
from homog_bench.report import ranks

if TYPE_CHECKING:
    from inspect_ai.log import EvalLog


#: The branching headline, made here from the core distances (not a figure of the log):
#: their mean, its interval the mean of their bounds (as wide as perfectly correlated
#: distances would make it, so never narrower than the truth).
MEAN_CORE_DISTANCE = "mean_core_distance"

#: Scorers that write homog-bench figures (re-scored copies get 1, 2, … appended).
SCORER_NAMES = ("homogenization", "xeno_homogenization", "dynamics_homogenization")


def homog_scorer(name: str) -> str | None:
    """Which homog-bench scorer wrote a score block called ``name``, if any.

    >>> [homog_scorer(s) for s in ("homogenization", "homog_bench/homogenization2",
    ...                            "xeno_homogenization", "match", "homogenizationx")]
    ['homogenization', 'homogenization', 'xeno_homogenization', None, None]
    """
    rest = name.split("/")[-1]
    for base in SCORER_NAMES:
        suffix = rest[len(base) :]
        if rest.startswith(base) and (suffix == "" or suffix.isdigit()):
            return base
    return None


def first_line(error: object) -> str:
    """The first line of an error message (at most 200 characters).

    >>> first_line(ValueError("bad zip\\nTraceback ..."))
    'bad zip'
    """
    text = str(error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:200]


def read_log(path: str, header_only: bool = False) -> EvalLog:
    """The log at ``path``; an unreadable file raises :class:`HomogBenchError` in one line."""
    from inspect_ai.log import read_eval_log

    try:
        return read_eval_log(path, header_only=header_only)
    except Exception as exc:
        raise HomogBenchError(f"{path}: not a readable Inspect log ({first_line(exc)})") from None


@dataclass(frozen=True)
class Run:
    """One homog-bench scorer in one log: a row of the leaderboard."""

    log: str
    task: str
    model: str
    values: str
    scorer: str
    created: str
    settings_key: dict[str, Any]  # task args, model args and generate config, for labels
    figures: dict[str, float]
    label: str = ""
    kind: str = "story"  # story, xeno, branching or dynamics
    eval_id: str = ""  # the same run re-scored keeps its eval id (see report.dedup)
    #: the stored cross-model digest (figures.cross_digest), None in logs from before it
    digest: object = field(default=None, compare=False, repr=False)

    @property
    def degenerate(self) -> float:
        """Share of generations with a degenerate quality label."""
        return ranks.degenerate_share(self.figures)

    @property
    def n_generations(self) -> int:
        return int(self.figures.get("n_generations", 0))

    @property
    def date(self) -> str:
        return self.created[:10]


def list_logs(location: str) -> list[str]:
    """Every Inspect log under a folder or object-storage prefix, oldest first."""
    from inspect_ai.log import list_eval_logs

    if "://" not in location:
        path = Path(location)
        if path.is_file():
            return [str(path.resolve())]
        if not path.is_dir():
            raise HomogBenchError(f"{location}: no such log folder")
        location = str(path.resolve())
    try:
        infos = list_eval_logs(location, descending=False)
    except Exception as exc:
        raise HomogBenchError(f"{location}: cannot list logs ({first_line(exc)})") from None
    if not infos:
        raise HomogBenchError(f"{location}: no Inspect logs (.eval or .json) in it or below it")
    return [_local(info.name) for info in infos]


def _local(name: str) -> str:
    """A ``file://`` URI as a plain path (other schemes unchanged).

    >>> _local("file:///tmp/a%20b.eval"), _local("s3://bucket/x.eval")
    ('/tmp/a b.eval', 's3://bucket/x.eval')
    """
    if name.startswith("file://"):
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(name).path)
    return name


def read_headers(
    logs: Sequence[str], progress: Callable[[], None] | None = None
) -> list[EvalLog | Exception]:
    """Log headers (no samples), read concurrently; an unreadable log yields its exception."""
    from inspect_ai.log import read_eval_log_async

    async def one(semaphore: asyncio.Semaphore, log: str) -> EvalLog | Exception:
        async with semaphore:
            try:
                result: EvalLog | Exception = await read_eval_log_async(log, header_only=True)
            except Exception as exc:
                result = exc
        if progress is not None:
            progress()
        return result

    async def all_logs() -> list[EvalLog | Exception]:
        semaphore = asyncio.Semaphore(16)
        return list(await asyncio.gather(*(one(semaphore, log) for log in logs)))

    return asyncio.run(all_logs())


def runs_of(log_path: str, log: EvalLog) -> tuple[list[Run], str | None]:
    """The homog-bench runs in one log header, or the reason it is skipped."""
    if log.status in ("error", "cancelled", "started"):
        detail = ""
        if log.error is not None:
            detail = f": {first_line(log.error.message)}"
        what = {"started": "still running or interrupted"}.get(log.status, log.status)
        return [], f"{what}{detail}"
    scores = [s for s in (log.results.scores if log.results else []) if _is_ours(s.name)]
    if not scores:
        return [], f"not a homog-bench log (task {log.eval.task}, no homogenization scorer)"
    # a parameter left at None was not set: it tells no run apart (no `-T seed=None`)
    key: dict[str, Any] = {
        f"-T {k}": v for k, v in (log.eval.task_args or {}).items() if v is not None
    }
    key.update({f"-M {k}": v for k, v in (log.eval.model_args or {}).items() if v is not None})
    config = log.eval.model_generate_config.model_dump(exclude_none=True)
    key.update({f"--{k.replace('_', '-')}": v for k, v in config.items()})
    runs = []
    for score in scores:
        figures = {
            k: float(v.value) if isinstance(v.value, int | float) else math.nan
            for k, v in score.metrics.items()
            if k != cross_digest.METRIC
        }
        digest_metric = score.metrics.get(cross_digest.METRIC)
        stored = None if digest_metric is None else digest_metric.params.get(cross_digest.PARAM)
        if "aggregation_failed" in figures:
            return [], f"scorer {score.name}: aggregation failed when the log was scored"
        kind = _kind(score.name, figures)
        if kind == "branching":
            figures.update(_mean_core_distance(figures))
        runs.append(
            Run(
                log=log_path,
                task=log.eval.task,
                model=log.eval.model,
                values=str((score.params or {}).get("values", "gender_in_stories")),
                scorer=score.name,
                created=log.eval.created,
                settings_key=key,
                figures=figures,
                kind=kind,
                eval_id=str(getattr(log.eval, "eval_id", "") or ""),
                digest=stored,
            )
        )
    return runs, None


def _is_ours(scorer: str) -> bool:
    """A homog-bench scorer (``homogenization``, ``xeno_homogenization``, re-scored copies).

    >>> [_is_ours(s) for s in ("homogenization", "homog_bench/homogenization2", "match",
    ...                        "xeno_homogenization1")]
    [True, True, False, True]
    """
    return homog_scorer(scorer) is not None


def _kind(scorer: str, figures: dict[str, float]) -> str:
    """``xeno`` (the xeno scorer), ``dynamics`` (cut points), ``branching`` (per-branch
    figures) or ``story``.

    >>> _kind("xeno_homogenization", {}), _kind("homogenization", {"branch:a/n_prompts": 1})
    ('xeno', 'branching')
    >>> _kind("dynamics_homogenization", {"n_cuts": 4, "cut:10/n": 3})
    'dynamics'
    """
    if homog_scorer(scorer) == "xeno_homogenization":
        return "xeno"
    if catalog.is_dynamics(figures):
        return "dynamics"
    return "branching" if catalog.has_arms(figures) else "story"


def _mean_core_distance(figures: dict[str, float]) -> dict[str, float]:
    """The branching headline: the mean of the core distances and of their bounds.

    >>> _mean_core_distance({"core_distance_a_vs_b": 0.2, "core_distance_a_vs_b_ci_low": 0.1,
    ...     "core_distance_a_vs_b_ci_high": 0.3, "core_distance_a_vs_c": 0.4})
    {'mean_core_distance': 0.30000000000000004}
    """
    names = list(catalog.core_distances(figures))
    if not names:
        return {}
    out = {MEAN_CORE_DISTANCE: sum(figures[k] for k in names) / len(names)}
    for suffix, bound in zip((0, 1), ci_keys(MEAN_CORE_DISTANCE), strict=True):
        bounds = [figures.get(ci_keys(k)[suffix], math.nan) for k in names]
        if not any(math.isnan(b) for b in bounds):
            out[bound] = sum(bounds) / len(bounds)
    return out
