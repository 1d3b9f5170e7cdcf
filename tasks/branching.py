"""Shim so that ``inspect eval tasks/branching.py`` runs the packaged task.

Same task, parameters and metrics as ``inspect eval homog_bench/branching``;
``-T`` parameters are passed through (see ``homog_bench.tasks.branching``).
"""

from typing import Any

from inspect_ai import Task, task

from homog_bench import tasks


@task
def branching(**params: Any) -> Task:
    return tasks.branching(**params)
