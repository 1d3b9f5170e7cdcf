"""Structure kind ``regex``: a regular expression, run with a time limit per generation.

Patterns are compiled with the ``regex`` package (``re``-compatible ``V0`` syntax),
whose matching takes a timeout: a pattern that backtracks catastrophically on some
generation (``(a|aa)+$`` on forty ``a`` and a ``b``) gives up after
:data:`REGEX_TIMEOUT_SECONDS` on that generation, raising :class:`RegexTimeout`;
the reader records a missing α for it and goes on, and the eval stays
interruptible (the match returns to Python within the limit).

>>> Pattern(r"\\bher (wife|girlfriend)\\b").score("She kissed her wife.", "presence")
1.0
>>> Pattern(r"\\bdragon\\b").score("dragon, knight, dragon, dragon, knight", "frequency")
0.6
>>> Pattern(r"(a|aa)+$", timeout=0.05).score("a" * 40 + "b", "presence")
Traceback (most recent call last):
homog_bench.structures.regex.RegexTimeout: regex gave up after 0.05 s on this generation
"""

from __future__ import annotations

import regex

from homog_bench.structures.matcher import Matcher, count_words

#: Time limit of one regex structure on one generation (seconds of matching).
REGEX_TIMEOUT_SECONDS = 0.25


class RegexTimeout(Exception):
    """A regex structure ran out of time on one generation (its α is missing)."""


def compile_pattern(pattern: str, ignore_case: bool = True) -> regex.Pattern[str]:
    """Compile with the engine and flags :class:`Pattern` uses (``regex.error`` if invalid)."""
    return regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignore_case else 0))


class Pattern(Matcher):
    """A compiled regular expression scored as presence or matches per word."""

    def __init__(
        self, pattern: str, ignore_case: bool = True, timeout: float = REGEX_TIMEOUT_SECONDS
    ) -> None:
        self._pattern = compile_pattern(pattern, ignore_case)
        self.timeout = timeout

    def matches(self, text: str) -> list[str]:
        """The matched substrings; :class:`RegexTimeout` past the time limit."""
        try:
            return [m.group(0) for m in self._pattern.finditer(text, timeout=self.timeout)]
        except TimeoutError:
            raise RegexTimeout(
                f"regex gave up after {self.timeout:g} s on this generation"
            ) from None

    def frequency(self, text: str, found: list[str]) -> float:
        """Matches per word token."""
        return len(found) / max(1, count_words(text))
