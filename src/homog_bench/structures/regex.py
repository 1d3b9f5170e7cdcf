"""Structure kind ``regex``: a Python regular expression.

>>> Pattern(r"\\bher (wife|girlfriend)\\b").score("She kissed her wife.", "presence")
1.0
>>> Pattern(r"\\bdragon\\b").score("dragon, knight, dragon, dragon, knight", "frequency")
0.6
"""

from __future__ import annotations

import re

from homog_bench.structures.matcher import Matcher, count_words


class Pattern(Matcher):
    """A compiled regular expression scored as presence or matches per word."""

    def __init__(self, pattern: str, ignore_case: bool = True) -> None:
        self._pattern = re.compile(pattern, re.IGNORECASE if ignore_case else 0)

    def matches(self, text: str) -> list[str]:
        """The matched substrings."""
        return [m.group(0) for m in self._pattern.finditer(text)]

    def frequency(self, text: str, found: list[str]) -> float:
        """Matches per word token."""
        return len(found) / max(1, count_words(text))
