"""Clause structure the pronoun steps need: fronted clauses, binding, object *her*.

>>> from homog_bench.structures.protagonist.tokens import Tokens
>>> fronted_clauses(Tokens("When the bell rang, Mia ran. She won."))  # 4: "Mia"
{0: 4}
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from homog_bench.structures.protagonist.events import MENTION, PRONOUN
from homog_bench.structures.protagonist.lexicons import (
    CLAUSE_BREAK,
    CONJ,
    NP_STOP,
    SUBJECT_FORMS,
    SUBORD,
)
from homog_bench.structures.protagonist.tokens import Tokens

if TYPE_CHECKING:
    from homog_bench.structures.protagonist.characters import Cast

__all__ = ["fronted_clauses", "named_after", "object_her"]


def object_her(t: Tokens, pos: int) -> bool:
    """Is the *her* (or *zir*, *hir*, *faer*) at ``pos`` an object, not a possessive?"""
    nxt = pos + 1
    if nxt >= len(t.low) or t.pre[nxt] != "" or t.sent[nxt] != t.sent[pos]:
        return True
    return t.low[nxt] in NP_STOP or t.low[nxt] in ("a", "the", "an", "up", "down", "back")


def fronted_clauses(t: Tokens) -> dict[int, int]:
    """Sentences opening with a subordinate clause: the index of the comma closing it."""
    front_end: dict[int, int] = {}
    commas = t.commas
    low = t.low
    sent = t.sent
    if not commas:
        return front_end
    for st in t.starts:
        k = bisect_left(commas, st + 1)
        if k == len(commas) or sent[commas[k]] != sent[st]:
            continue  # no comma in this sentence
        s_ = sent[st]
        low0 = low[st]
        opened = (low0 in SUBORD and not t.quote[st]) or (
            # "So when Mr. Okafor stirred, she was already there"
            low0 in CONJ and st + 1 < len(low) and low[st + 1] in SUBORD
        )
        first = commas[k]
        if opened:
            front_end[s_] = first
        elif (
            first - st <= 4
            and low[first] in SUBORD
            and k + 1 < len(commas)
            and sent[commas[k + 1]] == s_
        ):  # "Long ago, when the emperor called …, a young woman named Mulan …"
            front_end[s_] = commas[k + 1]
    return front_end


def named_after(cast: Cast) -> dict[int, set[int]]:
    """For each subject pronoun, the people named later in its own clause.

    A pronoun does not refer to a name it precedes in its clause (binding principle C):
    in "they thanked Robin" *they* is not Robin. The clause ends at a comma, a
    clause-opening word or the sentence end, and is read for at most 12 words.
    """
    t = cast.t
    events = cast.events
    n = len(t.low)
    out: dict[int, set[int]] = {}
    for k, ev in enumerate(events):
        if ev.kind != PRONOUN or ev.form not in SUBJECT_FORMS:
            continue
        stop = ev.pos + 1
        limit = min(n, ev.pos + 12)
        while stop < limit and t.sent[stop] == ev.sent:
            if t.pre[stop] == "," or t.low[stop] in CLAUSE_BREAK:
                break
            stop += 1
        j = k + 1
        while j < len(events) and events[j].pos < stop:
            later = events[j]
            if later.kind == MENTION and later.pos > ev.pos:
                out.setdefault(ev.pos, set()).add(later.entity)
            j += 1
    return out
