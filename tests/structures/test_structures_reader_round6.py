"""Sixth round of the protagonist reader: a "they" that belongs to a pair or is one
misread possessive does not make the protagonist a singular *they*; a side character
the narration keeps at the distance of a title and surname ("Mr. Albright") yields to
the person it calls by given name.

Every story here was written for these tests (none is from a labeled file); each one
failed with the reader before the rule it names.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.protagonist import analyse
from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.pronouns import Resolver
from homog_bench.structures.protagonist.votes import passes, strong_votes

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


# the side character comes first, carries the most pronouns and is always "Mr." or
# "Mrs.": the person named by given name alone four times or more is the protagonist
# (the old reader read the side character: man/Albright, woman/Okonkwo)
LOCKSMITH = (
    "# The Locksmith\n\nMr. Albright had owned the tallest house on Quay Street for fifty "
    "years, and he trusted nobody with its keys. He changed the locks every spring. He "
    "counted the spare keys every night. He wrote down, in a ledger he kept under his "
    "pillow, the name of every tradesman who had ever crossed his threshold.\n\nWhen the "
    "front door jammed in January, Mr. Albright sent for Farida. Farida knelt at the lock "
    "with her small case of picks and listened to it the way a doctor listens to a chest. "
    "Farida found the broken pin in ten minutes. She cut a new one from brass, fitted it, "
    "and showed him how the door now turned.\n\nMr. Albright said nothing. But in the "
    "spring he did not change the locks, and Farida found her name in his ledger, "
    "underlined twice."
)
BAKERY = (
    "Mrs. Okonkwo ran the bakery on the corner, and she ran it like a ship. She was up at "
    "three. She shouted at the ovens. She counted every loaf, and she knew which customers "
    "paid late.\n\nTheo started there at sixteen, sweeping flour. Theo watched "
    "everything. Theo learned the starter, the folds and the long cold rise, and by winter "
    "Theo could shape a loaf faster than anyone. One morning Mrs. Okonkwo fell ill, and he "
    "opened the shop alone. He baked two hundred loaves before seven, and he sold every one."
)
# named by given name only twice, but with many pronouns of his own: still the lead
FERRY = (
    "## The Ferry\n\nCaptain Ines Moreau had run the night ferry for thirty years, and she "
    "did not like new crew. She checked their knots. She checked their boots. She checked, "
    "twice, that they knew where the lifejackets were, and she told them what she thought "
    "of them in front of the passengers.\n\nTomas signed on in October. He said very "
    "little. He learned the engine by ear, and he kept a notebook of every sound it made. "
    "When the fog came down in December and the radar failed, he stood at the bow with a "
    "lamp and called the buoys one by one, and he brought the ferry in without a "
    "scratch.\n\nCaptain Moreau said nothing that night. In the morning there was a new "
    "name on the duty roster, in her handwriting, beside the word *mate*. Tomas read it "
    "twice, and he smiled for the first time since he had come aboard."
)
# "em" alone, as an object after a verb in the past, is the ey/em/eir neopronoun (the old
# reader read unknown); "chased 'em off" is "them"
LIGHTHOUSE = (
    "The lighthouse on Gull Rock had been dark for a decade when Ashby signed the lease. "
    "Ashby swept out the gulls' nests, scraped the rust from the rail and carried the new "
    "lamp up two hundred steps. On the first clear night the beam swept the bay again. The "
    "harbourmaster rowed out in the morning, shook Ashby's hand and thanked em for the light."
)
FOXES = (
    "The farmer kept three dogs. When the foxes came near the henhouse, the dogs chased 'em "
    "off, and the farmer praised them. He slept well after that."
)
# a narrator's relative named in apposition ("My uncle, Viktor,") is named (was None)
UNCLE = (
    "My uncle, Viktor, drove a taxi in Odessa for forty years. I only knew him as an old "
    "man, but the family told his stories at every wedding. He knew every street by the "
    "smell of it. He once drove a bride to the wrong church and then, with his hand on the "
    "horn, to the right one in four minutes. He never had an accident, he said, because he "
    "never trusted anyone else on the road.\n\nWhen he retired he sold the taxi and bought "
    "a boat, and he never drove again."
)
# where the generation turns into word salad, a name said once is too little for a
# singular "they" (unknown; the old reader read nonbinary); in clean prose it is enough
WAGON = (
    "The caravan stopped at dusk by the river. Marlowe checked the wheels of the last "
    "wagon. They unloaded the crates, lit their lamps and sang until the fire burned low."
)
WAGON_SALAD = WAGON + "\n\n" + " ".join(f"Zq{k}x lamp$ rope{{}} cart9b" for k in range(10))
# a protagonist called "Dr. Marlow" throughout keeps the story when the only person
# named by given name is mentioned once
CLINIC = (
    "Dr. Ines Marlow had run the clinic in the valley for twenty years. She knew every "
    "family by name. When the flu came in March, Dr. Marlow worked through the nights. Her "
    "nurse, Pavel, brought her coffee at two. Dr. Marlow drove out to the farms in the "
    "snow, and she set broken arms by lamplight. By April the valley was well again, and "
    "Dr. Marlow slept for a whole day."
)


@pytest.mark.parametrize(
    ("text", "gender", "name"),
    [
        (PAIR, "woman", "Hana"),
        (ONE_THEIR, "woman", "Ines"),
        (LOCKSMITH, "woman", "Farida"),
        (BAKERY, "man", "Theo"),
        (FERRY, "man", "Tomas"),
        (LIGHTHOUSE, "nonbinary", "Ashby"),
        (FOXES, "man", None),
        (UNCLE, "man", "Viktor"),
        pytest.param(
            WAGON_SALAD,
            "unknown",
            "Marlowe",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the learned ranker (round 8) reads a name said once, in word salad and"
                " not in given_names.txt, as no named protagonist: on the SmolLM2 tune stories"
                " such a word is junk far more often than a name",
            ),
        ),
        (WAGON, "nonbinary", "Marlowe"),
        (CLINIC, "woman", "Ines"),
    ],
    ids=[
        "pair",
        "one-their",
        "locksmith",
        "bakery",
        "ferry",
        "em",
        "apostrophe-em",
        "my-uncle-named",
        "they-once-in-salad",
        "they-once-in-prose",
        "formal",
    ],
)
def test_the_reader_reads_each_round6_case(text: str, gender: str, name: str | None) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == (gender, name)


def test_formal_mentions_are_counted_in_the_narration_only() -> None:
    cast = Cast('Mrs. Ada Quill sang. Quill laughed, and Ada smiled. "Mrs. Quill!" cried Tom.')
    cast.extract()
    ada = next(e for e in cast.entities if e.given == "Ada")
    assert (ada.bare, ada.formal) == (3, 2)  # "Mrs. Ada Quill", "Quill"; not the quote


# "So when the new ranger locked the gate, she climbed over it": the "she" is Mrs. Bell's
# (named, known to be "she"), not the ranger's (a description of no known gender); the
# old reader gave the ranger that "she"
RANGER = (
    "**The Ranger**\n\nMrs. Agnes Bell had walked her dog round Carver Square every night "
    "for thirty years, since before the ranger's hut was built. She walked it in snow. She "
    "walked it in fog. She did not, she told everyone, need anybody's permission.\n\nSo "
    "when the new ranger locked the square's gate one night in March, she climbed straight "
    'over it.\n\n"Madam, please," Karim called.\n\nShe waved at him without turning '
    "round. He watched her cross the grass, and he saw the dog slip its lead by the pond. "
    "He was already running. He caught the dog at the water's edge and carried it back to "
    "her, soaked to the knees.\n\nThe next night she stopped at the hut and looked at "
    'Karim. "Is it open?" she asked.\n\n"For you," he said, and he unlocked the gate.'
)


def test_a_description_of_no_gender_gives_she_to_a_named_woman_nearby() -> None:
    cast = Cast(RANGER)
    cast.extract()
    votes = passes(Resolver(cast))
    by = {(e.label or e.noun): votes.get(k, {}) for k, e in enumerate(cast.entities)}
    assert (by["ranger"], by["Agnes"]) == ({}, {"F": 11})
    found = analyse(RANGER)
    assert (found.gender, found.protagonist_name) == ("man", "Karim")
