"""The leaderboard's cross-model section: do different models collapse onto the *same*
defaults? Reads the runs' samples (names and embeddings); the math is in
:mod:`homog_bench.report.cross`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from homog_bench._errors import HomogBenchError
from homog_bench.figures.catalog import METADATA_KEY
from homog_bench.report import cross
from homog_bench.report._logs import Run, first_line

# sample fields the cross-model section never needs (the scores stay)
HEAVY_FIELDS = {"messages", "events", "store", "attachments", "output", "model_usage"}
TOP_K = 5


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
    """Top-name overlap and semantic similarity between runs (reads their samples)."""
    tops: list[list[tuple[str, int]]] = []
    sums: list[cross.PromptSums | None] = []
    for run in runs:
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
