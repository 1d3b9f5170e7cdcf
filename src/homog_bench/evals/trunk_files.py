"""Trunks for the ``dynamics`` task: one text, cut at points along it.

Bundled trunks live in ``datasets/dynamics/<id>.yaml`` (see its README); a path to a
YAML file with the same fields works too. Errors are one line naming the field.

>>> t = load_trunk("nurse_night_shift")
>>> t.values, t.prompt
('gender_in_stories', 'Write a short story about a nurse.')
>>> [c.words for c in cut_points(t.text, 4)]
[22, 45, 67, 90]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from homog_bench._errors import HomogBenchError
from homog_bench._specs import bundled, check_fields, load_spec
from homog_bench.evals.params import as_choice

FIELDS = ("id", "description", "values", "prompt", "trunk")
CUT_AT = ("words", "sentences")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]”’]*$")


@dataclass(frozen=True)
class Trunk:
    """One bundled or supplied trunk."""

    id: str
    description: str
    values: str
    prompt: str
    text: str


@dataclass(frozen=True)
class Cut:
    """A cut point: the prefix is the first ``words`` words of the trunk."""

    words: int
    prefix: str


def bundled_trunks() -> list[str]:
    """Ids of the trunks shipped in ``datasets/dynamics/``."""
    return bundled("dynamics")


def load_trunk(spec: str) -> Trunk:
    """Load a bundled trunk by id, or a YAML file by path."""
    return _parse(*load_spec(spec, "dynamics", "trunk", "trunk", "; or 'sample'"))


def _parse(raw: Any, file: str) -> Trunk:
    check_fields(raw, file, FIELDS, FIELDS)
    return Trunk(
        id=raw["id"],
        description=raw["description"].strip(),
        values=raw["values"].strip(),
        prompt=raw["prompt"].strip(),
        text=" ".join(raw["trunk"].split()),
    )


def cut_points(text: str, cuts: int, at: str = "words") -> list[Cut]:
    """``cuts`` cut points spread evenly over the words of ``text``, the last at its end.

    Cut j (1..cuts) lies after round(j·L / cuts) of the L words (``at="words"``), or at
    the sentence end nearest to that word (``at="sentences"``; a sentence ends with
    ``.``, ``!`` or ``?``, closing quotes allowed); cuts that fall on the same place are
    merged, so fewer may come back. Words are whitespace-separated, so cuts do not
    depend on any tokenizer.

    >>> [(c.words, c.prefix) for c in cut_points("One two. Three four five. Six.", 3)]
    [(2, 'One two.'), (4, 'One two. Three four'), (6, 'One two. Three four five. Six.')]
    >>> [c.words for c in cut_points("One two. Three four five. Six.", 3, at="sentences")]
    [2, 5, 6]
    """
    if isinstance(cuts, bool) or not isinstance(cuts, int) or cuts < 1:
        raise HomogBenchError(f"-T cuts: expected a positive integer, got {cuts!r}")
    as_choice("cut_at", at, CUT_AT)
    spans = [m.span() for m in _WORD.finditer(text)]
    n_words = len(spans)
    if n_words == 0:
        raise HomogBenchError("trunk: the trunk has no words to cut")
    if at == "words":
        candidates = list(range(1, n_words + 1))
    else:
        candidates = [
            i + 1 for i, (a, b) in enumerate(spans) if _SENTENCE_END.search(text[a:b])
        ] or [n_words]
        if candidates[-1] != n_words:
            candidates.append(n_words)
    chosen: list[int] = []
    for j in range(1, cuts + 1):
        goal = j * n_words / cuts
        best = min(candidates, key=lambda w: (abs(w - goal), w))
        if best not in chosen:
            chosen.append(best)
    return [Cut(w, text[: spans[w - 1][1]]) for w in sorted(chosen)]
