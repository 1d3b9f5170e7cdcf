"""A leaderboard column (a figure, its title and direction) and how its cells print."""

from __future__ import annotations

import math
from dataclasses import dataclass

from homog_bench.figures import catalog
from homog_bench.report.summary import format_figure


@dataclass(frozen=True)
class Column:
    """One headline column: a figure key (``{attr}`` filled in per block), its direction."""

    key: str
    title: str
    #: "lower" or "higher" is better (less homogenized); None: shown for context only
    direction: catalog.Direction | None
    attr: str | None = None  # which attribute role fills ``{attr}``
    unit: str = ""  # "" (a figure), "words" (a trunk position) or "count"


def format_cell(column: Column, value: float, low: float, high: float) -> str:
    """A cell as printed: a figure with its interval, a trunk position or a count.

    >>> words = Column("g_commitment", "", None, unit="words")
    >>> format_cell(words, 31.0, 10.0, float("inf")), format_cell(words, float("nan"), 0, 0)
    ('31 [10, beyond the trunk]', 'n/a')
    >>> format_cell(Column("n_cuts", "", None, unit="count"), 4.0, float("nan"), float("nan"))
    '4'
    >>> format_cell(Column("pull", "", "lower"), 0.5, 0.25, 0.75)
    '0.500 [0.250, 0.750]'
    """
    if column.unit == "":
        return format_figure(value, low, high)
    if math.isnan(value):
        return "n/a"
    text = _position(value) if column.unit == "words" else f"{value:.0f}"
    if column.unit == "words" and not (math.isnan(low) or math.isnan(high)):
        text += f" [{_position(low)}, {_position(high)}]"
    return text


def _position(value: float) -> str:
    return "beyond the trunk" if math.isinf(value) else f"{value:.0f}"
