"""Aggregation over degenerate inputs never raises and says what it could not compute."""

from __future__ import annotations

import dataclasses
import math

import pytest

from homog_bench.figures.records import AttributeSpec, Generation, Settings
from homog_bench.figures.story import aggregate

SETTINGS = Settings(
    values="t",
    structures=["woman", "man"],
    attributes={
        "gender": AttributeSpec(
            categories=["woman", "man", "nonbinary", "unknown"],
            normative=["woman", "man"],
            exclude=["unknown"],
            target={"woman": 0.4, "man": 0.4, "nonbinary": 0.2},
            reference={"woman": 0.5, "man": 0.5, "nonbinary": 0.0},
        )
    },
    bootstrap=200,
)


def gen(
    category: str, prompt: str = "p", name: str | None = "Ada", text: str = "x y"
) -> Generation:
    system = [float(category == "woman"), float(category == "man")]
    return Generation(prompt, system, {"gender": category}, name, "ok", text)


def test_no_generations() -> None:
    assert aggregate([], SETTINGS) == {
        "n_generations": 0.0,
        "n_prompts": 0.0,
        "n_empty": 0.0,
        "n_refusal": 0.0,
        "n_non_english": 0.0,
        "n_huge": 0.0,
        "n_addresses_judge": 0.0,
    }


def test_one_generation_has_values_and_no_interval() -> None:
    f = aggregate([gen("woman")], SETTINGS)
    assert f["gender_normativity"] == 1.0
    assert f["deviance_mean"] == 0.0
    assert f["gender_D1"] == 1.0
    for key in ("gender_normativity", "gender_D1", "gender_js_target", "deviance_mean"):
        assert math.isnan(f[f"{key}_ci_low"]) and math.isnan(f[f"{key}_ci_high"]), key


def test_all_normative_sample_gets_an_interval_not_a_point() -> None:
    # 40 generations, all normative: modified Wilson at n = 40, x = 40 (upper bound 1;
    # 39 of 40 would use the Poisson bound on the other side, 40 of 40 plain Wilson:
    # n / (n + z²))
    f = aggregate([gen("woman", str(p)) for p in range(4) for _ in range(10)], SETTINGS)
    z2 = 1.959963984540054**2
    assert f["gender_normativity"] == 1.0 == f["gender_normativity_ci_high"]
    assert f["gender_normativity_ci_low"] == pytest.approx(40 / (40 + z2))
    # D1 = 1 on the sample; the posterior gives the unseen categories room above 1
    assert f["gender_D1_ci_low"] == 1.0 < f["gender_D1_ci_high"]
    assert f["gender_tv_target_ci_low"] <= f["gender_tv_target"] <= f["gender_tv_target_ci_high"]


def test_bootstrap_zero_disables_every_interval() -> None:
    settings = dataclasses.replace(SETTINGS, bootstrap=0)
    f = aggregate([gen("woman"), gen("man")] * 20, settings)
    bounds = [k for k in f if k.endswith(("_ci_low", "_ci_high"))]
    assert bounds and all(math.isnan(f[k]) for k in bounds)


def test_all_identical_is_fully_homogenized() -> None:
    f = aggregate([gen("man")] * 30, SETTINGS)
    assert f["deviance_mean"] == 0.0 and f["deviance_var"] == 0.0
    assert f["gender_D0"] == f["gender_D1"] == f["gender_Dinf"] == 1.0
    assert f["names_distinct_ratio"] == pytest.approx(1 / 30)
    assert f["names_top1_share"] == 1.0


def test_all_unknown_gives_nan_rates_and_counts_exclusions() -> None:
    f = aggregate([gen("unknown", name=None)] * 5, SETTINGS)
    assert f["gender_excluded"] == 5
    assert math.isnan(f["gender_normativity"]) and math.isnan(f["gender_js_target"])
    assert math.isnan(f["gender_D1"])
    assert math.isnan(f["names_distinct_ratio"]) and f["names_n_missing"] == 5


def test_zero_reference_probability_gives_nan_ratio_not_an_error() -> None:
    f = aggregate([gen("nonbinary"), gen("woman")], SETTINGS)
    assert math.isnan(f["gender_ratio_nonbinary"])
    assert f["gender_ratio_woman"] == pytest.approx(0.5 / 0.5)


def test_missing_structure_values_are_left_out_of_that_structure_only() -> None:
    gens = [
        Generation("p", [1.0, math.nan], {"gender": "woman"}, None, "ok", "a"),
        Generation("p", [0.0, 1.0], {"gender": "man"}, None, "ok", "b"),
        Generation("p", [1.0, 0.0], {"gender": "woman"}, None, "ok", "c"),
    ]
    f = aggregate(gens, SETTINGS)
    assert f["core_woman"] == pytest.approx(2 / 3)
    assert f["core_man"] == pytest.approx(1 / 2)


def test_per_prompt_figures_and_within_prompt_deviance() -> None:
    # each prompt is perfectly homogeneous, but the two prompts differ
    gens = [gen("woman", "a")] * 10 + [gen("man", "b")] * 10
    f = aggregate(gens, SETTINGS)
    assert f["deviance_mean"] == 0.0  # against each prompt's own core
    assert f["core_woman"] == 0.5  # the pooled default
    assert f["gender_normativity@a"] == 1.0 and f["gender_share_woman"] == 0.5
    assert "gender_normativity_ci_low@a" not in f


def test_interval_shrinks_with_more_generations() -> None:
    small = aggregate([gen("woman"), gen("nonbinary")] * 10, SETTINGS)
    large = aggregate([gen("woman"), gen("nonbinary")] * 200, SETTINGS)

    def width(f: dict[str, float]) -> float:
        return f["gender_normativity_ci_high"] - f["gender_normativity_ci_low"]

    assert small["gender_normativity"] == large["gender_normativity"] == 0.5
    assert width(large) < width(small) / 2


def test_headline_figure_comes_first() -> None:
    f = aggregate([gen("woman"), gen("man")], SETTINGS)
    assert next(iter(f)) == "gender_normativity"
    no_norm = Settings("t", ["woman", "man"], {"gender": AttributeSpec(categories=None)})
    assert next(iter(aggregate([gen("woman")], no_norm))) == "deviance_mean"


def test_top_name_share_interval_is_the_top_names_share_interval() -> None:
    # two names, equally common, 30 named: Wilson at x = 15 of n = 30 (centre 1/2,
    # half-width z·sqrt(1/120 + z²/3600) / (1 + z²/30)); 10 unnamed leave it unchanged
    gens = [gen("woman", name="Ada"), gen("woman", name="bea")] * 15 + [gen("man", name=None)] * 10
    f = aggregate(gens, SETTINGS)
    z = 1.959963984540054
    half = z * math.sqrt(1 / 120 + z * z / 3600) / (1 + z * z / 30)
    assert f["names_top1_share"] == 0.5
    assert f["names_top1_share_ci_low"] == pytest.approx(0.5 - half)
    assert f["names_top1_share_ci_high"] == pytest.approx(0.5 + half)
    # fewer than 30 named generations: no interval
    few = aggregate(gens[:20], SETTINGS)
    assert few["names_top1_share"] == 0.5 and math.isnan(few["names_top1_share_ci_low"])


def test_missing_judged_values_are_left_out_for_their_structure_only() -> None:
    nan = math.nan
    settings = Settings(
        values="t",
        structures=["judged", "cue"],
        attributes={
            "couple": AttributeSpec(categories=["present", "absent"], normative=["absent"])
        },
        bootstrap=0,
    )
    rows = [
        ((1.0, 1.0), "present"),
        ((0.0, 0.0), "absent"),
        ((nan, 1.0), "missing"),
        ((0.0, 0.0), "absent"),
    ]
    gens = [Generation("p", list(s), {"couple": c}, None, "ok", "x") for s, c in rows]
    f = aggregate(gens, settings)
    # core: judged over the 3 with a value, cue over all 4
    assert f["core_judged"] == pytest.approx(1 / 3) and f["core_cue"] == pytest.approx(0.5)
    assert f["missing_judged"] == 1 and "missing_cue" not in f
    # the missing value sits at the core (1/3): deviances (L2) from (1/3, 1/2)
    core = (1 / 3, 0.5)
    filled = [(1, 1), (0, 0), (1 / 3, 1), (0, 0)]
    expected = sum(math.dist(x, core) for x in filled) / 4
    assert f["deviance_mean"] == pytest.approx(expected)
    # the attribute: the missing generation is neither present nor absent, and counted
    assert f["couple_missing"] == 1 and f["couple_excluded"] == 0
    assert f["couple_normativity"] == pytest.approx(2 / 3)
    # generalized cores use complete rows only: the mode of {(1,1), (0,0), (0,0)} is (0,0)
    assert (f["core_mode_judged"], f["core_mode_cue"]) == (0.0, 0.0)
