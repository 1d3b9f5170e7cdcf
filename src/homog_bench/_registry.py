"""Imported by Inspect through the ``inspect_ai`` entry point: registers tasks, scorers,
metrics, solvers and the offline model provider under the ``homog_bench/`` prefix."""

# ruff: noqa: F401
from homog_bench.metrics import homogenization_figures
from homog_bench.providers import local as _local
from homog_bench.scorers import homogenization
from homog_bench.solvers import sample_with_seed
from homog_bench.tasks import story_homogenization
