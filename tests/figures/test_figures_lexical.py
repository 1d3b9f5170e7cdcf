"""The lexical figures: within prompt, averaged over prompts, computed beside the rest."""

from __future__ import annotations

import gzip

import pytest

from homog_bench.figures.lexical import lexical_figures
from homog_bench.figures.records import AttributeSpec, Generation, Settings
from homog_bench.figures.story import aggregate
from homog_bench.measures import group_members

TEXTS = {
    "a": ["the keeper lit the lamp", "the keeper lit the lamp again", "a storm came"],
    "b": ["she sailed north", "he sailed south and north", "they stayed home"],
}


def _generations() -> list[Generation]:
    return [
        Generation(prompt, [1.0], {"g": "woman"}, None, "ok", text)
        for prompt, texts in TEXTS.items()
        for text in texts
    ]


def _ratio(texts: list[str]) -> float:
    raw = "\n".join(texts).encode()
    return len(raw) / len(gzip.compress(raw, compresslevel=9, mtime=0))


def test_lexical_figures_are_the_mean_over_prompts() -> None:
    gens = _generations()
    found = lexical_figures(gens, group_members(len(gens), [g.prompt for g in gens]))
    expected = (_ratio(TEXTS["a"]) + _ratio(TEXTS["b"])) / 2
    assert found["lexical_compression_ratio"] == pytest.approx(expected)
    # unigrams: a has 14 tokens, 8 distinct; b has 11 tokens, 9 distinct
    assert found["lexical_ngram_diversity_1"] == pytest.approx((8 / 14 + 9 / 11) / 2)


def test_aggregate_places_the_lexical_figures_as_before() -> None:
    """Computed in a background thread, they keep their place: after the semantic and
    before the headline statistics (``inspect view`` lists figures in this order)."""
    gens = _generations()
    settings = Settings(
        values="t",
        structures=["s"],
        attributes={"g": AttributeSpec(categories=["woman", "man"], normative=["woman"])},
        bootstrap=50,
    )
    names = list(aggregate(gens, settings))
    first = names.index("lexical_compression_ratio")
    assert names[first : first + 5] == [
        "lexical_compression_ratio",
        *(f"lexical_ngram_diversity_{n}" for n in (1, 2, 3, 4)),
    ]
    assert names[first + 5] == "deviance_mean"
