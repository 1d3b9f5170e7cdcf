"""Step 4b, votes: which pronouns are sure, which genders are known, and the passes.

A cautious pass counts only the obvious cases (:func:`strong_votes`); binding rules
out some readings (:func:`anti_votes`: "X kissed him" says X is not *he*); nouns and
titles settle a person outright; in a story with one *she* and one *he*, settling one
settles the other (:func:`provisional`). Resolution then runs again with the genders
found so far (:func:`passes`).
"""

from __future__ import annotations

from collections import Counter

from homog_bench.structures.protagonist.clauses import object_her
from homog_bench.structures.protagonist.events import GROUP, MENTION, PRONOUN, Entity, inc
from homog_bench.structures.protagonist.lexicons import (
    CLAUSE_BREAK,
    OBJECT_FORMS,
    OBJECT_OR_POSS,
    REFLEXIVE,
    SUBJECT_FORMS,
    F,
    M,
    N,
    T,
)
from homog_bench.structures.protagonist.pronouns import Resolver
from homog_bench.structures.protagonist.rules import (
    ANTI_VOTE,
    INTRINSIC,
    NO_POSITION,
    ONLINE_PASSES,
    STRONG_VOTE,
    THEY_SETTLE,
)

__all__ = ["anti_votes", "passes", "provisional", "strong_votes"]


def strong_votes(res: Resolver) -> dict[int, Counter[str]]:
    """Pronouns whose antecedent is hardly in doubt.

    A possessive or subject pronoun in a sentence whose only character so far is one
    person ("Kai adjusted their glasses"), and the subject pronoun that opens the
    sentence after one that mentions a single person and nobody else. A person joined
    to a capitalised word by "and" ("Leo and Hana carried their tent") is one of two.
    """
    out: dict[int, Counter[str]] = {}
    sole_prev = -1  # the only character of the previous sentence, if exactly one
    cur_sent = -1
    sole = -1
    crowded = False
    seen_char = False
    cls_seen = ""
    cls_prev = ""  # the first pronoun class of the previous sentence
    sole_end = -1
    dialogue = res.dialogue_sents
    low = res.t.low
    for ev in res.cast.events:
        pos, kind, s, end = ev.pos, ev.kind, ev.sent, ev.end
        if s != cur_sent:
            adjacent = s == cur_sent + 1 and cur_sent not in dialogue
            sole_prev = sole if seen_char and not crowded and adjacent else -1
            cls_prev = cls_seen if adjacent else ""
            cur_sent = s
            sole = -1
            crowded = False
            seen_char = False
            cls_seen = ""
        if kind == MENTION:
            eid = ev.entity
            if res.entities[eid].relational:
                crowded = True
            elif sole == -1 and not crowded:
                if "and" in low[pos - 1 : end + 2] and res.conjoined_name(pos, end):
                    crowded = True  # "Alex and Maya" are two people
                else:
                    sole = eid
                    sole_end = end
            elif sole != eid:
                crowded = True
            seen_char = True
        elif kind == GROUP:
            crowded = True
            seen_char = True
        elif kind == PRONOUN:
            a, b = ev.cls, ev.form
            if cls_seen and a != cls_seen:
                crowded = True
            if s in dialogue:  # '"…," she said': speakers alternate, nothing is sure
                crowded = True
                seen_char = True
                continue
            # "Giulia wiped the counter while she hummed. They …": an opening "they"
            # after a sentence whose pronoun was "she" or "he" is a group's
            if (
                not seen_char
                and sole_prev >= 0
                and b in SUBJECT_FORMS
                and not (a == T and cls_prev not in ("", T))
            ):
                inc(out, sole_prev, a)
                sole = sole_prev
                sole_end = pos
            elif (
                sole >= 0
                and not crowded
                and b not in OBJECT_FORMS
                and not (b in OBJECT_OR_POSS and object_her(res.t, pos))
                and (b in REFLEXIVE or pos - sole_end <= 3)
                # a neopronoun names one person, rarely "the mayor" of "The mayor
                # praised zir work": left to resolution, which prefers a named person
                and (a != N or res.entities[sole].label is not None)
            ):
                inc(out, sole, a)
            elif b in OBJECT_FORMS or sole < 0:
                crowded = True
            cls_seen = cls_seen or a
            seen_char = True
    return out


def anti_votes(res: Resolver) -> dict[int, Counter[str]]:
    """Binding: an object pronoun is not the subject of its own clause.

    "Ines put down the kettle and kissed him" says Ines is not "he". Only the first
    character after the subject counts, with no subordinate clause in between.
    """
    out: dict[int, Counter[str]] = {}
    t = res.t
    cur_sent = -1
    subject = -1
    subject_end = -1
    for ev in res.cast.events:
        pos, kind, s, end = ev.pos, ev.kind, ev.sent, ev.end
        if s != cur_sent:
            cur_sent = s
            subject = -2
        if subject == -2:
            subject = -1
            if kind == MENTION and not t.poss[end]:
                eid = ev.entity
                if not res.entities[eid].relational:
                    subject = eid
                    subject_end = end
            continue
        if subject < 0:
            continue
        b = ev.form
        if kind == PRONOUN and (b in OBJECT_FORMS or (b in OBJECT_OR_POSS and object_her(t, pos))):
            between = t.low[subject_end + 1 : pos]
            if (
                not any(w in CLAUSE_BREAK for w in between)
                and "," not in t.pre[subject_end + 1 : pos + 1]
            ):
                inc(out, subject, ev.cls)
        if kind in (MENTION, PRONOUN, GROUP):
            subject = -1
    return out


def provisional(
    entities: list[Entity],
    votes: dict[int, Counter[str]] | None,
    strong: dict[int, Counter[str]],
    anti: dict[int, Counter[str]],
    binary: bool,
) -> dict[int, str]:
    """Genders so far: decisive majorities, and "not he" -> "she" when only she/he occur.

    A singular *they* is the marked reading: one sure "their" (weight 2) does not settle
    it, so that a later "she" or "he" can still go to that person.
    """
    known: dict[int, str] = {}
    for k, e in enumerate(entities):
        if e.fixed:
            cls0 = max(e.fixed, key=e.fixed.__getitem__)
            if e.fixed[cls0] >= INTRINSIC:  # "the emperor", "the old woman": settled
                known[k] = cls0
                continue
        mine = votes.get(k) if votes else None
        backed = strong.get(k)
        against = anti.get(k)
        if not (e.fixed or mine or backed or against):
            continue
        total: dict[str, int] = dict(e.fixed)
        if mine:
            for cls, c in mine.items():
                total[cls] = total.get(cls, 0) + c
        if backed:
            for cls, c in backed.items():
                total[cls] = total.get(cls, 0) + STRONG_VOTE * c
        if against:
            for cls, c in against.items():
                total[cls] = total.get(cls, 0) - ANTI_VOTE * c
        positive = [(c, cls) for cls, c in total.items() if c > 0]
        if positive:
            positive.sort(reverse=True)
            c1, top = positive[0]
            c2 = positive[1][0] if len(positive) > 1 else 0
            if c1 >= (THEY_SETTLE if top == T else 2) and c1 >= 2 * c2:
                known[k] = top
                continue
        if binary and against and not positive:
            ruled_out = {cls for cls, c in total.items() if c < 0} & {F, M}
            if len(ruled_out) == 1:
                known[k] = M if F in ruled_out else F
    if binary:
        # a she and a he in the narration and two people: if one is settled, the other is
        # most likely the other one (couples, mentor and student, rivals); the person a
        # story opens on with a bare "He proposed …" counts as one of the two
        named = sorted(
            (
                k
                for k, e in enumerate(entities)
                if e.label and e.mentions >= 1 and e.first < NO_POSITION
            ),
            key=lambda k: -entities[k].mentions,
        )[:2]
        if len(named) == 1:
            named += [k for k, e in enumerate(entities) if e.noun == "" and e.fixed][:1]
        if len(named) == 2:
            a, b = named
            if a in known and b not in known and known[a] in (F, M):
                known[b] = M if known[a] == F else F
            elif b in known and a not in known and known[b] in (F, M):
                known[a] = M if known[b] == F else F
    return known


def passes(res: Resolver) -> dict[int, Counter[str]]:
    """Cautious first pass, then passes that use the genders found so far: the votes."""
    ents = res.entities
    strong = strong_votes(res)
    anti = anti_votes(res)
    classes = Counter(ev.cls for ev in res.cast.events if ev.kind == PRONOUN)
    # only she and he in play (a "they" or two is a group): one settled person settles
    # the other in a two-person story, see _provisional
    binary = bool(classes[F] and classes[M]) and not classes[N] and classes[T] <= 2
    known = provisional(ents, None, strong, anti, binary)
    votes = res.resolve(known, online=False)
    for _ in range(ONLINE_PASSES):
        known = provisional(ents, votes, strong, anti, binary)
        votes = res.resolve(known)
    return votes
