"""Shim so that ``inspect eval tasks/xeno_contrastive.py`` runs the packaged task.

Same task, parameters and metrics as ``inspect eval homog_bench/xeno_contrastive``;
``-T`` parameters are passed through (see ``homog_bench.tasks.xeno_contrastive``).
"""

from typing import Any

from inspect_ai import Task, task

from homog_bench import tasks


@task
def xeno_contrastive(**params: Any) -> Task:
    return tasks.xeno_contrastive(**params)
