"""Hostile prompt files and task parameters: one-line errors at task build, bounded; user
columns in their own namespace; prompt ids with "/" stay prompts in ``summary``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval

from homog_bench import tasks
from homog_bench._compat import UserError
from homog_bench.report.summary import summarize_log
from robustness.hostile import run_bounded
from robustness.hostile_prompts import SECRET, TASK_CASES, TaskCase
from scripted import scripted_model


@pytest.mark.parametrize("case", TASK_CASES, ids=[c.name for c in TASK_CASES])
def test_task_build_gives_one_line(case: TaskCase, tmp_path: Path) -> None:
    kwargs = case.make(tmp_path)
    start = time.perf_counter()
    with pytest.raises(UserError) as info:
        getattr(tasks, case.task)(**kwargs)
    assert time.perf_counter() - start < 20
    message = str(info.value)
    assert "\n" not in message and case.expect in message, message
    assert SECRET not in message


def test_a_hundred_million_generations_fail_before_allocating() -> None:
    # before: 11 GB of samples were built before the first generation
    outcome = run_bounded(
        "from homog_bench.tasks import story_homogenization\n"
        "from homog_bench._compat import UserError\n"
        "try:\n"
        "    story_homogenization(n=100_000_000)\n"
        "except UserError as exc:\n"
        "    print(f'error: {exc}', file=sys.stderr); sys.exit(1)\n",
        timeout=60,
        memory=1536 << 20,
    )
    assert outcome.clean_error, outcome.err[-1500:]
    assert "-T n" in outcome.err


COLUMNS = (
    '{"id": "a/b", "prompt": "Write about a nurse.", "arm": "xeno", "prompt_id": "same",'
    ' "set": "s1"}\n'
    '{"id": "c", "prompt": "Write about a pilot.", "arm": "xeno", "prompt_id": "same",'
    ' "set": "s1"}\n'
)


def test_user_columns_cannot_override_internal_fields(tmp_path: Path) -> None:
    prompts = tmp_path / "p.jsonl"
    prompts.write_text(COLUMNS)
    stories = {
        "Write about a nurse.": ["Mara smiled. She worked.", "Tom ran. He worked."],
        "Write about a pilot.": ["Ana flew. She landed.", "Ana flew. She landed."],
    }
    (log,) = inspect_eval(
        tasks.story_homogenization(prompts_from=str(prompts), n=2, seed=1),
        model=scripted_model(stories),
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    assert log.results is not None
    figures = {k: v.value for k, v in log.results.scores[0].metrics.items()}
    # two prompts (not merged under the column "prompt_id"), no xeno figures (column "arm")
    assert figures["n_prompts"] == 2.0
    assert not any(k.startswith(("xeno", "baseline")) for k in figures)
    assert figures["names_distinct_ratio@a/b"] == pytest.approx(1.0)  # Mara, Tom
    assert figures["names_distinct_ratio@c"] == pytest.approx(0.5)  # Ana, Ana
    assert log.samples is not None
    sample = log.samples[0]
    assert sample.metadata["prompt_id"] in ("a/b", "c")
    assert sample.metadata["columns"]["arm"] == "xeno"
    # summary reads it as a story run: no bogus arm named "names_distinct_ratio@a"
    text = summarize_log(Path(log.location))
    assert "generations: 4 over 2 prompts" in text
    assert "in arms" not in text
