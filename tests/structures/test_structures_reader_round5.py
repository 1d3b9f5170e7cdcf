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


# ------------------------------------------------------------------ neopronouns
# a neopronoun used once or twice, often only as object or possessive, for a character
# introduced after a side character who has many more she/he pronouns
NEOPRONOUNS = [
    ("# The Night Ferry\n\nCaptain Horace Bell had run the night ferry for twenty "
     "years, and he let everyone know it. He complained about the tides, he "
     "complained about the fog, and he complained about the new deckhand.\n\nThe new "
     "deckhand was Rook. Rook coiled the ropes without a word and checked the "
     "lifebelts twice.\n\n\"You're slow,\" Horace said.\n\n\"I'm careful,\" said Rook, and "
     "went back to xyr knots.\n\nWhen the engine died in the middle of the channel, "
     "Horace shouted at the radio. Rook opened the hatch, climbed down into the "
     "dark and found the loose fuel line. The ferry reached the harbour an hour "
     "late, and Horace never called Rook slow again.",
     "nonbinary", "Rook"),
    ("Every Saturday, Mrs. Patel opened her bakery at six, and every Saturday she "
     "grumbled about her knees, her oven and her nephew. She sold rye, she sold "
     "rolls, and she gave the broken biscuits to the pigeons.\n\nLinden came in at "
     "seven with a sketchbook. Linden drew the loaves, the flour on the counter, "
     "the steam on the window. Mrs. Patel pretended not to notice, but she saved a "
     "seat by the radiator for hir every week.\n\nIn spring, Linden's drawing of the "
     "bakery won the city prize, and it still hangs above the till.",
     "nonbinary", "Linden"),
    ("The old king had three advisers, and the loudest was Lord Garrick. He argued "
     "at every council; he argued at every feast; he argued even in his sleep, his "
     "servants said.\n\nThe quietest was Ember, the keeper of maps. When the "
     "northern river flooded, Garrick demanded an army. Ember unrolled an old "
     "chart and showed the king a forgotten pass through the hills. The king sent "
     "eir scouts instead of soldiers, and the kingdom was saved without a single "
     "battle.",
     "nonbinary", "Ember"),
    ("Dr. Okonkwo ran the clinic with a firm hand. She checked every chart, she "
     "signed every form, and she knew every patient's name.\n\nSol was the night "
     "nurse. Sol sat with the frightened ones and made tea at three in the "
     "morning. One winter night a boy arrived with a fever no one could explain. "
     "Sol stayed by his bed until dawn and noticed the rash that the tests had "
     "missed. Dr. Okonkwo read the note in faer neat handwriting and changed the "
     "treatment. The boy went home a week later.",
     "nonbinary", "Sol"),
    ("Marisol's uncle owned the garage, and he never stopped talking: about "
     "engines, about football, about the price of tyres. He talked while he ate "
     "and he talked while he worked.\n\nQuill swept the floor and listened. By the "
     "end of the summer, Quill could hear a bad bearing from across the yard. When "
     "a vintage car came in that nobody could fix, the uncle threw up his hands. "
     "Quill lay under it for an hour, and the engine started on the first try. The "
     "uncle gave zir the keys to the shop the next morning.",
     "nonbinary", "Quill"),
    ("Grandma Ottilie ran the post office in the village for forty years. She knew "
     "every parcel, she read every postcard, and she never once kept a secret. "
     "When the new postal worker arrived, she watched from her window with "
     "suspicion.\n\nThe new postal worker was Briar. Briar learned every lane in a "
     "week. By winter the whole village waved at eir red van, and even Ottilie "
     "baked a cake for the Christmas round.",
     "nonbinary", "Briar"),
    ("The harbour master, Mr. Dunmore, shouted orders from dawn to dusk. He "
     "counted the boats, he counted the crates, and he counted the gulls when "
     "there was nothing else to count.\n\nPerrin mended sails in the loft above the "
     "harbour. When the great storm tore the fleet's canvas to ribbons, Perrin "
     "worked three nights without sleep, and the fishermen carried xem on their "
     "shoulders through the town.",
     "nonbinary", "Perrin"),
]  # fmt: skip
CASES += [("neopronoun", *case) for case in NEOPRONOUNS]

# ------------------------------------------------------------------ groups
GROUPS = [
    ("# Summer at the Lake\n\nThe five cousins arrived at the cabin on the first day "
     "of July. They dropped their bags on the porch and ran straight to the water. "
     "They swam until their lips turned blue, they built a raft from old planks, "
     "and they argued about who would steer it.\n\nIn the evenings they roasted corn "
     "over the fire and told stories about the lake monster. By August they had "
     "named every rock on the shore. When the cars came to take them home, they "
     "promised to come back next year.",
     "unknown", None),
    ("The night shift at St. Anne's began at eleven. The nurses checked the "
     "charts, the porters pushed beds through the quiet corridors, and the doctors "
     "drank coffee that had gone cold hours ago. They moved through the wards like "
     "a tide. When the ambulance brought in six people from a bus crash, they "
     "worked without a break until dawn, and by morning every patient was stable.",
     "unknown", None),
    ("Four friends opened a bookshop on a rainy corner of Leeds. They painted the "
     "door green and they filled the shelves with second-hand novels. Every Friday "
     "they held a reading, and every Friday they argued about which poet to "
     "choose. The shop never made much money, but they kept it open for ten years, "
     "and they still meet there every winter.",
     "unknown", None),
    ("The Okafor twins were inseparable. They walked to school together, they "
     "played in the same football team, and they finished each other's sentences. "
     "When a storm knocked down the old oak behind their house, they spent a whole "
     "summer building a treehouse from its branches. Years later they still climb "
     "up there on their birthday.",
     "unknown", None),
]  # fmt: skip
CASES += [("group", *case) for case in GROUPS]

# ------------------------------------------------------------------ plural, then singular they
THEY = [
    ("# Moving Day\n\nTam's parents packed the van in a hurry. They argued about the "
     "boxes, they argued about the map, and they forgot the cat twice. Tam sat on "
     "the front step with the cat on their lap and watched. When the van finally "
     "left, Tam waved at the empty house and promised themself to come back one "
     "day.",
     "nonbinary", "Tam"),
    ("Ash's grandparents kept goats on the hill farm. They milked them at dawn and "
     "sold cheese at the market on Thursdays. Ash spent every summer there. They "
     "loved the goats more than anything, and by fourteen they could make cheese "
     "better than anyone in the valley.",
     "nonbinary", "Ash"),
    ("The neighbours threw parties every weekend, and they played music until "
     "three in the morning. Jules did not mind. Jules put on their headphones, "
     "opened their laptop and finished the game they had been writing for two "
     "years. When it came out in the spring, they invited the neighbours to the "
     "launch.",
     "nonbinary", "Jules"),
    ("Noor's older brothers ran the family restaurant. They shouted orders, they "
     "burned the rice, and they blamed each other for everything. Noor kept the "
     "books. She balanced the accounts every night and saved the restaurant from "
     "closing twice.",
     "woman", "Noor"),
]  # fmt: skip
CASES += [("they", *case) for case in THEY]

# ------------------------------------------------------------------ first-person narrators
# gendered only by what the text says about "I" (a wife or husband says nothing)
NARRATORS = [
    ("I was the only father at the swimming lessons that winter. The other parents "
     "sat in a row with their phones, and I stood by the pool with a towel. My "
     "daughter waved at me every length.",
     "man", None),
    ("Nobody expected me to win the chess tournament. I was the youngest girl in "
     "the hall, and the old men laughed when I sat down. By the final round they "
     "had stopped laughing.",
     "woman", None),
    ("I met my wife at a bus stop in the rain. She lent me her umbrella and I "
     "missed my bus on purpose. We have been married thirty years.",
     "unknown", None),
    ("My husband snores like a tractor. I have learned to sleep through it, and "
     "through the dog, and through the storms that rattle our windows every "
     "spring.",
     "unknown", None),
    ("\"Good morning, sir,\" the doorman said as I stepped into the lobby. I nodded "
     "and took the lift to the ninth floor, where my office waited with its piles "
     "of unread letters.",
     "man", None),
    ("As a grandmother of six, I have baked a great many birthday cakes. The worst "
     "was the dinosaur. It collapsed an hour before the party, and I served it as "
     "a volcano.",
     "woman", None),
    ("I walked the dog along the canal at dawn. The water was still and the herons "
     "were fishing. My brother called to say he would be late, as always.",
     "unknown", None),
]  # fmt: skip
CASES += [("narrator", *case) for case in NARRATORS]


# ------------------------------------------------------------------ frame narrators
# a narrator with no name and no gender who says "she" or "he" far more often than "I"
# only frames someone else's story: the story is that person's
FRAMES = [
    ("When I joined the lighthouse crew that autumn, I did not expect to learn "
     "anything from Agnes, the keeper. She was small and sharp, and she had kept "
     "the light for forty years. She rose at four, she polished the lens herself, "
     "and she wrote every ship into her logbook in green ink. She never raised her "
     "voice. When the great storm came, she climbed the tower alone and kept the "
     "lamp burning for three nights, and she brought the fishing fleet home "
     "without losing a boat.",
     "woman", "Agnes"),
    ("I only met Mr. Halloway twice, but I still think about him. He ran the "
     "corner shop on our street, and he knew every child by name. He kept sweets "
     "behind the counter for the ones who were sad, and he mended their bikes in "
     "the back room. He never married; he said the street was his family. When he "
     "died, his shop stayed closed for a month, and he left every penny he had to "
     "the school.",
     "man", "Halloway"),
]  # fmt: skip
CASES += [("frame", *case) for case in FRAMES]


# ------------------------------------------------------------------ more of each class
# plurality from "each other" and "both", a family or a pair followed as one, a
# neopronoun further back than the last sentence's subject
MORE = [
    ("they",
     "Sasha's mothers ran a flower stall at the station. They hugged each other "
     "every morning before the first train. Sasha hated flowers; they wanted to "
     "build trains. By sixteen they had rebuilt an old steam engine in the shed "
     "behind the stall.",
     "nonbinary", "Sasha"),
    ("they",
     "Remy and their father went fishing every Sunday. Both of them loved the "
     "quiet of the lake, and they rarely spoke. After the father's stroke, Remy "
     "went alone. They sat in the same boat, cast the same line, and told the fish "
     "about the week.",
     "nonbinary", "Remy"),
    ("they",
     "The Brennan sisters argued about everything. They argued about the radio, "
     "they argued about the garden, and they argued about who had started arguing. "
     "Their cousin Ola stayed with them one summer. Ola said little; they watched, "
     "took notes, and later wrote a play about the whole family that won a prize.",
     "nonbinary", "Ola"),
    ("group",
     "Six students stayed behind after the exam. They pushed the desks together, "
     "they shared a bag of crisps, and they talked about the future until the "
     "caretaker turned off the lights.",
     "unknown", None),
    ("group",
     "# The Lantern Makers\n\nIn a small workshop in Hoi An, a family made paper "
     "lanterns. The grandfather cut the bamboo, the mother glued the silk, and the "
     "children painted the patterns. They worked from dawn until dusk. When the "
     "festival came, they hung a thousand lanterns over the river, and they "
     "watched them glow together.",
     "unknown", None),
    ("group",
     "Two old friends, Pavel and Ivo, met at the same cafe every Thursday for "
     "forty years. They ordered the same coffee, they argued about the same "
     "football team, and they always split the bill. When the cafe closed, they "
     "carried their table home between them.",
     "unknown", None),
    ("neo",
     "Kit had never liked parties. At Mara's birthday, while Mara danced and "
     "laughed and opened her presents, Kit washed the glasses in the kitchen. Mara "
     "found xem there at midnight, and she laughed, and she pulled xem back to the "
     "dance floor.",
     "nonbinary", "Kit"),
    ("neo",
     "# Ferns\n\nThe botanist Dr. Alaric Vance had catalogued every fern in the "
     "valley, or so he claimed. He wrote books about them; he gave lectures about "
     "them; he named three of them after himself. His new assistant, Lio, found a "
     "fourth species in the first week. Vance was furious. The journal printed the "
     "discovery under eir name.",
     "nonbinary", "Lio"),
]  # fmt: skip
CASES += MORE


# ------------------------------------------------------------------ narrator names
# a name someone says to the narrator names them ("You work too hard, Teodora"); a
# name in someone else's story ("Walter built this house") does not
NARRATOR_NAMES = [
    ("I found the photograph in a shoebox in my aunt's attic. I carried it "
     "downstairs and held it up to the window. \"Walter built this house,\" she "
     "said. \"Walter and his brothers, in the summer of 1950.\" I looked at the "
     "photograph for a long time, and I kept it.",
     "unknown", None),
    ("I had almost finished the night shift when the old man at the counter looked "
     "up from his tea. \"You work too hard, Teodora,\" he said. The sun was coming "
     "up over the car park, and I poured him another cup.",
     "unknown", "Teodora"),
]  # fmt: skip
CASES += [("narrator", *case) for case in NARRATOR_NAMES]

# a named narrator who also tells of themself by name is gendered by those pronouns;
# a name alone says nothing
NAMED_NARRATORS = [
    ("My name is Tove, and I keep the logbook on the night ferry. I write down every "
     "crossing and every passenger. Tove had always hated the winter crossings; she "
     "wrapped herself in two scarves and she counted the lights on the far shore until "
     "the boat docked.", "woman", "Tove"),
    ("My name is Anselm. I repair pianos in an old church hall, and I work alone. Most "
     "weeks nobody visits me except the organist, who brings coffee and complains about "
     "the damp.", "unknown", "Anselm"),
]  # fmt: skip
CASES += [("narrator", *case) for case in NAMED_NARRATORS]

# one unquoted thought in the first person does not make a narrator of a story full of
# "she" (a single "I" does in a story with almost no third-person pronouns)
THOUGHTS = [
    ("Mara stepped onto the stage and looked at the empty seats. I can do this, she "
     "thought. She tuned her violin, she closed her eyes, and she played the first note.",
     "woman", "Mara"),
]  # fmt: skip
CASES += [("thought", *case) for case in THOUGHTS]

# a Chinese family name written first: the given name is the second word
SURNAME_FIRST = [
    ("Zhang Min opened a noodle shop on the corner of the old market. Every morning she "
     "rolled the dough by hand, and by noon the queue reached the river. Min never "
     "advertised; the smell did it for her.", "woman", "Min"),
    ("Chen Jun-hao drove a taxi through the night streets of Taipei. He knew every "
     "shortcut, and he never turned on the radio.", "man", "Jun-hao"),
]  # fmt: skip
CASES += [("name", *case) for case in SURNAME_FIRST]

# a quoted nickname between the given name and the surname is the name the text uses
NICKNAMES = [
    ("Captain Josephine “Jo” Harrow had flown cargo over the mountains for twenty years. "
     "Jo knew every pass by its shadows, and she never flew at night.", "woman", "Jo"),
    ('Dr. Tobias "Toby" Brandt ran the small clinic by the harbour. Toby treated '
     "fishermen for free in winter, and he never sent a bill.", "man", "Toby"),
]  # fmt: skip
CASES += [("name", *case) for case in NICKNAMES]

# a compound of nationalities is never a name
COMPOUND_ADJECTIVES = [
    ("A young Indian-American engineer moved to Detroit in the winter. Indian-American "
     "families on her street brought food, and she repaired their cars for free.",
     "woman", None),
]  # fmt: skip
CASES += [("name", *case) for case in COMPOUND_ADJECTIVES]

# a group followed from the first sentence, one member of which turns up later with a
# pronoun, is still the group's story; a person named before the group's "they"s is not
LATE_MEMBERS = [
    ("The Haddad sisters ran the bakery on Elm Street for thirty years. They rose at "
     "four, they baked until noon, and they argued about cinnamon every single day. Nour, "
     "the eldest, kept the books; she was the only one who could. In the afternoons they "
     "sat outside and waved at the school buses, and on Sundays they closed the shop and "
     "drove to the sea.", "unknown", None),
    ("Jonah's parents ran a hardware store. They opened early and closed late, and they "
     "never took a holiday. Jonah hated the store; he wanted to be a pilot. On his "
     "eighteenth birthday he flew his first plane, and his parents closed the store for "
     "the day to watch.", "man", "Jonah"),
]  # fmt: skip
CASES += [("group", *case) for case in LATE_MEMBERS]

# an unnamed person is a singular *they* only with a subject "they": "around them" and
# "near them" alone do not make a nonbinary figure; a common noun that opens a sentence
# ("Fog rolled over …") is not a name
UNNAMED_THEY = [
    ("In the middle of the empty square, a tall figure waited under the clock, and the "
     "snow settled around them. The figure did not move. Nobody came near them, the clock "
     "struck twelve, and the figure was still there at dawn.", "unknown", None),
    ("A traveller came to the harbour town in the middle of winter. They carried a single "
     "bag and a folded map. They rented the room above the bakery, and every morning they "
     "walked to the end of the pier and watched the boats come in.", "nonbinary", None),
    ("Fog rolled over the moor at dusk. A lone walker crossed the old bridge, and the mist "
     "closed around them. The path bent toward the ruined chapel, the bell rang once, and "
     "the moor fell silent again until the stars came out.", "unknown", None),
]  # fmt: skip
CASES += [("they", *case) for case in UNNAMED_THEY]


# ------------------------------------------------------------------ even conflicts
# cues that conflict evenly for one person read as unknown (a clear majority still wins)
CONFLICTS = [
    ("Rowan was a quiet girl who lived by the sea. He flew kites on the cliffs, and he "
     "never missed a windy Sunday.", "unknown", "Rowan"),
    ("Ines mended nets in the harbour. She sang while she worked, and he laughed at the "
     "gulls every morning.", "woman", "Ines"),
]  # fmt: skip
CASES += [("conflict", *case) for case in CONFLICTS]


# ------------------------------------------------------------------ arcs
# the story follows someone other than the side character with the most pronouns
ARCS = [
    ("Ravi started at the newspaper on a Monday. His editor, Margaret Cole, was a "
     "legend: she had interviewed presidents, she had broken the harbour scandal, "
     "and she reminded everyone of it every morning. She read his first article "
     "and she tore it in half. She read his second and she tore that too. She "
     "laughed at his shoes and she sent him to cover the flower show.\n\nRavi went "
     "anyway. At the flower show he noticed that the prize money had gone missing, "
     "and he followed the story for a month. His article ran on the front page.",
     "man", "Ravi"),
]  # fmt: skip
CASES += [("arc", *case) for case in ARCS]

# Not solved this round: the side character is introduced first, carries most pronouns
# and the title role ("The Apprentice") or the ending is the only sign of whose story it
# is. Strict: a reader that starts reading these right must move them into ARCS.
ARCS_UNSOLVED = [
    ("# The Apprentice\n\nMaster Ulric was the finest clockmaker in the city, and he "
     "never let anyone forget it. He lectured his customers, he scolded his "
     "suppliers, he boasted about his prizes, and he kept his secrets locked in a "
     "drawer. His shop was full of his clocks, his tools and his opinions.\n\nPetra "
     "swept the floor. For three years she watched, she listened and she practised "
     "at night on broken watches from the market. When the cathedral clock stopped "
     "on the eve of the festival, Ulric could not fix it. Petra climbed the tower "
     "with her own small tools and found the bent tooth in the great wheel. At "
     "midnight the bells rang, and the city cheered for the apprentice.",
     "woman", "Petra"),
    ("The new neighbour, Mr. Haskins, talked to everyone on the street. He talked "
     "about his roses, about his bad back, about his son in Canada. He talked at "
     "the bus stop and he talked over the fence.\n\nLucia listened politely every "
     "morning on her way to the lab. One day he mentioned that his roses had "
     "turned blue. Lucia took a soil sample, ran the tests, and found a leaking "
     "pipe full of copper. She reported it to the council, and the whole street "
     "got new pipes that winter.",
     "woman", "Lucia"),
]  # fmt: skip


@pytest.mark.xfail(strict=True, reason="a first-introduced side character still wins")
@pytest.mark.parametrize(("text", "gender", "name"), ARCS_UNSOLVED)
def test_a_side_character_introduced_first_is_not_yet_told_apart(
    text: str, gender: str, name: str
) -> None:
    found = analyse(text)
    assert (found.gender, found.protagonist_name) == (gender, name)


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
    assert found.narrator == (failure_class == "narrator")
