"""Dependency-light embeddings: hashed TF-IDF (scikit-learn), no model download.

Words are hashed into 2**20 buckets (unigrams, English stop words removed, sublinear
term frequency) and weighted by inverse document frequencies learned once from the
stories bundled in ``datasets/labeled/``; a word those stories never use gets the
largest weight. Rows are L2-normalized, so :meth:`TfidfEmbedder.similarity` is an
exact cosine between sparse vectors.

For the semantic figures every generation also gets a dense 384-dimensional vector:
a fixed count-sketch projection of its sparse vector (each bucket is sent to one
output coordinate with a random sign, seeded). Inner products are preserved in
expectation, with a per-pair error of about ±1/√384 ≈ 0.05 that averages out in the
mean pairwise similarity.

>>> e = TfidfEmbedder()
>>> sim = e.similarity(["Two brides kissed at the altar."], ["brides at a wedding", "a tax audit"])
>>> bool(sim[0, 0] > sim[0, 1])
True
>>> e.embed(["a tale"]).shape
(1, 384)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from homog_bench._data import data_path

Sparse = Any  # scipy.sparse matrices carry no usable type information

N_FEATURES = 2**20
DIM = 384
SKETCH_SEED = 20261129


def _background_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(data_path("labeled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
    return texts


class TfidfEmbedder:
    """Hashed TF-IDF vectors (exact sparse cosines) and a 384-d sketch of them."""

    name = "tfidf"
    dim = DIM

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

        self._hasher = HashingVectorizer(
            n_features=N_FEATURES, alternate_sign=False, norm=None, stop_words="english"
        )
        self._idf = TfidfTransformer(sublinear_tf=True).fit(
            self._hasher.transform(_background_texts())
        )

    def sparse(self, texts: Sequence[str]) -> Sparse:
        """L2-normalized TF-IDF rows (an all-stop-word text gives a zero row)."""
        result: Sparse = self._idf.transform(self._hasher.transform(list(texts)))
        return result

    @cached_property
    def _sketch(self) -> Sparse:
        rng = np.random.default_rng(SKETCH_SEED)
        columns = rng.integers(0, DIM, size=N_FEATURES)
        signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=N_FEATURES)
        return sparse.csr_matrix(
            (signs, (np.arange(N_FEATURES), columns)), shape=(N_FEATURES, DIM), dtype=np.float32
        )

    def encode(self, texts: Sequence[str]) -> Sparse:
        """The backend's own representation: sparse TF-IDF rows."""
        return self.sparse(texts)

    def dense(self, encoded: Sparse) -> NDArray[np.float32]:
        """Dense unit rows of the sketch (zero rows for texts with no content words)."""
        projected = np.asarray((encoded @ self._sketch).todense(), dtype=np.float32)
        norms = np.linalg.norm(projected, axis=1, keepdims=True)
        unit: NDArray[np.float32] = np.divide(
            projected, norms, out=np.zeros_like(projected), where=norms > 0
        )
        return unit

    def cosine(self, a: Sparse, b: Sparse) -> NDArray[np.float64]:
        """Exact cosine similarity of the rows of ``a`` (rows) to those of ``b`` (columns)."""
        return np.asarray((a @ b.T).todense(), dtype=np.float64)

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Dense unit rows for the semantic figures."""
        return self.dense(self.encode(texts))

    def similarity(self, texts: Sequence[str], references: Sequence[str]) -> NDArray[np.float64]:
        """Exact cosine similarity of each text (rows) to each reference (columns)."""
        return self.cosine(self.encode(texts), self.encode(references))
