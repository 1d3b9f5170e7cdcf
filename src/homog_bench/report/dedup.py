"""One row per eval run: a log re-scored under the same value file shows its newest scoring.

``inspect score`` appends a scorer (``homogenization1``, ``homogenization2``…) or writes
a copy of the log with the same eval id; without this the leaderboard ranked one run
1st, 2nd and 3rd. Runs are keyed by (eval id, task, value file); the newest scoring
wins — the last scorer of the most recently written log (logs are read oldest first) —
and each older one is reported as skipped, saying which scoring replaced it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Scored(Protocol):
    @property
    def eval_id(self) -> str: ...
    @property
    def task(self) -> str: ...
    @property
    def values(self) -> str: ...
    @property
    def log(self) -> str: ...
    @property
    def scorer(self) -> str: ...


R = TypeVar("R", bound=_Scored)


def newest_scorings(runs: Sequence[R]) -> tuple[list[R], list[tuple[str, str]]]:
    """The runs to show (in their order) and (log, reason) for each older scoring left out.

    ``runs`` must come oldest first (logs by time, scorers in the order they were added).
    A run without an eval id is always kept.
    """
    newest: dict[tuple[str, str, str], R] = {}
    for run in runs:
        if run.eval_id:
            newest[(run.eval_id, run.task, run.values)] = run
    kept: list[R] = []
    dropped: list[tuple[str, str]] = []
    for run in runs:
        winner = newest.get((run.eval_id, run.task, run.values)) if run.eval_id else None
        if winner is None or winner is run:
            kept.append(run)
            continue
        where = "in the same log" if winner.log == run.log else f"in {winner.log}"
        dropped.append(
            (
                run.log,
                f"scorer {run.scorer}: eval {run.eval_id} was scored again under "
                f"{run.values} ({winner.scorer} {where}); the newest scoring is shown",
            )
        )
    return kept, dropped
