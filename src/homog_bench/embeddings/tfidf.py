"""Dependency-light embeddings: hashed TF-IDF (scikit-learn), no model download.

Words are hashed into 2**20 buckets (unigrams, English stop words removed, sublinear
term frequency) and weighted by inverse document frequencies learned once from the
labeled stories named in :data:`IDF_CORPUS` (a fixed list: adding a labeled set must
not move every semantic figure); a word those stories never use gets the largest
weight. Rows are L2-normalized, so :meth:`TfidfEmbedder.similarity` is an
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
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.utils import murmurhash3_32

from homog_bench._data import data_path

Sparse = Any  # scipy.sparse matrices carry no usable type information

N_FEATURES = 2**20
DIM = 384
SKETCH_SEED = 20261129
#: The labeled sets (``datasets/labeled/``) whose stories give the IDF weights.
IDF_CORPUS = (
    "protagonists.jsonl",
    "protagonists_heldout.jsonl",
    "smollm2_test.jsonl",
    "smollm2_tune.jsonl",
)


#: Distinct words whose hashed column is remembered (the cache starts over when full).
MAX_CACHED_WORDS = 200_000
_INT32_MIN = -(2**31)


def hashed_column(word: str) -> int:
    """The column scikit-learn's ``HashingVectorizer`` gives ``word``: ``|murmurhash3|`` of
    its UTF-8 bytes (seed 0) modulo :data:`N_FEATURES`, with its rule for -2**31.

    >>> from sklearn.feature_extraction.text import HashingVectorizer
    >>> hv = HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None)
    >>> int(hv.transform(["zebra"]).indices[0]) == hashed_column("zebra")
    True
    """
    h = int(murmurhash3_32(word, seed=0))
    if h == _INT32_MIN:
        return (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES
    return abs(h) % N_FEATURES


def _background_texts() -> list[str]:
    texts: list[str] = []
    for path in (data_path("labeled", name) for name in IDF_CORPUS):
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
        fitted = TfidfTransformer(sublinear_tf=True).fit(
            self._hasher.transform(_background_texts())
        )
        # plain arrays: weighting and projecting a row then cost O(its words), not O(2**20)
        self._idf = np.asarray(fitted.idf_, dtype=np.float64)
        rng = np.random.default_rng(SKETCH_SEED)
        self._columns = rng.integers(0, DIM, size=N_FEATURES)
        self._signs = rng.choice(np.array([-1.0, 1.0]), size=N_FEATURES)
        # the hasher's own tokens (same lowercasing, pattern and stop words), hashed once
        # per distinct word instead of once per occurrence
        self._analyze = self._hasher.build_analyzer()
        self._buckets: dict[str, int] = {}

    def _bucket(self, word: str) -> int:
        """The hasher's column of ``word`` (murmurhash3, seed 0, as scikit-learn does)."""
        found = self._buckets.get(word)
        if found is None:
            if len(self._buckets) >= MAX_CACHED_WORDS:
                self._buckets.clear()
            found = self._buckets[word] = hashed_column(word)
        return found

    def counts(self, texts: Sequence[str]) -> Sparse:
        """Word counts per hashed column (sorted columns, no duplicates): exactly what
        ``HashingVectorizer(n_features=2**20, alternate_sign=False, norm=None,
        stop_words="english").transform`` returns, without its per-call overhead."""
        data, columns, indptr = self._counted(texts)
        return sparse.csr_matrix((data, columns, indptr), shape=(len(texts), N_FEATURES))

    def _counted(
        self, texts: Sequence[str]
    ) -> tuple[NDArray[np.float64], NDArray[np.int32], NDArray[np.int32]]:
        """(counts, columns, row pointers) of :meth:`counts`, columns sorted in each row."""
        columns: list[int] = []
        values: list[int] = []
        indptr = [0]
        for text in texts:
            found = sorted(Counter(map(self._bucket, self._analyze(text))).items())
            columns.extend(c for c, _ in found)
            values.extend(n for _, n in found)
            indptr.append(len(columns))
        return (
            np.array(values, dtype=np.float64),
            np.array(columns, dtype=np.int32),
            np.array(indptr, dtype=np.int32),
        )

    def sparse(self, texts: Sequence[str]) -> Sparse:
        """L2-normalized TF-IDF rows (an all-stop-word text gives a zero row)."""
        return self._weigh(*self._counted(texts))

    def _weigh(
        self, counts: NDArray[np.float64], columns: NDArray[np.int32], indptr: NDArray[np.int32]
    ) -> Sparse:
        """Sublinear tf × idf, rows L2-normalized, from sorted duplicate-free counts."""
        n = indptr.size - 1
        data = (1.0 + np.log(counts)) * self._idf[columns]
        rows = np.repeat(np.arange(n), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=data**2, minlength=n))
        with np.errstate(invalid="ignore", divide="ignore"):
            data = data / norms[rows]
        return sparse.csr_matrix((data, columns, indptr), shape=(n, N_FEATURES))

    def encode(self, texts: Sequence[str]) -> Sparse:
        """The backend's own representation: sparse TF-IDF rows."""
        return self.sparse(texts)

    def dense(self, encoded: Sparse) -> NDArray[np.float32]:
        """Dense unit rows of the sketch (zero rows for texts with no content words)."""
        rows = np.repeat(np.arange(encoded.shape[0]), np.diff(encoded.indptr))
        flat = np.bincount(
            rows * DIM + self._columns[encoded.indices],
            weights=self._signs[encoded.indices] * encoded.data,
            minlength=encoded.shape[0] * DIM,
        )
        projected = flat.astype(np.float64).reshape(encoded.shape[0], DIM)
        norms = np.linalg.norm(projected, axis=1, keepdims=True)
        unit = np.divide(projected, norms, out=np.zeros_like(projected), where=norms > 0)
        result: NDArray[np.float32] = unit.astype(np.float32)
        return result

    def cosine(self, a: Sparse, b: Sparse) -> NDArray[np.float64]:
        """Exact cosine similarity of the rows of ``a`` (rows) to those of ``b`` (columns)."""
        return np.asarray((a @ b.T).todense(), dtype=np.float64)

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Dense unit rows for the semantic figures."""
        return self.dense(self.encode(texts))

    def similarity(self, texts: Sequence[str], references: Sequence[str]) -> NDArray[np.float64]:
        """Exact cosine similarity of each text (rows) to each reference (columns)."""
        return self.cosine(self.encode(texts), self.encode(references))
