"""p(y) weights for the generalized cores: importance, distinct outputs, effective sample size."""

from __future__ import annotations

import math

import numpy as np
import pytest

from homog_bench.measures import generalized_core, named_cores
from homog_bench.measures.probability import (
    distinct_output_weights,
    effective_sample_size,
    importance_weights,
    sequence_logprob,
)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def test_sequence_logprob() -> None:
    s = sequence_logprob([-0.25, -0.75])
    assert (s.total, s.mean, s.n_tokens) == (-1.0, -0.5, 2)
    with pytest.raises(ValueError, match="<= 0"):
        sequence_logprob([0.5])


def test_importance_weights_hand_computed() -> None:
    # p = (0.5, 0.25), s = (0.25, 0.5): w ∝ (2, 0.5) -> (0.8, 0.2)
    w = importance_weights(np.log([0.5, 0.25]), np.log([0.25, 0.5]))
    assert w == pytest.approx([0.8, 0.2])
    # temperature 1: the sampler is the model, weights are the empirical frequencies
    same = importance_weights([-3.0, -7.0, -7.0], [-3.0, -7.0, -7.0])
    assert same == pytest.approx([1 / 3] * 3)
    with pytest.raises(ValueError, match="sampler probability 0"):
        importance_weights([-1.0], [-math.inf])


def test_importance_weights_recover_model_core_from_tempered_samples() -> None:
    # model over three outputs with systems 1, 0, 0; sampled at temperature 2
    p = np.array([0.7, 0.2, 0.1])
    s = p**0.5 / (p**0.5).sum()
    rng = np.random.default_rng(0)
    draws = rng.choice(3, size=20000, p=s)
    systems = np.array([[1.0], [0.0], [0.0]])[draws]
    empirical = generalized_core(systems, 1, 1)[0]
    weighted = generalized_core(
        systems, 1, 1, weights=importance_weights(np.log(p)[draws], np.log(s)[draws])
    )[0]
    assert empirical == pytest.approx(s[0], abs=0.01)  # the tempered share, ≈ 0.54
    assert weighted == pytest.approx(0.7, abs=0.01)  # the model's share


def test_distinct_output_weights_and_escort() -> None:
    systems = [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    texts = ["a", "b", "c", "a"]  # "a" sampled twice counts once
    w = distinct_output_weights(np.log([0.2, 0.2, 0.6, 0.2]), texts)
    assert w == pytest.approx([0.2, 0.2, 0.6, 0.0])
    # P(system) from p(y): (0.4, 0.6); from the frequencies it would be (0.75, 0.25)
    assert generalized_core(systems, 1, 1, weights=w) == pytest.approx([0.4, 0.6])
    assert generalized_core(systems, 1, 1).tolist() == [0.75, 0.25]
    # escort r = 2 over (0.4, 0.6): 0.16 : 0.36 = 4/13 : 9/13
    assert generalized_core(systems, 1, 2, weights=w) == pytest.approx([4 / 13, 9 / 13])
    cores = named_cores(systems, weights=w)
    assert cores["uniform"].tolist() == [0.5, 0.5]
    assert cores["mode"].tolist() == [0.0, 1.0]


def test_distinct_output_weights_underflow_safe() -> None:
    w = distinct_output_weights([-1000.0, -1001.0], ["x", "y"])
    assert w == pytest.approx([math.e / (1 + math.e), 1 / (1 + math.e)])
    with pytest.raises(ValueError, match="keys"):
        distinct_output_weights([-1.0], ["a", "b"])


def test_effective_sample_size() -> None:
    assert effective_sample_size([0.25] * 4).value == 4.0
    assert effective_sample_size([3, 3, 1]).value == pytest.approx(49 / 19)
    # long texts: log p spread over hundreds of nats -> one sample holds the weight
    w = distinct_output_weights([-300.0, -340.0, -420.0], ["a", "b", "c"])
    assert effective_sample_size(w).value == pytest.approx(1.0)
    assert effective_sample_size([0.0]).reason == "no positive weight"
