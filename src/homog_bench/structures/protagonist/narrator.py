"""Step 5a, a first-person narrator: gender and name from what the text says about *I*.

Gendered only by the narrator's own words ("I was a young man", "As a mother, I …",
"I'm nonbinary"), a title in "my name is Mrs. Okafor", and what others call the
narrator in dialogue ("ma'am", "Dad", "Mrs. Okafor") — never by the narrator's
partner ("my wife" says nothing about the narrator).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.events import QUOTED, inc
from homog_bench.structures.protagonist.lexicons import (
    GENDERED,
    NONBINARY_WORDS,
    ROLE_NOUNS,
    SPEECH,
    STOP,
    TITLES,
    VOCATIVE,
    N,
)
from homog_bench.structures.protagonist.rules import (
    NARRATOR_CUE,
    NO_POSITION,
    NONBINARY_CUE,
    SELF_NAMES,
    SELF_NB,
    SELF_NOUN,
)
from homog_bench.structures.protagonist.tokens import Tokens

__all__ = ["Narrator"]


class Narrator:
    """Gender and name of a first-person narrator from what the text says about ``I``."""

    def __init__(self, cast: Cast) -> None:
        self.cues: Counter[str] = Counter()
        self.words: dict[str, Counter[str]] = {}
        self.name: str | None = None
        t = cast.t
        prose_text = cast.prose
        for m in SELF_NOUN.finditer(prose_text):
            noun = (m.group(1) or m.group(2)).lower()
            g = GENDERED.get(noun)
            if g:
                self._add(g, noun, NARRATOR_CUE)
        if SELF_NB.search(prose_text):
            self._add(N, "nonbinary", NONBINARY_CUE)
        for pattern in SELF_NAMES:
            for named in pattern.finditer(prose_text):
                word = named.group(2)
                lw = word.lower()
                if lw in STOP or lw in ROLE_NOUNS or lw in NONBINARY_WORDS:
                    continue
                title = (named.group(1) or "").lower()
                if self.name is None:
                    self.name = word
                g = TITLES.get(title) if title else None
                if g:
                    self._add(g, title, NARRATOR_CUE)
        # dialogue addressed to the narrator (spoken by someone else)
        narration_names = {
            e.label for e in cast.entities if e.label and e.first < NO_POSITION and not e.noun
        }
        dialog_only: list[tuple[str | None, str | None, bool, bool]] = []
        quoted = [k for k, q in enumerate(t.quote) if q]
        spans: list[tuple[int, int]] = []
        for k in quoted:  # runs of quoted words, split where a new quote opens
            if spans and spans[-1][1] == k - 1 and t.pre[k] != "q":
                spans[-1] = (spans[-1][0], k)
            else:
                spans.append((k, k))
        q_events = [(ev.pos, ev.end, ev.entity) for ev in cast.events if ev.kind == QUOTED]
        q_pos = [pos for pos, _end, _eid in q_events]  # in text order: events are sorted
        for i, j in spans:
            speaker_is_me = self._spoken_by_me(t, i, j)
            if not speaker_is_me:
                for k in range(i, j + 1):
                    lw = t.low[k]
                    g = VOCATIVE.get(lw)
                    if g is None:
                        continue
                    vocative = (
                        k == j or t.pre[k] in (",", "q") or t.pre[k + 1] in (",", ".", "!", "?")
                    )
                    if vocative and (
                        lw not in ("miss", "lady", "boy", "girl")
                        or t.word[k][0].isupper()
                        or t.pre[k] == ","
                    ):
                        self._add(g, lw, 1)
            for pos, end, eid in q_events[bisect_left(q_pos, i) : bisect_right(q_pos, j)]:
                e = cast.entities[eid]
                if e.label and e.label not in narration_names:
                    title_g = e.fixed.most_common(1)[0][0] if e.fixed else None
                    dialog_only.append((e.label, title_g, speaker_is_me, _vocative(t, pos, end)))
        if self.name is None:
            # a name someone else says to the narrator: "Thank you, Ines," not "Arthur
            # bought me another one" (a third person in the speaker's story)
            others = [d for d in dialog_only if not d[2] and d[3]]
            pick = others[0] if others else None
            if pick is None:
                titled = [d for d in dialog_only if d[1]]
                pick = titled[0] if titled else None
            if pick:
                self.name = pick[0]
                if pick[1]:
                    self._add(pick[1], "title", NARRATOR_CUE)

    @staticmethod
    def _spoken_by_me(t: Tokens, i: int, j: int) -> bool:
        s0, s1 = t.sent[i], t.sent[j]
        for k in range(max(0, i - 6), min(len(t.word), j + 6)):
            if t.quote[k]:
                continue
            if (t.sent[k] in (s0, s1) or (t.sent[k] == s1 + 1 and k > j)) and t.word[k] == "I":
                nxt = t.low[k + 1] if k + 1 < len(t.low) else ""
                if nxt in SPEECH or t.low[k - 1] in SPEECH:
                    return True
        return False

    def _add(self, cls: str, word: str, weight: int) -> None:
        self.cues[cls] += weight
        inc(self.words, cls, word)


def _vocative(t: Tokens, a: int, b: int) -> bool:
    """Is the quoted name ``a..b`` set off as a form of address ("Ines," / ", Ines.")?"""
    before = t.pre[a] in ("q", ",") or a == 0 or t.sent[a - 1] != t.sent[a]
    nxt = b + 1
    after = nxt >= len(t.word) or t.sent[nxt] != t.sent[b] or t.pre[nxt] in (",", ".", "q")
    return before and after


# --------------------------------------------------------------------------- decision
