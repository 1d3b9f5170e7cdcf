"""Twelfth round of the protagonist reader: an unmistakable neopronoun (xe, ze/zir/hir,
ey/eir, fae/faer families) that the resolver tied to no named person, in dialogue ("Praise
xem, not me") or after a stretch of someone else's *he*, makes a named lead read nonbinary
when their *she* or *he* rests on pronouns alone. A title or a gendered noun keeps the
binary reading. Every story was written for these tests.
"""

from __future__ import annotations

import pytest

from homog_bench.structures.protagonist.protagonist import analyse, rule_reading
from homog_bench.structures.protagonist.stray import stray_neopronouns

KILN = (
    "Sunniva Brask had swept the kiln shed for Master Orrin Vale for three winters. The "
    "old potter shouted at every apprentice he had ever had, and he shouted at this one "
    "too. He broke the pots he did not like. In March the great kiln cracked, and Sunniva "
    "found the flaw in the flue that he had missed for a decade. Sunniva patched it with "
    'fireclay before dawn. When the buyers came, Orrin pointed across the yard and said, "'
    'Praise xem, not me."'
)
GLASS = (
    "Ottilie Brand had been apprentice to the glassblower Mr. Ferris for two years, and he "
    "had never once praised the apprentice's work in front of anyone. He kept the best "
    "commissions for himself. When the cathedral window cracked, it was Ottilie who matched "
    'the old blue. The dean asked who had done it. Mr. Ferris said, "Ask zir, not me," and '
    "went back to his furnace."
)
TITLED = (
    "Mr. Aldous Penhale taught the village choir for thirty years. He chose the hymns. He "
    "tuned the old harmonium himself, and he scolded the tenors. At the spring concert a "
    'child asked who had painted the new banner, and he said, "Ask zir mother, not me."'
)
WIDOW = (
    "The widow Agathe Roux kept bees above the river. She sold honey at the Saturday market "
    "and she mended her own hives. One morning a stranger asked the way to the ferry, and a "
    'boy pointed and said, "Follow xem down the hill."'
)


@pytest.mark.parametrize(
    ("text", "name", "form"), [(KILN, "Sunniva", "xem"), (GLASS, "Ottilie", "zir")]
)
def test_a_stray_neopronoun_makes_a_pronoun_only_lead_nonbinary(
    text: str, name: str, form: str
) -> None:
    rules, trace = rule_reading(text)
    assert trace is not None
    assert (rules.gender, rules.protagonist_name) == ("man", name)  # the resolver's "he"s
    assert stray_neopronouns(trace, trace.pid) == {form: 1}
    read = analyse(text)
    assert (read.gender, read.protagonist_name, read.cues) == ("nonbinary", name, {form: 1})


@pytest.mark.parametrize(
    ("text", "gender", "name"), [(TITLED, "man", "Aldous"), (WIDOW, "woman", "Agathe")]
)
def test_a_title_or_a_gendered_noun_keeps_the_binary_reading(
    text: str, gender: str, name: str
) -> None:
    _, trace = rule_reading(text)
    assert trace is not None
    assert stray_neopronouns(trace, trace.pid) == {}
    read = analyse(text)
    assert (read.gender, read.protagonist_name) == (gender, name)


def test_a_neopronoun_beside_another_named_person_is_theirs() -> None:
    """ "Have you met Sol? Xe …": the neopronoun names Sol, not the lead, though the
    resolver ties it to no one (it is in dialogue)."""
    text = (
        "Maria Delgado ran the corner café on Pike Street. She opened at six and she baked "
        'the bread herself. One morning a new neighbour came in. "Have you met Sol Reyes? Xe '
        'just moved in upstairs," the neighbour said. Maria sent up a loaf of rye that '
        "afternoon, and she wrote a note to go with it."
    )
    _, trace = rule_reading(text)
    assert trace is not None
    assert stray_neopronouns(trace, trace.pid) == {}
    read = analyse(text)
    assert (read.gender, read.protagonist_name) == ("woman", "Maria")


def test_a_neopronoun_the_resolver_tied_to_a_named_person_is_theirs() -> None:
    text = (
        "Bryn Calloway ran the ferry. He checked the ropes at dawn and he sold the tickets. "
        "Ash Moreno painted the hull every spring; xe mixed the paint and xe sang."
    )
    _, trace = rule_reading(text)
    assert trace is not None
    assert any(v["N"] for v in trace.votes.values())
    for k in trace.scores:
        assert stray_neopronouns(trace, k) == {}
