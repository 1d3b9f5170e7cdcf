"""Semantic homogeneity from embeddings, without an N × N matrix.

For unit vectors e_i the mean pairwise cosine similarity is
(‖Σ e_i‖² − N) / (N (N − 1)); the Vendi score is exp of the Shannon entropy of the
eigenvalues of K/N with K = XXᵀ, which are the eigenvalues of the d × d matrix XᵀX/N
(the N × N form is used only when N < d, where it is the smaller one).
Both cost O(N d²) time and O(min(N, d)²) extra memory.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from homog_bench.measures._result import Measured, undefined

__all__ = [
    "mean_pairwise_similarity",
    "normalize_rows",
    "vendi_score",
    "weighted_mean_pairwise_similarity",
]


def normalize_rows(embeddings: ArrayLike) -> NDArray[np.float64]:
    """Rows scaled to unit length; all-zero rows stay zero.

    >>> normalize_rows([[3.0, 4.0], [0.0, 0.0]]).tolist()
    [[0.6, 0.8], [0.0, 0.0]]
    """
    x = np.asarray(embeddings, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"embeddings must be 2-D (N, d), got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    unit: NDArray[np.float64] = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    return unit


def mean_pairwise_similarity(embeddings: ArrayLike) -> Measured:
    """Mean cosine similarity over the N (N − 1) ordered pairs of distinct rows.

    >>> mean_pairwise_similarity([[1, 0], [1, 0], [0, 1]]).value  # pairs: 1, 0, 0
    0.3333333333333333
    >>> mean_pairwise_similarity([[1, 0]])
    Measured(value=nan, reason='fewer than 2 generations')
    """
    x = normalize_rows(embeddings)
    n = x.shape[0]
    if n < 2:
        return undefined("fewer than 2 generations")
    zero = int((~x.any(axis=1)).sum())
    if zero:
        return undefined(f"{zero} embedding(s) of length 0")
    return Measured(float(weighted_mean_pairwise_similarity(np.ones((1, n)), x)[0]))


def vendi_score(embeddings: ArrayLike) -> Measured:
    """Vendi score with the cosine kernel: effective number of distinct generations, in [1, N].

    >>> round(vendi_score([[1, 0], [1, 0], [0, 1], [0, 1]]).value, 6)  # two distinct modes
    2.0
    >>> vendi_score([[1, 0], [1, 0]]).value
    1.0
    """
    x = normalize_rows(embeddings)
    n = x.shape[0]
    if n == 0:
        return undefined("no generations")
    if not x.any():
        return undefined("every embedding has length 0")
    # XᵀX/N (d × d) and XXᵀ/N (N × N) share their non-zero eigenvalues: use the smaller
    gram = x @ x.T if n < x.shape[1] else x.T @ x
    eig = np.linalg.eigvalsh(gram / n)
    p = eig[eig > 1e-12]
    p = p / p.sum()
    return Measured(float(np.exp(-(p * np.log(p)).sum())))


def weighted_mean_pairwise_similarity(
    weights: ArrayLike, embeddings: ArrayLike
) -> NDArray[np.float64]:
    """Mean cosine similarity over pairs of distinct draws, under each row of W: shape (b,).

    With counts w (a bootstrap resample) and unit rows e_i, the pairs of draws that
    are copies of the same generation are left out, so resampling does not inflate
    the figure: (‖Σ w_i e_i‖² − Σ w_i²) / ((Σ w_i)² − Σ w_i²). At W = ones this is
    :func:`mean_pairwise_similarity`. Cost O(b N d), no N × N matrix.

    >>> e = [[1, 0], [1, 0], [0, 1]]
    >>> weighted_mean_pairwise_similarity([[1, 1, 1], [1, 1, 0], [2, 0, 1]], e).round(4).tolist()
    [0.3333, 1.0, 0.0]
    """
    x = normalize_rows(embeddings)
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 2 or w.shape[1] != x.shape[0]:
        raise ValueError(f"weights must have shape (b, {x.shape[0]}), got {w.shape}")
    total = w @ x
    squares = (w**2).sum(axis=1)
    n = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result: NDArray[np.float64] = ((total**2).sum(axis=1) - squares) / (n**2 - squares)
    return result
