"""Scripted mockllm models for tests; their outputs always set ``usage`` (no tiktoken)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, Model, ModelOutput, ModelUsage, get_model


def output(text: str, model: str = "mockllm/model") -> ModelOutput:
    """A ModelOutput with explicit usage (mockllm would otherwise call tiktoken)."""
    out = ModelOutput.from_content(model=model, content=text)
    words = max(1, len(text.split()))
    out.usage = ModelUsage(input_tokens=12, output_tokens=words, total_tokens=12 + words)
    return out


def scripted_model(
    stories: Mapping[str, Sequence[str]], *, keyed_by: str = "prompt", name: str = "model"
) -> Model:
    """A mockllm model (``mockllm/<name>``) that answers each prompt with its next story.

    ``stories`` maps the user prompt text to the list of outputs for its epochs;
    the order inside one prompt is the order of calls.
    """
    cursor: dict[str, int] = defaultdict(int)

    def respond(
        messages: list[ChatMessage], tools: Any, tool_choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        prompt = next(m.text for m in messages if m.role == "user")
        texts = stories[prompt]
        i = cursor[prompt]
        cursor[prompt] += 1
        return output(texts[i % len(texts)], model=f"mockllm/{name}")

    return get_model(f"mockllm/{name}", custom_outputs=respond)
