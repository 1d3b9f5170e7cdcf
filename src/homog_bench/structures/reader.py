"""Read one generation into its system Λ(x) and attribute categories, as a value file asks.

>>> from homog_bench.values import load_values
>>> reader = SystemReader(load_values("gender_in_stories"))
>>> r = reader.read("Mara checked the ward. She smiled; her patients slept.")
>>> r.attributes["protagonist_gender"], r.attributes["protagonist_name"]
('woman', 'Mara')
>>> dict(zip(reader.structure_ids, r.system))["protagonist_woman"]
1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from homog_bench.embeddings.backends import check_backend
from homog_bench.structures.kind_base import External, Facts
from homog_bench.structures.kinds import KIND, SimilarityStructure, compile_structure
from homog_bench.structures.pronoun_gender import read_gender
from homog_bench.structures.protagonist_name import protagonist_name
from homog_bench.structures.quality import quality
from homog_bench.values.schema import ValueFile


@dataclass(frozen=True)
class Reading:
    """Λ(x), the attribute categories and the evidence for one generation.

    A NaN in ``system`` is a missing value (a judge that gave no usable answer); an
    attribute read from such a structure is ``missing``.
    """

    system: tuple[float, ...]
    attributes: dict[str, str]
    facts: Facts
    notes: dict[str, str] = field(default_factory=dict)
    embedding: NDArray[np.float32] | None = None


class SystemReader:
    """Compiles a value file's structures and attributes once; reads many texts.

    Judged structures are answered elsewhere (by a model) and passed to
    :meth:`read` as ``judged``; similarity structures and the per-generation
    embedding are computed here with the value file's embedding backend.
    """

    def __init__(self, values: ValueFile, embedder: Any = None) -> None:
        self.values = values
        self.structure_ids = [s.id for s in values.structures]
        self._compiled = [compile_structure(s) for s in values.structures]
        self._index = {s.id: i for i, s in enumerate(values.structures)}
        self._similar = [s for s in values.structures if isinstance(s, SimilarityStructure)]
        self._embedder = embedder
        self._embeds = embedder is not None or bool(self._similar or values.embeddings.semantic)
        if embedder is None and self._embeds:
            check_backend(values.embeddings.backend)  # a missing extra fails here, not per text
        self._reference_codes: list[tuple[str, str, Any]] | None = None

    @property
    def embedder(self) -> Any:
        """The embedding backend (None when the value file needs none), loaded on first
        use: a process that only hands its texts to a reading worker never imports it,
        and its garbage collector has that much less to walk."""
        if self._embedder is None and self._embeds:
            from homog_bench.embeddings import get_embedder

            self._embedder = get_embedder(self.values.embeddings.backend)
        return self._embedder

    def _references(self) -> list[tuple[str, str, Any]]:
        """Each similarity structure's id, mode and encoded references (encoded once)."""
        if self._reference_codes is None:
            embedder = self.embedder
            self._reference_codes = [
                (s.id, s.mode, embedder.encode(s.references)) for s in self._similar
            ]
        return self._reference_codes

    def facts(self, text: str, judged: External | None = None) -> Facts:
        """Run the offline extractors on ``text``.

        The name reader knows English only: in a ``non_english`` text it would take the
        first capitalised word ("Había", "Es", "Il") for a name, so such a text has none.
        """
        label = quality(text)
        name = None if label == "non_english" else protagonist_name(text)
        return Facts(text, read_gender(text), name, label, dict(judged or {}))

    def read(self, text: str, judged: External | None = None) -> Reading:
        """Λ(x), attribute categories and embedding of ``text``.

        ``judged`` maps judged structure ids to (α, note); NaN α = missing.
        """
        external = dict(judged or {})
        embedding = None
        embedder = self.embedder
        if embedder is not None:
            encoded = embedder.encode([text])
            for sid, mode, refs in self._references():
                sims = embedder.cosine(encoded, refs)[0]
                best = int(np.argmax(sims))
                alpha = float(np.clip(sims.max() if mode == "max" else sims.mean(), 0.0, 1.0))
                note = f"closest reference #{best + 1} at {sims[best]:.2f}"
                external[sid] = (alpha, note)
            if self.values.embeddings.semantic:
                embedding = embedder.dense(encoded)[0]
        facts = self.facts(text, external)
        alphas: list[float] = []
        notes: dict[str, str] = {}
        for sid, compiled in zip(self.structure_ids, self._compiled, strict=True):
            alpha, note = compiled(facts)
            alphas.append(alpha)
            notes[sid] = note
        attributes = {
            name: self._category(attr.source, facts, alphas)
            for name, attr in self.values.attributes.items()
        }
        return Reading(tuple(alphas), attributes, facts, notes, embedding)

    def _category(self, source: str, facts: Facts, alphas: list[float]) -> str:
        kind = KIND.get(source)
        if kind is not None and kind.category is not None:  # ``from: pronoun_gender``
            return kind.category(facts)
        alpha = alphas[self._index[source]]
        if math.isnan(alpha):
            return MISSING
        return "present" if alpha >= 0.5 else "absent"


#: Attribute category of a generation whose source structure has no value.
MISSING = "missing"


__all__ = ["MISSING", "External", "Facts", "Reading", "SystemReader"]
