"""Per-epoch seeds: generations differ across epochs and reproduce across runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model

from homog_bench.tasks import story_homogenization
from scripted import output


def seeds_seen(tmp_path: Path, task_seed: int | None, eval_seed: int | None) -> list[int | None]:
    seen: list[int | None] = []

    def respond(messages: Any, tools: Any, choice: Any, config: Any) -> Any:
        seen.append(config.seed)
        return output("Ada smiled. She left.")

    inspect_eval(
        story_homogenization(n=4, prompts="nurse,ceo", seed=task_seed),
        model=get_model("mockllm/model", custom_outputs=respond),
        seed=eval_seed,
        log_dir=str(tmp_path),
        display="none",
    )
    return seen


def test_task_seed_gives_distinct_reproducible_seeds(tmp_path: Path) -> None:
    first = seeds_seen(tmp_path, 11, None)
    assert len(first) == 8 and len(set(first)) == 8
    assert sorted(first) == sorted(seeds_seen(tmp_path, 11, None))  # type: ignore[type-var]
    assert set(first).isdisjoint(seeds_seen(tmp_path, 12, None))


def test_inspect_seed_is_derived_per_epoch(tmp_path: Path) -> None:
    seen = seeds_seen(tmp_path, None, 5)
    assert len(set(seen)) == 8 and 5 not in seen


def test_no_seed_leaves_sampling_to_the_provider(tmp_path: Path) -> None:
    assert seeds_seen(tmp_path, None, None) == [None] * 8
