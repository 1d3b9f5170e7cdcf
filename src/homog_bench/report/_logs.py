"""Reading one Inspect log for the reports, with a one-line error for a bad file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homog_bench._errors import HomogBenchError

if TYPE_CHECKING:
    from inspect_ai.log import EvalLog


#: Scorers that write homog-bench figures (re-scored copies get 1, 2, … appended).
SCORER_NAMES = ("homogenization", "xeno_homogenization", "dynamics_homogenization")


def homog_scorer(name: str) -> str | None:
    """Which homog-bench scorer wrote a score block called ``name``, if any.

    >>> [homog_scorer(s) for s in ("homogenization", "homog_bench/homogenization2",
    ...                            "xeno_homogenization", "match", "homogenizationx")]
    ['homogenization', 'homogenization', 'xeno_homogenization', None, None]
    """
    rest = name.split("/")[-1]
    for base in SCORER_NAMES:
        suffix = rest[len(base) :]
        if rest.startswith(base) and (suffix == "" or suffix.isdigit()):
            return base
    return None


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
