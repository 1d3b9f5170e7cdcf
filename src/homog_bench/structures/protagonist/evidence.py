"""Step 6, the learned decision: the rules' evidence as numbers, and a linear model over it.

The hand-written steps already weigh a story's characters (mentions, pronouns by class,
title, first introduction, names, formality) and its narration (first-person words,
group *they*, word salad). :func:`features` lays that evidence out as one vector per
story told about someone else: the top :data:`SLOTS` candidates by salience, then the
story as a whole, then the rules' own reading (one-hot). A multinomial logistic
regression over those features (Cox 1958, *JRSS B* 20:215; fit with an L2 penalty,
Hoerl & Kennard 1970) decides the gender category, and a second one over the options
"candidate 1 / 2 / 3 / no named protagonist" ranks the candidates (the chosen one is
read by the same rules). Their coefficients are plain numbers in :mod:`.weights`,
written by ``benchmarks/fit_reader.py`` from the tune files only; a step with no
classes there is off. In this version the ranker is on (it passed the script's
shipping rule for names) and the gender classifier is off. A candidate the ranker
prefers but the rules gave no gender cue keeps the rules' gender (:func:`analyse`).

First- and second-person narration never reaches this step: the rules' reading stands.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from operator import mul

from homog_bench.structures.protagonist import weights
from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.lexicons import (
    CATEGORY,
    COMMON_NOUNS,
    COMMON_WORDS,
    GIVEN_NAMES,
    NAME_INTRO,
    POV_VERBS,
    SUBJECT_FORMS,
    F,
    M,
    N,
    T,
)
from homog_bench.structures.protagonist.pronouns import Resolver
from homog_bench.structures.protagonist.rules import NO_POSITION

__all__ = [
    "FEATURES",
    "GENDERS",
    "SLOTS",
    "Trace",
    "features",
    "learned_gender",
    "named_outright",
]

GENDERS = ("woman", "man", "nonbinary", "unknown")
SLOTS = 3  # candidates described, by salience
#: The ranker's options: one of the top candidates, or no named protagonist.
RANK_OPTIONS = (*(f"c{i}" for i in range(SLOTS)), "none")
_CLASSES = (F, M, T, N)
_POV_PRONOUNS = {"she": F, "he": M, "they": T}
_NONE: Counter[str] = Counter()  # no votes (never written to)
# per candidate: values, then counts (read as log1p: 10 and 20 are close)
_CANDIDATE = (
    "present",
    "salience",
    "first",
    "given",
    "formal",
    "described",
    "title",
    "rule",
    "named",
    "common",
    "last",
    "known_name",
)
_CANDIDATE_COUNTS = (
    "mentions",
    "sentences",
    "she",
    "he",
    "they",
    "neo",
    "subject",
    "fixed_f",
    "fixed_m",
    "fixed_n",
    "pov",
)
_STORY = (
    "rule_protagonist",
    "rule_named",
    "narrator",
    "kept",
    "margin",
    "words",
    "lead_she",
    "lead_he",
    "lead_they",
    "lead_neo",
)
_STORY_COUNTS = (
    "first_person",
    "second_person",
    "she",
    "he",
    "they",
    "neo",
    "group_they",
    "candidates",
    "pov_she",
    "pov_he",
    "pov_they",
    "lead_refs",
)
#: The feature names, in vector order.
FEATURES = (
    tuple(f"c{i}_{name}" for i in range(SLOTS) for name in _CANDIDATE + _CANDIDATE_COUNTS)
    + tuple(f"story_{name}" for name in _STORY + _STORY_COUNTS)
    + tuple(f"rule_{g}" for g in GENDERS)
)


@dataclass
class Trace:
    """What the rules computed for a story told about someone else.

    ``kept`` is the share of the read text the coherence step kept, ``narrator``
    whether a first-person narrator reading was also made; the resolver, the votes,
    the salience scores, the sentences naming each character and the protagonist
    (``pid``) are filled by the rules.
    """

    cast: Cast
    kept: float
    narrator: bool
    third: Counter[str]  # the narration's third-person pronouns by class
    res: Resolver | None = None
    votes: dict[int, Counter[str]] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)
    sentences: dict[int, set[int]] = field(default_factory=dict)  # naming each character
    pid: int | None = None
    ranked: list[int] | None = None  # :func:`candidates`, once asked

    def cues_for(self, gender: str) -> dict[str, int]:
        """The rules' protagonist's cue words for ``gender`` (none for ``unknown``)."""
        if self.pid is None or self.res is None:
            return {}
        cues: Counter[str] = Counter()
        forms = self.res.cue_forms.get(self.pid, {})
        for cls in _CLASSES:
            if CATEGORY[cls] == gender:
                cues.update(self.cast.entities[self.pid].cue_words.get(cls, Counter()))
                cues.update(forms.get(cls, Counter()))
        return dict(cues.most_common())


def features(trace: Trace, rule_gender: str) -> list[float]:
    """The evidence vector of a story (in :data:`FEATURES` order).

    >>> from homog_bench.structures.protagonist.protagonist import rule_reading
    >>> reading, trace = rule_reading("Mira fixed radios. She wondered why Tom came.")
    >>> x = dict(zip(FEATURES, features(trace, reading.gender)))
    >>> x["c0_she"] > 0, x["c0_rule"], x["story_pov_she"] > 0, x["rule_woman"]
    (True, 1.0, True, 1.0)
    """
    cast = trace.cast
    ents = cast.entities
    low = cast.t.low
    n_words = max(1, len(low))
    late = 0.75 * (cast.t.sent[-1] + 1 if low else 1)  # the last quarter's sentences
    sentences = trace.sentences
    third = trace.third
    ranked = candidates(trace)
    # "she wondered", "Marcus felt", "Dr. Voss knew": thought verbs after a pronoun or
    # after one of the candidates' names
    pov: Counter[int] = Counter()
    pov_cls: Counter[str] = Counter()
    verbs = POV_VERBS & cast.lows
    if verbs:
        names = {
            part.lower(): k
            for k in ranked
            for part in (ents[k].given, ents[k].surname)
            if part and not ents[k].noun
        }
        for verb in verbs:
            i = low.index(verb)
            while True:
                before = low[i - 1] if i else ""
                if before in _POV_PRONOUNS:
                    pov_cls[_POV_PRONOUNS[before]] += 1
                elif before in names:
                    pov[names[before]] += 1
                try:
                    i = low.index(verb, i + 1)
                except ValueError:
                    break
    forms = trace.res.cue_forms if trace.res is not None else {}
    title_words = cast.title_words
    x: list[float] = []
    for slot in range(SLOTS):
        if slot >= len(ranked):
            x += [0.0] * (len(_CANDIDATE) + len(_CANDIDATE_COUNTS))
            continue
        k = ranked[slot]
        e = ents[k]
        mine = trace.votes.get(k) or _NONE
        subject = sum(
            n for c in forms.get(k, {}).values() for f, n in c.items() if f in SUBJECT_FORMS
        )
        label = e.given or e.surname
        named = label is not None and e.noun is None
        title = (label is not None and label.lower() in title_words) or (
            e.noun is not None and e.noun in title_words
        )
        score = trace.scores[k]
        mentioned = sentences.get(k, ())
        fixed = e.fixed
        x += [
            1.0,
            math.copysign(math.log1p(abs(score)), score),
            min(1.0, e.first / n_words) if e.first < NO_POSITION else 1.0,
            float(e.given is not None),
            e.formal / e.bare if e.bare else 0.0,
            float(e.noun is not None),
            float(title),
            float(k == trace.pid),
            float(named),
            float(named and _common(label, cast.caps.lower_seen)),
            float(bool(mentioned) and max(mentioned) >= late),
            float(named and e.given is not None and e.given.lower() in GIVEN_NAMES),
        ]
        x += map(
            math.log1p,
            (
                e.mentions,
                len(mentioned),
                mine.get(F, 0),
                mine.get(M, 0),
                mine.get(T, 0),
                mine.get(N, 0),
                subject,
                fixed.get(F, 0),
                fixed.get(M, 0),
                fixed.get(N, 0) + fixed.get(T, 0),
                pov.get(k, 0),
            ),
        )
    top = [trace.scores[k] for k in ranked] + [0.0, 0.0]
    pid = trace.pid
    lead = (trace.votes.get(pid) if pid is not None else None) or _NONE
    refs = sum(lead.values())
    x += [
        float(pid is not None),
        float(pid is not None and ents[pid].label is not None),
        float(trace.narrator),
        trace.kept,
        (top[0] - top[1]) / (abs(top[0]) + 1.0),
        math.log(n_words),
    ]
    x += [lead.get(cls, 0) / refs if refs else 0.0 for cls in _CLASSES]
    x += map(
        math.log1p,
        (
            cast.first_person_count,
            cast.second_person_count,
            third.get(F, 0),
            third.get(M, 0),
            third.get(T, 0),
            third.get(N, 0),
            trace.res.plural_refs if trace.res is not None else 0,
            len(trace.scores),
            pov_cls.get(F, 0),
            pov_cls.get(M, 0),
            pov_cls.get(T, 0),
            refs,
        ),
    )
    x += [float(g == rule_gender) for g in GENDERS]
    return x


def candidates(trace: Trace) -> list[int]:
    """The top :data:`SLOTS` characters by salience (ties: the first one found)."""
    if trace.ranked is None:
        trace.ranked = sorted(trace.scores, key=lambda k: -trace.scores[k])[:SLOTS]
    return trace.ranked


def name_of(trace: Trace, k: int) -> str | None:
    """The name the reader gives character ``k``: none for a described one."""
    e = trace.cast.entities[k]
    return e.label if e.noun is None else None


def _common(label: str | None, written: Counter[str]) -> bool:
    """Is a name also an ordinary word: in the common-word lists, or written in lower
    case elsewhere in the text ("Gone", "Solar" … "gone", "solar")?"""
    if not label:
        return False
    low = label.lower()
    return low in COMMON_WORDS or low in COMMON_NOUNS or low in written


def named_outright(trace: Trace, k: int | None) -> bool:
    """Whether character ``k``'s name follows a naming word ("a boy called Piet", "a
    nurse named Ines", "her name was Kavya"): a person by the text's own word.

    >>> from homog_bench.structures.protagonist.protagonist import rule_reading
    >>> _, trace = rule_reading("Once there was a boy called Piet who hated boats.")
    >>> named_outright(trace, trace.pid)
    True
    >>> _, trace = rule_reading("Piet hated boats. He never sailed.")
    >>> named_outright(trace, trace.pid)
    False
    """
    if k is None:
        return False
    e = trace.cast.entities[k]
    label = e.given or e.surname
    if not label:
        return False
    low, target = trace.cast.t.low, label.lower()
    return any(
        low[i] == target
        and (low[i - 1] in NAME_INTRO or (i > 1 and low[i - 2] == "name" and low[i - 1] == "was"))
        for i in range(1, len(low))
    )


def learned_protagonist(trace: Trace, x: list[float]) -> int | None:
    """The learned ranker's protagonist (:mod:`.weights`): the candidate of highest score
    among those present, or ``None`` (no named protagonist) when that option scores
    highest, unless the rules' protagonist was named outright (:func:`named_outright`);
    with no ranker weights, the rules' protagonist."""
    if not weights.RANKS:
        return trace.pid
    may_drop = not named_outright(trace, trace.pid)
    ranked = candidates(trace)
    best: int | None = trace.pid
    best_score = -math.inf
    for option, row, b in zip(
        weights.RANKS, weights.RANK_COEF, weights.RANK_INTERCEPT, strict=True
    ):
        slot = RANK_OPTIONS.index(option)
        if slot < len(ranked) or (option == "none" and may_drop):
            score = b + sum(map(mul, row, x))
            if score > best_score:
                best = ranked[slot] if option != "none" else None
                best_score = score
    return best


def learned_gender(rule_gender: str, x: list[float]) -> str:
    """The learned decision's category (:mod:`.weights`): the class of highest score
    over the standardised features; with no classes in :mod:`.weights` (the step
    switched off), the rules' reading."""
    if not weights.CLASSES:
        return rule_gender
    best, best_score = rule_gender, -math.inf
    for gender, row, b in zip(weights.CLASSES, weights.COEF, weights.INTERCEPT, strict=True):
        score = b + sum(map(mul, row, x))
        if score > best_score:
            best, best_score = gender, score
    return best
