"""Dynamics runs on the leaderboard: their own block, ranked by pull, n/a with reasons.

Four scripted models continue the trunk of ``tests/integration/test_dynamics_e2e.py``
(every prefix names a nonbinary protagonist; cuts after 10, 21, 31 and 42 words; 3
continuations per cut, 3 plain answers):

| model | plain answers | continuations | pull | gender commits at |
|---|---|---|---|---|
| follows | he | he before word 31, they from 31 | 0.5 | 31 |
| snaps | he | he | 1 | 10 |
| keeps | he | they | 0 | 10 |
| theyall | they | they | n/a (no prefix departs) | 10 |

Only ``follows`` returns log-probabilities.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ChatMessage, GenerateConfig, ModelOutput, get_model

from homog_bench.report.leaderboard import build
from homog_bench.report.render import to_csv, to_json_data, to_markdown
from homog_bench.tasks import dynamics
from integration.test_dynamics_e2e import CUTS, HE, THEY, opening_of, respond, write_trunk
from scripted import output

Rule = Callable[[int], str]  # words of the opening (0: a plain answer) → the answer


def _model(name: str, rule: Rule) -> Any:
    def answer(
        messages: list[ChatMessage], tools: Any, tool_choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        return output(rule(len(opening_of(messages).split())), model=f"mockllm/{name}")

    return get_model(f"mockllm/{name}", custom_outputs=answer)


MODELS: dict[str, Any] = {
    "snaps": lambda: _model("snaps", lambda words: HE),
    "keeps": lambda: _model("keeps", lambda words: THEY if words else HE),
    "theyall": lambda: _model("theyall", lambda words: THEY),
    "follows": lambda: get_model("mockllm/follows", custom_outputs=respond),
}


@pytest.fixture(scope="module")
def dynamics_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dynamics-logs")
    trunk = str(write_trunk(folder))
    for make in MODELS.values():
        (log,) = inspect_eval(
            dynamics(trunk=trunk, n=3, cuts=4, seed=1, prefill="never"),
            model=make(),
            log_dir=str(folder / "logs"),
            display="none",
        )
        assert log.status == "success", log.error
    return folder / "logs"


def test_dynamics_runs_get_their_own_block_ranked_by_pull(dynamics_logs: Path) -> None:
    board = build(str(dynamics_logs), with_samples=False)
    assert board.skipped == []
    (block,) = board.blocks
    assert block.kind == "dynamics" and block.headline == "pull"
    assert block.detail.endswith("trunk.yaml")  # grouped by the trunk
    labels = [r.model.split("/")[-1] for r in block.runs]
    assert labels == ["keeps", "follows", "snaps", "theyall"]
    pulls = [r.figures["pull"] for r in block.runs]
    assert pulls[:3] == pytest.approx([0.0, 0.5, 1.0]) and math.isnan(pulls[3])
    # no variation inside a cut: every interval is its point, so the ranks are apart
    assert [block.band(i) for i in range(4)] == ["1", "2", "3", "unranked: n/a"]
    follows = block.runs[1].figures
    assert follows["protagonist_gender_commitment"] == CUTS[2]
    assert follows["drift"] == pytest.approx(math.sqrt(2))


def test_markdown_shows_commitment_drift_cuts_and_reasons(dynamics_logs: Path) -> None:
    text = to_markdown(build(str(dynamics_logs), with_samples=False))
    header = next(line for line in text.splitlines() if line.startswith("| rank"))
    assert header == (
        "| rank | model | pull ↓ | commitment protagonist_gender (words) | "
        "commitment protagonist_name (words) | drift | displacement | cut points | "
        "generations | date |"
    )
    rows = [line for line in text.splitlines() if "mockllm/" in line and line.startswith("| ")]
    assert rows[0].startswith(
        "| 1 | mockllm/keeps | 0.000 [0.000, 0.000] | 10 [10, 10] | 10 [10, 10] | "
        "0.000 [0.000, 0.000] | 0.000 [0.000, 0.000] | 4 | 15 |"
    )
    assert rows[1].startswith(
        "| 2 | mockllm/follows | 0.500 [0.500, 0.500] | 31 [31, 31] | 31 [31, 31] | "
        "1.414 [1.414, 1.414] | 1.414 [1.414, 1.414] | 4 | 15 |"
    )
    assert rows[3].startswith("| unranked: n/a | mockllm/theyall | n/a | 10 [10, 10] |")
    assert "ranked by the pull (lower first)" in text
    assert (
        "mockllm/theyall: not available: pull (no cut whose prefix departs from the default "
        "core); p(y)-weighted default core (the provider returned no token log-probabilities "
        "for every plain answer)." in text
    )
    assert "mockllm/follows: not available" not in text  # it returned log-probabilities
    assert "a dynamics run" not in text  # no longer skipped


def test_json_csv_and_html_carry_the_dynamics_block(dynamics_logs: Path) -> None:
    from homog_bench.report.html import to_html

    board = build(str(dynamics_logs), with_samples=False)
    data = to_json_data(board)
    json.dumps(data, allow_nan=False)  # strict JSON: no NaN, no Infinity
    (block,) = data["blocks"]
    assert block["kind"] == "dynamics" and block["trunk"].endswith("trunk.yaml")
    follows = block["rows"][1]
    assert follows["figures"]["pull"] == {"value": 0.5, "ci_low": 0.5, "ci_high": 0.5}
    assert follows["figures"]["commitment"]["value"] == CUTS[2]
    assert follows["not_available"] == {}
    assert block["rows"][3]["not_available"]["pull"] == (
        "no cut whose prefix departs from the default core"
    )
    rows = to_csv(board).splitlines()
    header = rows[0].split(",")
    follows_row = dict(zip(header, rows[2].split(","), strict=True))
    assert follows_row["kind"] == "dynamics" and follows_row["pull"] == "0.5"
    assert follows_row["commitment"] == "31.0" and follows_row["n_cuts"] == "4.0"
    page = to_html(board)
    assert "ranked by the pull (lower first)" in page
    assert "<td>31 [31, 31]</td>" in page and "trunk <code>" in page
