"""Hostile generations for the offline protagonist reader: bounded time, a valid reading.

Each 2 MB input is read in a fresh subprocess that must finish within 20 seconds (the
reader reads the first 20,000 characters and takes near-linear time in them; before
these bounds ``"Mr. " * 16_000`` alone took ~30 s and a line of tabs and hashes took
cubic time in the heading regex). The inputs are this project's own.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from homog_bench.structures.pronoun_gender import GENDER_CATEGORIES
from homog_bench.structures.protagonist import analyse
from homog_bench.structures.protagonist.rules import MAX_CHARS, MAX_SENTENCE_WORDS
from homog_bench.structures.protagonist.tokens import Tokens

MB2 = 2_000_000
# each entry: a Python expression building a 2 MB hostile generation (``n`` = 2,000,000)
HOSTILE = {
    "titles_mr": '"Mr. " * (n // 4)',
    "one_sentence": '"the old woman walked with her dog and " * (n // 38)',
    "capitalised_words": '" ".join(f"Ab{k:x}c" for k in range(n // 9))',
    "distinct_full_names": '" ".join(f"Anna Bo{k:x}x said." for k in range(n // 18))',
    "quotes": "'\"' * n",
    "quoted_names": "'\"Hi, Elara,\" I said. ' * (n // 21)",
    "brackets": '"(" * (n // 2) + ")" * (n // 2)',
    "link_brackets": '"[" * (n - 2) + "]("',
    "heading_tabs_hashes": '"# a" + "\\t" * (n // 2) + "#" * (n // 2) + "x"',
    "random_unicode": (
        '"".join(chr(c) for c in __import__("random").Random(7).choices('
        "[c for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF], k=n))"
    ),
    "lone_surrogates": '"She\\ud800 ran. " * (n // 11)',
    "pronoun_storm": '"she her he him they them xe xem " * (n // 32)',
    "names_given_later": '"A nurse, a doctor. Her name was Kavya. " * (n // 39)',
    "first_person_vocatives": "'\"Yes, ma\\'am,\" he said. I was a man. ' * (n // 35)",
}

CHILD = """
import sys
from homog_bench.structures.protagonist_name import protagonist_name
from homog_bench.structures.pronoun_gender import read_gender
n = {n}
text = {expr}
assert len(text) > n * 0.9, len(text)
reading = read_gender(text)
name = protagonist_name(text)
sys.stdout.write(reading.category + "\\n" + repr(name))
"""


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_reader_finishes_on_2mb_hostile_text(shape: str) -> None:
    code = CHILD.format(n=MB2, expr=HOSTILE[shape])
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=20,
        env=os.environ.copy(),
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    category, name = done.stdout.split("\n")
    assert category in GENDER_CATEGORIES
    assert name == "None" or (name.startswith("'") and len(name) > 2)


def test_only_the_first_max_chars_are_read() -> None:
    story = "Amaka fixed the old radio. She hummed while her hands worked. "
    head = story * (MAX_CHARS // len(story))
    tail = "Joon-ho arrived. He ran the bakery, and he was the hero. " * 2000
    assert analyse(head + tail) == analyse((head + tail)[:MAX_CHARS])
    assert analyse(head + tail).gender == "woman"
    assert analyse(tail).gender == "man"  # the tail alone would read as a man


def test_a_sentence_that_never_ends_is_cut() -> None:
    words = " ".join(["word"] * (2 * MAX_SENTENCE_WORDS + 10))
    t = Tokens(words + ". Short one. " + words)
    sizes: dict[int, int] = {}
    for s in t.sent:
        sizes[s] = sizes.get(s, 0) + 1
    assert max(sizes.values()) == MAX_SENTENCE_WORDS
    assert sorted(sizes.values()) == [2, 10, 10, MAX_SENTENCE_WORDS, MAX_SENTENCE_WORDS,
                                      MAX_SENTENCE_WORDS, MAX_SENTENCE_WORDS]  # fmt: skip
    assert t.starts == [k for k in range(len(t.sent)) if k == 0 or t.sent[k] != t.sent[k - 1]]


def test_sentences_within_the_bound_keep_their_numbers() -> None:
    t = Tokens("He ran.\n\nShe hid. " + " ".join(["a"] * MAX_SENTENCE_WORDS) + ".")
    assert sorted(set(t.sent)) == [0, 2, 3]  # the blank line still leaves a gap
