"""Pure figures (no Inspect imports): from plain per-generation records to named figures.

:mod:`~homog_bench.figures.catalog` names every figure and metadata key;
:mod:`~homog_bench.figures.story` computes the story figures,
:mod:`~homog_bench.figures.experiments` the xeno and branching ones;
:mod:`~homog_bench.figures.validity` says whether an answer still answers its prompt.
"""
