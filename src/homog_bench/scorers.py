"""Inspect ``@scorer`` adapter: one generation → Λ(x), attribute categories, explanation.

``Score.value`` is a flat dict (structure id → α, attribute → category,
``quality`` → label); vectors and the value file's parameters travel in
``Score.metadata["homog_bench"]`` where the metric reads them.
"""

from __future__ import annotations

import math
from typing import Any

from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState

from homog_bench._compat import user_errors
from homog_bench.aggregate import AttributeSpec, Settings
from homog_bench.metrics import METADATA_KEY, homogenization_figures
from homog_bench.params import reject_unknown
from homog_bench.structures.reader import Reading, SystemReader
from homog_bench.values import ValueFile, load_values


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
    )


def load_values_or_exit(values: str) -> ValueFile:
    """Load a value file; a bad one becomes a one-line error Inspect prints cleanly."""
    with user_errors():
        return load_values(values)


def explain(reading: Reading, structure_ids: list[str]) -> str:
    """Human-readable summary for ``inspect view``."""
    facts = reading.facts
    lines = [
        f"protagonist: {facts.gender.explain()}",
        f"name: {facts.name or 'none found'}",
    ]
    lines += [f"{k}: {v}" for k, v in reading.attributes.items()]
    for sid, alpha in zip(structure_ids, reading.system, strict=True):
        lines.append(f"{sid} = {alpha:.3g} ({reading.notes.get(sid, '')})")
    if facts.quality != "ok":
        lines.append(f"quality: {facts.quality}")
    return "\n".join(lines)


@scorer(metrics=[homogenization_figures()])
def homogenization(values: str = "gender_in_stories", **unknown: Any) -> Scorer:
    """Read each generation under a stakeholder value file (bundled name or path)."""
    with user_errors():
        reject_unknown("-S", unknown, ["values"])
    value_file = load_values_or_exit(values)
    reader = SystemReader(value_file)
    settings = settings_from_values(value_file).to_dict()

    async def score(state: TaskState, target: Target) -> Score:
        text = state.output.completion if state.output is not None else ""
        reading = reader.read(text)
        value: dict[str, Any] = {
            sid: None if math.isnan(alpha) else alpha
            for sid, alpha in zip(reader.structure_ids, reading.system, strict=True)
        }
        value.update(reading.attributes)
        value["quality"] = reading.facts.quality
        # Λ(x), the categories and the quality label are in ``value``; metadata adds
        # what the metric needs besides them
        meta = {
            "settings": settings,
            "prompt": str((state.metadata or {}).get("prompt_id", state.sample_id)),
            "name": reading.facts.name,
            "gender_cues": reading.facts.gender.cues,
            # the experiment arm or branch, when the task groups its samples
            "arm": (state.metadata or {}).get("arm"),
            # the set of answers it belongs to (xeno_sequential: one conversation)
            "set": (state.metadata or {}).get("set"),
        }
        return Score(
            value=value,
            answer=text,
            explanation=explain(reading, reader.structure_ids),
            metadata={METADATA_KEY: meta},
        )

    return score
