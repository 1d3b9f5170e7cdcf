"""Does a generation still answer its prompt? Validity of one generation (xeno tasks).

Written once per generation by the scorer (``Score.value["validity"]``) and read by the
xeno metric. The value of a structure with id ``valid``, when the value file defines
one, decides (α ≥ 0.5 is valid; a judged yes/no structure is the intended source);
otherwise :func:`offline_validity` does.

>>> offline_validity("I'm sorry, but I can't.", "Write a story about a nurse.", "refusal")
(False, 'quality: refusal')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: A structure with this id, when a value file defines one, decides validity.
VALID_STRUCTURE = "valid"
#: The offline validity check: the fewest words a valid answer has.
MIN_WORDS = 30
#: Words of a prompt that say what kind of answer is asked, not what it is about.
PROMPT_FORM_WORDS = frozenset(
    [
        "write",
        "short",
        "long",
        "brief",
        "story",
        "stories",
        "tale",
        "tales",
        "about",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "who",
        "one",
        "some",
        "please",
        "tell",
        "give",
        "make",
        "create",
        "answer",
        "very",
        "words",
        "word",
        "sentence",
        "sentences",
        "paragraph",
        "paragraphs",
        "poem",
        "piece",
        "new",
        "another",
    ]
)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def topic_words(prompt: str) -> list[str]:
    """The prompt's content words (lowercase, 3+ letters, not form words like *write*).

    >>> topic_words("Write a short love story about a nurse.")
    ['love', 'nurse']
    """
    words = [w.lower() for w in _WORD.findall(prompt)]
    return list(dict.fromkeys(w for w in words if len(w) >= 3 and w not in PROMPT_FORM_WORDS))


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)]


def offline_validity(text: str, prompt: str | None, quality: str) -> tuple[bool, str]:
    """Does ``text`` still answer ``prompt``? The offline check, without a judge model.

    Valid when all hold: the quality label is ``ok`` (not empty, a refusal, not English,
    huge, or addressed to a judge); at least :data:`MIN_WORDS` words; and, if the prompt
    has content words (:func:`topic_words`), at least one of them appears in the text, as
    a crude stem (the word less its last two letters, at least four: *nurse* matches
    *nursing*). Returns (valid, reason).

    >>> prompt = "Write a short story about a nurse."
    >>> story = "Ada worked nights at the hospital. " * 6
    >>> offline_validity(story, prompt, "ok")
    (False, 'no word of the prompt topic (nurse)')
    >>> offline_validity(story + "She loved nursing.", prompt, "ok")
    (True, 'ok')
    >>> offline_validity("A nurse.", prompt, "ok")
    (False, 'too short: 2 words < 30')
    """
    if quality != "ok":
        return False, f"quality: {quality}"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return False, f"too short: {len(words)} words < {MIN_WORDS}"
    topic = topic_words(prompt or "")
    if topic:
        stems = [_stem(t) for t in topic]
        if not any(w.startswith(s) for w in set(words) for s in stems):
            return False, f"no word of the prompt topic ({', '.join(topic)})"
    return True, "ok"


def validity(
    structures: Mapping[str, object], text: str, prompt: str | None, quality: str
) -> tuple[float | None, str]:
    """(1.0 valid / 0.0 invalid / None unknown, reason) of one generation.

    ``structures`` maps structure ids to α (None when the judge gave no usable value).

    >>> validity({"valid": 0.9}, "", None, "empty"), validity({"valid": None}, "", None, "ok")
    ((1.0, "structure 'valid'"), (None, "structure 'valid'"))
    >>> validity({}, "A nurse.", "a nurse", "ok")
    (0.0, 'offline check: too short: 2 words < 30')
    """
    if VALID_STRUCTURE in structures:
        alpha = structures[VALID_STRUCTURE]
        valid = float(alpha >= 0.5) if isinstance(alpha, int | float) else None
        return valid, f"structure {VALID_STRUCTURE!r}"
    ok, reason = offline_validity(text, prompt, quality)
    return float(ok), f"offline check: {reason}"
