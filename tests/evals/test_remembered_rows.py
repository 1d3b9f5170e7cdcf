"""The live display converts each score once: the remembered conversion gives exactly the
plain one (embeddings included), and notices a score that changed."""

from __future__ import annotations

import numpy as np
import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.scorer import SampleScore

from homog_bench.evals.metrics import RememberedRows, Scored, generations_from_scores
from homog_bench.figures import story
from homog_bench.tasks import story_homogenization
from scripted import scripted_model

PROMPT = "Write a short story about a nurse."
STORIES = [
    "Mara checked the ward. She smiled at her patients.",
    "Tom checked the ward. He smiled at his patients.",
    "Kai checked the ward. Xe smiled at xyr patients.",
    "Ines walked the night shift. She counted the beds twice.",
]


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> list[SampleScore]:
    (log,) = inspect_eval(
        story_homogenization(n=24, prompts="nurse", seed=1),
        model=scripted_model({PROMPT: STORIES}),
        log_dir=str(tmp_path_factory.mktemp("logs")),
        display="none",
        score_display=False,
    )
    assert log.status == "success" and log.samples
    return [
        SampleScore(score=s.scores["homogenization"], sample_id=s.id)  # type: ignore[index]
        for s in log.samples
    ]


def _same(a: Scored, b: Scored) -> None:
    assert a.settings == b.settings and a.settings is not None
    assert (a.sets, a.calibration, a.judge_calls, a.meta) == (
        b.sets,
        b.calibration,
        b.judge_calls,
        b.meta,
    )
    assert np.array_equal(a.valid, b.valid, equal_nan=True)
    assert len(a.generations) == len(b.generations)
    for x, y in zip(a.generations, b.generations, strict=True):
        assert (x.prompt, x.attributes, x.name, x.quality, x.text, x.arm, x.judged) == (
            y.prompt,
            y.attributes,
            y.name,
            y.quality,
            y.text,
            y.arm,
            y.judged,
        )
        assert np.array_equal(x.system, y.system, equal_nan=True)
        assert x.embedding is not None and y.embedding is not None
        assert x.embedding.tobytes() == y.embedding.tobytes()


def test_remembered_rows_equal_the_plain_conversion(scores: list[SampleScore]) -> None:
    remembered = RememberedRows()
    previous: Scored | None = None
    for k in (5, 12, 24, 24):  # a growing list, as the display refreshes, then the same
        got, plain = remembered(scores[:k]), generations_from_scores(scores[:k])
        _same(got, plain)
        assert got.settings is not None and plain.settings is not None
        assert story.preview(got.generations, got.settings) == story.preview(
            plain.generations, plain.settings
        )
        if previous is not None:  # the scores seen before were not converted again
            kept = got.generations[: len(previous.generations)]
            assert all(a is b for a, b in zip(previous.generations, kept, strict=True))
        previous = got
    assert len({g.name for g in previous.generations if g.name}) >= 3  # all stories read


def test_a_changed_score_is_converted_again(scores: list[SampleScore]) -> None:
    remembered = RememberedRows()
    first = remembered(scores)
    changed = scores[0].model_copy(deep=True)
    assert isinstance(changed.score.value, dict)
    gender = "man" if changed.score.value["protagonist_gender"] != "man" else "woman"
    changed.score.value["protagonist_gender"] = gender
    again = remembered([changed, *scores[1:]])
    _same(again, generations_from_scores([changed, *scores[1:]]))
    assert again.generations[0].attributes["protagonist_gender"] == gender
    assert first.generations[0].attributes["protagonist_gender"] != gender
    # a value replaced in place on the same score object is noticed too
    replaced = scores[1].model_copy(deep=True)
    remembered([replaced])
    assert isinstance(replaced.score.value, dict)
    replaced.score.value = {**replaced.score.value, "protagonist_gender": gender}
    (generation,) = remembered([replaced]).generations
    assert generation.attributes["protagonist_gender"] == gender


def test_new_settings_convert_every_score_again(scores: list[SampleScore]) -> None:
    remembered = RememberedRows()
    first = remembered(scores)
    changed = [s.model_copy(deep=True) for s in scores]
    for s in changed:
        settings = s.score.metadata["homog_bench"]["settings"]  # type: ignore[index]
        settings["structures"] = settings["structures"][::-1]
    again = remembered(changed)
    _same(again, generations_from_scores(changed))
    assert again.settings is not None and first.settings is not None
    assert again.settings.structures == first.settings.structures[::-1]
    assert list(again.generations[0].system) == list(first.generations[0].system)[::-1]
