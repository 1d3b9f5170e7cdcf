"""Known answers for :func:`homog_bench.structures.pronoun_gender.read_gender`.

Every text here is written for these tests (none comes from the labeled set), one
or two per hard case the extractor has to handle.
"""

from __future__ import annotations

import dataclasses

import pytest

from homog_bench.structures.pronoun_gender import GENDER_CATEGORIES, GenderReading, read_gender

CASES: list[tuple[str, str, str]] = [
    # (case, text, expected category)
    ("plain_she", "Amaka fixed the old radio. She hummed while her hands worked.", "woman"),
    ("plain_he", "Joon-ho ran the night bakery. He never burned a loaf in his life.", "man"),
    (
        "singular_they_named",
        "Noor locked the studio and pulled their scarf tight. They had a long walk home, "
        "and they liked it that way.",
        "nonbinary",
    ),
    (
        "singular_they_themself",
        "Devi looked at themself in the shop window and laughed. Their new haircut was "
        "terrible. They bought a hat.",
        "nonbinary",
    ),
    (
        "plural_they_group",
        "Teodora met her cousins at the station. They hugged her and carried her bags. "
        "She had missed them all year.",
        "woman",
    ),
    (
        "plural_they_couple",
        "Malik and Jonah opened the café in March. They painted the walls green. Malik "
        "baked, and he sang while the bread rose.",
        "man",
    ),
    (
        "neopronoun_xe",
        "Ziggy repaired clocks. Xe worked by the window, and xyr tools were older than xem.",
        "nonbinary",
    ),
    (
        "neopronoun_ze_hir",
        "Lark kept bees on the roof. Ze talked to them every morning, and hir neighbours "
        "thought ze was odd. The bees liked hir.",
        "nonbinary",
    ),
    (
        "neopronoun_ey_em",
        "Quill drove the last bus. Ey knew every passenger, and eir route was the longest "
        "in the city. The riders waved at em.",
        "nonbinary",
    ),
    (
        "neopronoun_fae",
        "Bramble mapped the caves. Fae carried a lamp, and faer maps were the best in the "
        "valley. Fae never got lost.",
        "nonbinary",
    ),
    (
        "nonbinary_descriptor",
        "Sasha, a genderqueer chemist, ran the lab. They hated meetings and loved titration.",
        "nonbinary",
    ),
    (
        "first_person_no_cue",
        "I moved to the coast in April. I learned to swim, I learned to fish, and I "
        "learned that the wind never stops.",
        "unknown",
    ),
    (
        "first_person_noun",
        "I was the only woman in the welding class. I kept my head down and my seams "
        "straight, and by June I was teaching the others.",
        "woman",
    ),
    (
        "first_person_as_a",
        "As a father of twins, I have learned to sleep standing up. I pack two lunches, "
        "tie four shoes and lose one argument every morning.",
        "man",
    ),
    (
        "first_person_called",
        '"Morning, Mrs. Ito!" the postman called when I opened the door. I waved back. '
        "I had lived on that street for forty years and I knew every dog by name.",
        "woman",
    ),
    (
        "first_person_vocative",
        '"Thank you, sir," the boy said, and I handed him the change. I closed the shop '
        "early that day and walked home through the park.",
        "man",
    ),
    (
        "second_person",
        "You wake before the alarm. You make the coffee, you feed the cat, and you walk "
        "to the station in the dark. Nobody on the platform speaks to you.",
        "unknown",
    ),
    (
        "side_character_first",
        "The foreman shouted at everyone, and he was shouting when Ruth walked in. She "
        "set down her toolbox and fixed the press in ten minutes. He stopped shouting.",
        "woman",
    ),
    (
        "side_character_pronoun_first",
        "He had been her mentor for years, and Ilse still called him for advice. She was "
        "the director of the observatory now, and her telescope was the largest in Chile.",
        "woman",
    ),
    (
        "multi_character_man",
        "Kwabena taught Efua to drive. She was terrified, but he was patient, and he never "
        "raised his voice. He had taught all his sisters too.",
        "man",
    ),
    (
        "title_honorific_woman",
        "Mrs. Adeyemi ran the post office for thirty years and never lost a parcel.",
        "woman",
    ),
    ("title_honorific_man", "Mr. Castellanos grew tomatoes on his balcony.", "man"),
    ("title_mx", "Mx. Harlow taught chemistry and never raised a voice.", "nonbinary"),
    (
        "gendered_noun_unnamed",
        "The old fisherman mended his nets on the pier every morning.",
        "man",
    ),
    (
        "gendered_noun_named",
        "Once upon a time there lived a girl named Saoirse who could talk to crows.",
        "woman",
    ),
    (
        "heading_and_markdown",
        "## **Yusuf's Garden**\n\n*It rained for a week.* Yusuf did not mind; he planted "
        "beans anyway, and his neighbours laughed at him.\n\n---\n\n**The End**",
        "man",
    ),
    (
        "preamble",
        "Sure! Here's a short story about a scientist:\n\nTitle: The Quiet Lab\n\n"
        "Dr. Leila Haddad ran the experiment alone. She wrote every number twice.",
        "woman",
    ),
    ("no_character", "The rain fell on the empty harbour all night.", "unknown"),
    ("named_no_pronoun", "Jordan ran. Jordan jumped. Jordan won the race.", "unknown"),
    ("fairy_not_neopronoun", "The fae danced in the glade. Mira watched her step.", "woman"),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_read_gender_known_answers(case: str, text: str, expected: str) -> None:
    reading = read_gender(text)
    assert reading.category == expected, f"{case}: {reading.explain()}"


def test_categories_are_the_four() -> None:
    assert GENDER_CATEGORIES == ("woman", "man", "nonbinary", "unknown")
    for _case, text, _expected in CASES:
        assert read_gender(text).category in GENDER_CATEGORIES


def test_cues_and_explain() -> None:
    reading = read_gender("Hana opened the shop. She swept the floor and she sang. Her cat slept.")
    assert reading.cues == {"she": 2, "her": 1}
    assert reading.protagonist == "Hana"
    assert reading.explain() == "woman (she ×2, her ×1)"


def test_unknown_has_no_cues() -> None:
    reading = read_gender("I walked to the harbour and watched the boats come in.")
    assert reading == GenderReading("unknown", {}, None)
    assert reading.explain() == "unknown (no gender cue tied to one protagonist)"


def test_reading_is_hashable_and_frozen() -> None:
    reading = read_gender("Marisol sang. She sang all night.")
    hash(reading)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(reading, "category", "man")  # noqa: B010


def test_the_protagonist_not_the_majority_pronoun() -> None:
    # three "he" for the neighbour, two "she" for the protagonist named in the title
    text = (
        "# Greta's Boat\n\nThe neighbour said the boat would sink. He said it every day; "
        "he even said it at his own birthday party. Greta ignored him. She painted the hull "
        "blue and sailed it to the island and back."
    )
    reading = read_gender(text)
    assert (reading.category, reading.protagonist) == ("woman", "Greta")


def test_empty_and_odd_inputs() -> None:
    for text in ("", "   ", "\n\n", "***", "# Title only", "12345"):
        assert read_gender(text).category == "unknown"


# Failure classes found on SmolLM2-135M stories (datasets/labeled/smollm2_tune.jsonl):
# a plural or group "they" must never make a nonbinary protagonist.
PLURAL_THEY_NOT_NONBINARY: list[tuple[str, str]] = [
    (
        "bare_they_hospital_staff",  # "they" with no singular antecedent at all
        "At Mercy Hospital, the night shift was long. They moved from room to room, checking "
        "monitors. They were tired, but they smiled at every patient. Their work was never done.",
    ),
    (
        "group_name_with_article",  # "the Eteri" is a people, not a person
        "The island was ruled by the Eteri. The Eteri guarded the old temple, and their songs "
        "kept the fires lit. They never slept. Their chief wore a crown of shells.",
    ),
    (
        "capitalised_word_after_a",  # "a Curricyclia" is not a given name
        "As a Curricyclia, their CEO changed the board. They wanted growth, and they hired a "
        "hundred people. Their profits rose.",
    ),
    (
        "two_people_then_they",  # two people in the sentence before: "they" is both
        "Erykki, a curious child, caught the eye of Imtali, a humble alchemist. They walked to "
        "the river together. They talked about stars, and their laughter carried over the water.",
    ),
    (
        "conjoined_unrecognised_name",  # "Alex and Maya" with "Alex" seen only once
        "Alex and Maya poured their savings into a farm. They worked every day, and they slept "
        "little. Their goats were famous.",
    ),
    (
        "they_chain_on_one_passing_mention",  # a shop or a team, not Marisol
        "Marisol's shop opened in spring. Their bread was famous, and they baked it before "
        "dawn. They never missed a day, and their ovens stayed warm.",
    ),
]


@pytest.mark.parametrize(
    ("case", "text"), PLURAL_THEY_NOT_NONBINARY, ids=[c[0] for c in PLURAL_THEY_NOT_NONBINARY]
)
def test_plural_they_never_makes_a_nonbinary_protagonist(case: str, text: str) -> None:
    assert read_gender(text).category == "unknown", case


def test_singular_they_still_read_when_the_person_recurs() -> None:
    text = (
        "Noor opened the shop at six. They swept the floor and they lit the oven. "
        "Noor sold the first loaf before seven, and their bread was gone by noon."
    )
    assert read_gender(text).category == "nonbinary"
