"""Placeholder: written by benchmarks/fit_reader.py."""

CLASSES: tuple[str, ...] = ()
FEATURES: tuple[str, ...] = ()
MEAN: tuple[float, ...] = ()
SCALE: tuple[float, ...] = ()
COEF: tuple[tuple[float, ...], ...] = ()
INTERCEPT: tuple[float, ...] = ()
RANKS: tuple[str, ...] = ()
RANK_COEF: tuple[tuple[float, ...], ...] = ()
RANK_INTERCEPT: tuple[float, ...] = ()
