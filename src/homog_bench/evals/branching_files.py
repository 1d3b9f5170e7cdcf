"""Branching experiments: a prompt, a trunk (the first words of the answer) and branches.

Bundled experiments live in ``datasets/branching/<id>.yaml`` (see its README); a path to
a YAML file with the same fields works too. Errors are one line naming the field.

>>> exp = load_experiment("nurse_altar")
>>> exp.values, list(exp.branches)
('partners_at_the_altar', ['his', 'her', 'their'])
>>> exp.opening("her").endswith("turned to face her partner, and")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
FIELDS = ("id", "description", "values", "prompt", "trunk", "branches")


@dataclass(frozen=True)
class Experiment:
    """One branching experiment."""

    id: str
    description: str
    values: str
    prompt: str
    trunk: str
    branches: dict[str, str]

    def opening(self, branch: str) -> str:
        """The fixed start of the answer for ``branch``: trunk, one space, branch."""
        return f"{self.trunk.strip()} {self.branches[branch].strip()}"


def bundled_experiments() -> list[str]:
    """Ids of the experiments shipped in ``datasets/branching/``."""
    return sorted(p.stem for p in data_path("branching").glob("*.yaml"))


def load_experiment(spec: str) -> Experiment:
    """Load a bundled experiment by id, or a YAML file by path."""
    path = Path(str(spec)).expanduser()
    bundled = data_path("branching", f"{spec}.yaml")
    if IDENTIFIER.match(str(spec)) and bundled.is_file():
        path = bundled
    elif not path.is_file():
        raise HomogBenchError(
            f"-T experiment: {spec!r}: no such file and no bundled experiment of that name "
            f"(bundled: {', '.join(bundled_experiments())})"
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise HomogBenchError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    return _parse(raw, str(path))


def _parse(raw: Any, file: str) -> Experiment:
    if not isinstance(raw, dict):
        raise HomogBenchError(f"{file}: expected a mapping with fields {', '.join(FIELDS)}")
    for key in raw:
        if key not in FIELDS:
            raise HomogBenchError(f"{file}: {key}: unknown field; expected one of {FIELDS}")
    for key in FIELDS[:-1]:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise HomogBenchError(f"{file}: {key}: expected a non-empty string")
    if not IDENTIFIER.match(raw["id"]):
        raise HomogBenchError(f"{file}: id: expected lowercase letters, digits and _")
    branches = raw.get("branches")
    if not isinstance(branches, dict) or len(branches) < 2:
        raise HomogBenchError(f"{file}: branches: expected a mapping of at least two branches")
    for bid, text in branches.items():
        if not isinstance(bid, str) or not IDENTIFIER.match(bid):
            raise HomogBenchError(
                f"{file}: branches.{bid}: a branch id is lowercase letters, digits and _"
            )
        if not isinstance(text, str) or not text.strip():
            raise HomogBenchError(f"{file}: branches.{bid}: expected a non-empty string")
    return Experiment(
        id=raw["id"],
        description=raw["description"].strip(),
        values=raw["values"].strip(),
        prompt=raw["prompt"].strip(),
        trunk=raw["trunk"].strip(),
        branches={str(k): str(v) for k, v in branches.items()},
    )
