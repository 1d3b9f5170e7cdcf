"""The result type shared by every scalar measure that can be undefined."""

from __future__ import annotations

import math
from typing import NamedTuple

__all__ = ["Measured", "undefined"]


class Measured(NamedTuple):
    """A scalar measure and, when it is not well defined, why.

    ``reason`` is ``None`` when ``value`` is well defined. Otherwise ``value`` is
    usually NaN and ``reason`` is a short human-readable phrase.

    >>> Measured(0.5)
    Measured(value=0.5, reason=None)
    >>> undefined("no generations")
    Measured(value=nan, reason='no generations')
    """

    value: float
    reason: str | None = None


def undefined(reason: str) -> Measured:
    """A NaN measure carrying ``reason``.

    >>> undefined("empty corpus").reason
    'empty corpus'
    """
    return Measured(math.nan, reason)
