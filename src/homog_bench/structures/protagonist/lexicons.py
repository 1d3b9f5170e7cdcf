"""The reader's word lists, loaded once from ``datasets/lexicons/*.txt``.

Each file holds one entry per line after a ``#`` comment header that says what the
list is for and which labeled set tunes it; tables carry whitespace-separated columns
(``titles.txt``: ``mrs  woman``). A wheel ships the folder as ``homog_bench/_data``.
Closed-class grammar words too small to be worth a file (determiners, first-person
pronouns) are written here.

>>> "elara" in words("stop_words"), "the" in words("stop_words")
(False, True)
>>> GENDERED["fisherman"], TITLES["dr"] is None
('M', True)
"""

from __future__ import annotations

from functools import cache

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError

F, M, T, N = "F", "M", "T", "N"  # she / he / they / neopronoun (and explicit nonbinary)
CATEGORY = {F: "woman", M: "man", N: "nonbinary", T: "nonbinary"}
_CLASS = {"woman": F, "man": M, "they": T, "neo": N, "nonbinary": N, "none": None}


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The entries of ``datasets/lexicons/<name>.txt``, each split into its columns."""
    path = data_path("lexicons", f"{name}.txt")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HomogBenchError(f"{path}: cannot read the reader's word list ({exc})") from None
    return tuple(
        tuple(line.split()) for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@cache
def words(name: str) -> frozenset[str]:
    """A one-column list as a set."""
    return frozenset(row[0] for row in rows(name))


def _gender(name: str, row: tuple[str, ...], col: int) -> str | None:
    try:
        return _CLASS[row[col]]
    except (IndexError, KeyError):
        raise HomogBenchError(
            f"lexicons/{name}.txt: entry {' '.join(row)!r} needs a gender in column {col + 1}"
            f" (one of {', '.join(_CLASS)})"
        ) from None


def gender_table(name: str) -> dict[str, str | None]:
    """A ``word gender`` table: gender as F / M / N / T, or ``None`` for ``none``."""
    return {row[0]: _gender(name, row, 1) for row in rows(name)}


def _strict(table: dict[str, str | None]) -> dict[str, str]:
    return {w: g for w, g in table.items() if g is not None}


# --------------------------------------------------------------------------- pronouns

PRONOUN_ROWS = rows("pronouns")
PRONOUNS: dict[str, str] = {r[0]: _CLASS[r[1]] or "" for r in PRONOUN_ROWS if r[4] == "always"}
_NEO_ROWS = [r for r in PRONOUN_ROWS if r[1] == "neo"]
_FAMILY_NAMES = list(dict.fromkeys(r[2] for r in _NEO_ROWS))
# per family: (distinctive forms, ambiguous forms that the distinctive ones license)
NEO_FAMILIES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (
        frozenset(r[0] for r in _NEO_ROWS if r[2] == fam and r[4] == "distinctive"),
        frozenset(r[0] for r in _NEO_ROWS if r[2] == fam and r[4] == "ambiguous"),
    )
    for fam in _FAMILY_NAMES
)
NEO_ALL = frozenset(r[0] for r in _NEO_ROWS)
#: Distinctive forms of the xe, ze/hir, ey and fae families: never an English word or a
#: common fragment of one (unlike "ver", "vis" or "pers", which word salad produces).
UNMISTAKABLE_NEO = frozenset(
    r[0] for r in _NEO_ROWS if r[4] == "distinctive" and r[2] in ("xe", "ze", "ey", "fae")
)


def _role(role: str) -> frozenset[str]:
    return frozenset(r[0] for r in PRONOUN_ROWS if r[3] == role)


SUBJECT_FORMS = _role("subject")
OBJECT_FORMS = _role("object")
OBJECT_OR_POSS = _role("object_or_possessive")  # object unless a noun follows
REFLEXIVE = _role("reflexive")
#: the *they* forms a group shares with one person (all but the singular "themself")
PLURAL_THEY_FORMS = frozenset(w for w, cls in PRONOUNS.items() if cls == T) - {"themself"}

# closed-class words, too few for a file
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
POSS_DETS = frozenset({"his", "her", "their", "my", "our", "your"})
DETS = frozenset({"the", "a", "an", "this", "that", "another", "one"})
CONJ = frozenset({"so", "and", "but", "then", "yet", "now"})
NAME_WORDS = frozenset({"named", "called"})
NAME_INTRO = frozenset({"named", "called", "name", "christened", "dubbed"})
PLURAL_PRONOUNISH = frozenset({"both", "everyone", "everybody", "together"})
MONTHS_AMBIGUOUS = frozenset({"april", "may", "june", "august"})

# --------------------------------------------------------------------------- people

NONBINARY_WORDS = words("nonbinary_words")
GENDERED: dict[str, str] = _strict(gender_table("gendered_nouns"))
WEAK_GENDERED = words("weak_gendered")
NEUTRAL_ROLES = words("neutral_roles")
GENDERED_PLURAL = words("group_nouns")
ROLE_NOUNS = frozenset(GENDERED) | NEUTRAL_ROLES
KIN_NOUNS = words("kin_nouns")
TITLES: dict[str, str | None] = gender_table("titles")
GIVEN_TITLES = words("given_titles")
KIN_NAMES: dict[str, str] = _strict(gender_table("kin_names"))
KIN_NAME_NOUN: dict[str, str] = {r[0]: r[2] for r in rows("kin_names")}
VOCATIVE: dict[str, str] = _strict(gender_table("vocatives"))

# --------------------------------------------------------------------------- names and places

STOP = words("stop_words")
PARTICLES = words("name_particles")
ORG_WORDS = words("org_words")
SURNAME_LIKE_ORG = words("surname_like_org")
PLACE_LEAD = words("place_lead")
PLACE_START = words("place_start")
PLACE_SUFFIXES = tuple(sorted(words("place_suffixes")))
KNOWN_PLACES = words("known_places")
SURNAME_FIRST = words("surname_first")
PLACE_PREPS = words("place_prepositions")
PLACE_OF_NOUNS = words("place_of_nouns")
TIME_PREPS = words("time_prepositions")
AT_PERSON_VERBS = words("at_person_verbs")
SPEECH = words("speech_verbs")
POV_VERBS = words("pov_verbs")
NAME_VERBS = words("name_verbs")
NOUN_SUFFIXES = tuple(sorted(words("noun_suffixes")))
COMMON_NOUNS = words("common_nouns")
COMMON_WORDS = words("common_words")
GIVEN_NAMES = words("given_names")
NO_BREAK = words("no_break_abbreviations")

# --------------------------------------------------------------------------- grammar

COPULA = words("copula")
SUBORD = words("subordinators")
PLURAL_DETS = words("plural_determiners")
NP_STOP = words("np_stop")
NOT_PLURAL = words("not_plural")
CLAUSE_BREAK = words("clause_break")
TIME_WORDS = words("time_words")
PREPOSITIONS = words("prepositions")

# words that can start a mention; a lone one of RUN_SKIP is never a name
RUN_SKIP = (frozenset(PRONOUNS) | DETS | POSS_DETS | SUBORD | CONJ | FIRST_PERSON) - set(KIN_NAMES)
TRIGGERS = (
    frozenset(PRONOUNS)
    | FIRST_PERSON
    | SECOND_PERSON
    | NONBINARY_WORDS
    | DETS
    | POSS_DETS
    | PLURAL_DETS
    | PLURAL_PRONOUNISH
)
