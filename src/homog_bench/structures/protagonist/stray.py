"""Step 5b, stray neopronouns: a neopronoun in the story that the resolver tied to nobody.

A neopronoun of the xe, ze/zir/hir, ey or fae families is never an English word, so
someone in the story uses it, even when the resolver could not say who: in dialogue
("Praise xem, not me"), or after a stretch of someone else's *he* ("he had zir name
engraved"). A named lead whose *she* or *he* rests on pronouns alone, which the resolver
may have given them wrongly, then reads nonbinary.
"""

from __future__ import annotations

from collections import Counter

from homog_bench.structures.protagonist.events import MENTION, QUOTED, Kind
from homog_bench.structures.protagonist.evidence import Trace
from homog_bench.structures.protagonist.lexicons import UNMISTAKABLE_NEO, F, M, N

__all__ = ["stray_neopronouns"]


def stray_neopronouns(trace: Trace, k: int | None) -> dict[str, int]:
    """The uses of an unmistakable neopronoun (:data:`~.lexicons.UNMISTAKABLE_NEO`) in a
    story whose resolver tied none to a named person, when character ``k`` (the lead) is
    named and has no title or gendered noun: "… the apprentice … 'Thank xem, not me'" in
    dialogue, or "he had zir name engraved" after a stretch of *he* for someone else.
    Someone in the story uses it, and the lead's *she* or *he* rests on pronouns alone,
    which the resolver may have given them wrongly: the lead reads nonbinary
    (``protagonist.with_stray_neopronouns``). Not when another named person with no
    *she* or *he* of their own is named in the neopronoun's sentence or the one before
    ("Have you met Sol? Xe just moved in"): it is theirs. Empty when the rule does not
    apply.

    >>> from homog_bench.structures.protagonist.protagonist import rule_reading
    >>> _, trace = rule_reading(
    ...     "Tove swept the floor while the old master shouted at him. "
    ...     "He never praised anyone. Then he said: 'Thank xem, not me.'"
    ... )
    >>> stray_neopronouns(trace, trace.pid)
    {'xem': 1}
    """
    cast = trace.cast
    ents = cast.entities
    present = UNMISTAKABLE_NEO & cast.lows
    if not present or k is None:
        return {}
    e = ents[k]
    if not e.label or e.noun or e.fixed[F] or e.fixed[M]:
        return {}
    if any(v[N] for j, v in trace.votes.items() if ents[j].label):
        return {}  # the neopronoun is someone's: the resolver found whose
    t = cast.t
    near: dict[Kind, set[int]] = {MENTION: set(), QUOTED: set()}  # narration, dialogue
    for i, w in enumerate(t.low):
        if w in present:
            near[QUOTED if t.quote[i] else MENTION].update((t.sent[i], t.sent[i] - 1))
    for ev in cast.events:  # "Have you met Sol? Xe just moved in": Sol's, not the lead's
        j = ev.entity
        if ev.kind not in near or ev.sent not in near[ev.kind] or j == k or j not in trace.scores:
            continue
        if t.free[ev.pos]:
            continue  # a capital at a sentence's or a quote's start ("Praise xem") is no name
        other, mine = ents[j], trace.votes.get(j) or Counter()
        if (
            other.label
            and not other.noun
            and not other.fixed[F] + other.fixed[M] + mine[F] + mine[M]
        ):
            return {}
    return dict(Counter(w for w in t.low if w in present).most_common())
