"""A run's cross-model digest: all the leaderboard's cross-model section needs, in a few KB.

The cross-model section compares runs by their top protagonist names and by the mean
cosine between their generations for each prompt (:mod:`homog_bench.measures.cross_model`).
For unit vectors that mean is a dot product of per-prompt sums, so a run is summarized by

* its 20 most common names with counts (``top_names``: case-folded, ties alphabetical — the
  section uses the first 5, which are the same whether taken from all names or from these 20);
* per prompt, the number of embedded generations and the float64 sum of their unit vectors
  (``None`` for the whole run when any generation has no embedding, as the samples would say).

The metric writes it into the log header (:mod:`homog_bench.evals.metrics`) and the
leaderboard reads it from there; logs without it are digested from their samples by the same
function, so both paths give identical figures.

>>> import numpy as np
>>> from homog_bench.embeddings.codec import encode_vector
>>> records = [("p", {"name": "Elara", "embedding": encode_vector(np.array([3.0, 4.0]))}),
...            ("p", {"name": "elara", "embedding": encode_vector(np.array([0.0, 2.0]))})]
>>> d = digest(records)
>>> d.top_names, d.sums.counts["p"], d.sums.sums["p"].tolist()
([('elara', 2)], 2, [0.6, 1.8])
>>> to_json(from_json(to_json(d))) == to_json(d)
True
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from homog_bench.embeddings.codec import decode_vector
from homog_bench.figures.keys import METADATA_KEY
from homog_bench.measures.cross_model import PromptSums, top_names

#: the metric that carries the digest, and the key of the digest in that metric's params
METRIC = "cross_model_digest"
PARAM = "cross_model_digest"
#: version of the stored form; a reader skips digests of another version (samples instead)
VERSION = 1
#: names kept per run (the section shows 5; more are kept so a later, longer list still works)
KEPT_NAMES = 20


@dataclass(eq=False)  # numpy sums: compare the stored forms, to_json(a) == to_json(b)
class CrossDigest:
    """The top names and per-prompt embedding sums of one run (``sums`` None: not embedded)."""

    n: int
    top_names: list[tuple[str, int]]
    sums: PromptSums | None


def record(
    score_metadata: Mapping[str, Any] | None, sample_id: object
) -> tuple[str, Mapping[str, Any]] | None:
    """``(prompt, record)`` of one score our scorer wrote (None for any other score)."""
    meta = (score_metadata or {}).get(METADATA_KEY) or {}
    if not isinstance(meta, Mapping) or not meta:
        return None
    return str(meta.get("prompt") or sample_id), meta


def digest(records: Iterable[tuple[str, Mapping[str, Any]]]) -> CrossDigest:
    """The digest of ``(prompt, score metadata record)`` pairs, one per scored generation."""
    names: list[str | None] = []
    sums = PromptSums()
    missing = 0
    for prompt, meta in records:
        name = meta.get("name")
        names.append(name if isinstance(name, str) else None)
        embedding = meta.get("embedding")
        if isinstance(embedding, str) and embedding:
            sums.add(prompt, decode_vector(embedding))
        else:
            missing += 1
    return CrossDigest(
        n=len(names),
        top_names=top_names(names, KEPT_NAMES),
        sums=sums if sums.sums and not missing else None,
    )


def to_json(d: CrossDigest) -> dict[str, Any]:
    """JSON-safe form (embedding sums as base64 of little-endian float64: exact)."""
    prompts = None
    if d.sums is not None:
        prompts = {
            p: {
                "n": d.sums.counts[p],
                "sum": base64.b64encode(np.asarray(s, dtype="<f8").tobytes()).decode("ascii"),
            }
            for p, s in sorted(d.sums.sums.items())
        }
    return {
        "version": VERSION,
        "n": d.n,
        "top_names": [[name, count] for name, count in d.top_names],
        "prompts": prompts,
    }


def from_json(stored: object) -> CrossDigest | None:
    """The digest from its stored form; None when it is absent, of another version or broken."""
    if not isinstance(stored, Mapping) or stored.get("version") != VERSION:
        return None
    try:
        names = [(str(name), int(count)) for name, count in stored["top_names"]]
        prompts = stored["prompts"]
        sums: PromptSums | None = None
        if prompts is not None:
            sums = PromptSums()
            for prompt, entry in prompts.items():
                vector = np.frombuffer(base64.b64decode(entry["sum"]), dtype="<f8")
                if not np.isfinite(vector).all() or int(entry["n"]) < 1:
                    return None
                sums.sums[str(prompt)] = vector.astype(np.float64)
                sums.counts[str(prompt)] = int(entry["n"])
        n = int(stored["n"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return CrossDigest(n=n, top_names=names, sums=sums)
