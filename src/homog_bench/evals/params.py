"""Normalize ``-T`` task parameters (Inspect passes them through ``yaml.safe_load``).

>>> as_id_list("nurse,ceo"), as_id_list(["nurse"]), as_id_list(None)
(['nurse', 'ceo'], ['nurse'], None)
>>> as_int("n", 25, minimum=1)
25
"""

from __future__ import annotations

from typing import Any

from homog_bench._errors import HomogBenchError


def as_id_list(value: Any, name: str = "prompts") -> list[str] | None:
    """A comma-separated string or a list → list of ids; None/empty → None."""
    if value is None or value == "" or value == []:
        return None
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise HomogBenchError(f"-T {name}: expected ids separated by commas, got {value!r}")
    out = [str(v).strip() for v in items if str(v).strip()]
    return out or None


def as_int(name: str, value: Any, minimum: int | None = None) -> int:
    """An integer parameter, with a one-line error naming it."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            raise HomogBenchError(f"-T {name}: expected an integer, got {value!r}") from None
    if minimum is not None and value < minimum:
        raise HomogBenchError(f"-T {name}: expected an integer >= {minimum}, got {value}")
    return int(value)


def as_float(name: str, value: Any, minimum: float | None = None) -> float:
    """A number parameter, with a one-line error naming it."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise HomogBenchError(f"-T {name}: expected a number, got {value!r}") from None
    if isinstance(value, bool) or number != number:
        raise HomogBenchError(f"-T {name}: expected a number, got {value!r}")
    if minimum is not None and number < minimum:
        raise HomogBenchError(f"-T {name}: expected a number >= {minimum}, got {number}")
    return number


def reject_unknown(where: str, unknown: dict[str, Any], known: list[str]) -> None:
    """A misspelled ``-T``/``-S`` name is an error, not a silent fallback to a default.

    >>> reject_unknown("-T", {"nn": 3}, ["n", "values"])
    Traceback (most recent call last):
    homog_bench._errors.HomogBenchError: -T nn: unknown parameter; expected one of: n, values
    """
    if unknown:
        name = sorted(unknown)[0]
        raise HomogBenchError(
            f"{where} {name}: unknown parameter; expected one of: {', '.join(known)}"
        )


def as_optional_int(name: str, value: Any) -> int | None:
    """An integer or None."""
    return None if value is None or value == "" else as_int(name, value)
