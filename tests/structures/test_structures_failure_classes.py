"""The reader on the failure classes of issue 12, with examples written for these tests.

Each class had stories read wrongly at the start of the round: a neopronoun used once
(read as ``unknown``), plural and singular *they* in one story, a group with no single
protagonist, a side character with more pronouns than the protagonist, and a
first-person narrator gendered by someone else's pronouns.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.protagonist import analyse

NEOPRONOUNS = [
    # (text, protagonist): one use of one form, often object or possessive only
    ("Juniper tuned the old piano in the chapel. When the choir finished, the pastor "
     "thanked xem warmly.", "Juniper"),
    ("Oakley sold lemons at the Saturday market. Everyone admired xyr hand-painted sign.",
     "Oakley"),
    ("Indigo repaired the lighthouse lamp before the storm. Ze climbed down at dawn, soaked "
     "and proud.", "Indigo"),
    ("Marlow baked bread for the whole street. Neighbours queued outside hir door every "
     "morning.", "Marlow"),
    ("Cypress painted murals across the city. The mayor praised zir work at the opening.",
     "Cypress"),
    ("Tamsin drove the night tram through the hills. Ey whistled the same tune every shift.",
     "Tamsin"),
    ("Quillon trained falcons on the moor. Eir gloves were scarred by talons.", "Quillon"),
    ("Lark taught emself to weld in an old garage on the edge of town.", "Lark"),
    ("Bryony mended fishing nets by the harbour. Fae hummed an old sea song while working.",
     "Bryony"),
    ("Wren ran the village library. Children loved faer storytelling hour.", "Wren"),
    ("Ash kept bees behind the school. The whole town praised pers honey at the fair.", "Ash"),
    ("Sorrel fixed radios in a tiny shop. Customers trusted vis judgement completely.",
     "Sorrel"),
    ("Thistle guarded the mountain pass for years. Ve never once let a traveller freeze.",
     "Thistle"),
    ("Halden carved spoons from driftwood. The fishermen's children followed ver along the "
     "beach.", "Halden"),
    ("Pim sorted the post at the depot. The manager gave aer a raise in spring.", "Pim"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name"), NEOPRONOUNS, ids=[n for _t, n in NEOPRONOUNS])
def test_one_neopronoun_settles_the_protagonist_as_nonbinary(text: str, name: str) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == ("nonbinary", name)


@pytest.mark.parametrize(
    "text",
    [
        "The fae danced in the ring of mushrooms. Nobody in the village slept.",
        "Tickets cost ten pounds per person, and Rosa bought two. She was thrilled.",
    ],
)
def test_an_ambiguous_form_is_not_a_neopronoun_by_itself(text: str) -> None:
    assert analyse(text).gender != "nonbinary"


THEY = [
    # a plural "they" for others, then a singular "they" for the protagonist
    ("Ilse's parents ran a bakery on the corner, and they woke at four every day. Ilse "
     "never wanted bread; they wanted to paint. Their sketchbook went everywhere with them.",
     "nonbinary", "Ilse"),
    ("The neighbours argued all night, and they slammed doors until dawn. Kit covered "
     "their ears and tried to sleep. They had an exam in the morning.", "nonbinary", "Kit"),
    ("River's grandparents farmed wheat. They rose before the sun and worked until dark. "
     "River preferred books; they read under the table at every meal, and their "
     "grandmother pretended not to see.", "nonbinary", "River"),
    # "they thanked Robin": a pronoun is not the name it precedes in its clause
    ("The twins waited at the gate. They were late for school again. Robin fixed their "
     "bikes in five minutes, and they thanked Robin with a chocolate bar.", "unknown",
     "Robin"),
    # only the group is "they"
    ("Dario's cousins visited in July. They stayed for weeks. Dario showed them the river; "
     "he loved being the guide.", "man", "Dario"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "gender", "name"), THEY)
def test_plural_they_is_kept_apart_from_singular_they(text: str, gender: str, name: str) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == (gender, name)


GROUPS = [
    "The four sisters lived above the mill. They baked on Sundays and argued on Mondays. "
    "When the flood came, they carried the goats to the hill.",
    "Three brothers set out to find the lost mine. They crossed the desert in a week, and "
    "they never quarrelled once.",
    "The villagers gathered in the square at dusk. They lit lanterns for the harvest, and "
    "they sang until the bells rang midnight.",
    # a family whose members are described, and a pair of friends: still a group
    "A family of bakers lived above their shop in Lyon. The father kneaded, the mother "
    "shaped, and the children sold bread at the window. They were happy, and they were "
    "never rich.",
    "Ada and Bea were best friends. They climbed trees, they built forts, and they swore "
    "they would never grow up.",
    "The team worked through the night. They tested the engine twice, and they argued "
    "about the results. By dawn they had found the fault.",
]


def test_a_person_with_their_own_people_is_still_the_protagonist() -> None:
    found = analyse(
        "Mateo and his sisters spent every summer at their grandmother's house. They swam "
        "in the lake and stole plums from the orchard. They never wanted to leave."
    )
    assert (found.gender, found.protagonist_name) == ("man", "Mateo")


@pytest.mark.parametrize("text", GROUPS)
def test_a_group_with_no_single_protagonist_is_unknown(text: str) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == ("unknown", None)


ARCS = [
    # the side character has more pronouns; the story follows the protagonist
    ("Tomasz opened the bakery at dawn. His neighbour Greta came in, and she talked about "
     "her garden, her roses, her aching knees and her grandson. She laughed; she bought two "
     "loaves; she promised to return. Tomasz kneaded the dough after she left and thought "
     "about his own garden.", "man", "Tomasz"),
    ("Ngozi ran the ferry across the river. One morning a stranger boarded with a crate. He "
     "said he was a painter; he showed her his sketches, he complained about his hotel, he "
     "asked about the weather, and he paid in coins. Ngozi steered through the fog and "
     "brought the ferry safely home.", "woman", "Ngozi"),
    # a name repeated within one sentence is not an arc
    ("Hedda walked to the market with her basket. At the corner stall Bruno sold apples, "
     "Bruno sold pears, Bruno sold plums, Bruno sold figs, Bruno sold cherries, Bruno sold "
     "quinces and Bruno sold grapes. Hedda bought two plums and walked home in the rain, "
     "humming; she had a pie to bake.", "woman", "Hedda"),
    # a story that opens on a pronoun in a fronted clause: it is the name that follows
    ("As he climbed the ladder, Jonas whistled an old tune. The roofer below shouted up at "
     "Jonas, and Jonas laughed.", "man", "Jonas"),
    ("Before she opened the shop, Marisol swept the pavement. The baker across the road "
     "waved to Marisol every morning.", "woman", "Marisol"),
    # ... but an opening "she" outside a fronted clause is someone else
    ("She had visited the clock shop every week since spring, and Anselm had run out of "
     "things to show her. He had shown her the cuckoo clocks. He had shown her the "
     "pendulums. Today she spoke first. \"Which clock is yours?\" she asked. \"None of "
     "them,\" said Anselm. She laughed and said that she would build him one.", "man",
     "Anselm"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "gender", "name"), ARCS)
def test_the_protagonist_is_the_one_the_story_follows(text: str, gender: str, name: str) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == (gender, name)


NARRATORS = [
    ("I was the only father at the school gate that morning. The mothers talked about "
     "lunches and lice, and one of them asked if I was lost.", "man"),
    ("I waited for Clara at the station. She was late again, and she laughed when she saw "
     "my face. We walked home along the canal.", "unknown"),
    ("My brother Tobias called at midnight. He needed a ride, and he was crying. I drove "
     "across the city in my slippers.", "unknown"),
    # relatives next to "I" say nothing about the narrator
    ("I was with my mother at the market when the storm broke. We ran for the bus, and I "
     "lost my shoe.", "unknown"),
    ("My name is Ines, and I fix boats. My father taught me, and his father taught him.",
     "unknown"),
    ("My husband Tom and I ran a small café by the harbour. He baked the bread, and I "
     "served the tables. Customers came back for his scones and my stories.", "unknown"),
    # what others call the narrator, and the narrator's own description
    ("\"Thank you, ma'am,\" the boy said as I handed him the last apple. I watched him run "
     "down the lane.", "woman"),
    ("They called me, a grown man, to sing at the school play. I said yes.", "man"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "gender"), NARRATORS)
def test_a_narrator_is_gendered_only_by_what_the_text_says_about_i(text: str, gender: str) -> None:
    found = analyse(text)
    assert found.narrator and found.gender == gender
