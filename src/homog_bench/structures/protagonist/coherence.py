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

from homog_bench.structures.protagonist.lexicons import STOP
from homog_bench.structures.protagonist.rules import (
    CAMEL,
    CAMEL_NAME,
    COHERENCE_STEP,
    COHERENCE_WINDOW,
    GARBLE_MAX,
    GARBLED,
    LONG_TOKEN,
    NON_SPACE,
    SALAD_DISTINCT,
    SENTENCE_END,
    STOP_SHARE_MIN,
    TOKEN_EDGE,
)

__all__ = ["coherent_prefix"]


def _garbled(token: str, core: str) -> bool:
    """A token no story word looks like: symbols, glued words, digits in letters."""
    if GARBLED.search(token):
        return True
    if CAMEL.search(core) and not CAMEL_NAME.match(core):
        return True  # "seedsColor", "ProperESS": glued words
    return len(core) > LONG_TOKEN and "-" not in core


def coherent_prefix(text: str) -> str:
    """``text`` up to the first window of word salad (all of it when there is none)."""
    starts: list[int] = []
    lows: list[str] = []
    stops: list[bool] = []
    garbled: list[bool] = []
    for m in NON_SPACE.finditer(text):
        token = m.group()
        core = token.strip(TOKEN_EDGE)
        starts.append(m.start())
        lows.append(core.lower())
        stops.append(lows[-1] in STOP)
        garbled.append(bool(core) and _garbled(token, core))
    n = len(starts)
    if n < COHERENCE_WINDOW:
        return text
    stop_sum = [0]
    garbled_sum = [0]
    for k in range(n):
        stop_sum.append(stop_sum[-1] + stops[k])
        garbled_sum.append(garbled_sum[-1] + garbled[k])
    # windows of COHERENCE_WINDOW words every COHERENCE_STEP words; the last one ends
    # at the text's end
    last = max(0, n - COHERENCE_WINDOW)
    for a in [*range(0, last, COHERENCE_STEP), last]:
        b = min(n, a + COHERENCE_WINDOW)
        size = b - a
        if garbled_sum[b] - garbled_sum[a] >= GARBLE_MAX * size:
            # the salad starts with the sentence of the window's first garbled token
            g = garbled.index(True, a, b)
            end = max(text.rfind(c, starts[a], starts[g]) for c in SENTENCE_END)
            return text[: end + 1 if end >= 0 else starts[a]]
        if (
            # few grammar words, and not a list that repeats itself ("Bruno sold apples,
            # Bruno sold pears, …"): word salad rarely repeats a word
            stop_sum[b] - stop_sum[a] < STOP_SHARE_MIN * size
            and len(set(lows[a:b])) >= SALAD_DISTINCT * size
        ):
            return text[: starts[a]]
    return text
