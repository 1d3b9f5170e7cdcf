"""Imported by Inspect through the ``inspect_ai`` entry point: registers tasks, scorers,
metrics, solvers and the offline model provider under the ``homog_bench/`` prefix."""

# ruff: noqa: F401
from homog_bench.evals.digest_metric import cross_model_digest
from homog_bench.evals.metrics import (
    branching_figures,
    dynamics_figures,
    homogenization_figures,
    xeno_figures,
)
from homog_bench.evals.scorers import dynamics_homogenization, homogenization, xeno_homogenization
from homog_bench.evals.solvers import (
    continue_opening,
    continue_trunk,
    contrastive,
    sample_with_seed,
    sequential_sets,
)
from homog_bench.providers import local as _local
from homog_bench.tasks import (
    branching,
    dynamics,
    story_homogenization,
    xeno_contrastive,
    xeno_instructed,
    xeno_sequential,
    xeno_values,
)
