"""User-facing errors: one line that names the file, field or parameter, no traceback."""

from __future__ import annotations


class HomogBenchError(ValueError):
    """A user mistake: bad parameter, bad value file, bad prompt file. ``str()`` is one line."""
