"""One judge call per generation, one retry on an unusable reply, missing values otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, Model, ModelOutput, get_model

from homog_bench.judge.ask import JudgeResult, answer_format, ask_judge
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


def _recording(
    replies: Sequence[str | Exception],
) -> tuple[Model, list[GenerateConfig]]:
    """A mock judge that records each call's config and answers ``replies`` in order."""
    configs: list[GenerateConfig] = []

    def respond(
        messages: list[ChatMessage], tools: Any, choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        configs.append(config)
        reply = replies[len(configs) - 1]
        if isinstance(reply, Exception):
            raise reply
        return output(reply)

    return get_model("mockllm/model", custom_outputs=respond), configs


def test_mockllm_is_asked_in_text_and_the_record_says_so() -> None:
    model, configs = _recording(['{"couple": 1, "warmth": 0.5}'])
    result = asyncio.run(ask_judge("x", QS, Judge(), model=model))
    assert answer_format(model, Judge()) == "text"
    assert configs[0].response_schema is None and not configs[0].extra_body
    assert result.format == "text" and result.metadata()["format"] == "text"


def test_schema_is_sent_when_asked_for() -> None:
    model, configs = _recording(['{"couple": 0, "warmth": 0.25}'])
    result = asyncio.run(ask_judge("x", QS, Judge(structured="schema"), model=model))
    schema = configs[0].response_schema
    assert schema is not None and schema.strict
    dumped = schema.json_schema.model_dump(exclude_none=True)
    assert dumped["required"] == ["couple", "warmth"]
    assert dumped["properties"]["couple"]["anyOf"][0]["enum"] == [0, 1]
    assert result.format == "schema" and result.values == {"couple": 0.0, "warmth": 0.25}
    assert result.calls == 1


def test_json_object_mode_goes_in_the_request_body() -> None:
    model, configs = _recording(['{"couple": 1, "warmth": 1}'])
    result = asyncio.run(ask_judge("x", QS, Judge(structured="json_object"), model=model))
    body = configs[0].extra_body or {}
    assert body["response_format"]["type"] == "json_object"
    assert set(body["response_format"]["schema"]["properties"]) == {"couple", "warmth"}
    assert configs[0].response_schema is None and result.format == "json_object"


def test_refused_schema_is_retried_once_in_text() -> None:
    model, configs = _recording([RuntimeError("422 response_format"), '{"couple": 1, "warmth": 0}'])
    result = asyncio.run(ask_judge("x", QS, Judge(structured="schema"), model=model))
    assert result.calls == 2 and len(configs) == 2
    assert configs[0].response_schema is not None and configs[1].response_schema is None
    assert result.format == "text (after schema failed)"
    assert result.values == {"couple": 1.0, "warmth": 0.0} and result.error is None


def test_refused_schema_then_failed_text_is_missing_after_two_calls() -> None:
    model, _ = _recording([RuntimeError("422"), RuntimeError("down")])
    result = asyncio.run(ask_judge("x", QS, Judge(structured="schema"), model=model))
    assert result.calls == 2 and result.error == "RuntimeError: down"
    assert result.status == {"couple": "error", "warmth": "error"}


def test_auto_format_follows_the_provider_class() -> None:
    from inspect_ai.model._providers.llama_cpp_python import LlamaCppPythonAPI
    from inspect_ai.model._providers.openai_compatible import OpenAICompatibleAPI
    from inspect_ai.model._providers.vllm import VLLMAPI

    class Fake:
        def __init__(self, api: type) -> None:
            self.api = api.__new__(api)

    auto = Judge()
    assert answer_format(Fake(VLLMAPI), auto) == "schema"  # type: ignore[arg-type]
    assert answer_format(Fake(LlamaCppPythonAPI), auto) == "json_object"  # type: ignore[arg-type]
    assert answer_format(Fake(OpenAICompatibleAPI), auto) == "text"  # type: ignore[arg-type]
    assert answer_format(Fake(VLLMAPI), Judge(structured="text")) == "text"  # type: ignore[arg-type]
