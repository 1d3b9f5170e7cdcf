"""The lexical figures of a set of generations: compression ratio and n-gram diversity.

Each is computed within prompt (the prompt's generations as one corpus) and averaged over
prompts. :func:`homog_bench.figures.story.aggregate` runs this beside the other figures:
in a background thread (gzip and numpy's sorts release the GIL), or in another process
when its caller passes one (the story metric uses the reading worker's process).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from homog_bench import measures as m
from homog_bench.figures.catalog import family
from homog_bench.figures.records import Figures, Generation
from homog_bench.measures._util import IntArray

#: Starts ``fn(*args)`` elsewhere (another process) and returns its future, or None when
#: it cannot.
Submit = Callable[..., "Future[Figures] | None"]
#: Seconds to wait for lexical figures computed elsewhere before computing them here.
ELSEWHERE_TIMEOUT = 600.0


def lexical_figures(corpora: Sequence[Sequence[str]]) -> Figures:
    """Compression ratio and n-gram diversity within each corpus (a prompt's texts),
    averaged over the corpora.

    >>> found = lexical_figures([["a b a b"], ["c d"]])
    >>> found["lexical_ngram_diversity_1"]  # (2/4 + 2/2) / 2
    0.75
    """
    out: Figures = {}
    per_prompt: dict[str, list[float]] = {}
    # zlib releases the GIL: compress the prompts' corpora in parallel
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        ratios = list(pool.map(m.compression_ratio, corpora))
    per_prompt["lexical_compression_ratio"] = [r.value for r in ratios]
    for texts in corpora:
        for n, value in m.ngram_diversity_profile(texts).items():
            per_prompt.setdefault(family("lexical_ngram_diversity", n), []).append(value.value)
    for key, values in per_prompt.items():
        finite = [v for v in values if not math.isnan(v)]
        out[key] = float(np.mean(finite)) if finite else math.nan
    return out


def start_lexical(
    corpora: Sequence[Sequence[str]], submit: Submit | None, background: ThreadPoolExecutor
) -> Future[Figures]:
    """Start :func:`lexical_figures`: by ``submit`` when it can, else on ``background``."""
    started = None if submit is None else submit(lexical_figures, corpora)
    return started if started is not None else background.submit(lexical_figures, corpora)


def finish_lexical(
    started: Future[Figures] | None,
    generations: Sequence[Generation],
    group_index: Sequence[IntArray],
) -> Figures:
    """The lexical figures that were ``started``; computed here when none were, or when
    they failed or timed out elsewhere (the figures are the same)."""
    if started is not None:
        try:
            return started.result(timeout=ELSEWHERE_TIMEOUT)
        except Exception:  # a worker that died or hung: compute them here
            pass
    return lexical_figures([[generations[int(i)].text for i in idx] for idx in group_index])
