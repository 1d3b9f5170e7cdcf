"""The story and branching ``@task``s (the xeno-reproduction tasks: :mod:`.xeno_tasks`).

``story_homogenization``: sample many stories per open-ended prompt and read who
they are about (protagonist gender, name, roles) under a stakeholder value file.
``branching``: fix the start of the answer, vary one choice, see how the default moves.

Each task chooses its metric (``Task(metrics=...)``): the log records it, so re-scoring
keeps the task's figures.
"""

from __future__ import annotations

from typing import Any

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Metric, Scorer
from inspect_ai.solver import Solver

from homog_bench import __version__
from homog_bench._compat import user_errors
from homog_bench._errors import HomogBenchError
from homog_bench.eval_info import task_version
from homog_bench.evals import params as shared
from homog_bench.evals.branching_files import load_experiment
from homog_bench.evals.metrics import branching_figures, homogenization_figures
from homog_bench.evals.params import Sampling, TaskParams, as_id_list, reject_unknown, shared_args
from homog_bench.evals.prompts import Prompt, user_columns
from homog_bench.evals.scorers import homogenization, load_values_or_exit
from homog_bench.evals.solvers import PREFILL_MODES, continue_opening, sample_with_seed
from homog_bench.figures.catalog import ARM, PROMPT_ID, PROMPT_TEXT, branch_arm
from homog_bench.limits import check_generations


def sampled_task(
    kind: str,
    dataset: MemoryDataset,
    solver: Solver,
    scorer: Scorer,
    metric: Metric,
    sampling: Sampling,
    metadata: dict[str, Any],
) -> Task:
    """A homog-bench task: every generation kept (Inspect epochs, no reducer), the task's
    own metric, its version from ``eval.yaml`` and the package version in its metadata."""
    with user_errors():
        check_generations(len(dataset), sampling.epochs)
    return Task(
        version=task_version(kind),
        dataset=dataset,
        solver=solver,
        scorer=scorer,
        metrics=[metric],
        epochs=Epochs(sampling.epochs, reducer=[]),
        config=sampling.config,
        metadata={"homog_bench_version": __version__, **metadata},
    )


def prompt_samples(prompts: list[Prompt]) -> MemoryDataset:
    """One Inspect sample per prompt; epochs supply the repeated generations."""
    return MemoryDataset(
        [
            Sample(id=p.id, input=p.text, metadata={**user_columns(p), PROMPT_ID: p.id})
            for p in prompts
        ],
        name="homog_bench_prompts",
    )


@task
@shared_args
def story_homogenization(
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
    **unknown: Any,
) -> Task:
    """Sample ``n`` stories per prompt and measure how concentrated their protagonists are.

    Args:
        values: stakeholder value file: a bundled name (``gender_in_stories``,
            ``names_and_cultural_defaults``, ``couples_and_relationships``) or a path.
        n: generations per prompt (Inspect epochs; every generation is kept).
    """
    with user_errors():
        params = TaskParams.parse(locals(), unknown)
    value_file = load_values_or_exit(values)
    # the run's size lets a calibrated attribute's ``min`` raise its judged fraction
    generations = len(params.prompts) * params.sampling.epochs
    return sampled_task(
        "story_homogenization",
        prompt_samples(params.prompts),
        sample_with_seed(params.sampling.seed),
        homogenization(values, generations=generations),
        homogenization_figures(),
        params.sampling,
        {
            "values": value_file.name,
            "prompt_set": params.prompt_set,
            "generations_per_prompt": params.sampling.epochs,
        },
    )


BRANCHING_PARAMETERS = [
    "experiment", "values", "n", "branches", "temperature", "max_tokens", "seed", "prefill",
]  # fmt: skip
BRANCHING_MAX_TOKENS = 300


@task
def branching(
    experiment: str = "nurse_altar",
    values: str | None = None,
    n: int = shared.DEFAULT_N,
    branches: str | list[str] | None = None,
    temperature: float = shared.DEFAULT_TEMPERATURE,
    max_tokens: int = BRANCHING_MAX_TOKENS,
    seed: int | None = None,
    prefill: str = "auto",
    **unknown: Any,
) -> Task:
    """Fix the start of the answer (trunk + branch) and see how the default moves.

    Each branch of the experiment is sampled ``n`` times; the answer begins with
    ``<trunk> <branch>``, sent as an assistant prefill where the provider supports one
    (``anthropic``, ``homog-local``) or else as an instruction to continue the opening
    (``metadata["prefill_mode"]`` of each sample says which). The continuation is scored.
    Figures per branch (``branch:<id>/…``) and between branches
    (``core_distance_<a>_vs_<b>`` with an interval, ``core_shift_<a>_vs_<b>_<structure>``).

    Args:
        experiment: a bundled experiment (``nurse_altar``, ``ceo_phone_call``) or a path.
        values: value file; defaults to the one the experiment names.
        n: generations per branch.
        branches: subset of branch ids (at least two), e.g. ``his,her``.
        temperature: sampling temperature.
        max_tokens: maximum tokens per continuation.
        seed: base seed; each (branch, generation) gets its own derived seed.
        prefill: ``auto`` (by provider), ``always`` or ``never``.
    """
    with user_errors():
        reject_unknown("-T", unknown, BRANCHING_PARAMETERS)
        exp = load_experiment(str(experiment))
        sampling = Sampling.parse(n, temperature, max_tokens, seed)
        if prefill not in PREFILL_MODES:
            raise HomogBenchError(
                f"-T prefill: expected one of {', '.join(PREFILL_MODES)}, got {prefill!r}"
            )
        chosen = as_id_list(branches, "branches") or list(exp.branches)
        stray = [b for b in chosen if b not in exp.branches]
        if stray:
            raise HomogBenchError(
                f"-T branches: {stray[0]!r} is not a branch of {exp.id} "
                f"(branches: {', '.join(exp.branches)})"
            )
        if len(set(chosen)) < 2:
            raise HomogBenchError("-T branches: expected at least two branches")
    values_spec = values or exp.values
    value_file = load_values_or_exit(values_spec)
    samples = [
        Sample(
            id=f"{exp.id}:{b}",
            input=exp.prompt,
            metadata={
                PROMPT_ID: exp.id,
                ARM: branch_arm(b),
                "branch": b,
                "opening": exp.opening(b),
                PROMPT_TEXT: exp.prompt,
            },
        )
        for b in dict.fromkeys(chosen)
    ]
    return sampled_task(
        "branching",
        MemoryDataset(samples, name=f"homog_bench_branching_{exp.id}"),
        continue_opening(sampling.seed, prefill),
        homogenization(values_spec),
        branching_figures(),
        sampling,
        {
            "experiment": "branching",
            "branching_experiment": exp.id,
            "values": value_file.name,
            "branches": list(dict.fromkeys(chosen)),
            "prefill": prefill,
            "generations_per_branch": sampling.epochs,
        },
    )
