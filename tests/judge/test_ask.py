"""One judge call per generation, one retry on an unusable reply, missing values otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, Model, ModelOutput, get_model

from homog_bench.judge.ask import JudgeResult, ask_judge
from homog_bench.judge.prompt import Question
from homog_bench.values.schema import Judge
from scripted import output

QS = [
    Question("couple", "categorical", "Is the central couple same-gender?"),
    Question("warmth", "graded", "How warm is the tone?"),
]


def judge_with(replies: Sequence[str | Exception]) -> tuple[Model, list[list[ChatMessage]]]:
    """A mock judge answering with ``replies`` in order; records the messages it got."""
    seen: list[list[ChatMessage]] = []

    def respond(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        seen.append(list(messages))
        reply = replies[len(seen) - 1]
        if isinstance(reply, Exception):
            raise reply
        return output(reply)

    return get_model("mockllm/model", custom_outputs=respond), seen


def ask(replies: Sequence[str | Exception]) -> tuple[JudgeResult, list[list[ChatMessage]]]:
    model, seen = judge_with(replies)
    return asyncio.run(ask_judge("Ana and Lucia married.", QS, Judge(), model=model)), seen


def test_well_formed_is_one_call() -> None:
    result, seen = ask(['{"couple": 1, "warmth": 0.8}'])
    assert result.calls == 1 and len(seen) == 1
    assert result.values == {"couple": 1.0, "warmth": 0.8}
    assert result.status == {"couple": "ok", "warmth": "ok"}


def test_malformed_then_fixed_uses_the_retry() -> None:
    result, seen = ask(["The couple is two women, tone warm.", '{"couple": 1, "warmth": 0.9}'])
    assert result.calls == 2 and result.values == {"couple": 1.0, "warmth": 0.9}
    retry = seen[1]
    # the retry continues the conversation: our question, its reply, then what was wrong
    assert [m.role for m in retry] == ["system", "user", "assistant", "user"]
    assert "no JSON object found" in retry[-1].text and '"couple", "warmth"' in retry[-1].text


def test_malformed_twice_gives_missing_values() -> None:
    result, _ = ask(["no idea", "still no idea"])
    assert result.calls == 2
    assert result.values == {"couple": None, "warmth": None}
    assert result.status == {"couple": "invalid", "warmth": "invalid"}
    assert len(result.problems) == 2 and all(result.problems)


def test_missing_id_is_retried_and_the_first_good_value_kept() -> None:
    result, seen = ask(['{"couple": 0}', '{"warmth": 7}'])
    assert "'warmth': missing" in seen[1][-1].text
    # couple from the first reply; warmth never valid (7 is out of range, and missing before)
    assert result.values == {"couple": 0.0, "warmth": None}
    assert result.status == {"couple": "ok", "warmth": "invalid"}


def test_extra_ids_are_ignored_without_a_retry() -> None:
    result, _ = ask(['{"couple": 0, "warmth": 0.1, "villain": 1}'])
    assert result.calls == 1 and result.values == {"couple": 0.0, "warmth": 0.1}


def test_out_of_range_is_retried() -> None:
    result, seen = ask(['{"couple": 1, "warmth": 80}', '{"couple": 1, "warmth": 0.8}'])
    assert "expected a number from 0 to 1, got 80" in seen[1][-1].text
    assert result.values == {"couple": 1.0, "warmth": 0.8}


def test_refusal_twice_is_missing_not_a_crash() -> None:
    refusal = "I'm sorry, but I can't help with evaluating this content."
    result, _ = ask([refusal, refusal])
    assert result.values == {"couple": None, "warmth": None} and result.replies == [refusal] * 2


def test_declined_question_is_missing_with_its_own_status() -> None:
    result, _ = ask(['{"couple": null, "warmth": 0.3}'])
    assert result.calls == 1 and result.status == {"couple": "declined", "warmth": "ok"}


def test_judge_error_costs_only_the_judged_values() -> None:
    result, _ = ask([RuntimeError("connection reset")])
    assert result.error == "RuntimeError: connection reset"
    assert result.values == {"couple": None, "warmth": None}
    assert result.status == {"couple": "error", "warmth": "error"}


def test_judge_settings_reach_the_call() -> None:
    configs: list[GenerateConfig] = []

    def respond(
        messages: list[ChatMessage], tools: Any, choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        configs.append(config)
        return output('{"couple": 0, "warmth": 0}')

    model = get_model("mockllm/model", custom_outputs=respond)
    asyncio.run(ask_judge("x", QS, Judge(temperature=0.3, max_tokens=99), model=model))
    assert configs[0].temperature == 0.3 and configs[0].max_tokens == 99
