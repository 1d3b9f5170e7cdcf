"""The leaderboard shows, beside the offline figures, the judge-calibrated figures with the
reader–judge agreement, and each agrees_with pair's agreement (scripted golden runs:
``tests/golden/runs.py``, the same generations and judge answers as the golden figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden.runs import run, task_builders
from homog_bench.report.agreement import log_agreements
from homog_bench.report.leaderboard import build
from homog_bench.report.render import to_json_data, to_markdown

RUNS = ("calibrated_protagonists", "judged_protagonists", "gender_in_stories")


@pytest.fixture(scope="module")
def judged_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("judged-logs")
    builders = dict(task_builders())
    for values in RUNS:
        run(builders[f"story_homogenization-{values}"](), folder)
    return folder


def _section(text: str, values: str) -> str:
    return text.split(f"## value file `{values}`", 1)[1].split("\n## ", 1)[0]


def test_calibrated_figures_and_agreement_beside_the_offline_ones(judged_logs: Path) -> None:
    text = to_markdown(build(str(judged_logs), with_samples=False))
    calibrated = _section(text, "calibrated_protagonists")
    assert (
        "| model | attribute | calibrated normativity | calibrated D1 | calibrated JS to target "
        "| judged | judge calls | accuracy offline vs judge | Cohen's kappa |" in calibrated
    )
    assert (
        "| mockllm/model | protagonist_gender | 0.771 [0.000, 1.000] | 2.753 [1.000, 3.000] "
        "| 0.093 [0.013, 0.400] | 6 | 18 | 0.333 [0.000, 0.667] | 0.040 [-0.286, 0.368] |"
    ) in calibrated
    assert "| mockllm/model | man_judged vs protagonist_man | 16 | 0.375 [0.125, 0.625] | " in (
        calibrated
    )
    judged = _section(text, "judged_protagonists")
    assert "Judge-calibrated figures" not in judged  # no calibrate: in that value file
    assert (
        "| mockllm/model | nonbinary_judged vs protagonist_nonbinary | 18 | 0.722 [0.500, 0.889] "
        "| 0.444 [-0.025, 0.778] |" in judged
    )
    plain = _section(text, "gender_in_stories")
    assert "Judge" not in plain  # nothing judged: no section


def test_pair_agreement_from_the_header_equals_the_samples(judged_logs: Path) -> None:
    data = to_json_data(build(str(judged_logs), with_samples=False))
    blocks = {b["values"]: b for b in data["blocks"]}
    rows = {r["pair"]: r for r in blocks["judged_protagonists"]["judge_agreement"]}
    log = blocks["judged_protagonists"]["rows"][0]["log"]
    for sample_reading in log_agreements(log):
        row = rows[f"{sample_reading.judged} vs {sample_reading.offline}"]
        assert row["n"] == sample_reading.n
        assert row["accuracy"]["value"] == pytest.approx(sample_reading.accuracy)
        assert row["kappa"]["value"] == pytest.approx(sample_reading.kappa)
    (calibrated,) = blocks["calibrated_protagonists"]["calibration"]
    assert calibrated["attribute"] == "protagonist_gender"
    assert calibrated["judge_calls"] == 18 and calibrated["n_judged"] == 6
    assert calibrated["agreement_kappa"]["ci_low"] == pytest.approx(-0.286, abs=5e-4)
    assert "calibration" not in blocks["gender_in_stories"]
    json.dumps(data, allow_nan=False)


def test_html_has_the_sections(judged_logs: Path) -> None:
    from homog_bench.report.html import to_html

    page = to_html(build(str(judged_logs), with_samples=False))
    assert page.count("<h3>Judge against offline reader</h3>") == 2
    assert page.count("<h3>Judge-calibrated figures</h3>") == 1
    assert "<td>0.444 [-0.025, 0.778]</td>" in page


def test_summary_prints_the_pair_agreement(judged_logs: Path) -> None:
    from homog_bench.report.summary import summarize_log

    data = to_json_data(build(str(judged_logs), values="judged_protagonists", with_samples=False))
    text = summarize_log(data["blocks"][0]["rows"][0]["log"])
    assert (
        "agreement man_judged vs protagonist_man (agrees_with): accuracy 0.375 [0.125, 0.625], "
        "Cohen's kappa -0.159 [-0.518, 0.177] on 16 generations"
    ) in text
