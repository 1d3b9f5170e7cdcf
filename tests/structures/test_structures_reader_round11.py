"""Eleventh round of the protagonist reader: when the learned ranker sets aside the name
the rules took for the protagonist, a nonbinary reading resting on *they* alone goes with
it (the *they* was a group's), while a neopronoun or *themself* keeps it, and so does a
described character the rules never named ("A traveller … They").

The ranker's choice is forced here (it is fitted on the tune stories, where it sets such
names aside mostly in word salad); every story was written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from homog_bench.structures.protagonist import protagonist
from homog_bench.structures.protagonist.protagonist import analyse, rule_reading

COUSINS = (
    "Five cousins inherited a bakery in Lisbon. Mirela kept the keys. {pronoun} disagreed "
    "about the ovens, the prices and the colour of the awning, but every night {pronoun2} "
    "counted the till and every morning {pronoun2} opened the doors at six."
)
GROUP = COUSINS.format(pronoun="They", pronoun2="they")
NEOPRONOUN = COUSINS.format(pronoun="Xe", pronoun2="xe")
THEMSELF = GROUP + " Mirela told themself the debt would be paid by winter."
TRAVELLER = (
    "A traveller reached the ferry town after dark. They asked for a room above the inn, "
    "paid in coins from another century, and left before dawn. They never came back."
)


@pytest.fixture
def ranker_sets_names_aside(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The learned ranker answers "no named protagonist" for every story."""
    monkeypatch.setattr(protagonist, "learned_protagonist", lambda trace, x: None)
    analyse.cache_clear()
    yield
    analyse.cache_clear()


def test_the_rules_alone_read_the_group_as_one_nonbinary_person() -> None:
    reading, trace = rule_reading(GROUP)
    assert (reading.gender, reading.protagonist_name) == ("nonbinary", "Mirela")
    assert trace is not None


@pytest.mark.usefixtures("ranker_sets_names_aside")
def test_a_they_left_without_its_name_reads_unknown() -> None:
    reading = analyse(GROUP)
    assert (reading.gender, reading.protagonist_name, reading.cues) == ("unknown", None, {})


@pytest.mark.usefixtures("ranker_sets_names_aside")
@pytest.mark.parametrize("text", [NEOPRONOUN, THEMSELF])
def test_a_neopronoun_or_themself_keeps_the_nonbinary_reading(text: str) -> None:
    assert analyse(text).gender == "nonbinary"


@pytest.mark.usefixtures("ranker_sets_names_aside")
def test_a_described_character_keeps_a_singular_they() -> None:
    reading = analyse(TRAVELLER)
    assert (reading.gender, reading.protagonist_name) == ("nonbinary", None)
