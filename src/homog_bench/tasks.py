"""Every ``@task`` of homog-bench, importable as ``homog_bench.tasks.<name>``.

The tasks live with the other Inspect adapters (:mod:`homog_bench.evals.tasks`,
:mod:`homog_bench.evals.xeno_tasks`); this module is the stable public path the
``tasks/*.py`` shims and the docs use.
"""

from homog_bench.evals.tasks import branching, dynamics, story_homogenization
from homog_bench.evals.xeno_tasks import (
    xeno_contrastive,
    xeno_instructed,
    xeno_sequential,
    xeno_values,
)

__all__ = [
    "branching",
    "dynamics",
    "story_homogenization",
    "xeno_contrastive",
    "xeno_instructed",
    "xeno_sequential",
    "xeno_values",
]
