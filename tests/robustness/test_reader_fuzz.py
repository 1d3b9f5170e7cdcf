"""Fuzzing the offline protagonist reader: it never raises and always gives a valid reading.

Two strategies, a few seconds in all: any Unicode text (lone surrogates included), and
story-like text built from the words the reader reacts to (pronouns and neopronouns,
titles, names, gendered nouns, quotes, markdown, first-person words).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homog_bench.structures.pronoun_gender import GENDER_CATEGORIES, read_gender
from homog_bench.structures.protagonist import analyse, split_layout
from homog_bench.structures.protagonist_name import protagonist_name

PIECES = [
    "she", "He", "her", "his", "him", "they", "Their", "them", "themself", "xe", "xem", "xyr",
    "ze", "hir", "ey", "em", "eir", "fae", "faer", "I", "my", "me", "you", "Mr.", "Mrs.", "Dr.",
    "Mx.", "Sir", "Elara", "Voss", "Marcus", "Kai", "Okafor", "Mom", "the", "a", "old",
    "woman", "man", "nurse", "sisters", "named", "was", "said", "and", "nonbinary", "of",
    "Willowbrook", "town", ".", ",", "!", "?", ":", '"', "“", "”", "'", "’s", "(", ")", "\n",
    "\n\n", "# ", "**", "_", "Title:", "Sure! Here's a story:", "The End", "---", "…", "—",
    "when", "Her name was", "As a mother,", "I was the only father", "\ud800", "é", "ß",
]  # fmt: skip

story_like = st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join)
any_text = st.text(
    alphabet=st.characters(exclude_categories=()),  # surrogates too
    max_size=400,
)
FUZZ = settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(text: str) -> None:
    reading = read_gender(text)
    assert reading.category in GENDER_CATEGORIES
    assert all(isinstance(w, str) and n > 0 for w, n in reading.cues.items())
    name = protagonist_name(text)
    assert name is None or (isinstance(name, str) and name.strip() == name and name)
    found = analyse(text)
    if found.gender == "unknown":
        assert not found.cues
    title, prose = split_layout(text)
    assert isinstance(title, str) and isinstance(prose, str)


@FUZZ
@given(story_like)
def test_story_like_text_gives_a_valid_reading(text: str) -> None:
    check(text)


@FUZZ
@given(any_text)
def test_any_unicode_gives_a_valid_reading(text: str) -> None:
    check(text)
