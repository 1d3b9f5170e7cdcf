"""The shared task parameters: parsed once, documented once, in every task's docstring."""

from __future__ import annotations

import inspect

import pytest

from homog_bench import tasks
from homog_bench._errors import HomogBenchError
from homog_bench.evals.params import TASK_PARAMETERS, TaskParams


@pytest.mark.parametrize("name", tasks.__all__)
def test_every_parameter_of_every_task_is_documented(name: str) -> None:
    task = getattr(tasks, name)
    doc = inspect.getdoc(task) or ""
    params = [p for p in inspect.signature(task).parameters if p != "unknown"]
    missing = [p for p in params if f"\n    {p}: " not in doc]
    assert not missing, f"{name}: undocumented {missing}"


def test_prompt_set_tasks_take_the_shared_parameters_with_one_set_of_defaults() -> None:
    defaults = {}
    for name in ("story_homogenization", "xeno_instructed", "xeno_values", "xeno_contrastive"):
        signature = inspect.signature(getattr(tasks, name)).parameters
        assert list(signature)[: len(TASK_PARAMETERS)] == list(TASK_PARAMETERS)
        defaults[name] = [signature[p].default for p in TASK_PARAMETERS]
    assert len({tuple(map(repr, d)) for d in defaults.values()}) == 1


def _args(**changed: object) -> dict[str, object]:
    args: dict[str, object] = {
        "values": "gender_in_stories", "n": "3", "prompts": "nurse,ceo", "temperature": 0.5,
        "max_tokens": 50, "seed": "7", "prompts_from": None, "prompt_field": "prompt",
        "id_field": "id", "split": "train",
    }  # fmt: skip
    return {**args, **changed}


def test_parse_checks_and_converts() -> None:
    params = TaskParams.parse(_args(), {})
    assert params.sampling.epochs == 3 and params.sampling.seed == 7
    assert params.sampling.config.temperature == 0.5
    assert [p.id for p in params.prompts] == ["nurse", "ceo"]
    assert params.prompt_set == "stories"


@pytest.mark.parametrize(
    ("changed", "unknown", "message"),
    [
        ({"n": 0}, {}, "-T n: expected an integer >= 1, got 0"),
        ({"temperature": "hot"}, {}, "-T temperature: expected a number, got 'hot'"),
        ({}, {"nn": 1}, "-T nn: unknown parameter; expected one of: values, n,"),
        ({}, {"k": 1}, "-T k: unknown parameter"),
    ],
)
def test_parse_errors_name_the_parameter(
    changed: dict[str, object], unknown: dict[str, object], message: str
) -> None:
    with pytest.raises(HomogBenchError, match=message.replace("[", r"\[")):
        TaskParams.parse(_args(**changed), unknown)


def test_the_error_lists_the_tasks_own_options() -> None:
    with pytest.raises(HomogBenchError, match=r"-T kk: unknown parameter; .*, split, k$"):
        TaskParams.parse(_args(), {"kk": 1}, extra=["k"])
