"""The xeno-reproduction ``@task``s: can the model leave its own default?

``xeno_instructed``, ``xeno_values``, ``xeno_contrastive`` and ``xeno_sequential`` each
sample a ``baseline`` arm (the plain prompt) and a ``xeno`` arm (asked, in its own way, to
move away from the default) and are measured against the baseline of the same run, with
the ``xeno_figures`` metric (figures in :mod:`homog_bench.figures.experiments`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser
from inspect_ai.solver import Solver

from homog_bench._compat import user_errors
from homog_bench._errors import HomogBenchError
from homog_bench.evals import params as shared
from homog_bench.evals.metrics import xeno_figures
from homog_bench.evals.params import TaskParams, as_int, shared_args
from homog_bench.evals.prompts import Prompt, user_columns
from homog_bench.evals.scorers import load_values_or_exit, xeno_homogenization
from homog_bench.evals.solvers import contrastive, sample_with_seed, sequential_sets
from homog_bench.evals.tasks import sampled_task
from homog_bench.figures.catalog import ARM, BASELINE, PROMPT_ID, PROMPT_TEXT, XENO
from homog_bench.limits import MAX_K
from homog_bench.values import ValueFile

#: The generic instruction of ``xeno_instructed``: no dimension named.
XENO_INSTRUCTION = (
    "Avoid the most typical choices: do not write the answer most people or most models "
    "would write first. Make choices that are less expected but still fit the request."
)
VALUES_STATEMENT = (
    "You are writing for {stakeholder}. This is what they care about when they read "
    "answers like yours:\n\n{description}\n\nKeep to what the user asks for, and let "
    "these values shape the choices you make."
)
#: Answers shown before the contrastive one; answers per set of ``xeno_sequential``.
CONTRASTIVE_K = 3
SEQUENTIAL_K = 5
SEQUENTIAL_N = 10

#: What a xeno task adds to the shared parameters: its dataset, solver and metadata.
Build = Callable[[ValueFile, TaskParams], tuple[MemoryDataset, Solver, dict[str, Any]]]


def value_statement(value_file: ValueFile) -> str:
    """The stakeholder's values addressed to a model (``xeno_values``'s system message)."""
    return VALUES_STATEMENT.format(
        stakeholder=value_file.context.stakeholder.strip(),
        description=" ".join(value_file.description.split()),
    )


def value_dimensions(value_file: ValueFile) -> str:
    """The dimensions a value file names, in words (for ``xeno_contrastive``).

    >>> from homog_bench.values import load_values
    >>> value_dimensions(load_values("gender_in_stories"))
    'protagonist gender, protagonist name, setting, role'
    """
    names = [a.replace("_", " ") for a in value_file.attributes]
    for s in value_file.structures:
        label = (s.group or s.id).replace("_", " ")
        if not any(label in n for n in names):
            names.append(label)
    return ", ".join(dict.fromkeys(names))


def arm_samples(
    prompts: list[Prompt], xeno_input: Callable[[Prompt], str | list[ChatMessage]], k: int = 1
) -> MemoryDataset:
    """Per prompt, a ``baseline`` sample (the plain prompt) and a ``xeno`` sample.

    With ``k > 1`` each arm has k samples (``position`` 1..k), one per answer of a set.
    """
    samples = []
    for p in prompts:
        for arm in (BASELINE, XENO):
            for position in range(1, k + 1):
                suffix = f":{position}" if k > 1 else ""
                meta = {**user_columns(p), PROMPT_ID: p.id, ARM: arm, PROMPT_TEXT: p.text}
                if k > 1:
                    meta["position"] = position
                samples.append(
                    Sample(
                        id=f"{p.id}:{arm}{suffix}",
                        input=p.text if arm == BASELINE else xeno_input(p),
                        metadata=meta,
                    )
                )
    return MemoryDataset(samples, name="homog_bench_xeno")


def xeno_task(
    kind: str, args: dict[str, Any], unknown: dict[str, Any], extra: list[str], build: Build
) -> Task:
    """Shared parameter checks and task assembly of the xeno-reproduction tasks."""
    with user_errors():
        params = TaskParams.parse(args, unknown, extra)
    value_file = load_values_or_exit(params.values)
    with user_errors():
        dataset, solver, metadata = build(value_file, params)
    # each arm's size lets a calibrated attribute's ``min`` raise its judged fraction, so
    # that every arm (calibrated on its own) gets ``min`` judged generations on average
    arm_generations = len(dataset) // 2 * params.sampling.epochs
    return sampled_task(
        kind,
        dataset,
        solver,
        xeno_homogenization(params.values, arm_generations=arm_generations),
        xeno_figures(),
        params.sampling,
        {
            "experiment": kind,
            "values": value_file.name,
            "prompt_set": params.prompt_set,
            "generations_per_prompt_and_arm": params.sampling.epochs,
            **metadata,
        },
    )


@task
@shared_args
def xeno_instructed(
    values: str = shared.DEFAULT_VALUES,
    n: int = shared.DEFAULT_N,
    prompts: str | list[str] | None = None,
    temperature: float = shared.DEFAULT_TEMPERATURE,
    max_tokens: int = shared.DEFAULT_MAX_TOKENS,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = shared.DEFAULT_PROMPT_FIELD,
    id_field: str = shared.DEFAULT_ID_FIELD,
    split: str = shared.DEFAULT_SPLIT,
    instruction: str = XENO_INSTRUCTION,
    **unknown: Any,
) -> Task:
    """Xeno-reproduction with a generic instruction to avoid the most typical choices.

    Two arms per prompt, ``n`` generations each: ``baseline`` (the plain prompt) and
    ``xeno`` (the prompt followed by ``instruction``, which names no dimension). Figures:
    ``xeno_gain`` (with interval) beside ``xeno_validity``, then changes and per-arm figures.

    Args:
        values: value file (bundled name or path); it says which dimensions are measured.
        n: generations per prompt and arm.
        instruction: the text appended to the prompt in the xeno arm.
    """

    def build(value_file: ValueFile, params: TaskParams) -> Any:
        text = "" if instruction is None else str(instruction).strip()  # -T instruction=
        if not text:
            raise HomogBenchError("-T instruction: expected a non-empty text")
        dataset = arm_samples(params.prompts, lambda p: f"{p.text}\n\n{text}")
        return dataset, sample_with_seed(params.sampling.seed), {"instruction": text}

    return xeno_task("xeno_instructed", dict(locals()), unknown, ["instruction"], build)


@task
@shared_args
def xeno_values(
    values: str = shared.DEFAULT_VALUES,
    n: int = shared.DEFAULT_N,
    prompts: str | list[str] | None = None,
    temperature: float = shared.DEFAULT_TEMPERATURE,
    max_tokens: int = shared.DEFAULT_MAX_TOKENS,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = shared.DEFAULT_PROMPT_FIELD,
    id_field: str = shared.DEFAULT_ID_FIELD,
    split: str = shared.DEFAULT_SPLIT,
    statement: str | None = None,
    **unknown: Any,
) -> Task:
    """Xeno-reproduction with the stakeholder's value statement as a system message.

    Arms ``baseline`` (the plain prompt) and ``xeno`` (the same prompt after a system
    message built from the value file's ``context.stakeholder`` and ``description``, or
    ``statement`` if given). Same figures as ``xeno_instructed``.

    Args:
        values: value file (bundled name or path); its description becomes the statement.
        n: generations per prompt and arm.
        statement: the system message instead of the one built from the value file.
    """

    def build(value_file: ValueFile, params: TaskParams) -> Any:
        text = value_statement(value_file) if statement is None else str(statement).strip()
        if not text:
            raise HomogBenchError("-T statement: expected a non-empty text")

        def xeno_input(p: Prompt) -> list[ChatMessage]:
            return [ChatMessageSystem(content=text), ChatMessageUser(content=p.text)]

        dataset = arm_samples(params.prompts, xeno_input)
        return dataset, sample_with_seed(params.sampling.seed), {"statement": text}

    return xeno_task("xeno_values", dict(locals()), unknown, ["statement"], build)


@task
@shared_args
def xeno_contrastive(
    values: str = shared.DEFAULT_VALUES,
    n: int = shared.DEFAULT_N,
    prompts: str | list[str] | None = None,
    temperature: float = shared.DEFAULT_TEMPERATURE,
    max_tokens: int = shared.DEFAULT_MAX_TOKENS,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = shared.DEFAULT_PROMPT_FIELD,
    id_field: str = shared.DEFAULT_ID_FIELD,
    split: str = shared.DEFAULT_SPLIT,
    k: int = CONTRASTIVE_K,
    **unknown: Any,
) -> Task:
    """Xeno-reproduction by contrast: see k answers, then write one unlike all of them.

    Arm ``baseline``: the plain prompt. Arm ``xeno``: the model first writes ``k`` answers
    to the plain prompt (independent calls), is shown them and asked for one that differs
    from all of them in the dimensions the value file names (its attributes and structure
    groups); that last answer is scored. A xeno generation costs k + 1 model calls.

    Args:
        values: value file (bundled name or path); it names the dimensions to differ in.
        n: generations per prompt and arm.
        k: answers shown before the contrastive one.
    """

    def build(value_file: ValueFile, params: TaskParams) -> Any:
        shown = as_int("k", k, minimum=1, maximum=MAX_K)
        dims = value_dimensions(value_file)
        dataset = arm_samples(params.prompts, lambda p: p.text)
        solver = contrastive(shown, dims, params.sampling.seed)
        return dataset, solver, {"k": shown, "dimensions": dims}

    return xeno_task("xeno_contrastive", dict(locals()), unknown, ["k"], build)


@task
@shared_args
def xeno_sequential(
    values: str = shared.DEFAULT_VALUES,
    n: int = SEQUENTIAL_N,
    prompts: str | list[str] | None = None,
    temperature: float = shared.DEFAULT_TEMPERATURE,
    max_tokens: int = shared.DEFAULT_MAX_TOKENS,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = shared.DEFAULT_PROMPT_FIELD,
    id_field: str = shared.DEFAULT_ID_FIELD,
    split: str = shared.DEFAULT_SPLIT,
    k: int = SEQUENTIAL_K,
    **unknown: Any,
) -> Task:
    """Xeno-reproduction in one conversation: k answers, each unlike the previous ones.

    Per prompt and arm, ``n`` sets of ``k`` answers (one Inspect sample per answer). Arm
    ``xeno``: one conversation per set, each turn asking for an answer that differs from
    all previous ones. Arm ``baseline``: k independent answers to the plain prompt. Besides
    the xeno figures, within-set diversity (``set_*``) compares the two kinds of set.

    Args:
        values: value file (bundled name or path).
        n: sets per prompt and arm.
        k: answers per set (at least 2).
    """

    def build(value_file: ValueFile, params: TaskParams) -> Any:
        size = as_int("k", k, minimum=2, maximum=MAX_K)
        dataset = arm_samples(params.prompts, lambda p: p.text, k=size)
        return dataset, sequential_sets(size, params.sampling.seed), {"k": size}

    return xeno_task("xeno_sequential", dict(locals()), unknown, ["k"], build)
