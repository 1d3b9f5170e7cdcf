"""The default story on show: per prompt, the generation nearest the core and the furthest.

The core ⟨Λ⟩ of a prompt is the mean system of its generations (the model's default for
that prompt); a generation's deviance ∂ = ‖Λ(x) − ⟨Λ⟩‖ is its distance from it (the value
file's norm; a missing structure is left out of that generation's norm, as in the
figures). The nearest generation is the story the model keeps writing; the furthest is
how far it strays. Ties go to the earlier generation. The core counts every generation,
as the figures do, but a degenerate one (quality not ``ok``: empty, refusal, …) is shown
only when a prompt has nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from homog_bench.measures import systems as m

EXCERPT = 160


@dataclass(frozen=True)
class Example:
    """One generation as shown: an excerpt and its readings."""

    excerpt: str
    deviance: float
    attributes: Mapping[str, str]
    name: str | None


@dataclass(frozen=True)
class PromptExamples:
    """The nearest and furthest generation of one prompt, out of ``n`` (furthest None when
    every shown generation is as far from the core as the nearest)."""

    prompt: str
    n: int
    nearest: Example
    furthest: Example | None


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The text on one line, cut at a word boundary with ``…`` past ``limit`` characters.

    >>> excerpt("She  climbed\\nthe hill.")
    'She climbed the hill.'
    >>> excerpt("one two three four", limit=10)
    'one two …'
    >>> excerpt("")
    '(empty)'
    """
    flat = " ".join(text.split())
    if not flat:
        return "(empty)"
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return f"{cut} …"


def prompt_examples(
    prompts: Sequence[str],
    systems: Sequence[Sequence[float]],
    texts: Sequence[str],
    attributes: Sequence[Mapping[str, str]],
    names: Sequence[str | None],
    norm: str = "l2",
    quality: Sequence[str] | None = None,
) -> list[PromptExamples]:
    """Per prompt (sorted), the generations nearest to and furthest from its core.

    >>> out = prompt_examples(["p", "p", "p"], [[1, 0], [1, 0], [0, 1]], ["she", "she 2", "he"],
    ...                       [{"g": "woman"}, {"g": "woman"}, {"g": "man"}], ["Ada", None, "Tom"])
    >>> ex = out[0]
    >>> ex.nearest.excerpt, round(ex.nearest.deviance, 3), ex.furthest.name, ex.n
    ('she', 0.471, 'Tom', 3)
    >>> round(ex.furthest.deviance, 3), dict(ex.furthest.attributes)
    (0.943, {'g': 'man'})
    >>> two = prompt_examples(["p"] * 3, [[1, 0], [1, 0], [0, 1]], ["a", "b", "c"],
    ...                       [{}] * 3, [None] * 3, quality=["refusal", "ok", "ok"])
    >>> two[0].nearest.excerpt, two[0].furthest.excerpt
    ('b', 'c')
    >>> prompt_examples(["p"] * 2, [[1, 0]] * 2, ["a", "b"], [{}] * 2, [None] * 2)[0].furthest
    """
    x = np.array([list(s) for s in systems], dtype=float).reshape(len(systems), -1)
    out = []
    for prompt in sorted(set(prompts)):
        idx = [i for i, p in enumerate(prompts) if p == prompt]
        block = x[idx]
        if block.shape[1] == 0:
            continue
        deviance = m.deviance(block, np.nan_to_num(m.core(block), nan=0.0), norm=norm)
        usable = ~np.isnan(deviance)
        good = usable & np.array([quality is None or quality[i] == "ok" for i in idx])
        shown_ones = good if good.any() else usable
        if not shown_ones.any():
            continue
        near = int(np.argmin(np.where(shown_ones, deviance, np.inf)))
        far = int(np.argmax(np.where(shown_ones, deviance, -np.inf)))

        shown = [
            Example(
                excerpt(texts[idx[k]]), float(deviance[k]), dict(attributes[idx[k]]), names[idx[k]]
            )
            for k in (near, far)
        ]
        apart = bool(deviance[far] > deviance[near])
        out.append(PromptExamples(prompt, len(idx), shown[0], shown[1] if apart else None))
    return out
