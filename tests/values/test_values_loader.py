"""Bundled value files, resolution by name or path, JSON Schema export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from homog_bench._data import data_path
from homog_bench.values import (
    ValueFileError,
    bundled_values,
    json_schema,
    load_values,
    parse_values,
    resolve_values,
)

MINIMAL = """
schema: homog-bench/values@1
name: minimal
description: one structure
context: {stakeholder: tester}
structures: [{id: woman, kind: pronoun_gender, category: woman}]
"""


def test_three_bundled_value_files_load() -> None:
    names = bundled_values()
    assert {"gender_in_stories", "names_and_cultural_defaults", "couples_and_relationships"} <= set(
        names
    )
    for name in names:
        assert load_values(name).name == name


def test_name_path_and_yaml_suffix_resolve_to_the_same_file(tmp_path: Path) -> None:
    by_name = resolve_values("gender_in_stories")
    assert resolve_values("gender_in_stories.yaml") == by_name
    assert resolve_values(str(by_name)) == by_name
    local = tmp_path / "mine.yaml"
    local.write_text(MINIMAL)
    assert load_values(local).name == "minimal"


def test_unknown_name_lists_the_bundled_files() -> None:
    with pytest.raises(ValueFileError, match=r"bundled: .*gender_in_stories"):
        resolve_values("genders")


def test_defaults_fill_categories_and_metric_settings() -> None:
    values = parse_values(MINIMAL + "attributes: {g: {from: pronoun_gender, normative: [man]}}\n")
    assert values.attributes["g"].categories == ["woman", "man", "nonbinary", "unknown"]
    assert (values.metrics.norm, values.metrics.bootstrap, values.metrics.confidence) == (
        "l2",
        1000,
        0.95,
    )


def test_open_ended_source_accepts_any_category() -> None:
    values = parse_values(
        MINIMAL
        + "attributes: {n: {from: protagonist_name, normative: [Elara], exclude: [unknown]}}\n"
    )
    assert values.attributes["n"].categories is None


def test_judged_and_similarity_kinds_load(tmp_path: Path) -> None:
    path = tmp_path / "judged.yaml"
    path.write_text(
        MINIMAL.replace(
            "]\n",
            ", {id: q, kind: graded, question: 'how?', low: never, high: always},"
            " {id: c, kind: categorical, question: 'woman?', agrees_with: woman},"
            " {id: s, kind: similarity, references: [a wedding], mode: mean}]\n",
        )
    )
    values = load_values(path)
    assert [s.id for s in values.judged()] == ["q", "c"]
    assert values.embeddings.backend == "tfidf" and values.judge.max_tokens == 512


def test_checked_in_json_schema_matches_the_code() -> None:
    shipped = json.loads(data_path("values", "values.schema.json").read_text())
    assert shipped == json_schema()
    assert shipped["additionalProperties"] is False


def test_calibrate_reads_with_defaults_and_the_min_alias() -> None:
    text = MINIMAL.replace(
        "structures: [{id: woman, kind: pronoun_gender, category: woman}]",
        "structures:\n"
        "  - {id: woman, kind: pronoun_gender, category: woman}\n"
        "  - {id: woman_judged, kind: categorical, question: 'woman?'}\n"
        "attributes:\n"
        "  gender: {from: pronoun_gender, calibrate: {by: {woman: woman_judged}, min: 40}}\n"
        "  is_woman: {from: woman, calibrate: {by: woman_judged, fraction: 0.2, seed: 3}}\n",
    )
    values = parse_values(text)
    gender, is_woman = values.calibrated()["gender"], values.calibrated()["is_woman"]
    assert (gender.by, gender.fraction, gender.least, gender.seed) == (
        {"woman": "woman_judged"}, 0.1, 40, 0,
    )  # fmt: skip
    assert (is_woman.by, is_woman.fraction, is_woman.least, is_woman.seed) == (
        "woman_judged", 0.2, 100, 3,
    )  # fmt: skip
