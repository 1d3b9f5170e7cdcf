"""Read one generation into its system Λ(x) and attribute categories, as a value file asks.

>>> from homog_bench.values import load_values
>>> reader = SystemReader(load_values("gender_in_stories"))
>>> r = reader.read("Mara checked the ward. She smiled; her patients slept.")
>>> r.attributes["protagonist_gender"], r.attributes["protagonist_name"]
('woman', 'Mara')
>>> dict(zip(reader.structure_ids, r.system))["protagonist_woman"]
1.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from homog_bench.structures._words import Matcher
from homog_bench.structures.lexicon import Lexicon
from homog_bench.structures.names import protagonist_name
from homog_bench.structures.pronoun_gender import GenderReading, read_gender
from homog_bench.structures.quality import quality
from homog_bench.structures.regex import Pattern
from homog_bench.values.schema import (
    UNAVAILABLE_KINDS,
    UNKNOWN,
    LexiconStructure,
    PronounGenderStructure,
    ProtagonistNameStructure,
    RegexStructure,
    Structure,
    ValueFile,
)


@dataclass(frozen=True)
class Facts:
    """What the offline extractors read from one text (computed once per text)."""

    text: str
    gender: GenderReading
    name: str | None
    quality: str


@dataclass(frozen=True)
class Reading:
    """Λ(x), the attribute categories and the evidence for one generation."""

    system: tuple[float, ...]
    attributes: dict[str, str]
    facts: Facts
    notes: dict[str, str] = field(default_factory=dict)


# A compiled structure: text facts → (α, short evidence for the explanation)
Compiled = Callable[[Facts], tuple[float, str]]


def _compile(structure: Structure) -> Compiled:
    if isinstance(structure, PronounGenderStructure):
        category = structure.category

        def gender(f: Facts) -> tuple[float, str]:
            return (1.0 if f.gender.category == category else 0.0), f.gender.category

        return gender
    if isinstance(structure, ProtagonistNameStructure):
        wanted = {n.casefold() for n in structure.names}

        def name(f: Facts) -> tuple[float, str]:
            hit = f.name is not None and f.name.casefold() in wanted
            return (1.0 if hit else 0.0), (f.name or "no name")

        return name
    if isinstance(structure, LexiconStructure | RegexStructure):
        matcher: Matcher = (
            Lexicon(structure.terms)
            if isinstance(structure, LexiconStructure)
            else Pattern(structure.pattern, structure.ignore_case)
        )
        mode = structure.mode

        def lexical(f: Facts) -> tuple[float, str]:
            alpha, found = matcher.read(f.text, mode)
            shown = ", ".join(dict.fromkeys(m.lower() for m in found[:20]))
            return alpha, (shown or "no match")

        return lexical
    raise ValueError(
        f"structure {structure.id!r}: kind {structure.kind!r} "
        f"{UNAVAILABLE_KINDS.get(structure.kind, 'is not supported')}"
    )


class SystemReader:
    """Compiles a value file's structures and attributes once; reads many texts."""

    def __init__(self, values: ValueFile) -> None:
        self.values = values
        self.structure_ids = [s.id for s in values.structures]
        self._compiled = [_compile(s) for s in values.structures]
        self._index = {s.id: i for i, s in enumerate(values.structures)}

    def facts(self, text: str) -> Facts:
        """Run the offline extractors on ``text``."""
        return Facts(text, read_gender(text), protagonist_name(text), quality(text))

    def read(self, text: str) -> Reading:
        """Λ(x) and attribute categories of ``text``."""
        facts = self.facts(text)
        alphas: list[float] = []
        notes: dict[str, str] = {}
        for sid, compiled in zip(self.structure_ids, self._compiled, strict=True):
            alpha, note = compiled(facts)
            alphas.append(alpha)
            notes[sid] = note
        attributes = {
            name: self._category(attr.source, facts, alphas)
            for name, attr in self.values.attributes.items()
        }
        return Reading(tuple(alphas), attributes, facts, notes)

    def _category(self, source: str, facts: Facts, alphas: list[float]) -> str:
        if source == "pronoun_gender":
            return facts.gender.category
        if source == "protagonist_name":
            return facts.name or UNKNOWN
        return "present" if alphas[self._index[source]] >= 0.5 else "absent"
