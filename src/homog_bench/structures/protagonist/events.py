"""The reader's records: events in text order (mentions, pronouns, groups, cues) and characters.

>>> Event(4, Kind.PRONOUN, 0, 4, cls="F", form="she").form
'she'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TypeVar

from homog_bench.structures.protagonist.rules import NO_POSITION

PLURAL = -1  # a group referent ("the children", "Marcus and Lena")
UNRESOLVED = -2  # a pronoun with no antecedent found


class Kind(IntEnum):
    """What an :class:`Event` is."""

    MENTION = 0  # a character named or described in the narration
    QUOTED = 1  # a character named inside dialogue
    PRONOUN = 2  # a third-person pronoun of the narration
    GROUP = 3  # a plural referent: "the villagers", "both", "together"
    PREDICATE = 4  # "she was a young nurse": a description of the clause's subject
    NONBINARY = 5  # "nonbinary", "genderqueer" next to someone


# the kinds as module constants: an enum member lookup costs ten times a global's
MENTION, QUOTED, PRONOUN, GROUP, PREDICATE, NONBINARY = Kind


@dataclass(frozen=True, slots=True)
class Event:
    """One event at word ``pos`` .. ``end`` of sentence ``sent``.

    ``entity`` is the character of a mention (else -1) and ``tag`` how it was found
    (``"name"``, ``"np"`` for a description, ``"alias"``; ``"poss"`` for a group
    after a possessive). ``cls`` is a pronoun's class (F / M / T / N) or a
    predicate's gender, ``form`` the word itself (pronoun, predicate noun,
    nonbinary word).
    """

    pos: int
    kind: Kind
    sent: int
    end: int
    entity: int = -1
    tag: str = ""
    cls: str = ""
    form: str = ""


_K = TypeVar("_K")


def inc(table: dict[_K, Counter[str]], key: _K, item: str, n: int = 1) -> None:
    """``table[key][item] += n`` without building a Counter when one exists."""
    c = table.get(key)
    if c is None:
        c = table[key] = Counter()
    c[item] += n


@dataclass
class Entity:
    """A character: a named person, a described one ("the old woman") or a relative."""

    given: str | None = None
    surname: str | None = None
    noun: str | None = None  # described character ("woman", "nurse")
    relational: str | None = None  # "my", "his", "her", ... for "his mother"
    mentions: float = 0.0
    first: int = NO_POSITION
    fixed: Counter[str] = field(default_factory=Counter)
    cue_words: dict[str, Counter[str]] = field(default_factory=dict)
    place: float = 0.0
    person: float = 0.0
    bare: int = 0  # narration mentions that are not possessives ("Marisol", not "Marisol's")
    formal: int = 0  # narration mentions by title ("Mrs. Finch") or surname alone ("Reyes")

    def cue(self, cls: str, word: str, weight: int = 1) -> None:
        """Record a fixed gender cue (title, gendered noun) of ``weight``."""
        self.fixed[cls] += weight
        inc(self.cue_words, cls, word)

    @property
    def label(self) -> str | None:
        """The name the story uses: the given name, else the surname."""
        return self.given or self.surname

    @property
    def is_place(self) -> bool:
        """More evidence of a place than of a person."""
        return self.place > self.person and self.place >= 1
