"""The figures of a whole trunk, with bootstrap intervals (definitions in
:mod:`homog_bench.measures.dynamics`).

Intervals (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 13):
percentile bootstrap, resampling the continuations within each cut and the default
generations among themselves (the prefix systems are fixed). The commitment point's
interval comes from the bootstrap distribution of the commitment cut itself, read at
discrete quantiles (cut positions are discrete); a resample that never commits counts as
beyond the trunk, so ``high`` is ``inf`` when more than the upper tail of resamples does
not commit.

>>> s = [[1.0], [1.0], [0.0], [0.0]]   # two continuations at each of two cuts
>>> d = trunk_dynamics(s, [0, 0, 1, 1], default_systems=[[1.0], [0.0]], positions=[0, 10],
...              n_resamples=0)
>>> d.cores.tolist(), d.drift.value, [e.value for e in d.distance]
([[1.0], [0.0]], 1.0, [0.5, 0.5])
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from homog_bench.measures._util import FloatArray, as_systems
from homog_bench.measures.bootstrap import Estimate, bootstrap_cis, resample_weights
from homog_bench.measures.dynamics import (
    check_threshold,
    commitment_index,
    drift,
    entropy_bits,
    pull,
)
from homog_bench.measures.systems import norms
from homog_bench.measures.weighted import weighted_category_shares, weighted_mean

__all__ = ["AttributeCuts", "Commitment", "Dynamics", "trunk_dynamics"]


@dataclass(frozen=True)
class AttributeCuts:
    """One attribute's category for every continuation (``None`` = could not be read)."""

    categories: Sequence[str | None]
    support: Sequence[str] = ()
    """Categories reported first and in this order; other observed ones follow."""
    exclude: Collection[str] = ()
    """Categories left out of shares, entropy and commitment (e.g. ``unknown``)."""


@dataclass(frozen=True)
class Commitment:
    """The commitment point of one attribute, at cut positions.

    ``value`` is NaN (with a ``reason``) when the last cut is not committed;
    ``committed_share`` is the share of bootstrap resamples that commit within the
    trunk (NaN without resamples). ``high`` is ``inf`` when the upper tail of the
    resamples never commits.
    """

    value: float
    low: float
    high: float
    category: str | None
    committed_share: float
    reason: str | None = None


@dataclass(frozen=True)
class Dynamics:
    """Every figure of :func:`trunk_dynamics`; per-cut lists are in cut order."""

    positions: tuple[float, ...]
    cores: FloatArray
    default_core: FloatArray
    n_per_cut: tuple[int, ...]
    distance: list[Estimate]
    entropy: dict[str, list[Estimate]]
    shares: dict[str, tuple[list[str], FloatArray]]
    commitment: dict[str, Commitment]
    drift: Estimate
    displacement: Estimate
    pull: list[Estimate]
    """Per cut; empty without prefix systems."""
    pull_pooled: Estimate


class _Layout:
    """Rows 0..N−1 are continuations (cut labels), N..N+M−1 the default generations."""

    def __init__(
        self,
        systems: FloatArray,
        cuts: np.ndarray,
        n_cuts: int,
        default: FloatArray,
        onehots: dict[str, FloatArray],
    ) -> None:
        self.x = np.concatenate([systems, default], axis=0)
        self.members = [np.flatnonzero(cuts == k) for k in range(n_cuts)]
        self.default_rows = np.arange(systems.shape[0], self.x.shape[0])
        self.onehots = onehots
        self.groups = np.concatenate([cuts, np.full(default.shape[0], n_cuts)])

    def cores(self, w: FloatArray) -> FloatArray:
        """(b, K, n) cut cores."""
        n = self.x.shape[1]
        out = np.full((w.shape[0], len(self.members), n), np.nan, dtype=np.float64)
        for k, idx in enumerate(self.members):
            if idx.size:
                out[:, k, :] = weighted_mean(w[:, idx], self.x[idx])
        return out

    def default_core(self, w: FloatArray) -> FloatArray:
        """(b, n) default core."""
        if self.default_rows.size == 0:
            return np.full((w.shape[0], self.x.shape[1]), np.nan, dtype=np.float64)
        return weighted_mean(w[:, self.default_rows], self.x[self.default_rows])

    def shares(self, w: FloatArray, name: str) -> FloatArray:
        """(b, K, c) category shares of an attribute per cut."""
        onehot = self.onehots[name]
        out = np.full((w.shape[0], len(self.members), onehot.shape[1]), np.nan)
        for k, idx in enumerate(self.members):
            if idx.size:
                out[:, k, :] = weighted_category_shares(w[:, idx], onehot[idx])
        return out


def _onehot(spec: AttributeCuts, n_rows: int, name: str) -> tuple[list[str], FloatArray]:
    if isinstance(spec.categories, str) or len(spec.categories) != n_rows:
        raise ValueError(f"attribute {name}: expected {n_rows} categories")
    excluded = set(spec.exclude)
    seen = [c for c in spec.categories if c is not None and c not in excluded]
    support = [c for c in dict.fromkeys([*spec.support, *seen]) if c not in excluded]
    column = {c: j for j, c in enumerate(support)}
    onehot = np.zeros((n_rows, len(support)), dtype=np.float64)
    for i, c in enumerate(spec.categories):
        if c is not None and c in column:
            onehot[i, column[c]] = 1.0
    return support, onehot


def trunk_dynamics(
    systems: ArrayLike,
    cuts: ArrayLike,
    default_systems: ArrayLike | None = None,
    *,
    positions: Sequence[float] | None = None,
    attributes: Mapping[str, AttributeCuts] | None = None,
    prefix_systems: ArrayLike | None = None,
    threshold: float = 0.8,
    norm: str = "l2",
    normalized: bool = False,
    min_departure: float = 0.0,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Dynamics:
    """Per-cut and summary figures of a trunk (see the module docstring).

    ``systems`` (N, n): every continuation's system; ``cuts`` (N,): its cut index
    0..K−1 in trunk order; ``default_systems`` (M, n): the unconditioned generations
    (distances and pull are NaN without them); ``positions`` (K,): where each cut
    lies (default 0..K−1), the unit of the commitment point; ``prefix_systems``
    (K, n): each prefix read on its own, for the pull.
    """
    x = as_systems(systems)
    n_rows = x.shape[0]
    labels = np.asarray(cuts)
    if labels.shape != (n_rows,):
        raise ValueError(f"cuts must have shape ({n_rows},), got {labels.shape}")
    if n_rows and (not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0):
        raise ValueError("cuts must be non-negative integer cut indices")
    labels = labels.astype(np.int64)
    n_cuts = len(positions) if positions is not None else int(labels.max(initial=-1)) + 1
    if n_rows and labels.max() >= n_cuts:
        raise ValueError(f"a cut index is >= the number of positions ({n_cuts})")
    where = np.asarray(
        positions if positions is not None else range(n_cuts), dtype=np.float64
    ).reshape(-1)
    if np.any(np.diff(where) <= 0):
        raise ValueError("positions must increase along the trunk")
    n_structures = x.shape[1]
    if default_systems is None:
        default = np.empty((0, n_structures), dtype=np.float64)
    else:
        default = as_systems(default_systems)
        if default.shape[0] == 0:
            default = np.empty((0, n_structures), dtype=np.float64)
        elif default.shape[1] != n_structures:
            raise ValueError(
                f"default_systems has {default.shape[1]} structures, systems {n_structures}"
            )
    prefix = None
    if prefix_systems is not None:
        prefix = as_systems(prefix_systems)
        if prefix.shape != (n_cuts, n_structures):
            raise ValueError(f"prefix_systems must have shape {(n_cuts, n_structures)}")
    tau = check_threshold(threshold)
    specs = dict(attributes or {})
    supports: dict[str, list[str]] = {}
    onehots: dict[str, FloatArray] = {}
    for name, spec in specs.items():
        supports[name], onehots[name] = _onehot(spec, n_rows, name)
    layout = _Layout(x, labels, n_cuts, default, onehots)
    names = list(specs)

    def statistic(w: FloatArray) -> FloatArray:
        cores = layout.cores(w)
        base = layout.default_core(w)
        columns = [norms(cores - base[:, None, :], norm=norm, normalized=normalized)]
        columns += [entropy_bits(layout.shares(w, name)) for name in names]
        columns.append(drift(cores, norm=norm, normalized=normalized)[:, None])
        columns.append(_displacement(cores, norm, normalized)[:, None])
        if prefix is not None:
            per_cut, pooled = pull(base, prefix, cores, norm, normalized, min_departure)
            columns += [per_cut, pooled[:, None]]
        return np.concatenate(columns, axis=1)

    n_all = layout.x.shape[0]
    estimates = bootstrap_cis(
        statistic, n_all, n_resamples, confidence, groups=layout.groups, seed=seed
    )
    ones = np.ones((1, n_all), dtype=np.float64)
    point_cores = layout.cores(ones)[0]
    pieces = iter(_split(estimates, [n_cuts] * (1 + len(names)) + [1, 1]))
    distance = next(pieces)
    entropy = {name: next(pieces) for name in names}
    drift_estimate = next(pieces)[0]
    displacement = next(pieces)[0]
    pull_per_cut: list[Estimate] = []
    pooled = Estimate(math.nan, math.nan, math.nan, "no prefix systems")
    if prefix is not None:
        rest = estimates[len(estimates) - n_cuts - 1 :]
        pull_per_cut, pooled = rest[:n_cuts], rest[n_cuts]
    shares = {name: (supports[name], layout.shares(ones, name)[0]) for name in names}
    commitment = _commitments(
        layout, names, supports, where, tau, n_resamples, confidence, seed, shares
    )
    return Dynamics(
        positions=tuple(float(p) for p in where),
        cores=point_cores,
        default_core=layout.default_core(ones)[0],
        n_per_cut=tuple(int(idx.size) for idx in layout.members),
        distance=distance,
        entropy=entropy,
        shares=shares,
        commitment=commitment,
        drift=drift_estimate,
        displacement=displacement,
        pull=pull_per_cut,
        pull_pooled=pooled,
    )


def _displacement(cores: FloatArray, norm: str, normalized: bool) -> FloatArray:
    """‖c_last − c_first‖ over the cuts that have a core, shape (b,)."""
    present = ~np.isnan(cores).all(axis=(0, 2))
    kept = cores[:, present, :]
    if kept.shape[1] < 2:
        return np.zeros(cores.shape[0], dtype=np.float64)
    return norms(kept[:, -1, :] - kept[:, 0, :], norm=norm, normalized=normalized)


def _split(items: list[Estimate], sizes: list[int]) -> list[list[Estimate]]:
    out, start = [], 0
    for size in sizes:
        out.append(items[start : start + size])
        start += size
    return out


def _commitments(
    layout: _Layout,
    names: list[str],
    supports: dict[str, list[str]],
    where: FloatArray,
    tau: float,
    n_resamples: int,
    confidence: float,
    seed: int,
    shares: dict[str, tuple[list[str], FloatArray]],
) -> dict[str, Commitment]:
    n_cuts = where.size
    beyond = np.append(where, math.inf)  # index K: not committed within the trunk
    draws: dict[str, list[np.ndarray]] = {name: [] for name in names}
    n_all = layout.x.shape[0]
    resampling = n_resamples > 0 and n_cuts > 0 and n_all > 1
    if resampling:
        for chunk in resample_weights(n_all, n_resamples, groups=layout.groups, seed=seed):
            w = chunk.astype(np.float64)
            for name in names:
                draws[name].append(commitment_index(layout.shares(w, name), tau))
    tail = (1.0 - float(confidence)) / 2.0
    result = {}
    for name in names:
        support, point_shares = shares[name]
        k = int(commitment_index(point_shares, tau)) if n_cuts else 0
        category = None
        reason = None
        if k >= n_cuts:
            reason = "no commitment within the trunk" if n_cuts else "no cut points"
        else:
            category = support[int(np.nanargmax(point_shares[-1]))]
        value = float(beyond[k]) if k < n_cuts else math.nan
        if not resampling:
            why = reason or ("bootstrap disabled" if n_resamples == 0 else "no resampling possible")
            result[name] = Commitment(value, value, value, category, math.nan, why)
            continue
        boot = np.concatenate(draws[name])
        low, high = np.quantile(boot, [tail, 1.0 - tail], method="inverted_cdf")
        result[name] = Commitment(
            value,
            float(beyond[int(low)]),
            float(beyond[int(high)]),
            category,
            float(np.mean(boot < n_cuts)),
            reason,
        )
    return result
