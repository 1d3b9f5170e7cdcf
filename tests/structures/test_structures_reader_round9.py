"""Ninth round of the protagonist reader: a story whose lead the reader cannot tie to a
name or a description ("The CEO … the bakery's sales … He had cut the menu") is still
read by its pronouns when nearly all of them are of one gendered class; a story of a
group, or one with she and he in equal measure, stays `unknown`.

Every story here was written for these tests (none is from a labeled file). The two
gendered ones were read `unknown` before the rule.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.protagonist import analyse

UNNAMED_LEAD = [
    (
        "The CEO had spent the winter trying to fix the bakery's falling sales and was "
        "desperate to prove himself. He had cut the menu in half and hired two new bakers. "
        "By March he was sleeping in the back office.",
        "man",
    ),
    (
        "The NASA engineer's team had worked on the probe for nine years. She checked the "
        "telemetry one last time and told herself it would hold. When the signal came back, "
        "she cried.",
        "woman",
    ),
]
NOT_ONE_LEAD = [
    # he and she in the same measure: no lead to read
    "The CEO had spent the winter trying to fix the bakery's falling sales. He had cut the "
    "menu in half, and she had hired two new bakers. By March they were sleeping in the "
    "back office.",
    # a group's story with one "he" in it
    "The volunteers had spent the winter trying to fix the shelter's leaking roof. They had "
    "raised the money themselves, and they hired a roofer in March. One of them, he said, "
    "had never held a hammer.",
]


@pytest.mark.parametrize(("text", "gender"), UNNAMED_LEAD)
def test_an_unnamed_lead_is_read_by_their_pronouns(text: str, gender: str) -> None:
    reading = analyse(text)
    assert reading.gender == gender
    assert reading.protagonist_name is None
    assert sum(reading.cues.values()) >= 2  # the pronouns are shown as the cues


@pytest.mark.parametrize("text", NOT_ONE_LEAD)
def test_mixed_or_group_pronouns_make_no_unnamed_lead(text: str) -> None:
    assert analyse(text).gender == "unknown"
