"""Scalar measures and the bootstrap pipeline share one formulation.

A resample is a vector of integer weights W; the weighted (pipeline) form at W must
equal the scalar form on the generations repeated W times, exactly or to rounding.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homog_bench.measures import (
    mean_pairwise_similarity,
    name_collapse,
    normativity_rate,
    one_hot,
    shares,
    weighted_category_shares,
    weighted_mean_pairwise_similarity,
    weighted_normativity,
    weighted_top_share,
)

LABELS = st.lists(st.sampled_from(["woman", "man", "nonbinary", "unknown"]), max_size=25)
NAMES = st.lists(st.sampled_from(["Elara", "elara", "Marcus", "Kenji", None]), max_size=25)


def repeated(items: list[object], weights: list[int]) -> list[object]:
    return [x for x, k in zip(items, weights, strict=True) for _ in range(k)]


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@settings(max_examples=200, deadline=None)
@given(LABELS, st.data())
def test_normativity_and_shares(labels: list[str], data: st.DataObject) -> None:
    w = data.draw(st.lists(st.integers(0, 3), min_size=len(labels), max_size=len(labels)))
    normative, exclude = {"woman", "man"}, ["unknown"]
    onehot, columns = one_hot(labels, exclude=exclude)
    is_normative = [c in normative for c in columns]
    weighted = weighted_normativity(np.array([w], dtype=float), onehot, is_normative)[0]
    scalar = normativity_rate(repeated(list(labels), w), normative, exclude).value
    assert same(float(weighted), scalar)
    ones = weighted_category_shares(np.ones((1, len(labels))), onehot)[0]
    assert all(
        same(float(v), s)
        for v, s in zip(ones, shares(labels, exclude=exclude).values(), strict=True)
    )


@settings(max_examples=200, deadline=None)
@given(NAMES, st.data())
def test_top_name_share(names: list[str | None], data: st.DataObject) -> None:
    w = data.draw(st.lists(st.integers(0, 3), min_size=len(names), max_size=len(names)))
    weighted = weighted_top_share(np.array([w], dtype=float), names)[0]
    scalar = name_collapse(repeated(list(names), w))["top1_share"].value
    assert same(float(weighted), scalar)


def test_pairwise_similarity_is_the_weighted_form_at_ones() -> None:
    rng = np.random.default_rng(0)
    e = rng.normal(size=(7, 5))
    weighted = weighted_mean_pairwise_similarity(np.ones((1, 7)), e)[0]
    assert mean_pairwise_similarity(e).value == pytest.approx(weighted, rel=1e-12)
    assert mean_pairwise_similarity(e[:1]).reason == "fewer than 2 generations"
