"""Known answers for :func:`homog_bench.structures.protagonist_name.protagonist_name`.

The texts are written for these tests; none comes from the labeled set.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.pronoun_gender import read_gender
from homog_bench.structures.protagonist_name import protagonist_name

CASES: list[tuple[str, str, str | None]] = [
    # (case, text, expected given name or None)
    ("full_name_with_title", "Dr. Ines Marwick ran the clinic. Marwick never slept.", "Ines"),
    (
        "surname_first_then_full",
        "Everyone feared Dr. Hollis. But Agnes Hollis was kind to the children, and she "
        "kept sweets in her coat.",
        "Agnes",
    ),
    ("surname_only", "Mr. Okonjo fed the pigeons every day. He named all of them.", "Okonjo"),
    ("given_title", "Aunt Temperance baked on Sundays. She never used a recipe.", "Temperance"),
    ("named_intro", "Once upon a time, there was a boy called Piet who hated boats.", "Piet"),
    (
        "sentence_initial_words_are_not_names",
        "Once the rain stopped, the village woke. Every roof dripped. Nobody spoke. "
        "Then Wanjiru opened her door and walked to the well.",
        "Wanjiru",
    ),
    (
        "months_days_god",
        "In May, the harvest failed. On Monday, Tobiah prayed to God for rain. He waited "
        "until August, and then he dug a well.",
        "Tobiah",
    ),
    (
        "place_as_setting",
        "In the town of Ashbrook, Hyacinth kept the only bookshop. She knew every reader "
        "in Ashbrook by name.",
        "Hyacinth",
    ),
    (
        "real_city_not_a_name",
        "Tokyo was loud and bright. Kenta walked through Tokyo at night with his camera.",
        "Kenta",
    ),
    (
        "organisation_not_a_name",
        "Vantara Labs hired Rosalind in June. She ran the robotics team at Vantara Labs "
        "for ten years.",
        "Rosalind",
    ),
    (
        "heading_names_protagonist",
        "# Oskar and the Lighthouse\n\nThe keeper before him had left in winter. Oskar "
        "climbed the stairs every night, and he never missed a ship.",
        "Oskar",
    ),
    (
        "heading_not_prose",
        "**The Nurse**\n\nThe ward was quiet. Beatrix checked the charts and she smiled.",
        "Beatrix",
    ),
    (
        "first_person_stated",
        "My name is Fenna, and I have kept goats for thirty years. I know each one by its bleat.",
        "Fenna",
    ),
    ("first_person_unnamed", "I walked home in the rain and thought about my father.", None),
    ("unnamed_described", "The young nurse checked the drip. She was tired.", None),
    ("no_character", "Snow fell on the mountains all winter.", None),
    ("hyphenated", "Seo-yeon Park checked the bridge. She knew every bolt.", "Seo-yeon"),
    ("accented", "Zoë García opened the bakery at five. Zoë never slept in.", "Zoë"),
    (
        "side_character_named_first",
        "Brother Anselm had taught at the school for years, but it was Perpetua who ran "
        "it. She hired the teachers, she fixed the roof, and she knew every child.",
        "Perpetua",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_protagonist_name_known_answers(case: str, text: str, expected: str | None) -> None:
    assert protagonist_name(text) == expected, case


@pytest.mark.parametrize(
    "text",
    [
        "The end came quickly.",
        "Once upon a time, nothing happened.",
        "She ran. She jumped. She laughed.",
        "Every morning the sun rose over the hills.",
        "Dr. and Mrs. were written on the door.",
    ],
)
def test_no_common_capitalised_word_is_a_name(text: str) -> None:
    assert protagonist_name(text) is None


def test_name_and_gender_agree_on_the_protagonist() -> None:
    text = (
        "Tomasz had fixed bicycles for forty years. His granddaughter Zofia came every "
        "Saturday, and he let her hold the wrench."
    )
    assert protagonist_name(text) == "Tomasz"
    assert read_gender(text).protagonist == "Tomasz"
    assert read_gender(text).category == "man"


# Failure classes found on SmolLM2-135M stories (datasets/labeled/smollm2_tune.jsonl)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence-initial participle before a preposition is not a name
        (
            "Nestled within the old pines, the cabin waited. Tomas opened the door. "
            "He lit the stove.",
            "Tomas",
        ),
        # "the NeuroSlack ecosystem": a capitalised word after an article is no person
        (
            "Emily stood in the lab. The NeuroSlack ecosystem was blooming. Her research was "
            "going well, and she smiled.",
            "Emily",
        ),
        # nationality adjectives
        (
            "The festival honoured Bangladeshi and Scandinavian families. A young woman carried "
            "the lantern. She walked to the shrine.",
            None,
        ),
    ],
)
def test_small_model_noise_is_not_a_name(text: str, expected: str | None) -> None:
    assert protagonist_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Había una vez una enfermera llamada Lucía. Ella trabajaba de noche en el hospital.",
        "Es war einmal eine Krankenschwester namens Anna. Sie arbeitete nachts im Krankenhaus.",
        "Il était une fois une infirmière nommée Claire. Elle travaillait la nuit à l'hôpital.",
    ],
)
def test_non_english_text_gets_no_name_from_the_english_reader(text: str) -> None:
    from homog_bench.structures.reader import SystemReader
    from homog_bench.values import load_values

    reading = SystemReader(load_values("gender_in_stories")).read(text)
    assert reading.facts.quality == "non_english"
    # the English reader took the first word ("Había", "Es", "Il") for a name
    assert reading.facts.name is None
    assert reading.attributes["protagonist_name"] == "unknown"
