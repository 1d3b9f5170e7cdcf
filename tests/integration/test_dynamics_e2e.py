"""The dynamics task on a scripted model whose continuations switch category at a known cut."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessage, GenerateConfig, Logprob, Logprobs, ModelOutput, get_model

from homog_bench._compat import UserError
from homog_bench.report.summary import summarize_log
from homog_bench.tasks import dynamics
from scripted import output

# 42 words; every prefix names a nonbinary protagonist (their, They, they), no lexicon term
TRUNK = (
    "Rowan packed their bag. They were late again, and they ran to the hospital through the "
    "cold rain. The night shift had started without them. The ward was quiet, the lights were "
    "low, and the long hallway smelled of soap and coffee."
)
CUTS = [10, 21, 31, 42]  # cuts=4, evenly by words
HE = "Tom sat down at the station. He was tired, and he closed his eyes for a moment."
THEY = "Kai smiled at the window. They were tired, and they closed their eyes for a moment."
TOKEN_LOGPROB = -0.5
TRUNK_TOKENS = 123


def write_trunk(folder: Path) -> Path:
    path = folder / "trunk.yaml"
    path.write_text(
        "id: scripted\ndescription: a scripted trunk\nvalues: gender_in_stories\n"
        f"prompt: Write a short story about a nurse.\ntrunk: {TRUNK}\n"
    )
    return path


def opening_of(messages: list[ChatMessage]) -> str:
    """The prefix the model is asked to continue ('' for a plain answer)."""
    last = messages[-1]
    if last.role == "assistant":
        return last.text
    return last.text.split("Opening:\n", 1)[1] if "Opening:\n" in last.text else ""


def respond(
    messages: list[ChatMessage], tools: Any, tool_choice: Any, config: GenerateConfig
) -> ModelOutput:
    # plain answers and continuations before word 31: "he"; from word 31 on: "they"
    words = len(opening_of(messages).split())
    out = output(THEY if words >= CUTS[2] else HE)
    out.choices[0].logprobs = Logprobs(
        content=[
            Logprob(token=w, logprob=TOKEN_LOGPROB, bytes=list(w.encode()))
            for w in out.completion.split()
        ]
    )
    return out


def run(tmp_path: Path, **params: Any) -> EvalLog:
    task = dynamics(trunk=str(write_trunk(tmp_path)), n=3, cuts=4, seed=1, **params)
    (log,) = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=respond),
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    return log


def metrics(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    (score,) = log.results.scores
    assert score.name == "dynamics_homogenization"
    return {k: v.value for k, v in score.metrics.items()}


@pytest.mark.parametrize("prefill", ["never", "always"])
def test_known_commitment_point_pull_and_drift(tmp_path: Path, prefill: str) -> None:
    log = run(tmp_path, prefill=prefill)
    f = metrics(log)
    assert next(iter(f)) == "protagonist_gender_commitment"
    # the continuations switch to the nonbinary protagonist at the third cut, word 31,
    # and never vary within a cut: the interval is that cut
    assert f["protagonist_gender_commitment"] == CUTS[2]
    assert f["protagonist_gender_commitment_ci_low"] == CUTS[2]
    assert f["protagonist_gender_commitment_ci_high"] == CUTS[2]
    assert f["protagonist_gender_committed_share"] == 1.0
    assert f["protagonist_name_commitment"] == CUTS[2]  # Tom before, Kai after
    # cores (woman, man, nonbinary, ...): (0, 1, 0) at cuts 1-2, (0, 0, 1) at cuts 3-4
    assert f["drift"] == pytest.approx(math.sqrt(2))
    assert f["displacement"] == pytest.approx(math.sqrt(2))
    # the default core is (0, 1, 0); every prefix reads (0, 0, 1), a departure of sqrt(2):
    # cuts 1-2 return to the default (pull 1), cuts 3-4 stay with the prefix (pull 0)
    assert [f[f"cut:{c}/pull"] for c in CUTS] == [1.0, 1.0, 0.0, 0.0]
    assert f["pull"] == pytest.approx(0.5)
    assert [f[f"cut:{c}/distance"] for c in CUTS] == pytest.approx(
        [0, 0, math.sqrt(2), math.sqrt(2)]
    )
    assert f["cut:10/entropy_protagonist_gender"] == 0.0
    assert f["cut:10/prefix_protagonist_nonbinary"] == 1.0
    assert f["n_generations"] == 15.0 and f["n_cuts"] == 4.0
    # every output had log-probabilities: p(y) figures; all plain answers are one text
    assert f["default/py_ess"] == 1.0
    assert f["default/py_core_protagonist_man"] == 1.0
    assert f["cut:31/logprob_mean"] == TOKEN_LOGPROB
    modes = {s.metadata["prefill_mode"] for s in log.samples or [] if "opening" in s.metadata}
    assert modes == {"prefill" if prefill == "always" else "instruction"}


def test_sequence_logprob_in_score_metadata_and_summary(tmp_path: Path) -> None:
    log = run(tmp_path, prefill="never")
    sample = next(s for s in log.samples or [] if s.metadata.get("cut") == 0)
    assert sample.scores is not None
    meta = sample.scores["dynamics_homogenization"].metadata or {}
    words = len(HE.split())
    assert meta["homog_bench"]["logprob"] == {
        "sum": TOKEN_LOGPROB * words,
        "mean": TOKEN_LOGPROB,
        "n_tokens": float(words),
    }
    text = summarize_log(Path(log.location))
    assert "commitment protagonist_gender: 31 words [31, 31]" in text
    assert "pull 0.500" in text
    assert "p(y)-weighted default core: effective sample size 1.000 of 3" in text


def test_summary_plot_of_the_core_along_the_trunk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from homog_bench.cli import main
    from homog_bench.report.trunk_plot import trunk_figure

    log = run(tmp_path, prefill="never")
    out = tmp_path / "core.png"
    assert main(["summary", log.location, "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"plot: {out}" in capsys.readouterr().out
    assert main(["summary", log.location, "--plot", str(tmp_path / "core.pdf")]) != 0
    assert "expected a .png or .svg" in capsys.readouterr().err
    # the leaderboard shows a dynamics run in its own block (tests/report/test_leaderboard_dynamics)
    assert main(["leaderboard", str(tmp_path / "logs")]) == 0
    captured = capsys.readouterr()
    assert "| 1 | mockllm/model | 0.500 [0.500, 0.500] | 31 [31, 31] |" in captured.out
    # the two structures that occur (man, nonbinary) are drawn, the others never occur;
    # both attributes commit (a vertical line each, at word 31)
    top = trunk_figure(metrics(log)).axes[0]
    drawn = {line.get_label(): line for line in top.get_lines()}
    assert sorted(k for k in drawn if not k.startswith("_")) == [
        "protagonist_gender commits",
        "protagonist_man",
        "protagonist_name commits",
        "protagonist_nonbinary",
    ]
    assert list(drawn["protagonist_gender commits"].get_xdata()) == [CUTS[2], CUTS[2]]


def test_sampled_trunk_is_cut_where_the_model_wrote_it(tmp_path: Path) -> None:
    def write_trunk_first(
        messages: list[ChatMessage], tools: Any, tool_choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        if config.max_tokens == TRUNK_TOKENS:  # the call that samples the trunk
            return output(TRUNK)
        return respond(messages, tools, tool_choice, config)

    (log,) = inspect_eval(
        dynamics(trunk="sample", prompt="nurse", n=2, cuts=4, seed=1, trunk_tokens=TRUNK_TOKENS),
        model=get_model("mockllm/model", custom_outputs=write_trunk_first),
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    f = metrics(log)
    assert sorted(int(k.split("/")[0][4:]) for k in f if k.endswith("/n")) == CUTS
    cut_samples = [s for s in log.samples or [] if s.metadata["cut"]]
    assert {s.metadata["trunk_text"] for s in cut_samples} == {TRUNK}
    assert f["protagonist_gender_commitment"] == CUTS[2]
    assert f["pull"] == pytest.approx(0.5)


def test_bad_parameters_name_the_parameter(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="-T threshold"):
        dynamics(trunk=str(write_trunk(tmp_path)), threshold=0.5)
    with pytest.raises(UserError, match="-T cut_at"):
        dynamics(cut_at="tokens")
    with pytest.raises(UserError, match="-T logprobs"):
        dynamics(logprobs="maybe")
    with pytest.raises(UserError, match="-T trunk"):
        dynamics(trunk="no_such_trunk")
