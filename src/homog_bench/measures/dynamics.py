"""Dynamics along a text: where the core moves, and where a story commits.

Setup. A *trunk* (one text) is cut at K points, at increasing positions along it
(tokens or words). From the prefix that ends at cut k, m_k continuations are sampled
and each is read into its system Λ; M generations of the unconditioned prompt give
the *default* core ⟨Λ⟩₀. Then, per cut k:

* the **core** c_k: the mean system of the continuations from cut k;
* its **distance** d_k = ‖c_k − ⟨Λ⟩₀‖ from the default (the deviance norm, missing
  components left out, see :func:`~homog_bench.measures.systems.norms`);
* the **entropy** H_k(a) of each attribute a: the Shannon entropy, in bits, of the
  category shares among the continuations from cut k (excluded categories left out;
  0 when every kept continuation has the same category, 1 for an even split of two).

And along the trunk:

* the **commitment point** of attribute a at threshold τ ∈ (0.5, 1]: let c* be the
  dominant category at the last cut; the commitment point is the position of the
  first cut k such that the share of c* is ≥ τ at k and at every later cut. Because
  τ > 0.5, at most one category can hold that share at a cut, so the story has
  committed to c* from k on. There is none (NaN) when the last cut's dominant share
  is below τ; a cut where no continuation has a kept category breaks the run.
* the **drift**: the path length of the core along the trunk,
  Σ_k ‖c_{k+1} − c_k‖ over consecutive cuts that have a core. Each c_k carries
  sampling noise, and the noise adds to every step, so the drift of a trunk whose
  true core never moves is still positive (about K·√2·(noise of one core) for the
  l2 norm); compare it with the **displacement** ‖c_last − c_first‖, which the noise
  enters once.
* the **pull** at cut k: with π_k = Λ(prefix_k), the system of the prefix read on its
  own, and its departure δ_k = ‖π_k − ⟨Λ⟩₀‖ from the default,

      pull_k = 1 − d_k / δ_k      (defined when δ_k > ``min_departure``).

  1 means the continuations snap fully back to the default (the departure of the
  prefix is undone), 0 that they stay as far from the default as the prefix, a
  negative value that they move further away. The pull of the whole trunk pools the
  departing cuts: 1 − Σ d_k / Σ δ_k. Distances, not directions, are compared: a
  continuation distribution that leaves the default in another direction than the
  prefix counts as not pulled back.

The figures of a whole trunk, with bootstrap intervals over the continuations:
:func:`homog_bench.measures.trunk.trunk_dynamics`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, as_systems
from homog_bench.measures.systems import norms

__all__ = ["check_threshold", "commitment_index", "drift", "entropy_bits", "pull"]


def entropy_bits(shares: ArrayLike) -> FloatArray:
    """Shannon entropy in bits along the last axis; NaN rows stay NaN.

    >>> entropy_bits([[0.5, 0.5], [1.0, 0.0], [0.25, 0.75]]).round(4).tolist()
    [1.0, 0.0, 0.8113]
    """
    p = np.asarray(shares, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
    result = np.asarray(terms.sum(axis=-1) + 0.0, dtype=np.float64)
    result[np.isnan(p).any(axis=-1)] = np.nan
    return result


def commitment_index(shares: ArrayLike, threshold: float = 0.8) -> np.ndarray:
    """The commitment cut of each row of a (…, K, c) share array, as an integer array.

    The first cut k from which the share of the last cut's dominant category stays
    ≥ ``threshold`` (in (0.5, 1]); K when the last cut's dominant share is below it
    (no commitment within the trunk). NaN shares (no kept continuation) break a run.

    >>> shares = [[0.5, 0.5], [1.0, 0.0], [0.6, 0.4], [0.9, 0.1], [1.0, 0.0]]
    >>> int(commitment_index(shares, 0.8))
    3
    >>> int(commitment_index([[0.9, 0.1], [0.1, 0.9]], 0.8))  # switched at the last cut
    1
    >>> int(commitment_index([[0.9, 0.1], [0.7, 0.3]], 0.8))  # K: never committed
    2
    """
    tau = check_threshold(threshold)
    p = np.asarray(shares, dtype=np.float64)
    if p.ndim < 2:
        raise ValueError(f"shares must have shape (..., K, c), got {p.shape}")
    n_cuts = p.shape[-2]
    if n_cuts == 0 or p.shape[-1] == 0:
        return np.full(p.shape[:-2], n_cuts, dtype=np.int64)
    last = np.where(np.isnan(p[..., -1, :]), -1.0, p[..., -1, :])
    dominant = np.argmax(last, axis=-1)
    chosen = np.take_along_axis(p, dominant[..., None, None], axis=-1)[..., 0]
    with np.errstate(invalid="ignore"):
        held = chosen >= tau  # NaN compares False
    trailing = np.cumprod(held[..., ::-1], axis=-1).sum(axis=-1)
    return np.asarray(n_cuts - trailing, dtype=np.int64)


def drift(cores: ArrayLike, norm: str = "l2", normalized: bool = False) -> FloatArray:
    """Path length Σ ‖c_{k+1} − c_k‖ of (…, K, n) cores, shape (…).

    Cuts whose core is all NaN are skipped (their neighbours are joined); fewer than
    two cuts left gives 0.

    >>> float(drift([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]))
    2.0
    >>> float(drift([[0.0], [float("nan")], [0.5]], norm="l1"))
    0.5
    """
    c = np.asarray(cores, dtype=np.float64)
    if c.ndim < 2:
        raise ValueError(f"cores must have shape (..., K, n), got {c.shape}")
    present = ~np.isnan(c).all(axis=(*range(c.ndim - 2), c.ndim - 1))
    c = c[..., present, :]
    if c.shape[-2] < 2:
        return np.zeros(c.shape[:-2], dtype=np.float64)
    steps = norms(np.diff(c, axis=-2), norm=norm, normalized=normalized)
    return np.asarray(steps.sum(axis=-1), dtype=np.float64)


def pull(
    default_core: ArrayLike,
    prefix_systems: ArrayLike,
    cut_cores: ArrayLike,
    norm: str = "l2",
    normalized: bool = False,
    min_departure: float = 0.0,
) -> tuple[FloatArray, FloatArray]:
    """Pull per cut 1 − d_k / δ_k and pooled 1 − Σd/Σδ over cuts with δ_k > min_departure.

    Shapes: ``default_core`` (…, n), ``prefix_systems`` (K, n), ``cut_cores`` (…, K, n);
    returns per-cut pull (…, K) (NaN where the prefix does not depart) and the pooled
    pull (…) (NaN when no cut departs).

    >>> per_cut, pooled = pull([0.5, 0.5], [[0.5, 0.5], [0.0, 1.0], [0.0, 1.0]],
    ...                        [[0.5, 0.5], [0.5, 0.5], [0.25, 0.75]], norm="l1")
    >>> per_cut.tolist(), float(pooled)
    ([nan, 1.0, 0.5], 0.75)
    """
    base = np.asarray(default_core, dtype=np.float64)
    prefix = as_systems(prefix_systems)
    c = np.asarray(cut_cores, dtype=np.float64)
    if c.shape[-2:] != prefix.shape or base.shape[-1:] != prefix.shape[1:]:
        raise ValueError(
            f"shapes do not fit: default_core {base.shape}, prefix_systems {prefix.shape}, "
            f"cut_cores {c.shape}"
        )
    departure = norms(prefix - base[..., None, :], norm=norm, normalized=normalized)
    distance = norms(c - base[..., None, :], norm=norm, normalized=normalized)
    with np.errstate(invalid="ignore", divide="ignore"):
        departs = (departure > min_departure) & ~np.isnan(distance)
        per_cut = np.where(departs, 1.0 - distance / departure, np.nan)
        total_departure = np.where(departs, departure, 0.0).sum(axis=-1)
        total_distance = np.where(departs, distance, 0.0).sum(axis=-1)
        pooled = np.where(total_departure > 0, 1.0 - total_distance / total_departure, np.nan)
    return np.asarray(per_cut, dtype=np.float64), np.asarray(pooled, dtype=np.float64)


def check_threshold(threshold: float) -> float:
    tau = float(threshold)
    if isinstance(threshold, bool) or not 0.5 < tau <= 1.0:
        raise ValueError(f"threshold must be in (0.5, 1], got {threshold!r}")
    return tau
