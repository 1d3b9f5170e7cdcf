"""eval.yaml lists exactly the package's tasks, with the sample counts they really have."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from inspect_ai import Task

from homog_bench import tasks
from homog_bench.eval_info import eval_info, task_version

ROOT = Path(__file__).resolve().parents[1]


def declared_tasks() -> list[str]:
    return sorted(
        name
        for name, fn in inspect.getmembers(tasks, inspect.isfunction)
        if getattr(getattr(fn, "__registry_info__", None), "type", None) == "task"
    )


def test_every_task_is_listed_once_with_its_shim() -> None:
    entries = eval_info()["tasks"]
    names = [e["name"] for e in entries]
    assert sorted(names) == declared_tasks() and len(set(names)) == len(names)
    for entry in entries:
        assert (ROOT / entry["task_path"]).is_file(), entry["task_path"]


@pytest.mark.parametrize("entry", eval_info()["tasks"], ids=lambda e: e["name"])
def test_sample_counts_and_version_match_the_default_task(entry: dict[str, object]) -> None:
    task: Task = getattr(tasks, str(entry["name"]))()
    assert len(task.dataset) == entry["dataset_samples"]
    assert len(task.dataset) * task.epochs == entry["generations"]
    assert task.version == entry["version"] == task_version(str(entry["name"]))


def test_register_fields_are_present() -> None:
    info = eval_info()
    for key in ("title", "description", "group", "contributors", "version", "tasks"):
        assert info[key], key
    assert info["requires_internet"] is False and info["external_assets"]


def test_unknown_task_has_no_version() -> None:
    with pytest.raises(KeyError, match="no task 'nope'"):
        task_version("nope")
