"""Scripted mockllm models for experiment tasks: answers chosen from the whole conversation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
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


PRONOUNS = {
    "woman": ("She", "she", "her"),
    "man": ("He", "he", "his"),
    "nonbinary": ("Xe", "xe", "xyr"),
}


def story(name: str, gender: str) -> str:
    """A valid 32-word nurse story (care work = 1) whose protagonist is ``gender``."""
    cap, subj, poss = PRONOUNS[gender]
    return (
        f"{name} the nurse woke before dawn. {cap} packed {poss} bag and walked to the "
        f"harbor, where {subj} watched the boats come in. By noon {subj} had decided to stay "
        f"one more day and write a letter to an old friend."
    )


def run_scripted(tmp: Any, task: Task, stories: Mapping[str, Sequence[str]], key: Key) -> EvalLog:
    """Run ``task`` on :func:`conversation_model`; the log must succeed."""
    (log,) = inspect_eval(
        task, model=conversation_model(stories, key), log_dir=str(tmp), display="none"
    )
    assert log.status == "success", log.error
    return log


def metric_figures(log: EvalLog) -> dict[str, float]:
    """The figures of the log's single scorer."""
    assert log.results is not None
    (score,) = log.results.scores
    return {k: v.value for k, v in score.metrics.items()}
