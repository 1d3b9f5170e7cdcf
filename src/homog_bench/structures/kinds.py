"""The one registry of structure kinds: each kind declared once.

A :class:`Kind` holds the kind's value-file model (a pydantic model whose ``kind`` is a
literal), how a structure of that kind is compiled into a reader (``compile``), where
its α comes from (``offline`` readers, a ``judge`` model or ``embeddings``), whether it
can feed an attribute with categories present/absent (``yes_no``), and, for the kinds
that are also attribute sources of their own (``from: pronoun_gender``), the categories
they produce and how a text's facts give one.

The value-file schema (its union of structure models, the kind lists, its error
messages), the loader's error paths and the reader derive from :data:`KINDS`; adding an
offline kind is one module (model + compile) and one entry here (see
``docs/architecture.md``).

>>> [k.name for k in KINDS if k.source == "offline"]
['pronoun_gender', 'protagonist_name', 'lexicon', 'regex']
>>> KIND["regex"].gives_yes_no("presence"), KIND["regex"].gives_yes_no("frequency")
(True, False)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator

from homog_bench._strict import Identifier, NonBlank
from homog_bench.structures.kind_base import Compiled, Facts, StructureModel
from homog_bench.structures.matcher import Matcher
from homog_bench.structures.pronoun_gender import GENDER_CATEGORIES, GenderCategory
from homog_bench.structures.regex import Pattern
from homog_bench.structures.term_lexicon import Lexicon

UNKNOWN = "unknown"


# --- the value-file models of the built-in kinds -----------------------------------------


class PronounGenderStructure(StructureModel):
    """α = 1 when the protagonist's gender (read from pronouns, nouns, titles) is ``category``."""

    kind: Literal["pronoun_gender"]
    category: GenderCategory


class ProtagonistNameStructure(StructureModel):
    """α = 1 when the protagonist's given name is one of ``names`` (case-insensitive)."""

    kind: Literal["protagonist_name"]
    names: list[str] = Field(min_length=1)


class LexiconStructure(StructureModel):
    """Terms or phrases, matched case-insensitively on word boundaries.

    ``presence``: α = 1 if any term occurs. ``frequency``: α = share of the
    text's word tokens covered by matched terms.
    """

    kind: Literal["lexicon"]
    terms: list[NonBlank] = Field(min_length=1)
    mode: Literal["presence", "frequency"] = "presence"


class RegexStructure(StructureModel):
    """A Python regular expression. ``presence``: α = 1 if it matches;
    ``frequency``: matches per word token, capped at 1."""

    kind: Literal["regex"]
    pattern: str = Field(min_length=1)
    mode: Literal["presence", "frequency"] = "presence"
    ignore_case: bool = True

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return pattern


class CategoricalStructure(StructureModel):
    """A yes/no question put to a judge model (α = 0 or 1; missing if the judge fails)."""

    kind: Literal["categorical"]
    question: str = Field(min_length=1)
    agrees_with: Identifier | None = Field(
        default=None,
        description="Id of an offline structure that measures the same thing; "
        "`homog-bench agreement` compares the two.",
    )


class GradedStructure(StructureModel):
    """A question put to a judge model, answered on [0, 1] (missing if the judge fails)."""

    kind: Literal["graded"]
    question: str = Field(min_length=1)
    low: str | None = Field(default=None, description="What 0 means.")
    high: str | None = Field(default=None, description="What 1 means.")


class SimilarityStructure(StructureModel):
    """Cosine similarity of the text to reference phrases (embeddings), clipped to [0, 1].

    ``max``: similarity to the closest reference; ``mean``: the mean similarity
    over the references.
    """

    kind: Literal["similarity"]
    references: list[NonBlank] = Field(min_length=1)
    mode: Literal["max", "mean"] = "max"


# --- how each kind is read ---------------------------------------------------------------


def _gender(structure: Any) -> Compiled:
    category = structure.category

    def gender(f: Facts) -> tuple[float, str]:
        return (1.0 if f.gender.category == category else 0.0), f.gender.category

    return gender


def _name(structure: Any) -> Compiled:
    wanted = {n.casefold() for n in structure.names}

    def name(f: Facts) -> tuple[float, str]:
        hit = f.name is not None and f.name.casefold() in wanted
        return (1.0 if hit else 0.0), (f.name or "no name")

    return name


def _matched(matcher: Matcher, mode: str) -> Compiled:
    def lexical(f: Facts) -> tuple[float, str]:
        alpha, found = matcher.read(f.text, mode)
        shown = ", ".join(dict.fromkeys(m.lower() for m in found[:20]))
        return alpha, (shown or "no match")

    return lexical


def _lexicon(structure: Any) -> Compiled:
    return _matched(Lexicon(structure.terms), structure.mode)


def _regex(structure: Any) -> Compiled:
    return _matched(Pattern(structure.pattern, structure.ignore_case), structure.mode)


def external(structure: Any) -> Compiled:
    """α computed outside the offline readers (a judge, embeddings), passed in ``Facts``."""
    sid = structure.id

    def given(f: Facts) -> tuple[float, str]:
        return f.external.get(sid, (math.nan, "not computed"))

    return given


# --- the registry ------------------------------------------------------------------------


#: Whether a kind's α is 0 or 1, so that it can feed an attribute with categories
#: present/absent: always, only in ``presence`` mode (lexicon, regex), or never.
YesNo = Literal["always", "in presence mode", "never"]


@dataclass(frozen=True)
class Kind:
    """One structure kind (see the module docstring)."""

    name: str
    model: type[StructureModel]
    compile: Callable[[Any], Compiled]
    source: Literal["offline", "judge", "embeddings"]
    yes_no: YesNo
    #: an attribute source of its own (``from: <kind>``): the category a text gets ...
    category: Callable[[Facts], str] | None = None
    #: ... among these categories (None: open-ended, e.g. names)
    categories: tuple[str, ...] | None = None

    def gives_yes_no(self, mode: object) -> bool:
        """Whether a structure of this kind in ``mode`` is a yes/no structure."""
        return self.yes_no == "always" or (self.yes_no == "in presence mode" and mode == "presence")


KINDS: tuple[Kind, ...] = (
    Kind(
        "pronoun_gender",
        PronounGenderStructure,
        _gender,
        "offline",
        "always",
        category=lambda f: f.gender.category,
        categories=GENDER_CATEGORIES,
    ),
    Kind(
        "protagonist_name",
        ProtagonistNameStructure,
        _name,
        "offline",
        "always",
        category=lambda f: f.name or UNKNOWN,
    ),
    Kind("lexicon", LexiconStructure, _lexicon, "offline", "in presence mode"),
    Kind("regex", RegexStructure, _regex, "offline", "in presence mode"),
    Kind("categorical", CategoricalStructure, external, "judge", "always"),
    Kind("graded", GradedStructure, external, "judge", "never"),
    Kind("similarity", SimilarityStructure, external, "embeddings", "never"),
)
KIND = {k.name: k for k in KINDS}
STRUCTURE_KINDS = tuple(KIND)
#: Kinds whose α is 0 or 1 in every mode, so that they can feed a yes/no attribute.
BINARY_KINDS = tuple(k.name for k in KINDS if k.yes_no == "always")
#: Kinds answered by a judge model, all in one call per generation.
JUDGED_KINDS = tuple(k.name for k in KINDS if k.source == "judge")
OFFLINE_KINDS = tuple(k.name for k in KINDS if k.source == "offline")
#: Attribute sources besides the id of a yes/no structure, and their categories.
BUILTIN_SOURCES = {k.name: k.categories for k in KINDS if k.category is not None}


def or_list(names: tuple[str, ...] | list[str], conjunction: str = "or") -> str:
    """``a, b or c``.

    >>> or_list(["a", "b", "c"]), or_list(["a"])
    ('a, b or c', 'a')
    """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def yes_no_sources() -> str:
    """The kinds that can feed a yes/no attribute, in words (for error messages)."""
    modal = [k.name for k in KINDS if k.yes_no == "in presence mode"]
    return f"{', '.join(BINARY_KINDS)}, or {'/'.join(modal)} in presence mode"


def compile_structure(structure: StructureModel) -> Compiled:
    """A value file's structure as a reader of :class:`Facts`."""
    kind = KIND.get(structure.kind)
    if kind is None:
        raise ValueError(f"structure {structure.id!r}: kind {structure.kind!r} is not supported")
    return kind.compile(structure)
