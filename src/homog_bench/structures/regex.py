"""Structure kind ``regex``: a Python regular expression.

>>> Pattern(r"\\bher (wife|girlfriend)\\b").score("She kissed her wife.", "presence")
1.0
>>> Pattern(r"\\bdragon\\b").score("dragon, knight, dragon, dragon, knight", "frequency")
0.6
"""

from __future__ import annotations

import re

from homog_bench.structures._words import count_words


class Pattern:
    """A compiled regular expression scored as presence or matches per word."""

    def __init__(self, pattern: str, ignore_case: bool = True) -> None:
        self._pattern = re.compile(pattern, re.IGNORECASE if ignore_case else 0)

    def matches(self, text: str) -> list[str]:
        """The matched substrings."""
        return [m.group(0) for m in self._pattern.finditer(text)]

    def score(self, text: str, mode: str) -> float:
        """α(x): ``presence`` → 0 or 1; ``frequency`` → matches per word token, capped at 1."""
        return self.read(text, mode)[0]

    def read(self, text: str, mode: str) -> tuple[float, list[str]]:
        """α(x) and the matched substrings, with one pass over the text."""
        found = self.matches(text)
        if mode == "presence" or not found:
            return (1.0 if found else 0.0), found
        return min(1.0, len(found) / max(1, count_words(text))), found
