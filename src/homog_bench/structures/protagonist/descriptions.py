"""Step 3b, described characters and groups: noun phrases after a determiner.

"the old woman", "a young nurse named Lily", "his mother", "the fisherman's
daughter" become characters (a gendered noun settles their gender); "she was a young
nurse" describes the clause's subject; "Elara, a young nurse," describes Elara;
plurals ("the villagers", "Camila's students") become group referents for *they*.
"""

from __future__ import annotations

from typing import Protocol

from homog_bench.structures.protagonist.events import (
    GROUP,
    MENTION,
    NONBINARY,
    PREDICATE,
    Entity,
    Event,
)
from homog_bench.structures.protagonist.lexicons import (
    COPULA,
    GENDERED,
    GENDERED_PLURAL,
    NAME_WORDS,
    NONBINARY_WORDS,
    NOT_PLURAL,
    NP_STOP,
    PLURAL_DETS,
    POSS_DETS,
    ROLE_NOUNS,
    STOP,
    TIME_WORDS,
    WEAK_GENDERED,
    F,
    M,
    N,
)
from homog_bench.structures.protagonist.people import People
from homog_bench.structures.protagonist.rules import GENDER_ADJ_CUE, INTRINSIC, NONBINARY_CUE
from homog_bench.structures.protagonist.tokens import Tokens


class Cast(Protocol):
    """What this step needs of :class:`~.characters.Cast` (kept as a protocol so the two
    modules do not import each other)."""

    t: Tokens
    people: People
    entities: list[Entity]
    events: list[Event]
    aliases: dict[str, int]

    def record(self, ev: Event) -> None: ...


__all__ = ["noun_phrase"]


def noun_phrase(cast: Cast, i: int) -> int:
    """Described characters and plural referents starting at determiner ``i``."""
    t = cast.t
    low = t.low
    sent = t.sent
    pre = t.pre
    tposs = t.poss
    word = t.word
    n = len(low)
    s = sent[i]
    det = low[i]
    quoted = t.quote[i]
    rel: str | None = None
    if det in POSS_DETS:
        rel = det
    elif tposs[i]:
        rel = "poss"
    gender_adj: str | None = None
    nb = False
    j = i + 1
    limit = min(n, i + 5)
    while j < limit and sent[j] == s and (pre[j] == "" or pre[j] == ","):
        lw = low[j]
        if lw in NP_STOP or t.quote[j] != quoted:
            return 0
        if pre[j] == "," and word[j][0].isupper() and not t.free[j]:
            return 0  # "As he climbed the ladder, Jonas whistled": a name after the comma
        if tposs[j]:
            if not rel:
                rel = "poss"  # "the fisherman's daughter"
                j += 1
                continue
        elif lw in ROLE_NOUNS:
            if word[j][0].isupper() and not t.free[j] and lw not in GENDERED:
                return 0
            _role(cast, i, j, lw, rel, gender_adj, nb)
            return j + 1
        nxt = low[j + 1] if j + 1 < n else ""
        if (
            lw[-1] == "s"
            and (
                lw in GENDERED_PLURAL
                or lw[:-1] in ROLE_NOUNS
                or (
                    det in PLURAL_DETS
                    and len(lw) > 3
                    and lw not in NOT_PLURAL
                    and lw not in TIME_WORDS
                    and not lw.endswith(("ss", "us", "is", "ous"))
                    and (
                        not nxt
                        or pre[j + 1] != ""
                        or sent[j + 1] != s
                        or not (nxt[-1] == "s" or nxt in ROLE_NOUNS)
                    )
                )
            )
        ) or lw in GENDERED_PLURAL:
            if not quoted:
                cast.record(Event(i, GROUP, s, j, tag="poss" if rel else ""))
            return j + 1
        if nxt in NAME_WORDS and j + 2 < n and word[j + 2][0].isupper() and word[j][0].islower():
            # "a retired circus strongman named Boris": any noun before "named"
            _role(cast, i, j, lw, rel, gender_adj, nb)
            return j + 1
        if word[j][0].isupper() and lw not in STOP:
            return 0
        if lw == "female" or lw == "woman":
            gender_adj = F
        elif lw == "male" or lw == "man":
            gender_adj = M
        elif lw in NONBINARY_WORDS:
            nb = True
        j += 1
    return 0


def _role(
    cast: Cast, i: int, j: int, noun: str, rel: str | None, gender_adj: str | None, nb: bool
) -> None:
    t = cast.t
    low = t.low
    s = t.sent[i]
    quoted = t.quote[i]
    if quoted:
        return
    g = gender_adj or GENDERED.get(noun)
    if noun in WEAK_GENDERED and not gender_adj:
        g = None
    # predicate: "she was a young nurse", "Marcus was a quiet man"
    prev = low[i - 1] if i and t.sent[i - 1] == s else ""
    prev2 = low[i - 2] if i > 1 and t.sent[i - 2] == s else ""
    if rel is None and (
        (prev in COPULA and prev2 not in ("there", "it", "here", "this", "that"))
        or (prev == "as" and prev2 in ("worked", "work", "works", "served", "job"))
    ):
        cast.record(Event(i, PREDICATE, s, j, cls=g or "", form=noun))
        if nb:
            cast.record(Event(i, NONBINARY, s, j, form="nonbinary"))
        return
    if rel is not None and prev in COPULA and rel in POSS_DETS:
        return  # "He had been her mentor": a relation of the subject, not a new person
    # apposition: "Elara, a young nurse," -> cue for the name just before
    if rel is None and t.pre[i] == "," and cast.events:
        last = cast.events[-1]
        if (
            last.kind == MENTION
            and last.sent == s
            and last.end == i - 1
            and last.tag in ("name", "np", "alias")
        ):
            e = cast.entities[last.entity]
            if g:
                e.cue(g, noun, INTRINSIC)
            if nb:
                e.cue(N, "nonbinary", NONBINARY_CUE)
            if last.tag == "name":
                cast.aliases.setdefault(noun, last.entity)
            return
    if rel is None and noun in cast.aliases:
        eid = cast.aliases[noun]
        e = cast.entities[eid]
        e.mentions += 1
        cast.record(Event(i, MENTION, s, j, entity=eid, tag="alias"))
        return
    eid = cast.people.described(noun, rel)
    e = cast.entities[eid]
    if gender_adj:
        e.cue(gender_adj, low[j - 1] if j else noun, GENDER_ADJ_CUE)
    if nb:
        e.cue(N, "nonbinary", NONBINARY_CUE)
    e.mentions += 1
    e.first = min(e.first, i)
    cast.record(Event(i, MENTION, s, j, entity=eid, tag="np"))
    # "a young man named Sipho" handled when the name arrives (see Cast.emit_mention)
