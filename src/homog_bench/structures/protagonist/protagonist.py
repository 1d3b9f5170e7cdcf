"""Step 5, the protagonist: who the story follows, and the category read for them.

A first-person narrator when the narration says "I" often enough (gendered only by
what the text says about "I", see :mod:`.narrator`), nobody for second-person
narration, otherwise the character with the highest salience (:mod:`.salience`):
mentions, resolved pronouns, being named in the title, being introduced first, having a
name; with no one salient, the lead the pronouns point to, if they nearly all agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from homog_bench.structures.protagonist import weights
from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.coherence import coherent_prefix
from homog_bench.structures.protagonist.events import PRONOUN, Entity
from homog_bench.structures.protagonist.evidence import (
    Trace,
    features,
    learned_gender,
    learned_protagonist,
    name_of,
)
from homog_bench.structures.protagonist.lexicons import CATEGORY, PLURAL_THEY_FORMS, F, M, N, T
from homog_bench.structures.protagonist.narrator import Narrator
from homog_bench.structures.protagonist.pronouns import Resolver
from homog_bench.structures.protagonist.rules import (
    FIRST_PERSON_MIN,
    FRAME_MIN,
    GROUP_DOMINANCE,
    GROUP_DOMINANT_MIN,
    GROUP_LEAD,
    GROUP_LEAD_DOMINANCE,
    GROUP_REFS,
    MAX_CHARS,
    UNNAMED_LEAD_MIN,
    UNNAMED_LEAD_SHARE,
    W_NEO,
)
from homog_bench.structures.protagonist.salience import salience
from homog_bench.structures.protagonist.stray import stray_neopronouns
from homog_bench.structures.protagonist.votes import passes

__all__ = [
    "Analysis",
    "analyse",
    "category_of",
    "decide",
    "group_they",
    "ranked_reading",
    "rule_reading",
    "salience",
    "with_stray_neopronouns",
]


@dataclass(frozen=True)
class Analysis:
    """What the shared reader decided about one text."""

    title: str
    first_person: bool
    protagonist_name: str | None
    gender: str  # woman / man / nonbinary / unknown
    cues: dict[str, int]
    narrator: bool = False


def decide(
    votes: Counter[str],
    fixed: Counter[str],
    words: dict[str, Counter[str]],
    nb_words: Counter[str],
    standalone: bool = True,
) -> tuple[str, dict[str, int]]:
    """Weigh pronoun votes and fixed cues (titles, gendered nouns) into a category.

    A singular *they* needs a person the narration mentions on their own at least
    once: a "they" chain hanging off a lone possessive ("Marisol's shop …; their
    bread … they …") is far more often the shop, a team or a company than one person.
    Where the generation turns into word salad, the person must be named twice: a
    capitalised word said once there is rarely anyone.
    """
    nb = sum(nb_words.values())
    score: Counter[str] = Counter()
    score[F] = votes[F] + fixed[F]
    score[M] = votes[M] + fixed[M]
    # singular "they" is the marked reading: it needs two votes and a clear lead over she/he
    single_they = votes[T] if votes[T] >= 2 and votes[T] > 2 * max(votes[F], votes[M]) else 0
    if not standalone:
        single_they = 0
    if nb and votes[T]:
        single_they = votes[T]
    # a neopronoun is unambiguous: one outweighs a few she/he misread onto the person
    score[N] = W_NEO * votes[N] + fixed[N] + single_they + fixed[T]
    if nb and score[N] > 0:
        score[N] += 5 * nb
    if not any(score.values()):
        return "unknown", {}
    ranked = score.most_common(2)
    best, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if top <= 0 or top == runner_up:
        return "unknown", {}  # nothing, or an even conflict ("a girl" then "He …")
    cues: Counter[str] = Counter()
    for cls in (N, T) if best == N else (best,):
        cues.update(words.get(cls, Counter()))
    if best == N:
        cues.update(nb_words)
    return CATEGORY[best], dict(cues.most_common())


@lru_cache(maxsize=512)
def analyse(text: str) -> Analysis:
    """Read ``text`` once for both the gender and the name extractor (cached).

    Only the first :data:`~.rules.MAX_CHARS` (20,000) characters are read. The rules'
    reading of a story told about someone else goes through the learned decision
    (:mod:`.evidence`): a ranker may choose another of the top candidates (read by the
    same rules) or no named protagonist, and a classifier may change the category. A
    *they* left without its name by the ranker reads ``unknown`` (:func:`group_they`).

    >>> analyse("Kai checked their bag. They were late again, and Kai knew it.").gender
    'nonbinary'
    """
    reading, trace = rule_reading(text)
    if trace is None:
        return reading  # told in the first or second person
    if not (weights.CLASSES or weights.RANKS):  # the learned steps are off
        return with_stray_neopronouns(reading, trace, trace.pid)
    rule_name = reading.protagonist_name
    x = features(trace, reading.gender)
    k = learned_protagonist(trace, x)
    if k is not None and k != trace.pid:
        own = ranked_reading(trace, k)
        if own is not None:
            chosen = Analysis(reading.title, False, name_of(trace, k), *own)
            return with_stray_neopronouns(chosen, trace, k)
        reading = replace(reading, protagonist_name=name_of(trace, k))
    elif k is None and trace.pid is not None:
        reading = replace(reading, protagonist_name=None)
    reading = with_stray_neopronouns(reading, trace, k)
    gender = learned_gender(reading.gender, x)
    if gender != reading.gender:
        reading = replace(reading, gender=gender, cues=trace.cues_for(gender))
    if group_they(reading.gender, rule_name, reading.protagonist_name, reading.cues):
        return replace(reading, gender="unknown", cues={})
    return reading


def group_they(
    gender: str, rule_name: str | None, name: str | None, cues: Mapping[str, int]
) -> bool:
    """Whether a nonbinary reading rests on *they* alone, given to a name the rules took
    for the protagonist (``rule_name``) and the learned ranker then set aside as no named
    protagonist (``name`` None): in the labeled sets such a *they* is a group's
    (``group_no_protagonist``) far more often than one person's, so the story reads
    ``unknown``. A neopronoun, *themself*, a title or an explicit word keeps the reading,
    and so does a described character the rules never named ("A traveller … They").

    >>> group_they("nonbinary", "Lox", None, {"they": 4, "their": 2})
    True
    >>> group_they("nonbinary", "Kai", "Kai", {"they": 4})  # the ranker kept the name
    False
    >>> group_they("nonbinary", None, None, {"they": 3})  # a described character
    False
    >>> group_they("nonbinary", "Lox", None, {"they": 3, "themself": 1})
    False
    """
    return (
        gender == "nonbinary"
        and bool(rule_name)
        and not name
        and bool(cues)
        and set(cues) <= PLURAL_THEY_FORMS
    )


def rule_reading(text: str) -> tuple[Analysis, Trace | None]:
    """The hand-written rules' reading of ``text`` and, when it is a story told about
    someone else, the evidence behind it (:class:`.evidence.Trace`)."""
    read = text[:MAX_CHARS]
    prose = coherent_prefix(read)
    cast = Cast(prose)
    cast.extract()
    third: Counter[str] = Counter()
    for ev in cast.events:
        if ev.kind == PRONOUN:
            third[ev.cls] += 1
    n_i = cast.first_person_count
    top_third = max(third[F], third[M], third[N])
    n_you = cast.second_person_count
    if n_you >= 4 and n_you >= top_third and n_you > n_i:
        # second-person narration ("You clock in at seven"): the reader is the protagonist
        return Analysis(cast.title, False, None, "unknown", {}, narrator=True), None
    told: Analysis | None = None
    if (
        n_i >= FIRST_PERSON_MIN and n_i >= 0.5 * top_third
    ):  # a first-person narrator tells their own story
        narrator = Narrator(cast)
        cat, cues = decide(Counter(), narrator.cues, narrator.words, Counter())
        if cat == "unknown" and narrator.name is not None:
            # "My name was Emilia Grey … Emilia had been watching them, and she …": a
            # narrator who also tells of themself by name is gendered by those pronouns
            cat, cues = _named_self(cast, narrator.name)
        told = Analysis(cast.title, True, narrator.name, cat, cues, narrator=True)
        # a narrator with no name and no gender who says "she" (or "he") more often than
        # "I", and often (FRAME_MIN), may only frame the story of someone named or
        # described ("As I stepped into the classroom … She might be a woman named Mia")
        if cat != "unknown" or narrator.name is not None or top_third <= max(n_i, FRAME_MIN):
            return told, None
    trace = Trace(cast, len(prose) / len(read) if read else 1.0, told is not None, third)
    third_person, anchored = _third_person(trace)
    if told is not None and not anchored:
        return told, None  # "My wife found the ring … a patient woman …": the narrator's story
    return third_person, trace


def _third_person(trace: Trace) -> tuple[Analysis, bool]:
    """The reading of a story told about someone else: the most salient character, and
    whether they are anchored by a name, a title or a gendered noun ("a weathered
    man"). ``trace`` receives the resolver, the votes and the salience scores."""
    cast = trace.cast
    ents = cast.entities
    res = trace.res = Resolver(cast)
    votes = trace.votes = passes(res)
    pid = salience(cast, votes, trace.scores, trace.sentences)
    if pid is not None and _unsupported(cast, res, ents[pid], votes.get(pid)):
        pid = None
    if pid is None:
        return _unnamed_lead(cast, trace.third), False
    if _group_story(res, ents[pid], votes.get(pid)):
        return Analysis(cast.title, False, None, "unknown", {}), False
    trace.pid = pid
    e = ents[pid]
    cat, cues = category_of(trace, pid)
    name = name_of(trace, pid)
    return Analysis(cast.title, False, name, cat, cues), bool(name or e.fixed)


def _unnamed_lead(cast: Cast, third: Counter[str]) -> Analysis:
    """The reading when no character stands out: ``unknown``, unless nearly all of the
    narration's third-person pronouns are of one gendered class (:data:`UNNAMED_LEAD_MIN`
    and :data:`UNNAMED_LEAD_SHARE`): "The CEO … He had hired … his decision": a lead the
    reader could not tie to a name or a description is still the one the story follows.

    >>> _unnamed_lead(Cast("x"), Counter({F: 5, T: 1})).gender
    'woman'
    >>> _unnamed_lead(Cast("x"), Counter({F: 3, T: 2})).gender  # a group's story, too
    'unknown'
    """
    total = sum(third.values())
    for cls in (F, M, N):
        n = third.get(cls, 0)
        if n >= UNNAMED_LEAD_MIN and n >= UNNAMED_LEAD_SHARE * total:
            cues = Counter(ev.form for ev in cast.events if ev.kind == PRONOUN and ev.cls == cls)
            return Analysis(cast.title, False, None, CATEGORY[cls], dict(cues.most_common()))
    return Analysis(cast.title, False, None, "unknown", {})


def ranked_reading(trace: Trace, k: int) -> tuple[str, dict[str, int]] | None:
    """Category and cues of candidate ``k`` when the learned ranker chooses it over the
    rules' protagonist; None when the rules gave it no cue: the pronouns they tied to the
    character passed over are then the best evidence left, so the rules' gender stands."""
    cat, cues = category_of(trace, k)
    return None if cat == "unknown" else (cat, cues)


def category_of(trace: Trace, k: int) -> tuple[str, dict[str, int]]:
    """The category of character ``k`` of a story told about someone else, and its cues
    (where the generation turns into word salad, a person named once is no singular
    *they*: see :func:`decide`)."""
    res = trace.res
    assert res is not None
    e = trace.cast.entities[k]
    words: dict[str, Counter[str]] = {}
    for cls, c in e.cue_words.items():
        words.setdefault(cls, Counter()).update(c)
    for cls, c in res.cue_forms.get(k, {}).items():
        words.setdefault(cls, Counter()).update(c)
    return decide(
        trace.votes.get(k, Counter()),
        e.fixed,
        words,
        res.nb_words.get(k, Counter()),
        standalone=(e.mentions >= 2 or bool(e.noun) or (e.bare > 0 and trace.kept >= 1))
        and not (e.noun and not _subject_they(res.cue_forms.get(k, {}))),
    )


def with_stray_neopronouns(reading: Analysis, trace: Trace, k: int | None) -> Analysis:
    """``reading`` of lead ``k``, nonbinary when :func:`stray_neopronouns` applies to a
    *she* or *he* reading."""
    if reading.gender not in ("woman", "man"):
        return reading
    stray = stray_neopronouns(trace, k)
    return replace(reading, gender="nonbinary", cues=stray) if stray else reading


def _subject_they(forms: dict[str, Counter[str]]) -> bool:
    """Is one of a person's *they* a subject ("They asked for nothing") or "themself"?
    An unnamed "figure" who is only "around them" or "of their own" is not a singular
    *they*: those forms as often mean a thing or a group."""
    they = forms.get(T)
    return they is not None and bool(they["they"] or they["themself"])


def _named_self(cast: Cast, name: str) -> tuple[str, dict[str, int]]:
    """The category of the third-person character who bears the narrator's name."""
    res = Resolver(cast)
    votes = passes(res)
    for k, e in enumerate(cast.entities):
        if e.label == name and not e.noun and k in votes:
            forms = res.cue_forms.get(k, {})
            return decide(votes[k], e.fixed, forms, Counter(), standalone=e.bare > 0)
    return "unknown", {}


def _unsupported(cast: Cast, res: Resolver, e: Entity, mine: Counter[str] | None) -> bool:
    """A lone capitalised word is no protagonist: named once, with no pronoun, title or
    gendered noun, no surname, and not as a sentence's subject ("… nails Frenchy
    cleaning hands …" in word salad; "Sarah was lying on the couch" is kept)."""
    if e.mentions > 1 or mine or e.fixed or (e.given and e.surname) or e.noun is not None:
        return False
    t = cast.t
    k = e.first
    if k >= len(t.low) or k == 0 or t.sent[k - 1] != t.sent[k]:
        return False
    return res.front_end.get(t.sent[k]) != k


def _group_story(res: Resolver, e: Entity, mine: Counter[str] | None) -> bool:
    """No single protagonist: the narration's pronouns go to a group ("The four sisters
    … they … they"), none to the most salient character ("the father kneaded"), who
    has no title either ("Mx. Quinn Adair … They …" is Quinn's story); or the group's
    "they"s outnumber the most salient character's own pronouns many times over (a
    family of five followed as one, where one member is "she" once or twice), or three
    to one when the group had three "they"s before that character was first named."""
    own = sum(mine.values()) if mine else 0
    if own and res.plural_refs >= GROUP_DOMINANT_MIN and res.plural_refs > GROUP_DOMINANCE * own:
        return True
    if (
        len(res.first_plural) == GROUP_LEAD
        and res.first_plural[-1] < e.first
        and res.plural_refs > GROUP_LEAD_DOMINANCE * own
    ):
        return True  # "The Haddad sisters … they … they … they. Nour, the eldest, …"
    if res.plural_refs < GROUP_REFS or own:
        return False
    return not e.fixed or e.noun is not None
