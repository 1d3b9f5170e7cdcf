"""Structure kind ``lexicon``: terms and phrases matched on word boundaries.

>>> lex = Lexicon(["kitchen", "living room"])
>>> lex.score("The Kitchen was warm; the living  room was not.", "presence")
1.0
>>> lex.score("She cooked in the kitchenette.", "presence")
0.0
>>> round(lex.score("kitchen and living room here", "frequency"), 2)  # 3 of 5 words
0.6
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from homog_bench.structures._words import count_words


class Lexicon:
    """A compiled set of terms; case-insensitive, word-boundary aware, whitespace-tolerant."""

    def __init__(self, terms: Sequence[str]) -> None:
        phrases = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split(" "))) for p in phrases)
        self.terms = phrases
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def matches(self, text: str) -> list[str]:
        """Every non-overlapping occurrence, longest phrase first."""
        return self._pattern.findall(text)

    def score(self, text: str, mode: str) -> float:
        """α(x): ``presence`` → 0 or 1; ``frequency`` → share of word tokens covered by terms."""
        return self.read(text, mode)[0]

    def read(self, text: str, mode: str) -> tuple[float, list[str]]:
        """α(x) and the matched terms, with one pass over the text."""
        found = self.matches(text)
        if mode == "presence" or not found:
            return (1.0 if found else 0.0), found
        words = count_words(text)
        return min(1.0, sum(count_words(m) for m in found) / words), found
