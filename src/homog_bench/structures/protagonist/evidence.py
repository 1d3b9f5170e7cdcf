"""Step 6, the learned decision: the rules' evidence as numbers, and a linear model over it.

The hand-written steps already weigh a story's characters (mentions, pronouns by class,
title, first introduction, names, formality) and its narration (first-person words,
group *they*, word salad). :func:`features` lays that evidence out as one vector per
story told about someone else: the top :data:`SLOTS` candidates by salience, then the
story as a whole, then the rules' own reading (one-hot). A multinomial logistic
regression over those features (Cox 1958, *JRSS B* 20:215; fit with an L2 penalty,
Hoerl & Kennard 1970) decides the gender category; its coefficients are plain numbers
in :mod:`.weights`, written by ``benchmarks/fit_reader.py`` from the tune files only.

First- and second-person narration never reaches this step: the rules' reading stands.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from homog_bench.structures.protagonist import weights
from homog_bench.structures.protagonist.characters import Cast
from homog_bench.structures.protagonist.events import MENTION, PRONOUN
from homog_bench.structures.protagonist.lexicons import (
    CATEGORY,
    COMMON_NOUNS,
    COMMON_WORDS,
    POV_VERBS,
    SUBJECT_FORMS,
    F,
    M,
    N,
    T,
)
from homog_bench.structures.protagonist.pronouns import Resolver
from homog_bench.structures.protagonist.rules import NO_POSITION

__all__ = ["FEATURES", "GENDERS", "SLOTS", "Trace", "features", "learned_gender"]

GENDERS = ("woman", "man", "nonbinary", "unknown")
SLOTS = 3  # candidates described, by salience
#: The ranker's options: one of the top candidates, or no named protagonist.
RANK_OPTIONS = (*(f"c{i}" for i in range(SLOTS)), "none")
_CLASSES = (F, M, T, N)
_CANDIDATE = (
    "present",
    "salience",
    "mentions",
    "sentences",
    "first",
    "she",
    "he",
    "they",
    "neo",
    "subject",
    "given",
    "formal",
    "described",
    "fixed_f",
    "fixed_m",
    "fixed_n",
    "title",
    "last",
    "pov",
    "rule",
    "named",
    "common",
)
_STORY = (
    "rule_protagonist",
    "rule_named",
    "narrator",
    "first_person",
    "second_person",
    "she",
    "he",
    "they",
    "neo",
    "group_they",
    "kept",
    "named_people",
    "margin",
    "words",
    "pov_she",
    "pov_he",
    "pov_they",
    "lead_she",
    "lead_he",
    "lead_they",
    "lead_neo",
    "lead_refs",
)
#: The feature names, in vector order.
FEATURES = (
    tuple(f"c{i}_{name}" for i in range(SLOTS) for name in _CANDIDATE)
    + tuple(f"story_{name}" for name in _STORY)
    + tuple(f"rule_{g}" for g in GENDERS)
)


@dataclass
class Trace:
    """What the rules computed for a story told about someone else.

    ``kept`` is the share of the read text the coherence step kept, ``narrator``
    whether a first-person narrator reading was also made; the resolver, the votes,
    the salience scores and the protagonist (``pid``) are filled by the rules.
    """

    cast: Cast
    kept: float
    narrator: bool
    res: Resolver | None = None
    votes: dict[int, Counter[str]] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)
    pid: int | None = None

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


def _log(x: float) -> float:
    """A signed log1p: counts and scores on a scale where 10 and 20 are close."""
    return math.copysign(math.log1p(abs(x)), x)


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
    after = [*low[1:], ""]  # the word after each word
    sentences: dict[int, set[int]] = {}
    last: Counter[int] = Counter()
    pov: Counter[int] = Counter()
    pov_cls: Counter[str] = Counter()
    third: Counter[str] = Counter()
    for ev in cast.events:
        if ev.kind == MENTION:
            sentences.setdefault(ev.entity, set()).add(ev.sent)
            if ev.pos >= 0.75 * n_words:
                last[ev.entity] += 1
            if ev.end < n_words and after[ev.end] in POV_VERBS:
                pov[ev.entity] += 1
        elif ev.kind == PRONOUN:
            third[ev.cls] += 1
            if ev.form in SUBJECT_FORMS and ev.end < n_words and after[ev.end] in POV_VERBS:
                pov_cls[ev.cls] += 1
    ranked = candidates(trace)
    written = set(cast.t.word)
    forms = trace.res.cue_forms if trace.res is not None else {}
    x: list[float] = []
    for slot in range(SLOTS):
        if slot >= len(ranked):
            x += [0.0] * len(_CANDIDATE)
            continue
        k = ranked[slot]
        e = ents[k]
        mine = trace.votes.get(k, Counter())
        subject = sum(c[f] for c in forms.get(k, {}).values() for f in c if f in SUBJECT_FORMS)
        title = bool(e.label and e.label.lower() in cast.title_words) or bool(
            e.noun and e.noun in cast.title_words
        )
        x += [
            1.0,
            _log(trace.scores[k]),
            _log(e.mentions),
            _log(len(sentences.get(k, ()))),
            min(1.0, e.first / n_words) if e.first < NO_POSITION else 1.0,
            *(_log(mine[cls]) for cls in _CLASSES),
            _log(subject),
            float(bool(e.given)),
            e.formal / e.bare if e.bare else 0.0,
            float(e.noun is not None),
            _log(e.fixed[F]),
            _log(e.fixed[M]),
            _log(e.fixed[N] + e.fixed[T]),
            float(title),
            _log(last[k]),
            _log(pov[k]),
            float(k == trace.pid),
            float(name_of(trace, k) is not None),
            float(_common(e.label, written)),
        ]
    scores = [trace.scores[k] for k in ranked] + [0.0, 0.0]
    lead = trace.votes.get(trace.pid, Counter()) if trace.pid is not None else Counter()
    refs = sum(lead.values())
    named = sum(1 for e in ents if e.label and e.mentions >= 1 and not e.is_place)
    group = trace.res.plural_refs if trace.res is not None else 0
    x += [
        float(trace.pid is not None),
        float(trace.pid is not None and ents[trace.pid].label is not None),
        float(trace.narrator),
        _log(cast.first_person_count),
        _log(cast.second_person_count),
        *(_log(third[cls]) for cls in _CLASSES),
        _log(group),
        trace.kept,
        _log(named),
        (scores[0] - scores[1]) / (abs(scores[0]) + 1.0),
        math.log(n_words),
        _log(pov_cls[F]),
        _log(pov_cls[M]),
        _log(pov_cls[T]),
        *((lead[cls] / refs if refs else 0.0) for cls in _CLASSES),
        _log(refs),
    ]
    x += [float(g == rule_gender) for g in GENDERS]
    return x


def candidates(trace: Trace) -> list[int]:
    """The top :data:`SLOTS` characters by salience (ties: the first one found)."""
    return sorted(trace.scores, key=lambda k: -trace.scores[k])[:SLOTS]


def name_of(trace: Trace, k: int) -> str | None:
    """The name the reader gives character ``k``: none for a described one."""
    e = trace.cast.entities[k]
    return e.label if e.noun is None else None


def _common(label: str | None, written: set[str]) -> bool:
    """Is a name also an ordinary word: in the common-word lists, or written in lower
    case elsewhere in the text ("Gone", "Solar" … "gone", "solar")?"""
    if not label:
        return False
    low = label.lower()
    return low in COMMON_WORDS or low in COMMON_NOUNS or low in written


def learned_protagonist(trace: Trace, x: list[float]) -> int | None:
    """The learned ranker's protagonist (:mod:`.weights`): the candidate of highest score
    among those present, or ``None`` (no named protagonist) when that option scores
    highest; with no ranker weights, the rules' protagonist."""
    if not weights.RANKS:
        return trace.pid
    z = [(v - m) / s for v, m, s in zip(x, weights.MEAN, weights.SCALE, strict=True)]
    ranked = candidates(trace)
    best: int | None = trace.pid
    best_score = -math.inf
    for option, row, b in zip(
        weights.RANKS, weights.RANK_COEF, weights.RANK_INTERCEPT, strict=True
    ):
        slot = RANK_OPTIONS.index(option)
        if slot < len(ranked) or option == "none":
            score = b + sum(w * v for w, v in zip(row, z, strict=True))
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
    z = [(v - m) / s for v, m, s in zip(x, weights.MEAN, weights.SCALE, strict=True)]
    best, best_score = rule_gender, -math.inf
    for gender, row, b in zip(weights.CLASSES, weights.COEF, weights.INTERCEPT, strict=True):
        score = b + sum(w * v for w, v in zip(row, z, strict=True))
        if score > best_score:
            best, best_score = gender, score
    return best
