"""The leaderboard's cross-model section: do different models collapse onto the *same*
defaults? Reads each run's digest (top names, per-prompt embedding sums) from its log
header, or from its samples for logs written before digests existed
(:mod:`homog_bench.figures.cross_digest`); the math is in
:mod:`homog_bench.measures.cross_model`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homog_bench._errors import HomogBenchError
from homog_bench.figures.cross_digest import CrossDigest, digest, from_json, record
from homog_bench.measures import cross_model as cross
from homog_bench.report._logs import Run, first_line

if TYPE_CHECKING:
    from inspect_ai.log import EvalLog

# sample fields the cross-model section never needs (the scores stay)
HEAVY_FIELDS = {"messages", "events", "store", "attachments", "output", "model_usage"}
TOP_K = 5
#: run × run matrices are printed up to this many runs (JSON always has them)
MATRIX_RUNS = 30


def matrix_omitted(runs: int) -> str | None:
    """Why a run × run matrix is not printed (None: it is)."""
    if runs <= MATRIX_RUNS:
        return None
    return (
        f"(the {runs} × {runs} matrix is not printed beyond {MATRIX_RUNS} runs; "
        "`--format json` has it)"
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


def cross_model(runs: Sequence[Run], progress: Callable[[], None] | None = None) -> CrossModel:
    """Top-name overlap and semantic similarity between runs, from each run's digest
    (in the log header; read from the samples for logs written before it existed)."""
    tops: list[list[tuple[str, int]]] = []
    sums: list[cross.PromptSums | None] = []
    for run in runs:
        found = run_digest(run)
        tops.append(found.top_names[:TOP_K])
        sums.append(found.sums)
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


def run_digest(run: Run) -> CrossDigest:
    """The run's digest from its header, else from its samples."""
    stored = from_json(run.digest)
    return stored if stored is not None else digest_from_samples(run)


def digest_from_samples(run: Run) -> CrossDigest:
    """The digest of one run computed from its samples (logs without a stored digest)."""
    from inspect_ai.log import read_eval_log

    try:
        log = read_eval_log(run.log, exclude_fields=HEAVY_FIELDS)
    except Exception as exc:
        raise HomogBenchError(f"{run.log}: cannot read samples ({first_line(exc)})") from None
    return log_digest(log, run.scorer)


def log_digest(log: EvalLog, scorer: str) -> CrossDigest:
    """The digest of the samples ``scorer`` scored in ``log``, as its metric computes it."""
    records = []
    for sample in log.samples or []:
        score = (sample.scores or {}).get(scorer)
        found = record(score.metadata if score else None, sample.id)
        if found is not None:
            records.append(found)
    return digest(records)
