"""Word counting and the scoring shared by the lexical structure kinds."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def count_words(text: str) -> int:
    """Number of word tokens (letters/digits, with inner apostrophes).

    >>> count_words("It's a long-awaited day.")
    5
    """
    return sum(1 for _ in _WORD.finditer(text))


class Matcher:
    """Scores a text from the substrings a subclass finds in it."""

    def matches(self, text: str) -> list[str]:
        """Every match, in order."""
        raise NotImplementedError

    def frequency(self, text: str, found: list[str]) -> float:
        """α in ``frequency`` mode, given the (non-empty) matches."""
        raise NotImplementedError

    def score(self, text: str, mode: str) -> float:
        """α(x): ``presence`` → 0 or 1; ``frequency`` → see :meth:`frequency`, capped at 1."""
        return self.read(text, mode)[0]

    def read(self, text: str, mode: str) -> tuple[float, list[str]]:
        """α(x) and the matches, with one pass over the text."""
        found = self.matches(text)
        if mode == "presence" or not found:
            return (1.0 if found else 0.0), found
        return min(1.0, self.frequency(text, found)), found
