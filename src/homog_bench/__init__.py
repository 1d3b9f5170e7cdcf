"""homog-bench: measure homogenization in language-model output with Inspect AI.

The package is organised one concept per module:

- :mod:`homog_bench.values` — stakeholder value files (schema, loader, JSON Schema export)
- :mod:`homog_bench.structures` — how a text becomes a system Λ(x) and attribute categories
- :mod:`homog_bench.measures` — the pure math (no Inspect imports)
- :mod:`homog_bench.scorers` / :mod:`homog_bench.metrics` — thin Inspect adapters
- :mod:`homog_bench.tasks` — every ``@task``
"""

__version__ = "0.1.0"
