"""p(y)-weighted generalized cores of the story figures (hand-computed)."""

from __future__ import annotations

import math

import pytest

from homog_bench.figures.records import AttributeSpec, Generation, Settings
from homog_bench.figures.story import aggregate
from homog_bench.figures.weighted import py_figures

# prompt A: outputs a (α = 1, p = 0.2) and b (α = 0, p = 0.6): weights 0.25, 0.75, times 2
# prompt B: output c (α = 1) twice: counted once, weight 1, times 2; the repeat gets 0
SYSTEMS = [[1.0], [0.0], [1.0], [1.0]]
LOGP = [math.log(0.2), math.log(0.6), math.log(0.5), math.log(0.5)]
TEXTS = ["a", "b", "c", "c"]
PROMPTS = ["A", "A", "B", "B"]


def test_weights_within_prompt_hand_computed() -> None:
    f = py_figures(SYSTEMS, LOGP, TEXTS, ["w"], groups=PROMPTS)
    # weights (0.5, 1.5, 2, 0): core (0.5 + 2) / 4; ESS 4² / (0.25 + 2.25 + 4)
    assert f["py_core_w"] == pytest.approx(0.625)
    assert f["py_ess"] == pytest.approx(16 / 6.5)
    assert f["py_core_mode_w"] == 1.0  # P(α = 1) = 0.625 > P(α = 0)
    assert f["py_core_uniform_w"] == 0.5


def test_story_figures_carry_them_only_with_log_probabilities() -> None:
    settings = Settings("v", ["w"], {"g": AttributeSpec(["x"])}, bootstrap=0)
    gens = [
        Generation(p, s, {"g": "x"}, None, "ok", t, logprob=lp)
        for p, s, t, lp in zip(PROMPTS, SYSTEMS, TEXTS, LOGP, strict=True)
    ]
    with_logp = aggregate(gens, settings)
    assert with_logp["core_w"] == 0.75  # the empirical core, unchanged
    assert with_logp["py_core_w"] == pytest.approx(0.625)
    without = aggregate(
        [Generation(g.prompt, g.system, g.attributes, None, "ok", g.text) for g in gens], settings
    )
    assert not any(k.startswith("py_") for k in without)
