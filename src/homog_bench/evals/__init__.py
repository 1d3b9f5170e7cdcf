"""The Inspect adapters: the tasks, solvers, scorers and metrics Inspect runs.

:mod:`~homog_bench.evals.tasks` (every ``@task``), :mod:`~homog_bench.evals.solvers`,
:mod:`~homog_bench.evals.scorers` (``homogenization``, ``xeno_homogenization``),
:mod:`~homog_bench.evals.metrics` (one metric per task kind), the ``-T``/``-S`` checks
(:mod:`~homog_bench.evals.params`) and the loaders of prompt sets
(:mod:`~homog_bench.evals.prompts`) and branching experiments
(:mod:`~homog_bench.evals.branching_files`).
"""
