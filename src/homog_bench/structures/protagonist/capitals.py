"""Step 3a: which capitalised words are names.

A capitalised word is a name when capitalisation means something there (it also
occurs mid-sentence), when it recurs and is never written in lowercase, when the
title holds it, or when a lone sentence-initial word is followed by a verb
("Amaka fixed the radio"). Stop words, titles, role nouns, pronouns, CamelCase
brands and known places are not names.
"""

from __future__ import annotations

from collections import Counter

from homog_bench.structures.protagonist.lexicons import (
    AT_PERSON_VERBS,
    COMMON_NOUNS,
    COMMON_WORDS,
    DETS,
    GENDERED,
    GENDERED_PLURAL,
    KIN_NOUNS,
    KNOWN_PLACES,
    MONTHS_AMBIGUOUS,
    NAME_INTRO,
    NAME_VERBS,
    NEO_ALL,
    NEUTRAL_ROLES,
    NOUN_SUFFIXES,
    NP_STOP,
    ORG_WORDS,
    PLACE_OF_NOUNS,
    PLACE_PREPS,
    PLACE_SUFFIXES,
    POSS_DETS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH,
    STOP,
    TIME_PREPS,
    TIME_WORDS,
    TITLES,
)
from homog_bench.structures.protagonist.rules import CAMEL, CAMEL_NAME
from homog_bench.structures.protagonist.tokens import Tokens

__all__ = ["Capitals", "person_or_place"]


class Capitals:
    """Name tests over the capitalised words of one text (answers cached per word)."""

    def __init__(self, t: Tokens, title_words: frozenset[str]) -> None:
        self.t = t
        self.title_words = title_words
        self._name_cache: dict[str, bool] = {}
        self._before_verb: set[str] | None = None
        surface = Counter(t.word)
        self.cap_total = surface  # looked up with capitalised forms
        self.lower_seen = surface  # looked up with lowercase forms
        self.free_counts = Counter([t.word[i] for i in t.free_idx])

    def namey(self, i: int) -> bool:
        t = self.t
        w = t.word[i]
        if len(w) < 2 or not w[0].isupper() or w.isupper():
            return False
        if self._once_common(w):
            return False
        if "-" in w and all(part in STOP for part in t.low[i].split("-")):
            return False  # "African-American", "Japanese-American": not a name
        hit = self._name_cache.get(w)
        if hit is None:
            hit = self._namey_word(w, t.low[i])
            self._name_cache[w] = hit
        if hit:
            return True
        return self._lone_name(i)

    def _lone_name(self, i: int) -> bool:
        """A capitalised word seen once, sentence-initially: a name if a verb follows."""
        t = self.t
        lw = t.low[i]
        if (
            lw in STOP
            or lw in TITLES
            or lw in ROLE_NOUNS
            or lw in PRONOUNS
            or self.lower_seen[lw]
            or lw in KNOWN_PLACES
            or lw in NEO_ALL  # "Ze climbed down", "Eir gloves"
            or lw in GENDERED_PLURAL  # "Neighbours queued", "Children loved"
            or lw in COMMON_NOUNS  # "Fog rolled in", "Rain fell"
            or (lw[-1] == "s" and lw[:-1] in ROLE_NOUNS)
        ):
            return False
        if t.poss[i]:
            return True
        nxt = i + 1
        if nxt >= len(t.low) or t.pre[nxt] not in ("", ",") or t.sent[nxt] != t.sent[i]:
            return False
        if t.pre[nxt] == ",":
            return nxt + 1 < len(t.low) and t.low[nxt] in DETS and t.low[nxt + 1] != "and"
        nl = t.low[nxt]
        if nl == "and" and nxt + 1 < len(t.low) and t.sent[nxt + 1] == t.sent[i]:
            # "Mateo and his sisters": a person, joined to their own people
            return (
                t.low[nxt + 1] in POSS_DETS
                and not lw.endswith(NOUN_SUFFIXES)
                and lw not in COMMON_NOUNS
            )
        if lw.endswith(("ed", "ing", "ly")) and len(lw) > 5 and nl in PREPOSITIONS:
            return False  # "Nestled within the trees", "Walking along the shore"
        if nl in SPEECH or nl in NAME_VERBS or (nl.endswith("ed") and len(nl) > 4):
            return True
        # any lowercase verb-like follower, unless the word looks like a common noun
        return (
            t.word[nxt][0].islower()
            and nl not in NP_STOP
            and nl not in TIME_WORDS
            and not lw.endswith(NOUN_SUFFIXES)
            and lw not in COMMON_NOUNS
        )

    def _once_common(self, w: str) -> bool:
        """An ordinary word capitalised once ("World War II", "Imagine a city", word
        salad): not a name. A name that is also a word recurs ("Hunter" … "Hunter")."""
        return self.cap_total[w] == 1 and w.lower() in COMMON_WORDS

    def mid(self, w: str) -> int:
        """Occurrences of ``w`` where capitalisation means something (not sentence-initial)."""
        return self.cap_total[w] - self.free_counts[w]

    def _namey_word(self, w: str, lw: str) -> bool:
        if (lw in STOP or lw in TITLES or lw in GENDERED or lw in NEUTRAL_ROLES) and not (
            lw in NEUTRAL_ROLES and self.mid(w) >= 2 and lw not in STOP
        ):  # a role word is a name only when capitalised mid-sentence ("Hunter", "Sky")
            return False
        if lw in PRONOUNS or lw in NEO_ALL or (lw[-1] == "s" and lw[:-1] in STOP):
            return False
        if CAMEL.search(w) and not CAMEL_NAME.match(w):
            return False  # CamelCase brand names
        if self.mid(w):
            return True
        lower = self.lower_seen[lw]
        caps = self.cap_total[w]
        if lower == 0:
            return caps >= 2 or lw in self.title_words
        # "Rose rose before the sun … Rose never answered": capitalised more often than
        # not, and at least once followed by a verb
        return caps > lower and (caps >= 3 or (caps >= 2 and w in self._cap_before_verb()))

    def _cap_before_verb(self) -> set[str]:
        if self._before_verb is None:
            t = self.t
            found: set[str] = set()
            for i in range(len(t.word) - 1):
                w = t.word[i]
                if w[0].isupper() and t.pre[i + 1] == "" and t.sent[i + 1] == t.sent[i]:
                    nl = t.low[i + 1]
                    if nl in NAME_VERBS or nl in SPEECH or nl.endswith("ed"):
                        found.add(w)
            self._before_verb = found
        return self._before_verb

    def plain_cap(self, k: int) -> bool:
        lw = self.t.low[k]
        return (
            lw not in STOP
            and lw not in TITLES
            and lw not in ROLE_NOUNS
            and lw not in ORG_WORDS
            and not self.lower_seen[lw]
            and not self._once_common(self.t.word[k])
        )


def person_or_place(t: Tokens, a: int, b: int, titles: list[str], lw0: str) -> tuple[float, float]:
    """Evidence that the named run ``a..b`` (first name ``lw0``) is a person, and a place.

    Titles, "named X", "X said" and dialogue speak for a person; known places, place
    suffixes ("Willowbrook"), "the town of X", "in X", "at X" and an article for a place.
    """
    low = t.low
    person = 3.0 * len(titles)
    place = 0.0
    if lw0 in KNOWN_PLACES:
        place += 3
    if len(lw0) > 6 and lw0.endswith(PLACE_SUFFIXES):
        place += 1
    s = t.sent[a]
    prev = low[a - 1] if a and t.sent[a - 1] == s and t.pre[a] == "" else ""
    prev2 = low[a - 2] if a > 1 and t.sent[a - 2] == s else ""
    if not titles:
        if lw0 in MONTHS_AMBIGUOUS and prev in TIME_PREPS:
            place += 2
        elif prev == "of":
            if prev2 in KIN_NOUNS:
                person += 1
            elif prev2 in PLACE_OF_NOUNS:
                place += 2
            elif prev2 in ROLE_NOUNS or prev2 in ("all", "most", "much", "rest", "part"):
                place += 1  # "the CEO of Tidewater", "all of Manhattan"
            else:
                place += 0.5
        elif prev == "at":
            if prev2 not in AT_PERSON_VERBS:
                place += 1
        elif prev in PLACE_PREPS:
            place += 1 if prev != "from" else 0.5
    if prev in ("the", "a", "an") and not titles:
        place += 2  # "the Eteri", "a Curricyclia", "the NeuroSlack ecosystem"
    if prev in NAME_INTRO or prev in SPEECH:
        person += 2
    nxt = b + 1
    if nxt < len(t.word) and t.sent[nxt] == s and t.pre[nxt] == "" and low[nxt] in SPEECH:
        person += 1
    if t.quote[a]:
        person += 0.5
    return person, place
