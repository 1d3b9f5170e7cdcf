"""Inspect adapters for experiments with arms (xeno-reproduction, branching).

* :func:`arm_figures`: what the ``homogenization_figures`` metric reports when the samples
  carry an arm: scores → :func:`homog_bench.experiments.experiment_figures`.
* :func:`xeno_homogenization`: the ``homogenization`` scorer plus each generation's
  validity (``Score.value["validity"]`` and a line of the explanation).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inspect_ai.scorer import SampleScore, Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState

from homog_bench.aggregate import Figures, Generation
from homog_bench.experiments import (
    VALID_STRUCTURE,
    experiment_figures,
    offline_validity,
    validity,
)
from homog_bench.metrics import homogenization_figures, scored_generations
from homog_bench.scorers import homogenization

#: Sample metadata holding the plain prompt text (the offline validity check reads it).
PROMPT_TEXT = "prompt_text"


def arm_figures(scores: Sequence[SampleScore]) -> Figures:
    """Every experiment figure for scores whose samples carry an arm."""
    found, settings = scored_generations(scores)
    gens: list[Generation] = [gen for gen, _, _ in found]
    prompts: list[str | None] = [
        (sample_score.sample_metadata or {}).get(PROMPT_TEXT) for _, _, sample_score in found
    ]
    sets: list[str | None] = [meta.get("set") for _, meta, _ in found]
    if settings is None:
        return {"n_generations": 0.0}
    return experiment_figures(gens, settings, prompts=prompts, sets=sets)


@scorer(metrics=[homogenization_figures()])
def xeno_homogenization(values: str = "gender_in_stories", **unknown: Any) -> Scorer:
    """The ``homogenization`` scorer, plus whether each generation still answers the prompt."""
    inner = homogenization(values, **unknown)

    async def score(state: TaskState, target: Target) -> Score:
        result = await inner(state, target)
        if result is None:  # pragma: no cover - the inner scorer always scores
            raise RuntimeError("homogenization returned no score")
        value = dict(result.value) if isinstance(result.value, dict) else {}
        if VALID_STRUCTURE in value:
            alpha = value[VALID_STRUCTURE]
            valid = None if alpha is None else float(alpha >= 0.5)
            reason = f"structure {VALID_STRUCTURE!r}"
        else:
            prompt = (state.metadata or {}).get(PROMPT_TEXT)
            ok, reason = offline_validity(result.answer or "", prompt, str(value.get("quality")))
            valid = float(ok)
            reason = f"offline check: {reason}"
        if "validity" not in value:
            value["validity"] = valid
        verdict = "unknown" if valid is None else ("valid" if valid else "invalid")
        explanation = f"{result.explanation or ''}\nvalidity: {verdict} ({reason})".strip()
        return result.model_copy(update={"value": value, "explanation": explanation})

    return score


__all__ = ["PROMPT_TEXT", "arm_figures", "validity", "xeno_homogenization"]
