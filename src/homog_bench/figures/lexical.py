"""The lexical figures of a set of generations: compression ratio and n-gram diversity.

Each is computed within prompt (the prompt's generations as one corpus) and averaged over
prompts. :func:`homog_bench.figures.story.aggregate` runs this in a background thread
while it computes the other figures: gzip and numpy's sorts release the GIL.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from homog_bench import measures as m
from homog_bench.figures.catalog import family
from homog_bench.figures.records import Figures, Generation
from homog_bench.measures._util import IntArray


def lexical_figures(generations: Sequence[Generation], group_index: Sequence[IntArray]) -> Figures:
    """Compression ratio and n-gram diversity within each prompt, averaged over prompts."""
    out: Figures = {}
    per_prompt: dict[str, list[float]] = {}
    corpora = [[generations[int(i)].text for i in idx] for idx in group_index]
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
