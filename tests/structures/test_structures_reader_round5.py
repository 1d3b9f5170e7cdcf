"""The reader on issue 12's failure classes, with fresh examples written for this round.

Every example here was written for these tests (none is taken from a labeled set):
word salad that a small model falls into, sparse neopronouns, plural and singular
*they*, groups with no single protagonist, a side character with more pronouns than
the protagonist, and first-person narrators.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.protagonist import analyse
from homog_bench.structures.protagonist.coherence import coherent_prefix

# ------------------------------------------------------------------ word salad

# (failure class, text, gender, name): one table, one test, every class
CASES: list[tuple[str, str, str, str | None]] = []

SALAD = [
    # no story at all: salad from the first word -> no protagonist, no name
    ("Velvet quarry Marston lumens spatula Gorrin tepid ballast Quimby orchestral "
     "fennel Draxo sprocket lattice Hollin brine Tesmark parsnip gulch Orvell fathom "
     "zinc Prewitt lanolin cobble Yarrow teapot Bexley mantis gourd Ferrant spindle "
     "quartz Lomax tundra pewter Caskell", "unknown", None),
    # glued fragments and symbols after a sentence or two of story: the story is read
    ("Nadia repaired clocks in a narrow shop by the river, and she knew every tick by "
     "heart. One evening she found a watch that ran backwards. $watchCount "
     "={RiverShopTick} GearHollowNadiaXR7 spinDial<> Tollbrook@@ MarkusVane|| "
     "QuellStrand42 FrostLedgerOmega ^^ BrimwellPlaceholderKeyRing ~~ "
     "HandleCaseDrift9 OrvenTrack$$ PellingerSystemsRoot", "woman", "Nadia"),
    ("Tobias drove the night bus across the city. He liked the quiet hours and the "
     "empty seats, and he whistled at every red light. Carmody lantern silt Fennimore "
     "brackish Osgood ladle pylon Trevane mulch quorum Hastings vellum grout Linford "
     "osprey tallow Brinkley sorrel dynamo Pellham marrow gusset Quennell thimble",
     "man", "Tobias"),
]  # fmt: skip


CASES += [("salad", *case) for case in SALAD]


def test_the_coherent_prefix_stops_before_the_salad_and_keeps_ordinary_prose() -> None:
    story = (
        "Ines kept bees on the roof of her building. Every morning she climbed the "
        "ladder with a smoker and a jar, and the bees never stung her once. "
    )
    salad = (
        "Garnet pylon Whitcombe sluice marigold Abernathy cinder trowel Kesswick plinth "
        "gravy Ostrander muslin Tamworth harrow Delacroix lichen spigot Farrow tinder "
        "Marwood flint Cresswell tallow oriel Hemsby quill rafter Dunmore caraway"
    )
    kept = coherent_prefix(story + salad)
    assert story.startswith(kept) and len(kept) > len(story) // 2
    assert "Garnet" not in kept
    # a list that repeats itself is prose, not salad; so are short texts
    listing = "Bruno sold apples, Bruno sold pears, Bruno sold plums, Bruno sold figs. " * 3
    assert coherent_prefix(story + listing) == story + listing
    short = "Wren ran the village library. Children loved faer storytelling hour."
    assert coherent_prefix(short) == short


def test_a_name_seen_once_in_passing_is_not_a_protagonist() -> None:
    # no pronoun, title or noun for "Pelham", named once mid-sentence
    found = analyse(
        "The rain fell on the market all afternoon, and the awnings sagged under it. "
        "Somewhere behind the fish stalls Pelham shouted about prices, and the gulls "
        "circled the harbour until the lamps came on."
    )
    assert (found.gender, found.protagonist_name) == ("unknown", None)
    # ... but a sentence's subject is, even with no gender cue
    found = analyse("Jordan waited at the station for an hour, then walked home in the rain.")
    assert (found.gender, found.protagonist_name) == ("unknown", "Jordan")


@pytest.mark.parametrize(
    ("failure_class", "text", "gender", "name"),
    CASES,
    ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)],
)
def test_the_reader_reads_each_failure_class(
    failure_class: str, text: str, gender: str, name: str | None
) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == (gender, name), failure_class
