"""Placeholder: written by benchmarks/fit_reader.py."""

CLASSES: tuple[str, ...] = ()
FEATURES: tuple[str, ...] = ()
MEAN: tuple[float, ...] = ()
SCALE: tuple[float, ...] = ()
COEF: tuple[tuple[float, ...], ...] = ()
INTERCEPT: tuple[float, ...] = ()
