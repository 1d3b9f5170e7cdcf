"""Scripted mockllm models for tests; their outputs always set ``usage`` (no tiktoken)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
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


Fail = Callable[[int | None, int], BaseException | None]
Respond = Callable[..., ModelOutput]


def seeded_outputs(
    story: Callable[[int | None], str],
    *,
    model: str = "mockllm/model",
    calls: list[int | None] | None = None,
    fail: Fail | None = None,
) -> Callable[[list[ChatMessage], Any, Any, GenerateConfig], ModelOutput]:
    """``custom_outputs`` for mockllm (or a subclass) answering ``story(seed)``.

    ``story_homogenization(seed=...)`` derives one seed per prompt × epoch, so the
    seed scripts each generation whatever order Inspect runs them in, and a retried
    call gets the same text. Every call's seed is appended to ``calls``; when
    ``fail(seed, n)`` (``n`` = 1-based number of the call) returns an exception,
    the call raises it instead of answering.
    """
    seen: list[int | None] = [] if calls is None else calls

    def respond(
        messages: list[ChatMessage], tools: Any, tool_choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        seen.append(config.seed)
        error = fail(config.seed, len(seen)) if fail is not None else None
        if error is not None:
            raise error
        return output(story(config.seed), model=model)

    return respond


def seeded_model(
    story: Callable[[int | None], str],
    *,
    name: str = "model",
    calls: list[int | None] | None = None,
    fail: Fail | None = None,
) -> Model:
    """A mockllm model (``mockllm/<name>``) answering with :func:`seeded_outputs`."""
    model = f"mockllm/{name}"
    respond = seeded_outputs(story, model=model, calls=calls, fail=fail)
    return get_model(model, custom_outputs=respond)


_QUOTED = re.compile(r"<<<TEXT-(\w+)>>>\n(.*)\n<<<END-\1>>>", re.DOTALL)


def quoted_text(messages: list[ChatMessage]) -> str:
    """The generation a judge prompt quotes between its ``<<<TEXT-…>>>`` markers."""
    user = next(m.text for m in messages if m.role == "user")
    found = _QUOTED.search(user)
    assert found is not None, user[:200]
    return found.group(2)


def eval_with_grader(
    folder: Any, values_yaml: str, stories: Sequence[str], grader: Respond, *, seed: int = 1
) -> EvalLog:
    """``story_homogenization`` on the nurse prompt under a value file written to ``folder``,
    one generation per story, judged by ``grader`` in the ``grader`` model role."""
    from homog_bench.tasks import story_homogenization

    values = folder / "values.yaml"
    values.write_text(values_yaml)
    (log,) = inspect_eval(
        story_homogenization(values=str(values), n=len(stories), prompts="nurse", seed=seed),
        model=scripted_model({"Write a short story about a nurse.": stories}),
        model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
        log_dir=str(folder / "logs"),
        display="none",
    )
    return log


def run_judged(task: Any, model: Model, grader: Respond, log_dir: Any) -> EvalLog:
    """Run ``task`` on ``model`` with ``grader`` in the ``grader`` role; the log must succeed."""
    (log,) = inspect_eval(
        task,
        model=model,
        model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
        log_dir=str(log_dir),
        display="none",
    )
    assert log.status == "success", log.error
    return log


class GenderGrader:
    """A judge answering the three gender questions of ``calibrated_protagonists`` from the
    quoted story's pronoun (She, He, Xe), except that it calls every Rin story a woman (a
    judge that disagrees with the offline reader). ``calls`` holds the texts it read."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, messages: list[ChatMessage], *_: Any) -> ModelOutput:
        text = quoted_text(messages)
        self.calls.append(text)
        woman = int(" She " in f" {text} " or text.startswith("Rin"))
        man = int(" He " in f" {text} " and not text.startswith("Rin"))
        nonbinary = int(" Xe " in f" {text} ")
        return output(
            f'{{"woman_judged": {woman}, "man_judged": {man}, "nonbinary_judged": {nonbinary}}}'
        )


def calibrated_values(folder: Any, fraction: float, least: int, bootstrap: int = 200) -> Any:
    """The bundled ``calibrated_protagonists`` file with another judged ``fraction`` and
    ``min``, written to ``folder``; returns its path."""
    import yaml

    from homog_bench.values import resolve_values

    data = yaml.safe_load(resolve_values("calibrated_protagonists").read_text())
    data["attributes"]["protagonist_gender"]["calibrate"].update(fraction=fraction, min=least)
    data["metrics"]["bootstrap"] = bootstrap
    path = folder / "calibrated.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def scorer_figures(log: EvalLog, index: int = 0) -> dict[str, float]:
    """The figures of the log's ``index``-th score (0: as the eval wrote it, 1: a re-score)."""
    assert log.results is not None
    return {k: v.value for k, v in log.results.scores[index].metrics.items()}  # type: ignore[misc]
