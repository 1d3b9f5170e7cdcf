"""Word counting shared by the lexical structure kinds."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def count_words(text: str) -> int:
    """Number of word tokens (letters/digits, with inner apostrophes).

    >>> count_words("It's a long-awaited day.")
    5
    """
    return sum(1 for _ in _WORD.finditer(text))
