"""Read the default story of each prompt from a log (see :mod:`homog_bench.figures.examples`).

Only the scores are read (messages, events and the rest of each sample are left out);
the generation's text is the score's ``answer``.
"""

from __future__ import annotations

from homog_bench._errors import HomogBenchError
from homog_bench.figures.examples import Example, PromptExamples, prompt_examples
from homog_bench.report._logs import first_line

# sample fields the examples never need (the scores, with each answer, stay)
SKIPPED_FIELDS = {"messages", "events", "store", "attachments", "output", "model_usage"}


def run_examples(log: str, scorer: str) -> list[PromptExamples]:
    """Nearest and furthest generation from the core, per prompt, for one scorer's run."""
    from inspect_ai.log import read_eval_log_samples
    from inspect_ai.scorer import SampleScore

    from homog_bench.evals.metrics import generations_from_scores

    scores = []
    try:
        for sample in read_eval_log_samples(
            log, all_samples_required=False, exclude_fields=SKIPPED_FIELDS
        ):
            score = (sample.scores or {}).get(scorer)
            if score is not None:
                scores.append(SampleScore(score=score, sample_id=sample.id))
    except Exception as exc:
        raise HomogBenchError(f"{log}: cannot read samples ({first_line(exc)})") from None
    scored = generations_from_scores(scores)
    if scored.settings is None:
        return []
    gens = [g for g in scored.generations if g.arm is None]
    return prompt_examples(
        [g.prompt for g in gens],
        [list(g.system) for g in gens],
        [g.text for g in gens],
        [g.attributes for g in gens],
        [g.name for g in gens],
        norm=scored.settings.norm,
        quality=[g.quality for g in gens],
    )


def example_lines(examples: list[PromptExamples]) -> list[str]:
    """The examples as plain-text lines (for ``summary --examples`` and Markdown)."""
    lines = []
    for ex in examples:
        lines.append(f"prompt {ex.prompt} ({ex.n} generations):")
        for what, gen in (("default (nearest the core)", ex.nearest), ("furthest", ex.furthest)):
            if gen is None:
                lines.append(f"  {what}: every generation is as near the core as the default")
                continue
            lines.append(f"  {what}: {reading(gen)}")
            lines.append(f"    “{gen.excerpt}”")
    return lines


def reading(gen: Example) -> str:
    """``protagonist_gender woman, name Elara, ∂ 0.412``.

    >>> reading(Example("…", 0.41234, {"protagonist_gender": "woman"}, "Elara"))
    'protagonist_gender woman, name Elara, ∂ 0.412'
    """
    parts = [f"{k} {v}" for k, v in gen.attributes.items()]
    parts.append(f"name {gen.name or '—'}")
    parts.append(f"∂ {gen.deviance:.3f}")
    return ", ".join(parts)
