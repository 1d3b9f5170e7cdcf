"""The catalog parses the figure names the metrics really write (the golden figures).

Every recorded run of every task under every bundled value file is read back through
``figures/catalog.py``: its attributes are the value file's, its arms the task's, its
changes and core distances name what was compared, and each pooled attribute figure's
role names its attribute.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from homog_bench.evals.branching_files import load_experiment
from homog_bench.figures import catalog
from homog_bench.values import load_values

GOLDEN: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "golden" / "golden_figures.json").read_text()
)


def figures(run: str) -> dict[str, float]:
    (block,) = GOLDEN[run]["figures"].values()
    return {k: float(v) for k, v in block.items()}


STORY_RUNS = sorted(r for r in GOLDEN if r.startswith("story_homogenization-"))


@pytest.mark.parametrize("run", STORY_RUNS)
def test_story_figures_name_the_value_files_attributes(run: str) -> None:
    values = load_values(run.split("-", 1)[1])
    f = figures(run)
    assert catalog.attributes(f) == list(values.attributes)
    assert not catalog.has_arms(f)
    normative = [a for a, spec in values.attributes.items() if spec.normative]
    assert next(iter(f)) == catalog.headline(normative)  # Inspect shows it first
    roles = catalog.attribute_roles(f)
    assert roles["headline"] == (normative[0] if normative else None)
    for name in f:
        if not catalog.is_pooled(name) or catalog.is_bound(name):
            continue
        role = catalog.role(name, values.attributes)
        owner = next((a for a in values.attributes if name.startswith(f"{a}_")), None)
        assert role.attribute == owner, name


@pytest.mark.parametrize("run", ["xeno_instructed", "xeno_values", "xeno_contrastive"])
def test_xeno_figures_parse(run: str) -> None:
    f = figures(run)
    assert catalog.arms(f) == [catalog.BASELINE, catalog.XENO]
    changes = catalog.changes(f)
    assert "protagonist_gender_normativity" in changes
    assert "validity" not in changes
    assert all(catalog.change(c) in f for c in changes)
    low, high = catalog.ci_keys("xeno_gain")
    assert f[low] <= f["xeno_gain"] <= f[high]


@pytest.mark.parametrize("experiment", ["nurse_altar", "ceo_phone_call"])
def test_branching_figures_parse(experiment: str) -> None:
    f = figures(f"branching-{experiment}")
    branches = list(load_experiment(experiment).branches)
    assert catalog.arms(f) == sorted(catalog.branch_arm(b) for b in branches)
    pairs = catalog.core_distances(f)
    assert len(pairs) == len(branches) * (len(branches) - 1) // 2
    for name, (a, b) in pairs.items():
        assert {a, b} <= set(branches) and name == catalog.core_distance(a, b)
        assert all(bound in f for bound in catalog.ci_keys(name))


def test_directions_of_ranked_figures() -> None:
    assert catalog.direction("normativity") == "lower"
    assert catalog.direction("deviance_mean") == "higher"
    with pytest.raises(KeyError):
        catalog.direction("excluded")
