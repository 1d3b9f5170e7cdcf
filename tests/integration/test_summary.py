"""`homog-bench summary` prints the headline figures of a log, and clear errors otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval

from homog_bench.cli import main
from homog_bench.tasks import story_homogenization
from scripted import scripted_model

PROMPT = "Write a short story about a nurse."


def test_summary_of_newest_log_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stories = [
        "Elara counted the beds. She sighed and her shift began.",
        "Elara read the chart. She frowned at her notes.",
        "Tomas fixed the drip. He laughed at his own joke.",
        "Rowan sat down. Xe smiled at xyr friend.",
    ]
    inspect_eval(
        story_homogenization(n=4, prompts="nurse"),
        model=scripted_model({PROMPT: stories}),
        log_dir=str(tmp_path),
        display="none",
    )
    assert main(["summary", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "generations: 4 over 1 prompt " in out
    assert "shares: woman 0.500, man 0.250, nonbinary 0.250" in out
    # 4 generations: too few for an interval (NaN bounds), so none is printed
    assert "normativity rate (share in normative categories): 0.750\n" in out
    assert "top-name share 0.500" in out and "top-name share 0.500 [" not in out
    assert "semantic: mean pairwise similarity " in out and "Vendi " in out


def test_summary_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(tmp_path)]) == 1
    assert "no .eval or .json log in this folder or below it" in capsys.readouterr().err
    bogus = tmp_path / "x.eval"
    bogus.write_text("not a log")
    assert main(["summary", str(bogus)]) == 1
    assert "not a readable Inspect log" in capsys.readouterr().err


def test_experiment_block_reads_gain_validity_arms_and_distances() -> None:
    from homog_bench.report.summary import experiment_lines

    figures = {
        "n_generations": 40.0,
        "xeno_gain": 0.25, "xeno_gain_ci_low": 0.1, "xeno_gain_ci_high": 0.4,
        "xeno_validity": 0.5, "xeno_gain_valid": 0.125,
        "validity_change": -0.5, "protagonist_gender_normativity_change": -0.2,
        "core_distance_her_vs_his": 1.0,
        "baseline/deviance_mean": 0.3, "baseline/protagonist_gender_normativity": 1.0,
        "xeno/deviance_mean": 0.6, "xeno/protagonist_gender_normativity": 0.8,
    }  # fmt: skip
    text = "\n".join(experiment_lines(figures))
    assert "generations: 40 in arms baseline, xeno" in text
    assert "xeno gain: 0.250 [0.100, 0.400]" in text and "validity: 0.500" in text
    assert "unmoved: 0.125" in text and "protagonist_gender_normativity -0.200" in text
    assert "validity_change" not in text  # validity is shown on its own line
    assert "core distance her vs his: 1.000" in text
    assert "[xeno] deviance E[d] 0.600; protagonist_gender_normativity 0.800" in text
