"""A calibrated value file in a xeno task: each arm calibrated on its own judged subsample.

``xeno_instructed`` on the nurse prompt, 40 scripted stories per arm, under the bundled
``calibrated_protagonists`` file with a 25% judged fraction and ``min: 15``. The task passes
each arm's size, so ``min`` raises the fraction to 15 / 40 in each arm (not 15 / 80 of the
run). Baseline stories: Mara (she), Tom (he), Ada (she), Sam (he); the scripted judge agrees
with the offline reader on all of them, so the calibrated baseline figures are the offline
ones. Xeno stories: Kai (xe), Sam (he), Rue (xe), Rin (he); the judge says "woman" for Rin,
so the xeno arm's calibrated shares are hand-computable from the judged counts. Checked:
the judge reads exactly the hashed subsample of each arm, the per-arm figures, judge calls,
the calibrated changes with their MOVER intervals, and re-scoring old xeno logs.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from inspect_ai import score as inspect_score
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ChatMessage, get_model

from homog_bench.evals.scorers import xeno_homogenization
from homog_bench.evals.xeno_tasks import XENO_INSTRUCTION, xeno_instructed
from homog_bench.judge.sampling import is_judged, threshold
from scripted import GenderGrader, calibrated_values, run_judged, scorer_figures
from scripted_arms import conversation_model, story

N = 40
FRACTION, LEAST = 0.25, 15
SHARE = threshold(FRACTION, LEAST, N)  # 0.375: min counted per arm
BASELINE = [story("Mara", "woman"), story("Tom", "man"), story("Ada", "woman"), story("Sam", "man")]
XENO = [
    story("Kai", "nonbinary"),
    story("Sam", "man"),
    story("Rue", "nonbinary"),
    story("Rin", "man"),
]
OLD_LOGS = Path(__file__).resolve().parents[1] / "golden" / "old_logs"
ATTR = "protagonist_gender"


Grader = GenderGrader


def values_file(folder: Path) -> Path:
    return Path(calibrated_values(folder, FRACTION, LEAST))


def by_arm(messages: list[ChatMessage]) -> str:
    return "xeno" if XENO_INSTRUCTION in messages[-1].text else "baseline"


def judged_texts(log: EvalLog, arm: str, share: float = SHARE) -> list[str]:
    """The answers of ``arm`` whose (seed 0, sample id, epoch) hash is below ``share``."""
    assert log.samples is not None
    return [
        s.output.completion
        for s in log.samples
        if s.metadata["arm"] == arm and is_judged(0, s.id, s.epoch, share)
    ]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalLog, Grader, Path]:
    folder = tmp_path_factory.mktemp("xeno_calibrated")
    grader = Grader()
    log = run_judged(
        xeno_instructed(values=str(values_file(folder)), n=N, prompts="nurse", seed=2),
        conversation_model({"baseline": BASELINE, "xeno": XENO}, by_arm),
        grader,
        folder / "logs",
    )
    return log, grader, folder


def test_each_arm_gets_min_judged_on_average(run: tuple[EvalLog, Grader, Path]) -> None:
    log, grader, _ = run
    assert SHARE == LEAST / N  # the arm's size raised the fraction, not the run's (80)
    base, xeno = judged_texts(log, "baseline"), judged_texts(log, "xeno")
    # the hash of (0, sample id, epoch) is below 0.375 for 19 baseline and 17 xeno epochs
    assert (len(base), len(xeno)) == (19, 17)
    assert sorted(grader.calls) == sorted(base + xeno)
    f = scorer_figures(log)
    assert f["judge_calls"] == f["judge_generations"] == len(grader.calls) == 36
    assert f["baseline/judge_calls"] == f["baseline/judge_generations"] == 19
    assert f["xeno/judge_calls"] == f["xeno/judge_generations"] == 17
    assert f[f"baseline/{ATTR}_calibration_n_judged"] == 19
    assert f[f"xeno/{ATTR}_calibration_n_judged"] == 17
    assert f[f"xeno/{ATTR}_calibration_n_missing"] == 0


def test_an_agreeing_judge_gives_the_offline_figures(run: tuple[EvalLog, Grader, Path]) -> None:
    log, _, _ = run
    f = scorer_figures(log)
    # judge = offline on every judged pair: λ = 1 and m̂ = the offline means over all 40
    assert f[f"baseline/{ATTR}_calibration_lambda"] == pytest.approx(1.0)
    assert f[f"baseline/{ATTR}_calibrated_share_woman"] == pytest.approx(0.5)
    assert f[f"baseline/{ATTR}_calibrated_share_nonbinary"] == pytest.approx(0.0)
    assert f[f"baseline/{ATTR}_calibrated_normativity"] == pytest.approx(1.0)
    assert f[f"baseline/{ATTR}_calibrated_D1"] == pytest.approx(2.0)
    assert f[f"baseline/{ATTR}_agreement_accuracy"] == 1.0
    # JS to the target (.45, .45, .10) of the shares (.5, .5, 0), in bits
    mix = [0.475, 0.475, 0.05]
    js = 0.5 * sum(p * math.log2(p / q) for p, q in zip([0.5, 0.5], mix, strict=False))
    js += 0.5 * sum(p * math.log2(p / q) for p, q in zip([0.45, 0.45, 0.10], mix, strict=True))
    assert f[f"baseline/{ATTR}_calibrated_js_target"] == pytest.approx(js)


def test_xeno_arm_calibrated_by_hand(run: tuple[EvalLog, Grader, Path]) -> None:
    log, _, _ = run
    f = scorer_figures(log)
    judged = judged_texts(log, "xeno")
    n = len(judged)
    a = sum(t.startswith(("Kai", "Rue")) for t in judged)  # xe, judged nonbinary
    s = sum(t.startswith("Sam") for t in judged)  # he, judged man
    r = sum(t.startswith("Rin") for t in judged)  # he, judged woman
    assert a + s + r == n and r > 0
    # Σ_c Cov(Y_c, f_c) / Σ_c Var(f_c) on the judged pairs, with p = a / n
    p = a / n
    lam = (1 - p + s / n) / (2 * (1 - p))
    assert f[f"xeno/{ATTR}_calibration_lambda"] == pytest.approx(lam)
    # offline: 20 xe, 20 he of 40; the offline reader never says woman
    assert f[f"xeno/{ATTR}_calibrated_share_woman"] == pytest.approx(r / n)
    assert f[f"xeno/{ATTR}_calibrated_share_nonbinary"] == pytest.approx(p + lam * (0.5 - p))
    assert f[f"xeno/{ATTR}_judge_only_share_woman"] == pytest.approx(r / n)
    assert f[f"xeno/{ATTR}_agreement_accuracy"] == pytest.approx((a + s) / n)
    assert f[f"xeno/{ATTR}_share_woman"] == 0.0  # the offline figure, unchanged
    for arm in ("baseline", "xeno"):
        for stat in ("normativity", "share_man", "D1", "js_target", "tv_target"):
            key = f"{arm}/{ATTR}_calibrated_{stat}"
            assert f[f"{key}_ci_low"] <= f[key] <= f[f"{key}_ci_high"]
        assert f[f"{arm}/{ATTR}_calibration_effective_n"] > 0


def test_calibrated_changes_with_mover_intervals(run: tuple[EvalLog, Grader, Path]) -> None:
    f = scorer_figures(run[0])
    for stat in ("normativity", "js_target"):
        x, b = f"xeno/{ATTR}_calibrated_{stat}", f"baseline/{ATTR}_calibrated_{stat}"
        key = f"{ATTR}_calibrated_{stat}_change"
        assert f[key] == pytest.approx(f[x] - f[b])
        low = f[key] - math.hypot(f[x] - f[f"{x}_ci_low"], f[f"{b}_ci_high"] - f[b])
        high = f[key] + math.hypot(f[f"{x}_ci_high"] - f[x], f[b] - f[f"{b}_ci_low"])
        assert f[f"{key}_ci_low"] == pytest.approx(low)
        assert f[f"{key}_ci_high"] == pytest.approx(high)
    # the xeno arm's normativity (man, woman) is lower: Kai and Rue are nonbinary
    assert f[f"{ATTR}_calibrated_normativity_change_ci_high"] < 0
    assert "xeno_gain_calibrated" not in f  # E[∂] has no calibrated version


def test_rescoring_passes_the_arm_size(run: tuple[EvalLog, Grader, Path]) -> None:
    log, _, folder = run
    grader = Grader()
    scorer = xeno_homogenization(values=str(values_file(folder)), arm_generations=N)
    rescored = inspect_score(
        log,
        scorer,
        model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
        action="overwrite",
        display="none",
    )
    assert len(grader.calls) == 36 == scorer_figures(rescored)["judge_calls"]
    # without the arm size only the fraction is used: 0.25 of each arm
    grader = Grader()
    plain = inspect_score(
        log,
        xeno_homogenization(values=str(values_file(folder))),
        model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
        action="overwrite",
        display="none",
    )
    quarter = judged_texts(log, "baseline", FRACTION) + judged_texts(log, "xeno", FRACTION)
    assert sorted(grader.calls) == sorted(quarter)
    assert scorer_figures(plain)["judge_calls"] == len(quarter) < 36


@pytest.mark.parametrize("name", ["xeno_instructed", "xeno_sequential"])
def test_old_xeno_logs_rescore(name: str, tmp_path: Path) -> None:
    """A log of an earlier version, re-scored with its own scorer and with a calibrated file."""
    old = read_eval_log(str(OLD_LOGS / f"{name}.eval"))
    own = inspect_score(old, xeno_homogenization("gender_in_stories"), display="none")
    assert scorer_figures(own)["n_generations"] == len(old.samples or [])
    assert "judge_calls" not in scorer_figures(own)
    grader = Grader()
    calibrated = inspect_score(
        old,
        xeno_homogenization(values=str(values_file(tmp_path)), arm_generations=8),
        model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
        action="append",
        display="none",
    )
    f = scorer_figures(calibrated, 1)
    assert f["judge_calls"] == len(grader.calls) > 0
    assert f"baseline/{ATTR}_calibrated_normativity" in f
    assert f"xeno/{ATTR}_calibration_n_judged" in f
