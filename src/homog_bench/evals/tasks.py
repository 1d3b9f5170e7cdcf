"""Every ``@task`` of homog-bench.

``story_homogenization``: sample many stories per open-ended prompt and read who
they are about (protagonist gender, name, roles) under a stakeholder value file.

Experiments with arms (figures in :mod:`homog_bench.figures.experiments`):
``xeno_instructed``, ``xeno_values``, ``xeno_contrastive``, ``xeno_sequential`` (can the
model leave its own default, measured against a baseline arm in the same run) and
``branching`` (fix the start of the answer, vary one choice). ``dynamics``: continue one
trunk from points along it (where does a story commit? figures in
:mod:`homog_bench.figures.dynamics`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser, GenerateConfig
from inspect_ai.solver import Solver

from homog_bench import __version__
from homog_bench._compat import user_errors
from homog_bench._errors import HomogBenchError
from homog_bench.eval_info import task_version
from homog_bench.evals.branching_files import load_experiment
from homog_bench.evals.metrics import (
    branching_figures,
    dynamics_figures,
    homogenization_figures,
    xeno_figures,
)
from homog_bench.evals.params import as_float, as_id_list, as_int, as_optional_int, reject_unknown
from homog_bench.evals.prompts import Prompt, load_prompts, select_prompts
from homog_bench.evals.scorers import (
    dynamics_homogenization,
    homogenization,
    load_values_or_exit,
    xeno_homogenization,
)
from homog_bench.evals.solvers import (
    CUT,
    LOGPROB_MODES,
    PREFILL_MODES,
    TRUNK_TEXT,
    continue_opening,
    continue_trunk,
    contrastive,
    sample_with_seed,
    sequential_sets,
)
from homog_bench.evals.trunk_files import CUT_AT, Trunk, load_trunk
from homog_bench.figures.catalog import (
    ARM,
    BASELINE,
    CUT_ARM,
    DEFAULT_ARM,
    PROMPT_ID,
    PROMPT_TEXT,
    XENO,
    branch_arm,
)
from homog_bench.figures.dynamics import COMMIT_THRESHOLD
from homog_bench.values import ValueFile


def prompt_samples(prompts: list[Prompt]) -> MemoryDataset:
    """One Inspect sample per prompt; epochs supply the repeated generations."""
    return MemoryDataset(
        [Sample(id=p.id, input=p.text, metadata={PROMPT_ID: p.id, **p.metadata}) for p in prompts],
        name="homog_bench_prompts",
    )


TASK_PARAMETERS = [
    "values", "n", "prompts", "temperature", "max_tokens", "seed",
    "prompts_from", "prompt_field", "id_field", "split",
]  # fmt: skip


@task
def story_homogenization(
    values: str = "gender_in_stories",
    n: int = 25,
    prompts: str | list[str] | None = None,
    temperature: float = 1.0,
    max_tokens: int = 400,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = "prompt",
    id_field: str = "id",
    split: str = "train",
    **unknown: Any,
) -> Task:
    """Sample ``n`` stories per prompt and measure how concentrated their protagonists are.

    Args:
        values: stakeholder value file: a bundled name (``gender_in_stories``,
            ``names_and_cultural_defaults``, ``couples_and_relationships``) or a path.
        n: generations per prompt (Inspect epochs; every generation is kept).
        prompts: subset of prompt ids, e.g. ``nurse,ceo``.
        temperature: sampling temperature.
        max_tokens: maximum tokens per story.
        seed: base seed; each (prompt, generation) gets its own derived seed.
            Defaults to Inspect's ``--seed`` if given.
        prompts_from: another prompt set: a .jsonl/.json/.csv file, or a Hugging
            Face dataset id pinned to a revision (``owner/name@<revision>``).
        prompt_field: column holding the prompt text in ``prompts_from``.
        id_field: column holding a prompt id in ``prompts_from`` (row number if absent).
        split: dataset split for ``prompts_from``.
    """
    with user_errors():
        reject_unknown("-T", unknown, TASK_PARAMETERS)
        epochs = as_int("n", n, minimum=1)
        config = GenerateConfig(
            temperature=as_float("temperature", temperature, minimum=0.0),
            max_tokens=as_int("max_tokens", max_tokens, minimum=1),
        )
        base_seed = as_optional_int("seed", seed)
        prompt_set = select_prompts(
            load_prompts(prompts_from, prompt_field=prompt_field, id_field=id_field, split=split),
            as_id_list(prompts),
        )
    value_file = load_values_or_exit(values)
    metadata: dict[str, Any] = {
        "homog_bench_version": __version__,
        "values": value_file.name,
        "prompt_set": prompts_from or "stories",
        "generations_per_prompt": epochs,
    }
    return Task(
        version=task_version("story_homogenization"),
        dataset=prompt_samples(prompt_set),
        solver=sample_with_seed(base_seed),
        scorer=homogenization(values),
        metrics=[homogenization_figures()],
        epochs=Epochs(epochs, reducer=[]),
        config=config,
        metadata=metadata,
    )


# --- xeno-reproduction ------------------------------------------------------------------

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
PROMPT_PARAMETERS = [
    "values", "n", "prompts", "temperature", "max_tokens", "seed",
    "prompts_from", "prompt_field", "id_field", "split",
]  # fmt: skip


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
                meta = {**p.metadata, PROMPT_ID: p.id, ARM: arm, PROMPT_TEXT: p.text}
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


def _xeno_task(
    kind: str,
    params: dict[str, Any],
    unknown: dict[str, Any],
    extra: list[str],
    build: Callable[[ValueFile, int | None], tuple[MemoryDataset, Solver, dict[str, Any]]],
) -> Task:
    """Shared parameter checks and task assembly of the xeno-reproduction tasks."""
    with user_errors():
        reject_unknown("-T", unknown, PROMPT_PARAMETERS + extra)
        epochs = as_int("n", params["n"], minimum=1)
        config = GenerateConfig(
            temperature=as_float("temperature", params["temperature"], minimum=0.0),
            max_tokens=as_int("max_tokens", params["max_tokens"], minimum=1),
        )
        base_seed = as_optional_int("seed", params["seed"])
    value_file = load_values_or_exit(params["values"])
    with user_errors():
        dataset, solver, metadata = build(value_file, base_seed)
    return Task(
        version=task_version(kind),
        dataset=dataset,
        solver=solver,
        scorer=xeno_homogenization(params["values"]),
        metrics=[xeno_figures()],
        epochs=Epochs(epochs, reducer=[]),
        config=config,
        metadata={
            "homog_bench_version": __version__,
            "experiment": kind,
            "values": value_file.name,
            "prompt_set": params["prompts_from"] or "stories",
            "generations_per_prompt_and_arm": epochs,
            **metadata,
        },
    )


def _prompts(params: dict[str, Any]) -> list[Prompt]:
    return select_prompts(
        load_prompts(
            params["prompts_from"],
            prompt_field=params["prompt_field"],
            id_field=params["id_field"],
            split=params["split"],
        ),
        as_id_list(params["prompts"]),
    )


@task
def xeno_instructed(
    values: str = "gender_in_stories",
    n: int = 25,
    prompts: str | list[str] | None = None,
    temperature: float = 1.0,
    max_tokens: int = 400,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = "prompt",
    id_field: str = "id",
    split: str = "train",
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
        prompts: subset of prompt ids, e.g. ``nurse,ceo``.
        temperature: sampling temperature.
        max_tokens: maximum tokens per answer.
        seed: base seed; each (sample, generation) gets its own derived seed.
        prompts_from: another prompt set (file or pinned Hugging Face dataset).
        prompt_field: column holding the prompt text in ``prompts_from``.
        id_field: column holding a prompt id in ``prompts_from``.
        split: dataset split for ``prompts_from``.
        instruction: the text appended to the prompt in the xeno arm.
    """
    params = dict(locals())

    def build(value_file: ValueFile, base_seed: int | None) -> Any:
        text = str(instruction).strip()
        if not text:
            raise HomogBenchError("-T instruction: expected a non-empty text")
        dataset = arm_samples(_prompts(params), lambda p: f"{p.text}\n\n{text}")
        return dataset, sample_with_seed(base_seed), {"instruction": text}

    return _xeno_task("xeno_instructed", params, unknown, ["instruction"], build)


@task
def xeno_values(
    values: str = "gender_in_stories",
    n: int = 25,
    prompts: str | list[str] | None = None,
    temperature: float = 1.0,
    max_tokens: int = 400,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = "prompt",
    id_field: str = "id",
    split: str = "train",
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
        prompts: subset of prompt ids, e.g. ``nurse,ceo``.
        temperature: sampling temperature.
        max_tokens: maximum tokens per answer.
        seed: base seed; each (sample, generation) gets its own derived seed.
        prompts_from: another prompt set (file or pinned Hugging Face dataset).
        prompt_field: column holding the prompt text in ``prompts_from``.
        id_field: column holding a prompt id in ``prompts_from``.
        split: dataset split for ``prompts_from``.
        statement: the system message instead of the one built from the value file.
    """
    params = dict(locals())

    def build(value_file: ValueFile, base_seed: int | None) -> Any:
        text = value_statement(value_file) if statement is None else str(statement).strip()
        if not text:
            raise HomogBenchError("-T statement: expected a non-empty text")

        def xeno_input(p: Prompt) -> list[ChatMessage]:
            return [ChatMessageSystem(content=text), ChatMessageUser(content=p.text)]

        dataset = arm_samples(_prompts(params), xeno_input)
        return dataset, sample_with_seed(base_seed), {"statement": text}

    return _xeno_task("xeno_values", params, unknown, ["statement"], build)


@task
def xeno_contrastive(
    values: str = "gender_in_stories",
    n: int = 25,
    prompts: str | list[str] | None = None,
    temperature: float = 1.0,
    max_tokens: int = 400,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = "prompt",
    id_field: str = "id",
    split: str = "train",
    k: int = 3,
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
        prompts: subset of prompt ids, e.g. ``nurse,ceo``.
        temperature: sampling temperature.
        max_tokens: maximum tokens per answer.
        seed: base seed; each (sample, generation, call) gets its own derived seed.
        prompts_from: another prompt set (file or pinned Hugging Face dataset).
        prompt_field: column holding the prompt text in ``prompts_from``.
        id_field: column holding a prompt id in ``prompts_from``.
        split: dataset split for ``prompts_from``.
        k: answers shown before the contrastive one.
    """
    params = dict(locals())

    def build(value_file: ValueFile, base_seed: int | None) -> Any:
        shown = as_int("k", k, minimum=1)
        dims = value_dimensions(value_file)
        dataset = arm_samples(_prompts(params), lambda p: p.text)
        return dataset, contrastive(shown, dims, base_seed), {"k": shown, "dimensions": dims}

    return _xeno_task("xeno_contrastive", params, unknown, ["k"], build)


@task
def xeno_sequential(
    values: str = "gender_in_stories",
    n: int = 10,
    prompts: str | list[str] | None = None,
    temperature: float = 1.0,
    max_tokens: int = 400,
    seed: int | None = None,
    prompts_from: str | None = None,
    prompt_field: str = "prompt",
    id_field: str = "id",
    split: str = "train",
    k: int = 5,
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
        prompts: subset of prompt ids, e.g. ``nurse,ceo``.
        temperature: sampling temperature.
        max_tokens: maximum tokens per answer.
        seed: base seed; each (set, answer) gets its own derived seed.
        prompts_from: another prompt set (file or pinned Hugging Face dataset).
        prompt_field: column holding the prompt text in ``prompts_from``.
        id_field: column holding a prompt id in ``prompts_from``.
        split: dataset split for ``prompts_from``.
        k: answers per set (at least 2).
    """
    params = dict(locals())

    def build(value_file: ValueFile, base_seed: int | None) -> Any:
        size = as_int("k", k, minimum=2)
        dataset = arm_samples(_prompts(params), lambda p: p.text, k=size)
        return dataset, sequential_sets(size, base_seed), {"k": size}

    return _xeno_task("xeno_sequential", params, unknown, ["k"], build)


# --- branching ---------------------------------------------------------------------------

BRANCHING_PARAMETERS = [
    "experiment", "values", "n", "branches", "temperature", "max_tokens", "seed", "prefill",
]  # fmt: skip


@task
def branching(
    experiment: str = "nurse_altar",
    values: str | None = None,
    n: int = 25,
    branches: str | list[str] | None = None,
    temperature: float = 1.0,
    max_tokens: int = 300,
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
        epochs = as_int("n", n, minimum=1)
        config = GenerateConfig(
            temperature=as_float("temperature", temperature, minimum=0.0),
            max_tokens=as_int("max_tokens", max_tokens, minimum=1),
        )
        base_seed = as_optional_int("seed", seed)
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
    return Task(
        version=task_version("branching"),
        dataset=MemoryDataset(samples, name=f"homog_bench_branching_{exp.id}"),
        solver=continue_opening(base_seed, prefill),
        scorer=homogenization(values_spec),
        metrics=[branching_figures()],
        epochs=Epochs(epochs, reducer=[]),
        config=config,
        metadata={
            "homog_bench_version": __version__,
            "experiment": "branching",
            "branching_experiment": exp.id,
            "values": value_file.name,
            "branches": list(dict.fromkeys(chosen)),
            "prefill": prefill,
            "generations_per_branch": epochs,
        },
    )


# --- dynamics ----------------------------------------------------------------------------

#: ``-T trunk=sample``: the trunk is one story the model writes for the prompt first.
SAMPLED = "sample"

DYNAMICS_PARAMETERS = [
    "trunk", "values", "prompt", "n", "cuts", "cut_at", "temperature", "max_tokens",
    "trunk_tokens", "seed", "prefill", "logprobs", "threshold",
]  # fmt: skip


@task
def dynamics(
    trunk: str = "nurse_night_shift",
    values: str | None = None,
    prompt: str = "nurse",
    n: int = 10,
    cuts: int = 4,
    cut_at: str = "words",
    temperature: float = 1.0,
    max_tokens: int = 60,
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
        epochs = as_int("n", n, minimum=1)
        n_cuts = as_int("cuts", cuts, minimum=1)
        if cut_at not in CUT_AT:
            raise HomogBenchError(f"-T cut_at: expected one of {', '.join(CUT_AT)}, got {cut_at!r}")
        config = GenerateConfig(
            temperature=as_float("temperature", temperature, minimum=0.0),
            max_tokens=as_int("max_tokens", max_tokens, minimum=1),
        )
        tokens = as_int("trunk_tokens", trunk_tokens, minimum=1)
        base_seed = as_optional_int("seed", seed)
        for name, mode, modes in (
            ("prefill", prefill, PREFILL_MODES),
            ("logprobs", logprobs, LOGPROB_MODES),
        ):
            if mode not in modes:
                raise HomogBenchError(
                    f"-T {name}: expected one of {', '.join(modes)}, got {mode!r}"
                )
        tau = as_float("threshold", threshold)
        if not 0.5 < tau <= 1.0:
            raise HomogBenchError(f"-T threshold: expected a share in (0.5, 1], got {threshold!r}")
        source = _trunk_source(str(trunk), str(prompt))
    values_spec = values or source.values
    value_file = load_values_or_exit(values_spec)
    samples = [_sample(source, DEFAULT_ARM, 0)]
    samples += [_sample(source, CUT_ARM, j) for j in range(1, n_cuts + 1)]
    return Task(
        version=task_version("dynamics"),
        dataset=MemoryDataset(samples, name=f"homog_bench_dynamics_{source.id}"),
        solver=continue_trunk(n_cuts, cut_at, base_seed, prefill, logprobs, tokens),
        scorer=dynamics_homogenization(values_spec, tau),
        metrics=[dynamics_figures()],
        epochs=Epochs(epochs, reducer=[]),
        config=config,
        metadata={
            "homog_bench_version": __version__,
            "experiment": "dynamics",
            "trunk": source.id,
            "values": value_file.name,
            "cuts": n_cuts,
            "cut_at": cut_at,
            "prefill": prefill,
            "logprobs": logprobs,
            "generations_per_cut": epochs,
        },
    )


def _trunk_source(spec: str, prompt: str) -> Trunk:
    """The trunk to cut; for ``sample`` its text is empty (the solver samples it)."""
    if spec != SAMPLED:
        return load_trunk(spec)
    (chosen,) = select_prompts(load_prompts(None), [prompt])
    return Trunk(
        f"sampled_{chosen.id}",
        "one story sampled from the model",
        "gender_in_stories",
        chosen.text,
        "",
    )


def _sample(source: Trunk, arm: str, cut: int) -> Sample:
    return Sample(
        id=f"{source.id}:{arm if arm == DEFAULT_ARM else f'cut{cut}'}",
        input=source.prompt,
        metadata={
            PROMPT_ID: source.id,
            ARM: arm,
            CUT: cut,
            TRUNK_TEXT: source.text,
        },
    )
