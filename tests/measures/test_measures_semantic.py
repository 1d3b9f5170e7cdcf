"""Semantic homogeneity without an N × N matrix matches the direct computation."""

from __future__ import annotations

import math

import numpy as np

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
