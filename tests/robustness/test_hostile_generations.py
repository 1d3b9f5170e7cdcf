"""Hostile generations through ``inspect eval``: a regex that backtracks catastrophically,
a lone surrogate, control bytes. Each costs at most its own figures; Ctrl-C still works."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.scorer import SampleScore, Score

from homog_bench.evals.metrics import homogenization_figures
from homog_bench.figures.catalog import METADATA_KEY
from homog_bench.structures.regex import Pattern, RegexTimeout
from homog_bench.tasks import story_homogenization
from robustness.hostile import SRC
from robustness.hostile_generations import EVIL, PROMPT, VALUES
from scripted import scripted_model

STORIES = [
    "Mara checked the ward. She smiled at the patients.",
    f"Tom checked the ward. He counted {EVIL}",
    "Ana walked the ward at night. She was calm.",
    "Omar drove home. He\ud800 sang to himself.",
    "Lee\x00 closed the \x1b[31mward\x1b[0m door. She \u202eslept.",
    "Ines sat down. She wrote in the chart.",
]


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> EvalLog:
    folder = tmp_path_factory.mktemp("hostile_gen")
    values = folder / "values.yaml"
    values.write_text(VALUES)
    start = time.perf_counter()
    (result,) = inspect_eval(
        story_homogenization(values=str(values), n=len(STORIES), prompts="nurse", seed=1),
        model=scripted_model({PROMPT: STORIES}),
        log_dir=str(folder / "logs"),
        display="none",
    )
    assert time.perf_counter() - start < 60
    assert result.status == "success", result.error
    return result


def _figures(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def test_one_bad_generation_costs_only_its_own_figures(log: EvalLog) -> None:
    figures = _figures(log)
    assert "aggregation_failed" not in figures
    # the surrogate generation is left out and counted; the five others are aggregated
    assert figures["n_generations_failed"] == 1.0
    assert figures["n_generations"] == 5.0
    # four women, one man among the five kept (the left-out one was a man)
    assert figures["gender_normativity"] == pytest.approx(1.0)
    assert figures["core_woman"] == pytest.approx(4 / 5)
    # "ward" after an ANSI escape ("\x1b[31mward") is not on a word boundary
    assert figures["core_ward"] == pytest.approx(3 / 5)


def test_a_timed_out_regex_is_missing_for_that_generation_only(log: EvalLog) -> None:
    figures = _figures(log)
    assert figures["missing_evil"] == 1.0
    assert figures["evil_hit_missing"] == 1.0
    assert figures["core_evil"] == 0.0  # the others do not match
    assert log.samples is not None
    notes = [s.scores["homogenization"].explanation or "" for s in log.samples]
    assert sum("regex gave up" in n for n in notes) == 1


def test_the_regex_time_limit_holds_on_a_catastrophic_pattern() -> None:
    pattern = Pattern(r"(a|aa)+$", timeout=0.1)
    start = time.perf_counter()
    with pytest.raises(RegexTimeout):
        pattern.matches(EVIL)
    assert time.perf_counter() - start < 2.0
    # the same pattern on a benign text still matches
    assert pattern.matches("aaaa") == ["aaaa"]


def _score(text: str, embedding: Any = None, sample_id: int = 1) -> SampleScore:
    settings = {
        "values": "v",
        "structures": ["a"],
        "attributes": {},
        "bootstrap": 50,
        "embeddings": "tfidf",
    }
    meta = {"settings": settings, "prompt": "p", "name": None, "embedding": embedding}
    return SampleScore(
        score=Score(
            value={"a": 1.0 if "x" in text else 0.0, "quality": "ok"},
            answer=text,
            metadata={METADATA_KEY: meta},
        ),
        sample_id=sample_id,
    )


def test_a_corrupt_stored_embedding_costs_one_generation() -> None:
    compute = homogenization_figures()
    scores = [_score(t, sample_id=i) for i, t in enumerate(["x y", "y z", "x x", "z"])]
    scores.append(_score("x", embedding="AAE=", sample_id=9))
    figures = compute(scores)
    assert isinstance(figures, dict)
    assert figures["n_generations_failed"] == 1.0
    assert figures["n_generations"] == 4.0
    assert figures["core_a"] == pytest.approx(0.5)


def test_every_generation_bad_is_reported_not_raised() -> None:
    compute = homogenization_figures()
    figures = compute([_score("x", embedding="AAE=", sample_id=i) for i in range(3)])
    assert figures == {"n_generations": 0.0, "n_generations_failed": 3.0}
    assert not any(isinstance(v, float) and math.isnan(v) for v in figures.values())


_EVAL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from inspect_ai import eval as inspect_eval
from homog_bench.tasks import story_homogenization
from scripted import scripted_model
folder = Path({folder!r})
(folder / "v.yaml").write_text({values!r})
print("start", flush=True)
logs = inspect_eval(
    story_homogenization(values=str(folder / "v.yaml"), n=200, prompts="nurse", seed=1),
    model=scripted_model({{{prompt!r}: [{evil!r}]}}),
    log_dir=str(folder / "logs"), display="none",
)
print("finished", [log.status for log in logs], flush=True)
"""


def test_ctrl_c_stops_an_eval_stuck_on_catastrophic_regexes(tmp_path: Path) -> None:
    # 200 generations x a regex at its time limit: minutes of matching; before, SIGINT
    # and SIGTERM were queued behind it (only SIGKILL stopped the eval)
    script = _EVAL_SCRIPT.format(
        tests=str(Path(__file__).parents[1]),
        folder=str(tmp_path),
        values=VALUES,
        prompt=PROMPT,
        evil="She said " + EVIL,
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "start"
        time.sleep(6)  # the eval is now scoring
        assert proc.poll() is None
        sent = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        assert time.perf_counter() - sent < 60
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = proc.stdout.read() if proc.stdout else ""
    assert "finished ['success']" not in output
