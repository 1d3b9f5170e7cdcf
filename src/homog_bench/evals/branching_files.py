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

from dataclasses import dataclass
from typing import Any

from homog_bench._errors import HomogBenchError
from homog_bench._specs import IDENTIFIER, bundled, check_fields, load_spec

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
    return bundled("branching")


def load_experiment(spec: str) -> Experiment:
    """Load a bundled experiment by id, or a YAML file by path."""
    return _parse(*load_spec(spec, "branching", "experiment", "experiment"))


def _parse(raw: Any, file: str) -> Experiment:
    check_fields(raw, file, FIELDS, FIELDS[:-1])
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
