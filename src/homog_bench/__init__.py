"""homog-bench: measure homogenization in language-model output with Inspect AI.

Data flows one way (``docs/architecture.md``): dataset → solver → generation →
structures (read) → scorer → metric (figures) → log → report.

- :mod:`homog_bench.values` — stakeholder value files (schema, loader, JSON Schema export)
- :mod:`homog_bench.structures` — how a text becomes a system Λ(x) and attribute categories
- :mod:`homog_bench.measures` — the pure math (no Inspect imports, no other project module)
- :mod:`homog_bench.figures` — pure figures and the catalog of figure names
- :mod:`homog_bench.evals` — the Inspect adapters (tasks, solvers, scorers, metrics)
- :mod:`homog_bench.report` — summary, leaderboard and agreement from logs
"""

__version__ = "0.1.0"
