"""Step 4, pronouns: each third-person pronoun of the narration goes to a character.

A centering-style preference: a subject pronoun continues the previous sentence's
subject, a possessive the current one, an object pronoun never its own clause's
subject. Genders known so far (``known``, see :mod:`.votes`) steer the choice. *They*
goes to a nearby group first and counts as a singular *they* only when the subject
it continues is a person not known to be *she* or *he*. A bare *they* with nobody
before it, one right after two people ("X met Y. They …") and one after "X and Y"
are plural.
"""

from __future__ import annotations

from collections import Counter

from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.clauses import fronted_clauses, named_after, object_her
from homog_bench.structures.protagonist.events import (
    GROUP,
    MENTION,
    NONBINARY,
    PLURAL,
    PREDICATE,
    PRONOUN,
    QUOTED,
    UNRESOLVED,
    Entity,
    inc,
)
from homog_bench.structures.protagonist.lexicons import (
    NONBINARY_WORDS,
    OBJECT_FORMS,
    OBJECT_OR_POSS,
    POSS_DETS,
    STOP,
    SUBJECT_FORMS,
    F,
    M,
    N,
    T,
)
from homog_bench.structures.protagonist.people import yields_to_named
from homog_bench.structures.protagonist.rules import GROUP_LEAD, INTRINSIC, PREDICATE_VOTE

__all__ = ["Resolver"]

_FRONT_KINDS = (MENTION, GROUP, PRONOUN)


class Resolver:
    """Pronoun resolution over the events of one :class:`Cast`."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.t = cast.t
        self.entities = cast.entities
        # "themself" (or an explicit "nonbinary") marks a singular they somewhere
        self.singular_they = not ({"themself"} | NONBINARY_WORDS).isdisjoint(cast.t.low)
        self.dialogue_sents = cast.t.dialogue
        self.front_end = fronted_clauses(cast.t)
        self.named_after = named_after(cast)
        # filled by resolve(): pronoun forms and "nonbinary"/"genderqueer" words per person
        self.cue_forms: dict[int, dict[str, Counter[str]]] = {}
        self.nb_words: dict[int, Counter[str]] = {}
        self.plural_refs = 0  # narration "they"s read as a group, in the last pass
        self.first_plural: list[int] = []  # where the first of them are (up to GROUP_LEAD)
        self._clear_now: dict[int, Counter[str]] = {}  # clear votes of the running pass
        self._group_seen = False  # a group referent earlier in the running pass

    def resolve(self, known: dict[int, str], online: bool = True) -> dict[int, Counter[str]]:
        """Attribute each narration pronoun to a character; ``known`` are genders so far."""
        t = self.t
        votes: dict[int, Counter[str]] = {}
        clear: dict[int, Counter[str]] = {}
        self.cue_forms = {}
        self.plural_refs = 0
        self.first_plural = []
        self.nb_words = {}
        self._clear_now = clear
        self._group_seen = False
        cur: list[int] = []
        prev: list[int] = []
        recent: list[int] = []
        dialog: list[int] = []
        cur_sent = -1
        last_end = -1  # end of the last character event in this sentence
        low = t.low
        anon = -1  # a pronoun before any character: cataphora ("His mother called, but Oliver…")
        anon_subject = False
        fronted_anon = False
        last_poss = -1
        front_end = -1  # "When the emperor called, a young woman named Mulan cut her hair"
        fronted: list[int] = []
        for ev in self.cast.events:
            pos, kind, s, end = ev.pos, ev.kind, ev.sent, ev.end
            if s != cur_sent:
                if cur or fronted:
                    prev = cur + fronted if cur else fronted
                cur = []
                fronted = []
                cur_sent = s
                last_end = -1
                front_end = self.front_end.get(s, -1)
            if front_end >= 0 and pos >= front_end and kind in _FRONT_KINDS:
                fronted, cur = cur, []
                front_end = -1
            if kind in (MENTION, GROUP):
                # "Marcus and Lena", "she and her brother": a conjoined subject is a group
                if (
                    last_end >= 0
                    and low[last_end + 1 : pos] == ["and"]
                    and len(cur) <= 2
                    and PLURAL not in cur
                ):
                    cur.insert(0, PLURAL)
                elif kind == MENTION and PLURAL not in cur and self.conjoined_name(pos, end):
                    cur.insert(0, PLURAL)  # "Alex and Maya" with "Alex" not read as a name
                if kind == MENTION:
                    eid = ev.entity
                    ent = self.entities[eid]
                    if anon >= 0 and ent.label and not ent.relational:
                        if not anon_subject or fronted_anon:
                            self._merge_anon(anon, eid, votes, (cur, prev, recent, fronted))
                        anon = -1
                    if ent.relational and cur and cur[-1] >= 0 and last_poss == pos:
                        cur.insert(len(cur) - 1, eid)  # "his mother": the NP outranks "his"
                    else:
                        cur.append(eid)
                    self._touch(recent, eid)
                elif (
                    ev.tag == "poss"
                    and cur
                    and cur[-1] >= 0
                    and (last_poss == pos or last_end == pos)
                ):
                    cur.insert(len(cur) - 1, PLURAL)  # "Camila's students", "her hands"
                else:
                    cur.append(PLURAL)
                    self._group_seen = kind == GROUP or self._group_seen
                last_end = end
            elif kind == QUOTED:
                self._touch(dialog, ev.entity)
            elif kind == PRONOUN:
                cls, form = ev.cls, ev.form
                look_back = fronted + prev if fronted and not cur else prev
                ref = self._antecedent(
                    cls, form, pos, cur, look_back, recent, dialog, known, clear if online else {}
                )
                if ref == UNRESOLVED and not cur and not prev and not recent:
                    if cls == T and not self.singular_they:
                        # a story that opens on a bare "they" ("They moved from room to
                        # room") is about a group or people in general, not one person
                        ref = PLURAL
                    else:
                        ref = anon = self._anonymous(cls)
                        # inside a fronted clause ("As he climbed the ladder, Jonas
                        # …"), the sentence's own name is who it is
                        fronted_anon = pos < self.front_end.get(s, -1)
                if ref == anon and ref >= 0 and form in SUBJECT_FORMS:
                    anon_subject = True
                is_clear = ref >= 0 and self._clear(s, cur, prev)
                if is_clear:
                    if ref not in clear:
                        clear[ref] = Counter()
                    clear[ref][cls] += 1
                if ref >= 0 and (online or is_clear):
                    if ref not in votes:
                        votes[ref] = Counter()
                        self.cue_forms[ref] = {}
                    votes[ref][cls] += 1
                    forms = self.cue_forms[ref]
                    if cls not in forms:
                        forms[cls] = Counter()
                    forms[cls][form] += 1
                if ref >= 0:
                    self._touch(recent, ref)
                elif ref == PLURAL:
                    self.plural_refs += 1
                    if len(self.first_plural) < GROUP_LEAD:
                        self.first_plural.append(pos)
                cur.append(ref)
                if form in POSS_DETS:
                    last_poss = pos
                else:
                    last_end = end
            elif kind == PREDICATE:
                subj = cur[0] if cur else UNRESOLVED
                if subj >= 0 and ev.cls:
                    inc(votes, subj, ev.cls, PREDICATE_VOTE)
                    if subj not in self.cue_forms:
                        self.cue_forms[subj] = {}
                    inc(self.cue_forms[subj], ev.cls, ev.form)
            elif kind == NONBINARY:
                for ref in cur[:2] or prev[:1]:
                    if ref >= 0:
                        inc(self.nb_words, ref, ev.form)
            if fronted and cur:
                cur.extend(fronted)
                fronted = []
        return votes

    def conjoined_name(self, a: int, b: int) -> bool:
        """Is the mention ``a..b`` joined by "and" to a capitalised word of its sentence?"""
        t = self.t
        low = t.low
        word = t.word
        s = t.sent[a]
        if a >= 2 and low[a - 1] == "and" and t.sent[a - 2] == s and t.pre[a - 1] == "":
            w = word[a - 2]
            if w[0].isupper() and low[a - 2] not in STOP and t.pre[a] == "":
                return True
        c = b + 2
        if c < len(low) and low[b + 1] == "and" and t.sent[c] == s and t.pre[b + 1] == "":
            w = word[c]
            return w[0].isupper() and low[c] not in STOP and t.pre[c] == ""
        return False

    def _clear(self, sent: int, cur: list[int], prev: list[int]) -> bool:
        """Is the antecedent beyond doubt? One person in view and no dialogue nearby."""
        if sent in self.dialogue_sents or sent - 1 in self.dialogue_sents:
            return False
        person = -1
        for c in cur or prev:
            if c >= 0 and c != person:
                if person >= 0:
                    return False  # a second person
                person = c
        return True

    def _merge_anon(
        self, anon: int, eid: int, votes: dict[int, Counter[str]], lists: tuple[list[int], ...]
    ) -> None:
        for lst in lists:
            for k, v in enumerate(lst):
                if v == anon:
                    lst[k] = eid
        moved = votes.pop(anon, None)
        if moved:
            votes.setdefault(eid, Counter()).update(moved)
        forms = self.cue_forms.pop(anon, None)
        if forms:
            mine = self.cue_forms.setdefault(eid, {})
            for cls, c in forms.items():
                mine.setdefault(cls, Counter()).update(c)

    def _anonymous(self, cls: str) -> int:
        """The character a story opens on with a bare pronoun; its pronoun defines it."""
        for k, e in enumerate(self.entities):
            if e.noun == "" and e.relational is None:
                return k
        e = Entity(noun="", first=0)
        e.fixed[cls] = INTRINSIC
        self.entities.append(e)
        return len(self.entities) - 1

    @staticmethod
    def _touch(stack: list[int], eid: int) -> None:
        if eid in stack:
            stack.remove(eid)
        stack.append(eid)
        if len(stack) > 6:
            del stack[0]

    def _antecedent(
        self,
        cls: str,
        form: str,
        pos: int,
        cur: list[int],
        prev: list[int],
        recent: list[int],
        dialog: list[int],
        known: dict[int, str],
        running: dict[int, Counter[str]],
    ) -> int:
        cands: list[int] = []
        if not cur:
            if prev:
                cands.append(prev[0])
                cands.extend(reversed(prev))
        else:
            subject = cur[0]
            if form in OBJECT_FORMS or (
                form in OBJECT_OR_POSS and object_her(self.t, pos)
            ):  # an object pronoun is never its own clause's subject
                own = subject
                cands.extend(c for c in reversed(cur) if c != own)
                if prev:
                    cands.append(prev[0])
                    cands.extend(reversed(prev))
                cands.append(own)
            else:
                cands.append(subject)
                cands.extend(reversed(cur))
                if prev:
                    cands.append(prev[0])
                    cands.extend(reversed(prev))
        banned = self.named_after.get(pos)
        if banned:  # "they thanked Robin": not Robin
            cands = [c for c in cands if c not in banned]
        near = len(cands)
        cands.extend(c for c in reversed(recent) if not banned or c not in banned)
        cands.extend(c for c in reversed(dialog) if not banned or c not in banned)
        if cls == T:
            # plural "they" is far more common than singular "they": a group nearby wins,
            # unless the subject it continues is a person not known to be "she" or "he"
            lead = cands[0] if cands else UNRESOLVED
            lead_g = known.get(lead) if lead >= 0 else None
            if lead >= 0 and lead_g is None and lead in running:
                run = running[lead]
                lead_g = max(run, key=run.__getitem__)
            if lead >= 0 and lead_g is None and self._group_seen:
                # "The family … they … Giulia wiped the counter while she hummed. They
                # served …": a person this pass has only seen as "she" or "he", in a
                # story with a group, is not the "they"
                so_far = self._clear_now.get(lead)
                if so_far and not so_far[T] and (so_far[F] or so_far[M]):
                    return PLURAL
            if lead == PLURAL:
                return PLURAL
            if cur and PLURAL in cur and lead_g != T:
                return PLURAL
            if not cur and PLURAL in prev and lead_g not in (T, None):
                return PLURAL
            if not cur and lead_g != T:
                # "Erykki, a child, caught the eye of Imtali, an alchemist. They were …":
                # two people in the sentence before and nobody known to be "they"
                people = {c for c in prev if c >= 0}
                if len(people) >= 2 and not any(known.get(c) == T for c in people):
                    return PLURAL
        if cls == N:
            pick = self._neo_antecedent(cands, near, known, running)
            if pick >= 0:
                return pick
        seen: set[int] = set()
        fallback = -1
        for n, c in enumerate(cands):
            if c in seen or c == UNRESOLVED:
                continue
            seen.add(c)
            if c == PLURAL:
                if cls == T and n < near:
                    return PLURAL
                continue
            g = known.get(c)
            if g is None and c in running:
                run = running[c]
                if not run[cls]:  # so far only other pronouns: take the commonest
                    g = max(run, key=run.__getitem__)
            exact = g == cls or (cls == N and g == T)
            if n < near:
                if exact or (
                    g is None
                    and not yields_to_named(self.entities, c, cands[n + 1 : near], known, cls)
                ):
                    return c
            elif exact:  # further back, someone known to fit beats an unknown
                return c
            elif g is None and fallback < 0:
                fallback = c
        return fallback if fallback >= 0 else UNRESOLVED

    def _neo_antecedent(
        self, cands: list[int], near: int, known: dict[int, str], running: dict[int, Counter[str]]
    ) -> int:
        """A neopronoun names one person: whoever already has one, else the first named
        person in view ("The mayor praised zir work" is about Cypress, not the mayor)
        not yet known to be someone else, then one further back, else the named person
        in view with no title or gendered noun and the fewest clear *she*/*he* so far (a
        neopronoun outweighs a misread "his")."""
        named = -1
        farther = -1  # a named person further back, not known to be anyone else
        weakest = -1  # else the named person in view with the least she/he evidence
        least = 0
        for n, c in enumerate(cands):
            if c < 0:
                continue
            run = running.get(c)
            if known.get(c) == N or (run is not None and run[N]):
                return c
            e = self.entities[c]
            if not e.label:
                continue
            if n >= near:
                if farther < 0 and c not in known:
                    farther = c
                continue
            if named < 0 and c not in known:
                named = c
            binary = run[F] + run[M] if run is not None else 0
            if not e.fixed and (weakest < 0 or binary < least):
                weakest, least = c, binary
        for pick in (named, farther, weakest):
            if pick >= 0:
                return pick
        return -1
