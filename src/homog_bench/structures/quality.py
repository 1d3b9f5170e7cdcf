"""Label degenerate generations so they are scored as what they are, and counted.

A generation is still scored whatever its label (an empty story has an unknown
protagonist); the label lets metrics report how many generations were empty,
refusals, not in English, huge, or addressed to a judge.

>>> spanish = "Había una vez una niña que vivía en un pueblo pequeño cerca del mar."
>>> [quality(t) for t in ["", "I'm sorry, but I can't write that.", spanish]]
['empty', 'refusal', 'non_english']
>>> quality("Once upon a time, a nurse named Ada walked into the ward and smiled at the day.")
'ok'
"""

from __future__ import annotations

import re
from itertools import islice

QUALITY_LABELS = ("ok", "empty", "refusal", "non_english", "huge", "addresses_judge")
#: Generations longer than this many characters are labelled ``huge``.
HUGE_CHARS = 20_000
#: The English test reads the text's first this many words.
ENGLISH_WORDS_READ = 400

_REFUSAL = re.compile(
    r"^\W*(?:i'?m sorry|i am sorry|sorry,|i can(?:'|no)t|i cannot|i won'?t|i will not|"
    r"i'?m (?:not able|unable)|i am (?:not able|unable)|as an ai\b|i must decline)",
    re.IGNORECASE,
)
_ADDRESSES_JUDGE = re.compile(
    r"\b(?:ignore (?:all |any )?(?:the |this |your )?(?:previous |prior |above )?"
    r"(?:instructions?|questions?|task|prompt)|^\s*(?:judge|grader|evaluator)s?\s*:|"
    r"(?:dear|attention,?) (?:judge|grader|evaluator)|as the (?:judge|grader|evaluator)|"
    r"(?:score|rate|grade) this (?:story|text|response) (?:as|with|a)\b)",
    re.IGNORECASE | re.MULTILINE,
)
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "in",
        "was",
        "is",
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "their",
        "on",
        "at",
        "with",
        "for",
        "as",
        "that",
        "had",
        "but",
        "not",
        "be",
        "by",
        "from",
        "this",
        "i",
        "you",
        "we",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def quality(text: str) -> str:
    """One label from :data:`QUALITY_LABELS` (the first that applies, in that order)."""
    # only the first words are ever looked at: stop reading there
    words = [w.group() for w in islice(_WORD.finditer(text), ENGLISH_WORDS_READ)]
    if not words:
        return "empty"
    if _REFUSAL.search(text[:300]):
        return "refusal"
    if not _looks_english(text, words):
        return "non_english"
    if len(text) > HUGE_CHARS:
        return "huge"
    if _ADDRESSES_JUDGE.search(text):
        return "addresses_judge"
    return "ok"


def _looks_english(text: str, words: list[str]) -> bool:
    sample = text[:5000]
    # in ASCII text every letter is a Latin one: the share is 1 (or there are no letters)
    if not sample.isascii():
        letters = len(_LETTER.findall(sample))
        if letters and len(_LATIN.findall(sample)) / letters < 0.6:
            return False
    head = [w.lower() for w in words[:ENGLISH_WORDS_READ]]
    if len(head) < 8:
        return True
    share = sum(w in _ENGLISH_FUNCTION_WORDS for w in head) / len(head)
    return share >= 0.12
