"""Figures of the dynamics task from plain records, and trunks with their cut points."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from homog_bench._errors import HomogBenchError
from homog_bench.aggregate import AttributeSpec, Settings
from homog_bench.dynamics_figures import DynamicsGeneration, dynamics_figures
from homog_bench.trunks import bundled_trunks, cut_points, load_trunk

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
    assert next(iter(figures)) == "commitment_gender"  # the headline comes first
    assert figures["commitment_gender"] == 20.0
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


def test_bundled_trunks_and_cut_points() -> None:
    assert bundled_trunks() == ["nurse_night_shift", "nurse_nonbinary"]
    trunk = load_trunk("nurse_night_shift")
    cuts = cut_points(trunk.text, 4)
    assert [c.words for c in cuts] == [22, 45, 67, 90]
    assert cuts[-1].prefix == trunk.text
    assert all(trunk.text.startswith(c.prefix) for c in cuts)
    sentences = cut_points(trunk.text, 4, at="sentences")
    assert all(c.prefix.endswith((".", "!", "?")) for c in sentences)


def test_trunk_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("id: t\ndescription: d\nvalues: v\nprompt: p\ntrunk: x\ncut: 3\n")
    with pytest.raises(HomogBenchError, match=r"t\.yaml: cut: unknown field"):
        load_trunk(str(bad))
    bad.write_text("id: t\ndescription: d\nvalues: v\nprompt: p\n")
    with pytest.raises(HomogBenchError, match=r"t\.yaml: trunk: expected a non-empty string"):
        load_trunk(str(bad))
    with pytest.raises(HomogBenchError, match="-T trunk: 'nope'"):
        load_trunk("nope")
    with pytest.raises(HomogBenchError, match="-T cuts"):
        cut_points("a b", 0)
    with pytest.raises(HomogBenchError, match="-T cut_at"):
        cut_points("a b", 1, at="tokens")
