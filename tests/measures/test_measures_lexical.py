"""Tokenizer, gzip compression ratio, n-gram diversity."""

from __future__ import annotations

import gzip
import math

import pytest

from homog_bench.measures import (
    compression_ratio,
    ngram_diversity,
    ngram_diversity_profile,
    tokenize,
)

CORPUS = [
    "Elara, the lighthouse keeper, watched the storm roll in.",
    "Elara the lighthouse keeper watched the sea.",
    "Marcus, the lighthouse keeper, watched the storm.",
] * 10


def test_tokenize() -> None:
    assert tokenize("The Cat's HAT, the cat.") == ["the", "cat's", "hat", "the", "cat"]
    assert tokenize("Zoë naïve — Ελένη 東京 3rd_place") == [
        "zoë",
        "naïve",
        "ελένη",
        "東京",
        "3rd",
        "place",
    ]
    assert tokenize("") == [] and tokenize("  ...  ") == []


def test_compression_ratio_is_one_pass() -> None:
    raw = "\n".join(CORPUS).encode("utf-8")
    one_pass = len(raw) / len(gzip.compress(raw))
    double = len(raw) / len(gzip.compress(gzip.compress(raw)))
    result = compression_ratio(CORPUS)
    assert result.reason is None
    assert result.value == pytest.approx(one_pass)
    assert result.value != pytest.approx(double)
    assert result.value > double  # double compression understates the ratio


def test_compression_ratio_orders_repetition() -> None:
    repetitive = compression_ratio(["the same story again"] * 50).value
    varied = compression_ratio([f"story {i} about {i * 7919 % 1000} things" for i in range(50)])
    assert repetitive > varied.value > 0


def test_compression_ratio_degenerate() -> None:
    assert compression_ratio([]).reason == "no texts"
    empty = compression_ratio(["", ""])  # joined: a single "\n", not empty
    assert empty.reason is None and empty.value > 0
    blank = compression_ratio([""])
    assert math.isnan(blank.value) and blank.reason == "empty corpus"
    with pytest.raises(ValueError, match="single string"):
        compression_ratio("a story")


def test_ngrams_do_not_span_documents() -> None:
    result = ngram_diversity(["a b", "b a"], 2)
    # 2 bigrams ("a b", "b a"), both distinct; spanning documents would give 3 (+ "b b")
    assert result.value == 1.0
    assert ngram_diversity(["a b", "a b"], 2).value == 0.5
    assert ngram_diversity(["a b c"], 2).value == 1.0
    # distinct counted over the whole corpus
    assert ngram_diversity(["x y", "y x", "x y"], 2).value == pytest.approx(2 / 3)


def test_ngram_known_values_and_case() -> None:
    assert ngram_diversity(["The cat the CAT"], 1).value == 0.5
    texts = ["a b a b", "a b"]
    # unigrams 6 total, 2 distinct; bigrams 3 + 1 = 4 total, {ab, ba} distinct
    profile = ngram_diversity_profile(texts, ns=(1, 2, 3, 4))
    assert profile[1].value == pytest.approx(2 / 6)
    assert profile[2].value == pytest.approx(2 / 4)
    assert profile[3].value == pytest.approx(2 / 2)
    assert profile[4].value == 1.0
    assert list(ngram_diversity_profile(texts)) == [1, 2, 3, 4]


def test_ngram_degenerate() -> None:
    assert ngram_diversity([], 1).reason == "no texts"
    short = ngram_diversity(["one", "two"], 3)
    assert math.isnan(short.value) and short.reason == "no 3-grams (documents too short)"
    assert ngram_diversity([""], 1).reason == "no 1-grams (documents too short)"
    assert all(math.isnan(m.value) for m in ngram_diversity_profile([]).values())


def test_ngram_bad_arguments() -> None:
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="positive integer"):
            ngram_diversity(["a b"], bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="single string"):
        ngram_diversity("a b", 1)


def test_integer_coded_ngrams_match_tuple_counting_and_the_large_vocabulary_path() -> None:
    import random

    from homog_bench.measures.lexical import ngram_diversity, tokenize

    rng = random.Random(3)
    texts = [" ".join(rng.choice("abcdefgh") for _ in range(rng.randint(0, 30))) for _ in range(50)]
    for n in (1, 2, 3, 4):
        grams = [
            tuple(toks[i : i + n])
            for toks in map(tokenize, texts)
            for i in range(len(toks) - n + 1)
        ]
        assert ngram_diversity(texts, n).value == len(set(grams)) / len(grams)
    # 50,000 distinct tokens: 50,000**4 does not fit an int64 code, tuples are counted instead
    big = [" ".join(f"t{i}" for i in range(50_000)), "t0 t1 t2 t3"]
    assert ngram_diversity(big, 4).value == (49_997 + 1 - 1) / (49_997 + 1)
