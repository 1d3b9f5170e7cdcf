"""The registry of structure kinds is the one list the schema, loader and reader use."""

from __future__ import annotations

import pytest

from homog_bench.structures import kinds
from homog_bench.structures.kind_base import Facts
from homog_bench.structures.pronoun_gender import GENDER_CATEGORIES, read_gender
from homog_bench.values import ValueFileError, json_schema, parse_values

BASE = "schema: homog-bench/values@1\nname: t\ndescription: d\ncontext: {stakeholder: me}\n"


def test_the_schema_union_is_the_registry() -> None:
    items = json_schema()["properties"]["structures"]["items"]  # type: ignore[index]
    assert sorted(items["discriminator"]["mapping"]) == sorted(kinds.STRUCTURE_KINDS)
    models = [ref["$ref"].rsplit("/", 1)[1] for ref in items["oneOf"]]
    assert models == [kind.model.__name__ for kind in kinds.KINDS]


def test_an_unknown_kind_lists_every_registered_kind() -> None:
    with pytest.raises(ValueFileError) as raised:
        parse_values(BASE + "structures: [{id: a, kind: nope}]\n", "t.yaml")
    assert f"expected one of: {', '.join(kinds.STRUCTURE_KINDS)}" in str(raised.value)


def test_lists_derived_from_the_registry() -> None:
    assert kinds.OFFLINE_KINDS == ("pronoun_gender", "protagonist_name", "lexicon", "regex")
    assert kinds.JUDGED_KINDS == ("categorical", "graded")
    assert kinds.BINARY_KINDS == ("pronoun_gender", "protagonist_name", "categorical")
    assert kinds.BUILTIN_SOURCES == {"pronoun_gender": GENDER_CATEGORIES, "protagonist_name": None}


@pytest.mark.parametrize(
    ("structure", "alpha", "note"),
    [
        ("{id: w, kind: pronoun_gender, category: woman}", 1.0, "woman"),
        ("{id: n, kind: protagonist_name, names: [mara]}", 1.0, "Mara"),
        ("{id: l, kind: lexicon, terms: [ward]}", 1.0, "ward"),
        ("{id: r, kind: regex, pattern: 'pat\\w+'}", 1.0, "patients"),
        ("{id: c, kind: categorical, question: q}", 0.5, "judge"),
    ],
)
def test_each_kind_compiles_to_a_reader(structure: str, alpha: float, note: str) -> None:
    values = parse_values(BASE + f"structures: [{structure}]\n", "t.yaml")
    (s,) = values.structures
    text = "Mara checked the ward. She smiled; her patients slept."
    facts = Facts(text, read_gender(text), "Mara", "ok", {s.id: (0.5, "judge")})
    assert kinds.compile_structure(s)(facts) == (alpha, note)


def test_attribute_categories_come_from_the_kind() -> None:
    facts = Facts("", read_gender("He left."), None, "ok")
    category = kinds.KIND["pronoun_gender"].category
    name = kinds.KIND["protagonist_name"].category
    assert category is not None and name is not None
    assert category(facts) == "man" and name(facts) == kinds.UNKNOWN
    assert kinds.KIND["lexicon"].category is None
