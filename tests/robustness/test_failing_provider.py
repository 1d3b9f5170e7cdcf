"""A provider that fails some calls: Inspect's retries recover every generation.

Two mechanisms really retry here. Model-level retries run only for errors the
provider's ``should_retry`` accepts (``mockllm`` accepts none), so a test-only
provider, ``homog-flaky``, marks its scripted failures as transient and waits 0 s
between attempts. Sample-level ``retry_on_error`` re-runs a sample whatever raised.
Checked: every generation (samples × epochs) is in the log with its scripted text,
none errored, the figures count all of them, and the calls add up. Without any
retry one failed call costs the whole log's figures, and with ``fail_on_error=False``
the figures quietly count fewer generations than were asked for.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import Model, get_model, modelapi
from inspect_ai.model._providers.mockllm import MockLLM
from tenacity import wait_none
from tenacity.wait import WaitBaseT

from homog_bench.evals.solvers import derive_seed
from homog_bench.tasks import story_homogenization
from scripted import Fail, seeded_model, seeded_outputs

PROMPTS, N, SEED = ("nurse", "ceo"), 4, 1
GENERATIONS = len(PROMPTS) * N
SEEDS = {derive_seed(SEED, p, e): (p, e) for p in PROMPTS for e in range(1, N + 1)}


class TransientError(Exception):
    """What a provider would raise for a 503 or a dropped connection."""


@modelapi(name="homog-flaky")
def flaky() -> type[MockLLM]:
    class Flaky(MockLLM):
        """mockllm whose ``TransientError`` is retried at once by Inspect's model retries."""

        def should_retry(self, ex: Exception) -> bool:
            return isinstance(ex, TransientError)

        def retry_wait(self) -> WaitBaseT:
            return wait_none()

    return Flaky


def story(seed: int | None) -> str:
    """A different she-story for every generation, named after its prompt and epoch."""
    prompt, epoch = SEEDS[seed]
    return f"Mara opened the {prompt} file number {epoch}. She smiled; her work was done."


def flaky_model(calls: list[int | None], fail: Fail) -> Model:
    respond = seeded_outputs(story, model="homog-flaky/model", calls=calls, fail=fail)
    # get_model() memoizes every provider but mockllm, and its key drops the callable
    return get_model("homog-flaky/model", custom_outputs=respond, memoize=False)


def run(model: Model, tmp_path: Path, **options: Any) -> EvalLog:
    task = story_homogenization(n=N, prompts=",".join(PROMPTS), seed=SEED)
    return inspect_eval(task, model=model, log_dir=str(tmp_path), display="none", **options)[0]


def figures(log: EvalLog) -> dict[str, Any]:
    assert log.results is not None
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def assert_every_generation_kept(log: EvalLog) -> None:
    """samples × epochs in the log, none errored, each with its own scripted text."""
    assert log.status == "success", log.error
    assert log.samples is not None and len(log.samples) == GENERATIONS
    assert all(s.error is None for s in log.samples)
    kept = {(str(s.id), s.epoch): s.output.completion for s in log.samples}
    assert kept == {(p, e): story(seed) for seed, (p, e) in SEEDS.items()}
    assert figures(log)["n_generations"] == GENERATIONS
    assert figures(log)["protagonist_gender_share_woman"] == 1.0


def failed_attempts(log: EvalLog) -> Counter[tuple[str, int]]:
    """Model calls recorded with an error, per (sample, epoch)."""
    assert log.samples is not None
    return Counter(
        (str(s.id), s.epoch)
        for s in log.samples
        for e in s.events
        if e.event == "model" and e.error
    )


def test_model_level_retries_recover_every_third_call(tmp_path: Path) -> None:
    calls: list[int | None] = []

    def every_third(seed: int | None, n: int) -> BaseException | None:
        return TransientError(f"call {n} dropped") if n % 3 == 0 else None

    log = run(flaky_model(calls, every_third), tmp_path / "flaky")
    assert_every_generation_kept(log)
    # calls 3, 6 and 9 fail; the 8th success is call 11: 8 generations + 3 retries
    assert len(calls) == 11
    retried = failed_attempts(log)
    assert sum(retried.values()) == 3
    # Inspect's model retries, not sample retries: no sample was re-run
    assert all(not s.error_retries for s in log.samples or [])
    # and the figures are exactly those of a run where no call failed
    clean = run(seeded_model(story), tmp_path / "clean")
    assert figures(log) == pytest.approx(figures(clean), nan_ok=True)


def test_exhausted_model_retries_are_taken_over_by_sample_retries(tmp_path: Path) -> None:
    calls: list[int | None] = []
    unlucky = derive_seed(SEED, "nurse", 2)

    def twice(seed: int | None, n: int) -> BaseException | None:
        return TransientError("overloaded") if seed == unlucky and calls.count(seed) <= 2 else None

    # max_retries=1: the model gives up after two attempts; retry_on_error re-runs the sample
    log = run(flaky_model(calls, twice), tmp_path, max_retries=1, retry_on_error=1)
    assert_every_generation_kept(log)
    assert calls.count(unlucky) == 3 and len(calls) == GENERATIONS + 2
    nurse2 = next(s for s in log.samples or [] if (s.id, s.epoch) == ("nurse", 2))
    assert len(nurse2.error_retries or []) == 1
    # Inspect records tenacity's RetryError: the provider's own message is not in it
    error = nurse2.error_retries[0]  # type: ignore[index]
    assert error.message.startswith("RetryError(") and "TransientError" in error.message
    assert "overloaded" not in error.message


FIRST_CALL_FAILS = {derive_seed(SEED, "nurse", 2), derive_seed(SEED, "ceo", 3)}


def first_call_fails(calls: list[int | None]) -> Fail:
    def fail(seed: int | None, n: int) -> BaseException | None:
        first = seed in FIRST_CALL_FAILS and calls.count(seed) == 1
        return RuntimeError("connection reset") if first else None

    return fail


def test_sample_retries_rerun_what_mockllm_does_not_retry(tmp_path: Path) -> None:
    calls: list[int | None] = []
    log = run(seeded_model(story, calls=calls, fail=first_call_fails(calls)), tmp_path,
              retry_on_error=1)  # fmt: skip
    assert_every_generation_kept(log)
    assert len(calls) == GENERATIONS + 2
    rerun = {(str(s.id), s.epoch) for s in log.samples or [] if s.error_retries}
    assert rerun == {("nurse", 2), ("ceo", 3)}


def test_without_retries_a_failed_call_costs_figures(tmp_path: Path) -> None:
    calls: list[int | None] = []
    model = seeded_model(story, calls=calls, fail=first_call_fails(calls))
    failed = run(model, tmp_path / "default")
    # Inspect's default (fail_on_error=True): the log errors and has no figures at all
    assert failed.status == "error" and failed.results is None
    calls.clear()
    tolerant = run(model, tmp_path / "tolerant", fail_on_error=False)
    # the log "succeeds", and the figures count 6 of the 8 generations asked for: the
    # loss shows only in the sample errors and Inspect's completed/total sample counts
    assert tolerant.status == "success"
    assert figures(tolerant)["n_generations"] == GENERATIONS - 2
    assert sum(s.error is not None for s in tolerant.samples or []) == 2
    assert tolerant.results is not None
    assert (tolerant.results.total_samples, tolerant.results.completed_samples) == (8, 6)
