"""Reading one Inspect log for the reports, with a one-line error for a bad file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homog_bench._errors import HomogBenchError

if TYPE_CHECKING:
    from inspect_ai.log import EvalLog


def first_line(error: object) -> str:
    """The first line of an error message (at most 200 characters).

    >>> first_line(ValueError("bad zip\\nTraceback ..."))
    'bad zip'
    """
    text = str(error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:200]


def read_log(path: str, header_only: bool = False) -> EvalLog:
    """The log at ``path``; an unreadable file raises :class:`HomogBenchError` in one line."""
    from inspect_ai.log import read_eval_log

    try:
        return read_eval_log(path, header_only=header_only)
    except Exception as exc:
        raise HomogBenchError(f"{path}: not a readable Inspect log ({first_line(exc)})") from None
