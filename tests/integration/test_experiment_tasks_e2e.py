"""Scripted branching, contrastive and sequential runs, and their -T parameter checks."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from homog_bench._compat import UserError
from homog_bench.evals.solvers import SEQUENTIAL_INSTRUCTION
from homog_bench.tasks import branching, xeno_contrastive, xeno_instructed, xeno_sequential
from scripted_arms import metric_figures as figures
from scripted_arms import run_scripted as run
from scripted_arms import story

# --- branching ---------------------------------------------------------------------------
VOWS = " the {who} smiled at the nurse. The vows were short and the chapel was quiet."
BRANCH_STORIES = {
    "his": [VOWS.format(who="bride")],
    "her": [VOWS.format(who="groom")],
    "their": [VOWS.format(who="bride"), VOWS.format(who="groom")],
}


def branch_of(text: str) -> str:
    return next(b for b in ("their", "his", "her") if f"face {b} partner" in text)


def by_prefill(messages: Any) -> str:
    assert messages[-1].role == "assistant", "the opening is sent as a prefill"
    return branch_of(messages[-1].text)


def by_instruction(messages: Any) -> str:
    assert messages[-1].role == "user" and "Opening:" in messages[-1].text
    return branch_of(messages[-1].text)


def check_branch_figures(f: dict[str, float]) -> None:
    # the reader takes the bride (groom) for a woman (man) protagonist, so the cores of
    # (protagonist_woman, protagonist_man, partner_woman, partner_man) are
    # her (0, 1, 0, 1), his (1, 0, 1, 0), their (.5, .5, .5, .5); all else 0
    assert list(f)[:3] == [
        "core_distance_her_vs_his",
        "core_distance_her_vs_his_ci_low",
        "core_distance_her_vs_his_ci_high",
    ]
    assert f["core_distance_her_vs_his"] == pytest.approx(2.0)
    assert f["core_distance_her_vs_their"] == pytest.approx(1.0)
    assert f["core_distance_his_vs_their"] == pytest.approx(1.0)
    # her and his never vary: no resample moves their distance
    assert f["core_distance_her_vs_his_ci_low"] == pytest.approx(2.0)
    assert f["core_distance_his_vs_their_ci_low"] < f["core_distance_his_vs_their_ci_high"]
    assert f["core_shift_her_vs_his_partner_woman"] == 1.0
    assert f["core_shift_her_vs_his_partner_man"] == -1.0
    assert f["core_shift_her_vs_his_protagonist_woman"] == 1.0
    assert f["core_shift_her_vs_his_tears"] == 0.0
    assert f["branch:their/core_partner_woman"] == pytest.approx(0.5)
    assert f["branch:their/bride_share_present"] == pytest.approx(0.5)
    assert f["n_branches"] == 3 and f["n_generations"] == 12


def test_branching_with_prefill(tmp_path: Path) -> None:
    log = run(tmp_path, branching(n=4, seed=1, prefill="always"), BRANCH_STORIES, by_prefill)
    check_branch_figures(figures(log))
    assert log.eval.metadata["prefill"] == "always"  # type: ignore[index]
    for sample in log.samples or []:
        assert sample.metadata["prefill_mode"] == "prefill"
        assert sample.output.completion.startswith(" the ")  # the continuation is scored


def test_branching_falls_back_to_an_instruction(tmp_path: Path) -> None:
    # mockllm has no prefill: "auto" asks the model to continue the opening
    stories = BRANCH_STORIES
    log = run(tmp_path, branching(n=4, seed=1), stories, by_instruction)
    check_branch_figures(figures(log))
    assert {s.metadata["prefill_mode"] for s in log.samples or []} == {"instruction"}


def test_a_repeated_opening_is_stripped(tmp_path: Path) -> None:
    from homog_bench.evals.branching_files import load_experiment

    exp = load_experiment("nurse_altar")
    stories = {b: [exp.opening(b) + t for t in texts] for b, texts in BRANCH_STORIES.items()}
    log = run(tmp_path, branching(n=4, seed=1, prefill="never"), stories, by_instruction)
    check_branch_figures(figures(log))


# --- contrastive ---------------------------------------------------------------------------
def by_turn_contrastive(messages: Any) -> str:
    return "contrast" if "Here are 2 answers" in messages[-1].text else "plain"


def test_contrastive_shows_k_answers_then_scores_the_last(tmp_path: Path) -> None:
    stories = {
        "plain": [story("Ada", "woman")],
        "contrast": [story("Kai", "nonbinary")],
    }
    calls: list[str] = []

    def key(messages: Any) -> str:
        calls.append(by_turn_contrastive(messages))
        return calls[-1]

    log = run(tmp_path, xeno_contrastive(n=3, k=2, prompts="nurse", seed=2), stories, key)
    f = figures(log)
    assert calls.count("plain") == 3 + 3 * 2 and calls.count("contrast") == 3
    # baseline all the same woman story (E[∂] = 0); xeno all nonbinary: sqrt(1 + 1) away
    assert f["baseline_deviance"] == 0.0
    assert f["xeno_gain"] == pytest.approx(math.sqrt(2))
    assert f["xeno_validity"] == 1.0
    xeno = next(s for s in log.samples or [] if s.metadata["arm"] == "xeno")
    prompt = xeno.messages[0].text
    assert "differs from all of them in protagonist gender, protagonist name" in prompt
    assert prompt.count(story("Ada", "woman").strip()) == 2
    assert log.eval.metadata["k"] == 2  # type: ignore[index]


# --- sequential ----------------------------------------------------------------------------
def by_turn_sequential(messages: Any) -> str:
    turns = sum(m.role == "user" and m.text == SEQUENTIAL_INSTRUCTION for m in messages)
    return f"turn{turns}"


def test_sequential_sets_compare_within_set_diversity(tmp_path: Path) -> None:
    stories = {
        "turn0": [story("Ada", "woman")],
        "turn1": [story("Bo", "man")],
        "turn2": [story("Kai", "nonbinary")],
    }
    task = xeno_sequential(n=2, k=3, prompts="nurse", seed=4)
    log = run(tmp_path, task, stories, by_turn_sequential)
    f = figures(log)
    assert f["n_generations"] == 12 and f["n_sets_baseline"] == 2 and f["n_sets_xeno"] == 2
    # independent answers: three times Ada; the conversation: Ada, Bo, Kai
    assert f["baseline/set_names_distinct_ratio"] == pytest.approx(1 / 3)
    assert f["xeno/set_names_distinct_ratio"] == 1.0
    assert f["set_names_distinct_ratio_change"] == pytest.approx(2 / 3)
    assert f["set_deviance_mean_change"] == pytest.approx(math.sqrt(2 / 3))
    assert f["set_ngram_diversity_2_change"] > 0
    by_position = {
        s.metadata["position"]: s
        for s in log.samples or []
        if s.metadata["arm"] == "xeno" and s.epoch == 1
    }
    assert "Kai" in by_position[3].output.completion
    # the third answer's conversation: prompt, answer, ask, answer, ask, answer
    assert [m.role for m in by_position[3].messages] == ["user", "assistant"] * 3


# --- parameters ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: branching(prefill="maybe"), "-T prefill: expected one of auto, always, never"),
        (lambda: branching(branches="his"), "-T branches: expected at least two branches"),
        (lambda: branching(branches="his,zz"), "-T branches: 'zz' is not a branch of"),
        (lambda: branching(experiment="nope"), "-T experiment: 'nope': no such file"),
        (lambda: branching(nn=3), "-T nn: unknown parameter"),
        (lambda: xeno_contrastive(k=0), "-T k: expected an integer >= 1"),
        (lambda: xeno_sequential(k=1), "-T k: expected an integer >= 2"),
        (lambda: xeno_instructed(instruction=" "), "-T instruction: expected a non-empty"),
        (lambda: xeno_instructed(n="many"), "-T n: expected an integer"),
    ],
)
def test_bad_parameters_are_one_line_errors(build: Any, message: str) -> None:
    with pytest.raises(UserError) as err:
        build()
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
