"""Scripted mockllm models for experiment tasks: answers chosen from the whole conversation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, Model, ModelOutput, get_model

from scripted import output

Key = Callable[[list[ChatMessage]], str]


def conversation_model(stories: Mapping[str, Sequence[str]], key: Key) -> Model:
    """Answer each call with the next story listed under ``key(messages)`` (usage set).

    ``key`` sees the whole conversation (system message, prefill, earlier turns), so a
    test can script the arms and turns of an experiment.
    """
    cursor: dict[str, int] = defaultdict(int)

    def respond(
        messages: list[ChatMessage], tools: Any, tool_choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        k = key(messages)
        texts = stories[k]
        i = cursor[k]
        cursor[k] += 1
        return output(texts[i % len(texts)])

    return get_model("mockllm/model", custom_outputs=respond)
