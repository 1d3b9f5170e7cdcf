"""The reader's learned decision (round 7): features, plain coefficients, refit.

The shipped coefficients (``structures/protagonist/weights.py``) must be exactly what
``benchmarks/fit_reader.py`` writes from the tune files, and the reader's dot products
must decide what the fitted scikit-learn models decide. The mechanism is tested with
hand-set weights on fresh stories.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from homog_bench.structures.protagonist import evidence, protagonist, weights

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import fit_reader  # noqa: E402

SOLAR = (
    "Solar fixed the lamp by the window. Solar hummed while she worked, and she liked "
    "solar panels more than anything."
)
PAIR = (
    "Mara greeted Tom at the door. Mara poured tea, and Mara smiled. Mara laughed. "
    "Tom wondered about the letter. He read it twice."
)
GROUP = (
    "The villagers gathered at dawn. They sang and they danced. Lena watched them; she "
    "smiled. They sang again and they laughed and they left."
)


@pytest.fixture(scope="module")
def stories() -> list[fit_reader.Story]:
    return fit_reader.load()


def _module(text: str) -> ModuleType:
    module = ModuleType("fitted_weights")
    exec(compile(text, "fitted_weights", "exec"), module.__dict__)
    return module


@pytest.fixture
def use_weights(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Install the attributes of a weights module for the test, and clear the cache."""

    def install(module: object) -> None:
        for name in ("C", "CLASSES", "COEF", "INTERCEPT"):
            monkeypatch.setattr(weights, name, getattr(module, name))
        for name in ("RANKS", "RANK_COEF", "RANK_INTERCEPT"):
            monkeypatch.setattr(weights, name, getattr(module, name))
        protagonist.analyse.cache_clear()

    yield install
    protagonist.analyse.cache_clear()


def _hand(
    gender: dict[str, float] | None = None, rank: dict[str, dict[str, float]] | None = None
) -> object:
    """A weights module by hand: ``gender`` gives the weights of ``unknown`` over the
    rules' own one-hot reading; ``rank`` the weights of each option."""
    module = ModuleType("hand")
    module.C = {}

    def row(ws: dict[str, float]) -> tuple[float, ...]:
        return tuple(ws.get(f, 0.0) for f in evidence.FEATURES)

    module.CLASSES = module.COEF = module.INTERCEPT = ()
    if gender is not None:
        module.CLASSES = evidence.GENDERS
        keep = [row({f"rule_{g}": 1.0}) for g in evidence.GENDERS[:3]]
        module.COEF = (*keep, row({"rule_unknown": 1.0, **gender}))
        module.INTERCEPT = (0.0,) * 4
    module.RANKS = module.RANK_COEF = module.RANK_INTERCEPT = ()
    if rank is not None:
        module.RANKS = tuple(rank)
        module.RANK_COEF = tuple(row(ws) for ws in rank.values())
        module.RANK_INTERCEPT = (0.0,) * len(rank)
    return module


def test_the_shipped_weights_are_what_fit_reader_writes(stories: list[fit_reader.Story]) -> None:
    shipped = (ROOT / "src/homog_bench/structures/protagonist/weights.py").read_text()
    assert fit_reader.weights_module(stories, dict(weights.C)) == shipped
    assert weights.FEATURES == evidence.FEATURES


def test_the_dot_products_decide_what_the_fitted_models_decide(
    stories: list[fit_reader.Story], use_weights: object
) -> None:
    cs: dict[str, float | None] = {"gender": 0.03, "rank": 0.03}
    module = _module(fit_reader.weights_module(stories, cs))
    assert module.CLASSES == evidence.GENDERS and module.RANKS == evidence.RANK_OPTIONS
    fits = {task: fit_reader._fit(stories, 0.03, task) for task in ("gender", "rank")}
    use_weights(module)  # type: ignore[operator]
    changed = 0
    for s in stories:
        expected = fit_reader.predict(fits["gender"], fits["rank"], s)
        found = protagonist.analyse(s.text)
        assert (found.gender, found.protagonist_name) == expected, s.id
        changed += expected != (s.rule, s.name)
    assert changed >= 5  # fitted in-sample, the steps change some readings


def test_the_features_of_a_fresh_story() -> None:
    reading, trace = protagonist.rule_reading(PAIR)
    assert trace is not None
    assert [evidence.name_of(trace, k) for k in evidence.candidates(trace)] == ["Mara", "Tom"]
    x = dict(zip(evidence.FEATURES, evidence.features(trace, reading.gender), strict=True))
    assert x["c0_rule"] == 1.0 and x["c1_rule"] == 0.0
    assert x["c1_pov"] > 0 and x["c0_pov"] == 0  # "Tom wondered"
    assert x["c1_he"] > 0 and x["c2_present"] == 0.0
    assert x["story_kept"] == 1.0 and x[f"rule_{reading.gender}"] == 1.0
    reading, trace = protagonist.rule_reading(SOLAR)
    assert trace is not None
    assert (
        dict(zip(evidence.FEATURES, evidence.features(trace, reading.gender), strict=True))[
            "c0_common"
        ]
        == 1.0
    )


def test_first_person_stories_never_reach_the_learned_step() -> None:
    reading, trace = protagonist.rule_reading("I walked home. I was tired, and my feet hurt.")
    assert trace is None and reading.first_person


def test_a_ranker_may_prefer_no_named_protagonist(use_weights: object) -> None:
    assert (protagonist.analyse(SOLAR).protagonist_name, protagonist.analyse(SOLAR).gender) == (
        "Solar",
        "woman",
    )
    use_weights(_hand(rank={"c0": {"c0_present": 1.0}, "none": {"c0_common": 2.0}}))  # type: ignore[operator]
    found = protagonist.analyse(SOLAR)
    assert (found.protagonist_name, found.gender) == (None, "woman")


def test_a_ranker_may_choose_the_second_candidate_read_by_the_rules(use_weights: object) -> None:
    assert protagonist.analyse(PAIR).protagonist_name == "Mara"
    use_weights(_hand(rank={"c0": {}, "c1": {"c1_pov": 5.0}, "none": {}}))  # type: ignore[operator]
    found = protagonist.analyse(PAIR)
    assert (found.protagonist_name, found.gender, found.cues) == ("Tom", "man", {"he": 1})


def test_a_gender_model_may_read_a_groups_story_as_unknown(use_weights: object) -> None:
    assert protagonist.analyse(GROUP).gender == "woman"
    use_weights(_hand(gender={"story_group_they": 2.0}))  # type: ignore[operator]
    found = protagonist.analyse(GROUP)
    assert (found.protagonist_name, found.gender, found.cues) == ("Lena", "unknown", {})
