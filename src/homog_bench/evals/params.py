"""``-T``/``-S`` parameters: their defaults, their checks, and the shared ones parsed once.

Inspect passes ``-T`` values through ``yaml.safe_load``; each check gives a one-line error
naming the parameter. The ten parameters every prompt-set task takes
(:data:`TASK_PARAMETERS`) are parsed once into :class:`TaskParams`; their documentation
is written once (:data:`SHARED_ARGS`) and added to each task's docstring by
:func:`shared_args`.

>>> as_id_list("nurse,ceo"), as_id_list(["nurse"]), as_id_list(None)
(['nurse', 'ceo'], ['nurse'], None)
>>> as_int("n", 25, minimum=1)
25
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from inspect_ai.model import GenerateConfig

from homog_bench._errors import HomogBenchError
from homog_bench.evals.prompts import BUNDLED_STORIES, Prompt, load_prompts, select_prompts
from homog_bench.limits import MAX_N

#: Defaults of the shared task parameters.
DEFAULT_VALUES = "gender_in_stories"
DEFAULT_N = 25
DEFAULT_TEMPERATURE = 1.0
DEFAULT_MAX_TOKENS = 400
DEFAULT_PROMPT_FIELD = "prompt"
DEFAULT_ID_FIELD = "id"
DEFAULT_SPLIT = "train"

#: The parameters of every task that samples a prompt set (the names ``-T`` accepts).
TASK_PARAMETERS = (
    "values", "n", "prompts", "temperature", "max_tokens", "seed",
    "prompts_from", "prompt_field", "id_field", "split",
)  # fmt: skip

#: Documentation of the shared parameters, added to each task's ``Args:`` by :func:`shared_args`.
SHARED_ARGS = """\
prompts: subset of prompt ids, e.g. ``nurse,ceo``.
temperature: sampling temperature.
max_tokens: maximum tokens per answer.
seed: base seed; each (sample, generation, call) gets its own derived seed.
    Defaults to Inspect's ``--seed`` if given.
prompts_from: another prompt set: a .jsonl/.json/.csv file, or a Hugging
    Face dataset id pinned to a revision (``owner/name@<revision>``).
prompt_field: column holding the prompt text in ``prompts_from``.
id_field: column holding a prompt id in ``prompts_from`` (row number if absent).
split: dataset split for ``prompts_from``.
"""

F = TypeVar("F", bound=Callable[..., Any])


def shared_args(task_function: F) -> F:
    """Add :data:`SHARED_ARGS` after the ``n:`` line of a task's ``Args:`` section.

    >>> @shared_args
    ... def t(values: str, n: int) -> None:
    ...     \"\"\"A task.
    ...
    ...     Args:
    ...         values: value file.
    ...         n: generations per prompt.
    ...     \"\"\"
    >>> "        split: dataset split for ``prompts_from``." in (t.__doc__ or "")
    True
    """
    doc = task_function.__doc__ or ""
    lines = doc.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("n:"))
    while at + 1 < len(lines) and lines[at + 1].startswith(" " * 12):
        at += 1  # the n: entry's continuation lines
    indent = " " * 8
    block = [indent + line + "\n" for line in SHARED_ARGS.splitlines()]
    task_function.__doc__ = "".join(lines[: at + 1] + block + lines[at + 1 :])
    return task_function


@dataclass(frozen=True)
class Sampling:
    """How each prompt is sampled: generations (Inspect epochs), config and base seed."""

    epochs: int
    config: GenerateConfig
    seed: int | None

    @staticmethod
    def parse(n: Any, temperature: Any, max_tokens: Any, seed: Any) -> Sampling:
        """Check the sampling parameters (one-line errors naming them)."""
        return Sampling(
            epochs=as_int("n", n, minimum=1, maximum=MAX_N),
            config=GenerateConfig(
                temperature=as_float("temperature", temperature, minimum=0.0),
                max_tokens=as_int("max_tokens", max_tokens, minimum=1),
            ),
            seed=as_optional_int("seed", seed),
        )


@dataclass(frozen=True)
class TaskParams:
    """The shared parameters of a prompt-set task, checked (see :data:`TASK_PARAMETERS`)."""

    values: str
    sampling: Sampling
    prompts: list[Prompt]
    prompt_set: str  # ``stories`` (bundled) or ``prompts_from``

    @staticmethod
    def parse(
        args: Mapping[str, Any], unknown: Mapping[str, Any], extra: Sequence[str] = ()
    ) -> TaskParams:
        """From a task's arguments (its ``locals()``) and its ``**unknown`` (any is an
        error); ``extra``: the task's own parameter names, listed in that error."""
        reject_unknown("-T", dict(unknown), [*TASK_PARAMETERS, *extra])
        sampling = Sampling.parse(args["n"], args["temperature"], args["max_tokens"], args["seed"])
        source = args["prompts_from"]
        loaded = load_prompts(
            source,
            prompt_field=args["prompt_field"],
            id_field=args["id_field"],
            split=args["split"],
        )
        return TaskParams(
            values=str(args["values"]),
            sampling=sampling,
            prompts=select_prompts(loaded, as_id_list(args["prompts"])),
            prompt_set=source or BUNDLED_STORIES,
        )


def as_id_list(value: Any, name: str = "prompts") -> list[str] | None:
    """A comma-separated string or a list → list of ids; None/empty → None."""
    if value is None or value == "" or value == []:
        return None
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise HomogBenchError(f"-T {name}: expected ids separated by commas, got {value!r}")
    out = [str(v).strip() for v in items if str(v).strip()]
    return out or None


def as_int(name: str, value: Any, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer parameter, with a one-line error naming it.

    >>> as_int("n", 100_000_000, minimum=1, maximum=10_000)
    Traceback (most recent call last):
    homog_bench._errors.HomogBenchError: -T n: expected an integer <= 10000, got 100000000
    """
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            raise HomogBenchError(f"-T {name}: expected an integer, got {value!r}") from None
    if minimum is not None and value < minimum:
        raise HomogBenchError(f"-T {name}: expected an integer >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise HomogBenchError(f"-T {name}: expected an integer <= {maximum}, got {value}")
    return int(value)


def as_float(name: str, value: Any, minimum: float | None = None) -> float:
    """A number parameter, with a one-line error naming it."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise HomogBenchError(f"-T {name}: expected a number, got {value!r}") from None
    if isinstance(value, bool) or number != number:
        raise HomogBenchError(f"-T {name}: expected a number, got {value!r}")
    if minimum is not None and number < minimum:
        raise HomogBenchError(f"-T {name}: expected a number >= {minimum}, got {number}")
    return number


def reject_unknown(where: str, unknown: dict[str, Any], known: list[str]) -> None:
    """A misspelled ``-T``/``-S`` name is an error, not a silent fallback to a default.

    >>> reject_unknown("-T", {"nn": 3}, ["n", "values"])
    Traceback (most recent call last):
    homog_bench._errors.HomogBenchError: -T nn: unknown parameter; expected one of: n, values
    """
    if unknown:
        name = sorted(unknown)[0]
        raise HomogBenchError(
            f"{where} {name}: unknown parameter; expected one of: {', '.join(known)}"
        )


def as_choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """One of ``choices``, with a one-line error naming the parameter.

    >>> as_choice("prefill", "auto", ("auto", "never"))
    'auto'
    """
    if value not in choices:
        raise HomogBenchError(f"-T {name}: expected one of {', '.join(choices)}, got {value!r}")
    return str(value)


def as_optional_int(name: str, value: Any) -> int | None:
    """An integer or None."""
    return None if value is None or value == "" else as_int(name, value)


def as_optional_bool(name: str, value: Any) -> bool | None:
    """True, False or None ("auto"), from a bool or the strings ``-S``/``-T`` pass.

    >>> as_optional_bool("-S read_worker", "false"), as_optional_bool("-S read_worker", "auto")
    (False, None)
    """
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("auto", ""):
        return None
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise HomogBenchError(f"{name}: expected true, false or auto, got {value!r}")
