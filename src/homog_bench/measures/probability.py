"""Weights from the model's own probabilities p(y), for the generalized cores.

Every generalized core (:func:`~homog_bench.measures.generalized.generalized_core`)
takes per-generation ``weights``. By default each sampled generation counts once, so the
distribution over distinct systems is the empirical frequency. This module gives the two
other weightings the model's sequence log-probabilities make possible, and the diagnostic
that says when to trust them.

Which weighting is right
------------------------
* **Empirical frequencies** (no weights). When the generations were sampled from the
  model at temperature 1 without truncation (no top-p / top-k), the frequency of each
  system already estimates the model's distribution over systems, without bias, and the
  standard core (q, r) = (1, 1) is the model's expected system. Nothing is gained by
  p(y) here: this is the default and the right choice for long free-form text.
* **Importance weights** w_i ∝ p(y_i) / s(y_i) (:func:`importance_weights`), when the
  generations were drawn from a sampler s that is not the model (temperature ≠ 1,
  top-p, top-k) and you want the model's own distribution. Both log-probabilities are
  needed per generation: the model's and the sampler's (the tempered, truncated one).
  Providers that report *raw* model log-probabilities only (the bundled ``homog-local``
  provider, OpenAI-compatible servers) give p, not s; then use the next weighting.
* **Distinct-output weights** w_y ∝ p(y) over the *distinct* generated texts
  (:func:`distinct_output_weights`; a repeated text counts once). The distribution over
  systems is then Σ p(y) over the observed texts with that system, renormalized over
  the observed texts: it does not depend on how the texts were sampled (only on which
  ones were seen), so it is the option at temperature ≠ 1 when s is unknown, and it is
  what gives the escort order r a meaning over distinct outputs: with empirical
  frequencies every distinct text has frequency 1/N and every r gives the same
  uniform escort. It is biased toward the observed support (unseen texts carry mass)
  and becomes exact as the support is covered, e.g. for short answers (one name, one
  word) that repeat.

Variance of self-normalized weights
-----------------------------------
Both p(y)-based weightings are self-normalized (divided by their sum over the sample),
which makes the estimate biased for small N and, when the weights are uneven, very
noisy. :func:`effective_sample_size` (Σw)² / Σw² (Kish 1965; Owen 2013, *Monte Carlo
theory, methods and examples*, §9.3) says how many equally weighted generations the
weighted sample is worth. For long texts p(y) spans hundreds of nats, so one generation
takes nearly all the weight and the effective sample size is ≈ 1: the p(y)-weighted core
is then the system of the single likeliest sample, not an estimate of anything, and the
empirical core should be reported instead.

>>> logp = [-2.0, -2.0, -2.0 - math.log(3)]
>>> w = distinct_output_weights(logp, ["a", "b", "c"])
>>> w.round(4).tolist()
[0.4286, 0.4286, 0.1429]
>>> round(effective_sample_size(w).value, 6)  # 49 / 19: weights 3 : 3 : 1
2.578947
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._result import Measured, undefined
from homog_bench.measures._util import FloatArray

__all__ = [
    "SequenceLogprob",
    "distinct_output_weights",
    "effective_sample_size",
    "importance_weights",
    "sequence_logprob",
]


class SequenceLogprob(NamedTuple):
    """The log-probability of one generation."""

    total: float
    """log p(y) = Σ_t log p(y_t | y_<t)."""
    mean: float
    """The per-token mean log-probability (NaN for an empty generation)."""
    n_tokens: int
    """How many tokens the generation has."""


def sequence_logprob(token_logprobs: Sequence[float]) -> SequenceLogprob:
    """The log-probability of a generation from its tokens' log-probabilities.

    >>> s = sequence_logprob([-0.5, -1.0, -1.5])
    >>> s.total, s.mean, s.n_tokens
    (-3.0, -1.0, 3)
    >>> sequence_logprob([])
    SequenceLogprob(total=0.0, mean=nan, n_tokens=0)
    """
    values = np.asarray(token_logprobs, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError(f"token_logprobs must be 1-D, got shape {values.shape}")
    if np.any(np.isnan(values)) or np.any(values > 0):
        raise ValueError("token log-probabilities must be numbers <= 0")
    n = int(values.size)
    total = float(values.sum())
    return SequenceLogprob(total, total / n if n else math.nan, n)


def _normalize_log(logw: FloatArray) -> FloatArray:
    """exp(logw) / Σ exp(logw), in log space; −inf entries get 0."""
    out = np.zeros(logw.shape, dtype=np.float64)
    finite = np.isfinite(logw)
    if not np.any(finite):
        return np.full(logw.shape, np.nan, dtype=np.float64)
    z = logw[finite] - logw[finite].max()
    e = np.exp(z)
    out[finite] = e / e.sum()
    return out


def _as_logprobs(values: ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if np.any(np.isnan(array)) or np.any(array > 0) or np.any(array == math.inf):
        raise ValueError(f"{name} must be log-probabilities (numbers <= 0, -inf allowed)")
    return array


def importance_weights(model_logprob: ArrayLike, sampler_logprob: ArrayLike) -> FloatArray:
    """Self-normalized importance weights w_i ∝ p(y_i) / s(y_i), summing to 1.

    ``model_logprob``: log p(y_i) under the model; ``sampler_logprob``: log s(y_i) under
    the distribution the generations were actually drawn from (e.g. the tempered one).
    Equal log-probabilities (temperature 1, no truncation) give equal weights, i.e. the
    empirical frequencies. Computed in log space, so sums of hundreds of nats are fine.
    All weights NaN when every p(y_i) is 0.

    >>> importance_weights([-1.0, -1.0], [-1.0, -1.0]).tolist()
    [0.5, 0.5]
    >>> importance_weights([-1.0, -2.0], [-2.0, -2.0]).round(4).tolist()  # e : 1
    [0.7311, 0.2689]
    """
    p = _as_logprobs(model_logprob, "model_logprob")
    s = _as_logprobs(sampler_logprob, "sampler_logprob")
    if p.shape != s.shape:
        raise ValueError(f"model_logprob and sampler_logprob differ in shape: {p.shape}, {s.shape}")
    if np.any(np.isinf(s) & np.isfinite(p)):
        raise ValueError("a generation has sampler probability 0 but was sampled")
    with np.errstate(invalid="ignore"):
        logw = np.where(np.isinf(p), -np.inf, p - s)
    return _normalize_log(logw)


def distinct_output_weights(logprob: ArrayLike, keys: Sequence[Hashable]) -> FloatArray:
    """Weights ∝ p(y) over the distinct outputs, summing to 1.

    ``keys`` identify the output (usually its text); the first occurrence of each
    distinct key gets exp(logprob) (renormalized), repeats get 0, so a text sampled
    twice counts once. Pass the result as ``weights`` to
    :func:`~homog_bench.measures.generalized.generalized_core`.

    >>> distinct_output_weights([-1.0, -1.0, -1.0], ["a", "a", "b"]).tolist()
    [0.5, 0.0, 0.5]
    """
    logp = _as_logprobs(logprob, "logprob")
    if len(keys) != logp.size:
        raise ValueError(f"keys has {len(keys)} entries, logprob {logp.size}")
    first: dict[Hashable, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    logw = np.full(logp.shape, -np.inf, dtype=np.float64)
    for i in first.values():
        logw[i] = logp[i]
    return _normalize_log(logw)


def effective_sample_size(weights: ArrayLike) -> Measured:
    """Kish's effective sample size (Σw)² / Σw² of non-negative weights.

    Equal weights give N, one weight holding everything gives 1.

    >>> effective_sample_size([1, 1, 1, 1]).value
    4.0
    >>> effective_sample_size([1.0, 0.0, 0.0]).value
    1.0
    >>> effective_sample_size([0.0, 0.0])
    Measured(value=nan, reason='no positive weight')
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-D, got shape {w.shape}")
    if np.any(np.isnan(w)) or np.any(w < 0) or np.any(np.isinf(w)):
        raise ValueError("weights must be finite and non-negative")
    total = float(w.sum())
    if not total > 0:
        return undefined("no positive weight")
    scaled = w / w.max()
    return Measured(float(scaled.sum() ** 2 / (scaled * scaled).sum()))
