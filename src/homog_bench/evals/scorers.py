"""Inspect ``@scorer`` adapters: one generation → Λ(x), attribute categories, explanation.

``Score.value`` is a flat dict (structure id → α, attribute → category,
``quality`` → label, and for a sample of a xeno arm ``validity``); vectors and the value
file's parameters travel in ``Score.metadata["homog_bench"]`` where the metric reads them.

``homogenization``, ``xeno_homogenization`` and ``dynamics_homogenization`` read the same
way; they differ in the metric they bring (story, xeno or dynamics figures), which is what
``inspect score --action append`` uses. A task sets its own metric (``Task(metrics=...)``),
which re-scoring into a new or overwritten log keeps.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import anyio
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState

from homog_bench._compat import user_errors
from homog_bench._errors import HomogBenchError
from homog_bench.embeddings.codec import encode_vector
from homog_bench.evals.digest_metric import cross_model_digest
from homog_bench.evals.metrics import dynamics_figures, homogenization_figures, xeno_figures
from homog_bench.evals.params import as_float, as_optional_bool, as_optional_int, reject_unknown
from homog_bench.figures.calibrated import judge_category
from homog_bench.figures.catalog import (
    ARM,
    BASELINE,
    CALIBRATION,
    CUT_ARM,
    LOGPROB,
    METADATA_KEY,
    OPENING,
    POSITION,
    PREFIX_SYSTEM,
    PROMPT_ID,
    PROMPT_TEXT,
    SET,
    THRESHOLD,
    VALIDITY,
    XENO,
)
from homog_bench.figures.dynamics import COMMIT_THRESHOLD
from homog_bench.figures.records import AttributeSpec, Settings
from homog_bench.figures.validity import validity
from homog_bench.judge.ask import JudgeResult, ask_judge
from homog_bench.judge.check import check_judge
from homog_bench.judge.prompt import Question
from homog_bench.judge.sampling import is_judged, threshold
from homog_bench.measures.probability import sequence_logprob
from homog_bench.structures.reader import MISSING, External, Reading, SystemReader
from homog_bench.structures.worker import shared_worker, worth_a_worker
from homog_bench.values import ValueFile, load_values
from homog_bench.values.schema import CategoricalStructure, GradedStructure, RegexStructure

#: From this many generations on, ``homogenization`` reads in a second process by default
#: (on POSIX, with two usable CPUs): below it, the worker's start-up (about a second of the
#: other core) is not worth it.
WORKER_MIN_GENERATIONS = 200


def settings_from_values(values: ValueFile) -> Settings:
    """The part of a value file the metrics need."""
    return Settings(
        values=values.name,
        structures=[s.id for s in values.structures],
        attributes={
            name: AttributeSpec(
                categories=None if a.categories is None else list(a.categories),
                normative=list(a.normative),
                exclude=list(a.exclude),
                target=None if a.target is None else dict(a.target),
                reference=None if a.reference is None else dict(a.reference),
            )
            for name, a in values.attributes.items()
        },
        norm=values.metrics.norm,
        bootstrap=values.metrics.bootstrap,
        confidence=values.metrics.confidence,
        seed=values.metrics.seed,
        embeddings=values.embeddings.backend if values.embeddings.semantic else None,
        pairs={
            s.id: s.agrees_with
            for s in values.structures
            if isinstance(s, CategoricalStructure) and s.agrees_with
        },
    )


def judge_questions(values: ValueFile) -> list[Question]:
    """The value file's judged structures as questions for the judge."""
    return [
        Question(
            s.id,
            s.kind,
            s.question,
            s.low if isinstance(s, GradedStructure) else None,
            s.high if isinstance(s, GradedStructure) else None,
        )
        for s in values.judged()
    ]


def judged_notes(result: JudgeResult, questions: list[Question]) -> External:
    """(α, note) per judged structure; NaN when the judge gave no usable value."""
    notes: dict[str, tuple[float, str]] = {}
    for q in questions:
        value, status = result.values.get(q.id), result.status.get(q.id, "invalid")
        shown = f"{q.text} → {value:g}" if value is not None else f"{q.text} → missing ({status})"
        notes[q.id] = (math.nan if value is None else value, f"judge: {shown}")
    return notes


def output_logprob(state: TaskState) -> dict[str, float] | None:
    """log p(y) of the generation (``sum``, per-token ``mean``, ``n_tokens``) when the
    provider returned token log-probabilities, else None.

    In ``instruction`` mode (no prefill) they cover the model's whole answer, including
    an opening it repeated.
    """
    output = state.output
    if output is None or not output.choices or output.choices[0].logprobs is None:
        return None
    tokens = output.choices[0].logprobs.content
    if not tokens:
        return None
    seq = sequence_logprob([min(t.logprob, 0.0) for t in tokens])
    return {"sum": seq.total, "mean": seq.mean, "n_tokens": float(seq.n_tokens)}


def load_values_or_exit(values: str) -> ValueFile:
    """Load a value file; a bad one becomes a one-line error Inspect prints cleanly."""
    with user_errors():
        value_file = load_values(values)
        check_judge(value_file, values)
        return value_file


def explain(reading: Reading, structure_ids: list[str]) -> str:
    """Human-readable summary for ``inspect view``."""
    facts = reading.facts
    lines = [
        f"protagonist: {facts.gender.explain()}",
        f"name: {facts.name or 'none found'}",
    ]
    lines += [f"{k}: {v}" for k, v in reading.attributes.items()]
    for sid, alpha in zip(structure_ids, reading.system, strict=True):
        shown = "missing" if math.isnan(alpha) else f"{alpha:.3g}"
        lines.append(f"{sid} = {shown} ({reading.notes.get(sid, '')})")
    if facts.quality != "ok":
        lines.append(f"quality: {facts.quality}")
    return "\n".join(lines)


@scorer(metrics=[homogenization_figures(), cross_model_digest()])
def homogenization(
    values: str = "gender_in_stories",
    generations: int | None = None,
    read_worker: bool | str | None = None,
    **unknown: Any,
) -> Scorer:
    """Read each generation under a stakeholder value file (bundled name or path).

    ``generations``: how many the run has (samples × epochs; the tasks pass it), so that a
    calibrated attribute's ``min`` can raise its judged fraction; pass ``-S generations=N``
    when re-scoring a log.
    ``read_worker``: read the generations in a second process
    (:mod:`homog_bench.structures.worker`; same readings); by default when the run has at
    least :data:`WORKER_MIN_GENERATIONS` generations (POSIX, two usable CPUs or more).
    """
    with user_errors():
        total = as_optional_int("-S generations", generations)
        wanted = as_optional_bool("-S read_worker", read_worker)
    if wanted is None:
        wanted = total is not None and total >= WORKER_MIN_GENERATIONS and worth_a_worker()
    return read_generations(
        values, unknown, total, known=["values", "generations", "read_worker"], worker=wanted
    )


@scorer(metrics=[xeno_figures()])
def xeno_homogenization(
    values: str = "gender_in_stories", arm_generations: int | None = None, **unknown: Any
) -> Scorer:
    """The ``homogenization`` reading for the xeno tasks, whose metric is ``xeno_figures``.

    ``arm_generations``: how many generations each arm has (the tasks pass it). Each arm
    is calibrated on its own judged subsample, so a calibrated attribute's ``min`` raises
    the judged fraction until each arm has ``min`` judged on average; pass
    ``-S arm_generations=N`` when re-scoring a log.
    """
    with user_errors():
        per_arm = as_optional_int("-S arm_generations", arm_generations)
    return read_generations(values, unknown, per_arm, known=["values", "arm_generations"])


def calibration_sampler(
    value_file: ValueFile, generations: int | None
) -> Callable[[str | int, int], dict[str, bool]]:
    """(sample id, epoch) → {calibrated attribute: in its judged subsample}."""
    plans = {
        name: (c.seed, threshold(c.fraction, c.least, generations))
        for name, c in value_file.calibrated().items()
    }

    def sampled(sample_id: str | int, epoch: int) -> dict[str, bool]:
        return {
            name: is_judged(seed, sample_id, epoch, share) for name, (seed, share) in plans.items()
        }

    return sampled


@scorer(metrics=[dynamics_figures()])
def dynamics_homogenization(
    values: str = "gender_in_stories", threshold: float = COMMIT_THRESHOLD, **unknown: Any
) -> Scorer:
    """The ``homogenization`` reading for the dynamics task, whose metric is
    ``dynamics_figures``; ``threshold`` is the dominant share that counts as committed."""
    with user_errors():
        tau = as_float("threshold", threshold)
        if not 0.5 < tau <= 1.0:
            raise HomogBenchError(f"-S threshold: expected a share in (0.5, 1], got {threshold!r}")
    return read_generations(values, unknown, threshold=tau)


def prefix_system(reader: SystemReader, values: ValueFile, prefix: str) -> list[float | None]:
    """Λ of a prefix read on its own (offline structures; judged ones missing), for the pull.

    A prefix that says nothing about an attribute (its category is excluded, e.g. an
    ``unknown`` protagonist gender, or missing) takes no position on it: the structures
    the attribute is read from are missing (None), not 0, so they add no departure.

    >>> from homog_bench.values import load_values
    >>> v = load_values("gender_in_stories")
    >>> r = SystemReader(v)
    >>> prefix_system(r, v, "The nurse at the station checked the chart.")
    [None, None, None, 0.0, 1.0, 0.0]
    >>> prefix_system(r, v, "Kai packed their bag. They were late again.")[:3]
    [0.0, 0.0, 1.0]
    """
    reading = reader.read(prefix, {})
    system: list[float | None] = [None if math.isnan(a) else a for a in reading.system]
    ids = [s.id for s in values.structures]
    for name, attr in values.attributes.items():
        if reading.attributes.get(name) in (*attr.exclude, MISSING):
            for j, structure in enumerate(values.structures):
                if attr.source in (structure.kind, ids[j]):
                    system[j] = None
    return system


def read_generations(
    values: str,
    unknown: dict[str, Any],
    generations: int | None = None,
    threshold: float | None = None,
    known: list[str] | None = None,
    worker: bool = False,
) -> Scorer:
    """The scorer behind both registry names: every generation read under ``values``.

    A sample of a xeno arm also gets its validity (written here, once; the xeno metric
    reads it), shown as the last line of the explanation. When an attribute is
    calibrated, the judge reads only the generations in a judged subsample. A
    continuation of the dynamics task also gets its cut position and the system of its
    prefix read on its own (offline structures only; judged ones are missing), and every
    generation its log p(y) when the provider returned token log-probabilities.
    ``generations`` is the N a calibrated attribute's ``min`` is counted against;
    ``known`` the scorer's parameter names, for the error on a misspelled one;
    ``worker``: read in a second process (:mod:`homog_bench.structures.worker`).
    """
    with user_errors():
        reject_unknown("-S", unknown, known or ["values", "generations"])
        total = as_optional_int("-S generations", generations)
    value_file = load_values_or_exit(values)
    with user_errors():
        reader = SystemReader(value_file)
    settings = settings_from_values(value_file).to_dict()
    questions = judge_questions(value_file)
    # numpy MiniLM holds the CPU for tens of milliseconds, a regex may run up to its time
    # limit: keep them off the event loop, so that Ctrl-C is not queued behind them
    in_thread = value_file.embeddings.backend == "minilm" or any(
        isinstance(s, RegexStructure) for s in value_file.structures
    )

    async def judge(text: str) -> tuple[External, dict[str, Any] | None]:
        if not questions:
            return {}, None
        if not text.strip():  # nothing to judge: every judged value is missing, no call
            result = JudgeResult(
                values={q.id: None for q in questions},
                status={q.id: "skipped (empty generation)" for q in questions},
                model="(not called)",
            )
        else:
            result = await ask_judge(text, questions, value_file.judge)
        return judged_notes(result, questions), result.metadata()

    calibrated = value_file.calibrated()
    sampler = calibration_sampler(value_file, total)

    async def score(state: TaskState, target: Target) -> Score:
        text = state.output.completion if state.output is not None else ""
        in_sample = sampler(state.sample_id, state.epoch)
        judged: External
        judge_record: dict[str, Any] | None
        if calibrated and not any(in_sample.values()):
            # not in any judged subsample: no call, and the judged values say why
            judged = {q.id: (math.nan, "judge: not in the judged subsample") for q in questions}
            judge_record = None
        else:
            judged, judge_record = await judge(text)
        child = shared_worker() if worker else None
        if child is not None:
            reading = await child.read(reader, text, judged)
        elif in_thread:
            reading = await anyio.to_thread.run_sync(
                reader.read, text, judged, abandon_on_cancel=True
            )
        else:
            reading = reader.read(text, judged)
        value: dict[str, Any] = {
            sid: None if math.isnan(alpha) else alpha
            for sid, alpha in zip(reader.structure_ids, reading.system, strict=True)
        }
        value.update(reading.attributes)
        value["quality"] = reading.facts.quality
        # Λ(x), the categories and the quality label are in ``value``; metadata adds
        # what the metric needs besides them
        sample = state.metadata or {}
        meta: dict[str, Any] = {
            "settings": settings,
            "prompt": str(sample.get(PROMPT_ID, state.sample_id)),
            "name": reading.facts.name,
            "gender_cues": reading.facts.gender.cues,
            # the experiment arm or branch, when the task groups its samples
            ARM: sample.get(ARM),
            # the set of answers it belongs to (xeno_sequential: one conversation)
            SET: sample.get(SET),
        }
        logprob = output_logprob(state)
        if logprob is not None:
            meta[LOGPROB] = logprob
        if threshold is not None:
            meta[THRESHOLD] = threshold
        if sample.get(ARM) == CUT_ARM and sample.get(POSITION) is not None:
            meta[POSITION] = int(sample[POSITION])
            meta[PREFIX_SYSTEM] = prefix_system(reader, value_file, str(sample.get(OPENING, "")))
        if judge_record is not None:
            meta["judge"] = judge_record
        if calibrated:
            meta[CALIBRATION] = {
                name: {
                    "sampled": in_sample[name],
                    "offline": value.get(name),
                    "judged": judge_category(c.by, value) if in_sample[name] else None,
                }
                for name, c in calibrated.items()
            }
        if reading.embedding is not None:
            meta["embedding"] = encode_vector(reading.embedding)
        explanation = explain(reading, reader.structure_ids)
        if sample.get(ARM) in (BASELINE, XENO):
            valid, reason = validity(value, text, sample.get(PROMPT_TEXT), reading.facts.quality)
            value.setdefault(VALIDITY, valid)
            verdict = "unknown" if valid is None else ("valid" if valid else "invalid")
            explanation = f"{explanation}\nvalidity: {verdict} ({reason})".strip()
        return Score(
            value=value,
            answer=text,
            explanation=explanation,
            metadata={METADATA_KEY: meta},
        )

    return score
