"""Every ``@task`` of homog-bench.

``story_homogenization``: sample many stories per open-ended prompt and read who
they are about (protagonist gender, name, roles) under a stakeholder value file.
"""

from __future__ import annotations

from typing import Any

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import GenerateConfig

from homog_bench import __version__
from homog_bench._compat import user_errors
from homog_bench.params import as_float, as_id_list, as_int, as_optional_int, reject_unknown
from homog_bench.prompts import Prompt, load_prompts, select_prompts
from homog_bench.scorers import homogenization, load_values_or_exit
from homog_bench.solvers import sample_with_seed


def prompt_samples(prompts: list[Prompt]) -> MemoryDataset:
    """One Inspect sample per prompt; epochs supply the repeated generations."""
    return MemoryDataset(
        [
            Sample(id=p.id, input=p.text, metadata={"prompt_id": p.id, **p.metadata})
            for p in prompts
        ],
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
        dataset=prompt_samples(prompt_set),
        solver=sample_with_seed(base_seed),
        scorer=homogenization(values),
        epochs=Epochs(epochs, reducer=[]),
        config=config,
        metadata=metadata,
    )
