"""The story and branching ``@task``s (the xeno-reproduction tasks: :mod:`.xeno_tasks`).

``story_homogenization``: sample many stories per open-ended prompt and read who
they are about (protagonist gender, name, roles) under a stakeholder value file.
``branching``: fix the start of the answer, vary one choice, see how the default moves.
``dynamics``: continue one trunk from points along it: where does a story commit (figures
in :mod:`homog_bench.figures.dynamics`)?

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
from homog_bench.evals.digest_metric import cross_model_digest
from homog_bench.evals.metrics import branching_figures, dynamics_figures, homogenization_figures
from homog_bench.evals.params import (
    Sampling,
    TaskParams,
    as_choice,
    as_float,
    as_id_list,
    as_int,
    as_optional_bool,
    reject_unknown,
    shared_args,
)
from homog_bench.evals.prompts import Prompt, load_prompts, select_prompts, user_columns
from homog_bench.evals.scorers import dynamics_homogenization, homogenization, load_values_or_exit
from homog_bench.evals.solvers import (
    CUT,
    LOGPROB_MODES,
    PREFILL_MODES,
    TRUNK_TEXT,
    continue_opening,
    continue_trunk,
    sample_with_seed,
)
from homog_bench.evals.trunk_files import CUT_AT, Trunk, load_trunk
from homog_bench.figures.catalog import (
    ARM,
    CUT_ARM,
    DEFAULT_ARM,
    OPENING,
    PROMPT_ID,
    PROMPT_TEXT,
    branch_arm,
)
from homog_bench.figures.dynamics import COMMIT_THRESHOLD
from homog_bench.limits import check_generations


def sampled_task(
    kind: str,
    dataset: MemoryDataset,
    solver: Solver,
    scorer: Scorer,
    metric: Metric | list[Metric],
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
        metrics=list(metric) if isinstance(metric, list) else [metric],
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
    read_worker: bool | str | None = None,
    **unknown: Any,
) -> Task:
    """Sample ``n`` stories per prompt and measure how concentrated their protagonists are.

    Args:
        values: stakeholder value file: a bundled name (``gender_in_stories``,
            ``names_and_cultural_defaults``, ``couples_and_relationships``) or a path.
        n: generations per prompt (Inspect epochs; every generation is kept).
        read_worker: read the stories in a second process (``true``/``false``; the same
            readings). Default ``auto``: from 200 generations on (POSIX, 2+ usable CPUs).
    """
    with user_errors():
        params = TaskParams.parse(locals(), unknown, extra=["read_worker"])
        worker = as_optional_bool("-T read_worker", read_worker)
    value_file = load_values_or_exit(values)
    # the run's size lets a calibrated attribute's ``min`` raise its judged fraction
    generations = len(params.prompts) * params.sampling.epochs
    return sampled_task(
        "story_homogenization",
        prompt_samples(params.prompts),
        sample_with_seed(params.sampling.seed),
        homogenization(values, generations=generations, read_worker=worker),
        [homogenization_figures(), cross_model_digest()],
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
        as_choice("prefill", prefill, PREFILL_MODES)
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
                OPENING: exp.opening(b),
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


# --- dynamics ----------------------------------------------------------------------------

#: ``-T trunk=sample``: the trunk is one story the model writes for the prompt first.
SAMPLED = "sample"
DYNAMICS_PARAMETERS = [
    "trunk", "values", "prompt", "n", "cuts", "cut_at", "temperature", "max_tokens",
    "trunk_tokens", "seed", "prefill", "logprobs", "threshold",
]  # fmt: skip
DYNAMICS_N = 10
DYNAMICS_MAX_TOKENS = 60


@task
def dynamics(
    trunk: str = "nurse_night_shift",
    values: str | None = None,
    prompt: str = "nurse",
    n: int = DYNAMICS_N,
    cuts: int = 4,
    cut_at: str = "words",
    temperature: float = shared.DEFAULT_TEMPERATURE,
    max_tokens: int = DYNAMICS_MAX_TOKENS,
    trunk_tokens: int = 200,
    seed: int | None = None,
    prefill: str = "auto",
    logprobs: str = "auto",
    threshold: float = COMMIT_THRESHOLD,
    **unknown: Any,
) -> Task:
    """Where does a story commit? Continue a trunk from points along it.

    The trunk is cut ``cuts`` times (evenly by words, or at the nearest sentence ends);
    from each prefix the model writes ``n`` continuations (an assistant prefill where the
    provider supports one, else an instruction to continue, as in ``branching``), and
    ``n`` plain answers to the prompt give the default core. Each continuation is scored
    without its prefix. Figures: the commitment point of each attribute (words into the
    trunk) with an interval, drift, pull, and per cut the core, its distance from the
    default and each attribute's entropy. Cost: (cuts + 1) × n generations (+1 for a
    sampled trunk).

    Args:
        trunk: a bundled trunk (``nurse_night_shift``, ``nurse_nonbinary``), a YAML file
            (format in ``datasets/dynamics/README.md``) or ``sample`` (one story the model
            writes for ``prompt`` first, ``trunk_tokens`` long).
        values: value file; defaults to the trunk's (``gender_in_stories`` for ``sample``).
        prompt: with ``trunk=sample``, the bundled prompt id to answer.
        n: continuations per cut point, and plain answers for the default.
        cuts: number of cut points (the last is the end of the trunk).
        cut_at: ``words`` (evenly spaced) or ``sentences`` (nearest sentence ends).
        temperature: sampling temperature.
        max_tokens: maximum tokens per continuation.
        trunk_tokens: maximum tokens of a sampled trunk.
        seed: base seed; each generation gets its own derived seed.
        prefill: ``auto`` (by provider), ``always`` or ``never``.
        logprobs: ask for token log-probabilities: ``auto`` (providers known to return
            them: ``homog-local``, OpenAI-compatible servers), ``always`` or ``never``.
        threshold: dominant-category share that counts as committed, in (0.5, 1].
    """
    with user_errors():
        reject_unknown("-T", unknown, DYNAMICS_PARAMETERS)
        sampling = Sampling.parse(n, temperature, max_tokens, seed)
        n_cuts = as_int("cuts", cuts, minimum=1)
        as_choice("cut_at", cut_at, CUT_AT)
        as_choice("prefill", prefill, PREFILL_MODES)
        as_choice("logprobs", logprobs, LOGPROB_MODES)
        tokens = as_int("trunk_tokens", trunk_tokens, minimum=1)
        tau = as_float("threshold", threshold)
        if not 0.5 < tau <= 1.0:
            raise HomogBenchError(f"-T threshold: expected a share in (0.5, 1], got {threshold!r}")
        source = _trunk_source(str(trunk), str(prompt))
    values_spec = values or source.values or shared.DEFAULT_VALUES
    value_file = load_values_or_exit(values_spec)
    samples = [_cut_sample(source, DEFAULT_ARM, 0)]
    samples += [_cut_sample(source, CUT_ARM, j) for j in range(1, n_cuts + 1)]
    return sampled_task(
        "dynamics",
        MemoryDataset(samples, name=f"homog_bench_dynamics_{source.id}"),
        continue_trunk(n_cuts, cut_at, sampling.seed, prefill, logprobs, tokens),
        dynamics_homogenization(values_spec, tau),
        dynamics_figures(),
        sampling,
        {
            "experiment": "dynamics",
            "trunk": source.id,
            "values": value_file.name,
            "cuts": n_cuts,
            "cut_at": cut_at,
            "prefill": prefill,
            "logprobs": logprobs,
            "generations_per_cut": sampling.epochs,
        },
    )


def _trunk_source(spec: str, prompt: str) -> Trunk:
    """The trunk to cut; for ``sample`` its text is empty (the solver samples it)."""
    if spec != SAMPLED:
        return load_trunk(spec)
    (chosen,) = select_prompts(load_prompts(None), [prompt])
    return Trunk(f"sampled_{chosen.id}", "one story sampled from the model", "", chosen.text, "")


def _cut_sample(source: Trunk, arm: str, cut: int) -> Sample:
    """The default arm (cut 0) or the continuations of cut ``cut`` (1-based)."""
    return Sample(
        id=f"{source.id}:{arm if arm == DEFAULT_ARM else f'cut{cut}'}",
        input=source.prompt,
        metadata={PROMPT_ID: source.id, ARM: arm, CUT: cut, TRUNK_TEXT: source.text},
    )
