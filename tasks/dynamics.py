"""Shim so that ``inspect eval tasks/dynamics.py`` runs the packaged task.

Same task, parameters and metrics as ``inspect eval homog_bench/dynamics``;
``-T`` parameters are passed through (see ``homog_bench.evals.tasks.dynamics``).
"""

from typing import Any

from inspect_ai import Task, task

from homog_bench import tasks


@task
def dynamics(**params: Any) -> Task:
    return tasks.dynamics(**params)
