"""Step 5a, salience: which character of a story told about someone else stands out.

Mentions (a character named in many sentences, not one named many times in a few),
resolved pronouns, being named in the title, being introduced first and having a name
add up; other people's relatives and places never count. A side character the narration
keeps at the distance of a title and surname yields to the person it calls by given name.
"""

from __future__ import annotations

from collections import Counter

from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.events import MENTION, Entity
from homog_bench.structures.protagonist.lexicons import N
from homog_bench.structures.protagonist.rules import (
    FORMAL_YIELD,
    INFORMAL_MIN,
    INFORMAL_REFS,
    NAMED_BONUS,
    NO_POSITION,
    W_FIRST,
    W_REFS,
    W_RELATIONAL,
    W_REPEAT,
    W_TITLE,
    W_TITLE_NOUN,
)

__all__ = ["salience"]


def salience(
    cast: Cast,
    votes: dict[int, Counter[str]],
    scores: dict[int, float] | None = None,
    sentences: dict[int, set[int]] | None = None,
) -> int | None:
    """The protagonist: mentions, resolved pronouns, title, first introduction, a name;
    among the named people with a neopronoun when there are any. ``scores`` and
    ``sentences``, when given, receive every candidate's salience and the narration
    sentences that name each character."""
    title_words = cast.title_words
    best: tuple[float, int] | None = None
    if scores is None:
        scores = {}
    if sentences is None:
        sentences = {}
    firsts = sorted(
        (e.first, k)
        for k, e in enumerate(cast.entities)
        if e.first < NO_POSITION and not _excluded(e)
    )
    first_id = firsts[0][1] if firsts else -1
    for ev in cast.events:
        if ev.kind == MENTION:
            sentences.setdefault(ev.entity, set()).add(ev.sent)
    # a neopronoun is a deliberate choice for the person a story is about: when named
    # people carry one, the protagonist is one of them
    neo_people = {k for k, v in votes.items() if v[N] and cast.entities[k].label}
    for k, e in enumerate(cast.entities):
        if _excluded(e):
            continue
        if neo_people and k not in neo_people:
            continue
        mine = votes.get(k)
        refs = sum(mine.values()) if mine else 0
        # a character named in many sentences, not one named many times in a few
        # ("Lucas loves Lucas... Lucas loves Lucas"): repeats count a quarter
        n_sent = len(sentences.get(k, ()))
        halves = e.mentions - int(e.mentions)  # mentions inside dialogue count 0.5
        mentions = min(e.mentions, n_sent + halves + W_REPEAT * (e.mentions - n_sent))
        score = mentions + W_REFS * refs
        if score <= 0:
            continue
        if e.label and (
            e.label.lower() in title_words
            or (e.surname and e.surname.lower() in title_words)
            or (e.given and e.given.lower() in title_words)
        ):
            score += W_TITLE
        elif e.noun and e.noun in title_words:
            score += W_TITLE_NOUN
        if k == first_id and (refs or e.mentions >= 2):
            score += W_FIRST
        if e.label:
            score += NAMED_BONUS
        if e.relational:
            score -= W_RELATIONAL
        if best is None or score > best[0]:
            best = (score, k)
        scores[k] = score
    if best is None:
        return None
    return _informal_lead(cast, votes, scores, best[1])


def _informal_lead(
    cast: Cast, votes: dict[int, Counter[str]], scores: dict[int, float], top: int
) -> int:
    """A story's narration keeps the distance of a title and surname to a side
    character ("Mrs. Finch", "Ms. Draper", "Reyes") and calls the person it follows by
    their given name ("Emeka", "Luis"): when the most salient character is mostly called
    formally, a character named by given name alone in at least :data:`INFORMAL_MIN`
    narration mentions (or twice, with :data:`INFORMAL_REFS` pronouns), with pronouns of
    their own and at least :data:`FORMAL_YIELD` of the salience, is the protagonist."""
    ents = cast.entities
    e = ents[top]
    if not e.bare or 2 * e.formal < e.bare:
        return top
    rivals = []
    for k, score in scores.items():
        r = ents[k]
        own = sum(votes[k].values()) if k in votes else 0
        informal = r.bare - r.formal
        if (
            k != top
            and r.given
            and 2 * r.formal < r.bare
            and own
            and (informal >= INFORMAL_MIN or (informal >= 2 and own >= INFORMAL_REFS))
            and score >= FORMAL_YIELD * scores[top]
        ):
            rivals.append((score, k))
    return max(rivals)[1] if rivals else top


def _excluded(e: Entity) -> bool:
    """Places and other people's relatives ("his mother") are never the protagonist."""
    return e.is_place or (e.relational is not None and e.relational not in ("my", "kin"))
