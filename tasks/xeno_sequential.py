"""Shim so that ``inspect eval tasks/xeno_sequential.py`` runs the packaged task.

Same task, parameters and metrics as ``inspect eval homog_bench/xeno_sequential``;
``-T`` parameters are passed through (see ``homog_bench.tasks.xeno_sequential``).
"""

from typing import Any

from inspect_ai import Task, task

from homog_bench import tasks


@task
def xeno_sequential(**params: Any) -> Task:
    return tasks.xeno_sequential(**params)
