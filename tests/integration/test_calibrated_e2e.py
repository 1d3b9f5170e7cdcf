"""A calibrated value file through a real ``inspect eval``, then added to an old log.

40 scripted stories on one prompt; the bundled ``calibrated_protagonists`` file with a
25% judged fraction. A scripted grader answers from the quoted story, and says "woman"
for every Rin story although the text says *he* (a judge that disagrees with the offline
reader). Checked: the judge reads exactly the generations whose (seed, sample id, epoch)
hash is below the fraction, the calibrated, judge-only, agreement and cost figures are
reported, judged values absent by design are not counted as missing, and ``inspect
score`` adds the same calibration to a log that had none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai import score as inspect_score
from inspect_ai.log import EvalLog
from inspect_ai.model import get_model

from homog_bench.evals.scorers import homogenization
from homog_bench.judge.sampling import is_judged
from homog_bench.report.summary import summarize_log
from homog_bench.tasks import story_homogenization
from scripted import GenderGrader, calibrated_values, run_judged, scorer_figures, scripted_model

PROMPT = "Write a short story about a nurse."
PEOPLE = [("Mara", "She"), ("Tom", "He"), ("Ada", "She"), ("Rin", "He"), ("Kai", "Xe")]
STORIES = [
    f"{name} walked to the ward before dawn. {pronoun} checked every bed twice."
    for i in range(40)
    for name, pronoun in [PEOPLE[i % len(PEOPLE)]]
]
N = len(STORIES)
FRACTION = 0.25


Grader = GenderGrader


def values_file(folder: Path) -> Path:
    return Path(calibrated_values(folder, FRACTION, 5))


def expected_judged() -> list[int]:
    return [e for e in range(1, N + 1) if is_judged(0, "nurse", e, FRACTION)]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalLog, Grader, Path]:
    folder = tmp_path_factory.mktemp("calibrated")
    grader = Grader()
    log = run_judged(
        story_homogenization(values=str(values_file(folder)), n=N, prompts="nurse", seed=1),
        scripted_model({PROMPT: STORIES}),
        grader,
        folder / "logs",
    )
    return log, grader, folder


def test_the_judge_reads_exactly_the_hashed_subsample(run: tuple[EvalLog, Grader, Path]) -> None:
    log, grader, _ = run
    judged = expected_judged()
    assert 0 < len(judged) < N and len(grader.calls) == len(judged)
    assert log.samples is not None
    scores = {s.epoch: s.scores["homogenization"] for s in log.samples}  # type: ignore[index]
    meta = {epoch: score.metadata["homog_bench"] for epoch, score in scores.items()}  # type: ignore[index]
    asked = sorted(epoch for epoch, m in meta.items() if m.get("judge"))
    assert asked == judged
    for epoch, m in meta.items():
        record = m["calibration"]["protagonist_gender"]
        assert record["sampled"] == (epoch in judged)
        assert (record["judged"] is not None) == (epoch in judged)


def test_calibrated_figures_cost_and_agreement(run: tuple[EvalLog, Grader, Path]) -> None:
    log, grader, _ = run
    f = scorer_figures(log)
    n = len(expected_judged())
    assert f["judge_calls"] == len(grader.calls) == n and f["judge_generations"] == n
    assert f["protagonist_gender_calibration_n_judged"] == n
    # offline: 16 she, 16 he (Tom, Rin), 8 xe; the judge calls Rin a woman
    assert f["protagonist_gender_excluded"] == 0
    kept = N
    assert f["protagonist_gender_share_man"] == pytest.approx(16 / kept)
    assert log.samples is not None
    disagree = sum(
        s.scores["homogenization"].answer.startswith("Rin")  # type: ignore[index, union-attr]
        for s in log.samples
        if s.epoch in expected_judged()
    )
    assert f["protagonist_gender_agreement_accuracy"] == pytest.approx(1 - disagree / n)
    for stat in ("normativity", "share_woman", "D1", "js_target", "tv_target"):
        low = f[f"protagonist_gender_calibrated_{stat}_ci_low"]
        high = f[f"protagonist_gender_calibrated_{stat}_ci_high"]
        assert low <= f[f"protagonist_gender_calibrated_{stat}"] <= high
        assert f"protagonist_gender_judge_only_{stat}" in f
    # judged values left out by design are not "missing"
    assert "missing_woman_judged" not in f
    assert f["protagonist_gender_normativity"] == pytest.approx(32 / kept)  # offline, unchanged


def test_summary_prints_calibrated_figures_and_agreement(
    run: tuple[EvalLog, Grader, Path],
) -> None:
    log, _, _ = run
    text = summarize_log(log.location)
    n = len(expected_judged())
    assert f"calibrated with the judge on {n} judged generations" in text
    assert "normativity: calibrated " in text and "; judge only " in text
    assert "agreement offline vs judge: accuracy " in text and "Cohen's kappa " in text
    assert f"judge calls: {n} on {n} of {N} generations" in text


def test_rescoring_adds_calibration_to_an_old_log(run: tuple[EvalLog, Grader, Path]) -> None:
    _, _, folder = run
    (old,) = inspect_eval(
        story_homogenization(values="gender_in_stories", n=N, prompts="nurse", seed=1),
        model=scripted_model({PROMPT: STORIES}),
        log_dir=str(folder / "old"),
        display="none",
    )
    assert "protagonist_gender_calibrated_normativity" not in scorer_figures(old)
    grader = Grader()
    rescored = inspect_score(
        old,
        homogenization(values=str(values_file(folder)), generations=N),
        model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
        action="append",
        display="none",
    )
    f = scorer_figures(rescored, 1)
    assert len(grader.calls) == len(expected_judged()) == f["judge_calls"]
    assert "protagonist_gender_calibrated_normativity" in f
