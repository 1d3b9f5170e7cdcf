"""Cross-model homogeneity: do different models collapse onto the *same* defaults?

Pure math on names and embeddings (numpy only, no Inspect imports), doctested.

- Top-name overlap: each model's k most common protagonist names (case-folded,
  ties broken alphabetically) and the Jaccard index of those sets for every pair of
  models. 1 = the two models favour exactly the same names.
- Semantic similarity between models: for each prompt, the mean cosine similarity
  over every pair (a generation of model A, a generation of model B). For unit
  vectors that mean is (Σa)·(Σb) / (N_A N_B), so no N_A × N_B matrix is built; the
  figure is averaged over the prompts both models answered (each prompt weighs
  the same). The diagonal (A with A) is the within-model mean pairwise similarity
  over distinct generations, (‖Σa‖² − N) / (N (N − 1)), averaged the same way, so a
  between-model value close to the diagonal means the models share their defaults.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

__all__ = [
    "PromptSums",
    "between_similarity",
    "jaccard",
    "mean_off_diagonal",
    "overlap_matrix",
    "similarity_matrix",
    "top_names",
    "within_similarity",
]


def top_names(names: Iterable[str | None], k: int = 5) -> list[tuple[str, int]]:
    """The k most common names (case-folded), with counts; ties alphabetical.

    >>> top_names(["Elara", "elara", "Marcus", None, "Kai", "Marcus", "Ada"], k=3)
    [('elara', 2), ('marcus', 2), ('ada', 1)]
    """
    counts = Counter(n.casefold() for n in names if n)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B|; NaN when both are empty.

    >>> jaccard(["elara", "marcus", "kai"], ["elara", "kai", "ada", "lena"])
    0.4
    >>> jaccard([], [])
    nan
    """
    sa, sb = set(a), set(b)
    union = sa | sb
    return len(sa & sb) / len(union) if union else math.nan


def overlap_matrix(tops: Sequence[Iterable[str]]) -> FloatArray:
    """Pairwise Jaccard of top-name sets (the diagonal is 1, or NaN for a model without names).

    >>> overlap_matrix([["a", "b"], ["b", "c"], []]).tolist()
    [[1.0, 0.3333333333333333, 0.0], [0.3333333333333333, 1.0, 0.0], [0.0, 0.0, nan]]
    """
    sets = [set(t) for t in tops]
    out = np.empty((len(sets), len(sets)))
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            out[i, j] = jaccard(a, b)
    return out


def mean_off_diagonal(matrix: FloatArray) -> float:
    """Mean of the finite off-diagonal entries; NaN when there are none.

    >>> mean_off_diagonal(np.array([[1.0, 0.2, 0.4], [0.2, 1.0, np.nan], [0.4, np.nan, 1.0]]))
    0.30000000000000004
    """
    n = matrix.shape[0]
    mask = ~np.eye(n, dtype=bool) & np.isfinite(matrix)
    return float(matrix[mask].mean()) if mask.any() else math.nan


@dataclass
class PromptSums:
    """Per prompt: the sum of one model's unit embeddings and their count."""

    sums: dict[str, FloatArray] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, prompt: str, vector: NDArray[np.floating]) -> None:
        """Add one generation's embedding (normalized here; a zero vector is skipped)."""
        v = np.asarray(vector, dtype=np.float64)
        norm = float(np.linalg.norm(v))
        if norm == 0.0 or not math.isfinite(norm):
            return
        v = v / norm
        if prompt in self.sums:
            self.sums[prompt] += v
        else:
            self.sums[prompt] = v.copy()
        self.counts[prompt] = self.counts.get(prompt, 0) + 1

    @staticmethod
    def of(vectors: Mapping[str, Sequence[Sequence[float]]]) -> PromptSums:
        """From ``{prompt: [vector, ...]}``.

        >>> s = PromptSums.of({"p": [[3.0, 4.0], [0.0, 2.0]]})
        >>> s.sums["p"].tolist(), s.counts["p"]
        ([0.6, 1.8], 2)
        """
        out = PromptSums()
        for prompt, rows in vectors.items():
            for row in rows:
                out.add(prompt, np.asarray(row, dtype=np.float64))
        return out


def between_similarity(a: PromptSums, b: PromptSums) -> float:
    """Mean cosine over all cross pairs, per shared prompt, averaged over prompts.

    Model A writes [1, 0] twice, model B writes [1, 0] and [0, 1]: the four cross
    pairs score 1, 0, 1, 0.

    >>> a = PromptSums.of({"p": [[1, 0], [1, 0]]})
    >>> b = PromptSums.of({"p": [[1, 0], [0, 1]], "q": [[1, 0]]})
    >>> between_similarity(a, b)
    0.5
    >>> between_similarity(a, PromptSums.of({"q": [[1, 0]]}))  # no shared prompt
    nan
    """
    shared = sorted(set(a.sums) & set(b.sums))
    if not shared:
        return math.nan
    values = [float(a.sums[p] @ b.sums[p]) / (a.counts[p] * b.counts[p]) for p in shared]
    return float(np.mean(values))


def within_similarity(a: PromptSums) -> float:
    """Mean pairwise cosine over distinct generations of one model, averaged over prompts
    (prompts with fewer than two generations are left out).

    >>> within_similarity(PromptSums.of({"p": [[1, 0], [1, 0], [0, 1]], "q": [[0, 1]]}))
    0.3333333333333333
    """
    values = [
        (float(s @ s) - a.counts[p]) / (a.counts[p] * (a.counts[p] - 1))
        for p, s in sorted(a.sums.items())
        if a.counts[p] > 1
    ]
    return float(np.mean(values)) if values else math.nan


def similarity_matrix(models: Sequence[PromptSums | None]) -> FloatArray:
    """Between-model similarity off the diagonal, within-model on it; NaN where a model
    has no embeddings. Each entry is :func:`between_similarity` (resp.
    :func:`within_similarity`), computed for all pairs at once: per prompt, one matrix
    product of the models' mean vectors, so a thousand runs take a second, not minutes.

    >>> a = PromptSums.of({"p": [[1, 0], [1, 0]]})
    >>> b = PromptSums.of({"p": [[1, 0], [0, 1]], "q": [[0, 1]]})
    >>> similarity_matrix([a, b, None]).tolist()
    [[1.0, 0.5, nan], [0.5, 0.0, nan], [nan, nan, nan]]
    >>> similarity_matrix([a, PromptSums.of({"q": [[1, 0]]})]).tolist()  # no shared prompt
    [[1.0, nan], [nan, nan]]
    """
    n = len(models)
    usable = {i: m for i, m in enumerate(models) if m is not None and m.sums}
    total = np.zeros((n, n))
    shared = np.zeros((n, n))
    for prompt in sorted({p for m in usable.values() for p in m.sums}):
        rows = [i for i, m in usable.items() if prompt in m.sums]
        means = np.stack([usable[i].sums[prompt] / usable[i].counts[prompt] for i in rows])
        block = np.ix_(rows, rows)
        total[block] += means @ means.T
        shared[block] += 1
    out = np.full((n, n), math.nan)
    np.divide(total, shared, out=out, where=shared > 0)
    for i in range(n):
        out[i, i] = within_similarity(usable[i]) if i in usable else math.nan
    return out
