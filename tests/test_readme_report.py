"""The README's Evaluation Report states the value file's target and reference as they are.

Its table gives both as ``(w / m / nb)`` in the order of the shares row
(``shares woman / man / nonbinary``); a value file edited without the README, or a
README edited without the file, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from homog_bench.values import load_values

README = Path(__file__).resolve().parents[1] / "README.md"


def report_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Evaluation Report", 1)[1].split("\n## ", 1)[0]


def stated(section: str, what: str) -> list[float]:
    found = re.search(rf"{what} \(([\d.]+(?: / [\d.]+)+)\)", section)
    assert found is not None, f"the Evaluation Report states no {what}"
    return [float(x) for x in found.group(1).split(" / ")]


@pytest.mark.parametrize("what", ["target", "reference"])
def test_report_states_the_value_files_distributions(what: str) -> None:
    section = report_section()
    values = re.search(r"value file `(\w+)`", section)
    order = re.search(r"shares (\w+(?: / \w+)+)", section)
    assert values is not None and order is not None
    spec = load_values(values.group(1)).attributes["protagonist_gender"]
    distribution = spec.target if what == "target" else spec.reference
    assert distribution is not None
    categories = order.group(1).split(" / ")
    assert stated(section, what) == pytest.approx([distribution[c] for c in categories])
