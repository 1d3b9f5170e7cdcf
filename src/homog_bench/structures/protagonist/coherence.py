"""Step 0, coherence: where a generation falls apart into word salad, reading stops.

A small model at a high temperature often starts a story and then loses it: the text
turns into word salad ("Roasting seedscolor perfect writing, the mortar floor …") or
glued fragments ("CleanColourWalk", "$numhours"). Names and pronouns read from that
part are noise (a stray "Frenchy" or "Rich" becomes the protagonist). The text is read
in overlapping windows of :data:`~.rules.COHERENCE_WINDOW` words; the first window
with almost no grammar words (and few repeated words: not a list) or with many garbled
tokens ends the text that is read: at the start of the sentence of the window's first
garbled token, or at the window's start (word salad from a small model turns
ungrammatical a little before the grammar words run out). English prose has a third to
two thirds of its words in the closed classes, word salad a tenth; the share of
function words is the classic stylometric marker of ordinary prose (Mosteller &
Wallace 1964, *Inference and Disputed Authorship: The Federalist*).

>>> story = "Mira fixed the old radio in her shop, and she hummed while she worked. " * 3
>>> salad = (
...     "Pickling moonward gravel lantern Frenchy brisket voltage trellis Ombry sleeve "
...     "carbon Dashel fennel quarry napkin Worble thistle parsnip Quorra ledger gusset "
...     "Fallow candle hinge Brisco pylon walnut Tessary anvil cobble Marrow drizzle"
... )
>>> kept = coherent_prefix(story + salad)
>>> story.startswith(kept), "Frenchy" in kept, len(kept) > len(story) // 2
(True, False, True)
>>> coherent_prefix(story) == story
True
"""

from __future__ import annotations

from itertools import accumulate

from homog_bench.structures.protagonist.lexicons import STOP
from homog_bench.structures.protagonist.rules import (
    CAMEL,
    CAMEL_NAME,
    COHERENCE_STEP,
    COHERENCE_WINDOW,
    DIGIT,
    DIGIT_GLUED,
    GARBLE_MAX,
    GARBLED,
    GARBLED_SYMBOL,
    LONG_TOKEN,
    NON_SPACE,
    OTHER_SCRIPT,
    SALAD_DISTINCT,
    SENTENCE_END,
    STOP_SHARE_MIN,
    TOKEN_EDGE,
)

__all__ = ["coherent_prefix"]


def _garbled(token: str, core: str) -> bool:
    """A token no story word looks like: symbols, glued words, digits in letters."""
    if not core:
        return False
    if GARBLED.search(token):
        return True
    if CAMEL.search(core) and not CAMEL_NAME.match(core):
        return True  # "seedsColor", "ProperESS": glued words
    return len(core) > LONG_TOKEN and "-" not in core


def coherent_prefix(text: str) -> str:
    """``text`` up to the first window of word salad (all of it when there is none)."""
    lows = [w.strip(TOKEN_EDGE) for w in text.lower().split()]
    n = len(lows)
    if n < COHERENCE_WINDOW:
        return text
    stop_sum = [0, *accumulate(w in STOP for w in lows)]
    garbled = _garbled_tokens(text, lows)
    garbled_sum = [0, *accumulate(garbled)] if garbled else [0] * (n + 1)
    # windows of COHERENCE_WINDOW words every COHERENCE_STEP words; the last one ends
    # at the text's end
    last = max(0, n - COHERENCE_WINDOW)
    for a in [*range(0, last, COHERENCE_STEP), last]:
        b = min(n, a + COHERENCE_WINDOW)
        size = b - a
        if garbled_sum[b] - garbled_sum[a] >= GARBLE_MAX * size:
            # the salad starts with the sentence of the window's first garbled token
            starts = _starts(text)
            g = garbled.index(True, a, b)
            end = max(text.rfind(c, starts[a], starts[g]) for c in SENTENCE_END)
            return text[: end + 1 if end >= 0 else starts[a]]
        if (
            # few grammar words, and not a list that repeats itself ("Bruno sold apples,
            # Bruno sold pears, …"): word salad rarely repeats a word
            stop_sum[b] - stop_sum[a] < STOP_SHARE_MIN * size
            and len(set(lows[a:b])) >= SALAD_DISTINCT * size
        ):
            return text[: _starts(text)[a]]
    return text


def _garbled_tokens(text: str, lows: list[str]) -> list[bool]:
    """Which tokens are garbled; ``[]`` when none can be (most stories: a few quick
    searches over the whole text instead of three per token)."""
    if not (
        GARBLED_SYMBOL.search(text)
        or (DIGIT.search(text) and DIGIT_GLUED.search(text))
        or OTHER_SCRIPT.search(text)
        or CAMEL.search(text)
        or max(map(len, lows)) > LONG_TOKEN
    ):
        return []
    return [_garbled(token, token.strip(TOKEN_EDGE)) for token in text.split()]


def _starts(text: str) -> list[int]:
    """The character offset of each whitespace-separated token."""
    return [m.start() for m in NON_SPACE.finditer(text)]
