"""Imported by Inspect through the ``inspect_ai`` entry point: registers tasks, scorers,
metrics, solvers and the offline model provider under the ``homog_bench/`` prefix."""

# ruff: noqa: F401
from homog_bench.arms import xeno_homogenization
from homog_bench.dynamics_task import (
    continue_trunk,
    dynamics,
    dynamics_homogenization,
    dynamics_metric,
)
from homog_bench.metrics import homogenization_figures
from homog_bench.providers import local as _local
from homog_bench.scorers import homogenization
from homog_bench.solvers import continue_opening, contrastive, sample_with_seed, sequential_sets
from homog_bench.tasks import (
    branching,
    story_homogenization,
    xeno_contrastive,
    xeno_instructed,
    xeno_sequential,
    xeno_values,
)
