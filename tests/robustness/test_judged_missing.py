"""A value file whose structures are all judged, with no usable answer for some generations.

Eight generations of one prompt; the scripted grader (``model_roles={"grader": ...}``)
answers from the quoted story, except: two get prose twice (invalid), one gets a
judge that raises, one gets ``null`` for both questions (declined), one gets a value
for one question only, and the empty generation is never sent. So for four
generations every structure is missing, and a third structure is never answered at
all. Checked: the eval succeeds, ``missing_<id>`` and ``<attr>_missing`` count
exactly those generations, the cores and shares are over the rest, a structure
missing everywhere has no core and breaks no other figure, and the judge was asked
once per non-empty generation plus one follow-up per unusable reply.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessage, ModelOutput

from scripted import eval_with_grader, output, quoted_text

VALUES = """
schema: homog-bench/values@1
name: all_judged
description: every structure is asked of a judge
context: {stakeholder: tests}
embeddings: {semantic: false}
structures:
  - {id: woman, kind: categorical, question: "Is the protagonist a woman?"}
  - {id: warmth, kind: graded, question: "How warm is the tone?", low: cold, high: tender}
  - {id: hope, kind: graded, question: "How hopeful is the ending?"}
attributes:
  judged_gender:
    from: woman
    normative: [present]
"""
# first word of the story → what the grader does with it
STORIES = {
    "Ada": "Ada ran the clinic alone. She loved every child she treated.",  # woman, 0.9
    "Mara": "Mara checked the ward. She smiled at the night nurse.",  # woman, 0.4
    "Tom": "Tom counted the pills twice. He was tired.",  # man, 0.4
    "Omar": "Omar drove home at dawn. He had held a stranger's hand.",  # prose twice
    "Lena": "Lena wrote to her sister. She had saved a life that night.",  # prose twice
    "Sam": "Sam stood in the hall. He waited for news.",  # the judge raises
    "Ravi": "Ravi folded the sheets. He hummed a song.",  # declines both (null)
    "": "",  # empty: never sent to the judge
}
INVALID, RAISES, DECLINES, PARTIAL = {"Omar", "Lena"}, "Sam", "Ravi", "Mara"


class Grader:
    """Answers woman/warmth from the story; never answers ``hope``."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def __call__(self, messages: list[ChatMessage], *_: Any) -> ModelOutput:
        text = quoted_text(messages)
        who = text.split()[0]
        self.calls[who] += 1
        if who in INVALID:
            return output("The protagonist seems to be a man, and the tone is warm.")
        if who == RAISES:
            raise ConnectionError("grader unreachable")
        if who == DECLINES:
            return output('{"woman": null, "warmth": null}')
        answer: dict[str, float] = {"woman": float(" she " in f" {text.lower()} ")}
        if who != PARTIAL:
            answer["warmth"] = 0.9 if "loved" in text else 0.4
        return output(json.dumps(answer))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalLog, Grader]:
    grader = Grader()
    folder = tmp_path_factory.mktemp("judged_missing")
    return eval_with_grader(folder, VALUES, list(STORIES.values()), grader, seed=2), grader


def values_of(log: EvalLog) -> dict[str, dict[str, Any]]:
    assert log.samples is not None
    out = {}
    for s in log.samples:
        score = s.scores["homogenization"]  # type: ignore[index]
        out[(score.answer or " ").split()[0] if score.answer else ""] = score.value
    return out  # type: ignore[return-value]


def figures(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def test_eval_succeeds_and_the_judge_was_asked_as_scripted(run: tuple[EvalLog, Grader]) -> None:
    log, grader = run
    assert log.status == "success" and log.samples is not None and len(log.samples) == 8
    assert all(s.error is None for s in log.samples)
    # one call per non-empty story, a follow-up after every reply missing something
    # (hope is never answered, so every story that was answered at all gets one)
    assert grader.calls == {"Ada": 2, "Mara": 2, "Tom": 2, "Omar": 2, "Lena": 2, "Sam": 1,
                            "Ravi": 2}  # fmt: skip
    assert "" not in grader.calls


def test_every_structure_missing_for_some_generations(run: tuple[EvalLog, Grader]) -> None:
    v = values_of(run[0])
    for who in ("Omar", "Lena", "Sam", "Ravi", ""):
        assert (v[who]["woman"], v[who]["warmth"], v[who]["hope"]) == (None, None, None), who
        assert v[who]["judged_gender"] == "missing"
    assert (v["Mara"]["woman"], v["Mara"]["warmth"]) == (1.0, None)
    assert (v["Ada"]["woman"], v["Ada"]["warmth"], v["Tom"]["woman"]) == (1.0, 0.9, 0.0)
    assert all(v[who]["hope"] is None for who in v)


def test_missing_values_are_counted_and_left_out(run: tuple[EvalLog, Grader]) -> None:
    f = figures(run[0])
    assert f["n_generations"] == 8
    # woman: missing for Omar, Lena, Sam, Ravi and the empty story
    assert f["missing_woman"] == 5 and f["judged_gender_missing"] == 5
    assert f["missing_warmth"] == 6  # ... and Mara
    assert f["missing_hope"] == 8  # never answered
    # cores over the generations that have a value: Ada, Mara, Tom
    assert f["core_woman"] == pytest.approx(2 / 3)
    assert f["judged_gender_share_present"] == pytest.approx(2 / 3)
    assert f["judged_gender_normativity"] == pytest.approx(2 / 3)
    assert f["core_warmth"] == pytest.approx((0.9 + 0.4) / 2)  # Ada, Tom
    # a structure with no value anywhere has no core, and spoils no other figure
    assert f["core_hope"] != f["core_hope"]  # NaN
    assert f["deviance_mean"] == f["deviance_mean"] and f["deviance_mean"] > 0
    assert "aggregation_failed" not in f
