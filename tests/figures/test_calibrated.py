"""Calibrated attribute figures from per-generation records (the metric's side)."""

from __future__ import annotations

import math

import pytest

from homog_bench.figures.calibrated import calibration_figures

ATTRIBUTE = {
    "categories": ["woman", "man", "nonbinary", "unknown"],
    "normative": ["woman", "man"],
    "exclude": ["unknown"],
    "target": {"woman": 0.45, "man": 0.45, "nonbinary": 0.10},
}


def records() -> list[dict[str, object]]:
    # 40 generations, every 4th judged; judged truths cycle woman, man, woman, nonbinary
    # (i // 4); the reader says "man" for the judged women at i = 0 and 16
    rows: list[dict[str, object]] = []
    for i in range(40):
        truth = ["woman", "man", "woman", "nonbinary"][(i // 4) % 4]
        offline = "man" if i in (0, 16) else truth
        rows.append({"sampled": i % 4 == 0, "offline": offline, "judged": truth})
    rows[4]["judged"] = None  # a judged generation (a man) whose answer was missing
    rows[5]["offline"] = "missing"  # the reader had no category
    return rows


def test_names_values_and_counts() -> None:
    out = calibration_figures(
        "gender", records(), ATTRIBUTE, bootstrap=200, confidence=0.95, seed=0
    )
    assert out["gender_calibration_n_judged"] == 9 and out["gender_calibration_n_missing"] == 1
    # judge-only: 9 usable answers (i = 0, 8, …, 36 but 4): 5 women, 2 men, 2 nonbinary
    assert out["gender_judge_only_share_woman"] == pytest.approx(5 / 9)
    assert out["gender_judge_only_normativity"] == pytest.approx(7 / 9)
    for key in ("normativity", "share_man", "D1", "js_target", "tv_target"):
        value = out[f"gender_calibrated_{key}"]
        assert (
            out[f"gender_calibrated_{key}_ci_low"]
            <= value
            <= out[f"gender_calibrated_{key}_ci_high"]
        )
    assert "gender_calibrated_share_unknown" not in out  # excluded
    assert 0.0 <= out["gender_calibration_lambda"] <= 1.0
    # i = 0 and 16 are read "man": the reader agrees on 7 of the 9 usable answers
    assert out["gender_agreement_accuracy"] == pytest.approx(7 / 9)
    assert not math.isnan(out["gender_calibration_effective_n"])


def test_no_judged_answer_gives_nan_figures_not_an_error() -> None:
    rows = [{"sampled": False, "offline": "woman", "judged": None}] * 5
    out = calibration_figures("gender", rows, ATTRIBUTE, bootstrap=0, confidence=0.95, seed=0)
    assert math.isnan(out["gender_calibrated_normativity"])
    assert out["gender_calibration_n_judged"] == 0
