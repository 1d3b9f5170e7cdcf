"""The reader's tuned weights, thresholds and regular expressions, in one place.

Tuned on the tune halves of ``datasets/labeled/`` (``protagonists.jsonl`` and the
``*_tune.jsonl`` files); the held-out and test halves measure them
(``benchmarks/extractor_accuracy.py``).

>>> bool(WORD.fullmatch("Jean-Luc")), bool(WORD.fullmatch("O'Neil"))
(True, True)
"""

from __future__ import annotations

import re

from homog_bench.structures.protagonist.lexicons import GENDERED, WEAK_GENDERED

# --------------------------------------------------------------------------- weights

INTRINSIC = 10  # a cue that settles a person outright ("the emperor", "the old woman")
NAMED_BONUS = 4.0  # salience of a character with a name
W_REFS = 0.6  # salience per resolved pronoun (mentions count 1)
W_REPEAT = 0.25  # salience of a further mention in a sentence that already names them
W_TITLE = 5.0  # salience of being named in the title
W_TITLE_NOUN = 2.0  # salience of a described character whose noun is in the title
W_FIRST = 3.0  # salience of the character introduced first
W_RELATIONAL = 2.0  # salience lost by "my mother", "kin" characters
FORMAL_YIELD = 0.3  # share of a formally named lead's salience that ...
INFORMAL_MIN = 4  # ... a character named by given name this often needs to take the lead
INFORMAL_REFS = 6  # ... or twice, with this many pronouns of their own
FIRST_PERSON_MIN = 1  # "I"/"me"/"my" outside dialogue that make a first-person narrator,
# when they are at least half as many as the commonest she/he/neopronoun
FRAME_MIN = 8  # she/he that, outnumbering "I", make a cue-less narrator a frame
UNNAMED_LEAD_MIN = 2  # pronouns of one gendered class that make a story with no salient
UNNAMED_LEAD_SHARE = 0.8  # character an unnamed lead's, when they are this share of all
# the narration's third-person pronouns (plural and singular *they* included)
GROUP_REFS = 2  # group "they"s that make a story without pronouns for one person a group's
GROUP_DOMINANT_MIN = 6  # group "they"s that can outweigh a character's own pronouns ...
GROUP_DOMINANCE = 6  # ... when they outnumber them more than six to one
GROUP_LEAD = 3  # group "they"s before a person is first named: the group's story ...
GROUP_LEAD_DOMINANCE = 3  # ... when they outnumber the person's own pronouns three to one
ONLINE_PASSES = 1  # resolution passes after the cautious one
TITLE_CUE_FIRST = 4  # weight of an honorific at the introduction ("Mr. Okafor")
TITLE_CUE_LATER = 1  # ... and of one that turns up later ("Sir Zoë of the Back Garden")
GENDER_ADJ_CUE = 3  # "a female pilot"
NONBINARY_CUE = 5  # "a genderqueer chemist", "I'm nonbinary"
PREDICATE_VOTE = 2  # "she was a young nurse": votes for the subject
NARRATOR_CUE = 3  # "I was the only woman", "my name is Mrs. Okafor"
STRONG_VOTE = 2  # weight of a pronoun whose antecedent is hardly in doubt
W_NEO = 3  # weight of a neopronoun resolved to a person, against she/he votes (1 each)
ANTI_VOTE = 2  # weight of "X kissed him" against X being "he"
THEY_SETTLE = 3  # provisional weight that settles a singular *they* (she/he need 2)
NO_POSITION = 10**9  # ``first`` of a character never mentioned in the narration

# --------------------------------------------------------------------------- bounds
# What the reader reads of one generation, so that its time grows linearly with the
# text and stays bounded on hostile input (issue 14). Stories are far below them: the
# labeled sets have at most 105 words in a sentence and 21 capitalised words in a row.

MAX_CHARS = 20_000  # only the first 20,000 characters are read (the quality flag "huge")
MAX_SENTENCE_WORDS = 150  # a longer run without a sentence end is cut every 150 words
MAX_TITLE_CHARS = 300  # the title hint; a longer "title" is prose

# --------------------------------------------------------------------------- coherence
# Where word salad starts (:mod:`.coherence`). On the tune halves ordinary prose has at
# least 27% grammar words and at most 7% garbled tokens in every 30-word window; the
# word salad of SmolLM2 at temperature 1.0-1.3 mostly 0-20% and 10-66%.

COHERENCE_WINDOW = 30  # words per window
COHERENCE_STEP = 5  # a window starts every five words
STOP_SHARE_MIN = 0.2  # fewer grammar words than this ...
SALAD_DISTINCT = 0.8  # ... with at least this share of distinct words (not a list) ...
GARBLE_MAX = 0.2  # ... or this share of garbled tokens or more: word salad
SENTENCE_END = ".\n"  # a full stop or a line break before a garbled token ends the prose
LONG_TOKEN = 16  # a longer token without a hyphen is glued words ("CleanColourWalk…")
NON_SPACE = re.compile(r"\S+")
TOKEN_EDGE = ".,;:!?\"'()[]*“”‘’—–-…"
_SCRIPTS = "\u0400-\u04ff\u0590-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
# quick tests over a whole text, so that the per-token test runs only where one hits
GARBLED_SYMBOL = re.compile(r"[$={}<>|\\^~@]")
DIGIT = re.compile(r"[0-9]")
DIGIT_GLUED = re.compile(r"[0-9][A-Za-z]|[A-Za-z][0-9]")
OTHER_SCRIPT = re.compile(rf"[{_SCRIPTS}]")
GARBLED = re.compile(
    # symbols no story word has, a digit glued to a letter ("Shoddo2", not "21st" or
    # "1960s"), Latin letters glued to another script ("endlest賽봉Battoo")
    rf"[$={{}}<>|\\^~@]|[A-Za-z]\d|\d(?!(?:st|nd|rd|th|s|am|pm|km|kg|cm|mm|ft|h|m|k|x|d)\b)[A-Za-z]"
    rf"|[A-Za-z][{_SCRIPTS}]|[{_SCRIPTS}][A-Za-z]"
)

# --------------------------------------------------------------------------- layout

# the text after the hashes; closing hashes and spaces are stripped in Python (the
# regex ``(.*?)\s*#*\s*$`` takes cubic time on a line of tabs and hashes)
MD_HEADING = re.compile(r"^#{1,6}\s*(.*)$")
TITLE_LABEL = re.compile(r"^(?:story\s+)?title\s*[:：\-–—]\s*(.+)$", re.I)
RULE = re.compile(r"^(?:[-*_=~•·]\s*){3,}$")
THE_END = re.compile(r"^(?:the\s+end|fin|end)\W*$", re.I)
META = re.compile(r"^\(?\s*(?:word\s+count|words?\s*:|approx)", re.I)
PREAMBLE = re.compile(
    r"^(?:sure|certainly|of course|absolutely|okay|ok|alright|great|here(?:'s|’s| is| are)"
    r"|below is|i'd be|i’d be|i would be|happy to|what a)\b",
    re.I,
)
POSTAMBLE = re.compile(
    r"^(?:i hope|hope you|let me know|would you like|feel free|i can also|if you'd like"
    r"|if you’d like|if you would like|want me to|do you want|shall i)\b",
    re.I,
)
QUOTED_TITLE = re.compile(r"(?:titled|called|named)\s*[\"“*]+([^\"”*]+)[\"”*]+")
EMPH = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")
LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")  # no nested brackets: linear time
BULLET = re.compile(r"^(?:>\s*)+|^[-+•]\s+|^\d{1,2}[.)]\s+")
HEADING_WORD = re.compile(r"^(?:chapter|part|act|scene|epilogue|prologue)\b", re.I)
TERMINAL = re.compile(r"[.!?,;:\"”’)…]$")
BLANK_RUN = re.compile(r"\n{3,}")

# --------------------------------------------------------------------------- tokens

# Letters spelled out as ranges: much faster in ``re`` than the Unicode class [^\W\d_].
_L = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f"
    "\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
)
WORD = re.compile(rf"[{_L}]+(?:['’][{_L}]+)*(?:-[{_L}]+(?:['’][{_L}]+)*)*")
SEP = re.compile(r"--|[\n.!?…\"“”«»„,;:()\[\]—–'‘’]")
AMPM = re.compile(r"\b[ap]\.m\.")
QUOTE_CAP = re.compile(r"['‘][A-Z]")
# a quoted nickname between a given name and a surname: 'Dr. Elliot "Luna" McLean'
NICKNAME = re.compile(r"\b[A-Z][a-z]+ [\"“]([A-Z][a-z]+)[\"”] (?=[A-Z][a-z])")
CONTRACTED = re.compile(r"^(she|he|they|i|it|you|we|that|there|here|what|who|let)['’]", re.I)
TITLE_WORD = re.compile(r"[^\W\d_]+")

# --------------------------------------------------------------------------- names

CAMEL = re.compile(r"[a-z][A-Z]")  # "NovaTech": a brand, not a name ...
CAMEL_NAME = re.compile(r"(?:Mc|Mac|De|Le|La|Di|Du|Van|O)[A-Z]")  # ... unless "McAllister"


def given_before(surname: str) -> re.Pattern[str]:
    """A capitalised word right before ``surname`` ("Sipho" in "Dr. Sipho Ndlovu's Day")."""
    return re.compile(rf"\b([A-Z][^\W\d_]+)\s+{re.escape(surname)}\b")


# "asked em to write": the object form of ey/em/eir after a verb in the past, with no
# apostrophe before it ("chased 'em off" is "them")
OBJECT_EM = re.compile(r"\b[a-z]{2,}ed em\b")

# --------------------------------------------------------------------------- first person

_GENDERED_ALT = "|".join(
    sorted((w for w in GENDERED if w not in WEAK_GENDERED), key=len, reverse=True)
)
# up to three adjectives, never a possessive or a preposition: "I was with my mother"
# and "my father taught me, and his father" say nothing about the narrator
_NOT_ADJ = r"(?!(?:my|his|her|their|our|your|with|at|to|for|of|from|by|in|on|and|but|like)\b)"
_ADJS = (
    rf"(?:(?:just|only|still|now|a|an|the|one|such)\s+)*(?:{_NOT_ADJ}[a-z][a-z'’-]*,?\s+){{0,3}}?"
)
SELF_NOUN = re.compile(
    # "I was a twenty-six-year-old man", "I am an old woman now", "me, a grown man"
    rf"\b(?:I\s*(?:'m|’m|am|was|'d been|’d been|had been|have been|'ve been|’ve been|became|"
    rf"become|remain|remained)|me,(?=\s+(?:a|an|the|just|only|such)\b))\s+{_ADJS}({_GENDERED_ALT})\b(?!['’])"
    # "As a mother, I ...", "Being the only woman on an oil rig ..." (sentence-initial)
    rf"|(?:^|[.!?]\s+|\n)(?:As|Being)\s+{_ADJS}({_GENDERED_ALT})\b(?!['’])"
    rf"(?=[^.!?\n]{{0,80}}?(?:,\s*I\b|\s+(?:teaches|taught|means|meant|makes|made)\b))"
)
SELF_NB = re.compile(
    # "I'm nonbinary", "I was the only nonbinary engineer"
    r"\bI(?:'m|’m| am| was)\s+(?:\w+\s+){0,3}?(?:nonbinary|non-binary|genderqueer|agender|"
    r"genderfluid|enby)\b|\bmy pronouns are\b|\bI use (?:they|xe|ze|fae|ey)\b",
    re.I,
)
_NAME_TAIL = (
    r"\s+(?:(Mrs|Mr|Ms|Mx|Miss|Dr|Doctor|Professor|Sister|Brother|Father)\.?\s+)?"
    r"([A-Z][^\W\d_]+(?:-[A-Z]?[^\W\d_]+)?)"
)
SELF_NAMES = tuple(
    re.compile(p + _NAME_TAIL)
    for p in (
        r"\b[Mm]y name(?:'s|’s| is| was)",
        r"\bI(?:'m|’m| am)",
        r"\b(?:[Cc]all(?:s|ed)? me|I,)",
    )
)
