"""The register of a story's characters: who a name or a description refers to.

Named people are found again by (given, surname), given name or surname ("Voss" then
"Elara Voss" then "Elara" are one person), described ones by (noun, relation) ("the
nurse", "his mother"); indexes keep a story with thousands of names linear.

>>> people = People()
>>> people.named([], ["Voss"]) == people.named([], ["Elara", "Voss"]) == people.named([], ["Elara"])
True
>>> people.entities[0].given, people.entities[0].surname
('Elara', 'Voss')
"""

from __future__ import annotations

from bisect import insort

from homog_bench.structures.protagonist.events import Entity
from homog_bench.structures.protagonist.lexicons import (
    GENDERED,
    GIVEN_TITLES,
    SURNAME_FIRST,
    WEAK_GENDERED,
    F,
    M,
)
from homog_bench.structures.protagonist.rules import INTRINSIC

__all__ = ["People", "yields_to_named"]


class People:
    """The characters found so far, in order of first appearance, with their indexes."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._by_pair: dict[tuple[str | None, str | None], list[int]] = {}
        self._by_given: dict[str, list[int]] = {}
        self._by_surname: dict[str, list[int]] = {}
        self._by_description: dict[tuple[str, str | None], int] = {}

    def named(self, titles: list[str], names: list[str]) -> int:
        """The person a name refers to: an earlier one it fits ("Voss" then "Elara Voss"),
        else a new one. Looked up in indexes of (given, surname), so that a story with
        thousands of names stays linear."""
        ents = self.entities
        given: str | None
        surname: str | None
        if len(names) == 2 and names[0].lower() in SURNAME_FIRST:
            given, surname = names[1], names[0]  # "Wang Wei": the family name first
        elif len(names) >= 2:
            given, surname = names[0], names[-1]
        elif titles and (titles[-1] in GIVEN_TITLES):
            given, surname = names[0], None
        elif titles:
            given, surname = None, names[0]
        else:
            given, surname = names[0], None
        if given and surname:
            # the first person whose given name fits with no other surname, whose surname
            # fits with no other given name, or whose lone name is this surname
            hits = [
                self._first_named(given, None),
                self._first_named(given, surname),
                self._first_named(None, surname),
                self._first_named(surname, None),
            ]
            found = min((k for k in hits if k >= 0), default=-1)
            if found >= 0:
                e = ents[found]
                if e.given == surname and e.surname is None:
                    e.given = given
                e.given = e.given or given
                e.surname = e.surname or surname
                self._index_name(found)
                return found
        else:
            single = given or surname or ""
            order = (self._by_given, self._by_surname)
            for table in order if given else reversed(order):
                k = self._first_of(table.get(single), single, table is self._by_given)
                if k >= 0:
                    return k
        ents.append(Entity(given=given, surname=surname))
        self._index_name(len(ents) - 1)
        return len(ents) - 1

    def _index_name(self, k: int) -> None:
        e = self.entities[k]
        insort(self._by_pair.setdefault((e.given, e.surname), []), k)
        if e.given:
            insort(self._by_given.setdefault(e.given, []), k)
        if e.surname:
            insort(self._by_surname.setdefault(e.surname, []), k)

    def _first_named(self, given: str | None, surname: str | None) -> int:
        """The first person named exactly ``given surname`` (either may be ``None``)."""
        ids = self._by_pair.get((given, surname))
        ents = self.entities
        while ids:
            e = ents[ids[0]]
            if e.given == given and e.surname == surname:
                return ids[0]
            ids.pop(0)  # renamed since: drop the stale entry
        return -1

    def _first_of(self, ids: list[int] | None, name: str, given: bool) -> int:
        """The first person whose given name (or surname) is ``name``."""
        ents = self.entities
        while ids:
            e = ents[ids[0]]
            if (e.given if given else e.surname) == name:
                return ids[0]
            ids.pop(0)
        return -1

    def described(self, noun: str, rel: str | None) -> int:
        """The described character ``noun`` (of ``rel``: "his" mother), new or seen."""
        key = (noun, rel)
        found = self._by_description.get(key)
        if found is not None:
            return found
        e = Entity(noun=noun, relational=rel)
        g = GENDERED.get(noun)
        if g and noun not in WEAK_GENDERED:
            e.cue(g, noun, INTRINSIC)
        self.entities.append(e)
        self._by_description[key] = len(self.entities) - 1
        return len(self.entities) - 1


def yields_to_named(
    entities: list[Entity], c: int, rest: list[int], known: dict[int, str], cls: str
) -> bool:
    """Does the described person ``c`` of no known gender give up a "she" or "he" to a
    named person among the nearby candidates ``rest`` known to fit ("When the new
    lifeguard put up the flag, she walked past it" after Mrs. Ostrowski: hers)?

    >>> people = People()
    >>> guard, halina = people.described("lifeguard", None), people.named(["mrs"], ["Halina"])
    >>> yields_to_named(people.entities, guard, [halina], {halina: "F"}, "F")
    True
    >>> yields_to_named(people.entities, guard, [halina], {}, "F")
    False
    """
    e = entities[c]
    if e.label is not None or e.noun is None or cls not in (F, M):
        return False
    return any(r >= 0 and known.get(r) == cls and entities[r].label for r in rest)
