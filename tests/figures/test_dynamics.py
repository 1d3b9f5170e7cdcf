"""Figures of the dynamics task from plain records (hand-computed)."""

from __future__ import annotations

import math

import pytest

from homog_bench.figures.dynamics import DynamicsGeneration, dynamics_figures
from homog_bench.figures.records import AttributeSpec, Settings

SETTINGS = Settings(
    "v",
    ["woman", "man", "nonbinary"],
    {"gender": AttributeSpec(["woman", "man", "nonbinary"], exclude=["unknown"])},
    norm="l1",
    bootstrap=0,
)
ONE_HOT = {"woman": [1.0, 0.0, 0.0], "man": [0.0, 1.0, 0.0], "nonbinary": [0.0, 0.0, 1.0]}


def _gen(category: str, position: int | None, prefix: str | None = None) -> DynamicsGeneration:
    return DynamicsGeneration(
        "default" if position is None else "cut",
        position,
        ONE_HOT[category],
        {"gender": category},
        None if prefix is None else ONE_HOT[prefix],
    )


def test_commitment_drift_pull_hand_computed() -> None:
    # default: 3 women, 1 man -> core (0.75, 0.25, 0)
    gens = [_gen(c, None) for c in ("woman", "woman", "woman", "man")]
    # cut 10: prefix nonbinary, continuations 2 nonbinary + 2 women -> (0.5, 0, 0.5)
    gens += [_gen(c, 10, "nonbinary") for c in ("nonbinary", "nonbinary", "woman", "woman")]
    # cut 20 and 30: prefix nonbinary, every continuation nonbinary -> (0, 0, 1)
    gens += [_gen("nonbinary", p, "nonbinary") for p in (20, 30) for _ in range(4)]
    figures = dynamics_figures(gens, SETTINGS)
    assert next(iter(figures)) == "gender_commitment"  # the headline comes first
    assert figures["gender_commitment"] == 20.0
    # l1 path: (0.5, 0, 0.5) -> (0, 0, 1) -> (0, 0, 1): 1 + 0
    assert figures["drift"] == 1.0
    assert figures["displacement"] == 1.0
    # departures 2 at every cut; distances 1, 2, 2: pulls 0.5, 0, 0; pooled 1 - 5/6
    assert [figures[f"cut:{p}/pull"] for p in (10, 20, 30)] == [0.5, 0.0, 0.0]
    assert figures["pull"] == pytest.approx(1 / 6)
    assert figures["cut:10/distance"] == 1.0
    assert figures["cut:10/entropy_gender"] == 1.0
    assert figures["cut:10/share_gender_nonbinary"] == 0.5
    assert figures["default/core_woman"] == 0.75
    assert figures["n_cuts"] == 3.0 and figures["n_default"] == 4.0
    assert "default/py_ess" not in figures  # no log-probabilities: no p(y) figures


def test_py_figures_with_logprobs() -> None:
    gens = [
        DynamicsGeneration("default", None, ONE_HOT[c], {"gender": c}, None, lp / 2, lp, t)
        for c, lp, t in (("woman", math.log(0.2), "a"), ("man", math.log(0.6), "b"))
    ]
    gens += [_gen("woman", 5)]
    figures = dynamics_figures(gens, SETTINGS)
    assert figures["default/core_woman"] == 0.5
    assert figures["default/py_core_woman"] == pytest.approx(0.25)  # 0.2 / (0.2 + 0.6)
    assert figures["default/py_ess"] == pytest.approx(1 / (0.25**2 + 0.75**2))
    # escort r = inf: the likelier output's system; r = 0: the two outputs equally
    assert figures["default/py_core_mode_man"] == 1.0
    assert figures["default/py_core_uniform_woman"] == 0.5
