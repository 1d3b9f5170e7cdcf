"""Step 3, characters: the people of a story and the events that mention them.

Runs of capitalised words become people (``Dr. Elara Voss``, later ``Elara`` or
``Dr. Voss``); places and organisations (``Mercy General``, "the town of
Willowbrook", "in Seoul", ``NovaTech``) are filtered out. Described characters ("the
old woman", "a young nurse named Lily", "his mother") and groups ("the children",
"Marcus and Lena") are found by :mod:`.descriptions`. Pronouns, first- and
second-person words and "nonbinary" words are recorded as events for the later steps.
"""

from __future__ import annotations

from dataclasses import replace

from homog_bench.structures.protagonist.capitals import Capitals, person_or_place
from homog_bench.structures.protagonist.descriptions import noun_phrase
from homog_bench.structures.protagonist.events import (
    GROUP,
    MENTION,
    NONBINARY,
    PRONOUN,
    QUOTED,
    Entity,
    Event,
)
from homog_bench.structures.protagonist.layout import split_layout
from homog_bench.structures.protagonist.lexicons import (
    DETS,
    FIRST_PERSON,
    GENDERED_PLURAL,
    KIN_NAME_NOUN,
    KIN_NAMES,
    KNOWN_PLACES,
    NAME_INTRO,
    NAME_VERBS,
    NEO_FAMILIES,
    NONBINARY_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_LEAD,
    PLACE_START,
    PLURAL_DETS,
    PLURAL_PRONOUNISH,
    POSS_DETS,
    PRONOUNS,
    RUN_SKIP,
    SECOND_PERSON,
    SPEECH,
    STOP,
    SUBJECT_FORMS,
    SURNAME_LIKE_ORG,
    TITLES,
    TRIGGERS,
    N,
)
from homog_bench.structures.protagonist.people import People
from homog_bench.structures.protagonist.rules import (
    INTRINSIC,
    MAX_TITLE_CHARS,
    NO_POSITION,
    OBJECT_EM,
    TITLE_CUE_FIRST,
    TITLE_CUE_LATER,
    TITLE_WORD,
    given_before,
)
from homog_bench.structures.protagonist.tokens import Tokens

__all__ = ["Cast"]


class Cast:
    """One text: its layout, tokens, characters and the events between them."""

    def __init__(self, text: str) -> None:
        title, self.prose = split_layout(text)
        self.title = title[:MAX_TITLE_CHARS]
        self.t = t = Tokens(self.prose)
        self.title_words = frozenset(
            m.group().lower() for m in TITLE_WORD.finditer(self.title) if len(m.group()) > 1
        )
        self.caps = Capitals(t, self.title_words)
        self.people = People()
        self.entities: list[Entity] = self.people.entities
        self.events: list[Event] = []
        self.place_words: set[str] = set()
        self.aliases: dict[str, int] = {}
        self.neo_ok: frozenset[str] = self._licensed_neopronouns()
        self.first_person_count = 0
        self.second_person_count = 0
        self._mentions_of: dict[int, list[int]] = {}  # mention events by character

    def _licensed_neopronouns(self) -> frozenset[str]:
        """Neopronouns in use: a distinctive form (xem, zir, eir, faer, vis …) licenses
        its family; an ambiguous one (ze, fae, per, ve, ae) needs to be a subject, and
        "em" to follow a verb in the past with no apostrophe ("asked em to write")."""
        lows = self.lows = set(self.t.low)  # every word, lower-cased (also for .evidence)
        ok: set[str] = set()
        for distinctive, ambiguous in NEO_FAMILIES:
            present = distinctive & lows
            if present:
                ok |= present | ambiguous
            elif any(self._subject_uses(form) for form in ambiguous & lows & SUBJECT_FORMS):
                ok |= ambiguous
            elif "em" in ambiguous & lows and OBJECT_EM.search(self.prose):
                ok.add("em")
        return frozenset(ok)

    def _subject_uses(self, form: str) -> int:
        """Uses of ``form`` as a bare subject: "fae hummed", "Ze climbed down"; never "the
        fae", "per week", nor a capitalised word that is also used mid-sentence (a name)."""
        t = self.t
        low = t.low
        hits = 0
        bare = 0
        for i, lw in enumerate(low):
            if lw != form or (
                t.word[i] != form and not (t.free[i] and not self.caps.mid(t.word[i]))
            ):
                continue
            if i and low[i - 1] in DETS:
                continue
            if t.word[i] == form:
                bare += 1  # the tuned rule: a lowercase "fae" twice
            nxt = i + 1
            if nxt < len(low) and t.sent[nxt] == t.sent[i] and t.pre[nxt] == "":
                nl = low[nxt]
                if nl in SPEECH or nl in NAME_VERBS or (nl.endswith("ed") and len(nl) > 3):
                    hits += 1
        return hits or (bare >= 2 and form == "fae")

    def record(self, ev: Event) -> None:
        """Append an event; mentions are indexed by character for :meth:`_absorb`."""
        if ev.kind == MENTION:
            self._mentions_of.setdefault(ev.entity, []).append(len(self.events))
        self.events.append(ev)

    # ---------------------------------------------------------------- extraction
    def extract(self) -> None:
        t = self.t
        n = len(t.word)
        low = t.low
        word = t.word
        sent = t.sent
        pre = t.pre
        quote = t.quote
        ev = self.events
        poss = t.poss
        triggers = TRIGGERS | self.neo_ok
        # only capitalised words, trigger words and possessives can start anything
        todo = [
            i
            for i, (w, lw, p) in enumerate(zip(word, low, poss, strict=True))
            if lw in triggers or p or w[0].isupper()
        ]
        skip_to = 0
        for i in todo:
            if i < skip_to:
                continue
            w = word[i]
            lw = low[i]
            if w[0].isupper() and len(w) > 1:
                j = i
                while (
                    j + 1 < n
                    and sent[j + 1] == sent[i]
                    and pre[j + 1] == ""
                    and quote[j + 1] == quote[i]
                    and not poss[j]
                    and (
                        word[j + 1][0].isupper()
                        or (
                            low[j + 1] in PARTICLES
                            and j + 2 < n
                            and word[j + 2][0].isupper()
                            and pre[j + 2] == ""
                        )
                    )
                ):
                    j += 1
                if i == j and (lw in RUN_SKIP or lw in self.neo_ok):
                    pass  # "She", "The", "When": nothing to read as a name
                elif self._family_name(i, j):  # "the Moretti family", "the Okafor twins"
                    ev.append(Event(i, GROUP, sent[i], j + 1))
                    skip_to = j + 2
                    continue
                elif self._run(i, j):
                    skip_to = j + 1
                    if poss[j]:  # "Camila's students", "Leo's twin sisters"
                        skip_to = max(skip_to, noun_phrase(self, j))
                    continue
            if lw not in triggers and not poss[i]:
                continue
            if lw in PRONOUNS or (lw in self.neo_ok and (w == lw or t.free[i])):
                if not quote[i]:
                    ev.append(Event(i, PRONOUN, sent[i], i, cls=PRONOUNS.get(lw, N), form=lw))
                if lw in POSS_DETS:
                    noun_phrase(self, i)
                continue
            if lw in FIRST_PERSON and not quote[i] and (lw != "i" or w == "I"):
                self.first_person_count += 1
            elif lw in SECOND_PERSON and not quote[i]:
                self.second_person_count += 1
            if lw in NONBINARY_WORDS:
                ev.append(Event(i, NONBINARY, sent[i], i, form=lw))
            if lw in DETS or lw in POSS_DETS or lw in PLURAL_DETS or poss[i]:
                end = noun_phrase(self, i)
                if end:
                    skip_to = end
                    continue
            if lw in PLURAL_PRONOUNISH and not quote[i]:
                ev.append(Event(i, GROUP, sent[i], i))
        ents = self.entities
        for e in ents:  # "Dr. Sipho Ndlovu's Longest Day" over prose that says "Dr. Ndlovu"
            if e.surname and not e.given and e.surname in self.title:
                m = given_before(e.surname).search(self.title)
                if m and m.group(1).lower() not in STOP and m.group(1).lower() not in TITLES:
                    e.given = m.group(1)
        self.events = sorted(
            (e for e in ev if e.kind > QUOTED or not ents[e.entity].is_place),
            key=lambda e: e.pos,
        )

    def _family_name(self, i: int, j: int) -> bool:
        """Is the capitalised run ``i..j`` a surname before a group noun ("the Moretti
        family", "the Okafor twins")? Then the words name a group, not a person."""
        t = self.t
        k = j + 1
        return (
            k < len(t.word)
            and t.sent[k] == t.sent[j]
            and t.pre[k] == ""
            and not t.poss[j]
            and not t.word[k][0].isupper()
            and t.low[k] in GENDERED_PLURAL
            and t.low[i] not in TITLES
        )

    def _run(self, i: int, j: int) -> bool:
        """Classify the capitalised run ``i..j``; emit mentions; True if consumed."""
        t = self.t
        low = t.low
        toks = range(i, j + 1)
        prev = low[i - 1] if i and t.sent[i - 1] == t.sent[i] and t.pre[i] == "" else ""
        if any(
            low[k] in ORG_WORDS and (low[k] not in SURNAME_LIKE_ORG or prev in PLACE_LEAD)
            for k in toks
            if k > i or j > i
        ) or (low[i] in PLACE_START and j > i and t.word[i + 1][0].isupper()):
            for k in toks:
                if low[k] not in STOP and low[k] not in ORG_WORDS:
                    self.place_words.add(t.word[k])
            return True
        k = i
        emitted = False
        while k <= j:
            while (
                k <= j
                and low[k] not in TITLES
                and not self.caps.namey(k)
                and not (k < j and self.caps.plain_cap(k))
            ):
                if low[k] in KIN_NAMES and t.word[k][0].isupper():
                    self._kin_name(k)
                    emitted = True
                k += 1
            titles: list[str] = []
            start = k
            while k < j and low[k] in TITLES and (t.word[k][0].isupper()):
                if low[k] == "don" and not t.word[k + 1][0].isupper():
                    break
                titles.append(low[k])
                k += 1
            names: list[str] = []
            multi = j - k >= 1
            while k <= j and len(names) < 3:
                ok = (
                    self.caps.namey(k)
                    or (bool(titles) and not names and low[k] not in STOP)
                    or (multi and self.caps.plain_cap(k))
                )
                if not ok and names and low[k] in PARTICLES:
                    k += 1
                    continue
                if not ok:
                    break
                names.append(t.word[k])
                k += 1
                if t.poss[k - 1]:
                    break
            if names:
                self._mention(start, k - 1, titles, names)
                emitted = True
            elif titles:
                if len(titles) == 1 and low[start] in KIN_NAMES:
                    self._kin_name(start)
                    emitted = True
                k = max(k, start + 1)
            if start == k:
                k += 1
        return emitted

    def _kin_name(self, k: int) -> None:
        lw = self.t.low[k]
        eid = self.people.described(KIN_NAME_NOUN[lw], "kin")
        self.emit_mention(k, k, eid)

    def _mention(self, a: int, b: int, titles: list[str], names: list[str]) -> None:
        t = self.t
        if names[0] in self.place_words or (
            len(names) == 1 and not titles and names[0].lower() in KNOWN_PLACES
        ):
            self.place_words.add(names[0])
            return
        eid = self.people.named(titles, names)
        e = self.entities[eid]
        for tl in titles:
            g = TITLES.get(tl)
            if g:
                # an honorific at the introduction ("Mr. Okafor") is reliable; one that
                # turns up later may be honorary or playful ("Sir Zoë of the Back Garden")
                e.cue(g, tl, TITLE_CUE_FIRST if e.mentions == 0 else TITLE_CUE_LATER)
        if not t.quote[a] and (titles or (len(names) == 1 and e.given and names[0] == e.surname)):
            e.formal += 1
        person, place = person_or_place(t, a, b, titles, names[0].lower())
        e.person += person
        e.place += place
        self.emit_mention(a, b, eid)

    def emit_mention(self, a: int, b: int, eid: int) -> None:
        t = self.t
        ev = self.events
        quoted = t.quote[a]
        kind = QUOTED if quoted else MENTION
        # "the nurse, Elara" / "a girl named Lily" / "my uncle, Viktor": fold the
        # description into the name (not "his mother, Rosa": another person's relative)
        if ev and not quoted:
            last = ev[-1]
            if last.kind == MENTION and last.sent == t.sent[a] and last.tag == "np":
                gap = t.low[last.end + 1 : a]
                old = self.entities[last.entity]
                intro = bool(gap) and (gap[-1] in NAME_INTRO or gap[-2:] == ["name", "of"])
                appos = not gap and t.pre[a] in (",", "") and old.relational in (None, "my")
                if (intro or appos) and old.noun and old.mentions <= 1:
                    gone = ev.pop()
                    self._mentions_of[gone.entity].remove(len(ev))
                    self.merge_description(old, eid)
            # "Her name was Kavya": the name belongs to the character just described
            lw3 = t.low[a - 3 : a] if a >= 3 else []
            if (
                len(lw3) == 3
                and lw3[1] == "name"
                and lw3[2] in ("was", "is")
                and (lw3[0] in POSS_DETS or lw3[0] in self.neo_ok)
            ):
                self._absorb_recent_description(t.sent[a], eid)
        e = self.entities[eid]
        e.mentions += 0.5 if quoted else 1.0
        if not quoted:
            e.first = min(e.first, a)
            if not t.poss[b]:
                e.bare += 1
        self.record(Event(a, kind, t.sent[a], b, entity=eid, tag="name"))

    def _absorb_recent_description(self, sent: int, eid: int) -> None:
        for recent in reversed(self.events):
            if recent.sent < sent - 3:
                return
            if recent.kind != MENTION or recent.tag != "np":
                continue
            old_id = recent.entity
            old = self.entities[old_id]
            if old.relational or old_id == eid:
                continue
            e = self.entities[eid]
            self.merge_description(old, eid)
            e.mentions += 1
            e.first = min(e.first, recent.pos)
            moved = self._mentions_of.pop(old_id, [])
            for n in moved:
                self.events[n] = replace(self.events[n], entity=eid, tag="alias")
            self._mentions_of[eid] = sorted(self._mentions_of.get(eid, []) + moved)
            return

    def merge_description(self, old: Entity, eid: int) -> None:
        e = self.entities[eid]
        for cls, words in old.cue_words.items():
            for wd, c in words.items():
                e.cue(cls, wd, INTRINSIC * c)
        e.person += 2
        old.mentions = 0
        old.first = NO_POSITION
        if old.noun:
            self.aliases[old.noun] = eid
