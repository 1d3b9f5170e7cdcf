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

from homog_bench.structures.matcher import Matcher, count_words


class Lexicon(Matcher):
    """A compiled set of terms; case-insensitive, word-boundary aware, whitespace-tolerant."""

    def __init__(self, terms: Sequence[str]) -> None:
        phrases = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split(" "))) for p in phrases)
        self.terms = phrases
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def matches(self, text: str) -> list[str]:
        """Every non-overlapping occurrence, longest phrase first."""
        return self._pattern.findall(text)

    def frequency(self, text: str, found: list[str]) -> float:
        """Share of the text's word tokens covered by matched terms."""
        return sum(count_words(m) for m in found) / max(1, count_words(text))
