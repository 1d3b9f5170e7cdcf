"""The ``cross_model_digest`` metric: puts each story run's cross-model digest in the log header.

Its value is the number of generations digested; the digest itself
(:mod:`homog_bench.figures.cross_digest`: top names, per-prompt embedding sums, a few KB)
goes into the metric's ``params`` in ``log.results``, the one place of the header where
Inspect keeps a structure computed from the scores (metric values are floats). The
leaderboard reads it with the header (:mod:`homog_bench.report.cross_section`) instead of
reading every sample.

How it gets there: Inspect reads a metric's ``params`` dict (``registry_params``) before
calling the metric and copies it into ``EvalMetric.params`` after, so the metric fills that
same dict during its call. The task's metric definition in ``log.eval.metrics`` keeps its
own (empty) options, so ``inspect score`` re-creates the metric as before. If a later
Inspect copied the dict first, the digest would be missing from new logs and the
leaderboard would read their samples, slower but with the same figures;
``tests/report/test_cross_digest.py`` fails in that case.
"""

from __future__ import annotations

from inspect_ai._util.registry import registry_params
from inspect_ai.scorer import Metric, SampleScore, metric

from homog_bench.evals.metrics import for_live_display
from homog_bench.figures.cross_digest import METRIC, PARAM, digest, record, to_json


@metric(name=METRIC, scores="unreduced")
def cross_model_digest() -> Metric:
    """Generations digested for the leaderboard's cross-model section (digest in params)."""

    def compute(scores: list[SampleScore]) -> float:
        found = (record(s.score.metadata, s.sample_id) for s in scores)
        records = [r for r in found if r is not None]
        params = registry_params(compute)
        if for_live_display():
            # The metric object outlives a run (one per scorer definition), so its params
            # still hold the previous run's digest: Inspect would send it with every
            # display refresh into its sample buffer, whose task row it rewrites at each
            # event (44 KB at 1,000 generations made an eval 25% slower).
            params.pop(PARAM, None)
            return float(len(records))
        try:
            params[PARAM] = to_json(digest(records))
        except Exception:  # never lose the log's figures over the digest: samples instead
            params.pop(PARAM, None)
        return float(len(records))

    return compute
