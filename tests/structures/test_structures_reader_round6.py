"""Sixth round of the protagonist reader: a "they" that belongs to a pair or is one
misread possessive does not make the protagonist a singular *they*.

Every story here was written for these tests (none is from a labeled file); each one
failed with the reader before the rule it names.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.protagonist import analyse
from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.pronouns import Resolver
from homog_bench.structures.protagonist.votes import strong_votes

# "Leo and Hana carried their tent": the pair's "their" is no sure vote for Hana, so
# her later "she"s are not pushed onto someone else (read `unknown` before)
PAIR = (
    "Leo and Hana carried their tent up the hill. They'd argued about the spot all "
    "week, and their friends had bet on who would win. Their dog, an old spaniel, ran "
    "ahead.\n\nHana had always been stubborn, and she'd chosen the ridge long ago. "
    "She'd drawn it on a napkin. They'd set up camp by dusk."
)
# one sure "their" next to Ines does not settle a singular they, so "her eyes" stays
# hers (read `nonbinary` with "their ×2" before)
ONE_THEIR = (
    "Under the old bridge, Ines's and Tomas's voices echoed across the water. They "
    "were an odd pair, both with their own secrets. Ines's hands were cold, her eyes "
    "bright. Tomas was a dreamer.\n\nIn the morning Ines walked to the market, where "
    "she sold the fish she had caught. Ines saw their reflection in the river. A "
    "smile crossed their lips. They'd be home by dark, and they would eat together."
)


@pytest.mark.parametrize(
    ("text", "gender", "name"),
    [(PAIR, "woman", "Hana"), (ONE_THEIR, "woman", "Ines")],
    ids=["pair", "one-their"],
)
def test_a_pair_or_one_their_is_no_singular_they(text: str, gender: str, name: str) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == (gender, name)


def test_a_member_of_a_pair_gets_no_sure_vote() -> None:
    cast = Cast("Leo and Hana carried their tent. Hana smiled at her map.")
    cast.extract()
    votes = strong_votes(Resolver(cast))
    hana = next(k for k, e in enumerate(cast.entities) if e.label == "Hana")
    assert votes[hana] == {"F": 1}  # "her map" only, not the pair's "their"


def test_a_singular_they_is_still_read_when_it_recurs() -> None:
    found = analyse(
        "Rowan opened the shop at dawn. They swept the floor and checked their "
        "ledger, and they smiled when the first customer came in. Rowan had waited "
        "years for this."
    )
    assert (found.gender, found.protagonist_name) == ("nonbinary", "Rowan")
