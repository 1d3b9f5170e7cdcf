"""What every structure kind builds on (see :mod:`homog_bench.structures.kinds`).

A kind's value-file model extends :class:`StructureModel`; the kind compiles each
structure of a value file into a :data:`Compiled` function: the text's :class:`Facts`
(read once per text) → (α, a short note for the explanation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from homog_bench._strict import Identifier, Strict
from homog_bench.structures.pronoun_gender import GenderReading

#: α and a short note for structures computed outside the offline readers
#: (judged answers, embedding similarities), keyed by structure id.
External = Mapping[str, tuple[float, str]]


@dataclass(frozen=True)
class Facts:
    """What the offline extractors read from one text (computed once per text)."""

    text: str
    gender: GenderReading
    name: str | None
    quality: str
    external: External = field(default_factory=dict)


#: A compiled structure: text facts → (α, short evidence for the explanation).
Compiled = Callable[[Facts], tuple[float, str]]


class StructureModel(Strict):
    """What every structure of a value file has; each kind adds its own fields."""

    id: Identifier
    group: str | None = None
    description: str | None = None
    kind: str
