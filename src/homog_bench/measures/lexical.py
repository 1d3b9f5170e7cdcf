"""Lexical homogeneity: gzip compression ratio and n-gram diversity.

Standard library only: no NLP stack.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from homog_bench.measures._result import Measured, undefined

__all__ = [
    "compression_ratio",
    "ngram_diversity",
    "ngram_diversity_profile",
    "tokenize",
]

# Runs of letters/digits (any script), with inner apostrophes kept: "don't", "l'été".
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _check_texts(texts: object) -> None:
    if isinstance(texts, (str, bytes)):
        raise ValueError("texts must be a sequence of strings, not a single string")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens (unicode letters and digits; inner apostrophes kept).

    >>> tokenize("Elara's lighthouse — Ünïcode, naïve café! 42_x")
    ["elara's", 'lighthouse', 'ünïcode', 'naïve', 'café', '42', 'x']
    """
    return list(_tokens(text))


@lru_cache(maxsize=50_000)
def _tokens(text: str) -> tuple[str, ...]:
    # Inspect recomputes metrics while an eval runs: the same texts come back each time
    return tuple(_TOKEN.findall(text.lower()))


def compression_ratio(texts: Sequence[str]) -> Measured:
    """Raw size / gzip size of the corpus (documents joined with "\\n", UTF-8).

    The raw bytes are compressed exactly once (gzip level 9, mtime 0). Higher
    means more repetitive.

    >>> corpus = ["the lighthouse keeper"] * 20
    >>> raw = "\\n".join(corpus).encode("utf-8")
    >>> compression_ratio(corpus).value == len(raw) / len(gzip.compress(raw, mtime=0))
    True
    >>> compression_ratio([])
    Measured(value=nan, reason='no texts')
    >>> compression_ratio([""])
    Measured(value=nan, reason='empty corpus')
    """
    _check_texts(texts)
    if len(texts) == 0:
        return undefined("no texts")
    raw = "\n".join(texts).encode("utf-8")
    if not raw:
        return undefined("empty corpus")
    return Measured(len(raw) / len(gzip.compress(raw, compresslevel=9, mtime=0)))


class _Encoded:
    """A corpus as one array of token ids, with the document of each position."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        vocab: dict[str, int] = {}
        self.ids = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for doc in documents for t in doc), dtype=np.int64
        )
        self.doc_of = np.repeat(np.arange(len(documents)), [len(doc) for doc in documents])
        self.n_documents = len(documents)
        self.vocabulary = max(len(vocab), 1)


def _ngram_diversity(corpus: _Encoded, n: int) -> Measured:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    ids, doc_of = corpus.ids, corpus.doc_of
    starts = np.flatnonzero(doc_of[: max(0, ids.size - n + 1)] == doc_of[n - 1 :])
    total = int(starts.size)  # n-grams that stay inside one document
    if total == 0:
        reason = "no texts" if not corpus.n_documents else f"no {n}-grams (documents too short)"
        return undefined(reason)
    base = corpus.vocabulary
    if base**n < 2**62:  # encode each n-gram as one integer
        codes = np.zeros(total, dtype=np.int64)
        for k in range(n):
            codes = codes * base + ids[starts + k]
        distinct = int(np.unique(codes).size)
    else:  # vocabulary too large for an int64 code: count tuples
        columns = [ids[starts + k].tolist() for k in range(n)]
        distinct = len(set(zip(*columns, strict=True)))
    return Measured(distinct / total)


def ngram_diversity(texts: Sequence[str], n: int) -> Measured:
    """Distinct n-grams / total n-grams; n-grams never span two documents.

    Distinct n-grams are counted over the whole corpus.

    >>> ngram_diversity(["a b", "b a"], 2)  # 2 bigrams (a b, b a), not 3
    Measured(value=1.0, reason=None)
    >>> ngram_diversity(["a b", "a b"], 2)
    Measured(value=0.5, reason=None)
    >>> ngram_diversity(["a", "b"], 2)
    Measured(value=nan, reason='no 2-grams (documents too short)')
    """
    _check_texts(texts)
    return _ngram_diversity(_Encoded([_tokens(t) for t in texts]), n)


def ngram_diversity_profile(
    texts: Sequence[str], ns: Iterable[int] = (1, 2, 3, 4)
) -> dict[int, Measured]:
    """:func:`ngram_diversity` for each n (texts tokenized once).

    >>> profile = ngram_diversity_profile(["a b a b"], ns=(1, 2, 3))
    >>> {n: m.value for n, m in profile.items()}
    {1: 0.5, 2: 0.6666666666666666, 3: 1.0}
    """
    _check_texts(texts)
    corpus = _Encoded([_tokens(t) for t in texts])
    return {n: _ngram_diversity(corpus, n) for n in ns}
