"""``eval_set`` over two value files × two models, interrupted, then resumed.

Four tasks into one log dir. Model ``beta`` raises a non-retryable error on its first
call for one generation of one task, and task retries are off, so the first
``eval_set`` returns with three logs ``success`` and one ``error``. The same
``eval_set`` again over the same log dir resumes: it completes, the three finished
logs are reused as they are (no model call for them, same files, same bytes), the
failed task keeps the generations it had and makes one call, and all four final logs
are ``success`` with every generation counted. With task retries on, one call is
enough.

The tasks differ in their base seed so that a scripted model can tell them apart.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval_set
from inspect_ai.log import EvalLog, read_eval_log

from homog_bench.evals.solvers import derive_seed
from homog_bench.tasks import story_homogenization
from scripted import Fail, seeded_model

VALUES = {1: "gender_in_stories", 2: "names_and_cultural_defaults"}  # base seed → file
PROMPTS, N = ("nurse", "ceo"), 2
SEEDS = {
    derive_seed(base, p, e): (base, p, e)
    for base in VALUES
    for p in PROMPTS
    for e in range(1, N + 1)
}
UNLUCKY = derive_seed(2, "ceo", 2)  # beta × names_and_cultural_defaults, its last generation


def story(seed: int | None) -> str:
    base, prompt, epoch = SEEDS[seed]
    return f"Elara opened the {prompt} file {epoch} of set {base}. She smiled at her desk."


def tasks() -> list[Task]:
    return [
        story_homogenization(values=v, n=N, prompts=",".join(PROMPTS), seed=base)
        for base, v in VALUES.items()
    ]


def run_set(
    log_dir: Path, fail: Fail | None = None, **options: Any
) -> tuple[bool, dict[tuple[str, str], EvalLog], dict[str, list[int | None]]]:
    calls: dict[str, list[int | None]] = {"alpha": [], "beta": []}
    models = [
        seeded_model(story, name="alpha", calls=calls["alpha"]),
        seeded_model(story, name="beta", calls=calls["beta"], fail=fail),
    ]
    ok, logs = eval_set(
        tasks(), model=models, log_dir=str(log_dir), display="none", max_samples=1, **options
    )
    by_run = {(log.eval.model, str(log.eval.task_args["values"])): log for log in logs}
    assert len(by_run) == 4
    return ok, by_run, calls


def fail_once() -> Fail:
    """The first call for the unlucky generation raises (not an error Inspect retries)."""
    failed: list[int] = []

    def fail(seed: int | None, n: int) -> BaseException | None:
        if seed != UNLUCKY or failed:
            return None
        failed.append(n)
        return ValueError("model crashed")

    return fail


def local(location: str) -> Path:
    """A log's path (reused logs come back as ``file:`` URIs)."""
    return Path(location.removeprefix("file://").removeprefix("file:"))


def sha(location: str) -> str:
    return hashlib.sha256(local(location).read_bytes()).hexdigest()


def assert_complete(logs: dict[tuple[str, str], EvalLog]) -> None:
    """Every final log: success, 2 prompts × 2 generations, each its scripted text."""
    for (model, values), header in logs.items():
        log = read_eval_log(header.location)
        assert log.status == "success", (model, values)
        assert log.samples is not None and all(s.error is None for s in log.samples)
        base = next(b for b, v in VALUES.items() if v == values)
        assert {(str(s.id), s.epoch): s.output.completion for s in log.samples} == {
            (p, e): story(derive_seed(base, p, e)) for p in PROMPTS for e in range(1, N + 1)
        }
        assert log.results is not None
        assert log.results.scores[0].metrics["n_generations"].value == len(PROMPTS) * N


def test_an_interrupted_eval_set_resumes_without_rerunning(tmp_path: Path) -> None:
    failed_run = ("mockllm/beta", VALUES[2])
    ok, first, calls = run_set(tmp_path, fail_once(), retry_attempts=0)
    assert not ok
    assert {k: v.status for k, v in first.items()} == {
        ("mockllm/alpha", VALUES[1]): "success",
        ("mockllm/alpha", VALUES[2]): "success",
        ("mockllm/beta", VALUES[1]): "success",
        failed_run: "error",
    }
    assert (len(calls["alpha"]), len(calls["beta"])) == (8, 8)
    interrupted = read_eval_log(first[failed_run].location)
    kept = [s for s in interrupted.samples or [] if s.error is None]
    assert len(kept) == 3  # one sample at a time: the failing generation came last
    finished = {
        k: (local(v.location), sha(v.location)) for k, v in first.items() if k != failed_run
    }

    ok, second, calls = run_set(tmp_path, retry_attempts=0)
    assert ok
    # the three finished logs are reused as they are: no call, same file, same bytes
    assert calls["alpha"] == []
    reused = {k: (local(v.location), sha(v.location)) for k, v in second.items() if k != failed_run}
    assert reused == finished
    # the failed task keeps its three generations and asks only for the missing one
    assert calls["beta"] == [UNLUCKY]
    assert local(second[failed_run].location) != local(first[failed_run].location)
    assert not local(first[failed_run].location).exists()  # the failed log is cleaned up
    assert_complete(second)


def test_task_retries_inside_one_eval_set(tmp_path: Path) -> None:
    ok, logs, calls = run_set(tmp_path, fail_once(), retry_attempts=1, retry_wait=0)
    assert ok
    assert_complete(logs)
    # 16 generations + 1: the retried task keeps its 3 finished generations and asks
    # again only for the one that failed
    assert len(calls["alpha"]) == 8 and calls["beta"].count(UNLUCKY) == 2
    assert len(calls["beta"]) == 9
