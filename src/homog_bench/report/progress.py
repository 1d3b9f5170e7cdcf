"""A progress bar on stderr for the report commands (only when asked for and on a terminal)."""

from __future__ import annotations

import sys
from typing import Any


class Progress:
    """A rich progress bar on stderr when asked for and stderr is a terminal."""

    def __init__(self, enabled: bool, description: str, total: int) -> None:
        self.enabled = enabled and sys.stderr.isatty() and total > 1
        self.description = description
        self.total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.description, total=self.total)
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
