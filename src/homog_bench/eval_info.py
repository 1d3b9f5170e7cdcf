"""The package's ``eval.yaml``: register metadata and the version of every task.

>>> task_version("story_homogenization")
'1.0'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

EVAL_YAML = Path(__file__).resolve().parent / "eval.yaml"


@cache
def eval_info() -> dict[str, Any]:
    """The parsed ``eval.yaml``."""
    data: dict[str, Any] = yaml.safe_load(EVAL_YAML.read_text(encoding="utf-8"))
    return data


def task_version(name: str) -> str:
    """The version ``eval.yaml`` gives task ``name`` (``Task(version=...)``)."""
    for entry in eval_info()["tasks"]:
        if entry["name"] == name:
            return str(entry["version"])
    raise KeyError(f"eval.yaml lists no task {name!r}")
