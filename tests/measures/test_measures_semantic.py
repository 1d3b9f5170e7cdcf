"""Semantic homogeneity without an N × N matrix matches the direct computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures.semantic import mean_pairwise_similarity, vendi_score


def direct(x: np.ndarray) -> tuple[float, float]:
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    k = u @ u.T
    n = len(u)
    mean = (k.sum() - n) / (n * (n - 1))
    eig = np.linalg.eigvalsh(k / n)
    p = eig[eig > 1e-12]
    p = p / p.sum()
    return float(mean), float(np.exp(-(p * np.log(p)).sum()))


def test_matches_the_direct_n_by_n_computation() -> None:
    x = np.random.default_rng(0).normal(size=(500, 384))
    mean, vendi = direct(x)
    assert abs(mean_pairwise_similarity(x).value - mean) < 1e-9
    assert abs(vendi_score(x).value - vendi) < 1e-9


def test_fewer_generations_than_dimensions_match_too() -> None:
    x = np.random.default_rng(1).normal(size=(50, 384))  # N < d: the N x N path
    assert abs(vendi_score(x).value - direct(x)[1]) < 1e-9


def test_identical_generations_are_fully_homogeneous() -> None:
    x = np.tile([[0.2, 0.5, 0.1]], (50, 1))
    assert math.isclose(mean_pairwise_similarity(x).value, 1.0)
    assert math.isclose(vendi_score(x).value, 1.0)


def test_orthogonal_generations_are_fully_diverse() -> None:
    x = np.eye(8)
    assert math.isclose(mean_pairwise_similarity(x).value, 0.0, abs_tol=1e-12)
    assert math.isclose(vendi_score(x).value, 8.0)


def test_degenerate_inputs_are_nan_with_a_reason() -> None:
    assert mean_pairwise_similarity(np.zeros((0, 3))).reason == "fewer than 2 generations"
    assert mean_pairwise_similarity([[0, 0], [1, 0]]).reason == "1 embedding(s) of length 0"
    assert vendi_score(np.zeros((0, 3))).reason == "no generations"
    assert vendi_score(np.zeros((3, 3))).reason == "every embedding has length 0"


def test_weighted_mean_pairwise_similarity_matches_the_expanded_resample() -> None:
    from homog_bench.measures import weighted_mean_pairwise_similarity

    rng = np.random.default_rng(5)
    e = rng.normal(size=(12, 6))
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    weights = rng.multinomial(12, np.ones(12) / 12, size=20).astype(float)
    got = weighted_mean_pairwise_similarity(weights, e)
    for w, value in zip(weights, got, strict=True):
        # expand the resample into its draws; average over pairs of draws that are
        # different generations (copies of one generation are not a pair)
        draws = np.repeat(np.arange(12), w.astype(int))
        sims = [e[a] @ e[b] for i, a in enumerate(draws) for b in draws[i + 1 :] if a != b]
        assert value == pytest.approx(np.mean(sims), abs=1e-12)
