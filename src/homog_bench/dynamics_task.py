"""Inspect adapters of the ``dynamics`` task: solver, scorer, metric and the task itself.

A trunk (a bundled or supplied text, or one story sampled from the model) is cut at
points along it; from each prefix the model writes ``n`` continuations, and ``n`` plain
answers to the prompt give the default. Figures: :mod:`homog_bench.dynamics_figures`.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from typing import Any

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageUser, GenerateConfig, get_model
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, Value, metric, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from homog_bench import __version__
from homog_bench._compat import user_errors
from homog_bench._errors import HomogBenchError
from homog_bench.aggregate import Settings
from homog_bench.dynamics_figures import (
    COMMIT_THRESHOLD,
    CUT_ARM,
    DEFAULT_ARM,
    DynamicsGeneration,
    dynamics_figures,
)
from homog_bench.eval_info import task_version
from homog_bench.metrics import METADATA_KEY, scored_generations
from homog_bench.params import as_float, as_int, as_optional_int, reject_unknown
from homog_bench.prompts import load_prompts, select_prompts
from homog_bench.scorers import homogenization, load_values_or_exit
from homog_bench.solvers import (
    LOGPROB_MODES,
    PREFILL_MODES,
    continue_opening,
    seeded_config,
    wants_logprobs,
)
from homog_bench.structures.reader import SystemReader
from homog_bench.trunks import CUT_AT, Trunk, cut_points, load_trunk

logger = logging.getLogger(__name__)

#: ``-T trunk=sample``: the trunk is one story the model writes for the prompt first.
SAMPLED = "sample"


@solver
def continue_trunk(
    cuts: int,
    cut_at: str = "words",
    seed: int | None = None,
    prefill: str = "auto",
    logprobs: str = "auto",
    trunk_tokens: int = 200,
) -> Solver:
    """Default arm: a plain answer. Cut arm: continue the trunk's prefix at cut
    ``metadata["cut"]`` (1-based) with :func:`~homog_bench.solvers.continue_opening`.

    The trunk is ``metadata["trunk_text"]``, or, when that is empty, one story sampled
    once for the prompt (seeded, shared by every sample). ``metadata["position"]`` (words
    of the trunk before the continuation) and ``metadata["opening"]`` (the prefix) are set.
    """
    sampled: dict[str, asyncio.Task[str]] = {}
    inner = continue_opening(seed, prefill, logprobs)

    async def sample_trunk(prompt: str) -> str:
        config = seeded_config(seed, "trunk", 0).merge(GenerateConfig(max_tokens=trunk_tokens))
        out = await get_model().generate([ChatMessageUser(content=prompt)], config=config)
        return " ".join(out.completion.split())

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if state.metadata.get("arm") == DEFAULT_ARM:
            config = seeded_config(seed, str(state.sample_id), state.epoch)
            if wants_logprobs(logprobs, get_model()):
                config = config.merge(GenerateConfig(logprobs=True))
            return await generate(state, **config.model_dump(exclude_none=True))
        text = str(state.metadata.get("trunk_text") or "")
        if not text:
            if SAMPLED not in sampled:
                sampled[SAMPLED] = asyncio.ensure_future(sample_trunk(state.input_text))
            text = await asyncio.shield(sampled[SAMPLED])
            state.metadata["trunk_text"] = text
        points = cut_points(text, cuts, cut_at) if text else []
        if not points:
            raise HomogBenchError("trunk: the sampled trunk is empty; nothing to continue")
        # a short sampled trunk can give fewer cuts: the extra samples share the last one
        point = points[min(int(state.metadata["cut"]), len(points)) - 1]
        state.metadata["position"] = point.words
        state.metadata["opening"] = point.prefix
        return await inner(state, generate)

    return solve


@metric(name="dynamics_figures", scores="unreduced")
def dynamics_metric() -> Metric:
    """Commitment point, drift, pull and the core along the trunk (never raises)."""

    def compute(scores: list[SampleScore]) -> Value:
        try:
            gens, settings = dynamics_generations(scores)
            if settings is None:
                return {"n_generations": 0.0}
            threshold = _threshold(scores)
            return dict(dynamics_figures(gens, settings, threshold))
        except Exception:  # a metric that raises loses the whole log's samples
            logger.exception("homog-bench: dynamics figures of %d scores failed", len(scores))
            return {"aggregation_failed": 1.0}

    return compute


def _threshold(scores: Sequence[SampleScore]) -> float:
    for s in scores:
        meta = (s.score.metadata or {}).get(METADATA_KEY) or {}
        if "threshold" in meta:
            return float(meta["threshold"])
    return COMMIT_THRESHOLD


def dynamics_generations(
    scores: Sequence[SampleScore],
) -> tuple[list[DynamicsGeneration], Settings | None]:
    """Scores written by :func:`dynamics_homogenization` as plain records."""
    out: list[DynamicsGeneration] = []
    found, settings = scored_generations(scores)
    for gen, meta, _ in found:
        logprob = meta.get("logprob") or {}
        prefix = meta.get("prefix_system")
        out.append(
            DynamicsGeneration(
                arm=str(gen.arm or DEFAULT_ARM),
                position=meta.get("position"),
                system=gen.system,
                attributes=gen.attributes,
                prefix_system=None
                if prefix is None
                else [math.nan if v is None else float(v) for v in prefix],
                logprob_mean=logprob.get("mean"),
                logprob_sum=logprob.get("sum"),
                text=gen.text,
            )
        )
    return out, settings


@scorer(metrics=[dynamics_metric()])
def dynamics_homogenization(
    values: str = "gender_in_stories", threshold: float = COMMIT_THRESHOLD, **unknown: Any
) -> Scorer:
    """The ``homogenization`` scorer, plus the cut position and the system of the prefix
    read on its own (offline structures only; judged ones are missing)."""
    inner = homogenization(values, **unknown)
    with user_errors():
        reader = SystemReader(load_values_or_exit(values))

    async def score(state: TaskState, target: Target) -> Score:
        result = await inner(state, target)
        if result is None:  # pragma: no cover - the inner scorer always scores
            raise RuntimeError("homogenization returned no score")
        meta = dict((result.metadata or {}).get(METADATA_KEY) or {})
        meta["threshold"] = float(threshold)
        position = state.metadata.get("position")
        if meta.get("arm") == CUT_ARM and position is not None:
            meta["position"] = int(position)
            prefix = reader.read(str(state.metadata.get("opening", "")), {}).system
            meta["prefix_system"] = [None if math.isnan(a) else a for a in prefix]
        result.metadata = {**(result.metadata or {}), METADATA_KEY: meta}
        return result

    return score


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
            "prompt_id": source.id,
            "arm": arm,
            "cut": cut,
            "trunk_text": source.text,
        },
    )
