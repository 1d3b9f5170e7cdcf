"""Shim so that ``inspect eval tasks/story_homogenization.py`` runs the packaged task.

Same task, parameters and metrics as ``inspect eval homog_bench/story_homogenization``;
``-T`` parameters are passed through (see ``homog_bench.tasks.story_homogenization``).
"""

from typing import Any

from inspect_ai import Task, task

from homog_bench import tasks


@task
def story_homogenization(**params: Any) -> Task:
    return tasks.story_homogenization(**params)
